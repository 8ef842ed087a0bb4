// checkLabels: CSV to ranked label issues through the public API (release build), on every noisy
// file of ../shared/datasets, in probabilities-given mode against the cleanlab functions, and its
// progress, cancellation, determinism and worker forms. The CLI has its own file (cli.test.js).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as worker from 'labelcheck/worker';
import * as lcPackage from 'labelcheck';
import { api, root, flavour } from './helpers/setup.js';

// The annotated copy as the CLI's --out writes it: the package's annotateCsv.
const annotate = (bytes, r) => Buffer.from(lcPackage.annotateCsv(bytes, r));

const datasetsDir = path.resolve(root, '../shared/datasets');
const manifest = JSON.parse(readFileSync(path.join(datasetsDir, 'datasets.json'), 'utf8'));

// The README's Python LR F1 per "dataset.variant" (the floor below is a fraction of it).
const pythonLrF1 = {};
for (const line of readFileSync(path.join(datasetsDir, 'README.md'), 'utf8').split('\n')) {
  const m = /^\|\s*(\w+)\s*\|\s*(uniform10|uniform30|asym20)\s*\|\s*([0-9.]+)/.exec(line);
  if (m) pythonLrF1[`${m[1]}.${m[2]}`] = Number(m[3]);
}

after(() => worker.terminate());

function f1Against(result, truthRows) {
  const truth = new Set(truthRows);
  const flagged = result.issues.map((i) => i.row);
  const tp = flagged.filter((r) => truth.has(r)).length;
  const p = flagged.length ? tp / flagged.length : 0;
  const r = tp / truth.size;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

// The input with the three added columns removed from every line (the shared files have no line
// breaks inside fields).
function stripAnnotations(buf) {
  const text = buf.toString('latin1'); // byte-preserving
  const lines = text.split(/(?<=\n)/);
  lines[0] = lines[0].replace(/,is_label_issue,label_quality,suggested_label(?=\r?\n|$)/, '');
  for (let i = 1; i < lines.length; i++)
    lines[i] = lines[i].replace(/,(?:true|false|),[^,\r\n]*,(?:"(?:[^"]|"")*"|[^,\r\n"]*)(?=\r?\n|$)/, '');
  return Buffer.from(lines.join(''), 'latin1');
}

const stripTimings = ({ timingsMs, ...rest }) => rest;

// The debug build (-O1, SAFE_HEAP: every load and store checked) runs this file in
// tests/js/flavours.test.js too; the whole 24-file loop took over 10 minutes there, so on it the
// loop takes the small datasets (at most 600 rows), one variant each. The release build runs all.
const onDebug = flavour === 'debug';

test('every shared noisy dataset: default settings beat 0.6 x the Python LR F1; --out keeps every byte', { timeout: 600_000 }, async () => {
  const lc = await api();
  const lines = [];
  for (const [name, d] of Object.entries(manifest)) {
    if (onDebug && d.n_rows > 600) continue;
    for (const variant of Object.keys(d.variants)) {
      if (onDebug && variant !== 'uniform10') continue;
      const file = path.join(datasetsDir, d.files[variant]);
      const bytes = readFileSync(file);
      const truth = JSON.parse(readFileSync(path.join(datasetsDir, d.variants[variant].truth), 'utf8'));
      const r = lc.checkLabels(bytes, { label: d.label_column });
      assert.equal(r.labelColumn.name, d.label_column);
      assert.equal(r.rowCount, d.n_rows);
      assert.equal(r.mode, 'train');
      assert.deepEqual([...r.classNames].sort(), [...d.classes].sort());
      const f1 = f1Against(r, truth.flipped_rows);
      const key = `${name}.${variant}`;
      lines.push(`${key}: F1 ${f1.toFixed(3)} (Python LR ${pythonLrF1[key]}) ${r.summary.model} ${r.timingsMs.total.toFixed(0)} ms`);
      assert.ok(pythonLrF1[key] > 0, `README figure for ${key}`);
      assert.ok(f1 >= 0.6 * pythonLrF1[key], `${key}: F1 ${f1.toFixed(3)} < 0.6 x ${pythonLrF1[key]}`);
      // Ranked, consistent with the per-example arrays.
      for (let j = 1; j < r.issues.length; j++) assert.ok(r.issues[j - 1].labelQuality <= r.issues[j].labelQuality);
      const flaggedCount = r.examples.isLabelIssue.reduce((a, b) => a + b, 0);
      assert.equal(flaggedCount, r.issues.length);
      // Label issues point at the right rows: given label = the file's value at that row.
      for (const i of r.issues.slice(0, 5)) {
        const noisy = truth.flipped_rows.indexOf(i.row);
        if (noisy >= 0) assert.equal(i.givenLabel, truth.noisy_labels[noisy]);
        assert.equal(r.rowSpans.lines[i.row], i.line);
      }
      // --out: strip the 3 added columns and get the input back, byte for byte.
      const out = annotate(bytes, r);
      assert.ok(stripAnnotations(out).equals(bytes), `${key}: annotated output differs from the input`);
    }
  }
  assert.ok(lines.length >= 3, `${lines.length} files checked`);
  console.log(lines.join('\n'));
});

test('--out on CRLF input, a BOM, blank lines, quoted line breaks, missing labels and skipped rows', async () => {
  const lc = await api();
  const iris = readFileSync(path.join(datasetsDir, 'iris.uniform10.csv'), 'latin1');
  const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(iris.replace(/\n/g, '\r\n'), 'latin1')]);
  const r = lc.checkLabels(crlf, { label: 'species' });
  assert.equal(r.csv.linebreak, '\r\n');
  assert.ok(r.csv.bomStripped);
  const out = annotate(crlf, r);
  assert.ok(stripAnnotations(out).equals(crlf));
  assert.match(out.toString('utf8').split('\r\n')[0], /species,is_label_issue,label_quality,suggested_label$/);

  const odd = Buffer.from('x,y,label\r\n1,2,a\r\n\r\n3,4,b\r\n1,2,3,4\r\n"5\n",6,a\r\n7,8,\r\n1,2,a\r\n3,4,b\r\n5,6,"a,b"\r\n7,8,"a,b"\r\n9,9,b\r\n1,1,a');
  const o = lc.checkLabels(odd, { onBadRow: 'skip', features: ['x', 'y'] });
  assert.equal(o.csv.skippedRows.length, 1);
  assert.equal(o.excludedRows.length, 1);
  const text = annotate(odd, o).toString('utf8');
  const outLines = text.split('\r\n');
  assert.equal(outLines.length, odd.toString().split('\r\n').length, 'same line structure');
  assert.equal(outLines[2], '', 'blank line kept');
  assert.equal(outLines[4], '1,2,3,4,,,', 'a skipped record is kept, with empty added cells');
  assert.equal(outLines[6], '7,8,,,,', 'a row without a label gets empty added cells');
  assert.match(outLines[5], /^"5\n",6,a,(true|false),[0-9.e-]+,("a,b"|a|b)$/);
  assert.match(text, /,"a,b"(\r\n|$)/, 'an added value with the delimiter is quoted');
  assert.ok(!text.endsWith('\r\n'), 'no line break added at the end');
});

test('probabilities-given mode equals findLabelIssues / getLabelQualityScores on the same probabilities', async () => {
  const lc = await api();
  const bytes = readFileSync(path.join(datasetsDir, 'label-errors/mnist_test_pred_probs.csv'));
  const rows = bytes.toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const labels = Int32Array.from(rows, (r) => r[0]);
  const probs = { data: Float64Array.from(rows.flatMap((r) => r.slice(1))), rows: rows.length, cols: 10 };
  const r = lc.checkLabels(bytes);
  assert.equal(r.mode, 'probabilities');
  assert.equal(r.summary.model, 'given');
  assert.deepEqual(r.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.deepEqual(r.examples.labels, labels);
  assert.deepEqual(r.examples.predProbs.data, probs.data);
  const expected = lc.findLabelIssues(labels, probs, { returnIndicesRankedBy: 'self_confidence' });
  assert.deepEqual(r.examples.isLabelIssue, expected.isLabelIssue);
  assert.deepEqual(Int32Array.from(r.issues, (i) => i.row), expected.indices);
  assert.deepEqual(r.examples.labelQuality, lc.getLabelQualityScores(labels, probs));
  const h = lc.healthSummary(labels, probs);
  assert.equal(r.summary.overallLabelHealthScore, h.overallLabelHealthScore);
  const verified = JSON.parse(readFileSync(path.join(datasetsDir, 'label-errors/mnist_verified_errors.json'), 'utf8'));
  const flagged = new Set(r.issues.map((i) => i.row));
  assert.ok(verified.verified_label_errors.filter((x) => flagged.has(x)).length >= 5);

  // A small hand-made file: class names, probability columns named p_<class>, forced mode.
  const csv = 'id,animal,p_cat,p_dog,p_owl\n' + [
    [1, 'cat', 0.8, 0.1, 0.1], [2, 'cat', 0.7, 0.2, 0.1], [3, 'dog', 0.1, 0.8, 0.1], [4, 'dog', 0.9, 0.05, 0.05],
    [5, 'owl', 0.1, 0.1, 0.8], [6, 'owl', 0.2, 0.1, 0.7], [7, 'cat', 0.05, 0.9, 0.05], [8, 'dog', 0.2, 0.7, 0.1],
  ].map((r) => r.join(',')).join('\n');
  const s = lc.checkLabels(csv, { label: 'animal', mode: 'probabilities' });
  assert.equal(s.mode, 'probabilities');
  assert.deepEqual(s.probabilityColumns, ['p_cat', 'p_dog', 'p_owl']);
  const sl = Int32Array.from(s.examples.labels);
  assert.deepEqual(Array.from(sl), [0, 0, 1, 1, 2, 2, 0, 1]);
  const sp = { data: s.examples.predProbs.data, rows: 8, cols: 3 };
  assert.deepEqual(s.examples.isLabelIssue, lc.findLabelIssues(sl, sp).isLabelIssue);
  assert.deepEqual(s.issues.map((i) => [i.row, i.givenLabel, i.suggestedLabel]).sort(), [[3, 'dog', 'cat'], [6, 'cat', 'dog']]);
  assert.deepEqual(lc.checkLabels(csv, { label: 'animal' }).examples, s.examples, 'auto-detected the same way');
});

test('deterministic: the same seed gives the same result', async () => {
  const lc = await api();
  const bytes = readFileSync(path.join(datasetsDir, 'penguins.asym20.csv'));
  const a = lc.checkLabels(bytes, { seed: 7 });
  const b = lc.checkLabels(bytes, { seed: 7 });
  assert.deepEqual(stripTimings(a), stripTimings(b));
  const c = lc.checkLabels(bytes.toString('utf8'), { seed: 7 });
  assert.deepEqual(stripTimings(c), stripTimings(a), 'string and bytes input agree');
  const d = lc.checkLabels(bytes, { seed: 8 });
  assert.notDeepEqual(d.examples.predProbs.data, a.examples.predProbs.data, 'another seed shuffles other folds');
});

test('the result has the documented shape (CheckLabelsResult in js/index.d.ts)', async () => {
  const lc = await api();
  const r = lc.checkLabels(readFileSync(path.join(datasetsDir, 'penguins.uniform10.csv')), { label: 'species' });
  for (const key of ['mode', 'classNames', 'labelColumn', 'columns', 'probabilityColumns', 'rowCount', 'excludedRows', 'csv',
    'rowSpans', 'examples', 'issues', 'audit', 'summary', 'timingsMs']) assert.ok(key in r, key);
  assert.deepEqual(r.labelColumn, { index: 0, name: 'species', reasons: ['named by the caller'] });
  assert.deepEqual(Object.keys(r.columns[0]).slice(0, 5), ['index', 'name', 'kind', 'use', 'why']);
  assert.ok(r.rowSpans.offsets instanceof Float64Array && r.rowSpans.ends instanceof Float64Array);
  const e = r.examples;
  assert.ok(e.sourceRows instanceof Int32Array && e.labels instanceof Int32Array && e.labelQuality instanceof Float64Array);
  assert.ok(e.isLabelIssue instanceof Uint8Array && e.predProbs.data instanceof Float64Array);
  assert.deepEqual([e.predProbs.rows, e.predProbs.cols, e.projection.rows, e.projection.cols], [344, 3, 344, 2]);
  const i = r.issues[0];
  for (const key of ['row', 'line', 'example', 'givenLabel', 'givenLabelIndex', 'suggestedLabel', 'suggestedLabelIndex',
    'labelQuality', 'probabilities', 'givenLabelProbability', 'suggestedLabelProbability', 'givenLabelThreshold',
    'suggestedLabelThreshold', 'neighbors']) assert.ok(key in i, key);
  assert.equal(i.line, i.row + 2);
  assert.equal(i.probabilities.length, 3);
  assert.equal(i.neighbors.length, 5);
  assert.deepEqual(Object.keys(i.neighbors[0]).sort(), ['distance', 'example', 'label', 'line', 'row']);
  for (const key of ['rowsChecked', 'rowsFlagged', 'estimatedNoiseRate', 'overallLabelHealthScore', 'model', 'models', 'cvAccuracy',
    'folds', 'repeats', 'refitExcludedRows', 'thresholds', 'joint', 'noiseMatrix', 'inverseNoiseMatrix', 'py', 'confidentJoint',
    'classesByLabelQuality', 'overlappingClasses']) assert.ok(key in r.summary, key);
  assert.ok(r.summary.joint.data instanceof Float64Array && r.summary.joint.rows === 3 && r.summary.joint.cols === 3);
  assert.ok(r.summary.confidentJoint.data instanceof Int32Array && r.summary.thresholds instanceof Float64Array);
  assert.ok(typeof r.summary.classesByLabelQuality[0].className === 'string');
  assert.deepEqual(Object.keys(r.timingsMs), ['parse', 'encode', 'crossValidation', 'findIssues', 'audit', 'total']);
  // Rows copied through rowSpans are the file's rows.
  const text = readFileSync(path.join(datasetsDir, 'penguins.uniform10.csv'), 'utf8').split('\n');
  assert.equal(Buffer.from(readFileSync(path.join(datasetsDir, 'penguins.uniform10.csv'))).subarray(r.rowSpans.offsets[i.row], r.rowSpans.ends[i.row]).toString(), text[i.line - 1]);
});

test('progress: every stage in order; returning false cancels (CANCELLED); a throwing callback is rethrown', async () => {
  const lc = await api();
  const bytes = readFileSync(path.join(datasetsDir, 'iris.uniform30.csv'));
  const seen = [];
  lc.checkLabels(bytes, { onProgress: (p) => { seen.push(p); } });
  assert.deepEqual([...new Set(seen.map((p) => p.stage))], ['parse', 'encode', 'crossValidation', 'findIssues', 'audit']);
  const cv = seen.filter((p) => p.stage === 'crossValidation');
  assert.ok(cv.length > 2 && cv.at(-1).done === cv.at(-1).total && ['logistic', 'knn', 'gbdt'].includes(cv[0].detail));

  for (const stage of ['parse', 'encode', 'crossValidation', 'findIssues', 'audit']) {
    let calls = 0;
    assert.throws(() => lc.checkLabels(bytes, { onProgress: (p) => { calls++; return p.stage !== stage; } }),
      { name: 'LabelcheckError', code: 'CANCELLED' }, stage);
    assert.ok(calls > 0);
  }
  const boom = new Error('boom');
  assert.throws(() => lc.checkLabels(bytes, { onProgress: () => { throw boom; } }), (e) => e === boom);
  assert.ok(lc.moduleInfo().heapUsedBytes < 65536, 'nothing left allocated after cancelled runs');
  assert.equal(lc.checkLabels(bytes).rowCount, 150, 'usable after cancellation');
});

test('refit: off by default; on, it leaves out the first pass\'s issues; progress never goes back', async () => {
  const lc = await api();
  const bytes = readFileSync(path.join(datasetsDir, 'penguins.uniform10.csv'));
  const seen = [];
  const on = lc.checkLabels(bytes, { refit: true, onProgress: (p) => { if (p.stage === 'crossValidation') seen.push(p); } });
  const off = lc.checkLabels(bytes);
  assert.equal(off.summary.refitExcludedRows, 0);
  assert.equal(on.summary.refitExcludedRows, off.summary.rowsFlagged);
  assert.deepEqual(on.summary.models, off.summary.models);
  assert.notDeepEqual(Array.from(on.examples.predProbs.data), Array.from(off.examples.predProbs.data));
  for (let k = 1; k < seen.length; k++) assert.ok(seen[k].done / seen[k].total >= seen[k - 1].done / seen[k - 1].total, `unit ${k}`);
  assert.equal(seen.at(-1).done, seen.at(-1).total);
  assert.throws(() => lc.checkLabels(bytes, { refit: 'no' }), { code: 'INVALID_ARGUMENT' });
});

test('errors: CSV position, unknown columns, bad options', async () => {
  const lc = await api();
  assert.throws(() => lc.checkLabels('a,b,label\n1,2,x\n3,4\n'), { code: 'CSV_FIELD_COUNT', line: 3, column: 4 });
  assert.throws(() => lc.checkLabels('a,label\n"1,x\n'), { code: 'CSV_UNCLOSED_QUOTE', line: 2, column: 1 });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { label: 'nope' }), { code: 'COLUMN_NOT_FOUND', message: /nope/ });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { label: 7 }), { code: 'COLUMN_NOT_FOUND' });
  assert.throws(() => lc.checkLabels('a,label\n1,x\n2,x\n'), { code: 'TOO_FEW_CLASSES' });
  assert.throws(() => lc.checkLabels(''), { code: 'CSV_EMPTY' });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { modle: 'knn' }), { code: 'INVALID_ARGUMENT', message: /unknown option 'modle'/ });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { model: 'svm' }), { code: 'INVALID_ARGUMENT', message: /svm/ });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { seed: -1 }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.checkLabels('a,b\n1,x\n', { delimiter: ':' }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.checkLabels(42), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.checkLabels('label,p_0,p_1\n0,0.5,0.9\n1,0.2,0.8\n', { mode: 'probabilities' }),
    { code: 'PROBABILITY_OUT_OF_RANGE', line: 2 });
  assert.ok(lc.moduleInfo().heapUsedBytes < 65536, 'nothing left allocated after errors');
});

test('worker: checkLabels with progress events, the same result as the synchronous API (debug build in the worker)', { timeout: 120_000 }, async () => {
  const lc = await api();
  await worker.init({ debug: true });
  assert.equal((await worker.moduleInfo()).flavour, 'debug');
  const bytes = readFileSync(path.join(datasetsDir, 'iris.asym20.csv'));
  const stages = [];
  const w = await worker.checkLabels(bytes, { seed: 3, onProgress: (p) => stages.push(p.stage) });
  assert.deepEqual(stripTimings(w), stripTimings(lc.checkLabels(bytes, { seed: 3 })));
  assert.deepEqual([...new Set(stages)], ['parse', 'encode', 'crossValidation', 'findIssues', 'audit']);
  await assert.rejects(worker.checkLabels('a,b\n1\n'), { name: 'LabelcheckError', code: 'CSV_FIELD_COUNT', line: 2 });
  // Cancellation: an AbortSignal terminates the worker; init() starts a new one.
  const ac = new AbortController();
  const pending = worker.checkLabels(readFileSync(path.join(datasetsDir, 'digits.uniform10.csv')), { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(pending, { code: 'CANCELLED' });
  await worker.init();
  assert.equal((await worker.checkLabels(bytes)).rowCount, 150);
});
