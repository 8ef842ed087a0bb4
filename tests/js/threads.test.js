// Cross-validation on several threads (js/parallel-node.js, helper worker_threads with their own
// WebAssembly instances): the same bits as one thread for any thread count, through the worker
// entry and the CLI too; options checked; cancelling stops the helpers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as worker from 'labelcheck/worker';
import { checkLabelsOnThreads } from '../../js/parallel-node.js';
import { startCheckLabels, startCvSession } from '../../js/pipeline.js';
import { api, root, flavour } from './helpers/setup.js';
import { sameResult } from './helpers/same-result.js';

const datasets = path.resolve(root, '../shared/datasets');
const read = (name) => readFileSync(path.join(datasets, name));
// The first n lines of a file (its header and n - 1 records when no field spans lines).
function headLines(bytes, n) {
  let end = 0;
  for (let i = 0; i < n && end < bytes.length; i++) end = bytes.indexOf(10, end) + 1 || bytes.length;
  return bytes.subarray(0, end);
}
after(() => worker.terminate());


test('threads 1, 2 and 3 give bit-identical results (numeric, mixed, text)', { timeout: 600_000 }, async () => {
  const lc = await api();
  // The debug build (-O1, SAFE_HEAP) runs this file too (tests/js/flavours.test.js), where the
  // release cases took over 5 minutes: there, smaller files of the same kinds.
  const cases = flavour === 'release' ? [
    ['digits.uniform10.csv', { label: 'digit' }],                      // dense: logistic, knn, gbdt
    ['penguins.asym20.csv', { label: 'species', model: 'gbdt' }],       // categorical + missing values
    ['hpc.uniform30.csv', { label: 'class', model: 'knn', repeats: 2 }],
    ['fine_foods.uniform10.csv', { label: 'rating' }],                 // sparse text: no trees
  ] : [
    ['iris.uniform10.csv', { label: 'species' }],                      // dense: logistic, knn, gbdt
    ['penguins.asym20.csv', { label: 'species', model: 'gbdt' }],       // categorical + missing values
    ['breast_cancer.uniform30.csv', { label: 'diagnosis', model: 'knn', repeats: 2 }],
  ];
  for (const [file, options] of cases) {
    const bytes = read(file);
    const one = lc.checkLabels(bytes, options);
    for (const threads of [1, 2, 3]) {
      const many = await checkLabelsOnThreads(bytes, { ...options, threads });
      sameResult(one, many, `${file} threads ${threads}`);
    }
  }
});

test('labelcheck/worker: checkLabels on every core by default, the same result as the synchronous API', { timeout: 300_000 }, async () => {
  const lc = await api();
  await worker.init({ debug: flavour === 'debug' });
  const [file, label] = flavour === 'release' ? ['letter.uniform10.csv', 'lettr'] : ['breast_cancer.uniform10.csv', 'diagnosis'];
  const bytes = read(file);
  const options = { label, repeats: 1 };
  const stages = [];
  const w = await worker.checkLabels(bytes, { ...options, onProgress: (p) => stages.push(p) });
  sameResult(lc.checkLabels(bytes, options), w, 'worker');
  const cv = stages.filter((p) => p.stage === 'crossValidation');
  assert.ok(cv.length > 2 && cv.at(-1).done === cv.at(-1).total);
  for (let k = 1; k < cv.length; k++) assert.ok(cv[k].workDone >= cv[k - 1].workDone, 'work only grows');
  assert.ok(Math.abs(cv.at(-1).workDone - cv.at(-1).workTotal) < 1e-9 * cv.at(-1).workTotal);
  const two = await worker.checkLabels(bytes, { ...options, threads: 2 });
  sameResult(w, two, 'worker threads 2');
});

test("the audit's graph built in a cross-validation session and handed over gives the same result", async () => {
  const lc = await api();
  // Dense, dense with missing cells (the session centres them as the run's audit does:
  // missing_centre.hpp), and sparse text: the first 500 reviews of fine_foods (one line each)
  // are enough for the sparse graph (the whole file with logistic regression took 100 s on the
  // debug build). On the debug build breast_cancer takes kNN alone: its default blend trains
  // trees, 8 s a check there (32 of the file's 42 s), and trees never read the graph.
  const dense = flavour === 'release' ? { label: 'diagnosis' } : { label: 'diagnosis', model: 'knn' };
  for (const [file, options, rows] of [['breast_cancer.uniform10.csv', dense], ['penguins.asym20.csv', { label: 'species' }],
    ['fine_foods.uniform10.csv', { label: 'rating', model: 'knn' }, 500]]) {
    const bytes = rows ? headLines(read(file), rows + 1) : read(file);
    const whole = lc.checkLabels(bytes, options);
    const run = startCheckLabels(bytes, options);
    let session = null;
    try {
      assert.ok(run.auditGraph !== null && run.auditGraph.cost >= 0, `${file}: the run builds an audit graph`);
      const features = run.features();
      session = startCvSession(features, options);
      const { ok, ...graph } = session.auditGraph();
      assert.equal(graph.indices.length, features.rows * graph.info.k);
      // A graph of the wrong shape is refused.
      assert.throws(() => run.setAuditGraph({ ...graph, indices: graph.indices.subarray(1), distances: graph.distances.subarray(1) }),
        { code: 'SHAPE_MISMATCH' });
      run.setAuditGraph(graph);
      for (let u = 0; u < run.plan.units.length; u++) run.runUnit(u);
      sameResult(whole, run.complete(), `${file}: graph handed over`);
      // The order-effects check run beside it too (cv-thread-calls.js), handed over after the
      // other checks ran here; one that does not fit the graph is refused.
      const { ok: _, ...g2 } = session.auditGraph();
      const { ok: __, ...order } = session.auditNonIid();
      assert.throws(() => session.auditNonIid(), /auditGraph\(\) first/, 'the session lets its graph go');
      for (const fits of [true, false]) {
        const apart = startCheckLabels(bytes, options);
        try {
          apart.setAuditGraph(g2);
          for (let u = 0; u < apart.plan.units.length; u++) apart.runUnit(u);
          apart.auditAllButNonIid();
          apart.setAuditNonIid(fits ? order : { ...order, score: order.score.subarray(1) });
          if (fits) sameResult(whole, apart.complete(), `${file}: order effects handed over`);
          else assert.throws(() => apart.complete(), { code: 'INVALID_ARGUMENT', message: /order-effects/ });
        } finally {
          apart.dispose();
        }
      }
    } finally {
      session?.dispose();
      run.dispose();
    }
  }
  // No graph when the audit is off.
  const off = startCheckLabels(read('iris.uniform10.csv'), { audit: false });
  assert.equal(off.auditGraph, null);
  off.dispose();
});

// The CLI always loads the release build (js/cli.js): on the debug build this test would run the
// same release processes again, so it runs on the release build only.
if (flavour === 'release') test('the CLI: --threads changes nothing but the time; bad values are usage errors', { timeout: 300_000 }, () => {
  const cli = path.join(root, 'js/cli.js');
  const file = path.join(datasets, 'breast_cancer.uniform10.csv');
  const run = (...args) => spawnSync(process.execPath, [cli, file, '--label', 'diagnosis', '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const a = run('--threads', '1');
  const b = run('--threads', '3');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  const ja = JSON.parse(a.stdout);
  const jb = JSON.parse(b.stdout);
  assert.deepEqual(ja.examples.predProbs, jb.examples.predProbs);
  assert.deepEqual(ja.issues, jb.issues);
  const bad = spawnSync(process.execPath, [cli, file, '--threads', '0'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--threads must be an integer >= 1/);
  const budget = spawnSync(process.execPath, [cli, file, '--budget', 'soon'], { encoding: 'utf8' });
  assert.equal(budget.status, 2);
});

test('threads: checked; the synchronous checkLabels runs on one; cancelling stops every thread', { timeout: 300_000 }, async () => {
  const lc = await api();
  const bytes = read('spambase.uniform10.csv');
  await assert.rejects(checkLabelsOnThreads(bytes, { threads: 0 }), { code: 'INVALID_ARGUMENT', message: /threads/ });
  await assert.rejects(checkLabelsOnThreads(bytes, { threads: 1.5 }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.checkLabels(bytes, { threads: 2 }), { code: 'INVALID_ARGUMENT', message: /labelcheck\/worker/ });
  assert.equal(lc.checkLabels(read('iris.uniform10.csv'), { threads: 1 }).rowCount, 150);

  let seen = 0;
  await assert.rejects(checkLabelsOnThreads(bytes, {
    label: 'type', threads: 2, onProgress: (p) => (p.stage === 'crossValidation' ? ++seen < 3 : true),
  }), { code: 'CANCELLED' });
  assert.equal(seen, 3);
  assert.ok(lc.moduleInfo().heapUsedBytes < 65536, 'nothing left allocated after the cancelled run');
  // Usable afterwards, same result as before.
  const again = await checkLabelsOnThreads(read('iris.uniform10.csv'), { threads: 2 });
  sameResult(lc.checkLabels(read('iris.uniform10.csv')), again, 'after cancelling');
});
