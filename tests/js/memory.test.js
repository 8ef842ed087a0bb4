// Memory: repeated calls neither leak nor grow the WebAssembly heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './helpers/setup.js';

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
