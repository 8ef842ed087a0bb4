// The page worker's warm-up (web/warm-up.js): its generated table is a real check for every model
// and the audit, it stops when asked, a failing check ends it quietly, and a check run after it
// gives the same result, to the bit, as in an instance that never warmed up (it only saves time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './helpers/setup.js';
import { WARM_UP_CHECKS, WARM_UP_ROWS, warmUp, warmUpCsv } from '../../web/warm-up.js';

const lc = await api();

test('the warm-up table is seeded and exercises every model of auto and the audit', () => {
  const a = warmUpCsv(WARM_UP_ROWS, 1);
  assert.deepEqual(a, warmUpCsv(WARM_UP_ROWS, 1));
  assert.notDeepEqual(a, warmUpCsv(WARM_UP_ROWS, 2));
  const r = lc.checkLabels(a, { label: 'label' });
  assert.equal(r.examples.labels.length, WARM_UP_ROWS);
  assert.deepEqual(r.classNames, ['class0', 'class1', 'class2', 'class3']);
  assert.deepEqual(r.summary.modelsSkipped, []);
  for (const m of ['logistic', 'knn', 'gbdt']) assert.ok(r.summary.models.some((x) => x.name === m), `${m} ran`);
  assert.ok(r.audit, 'the audit ran');
  const kinds = Object.fromEntries(r.columns.map((c) => [c.name, c.kind]));
  assert.equal(kinds.kind, 'categorical');
  assert.equal(kinds.f, 'numeric');
  assert.ok(r.audit.missingByColumn.find((c) => c.name === 'f').missing > 0, 'a column with missing cells');
});

test('warmUp runs its checks, stops when asked, and ends quietly on a failure', async () => {
  const calls = [];
  const record = (bytes, options) => calls.push({ bytes, options });
  assert.equal(await warmUp(record, () => false), WARM_UP_CHECKS);
  assert.equal(calls.length, WARM_UP_CHECKS);
  assert.deepEqual(calls[0].options, { label: 'label' });
  assert.deepEqual(calls[2].bytes, warmUpCsv(WARM_UP_ROWS, 3));

  calls.length = 0;
  assert.equal(await warmUp(record, () => calls.length >= 2), 2);
  assert.equal(calls.length, 2);
  assert.equal(await warmUp(record, () => true), 0);

  let n = 0;
  const failing = () => { n++; throw new Error('out of memory'); };
  assert.equal(await warmUp(failing, () => false), 0);
  assert.equal(n, 1);
});

test('a check after the warm-up gives the same result as one without it', async () => {
  const bytes = warmUpCsv(300, 99);
  const before = lc.checkLabels(bytes, { label: 'label' });
  assert.equal(await warmUp(lc.checkLabels, () => false, { checks: 2 }), 2);
  const after = lc.checkLabels(bytes, { label: 'label' });
  assert.deepEqual(after.examples.predProbs, before.examples.predProbs);
  assert.deepEqual(after.issues, before.issues);
  assert.deepEqual(after.audit, before.audit);
});
