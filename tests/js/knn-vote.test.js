// Auto's kNN beyond the exact neighbour search: the vote of the data audit's graph, planned the
// same by the helper threads (from the run's refit option), and the same with the audit off (the
// graph is then built for the vote alone). Release build only (tests/js/flavours.test.js says why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLabelsOnThreads } from '../../js/parallel-node.js';
import { api } from './helpers/setup.js';
import { sameResult } from './helpers/same-result.js';

// A table past the exact neighbour search (rows^2 x features > 5e10): 52,000 x 20, each of 3
// classes a mixture of 3 blobs (no linear boundary), 5% of the labels changed. Deterministic.
function mixtureCsv(rows = 52_000, cols = 20) {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: 9 }, () => Array.from({ length: cols }, () => 2 * gauss()));
  const lines = ['label,' + Array.from({ length: cols }, (_, j) => `x${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const given = rand() < 0.05 ? (c + 1) % 3 : c;
    lines.push(`k${given},` + centres[c * 3 + (i % 7) % 3].map((m) => (m + gauss()).toFixed(3)).join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

test("beyond the exact search kNN is the audit graph's vote: the same bits on 1 and 2 threads, with the audit off too",
  { timeout: 300_000 }, async () => {
  const lc = await api();
  const bytes = mixtureCsv();
  // A budget that admits the vote (and the audit's graph) but not the trees, which would take the weight.
  const options = { label: 'label', budgetSeconds: 2 };
  const one = lc.checkLabels(bytes, options);
  assert.equal(one.summary.model, 'logistic+knn');
  const knn = one.summary.models.find((m) => m.name === 'knn');
  assert.ok(knn.weight > 0.3, `the vote carries weight on interleaved classes (${knn.weight})`);
  assert.equal(one.audit.graph.exact, false, "the audit's graph is approximate at this size");
  assert.equal(one.summary.modelsSkipped.some((m) => m.startsWith('knn')), false);
  sameResult(one, await checkLabelsOnThreads(bytes, { ...options, threads: 2 }), 'vote, threads 2');
  // Without the audit: the same models, weights and issues, no audit, and the graph's progress
  // as the cross-validation's (no stage 'audit'), on 2 threads and on 1.
  for (const threads of [2, 1]) {
    const stages = new Set();
    const details = new Set();
    const cv = [];
    const off = await checkLabelsOnThreads(bytes, {
      ...options, threads, audit: false,
      onProgress: (p) => { stages.add(p.stage); details.add(p.detail); if (p.stage === 'crossValidation') cv.push(p); },
    });
    assert.equal(off.audit, null);
    assert.ok(!stages.has('audit'), [...stages].join(', '));
    assert.ok(details.has('neighbour graph'), [...details].join(', '));
    // The graph is one unit of the stage: one total throughout, never going back, ending at it.
    for (let t = 1; t < cv.length; t++) {
      assert.equal(cv[t].total, cv[0].total, `threads ${threads}`);
      assert.ok(cv[t].done >= cv[t - 1].done && cv[t].workDone >= cv[t - 1].workDone, `threads ${threads}`);
    }
    assert.equal(cv.at(-1).done, cv.at(-1).total, `threads ${threads}`);
    assert.deepEqual(off.summary.models, one.summary.models, `threads ${threads}`);
    assert.deepEqual(off.summary.modelsSkipped, one.summary.modelsSkipped);
    assert.deepEqual(off.issues, one.issues, `threads ${threads}: the label issues do not depend on the audit`);
  }
  // With refit there is no graph to read: kNN is left out, and said why.
  const refit = lc.checkLabels(bytes, { ...options, refit: true, audit: false });
  assert.equal(refit.summary.models.some((m) => m.name === 'knn'), false);
  assert.ok(refit.summary.modelsSkipped.some((m) => /^knn: .*audit's graph/.test(m)), refit.summary.modelsSkipped.join('; '));
});

