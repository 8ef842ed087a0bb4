// Parity with cleanlab 2.9.0: every case of ../shared/fixtures/cleanlab through the public JS API
// (via scripts/cleanlab-contract.mjs's answerRequest), judged by the fixture README's rules:
// identical masks/indices, floats within 1e-9 relative (float64) or 1e-6 rel / 1e-7 abs
// (float32), either `expected` or the `stable` tie alternative, expected errors must be errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { api, fixturesDir } from './helpers/setup.js';
import { judge, tolerance } from './helpers/compare.js';
import { answerRequest } from '../../scripts/cleanlab-contract.mjs';

const caseFiles = readdirSync(fixturesDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();

test('the fixture folder holds the cases listed in index.json', () => {
  const index = JSON.parse(readFileSync(path.join(fixturesDir, 'index.json'), 'utf8'));
  const listed = (Array.isArray(index) ? index : index.cases).map((c) => `${c.case_id}.json`).sort();
  assert.ok(caseFiles.length >= 90, `found only ${caseFiles.length} case files`);
  assert.deepEqual(caseFiles, listed);
});

const totals = { calls: 0, pass: 0, passAlt: 0, errorsExpected: 0 };
for (const file of caseFiles) {
  test(`cleanlab parity: ${file}`, async () => {
    await api();
    const c = JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8'));
    const request = {
      labels: c.inputs.labels,
      pred_probs: c.inputs.pred_probs,
      pred_probs_dtype: c.inputs.pred_probs_dtype,
      calls: c.calls.map(({ id, call, args }) => ({ id, call, args })),
    };
    const { results } = answerRequest(request);
    assert.equal(results.length, c.calls.length);
    const tol = tolerance(c.inputs.pred_probs_dtype);
    const failures = [];
    c.calls.forEach((rec, i) => {
      assert.equal(results[i].id, rec.id);
      const { status, detail } = judge(rec, results[i], tol);
      totals.calls++;
      if (!rec.expected.ok) totals.errorsExpected++;
      if (status === 'pass') totals.pass++;
      else if (status === 'pass_alt') totals.passAlt++;
      else failures.push(`${rec.id}: ${detail}`);
    });
    assert.deepEqual(failures, []);
  });
}

test('parity totals: every call of every case was judged', () => {
  assert.ok(totals.calls > 5000, `only ${totals.calls} calls`);
  assert.equal(totals.pass + totals.passAlt, totals.calls);
  assert.ok(totals.errorsExpected > 100, 'the invalid-input cases were included');
});

test('the judge rejects wrong answers (so the parity tests can fail)', async () => {
  await api();
  const c = JSON.parse(readFileSync(path.join(fixturesDir, caseFiles[0]), 'utf8'));
  const tol = tolerance(c.inputs.pred_probs_dtype);
  const fli = c.calls.find((r) => r.call === 'find_label_issues' && r.expected.ok && r.expected.result.length > 0);
  const scores = c.calls.find((r) => r.call === 'get_label_quality_scores' && r.expected.ok);
  const err = { ok: false, error: { type: 'X', message: 'x' } };
  assert.equal(judge(fli, { ok: true, result: fli.expected.result.slice(1) }, tol).status, 'fail');
  assert.equal(judge(fli, err, tol).status, 'fail');
  const off = scores.expected.result.map((v, i) => (i === 0 ? v + 1e-6 + Math.abs(v) * 1e-6 : v));
  assert.equal(judge(scores, { ok: true, result: off }, tol).status, 'fail');
  assert.equal(judge(scores, { ok: true, result: scores.expected.result }, tol).status, 'pass');
});
