// The middle of the pipeline in the package API (js/csv.js): previewCsv, rowValues,
// annotateCsv, relabelCsv, and the continuous-label refusal of checkLabels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, root } from './helpers/setup.js';

const lc = await api();
const datasets = path.resolve(root, '../shared/datasets');
const enc = new TextEncoder();

test('previewCsv: typed columns with reasons, the first rows as text, the guess with reasons', () => {
  const p = lc.previewCsv(readFileSync(path.join(datasets, 'penguins.uniform10.csv')), { maxRows: 3 });
  assert.equal(p.complete, true);
  assert.equal(p.rowCount, 344);
  assert.deepEqual(p.columns.map((c) => c.kind),
    ['categorical', 'categorical', 'numeric', 'numeric', 'numeric', 'numeric', 'categorical', 'numeric']);
  assert.equal(p.columns[2].why, 'all 342 non-missing values are numbers');
  assert.equal(p.columns[0].distinct, 3);
  assert.equal(p.columns[7].distinct, 3, 'numbers are counted too');
  assert.equal(p.rows.length, 3);
  assert.deepEqual(p.rows[0].slice(0, 3), ['Adelie', 'Torgersen', '39.1']);
  assert.equal(p.guess.label, 0);
  assert.equal(p.guess.labelName, 'species');
  assert.equal(p.guess.labelReasons[0], 'named like a label ("species")');
  assert.ok(p.guess.labelReasons.includes('first column'));
  assert.equal(p.guess.candidates[0].index, 0);
  assert.deepEqual(p.guess.probabilityColumns, []);
  assert.equal(p.csv.delimiter, ',');
  assert.equal(p.rowSpans, null);
  assert.deepEqual(p.warnings, []);
});

test('numbers as spreadsheets export them are numbers: the same issues as the plain file', () => {
  // penguins with three columns as a spreadsheet prints them: "$39.1", "18100%" (= 181),
  // "3,750" (quoted: the delimiter is ','). Read as strings, they would be dropped as identifiers.
  const plain = readFileSync(path.join(datasets, 'penguins.uniform10.csv'), 'utf8');
  const lines = plain.trimEnd().split('\n');
  const formatted = [lines[0], ...lines.slice(1).map((line) => {
    const f = line.split(',');
    const num = (x, fmt) => (x === '' ? x : fmt(x));
    f[2] = num(f[2], (x) => `$${x}`);
    f[4] = num(f[4], (x) => `${Number(x) * 100}%`);
    f[5] = num(f[5], (x) => `"${Number(x).toLocaleString('en-US')}"`);
    return f.join(',');
  })].join('\n') + '\n';
  assert.match(formatted, /,"3,750",/);
  const p = lc.previewCsv(enc.encode(formatted));
  assert.deepEqual(p.columns.slice(2, 6).map((c) => c.kind), ['numeric', 'numeric', 'numeric', 'numeric']);
  assert.equal(p.columns[2].why, 'all 342 non-missing values are numbers, written with a currency sign ($)');
  assert.match(p.columns[4].why, /percent signs/);
  assert.match(p.columns[5].why, /thousands separators/);
  const options = { label: 'species', model: 'logistic', audit: false };
  const a = lc.checkLabels(enc.encode(plain), options);
  const b = lc.checkLabels(enc.encode(formatted), options);
  assert.ok(a.issues.length > 10);
  assert.deepEqual(b.issues.map((i) => [i.row, i.suggestedLabel]), a.issues.map((i) => [i.row, i.suggestedLabel]));
});

test('Excel\'s delimiter hint: "sep=;" names the delimiter, and the exports keep the line', () => {
  const text = 'sep=;\nspecies;x;y\n' + Array.from({ length: 30 }, (_, i) => `${i % 2 ? 'a' : 'b'};${i},5;${(i * 7) % 11}`).join('\n') + '\n';
  const p = lc.previewCsv(enc.encode(text));
  assert.equal(p.csv.delimiter, ';');
  assert.equal(p.csv.delimiterHint, true);
  assert.equal(p.csv.headerLine, 2);
  assert.deepEqual(p.columns.map((c) => c.name), ['species', 'x', 'y']);
  const r = lc.checkLabels(enc.encode(text), { label: 'species', model: 'logistic', audit: false });
  assert.equal(r.rowCount, 30);
  const out = new TextDecoder().decode(lc.annotateCsv(enc.encode(text), r));
  assert.ok(out.startsWith('sep=;\nspecies;x;y;is_label_issue;label_quality;suggested_label\n'), out.slice(0, 80));
});

test('previewCsv reads only a prefix of a big input, leaving out the cut record', () => {
  const lines = ['x,y,label'];
  for (let i = 0; i < 5000; i++) lines.push(`${i % 13}.5,"a ""quoted"" value, ${i}",${i % 3 ? 'cat' : 'dog'}`);
  const bytes = enc.encode(lines.join('\n') + '\n');
  const p = lc.previewCsv(bytes, { maxBytes: 10_000, maxRows: 2 });
  assert.equal(p.complete, false);
  assert.equal(p.bytesRead, 10_000);
  assert.ok(p.rowCount > 100 && p.rowCount < 5000, `${p.rowCount} rows in the prefix`);
  assert.deepEqual(p.rows[1], ['1.5', 'a "quoted" value, 1', 'cat']);
  assert.equal(p.guess.labelName, 'label');
  assert.match(p.warnings[0], /^only the first \d+ rows were read/);
  // partial: true says the same of an input that is itself a prefix (cut inside quotes here).
  const cut = bytes.subarray(0, bytes.indexOf(0x22, 5000) + 3);
  assert.equal(lc.previewCsv(cut, { partial: true }).complete, false);
  assert.throws(() => lc.previewCsv(cut), { code: 'CSV_UNCLOSED_QUOTE' });
});

test('previewCsv: bad input gives clear errors, never a crash', () => {
  assert.throws(() => lc.previewCsv(''), { code: 'CSV_EMPTY' });
  assert.throws(() => lc.previewCsv('a,b\n1,2,3\n'), { code: 'CSV_FIELD_COUNT', line: 2 });
  assert.throws(() => lc.previewCsv(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0])), { code: 'CSV_ENCODING' });
  assert.throws(() => lc.previewCsv(42), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.previewCsv('a\n1\n', { maxRow: 2 }), { code: 'INVALID_ARGUMENT', message: /unknown option 'maxRow'/ });
  assert.throws(() => lc.previewCsv('a\n1\n', { maxRows: -1 }), { code: 'INVALID_ARGUMENT' });
  const skipped = lc.previewCsv('a,b\n1,x\n1,2,3\n2,y\n', { onBadRow: 'skip' });
  assert.equal(skipped.rowCount, 3, 'file rows, the skipped one included');
  assert.deepEqual(skipped.csv.skippedRows.map((s) => [s.row, s.line]), [[1, 3]]);
  assert.deepEqual(skipped.rows, [['1', 'x'], ['2', 'y']]);
  assert.match(skipped.warnings.join('\n'), /1 malformed record left out/);
});

test('previewCsv: nothing looks like a label -> label -1, every candidate with its reasons', () => {
  const rows = ['id,hour'];
  for (let i = 0; i < 200; i++) rows.push(`${i},${(i * 0.37).toFixed(2)}`);
  const p = lc.previewCsv(rows.join('\n'));
  assert.equal(p.guess.label, -1);
  assert.equal(p.guess.labelName, null);
  assert.ok(p.guess.candidates.every((c) => !c.eligible));
  assert.equal(p.columns[1].looksContinuous, true);
  assert.match(p.warnings.at(-1), /no column looks like a label/);
});

test('checkLabels refuses a continuous label before training, unless allowed', () => {
  const rows = ['f,g,hour'];
  for (let i = 0; i < 300; i++) rows.push(`${i % 5},${i % 7},${(i % 60) + 0.5}`); // 60 values, 5 rows each
  const csv = rows.join('\n');
  const t0 = performance.now();
  assert.throws(() => lc.checkLabels(csv, { label: 'hour' }),
    { code: 'LABEL_LOOKS_CONTINUOUS', message: /"hour" looks continuous .*a measurement, not a label.*allowContinuousLabel/ });
  assert.ok(performance.now() - t0 < 1000, 'refused before any model runs');
  // Allowed: it goes on and checks 60 classes.
  assert.doesNotThrow(() => lc.checkLabels(csv, { label: 'hour', allowContinuousLabel: true, model: 'logistic', cvNFolds: 2 }));
  // Guessed: the continuous column is never chosen; with no other candidate, COLUMN_NOT_FOUND.
  assert.throws(() => lc.checkLabels('id,hour\n' + rows.slice(1).map((r, i) => `${i},${r.split(',')[2]}`).join('\n')),
    { code: 'COLUMN_NOT_FOUND', message: /no label column found .*"hour": looks continuous/ });
});

test('checkLabels says why it chose the label column', () => {
  const r = lc.checkLabels(readFileSync(path.join(datasets, 'iris.uniform10.csv')), { model: 'logistic' });
  assert.equal(r.labelColumn.name, 'species');
  assert.equal(r.labelColumn.reasons[0], 'named like a label ("species")');
  const named = lc.checkLabels(readFileSync(path.join(datasets, 'iris.uniform10.csv')), { label: 'species', model: 'logistic' });
  assert.deepEqual(named.labelColumn.reasons, ['named by the caller']);
});

// A file with everything that must survive: BOM, CRLF, blank lines, quotes with delimiters and
// line breaks, a row without label, a malformed record (skipped), no final line break.
function oddFile() {
  const lines = ['\uFEFFid,"name, full",x,label'];
  for (let i = 0; i < 60; i++) {
    const name = i % 7 === 0 ? `"multi\nline ""${i}"""` : `"n,${i}"`;
    const label = i === 5 ? '' : i % 2 ? 'yes' : 'no';
    lines.push(`${i},${name},${(i % 9) + 0.25},${label}`);
    if (i === 20) lines.push('');
    if (i === 30) lines.push('1,2,3,4,5');
  }
  return enc.encode(lines.join('\r\n'));
}

test('previewCsv: a first record longer than maxBytes is read whole (the file is not called empty)', () => {
  const big = `text,x,label\n"${'word '.repeat(300_000)}",1,a\n"short",2,b\n"short",3,a\n`;
  const p = lc.previewCsv(big);
  assert.equal(p.rowCount >= 1, true);
  assert.equal(p.columns.length, 3);
  assert.equal(p.rows[0][1], '1');
  assert.throws(() => lc.previewCsv('a,b\n'), { code: 'CSV_EMPTY' }, 'a file without data rows still is empty');
});

test('annotateCsv: every original byte kept, three cells appended, full-precision numbers', () => {
  const bytes = oddFile();
  const r = lc.checkLabels(bytes, { label: 'label', onBadRow: 'skip', model: 'logistic' });
  const out = lc.annotateCsv(bytes, r);
  assert.ok(out instanceof Uint8Array);
  // Reading it back: same rows, the three columns, the values of the result.
  const back = lc.previewCsv(out, { maxRows: 100, onBadRow: 'skip', maxBytes: null });
  assert.deepEqual(back.columns.slice(-3).map((c) => c.name), ['is_label_issue', 'label_quality', 'suggested_label']);
  assert.equal(back.rowCount, r.rowCount);
  const ex = r.examples;
  const K = ex.predProbs.cols;
  // back.rows leaves the skipped record out: file row -> index in back.rows.
  const at = (row) => row - back.csv.skippedRows.filter((s) => s.row < row).length;
  assert.deepEqual(back.csv.skippedRows.map((s) => s.row), r.csv.skippedRows.map((s) => s.row));
  for (let e = 0; e < ex.sourceRows.length; e++) {
    const cells = back.rows[at(ex.sourceRows[e])].slice(-3);
    const p = Array.from(ex.predProbs.data.subarray(e * K, (e + 1) * K));
    assert.deepEqual(cells, [ex.isLabelIssue[e] ? 'true' : 'false', String(ex.labelQuality[e]), r.classNames[p.indexOf(Math.max(...p))]]);
    assert.equal(Number(cells[1]), ex.labelQuality[e], 'the number reads back exactly');
  }
  assert.deepEqual(back.rows[5].slice(-3), ['', '', ''], 'the row without label gets empty cells');
  // Removing what was added gives the input back, byte for byte.
  const text = new TextDecoder('latin1').decode(out);
  const stripped = text.replace(/,is_label_issue,label_quality,suggested_label/, '')
    .replace(/,(true|false),[^,\r\n]*,[^,\r\n]*(?=\r\n|$)/g, '').replace(/,,,(?=\r\n|$)/g, '');
  assert.deepEqual(new Uint8Array(Buffer.from(stripped, 'latin1')), bytes);
});

test('annotateCsv: refuses a result from other bytes, and non-results', () => {
  const iris = readFileSync(path.join(datasets, 'iris.uniform10.csv'));
  const r = lc.checkLabels(iris, { label: 'species', model: 'logistic' });
  assert.throws(() => lc.annotateCsv(iris.subarray(0, 1000), r), { code: 'INVALID_ARGUMENT', message: /does not describe these bytes/ });
  assert.throws(() => lc.annotateCsv(iris, {}), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.annotateCsv(iris, { ...r, examples: { ...r.examples, sourceRows: ['1', '2'] } }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => lc.annotateCsv(iris, { ...r, examples: { ...r.examples, sourceRows: [1, 2] } }), { code: 'SHAPE_MISMATCH' });
});

test('annotateCsv and rowValues take a result read back from JSON (the CLI\'s --json: typed arrays as arrays)', () => {
  const bytes = oddFile();
  const r = lc.checkLabels(bytes, { label: 'label', onBadRow: 'skip', model: 'logistic' });
  const json = JSON.parse(JSON.stringify(r, (key, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
  assert.ok(Array.isArray(json.examples.sourceRows) && Array.isArray(json.rowSpans.offsets));
  assert.deepEqual(lc.annotateCsv(bytes, json), lc.annotateCsv(bytes, r));
  assert.deepEqual(lc.rowValues(bytes, json, [0, 7, 1]), lc.rowValues(bytes, r, [0, 7, 1]));
});

test('rowValues: the fields of chosen rows, by the reader\'s rules', () => {
  const bytes = oddFile();
  const r = lc.checkLabels(bytes, { label: 'label', onBadRow: 'skip', model: 'logistic' });
  const rows = lc.rowValues(bytes, r, [0, 7, 1]);
  assert.deepEqual(rows[0], ['0', 'multi\nline "0"', '0.25', 'no']);
  assert.deepEqual(rows[2], ['1', 'n,1', '1.25', 'yes']);
  assert.equal(rows[1][1], 'multi\nline "7"');
  assert.throws(() => lc.rowValues(bytes, r, [r.rowCount]), { code: 'INVALID_ARGUMENT', message: /no data row/ });
  assert.throws(() => lc.rowValues(bytes, { csv: r.csv }, [0]), { code: 'INVALID_ARGUMENT' });
  // A preview with rowSpans works as a source too.
  const p = lc.previewCsv(bytes, { rowSpans: true, onBadRow: 'skip' });
  assert.deepEqual(lc.rowValues(bytes, p, [1]), [rows[2]]);
});

test('relabelCsv: only the chosen label cells change', () => {
  const bytes = oddFile();
  const p = lc.previewCsv(bytes, { rowSpans: true, onBadRow: 'skip', maxBytes: null });
  const out = lc.relabelCsv(bytes, p, [{ row: 0, label: 'maybe, not' }, { row: 2, label: 'yes' }], { column: 3 });
  const back = lc.previewCsv(out, { onBadRow: 'skip', maxRows: 5, maxBytes: null });
  assert.deepEqual(back.rows.map((r) => r[3]), ['maybe, not', 'yes', 'yes', 'yes', 'no']);
  const before = new TextDecoder().decode(bytes);
  const after = new TextDecoder().decode(out);
  assert.equal(after, before.replace('0.25,no\r\n', '0.25,"maybe, not"\r\n').replace('2.25,no\r\n', '2.25,yes\r\n'));
  assert.throws(() => lc.relabelCsv(bytes, p, [{ row: 0, label: 'x' }]), { code: 'INVALID_ARGUMENT', message: /option 'column'/ });
  assert.throws(() => lc.relabelCsv(bytes, p, [{ row: 1e6, label: 'x' }], { column: 3 }), { code: 'INVALID_ARGUMENT', message: /no data row/ });
  assert.throws(() => lc.relabelCsv(bytes, p, [{ row: 1, label: 'x' }, { row: 1, label: 'y' }], { column: 3 }),
    { code: 'INVALID_ARGUMENT', message: /^relabelCsv: row \d+ is changed twice$/ });
  assert.throws(() => lc.relabelCsv(bytes, p, [{ row: 1, label: 7 }], { column: 3 }), { code: 'INVALID_ARGUMENT' });
});

test('the worker has the same functions', async () => {
  const w = await import('labelcheck/worker');
  await w.init();
  try {
    const p = await w.previewCsv('a,b,class\n1,2,x\n3,4,y\n');
    assert.equal(p.guess.labelName, 'class');
    const r = await w.checkLabels(readFileSync(path.join(datasets, 'iris.uniform10.csv')), { model: 'logistic', threads: 1 });
    const out = await w.annotateCsv(readFileSync(path.join(datasets, 'iris.uniform10.csv')), r);
    assert.deepEqual(out, lc.annotateCsv(readFileSync(path.join(datasets, 'iris.uniform10.csv')), r));
  } finally {
    w.terminate();
  }
});

test('crossValidatedProbabilities: the probabilities checkLabels ranks by, on their own', () => {
  const bytes = readFileSync(path.join(datasets, 'iris.uniform10.csv'));
  const o = { label: 'species', model: 'logistic', cvNFolds: 3 };
  const cv = lc.crossValidatedProbabilities(bytes, o);
  const r = lc.checkLabels(bytes, o);
  assert.equal(cv.predProbs.rows, 150);
  assert.equal(cv.predProbs.cols, 3);
  assert.deepEqual(cv.predProbs.data, r.examples.predProbs.data);
  assert.deepEqual(cv.classNames, r.classNames);
  assert.deepEqual(cv.labels, r.examples.labels);
  // They feed the step-by-step functions and give checkLabels' issues.
  const found = lc.findLabelIssues(cv.labels, cv.predProbs);
  assert.deepEqual(Array.from(found.isLabelIssue), Array.from(r.examples.isLabelIssue));
  assert.throws(() => lc.crossValidatedProbabilities(bytes, { mode: 'probabilities' }), { code: 'INVALID_ARGUMENT' });
});
