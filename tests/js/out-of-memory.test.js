// Out of memory: a call that needs more WebAssembly memory than the module may have throws
// LabelcheckError OUT_OF_MEMORY, and the module keeps working without another init().
// The cap is init({maxMemory}) (the smallest allowed, 16 MiB), so the inputs stay small.
// This file runs in its own process: init() here does not affect the other test files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as lc from 'labelcheck';
import * as worker from 'labelcheck/worker';
import { flavour } from './helpers/setup.js';

const CAP = 16 * 2 ** 20;
const debug = flavour === 'debug';

// A numeric CSV of about `mb` megabytes: 8 features, 3 classes, deterministic.
function numericCsv(mb) {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648).toFixed(12);
  const lines = ['a,b,c,d,e,f,g,h,label'];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const line = `${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},c${i % 3}`;
    bytes += line.length + 1;
    lines.push(line);
  }
  return lines.join('\n');
}

// A probabilities problem of n rows and 3 classes.
function problem(n) {
  const labels = new Int32Array(n);
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    data[i * 3 + (i % 3)] = 0.5;
    data[i * 3 + ((i + 1) % 3)] = 0.3;
    data[i * 3 + ((i + 2) % 3)] = 0.2;
  }
  labels[1] = 0; // one row whose given label the model disagrees with
  return { labels, predProbs: { data, rows: n, cols: 3 } };
}

const small = () => {
  const { labels, predProbs } = problem(30);
  return {
    issues: lc.findLabelIssues(labels, predProbs, { filterBy: 'both' }),
    scores: lc.getLabelQualityScores(labels, predProbs),
    checked: lc.checkLabels(numericCsv(0.01), { label: 'label', model: 'logistic' }).issues,
  };
};

function assertOutOfMemory(call) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof lc.LabelcheckError, `a LabelcheckError, got ${e}`);
    assert.equal(e.code, 'OUT_OF_MEMORY', e.message);
    return true;
  });
}

test('init rejects a maxMemory outside 16 MiB .. 4 GiB', async () => {
  for (const bad of [0, 1e6, 2 ** 32, 1.5e7 + 0.5, '64MB'])
    await assert.rejects(lc.init({ maxMemory: bad }), { code: 'INVALID_ARGUMENT', message: /maxMemory/ });
});

test('out of memory inside the core: a LabelcheckError, then the module works without init()', async () => {
  await lc.init({ debug, maxMemory: CAP });
  assert.equal(lc.moduleInfo().maxMemory, CAP);
  const before = small();

  // 10 MB of CSV text fits when copied in, but its columns, design matrix and models do not fit
  // in the 6 MiB left: an allocation deep inside the pipeline fails, which aborts the instance
  // (the core is built without C++ exceptions). The call must replace the instance.
  const csv = numericCsv(10);
  assertOutOfMemory(() => lc.checkLabels(csv, { label: 'label' }));
  assert.equal(lc.moduleInfo().restarts, 1, 'the instance was replaced');
  assert.ok(lc.moduleInfo().heapBytes < CAP / 2, 'the new instance starts with a fresh, small memory');
  assert.deepEqual(small(), before);

  // Checked before anything is allocated (no abort, the same error): inputs that cannot be
  // copied in, and Confident Learning calls whose working memory cannot be reserved.
  const bigger = problem(1_000_000);
  assertOutOfMemory(() => lc.getLabelQualityScores(bigger.labels, bigger.predProbs));
  const big = problem(400_000);
  assertOutOfMemory(() => lc.findLabelIssues(big.labels, big.predProbs, { filterBy: 'both' }));
  assert.equal(lc.moduleInfo().restarts, 1);
  assert.deepEqual(small(), before);

  // Again and again: every failure leaves a working module, and nothing stays allocated.
  for (let i = 0; i < 3; i++) assertOutOfMemory(() => lc.checkLabels(csv, { label: 'label' }));
  assert.equal(lc.moduleInfo().restarts, 4);
  // Larger than the whole memory (it is streamed in, so where it fails depends on the parser).
  assertOutOfMemory(() => lc.checkLabels(numericCsv(24), { label: 'label' }));
  assert.deepEqual(small(), before);
  const used = lc.moduleInfo().heapUsedBytes;
  small();
  assert.equal(lc.moduleInfo().heapUsedBytes, used, 'calls free what they allocate');
});

test('labelcheck/worker: out of memory in the worker, then the same worker answers', { timeout: 120_000 }, async (t) => {
  t.after(() => worker.terminate());
  await worker.init({ debug, maxMemory: CAP });
  await assert.rejects(worker.checkLabels(numericCsv(10), { label: 'label' }), { name: 'LabelcheckError', code: 'OUT_OF_MEMORY' });
  const { labels, predProbs } = problem(30);
  const r = await worker.findLabelIssues(labels, predProbs, { filterBy: 'both' });
  assert.deepEqual([...r.indices], [...lc.findLabelIssues(labels, predProbs, { filterBy: 'both' }).indices]);
  assert.equal((await worker.moduleInfo()).restarts, 1);
});
