// labelcheck/worker: the same functions returning Promises, run in a worker thread
// (worker_threads in Node; the browser's module Worker is exercised by the page tests).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as lc from 'labelcheck';
import * as worker from 'labelcheck/worker';
import { api, flavour } from './helpers/setup.js';

const labels = Int32Array.from({ length: 300 }, (_, i) => i % 3);
const probs = new Float32Array(300 * 3).map((_, j) => ((j * 7919) % 101) / 101 + (j % 3 === Math.floor(j / 3) % 3 ? 1 : 0));
for (let i = 0; i < 300; i++) {
  const s = probs[i * 3] + probs[i * 3 + 1] + probs[i * 3 + 2];
  for (let k = 0; k < 3; k++) probs[i * 3 + k] /= s;
}
const pp = { data: probs, rows: 300, cols: 3 };

after(() => worker.terminate());

test('before init: NOT_INITIALIZED (a rejected promise)', async () => {
  await assert.rejects(worker.findLabelIssues(labels, pp), { name: 'LabelcheckError', code: 'NOT_INITIALIZED' });
});

test('the worker gives the same results as the synchronous API', async () => {
  await Promise.all([worker.init({ debug: flavour === 'debug' }), api()]);
  assert.equal((await worker.moduleInfo()).flavour, flavour);
  for (const fn of ['findLabelIssues', 'getLabelQualityScores', 'computeConfidentJoint', 'healthSummary', 'numLabelIssues']) {
    assert.deepEqual(await worker[fn](labels, pp, {}), lc[fn](labels, pp, {}), fn);
  }
  const ranked = await worker.findLabelIssues(labels, pp, { filterBy: 'both', returnIndicesRankedBy: 'normalized_margin' });
  assert.ok(ranked.indices instanceof Int32Array && ranked.isLabelIssue instanceof Uint8Array);
  assert.deepEqual(ranked, lc.findLabelIssues(labels, pp, { filterBy: 'both', returnIndicesRankedBy: 'normalized_margin' }));
});

test('errors reject with LabelcheckError (code, row) and the worker keeps working', async () => {
  await worker.init();
  await assert.rejects(worker.findLabelIssues([0, 1, 1.5], [[1, 0], [0, 1], [0, 1]]),
    (e) => e instanceof lc.LabelcheckError && e.code === 'LABEL_NOT_INTEGER' && e.row === 2);
  await assert.rejects(worker.findLabelIssues(labels, pp, { filterBy: 'x' }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(worker.findLabelIssues(labels, () => 1), { code: 'INVALID_ARGUMENT' }); // not cloneable
  // checkLabels' own options, refused before anything is sent (nothing is left running).
  const csv = 'x,label\n1,a\n2,b\n';
  await assert.rejects(worker.checkLabels(csv, { signal: {} }), { code: 'INVALID_ARGUMENT', message: /option 'signal' must be an AbortSignal/ });
  await assert.rejects(worker.checkLabels(csv, 'oops'), { code: 'INVALID_ARGUMENT', message: /options must be an object/ });
  await assert.rejects(worker.checkLabels(csv, 5), { code: 'INVALID_ARGUMENT', message: /options must be an object/ });
  const calls = Array.from({ length: 20 }, () => worker.findLabelIssues(labels, pp));
  const results = await Promise.all(calls);
  for (const r of results) assert.deepEqual(r, results[0]);
});

test('the browser entry (worker.js) refuses debug: true before starting a worker; a failed start can be tried again', async () => {
  // In Node there is no Web Worker: worker.js gets as far as starting one, which fails.
  const browserWorker = await import('../../js/worker.js');
  await assert.rejects(browserWorker.init({ debug: true }), { code: 'INVALID_ARGUMENT', message: /'labelcheck\/debug'/ });
  await assert.rejects(browserWorker.init(), { code: 'LOAD_FAILED', message: /the worker could not start/ });
  await assert.rejects(browserWorker.init(), { code: 'LOAD_FAILED' });
  await assert.rejects(browserWorker.findLabelIssues(labels, pp), { code: 'NOT_INITIALIZED' });
});
