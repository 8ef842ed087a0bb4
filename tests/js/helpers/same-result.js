// Two checkLabels results are the same run's: model and weights, probabilities bit for bit,
// the ranked issues with their neighbours, and the audit (whichever thread built its graph).
import assert from 'node:assert/strict';

export function sameResult(a, b, what) {
  assert.equal(a.summary.model, b.summary.model, `${what}: model`);
  assert.deepEqual(a.summary.models, b.summary.models, `${what}: models and weights`);
  assert.ok(Buffer.from(a.examples.predProbs.data.buffer).equals(Buffer.from(b.examples.predProbs.data.buffer)),
    `${what}: predProbs bit for bit`);
  assert.deepEqual(a.issues.map((i) => [i.row, i.suggestedLabel, i.labelQuality, i.neighbors.map((n) => n.row)]),
    b.issues.map((i) => [i.row, i.suggestedLabel, i.labelQuality, i.neighbors.map((n) => n.row)]), `${what}: issues`);
  assert.deepEqual(a.audit, b.audit, `${what}: audit`);
}
