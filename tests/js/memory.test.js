// Memory: repeated calls neither leak nor grow the WebAssembly heap, and checkLabels peaks under 4x the CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { api, flavour, root } from './helpers/setup.js';

function problem(n, k, seed) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const labels = new Int32Array(n);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const y = i % k;
    labels[i] = rnd() < 0.15 ? (y + 1) % k : y;
    let total = 0;
    for (let j = 0; j < k; j++) total += data[i * k + j] = rnd() + (j === y ? 2 : 0);
    for (let j = 0; j < k; j++) data[i * k + j] /= total;
  }
  return { labels, predProbs: { data, rows: n, cols: k } };
}

test('heap size and allocated bytes are flat over 1,000 findLabelIssues calls', async () => {
  const lc = await api();
  const { labels, predProbs } = problem(5000, 10, 7);
  const options = [{}, { filterBy: 'both', returnIndicesRankedBy: 'self_confidence' }, { filterBy: 'low_normalized_margin' }];
  for (let i = 0; i < 10; i++) lc.findLabelIssues(labels, predProbs, options[i % 3]); // warm up: the heap reaches its size
  const before = lc.moduleInfo();
  let flagged = 0;
  for (let i = 0; i < 1000; i++) flagged += lc.findLabelIssues(labels, predProbs, options[i % 3]).count;
  const afterCalls = lc.moduleInfo();
  assert.ok(flagged > 0);
  assert.equal(afterCalls.heapBytes, before.heapBytes, 'the WASM heap did not grow');
  assert.equal(afterCalls.heapUsedBytes, before.heapUsedBytes, 'nothing stayed allocated');
  assert.ok(afterCalls.heapUsedBytes < 64 * 1024, `${afterCalls.heapUsedBytes} bytes allocated between calls`);
});

test('every function frees what it allocated', async () => {
  const lc = await api();
  const { labels, predProbs } = problem(2000, 4, 11);
  const base = lc.moduleInfo().heapUsedBytes;
  const mask = lc.findLabelIssues(labels, predProbs).isLabelIssue;
  const cj = lc.computeConfidentJoint(labels, predProbs).confidentJoint;
  for (let i = 0; i < 50; i++) {
    lc.getLabelQualityScores(labels, predProbs, { method: 'confidence_weighted_entropy' });
    lc.orderLabelIssues(mask, labels, predProbs);
    lc.computeConfidentJoint(labels, predProbs);
    lc.getConfidentThresholds(labels, predProbs);
    lc.estimateJoint(labels, predProbs);
    lc.estimateLatent(cj, labels);
    lc.estimatePyAndNoiseMatricesFromProbabilities(labels, predProbs);
    lc.numLabelIssues(labels, predProbs);
    lc.healthSummary(labels, predProbs);
    lc.rankClassesByLabelQuality(labels, Array.from(labels, (_, i) => predProbs.data.subarray(i * 4, i * 4 + 4)));
    lc.findOverlappingClasses(labels, predProbs);
    lc.overallLabelHealthScore(labels, predProbs);
  }
  assert.equal(lc.moduleInfo().heapUsedBytes, base);
});

test('heap after a 1e6 x 10 float32 findLabelIssues stays within input size + 50%', async () => {
  const lc = await api();
  const n = 1_000_000;
  const k = 10;
  const labels = new Int32Array(n);
  const data = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    data.fill(0.05, i * k, i * k + k);
    data[i * k + ((i * 7) % 13 < 11 ? i % k : (i + 1) % k)] = 0.55;
  }
  const r = lc.findLabelIssues(labels, { data, rows: n, cols: k });
  assert.ok(r.count > 0);
  const input = labels.byteLength + data.byteLength;
  const heap = lc.moduleInfo().heapBytes;
  assert.ok(heap <= input * 1.5, `heap ${heap} bytes for ${input} bytes of input (${(heap / input).toFixed(2)}x)`);
});

// issue #4: "peak under 4x the CSV's size for numeric data". The heap only grows, so its size
// after the call is the peak; a fresh module in a child process, so it reflects this call only.
// On the debug build (tests/js/flavours.test.js) the data audit is off: its exact neighbour search
// over 40,000 rows (N^2 D / 2 = 1.6e10 steps, scalar and SAFE_HEAP-checked there) took 321 of
// the 331 s of this test, while the peak is the same allocations on both builds (3.80x the CSV
// on release, 3.81x on debug, measured with the audit). So the release run checks the peak with
// the audit, and the debug run checks the rest of the pipeline at this size (3.17x there); the
// audit runs on the debug build on smaller files (audit.test.js, corpus.test.js, pipeline.test.js).
test('checkLabels on a 40,000-row numeric CSV: the WASM heap peaks under 4x the CSV', () => {
  const script = `
    const lc = await import(${JSON.stringify(pathToFileURL(path.join(root, 'js/node.js')).href)});
    await lc.init({ debug: ${flavour === 'debug'} });
    let s = 12345;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cols = 20, classes = 5;
    const lines = ['label,' + Array.from({ length: cols }, (_, j) => 'x' + j).join(',')];
    for (let i = 0; i < 40000; i++) {
      const c = i % classes;
      const x = Array.from({ length: cols }, (_, j) => ((j % classes === c ? 1.5 : 0) + rnd() * 2 - 1).toFixed(4));
      lines.push('c' + (rnd() < 0.1 ? (c + 1) % classes : c) + ',' + x.join(','));
    }
    const bytes = new TextEncoder().encode(lines.join('\\n') + '\\n');
    const r = lc.checkLabels(bytes, { label: 'label', model: 'logistic', audit: ${flavour === 'release'} });
    console.log(JSON.stringify({ csvBytes: bytes.length, heapBytes: lc.moduleInfo().heapBytes, rows: r.rowCount, flagged: r.issues.length, audited: r.audit !== null }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  // The last line: the debug flavour also logs heap resizes to stdout.
  const { csvBytes, heapBytes, rows, flagged, audited } = JSON.parse(child.stdout.trim().split('\n').at(-1));
  assert.equal(rows, 40000);
  assert.ok(flagged > 0);
  assert.equal(audited, flavour === 'release', 'the audit ran (release) or was off (debug)');
  const ratio = heapBytes / csvBytes;
  assert.ok(ratio < 4, `heap ${heapBytes} bytes for a ${csvBytes}-byte CSV (${ratio.toFixed(2)}x)`);
});
