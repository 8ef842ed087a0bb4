// API behaviour: initialisation, argument forms, defaults, return shapes, float32 vs float64,
// ownership of results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as lc from 'labelcheck';
import { api, flavour, root } from './helpers/setup.js';

// A small 3-class problem with two obvious label issues (rows 3 and 9).
const labels = [0, 0, 1, 1, 0, 1, 2, 2, 2, 0, 1, 2];
const rows = [
  [0.9, 0.05, 0.05], [0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.85, 0.05],
  [0.1, 0.1, 0.8], [0.3, 0.1, 0.6], [0.1, 0.2, 0.7], [0.05, 0.05, 0.9], [0.2, 0.7, 0.1], [0.15, 0.15, 0.7],
];
const N = rows.length;
const K = 3;
const flat64 = Float64Array.from(rows.flat());
const matrix64 = { data: flat64, rows: N, cols: K };

test('calling before init() throws NOT_INITIALIZED (and init is idempotent)', async () => {
  assert.equal(lc.moduleInfo(), null);
  assert.throws(() => lc.findLabelIssues(labels, rows), (e) => {
    assert.ok(e instanceof lc.LabelcheckError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'LabelcheckError');
    assert.equal(e.code, 'NOT_INITIALIZED');
    assert.match(e.message, /^findLabelIssues: call and await init\(\)/);
    return true;
  });
  const a = lc.init({ debug: flavour === 'debug' });
  const b = lc.init();
  assert.equal(a, b, 'the second init() returns the first promise');
  await a;
  assert.equal(await lc.init(), undefined);
  assert.equal(lc.moduleInfo().flavour, flavour);
});

test('version matches package.json and the WebAssembly module', async () => {
  await api();
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(lc.version, pkg.version);
  assert.equal(lc.moduleInfo().version, pkg.version);
});

test('init() rejects unknown options with INVALID_ARGUMENT', async () => {
  await api();
  await assert.rejects(lc.init({ wasmbinary: new Uint8Array(1) }), { name: 'LabelcheckError', code: 'INVALID_ARGUMENT',
    message: "init: unknown option 'wasmbinary'; known options: locateFile, wasmBinary, wasmModule, debug, maxMemory" });
  await assert.rejects(lc.init(42), { code: 'INVALID_ARGUMENT' });
  lc.findLabelIssues(labels, rows); // still loaded
});

test('the browser entry (index.js) loads the release build only: debug: true points to labelcheck/debug', () => {
  // A fresh process: init() is idempotent, and this one has loaded the module already.
  const script = `import('./js/index.js').then((m) => m.init({ debug: true })).catch((e) => console.log(e.code, e.message))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^INVALID_ARGUMENT init: the debug build is not part of 'labelcheck' in browsers and bundlers; import \{ init \} from 'labelcheck\/debug'/);
});

test('labels: Int32Array, plain array, other typed arrays give the same result', async () => {
  await api();
  const expected = lc.findLabelIssues(Int32Array.from(labels), matrix64);
  for (const form of [labels, Float64Array.from(labels), Uint8Array.from(labels), Int16Array.from(labels), labels.map(BigInt)]) {
    assert.deepEqual(lc.findLabelIssues(form, matrix64), expected);
  }
});

test('predProbs: {data,rows,cols}, flat typed array (numClasses or inferred), array of rows, plain data', async () => {
  await api();
  const expected = lc.getLabelQualityScores(labels, matrix64);
  assert.equal(expected.length, N);
  const forms = [
    rows,
    flat64,
    [flat64, { numClasses: K }],
    { data: rows.flat(), rows: N, cols: K },
    rows.map((r) => Float64Array.from(r)),
  ];
  for (const f of forms) {
    const [pp, options] = Array.isArray(f) && f.length === 2 && f[1]?.numClasses ? f : [f, undefined];
    assert.deepEqual(lc.getLabelQualityScores(labels, pp, options), expected);
  }
});

test('float32 input stays float32 in the core (scores are float32 values); float64 does not', async () => {
  await api();
  const f32 = Float32Array.from(rows.flat());
  const s32 = lc.getLabelQualityScores(labels, { data: f32, rows: N, cols: K });
  const s64 = lc.getLabelQualityScores(labels, matrix64);
  for (let i = 0; i < N; i++) {
    assert.equal(s32[i], f32[i * K + labels[i]], 'self_confidence = the float32 probability, exactly');
    assert.equal(s64[i], rows[i][labels[i]]);
  }
  assert.notDeepEqual(s32, s64);
  // rows given as Float32Arrays are float32 too; the same thresholds come out of both float32 forms
  const byRows = lc.getConfidentThresholds(labels, rows.map((r) => Float32Array.from(r)));
  assert.deepEqual(byRows, lc.getConfidentThresholds(labels, f32));
  for (const t of byRows) assert.equal(t, Math.fround(t));
  // normalized margin in float32 differs from float64 in the last bits
  const m32 = lc.getLabelQualityScores(labels, f32, { method: 'normalized_margin' });
  for (const v of m32) assert.equal(v, Math.fround(v));
});

test('return shapes are stable and results are JS-owned copies', async () => {
  await api();
  const r = lc.findLabelIssues(labels, rows);
  assert.deepEqual(Object.keys(r).sort(), ['count', 'indices', 'isLabelIssue']);
  assert.ok(r.isLabelIssue instanceof Uint8Array && r.isLabelIssue.length === N);
  assert.ok(r.indices instanceof Int32Array);
  assert.equal(r.count, r.indices.length);
  assert.deepEqual(Array.from(r.indices), [3, 9]);
  assert.deepEqual(Array.from(r.isLabelIssue).flatMap((v, i) => (v ? [i] : [])), Array.from(r.indices));
  // ranked: same rows, ordered by score
  const ranked = lc.findLabelIssues(labels, rows, { returnIndicesRankedBy: 'self_confidence' });
  assert.deepEqual(Object.keys(ranked).sort(), ['count', 'indices', 'isLabelIssue']);
  assert.deepEqual(Array.from(ranked.indices), [9, 3]);
  assert.deepEqual(ranked.isLabelIssue, r.isLabelIssue);
  // no result points into WASM memory, and later calls (which may grow it) leave it alone
  const snapshot = Array.from(r.indices);
  const big = new Int32Array(200_000).map((_, i) => i % 3);
  for (let i = 0; i < 3; i++) lc.findLabelIssues(big, new Float64Array(200_000 * 3).fill(1 / 3), { numClasses: 3 });
  assert.deepEqual(Array.from(r.indices), snapshot);
  assert.equal(r.indices.buffer.byteLength, r.indices.byteLength);

  const cj = lc.computeConfidentJoint(labels, rows);
  assert.deepEqual(Object.keys(cj).sort(), ['confidentJoint', 'indicesOfOffDiagonals']);
  assert.equal(cj.confidentJoint.rows, K);
  assert.equal(cj.confidentJoint.cols, K);
  assert.ok(cj.confidentJoint.data instanceof Int32Array);
  assert.equal(cj.confidentJoint.data.reduce((a, b) => a + b, 0), N, 'calibrated: sums to N');
  assert.ok(cj.indicesOfOffDiagonals instanceof Int32Array);

  const t = lc.getConfidentThresholds(labels, rows);
  assert.ok(t instanceof Float64Array && t.length === K);
  const j = lc.estimateJoint(labels, rows);
  assert.ok(j.data instanceof Float64Array && j.rows === K && j.cols === K);
  assert.ok(Math.abs(j.data.reduce((a, b) => a + b, 0) - 1) < 1e-12);

  const latentKeys = ['confidentJoint', 'inverseNoiseMatrix', 'noiseMatrix', 'py'];
  const est = lc.estimatePyAndNoiseMatricesFromProbabilities(labels, rows);
  assert.deepEqual(Object.keys(est).sort(), latentKeys);
  assert.ok(est.py instanceof Float64Array && est.py.length === K);
  const latent = lc.estimateLatent(cj.confidentJoint, labels);
  assert.deepEqual(Object.keys(latent).sort(), latentKeys);
  // estimateLatent takes the joint as {data, rows, cols} or as rows
  const asRows = [0, 1, 2].map((r) => Array.from(cj.confidentJoint.data.subarray(r * K, r * K + K)));
  assert.deepEqual(lc.estimateLatent(asRows, labels), latent);

  assert.equal(typeof lc.numLabelIssues(labels, rows), 'number');
  assert.equal(lc.overallLabelHealthScore(labels, rows), 1 - lc.numLabelIssues(labels, rows) / N);

  const classes = lc.rankClassesByLabelQuality(labels, rows, { classNames: ['cat', 'dog', 'fox'] });
  assert.equal(classes.length, K);
  assert.deepEqual(Object.keys(classes[0]).sort(),
    ['className', 'classIndex', 'inverseLabelIssues', 'inverseLabelNoise', 'labelIssues', 'labelNoise', 'labelQualityScore'].sort());
  for (const c of classes) assert.equal(c.className, ['cat', 'dog', 'fox'][c.classIndex]);
  const pairs = lc.findOverlappingClasses(labels, rows);
  assert.equal(pairs.length, 3);
  assert.deepEqual(Object.keys(pairs[0]).sort(), ['classIndexA', 'classIndexB', 'jointProbability', 'numOverlappingExamples']);
  assert.equal(lc.findOverlappingClasses(labels, rows, { asymmetric: true }).length, 6);

  const h = lc.healthSummary(labels, rows);
  assert.deepEqual(Object.keys(h).sort(), ['classesByLabelQuality', 'joint', 'overallLabelHealthScore', 'overlappingClasses']);
  assert.deepEqual(h.classesByLabelQuality, lc.rankClassesByLabelQuality(labels, rows));
  assert.deepEqual(h.overlappingClasses, pairs);
  assert.deepEqual(h.joint, j);
  assert.equal(h.overallLabelHealthScore, lc.overallLabelHealthScore(labels, rows));

  const order = lc.orderLabelIssues(r.isLabelIssue, labels, rows);
  assert.deepEqual(Array.from(order), [9, 3]);
  assert.deepEqual(lc.orderLabelIssues(Array.from(r.isLabelIssue, Boolean), labels, rows), order);
  assert.deepEqual(lc.orderLabelIssues(r, labels, rows), order, 'a findLabelIssues result is accepted as the mask');
});

test('defaultOptions: documented, frozen, and what an empty options object means', async () => {
  await api();
  assert.ok(Object.isFrozen(lc.defaultOptions));
  assert.ok(Object.isFrozen(lc.defaultOptions.findLabelIssues.rankByKwargs));
  assert.deepEqual(lc.defaultOptions.findLabelIssues, {
    numClasses: null,
    filterBy: 'prune_by_noise_rate',
    fracNoise: 1,
    numToRemovePerClass: null,
    minExamplesPerClass: 1,
    returnIndicesRankedBy: null,
    rankByKwargs: { adjustPredProbs: false },
  });
  const fns = ['findLabelIssues', 'getLabelQualityScores', 'computeConfidentJoint', 'getConfidentThresholds',
    'estimateJoint', 'estimatePyAndNoiseMatricesFromProbabilities', 'numLabelIssues', 'rankClassesByLabelQuality',
    'findOverlappingClasses', 'overallLabelHealthScore', 'healthSummary'];
  for (const fn of fns) {
    const explicit = structuredClone(lc.defaultOptions[fn]);
    assert.deepEqual(lc[fn](labels, rows, explicit), lc[fn](labels, rows), fn);
    assert.deepEqual(lc[fn](labels, rows, {}), lc[fn](labels, rows), fn);
  }
  const mask = lc.findLabelIssues(labels, rows).isLabelIssue;
  assert.deepEqual(lc.orderLabelIssues(mask, labels, rows, structuredClone(lc.defaultOptions.orderLabelIssues)),
    lc.orderLabelIssues(mask, labels, rows));
  const csv = 'a,b,label\n1,x,u\n2,y,v\n';
  assert.deepEqual(lc.previewCsv(csv, structuredClone(lc.defaultOptions.previewCsv)), lc.previewCsv(csv));
  assert.deepEqual(Object.keys(lc.defaultOptions).sort(),
    [...fns, 'orderLabelIssues', 'estimateLatent', 'checkLabels', 'previewCsv', 'relabelCsv', 'applyReview'].sort());
});

test('options change results the way cleanlab documents', async () => {
  await api();
  const all = lc.findLabelIssues(labels, rows, { filterBy: 'predicted_neq_given' }).count;
  assert.ok(all >= 2);
  const low = lc.findLabelIssues(labels, rows, { filterBy: 'low_self_confidence' });
  assert.equal(low.count, lc.numLabelIssues(labels, rows));
  const none = lc.findLabelIssues(labels, rows, { numToRemovePerClass: [0, 0, 0] });
  assert.equal(none.count, 0);
  const adjusted = lc.getLabelQualityScores(labels, rows, { adjustPredProbs: true });
  assert.notDeepEqual(adjusted, lc.getLabelQualityScores(labels, rows));
  const uncal = lc.computeConfidentJoint(labels, rows, { calibrate: false }).confidentJoint.data;
  assert.ok(uncal.every((v) => Number.isInteger(v)));
});
