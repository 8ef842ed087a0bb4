// The hostile-input corpus (tests/corpus/cases.json) through the JS API and the CLI: every case
// gives its documented outcome (LabelcheckError code/line/column/row, or the result's counts),
// the CLI exits 0/1 and names the code and position, and nothing is lost: the --out file minus
// the three added cells of each record is the input byte for byte, and every data record is
// checked, excluded or skipped (listed), never silently dropped. The shared datasets get the
// same byte-for-byte check through annotateCsv (cli.test.js runs the CLI on two of them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, root, flavour } from './helpers/setup.js';
import { generate, fnv1a } from '../corpus/generators.js';

const corpus = path.join(root, 'tests/corpus');
const manifest = JSON.parse(readFileSync(path.join(corpus, 'cases.json'), 'utf8'));
const cases = manifest.cases.filter((c) => !c.layers || c.layers.includes('js'));
const cli = path.join(root, 'js/cli.js');
const datasets = path.resolve(root, '../shared/datasets');
const tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-corpus-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The debug build (-O1, SAFE_HEAP: every load and store checked) runs this file too
// (tests/js/flavours.test.js). There the boosted trees are about 50 times slower than on the
// release build, and "200+ classes" with the default model (auto: logistic, kNN and trees,
// 3 folds x 5 repeats of 250-class trees) took 46 s of the file's 129 s. On the debug build that
// case takes one model: its counts and audit are checked as everywhere, with 250 classes through
// the bindings. The release run below, the CLI and the native suite (also under ASan + UBSan,
// tests/cpp/test_corpus.cpp) run it with the default model.
const debugOptions = { '200+ classes': { model: 'logistic' } };
const onDebug = flavour === 'debug';
const optionsOf = (c) => ({ ...c.options, ...(onDebug ? debugOptions[c.name] : {}) });

const bytesOf = (c) => (c.generate ? generate(c.generate) : readFileSync(path.join(corpus, 'files', c.file)));

function checkResult(r, e) {
  assert.equal(r.rowCount, e.rows, 'rows');
  assert.equal(r.summary.rowsChecked, e.checked, 'checked');
  assert.equal(r.classNames.length, e.classes, 'classes');
  assert.equal(r.excludedRows.length, e.excludedRows, 'excludedRows');
  assert.equal(r.csv.skippedRows.length, e.skippedRows, 'skippedRows');
  assert.equal(r.summary.rowsChecked + r.excludedRows.length + r.csv.skippedRows.length, r.rowCount,
    'every row of the file checked, excluded or skipped');
  const seen = new Set([...r.examples.sourceRows, ...r.excludedRows.map((x) => x.row), ...r.csv.skippedRows.map((s) => s.row)]);
  assert.equal(seen.size, r.rowCount, 'each under its own row number');
  for (const x of r.excludedRows) assert.equal(x.code, 'MISSING_LABEL');
  for (const s of r.csv.skippedRows) assert.ok(['CSV_FIELD_COUNT', 'CSV_ENCODING'].includes(s.code), s.code);
  if (e.mode) assert.equal(r.mode, e.mode);
  for (const k of ['delimiter', 'encoding', 'bomStripped', 'linebreak', 'blankLines']) if (k in e) assert.equal(r.csv[k], e[k], k);
  if (e.renamed) assert.deepEqual(r.csv.renamedColumns.map((c) => c.name), e.renamed);
  for (const [name, want] of Object.entries(e.columns ?? {})) {
    const col = r.columns.find((c) => c.name === name);
    assert.ok(col, `column ${JSON.stringify(name)}`);
    assert.equal(`${col.kind}:${col.use}`, want, `column ${name}`);
  }
  checkAudit(r);
}

// The hostile inputs go through the data audit too (on by default in train mode): every row it
// names is a checked row, sets are disjoint, per-example scores have one value per example.
function checkAudit(r) {
  if (r.mode === 'probabilities') { assert.equal(r.audit, null, 'no audit without features'); return; }
  const a = r.audit;
  assert.ok(a, 'train mode has an audit');
  const checked = new Set(r.examples.sourceRows);
  const n = r.examples.sourceRows.length;
  const rows = [...a.outliers.map((o) => o.row), ...a.nearDuplicateSets.flat(), ...a.exactDuplicateSets.flat(), ...a.emptyRows,
    ...a.nonIid.rows, ...a.knnLabelIssues.map((x) => x.row)];
  for (const row of rows) assert.ok(checked.has(row), `audit row ${row} is a checked row`);
  const inSets = a.nearDuplicateSets.flat();
  assert.equal(new Set(inSets).size, inSets.length, 'near-duplicate sets are disjoint');
  for (const [name, v] of Object.entries(a.scores)) {
    assert.equal(v.length, n, `scores.${name}: one per example`);
    for (const x of v) assert.ok(x >= 0 && x <= 1, `scores.${name} in [0, 1]: ${x}`);
  }
  assert.ok(a.nonIid.pValue > 0 && a.nonIid.pValue <= 1);
}

function checkError(err, e) {
  assert.equal(err.name, 'LabelcheckError', String(err));
  assert.equal(err.code, e.code, err.message);
  for (const k of ['line', 'column', 'row']) if (k in e) assert.equal(err[k], e[k], `${k}: ${err.message}`);
  if (e.messageIncludes) assert.ok(err.message.includes(e.messageIncludes), err.message);
}

// The records of CSV text (a latin1 string: one char per byte): for each, [start, end) without
// the line break, the start of each field, and whether it is blank (empty or spaces/tabs only).
function records(text, delim) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const fields = [i];
    let fieldStart = true;
    while (i < text.length) {
      const c = text[i];
      if (fieldStart && c === '"') {
        i++;
        while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
        i++;
        fieldStart = false;
        continue;
      }
      if (c === '\n' || c === '\r') break;
      if (c === delim) { fields.push(i + 1); fieldStart = true; } else fieldStart = false;
      i++;
    }
    const end = i;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2; else if (i < text.length) i++;
    out.push({ start, end, fields, blank: fields.length === 1 && /^[ \t]*$/.test(text.slice(start, end)) });
  }
  return out;
}

// Nothing lost: `out` with the last three cells of every (non-blank) record removed equals
// `input`; every data record of the input is checked, excluded or skipped.
function assertNothingLost(input, out, r) {
  const d = r.csv.delimiter;
  const inText = input.toString('latin1');
  const outText = out.toString('latin1');
  let rebuilt = '';
  let pos = 0;
  let annotated = 0;
  let empty = 0;
  for (const rec of records(outText, d)) {
    if (rec.blank) continue;
    assert.ok(rec.fields.length >= 4, `a record with the added cells: ${outText.slice(rec.start, rec.end).slice(0, 80)}`);
    const cut = rec.fields[rec.fields.length - 3] - 1; // the delimiter before the first added cell
    rebuilt += outText.slice(pos, cut);
    pos = rec.end;
    annotated++;
    if (outText.slice(cut, rec.end) === d + d + d) empty++;
  }
  rebuilt += outText.slice(pos);
  assert.ok(rebuilt === inText, 'the input, byte for byte');
  const bom = r.csv.bomStripped ? '\ufeff' : '';
  const dataRecords = records(bom ? inText.slice(3) : inText, d).filter((x) => !x.blank).length - 1;
  assert.equal(annotated, 1 + r.rowCount, 'header + every data row (skipped ones too) annotated');
  assert.equal(r.summary.rowsChecked + r.excludedRows.length + r.csv.skippedRows.length, dataRecords,
    'checked + excluded + skipped = data records of the input');
  assert.equal(empty, r.excludedRows.length + r.csv.skippedRows.length, 'rows not checked get empty cells');
}

test('corpus: generated inputs match the sizes and checksums in cases.json', () => {
  for (const [name, want] of Object.entries(manifest.generators)) {
    const b = generate(name);
    assert.deepEqual({ size: b.length, fnv1a: fnv1a(b) }, want, name);
  }
});

test('corpus: the JS API gives every documented outcome', async (t) => {
  const lc = await api();
  assert.ok(Object.keys(debugOptions).every((name) => cases.some((c) => c.name === name)), 'debugOptions names corpus cases');
  for (const c of cases) {
    await t.test(c.name, () => {
      const o = optionsOf(c);
      const run = () => lc.checkLabels(bytesOf(c), o);
      if (c.expect.ok) checkResult(run(), c.expect);
      else assert.throws(run, (err) => { checkError(err, c.expect); return true; });
    });
  }
});

function runCli(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { cwd: tmp });
    const out = [];
    const err = [];
    p.stdout.on('data', (b) => out.push(b));
    p.stderr.on('data', (b) => err.push(b));
    p.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}

function cliArgs(o) {
  const a = [];
  if (o.label) a.push('--label', o.label);
  if (o.delimiter) a.push('--delimiter', o.delimiter === '\t' ? 'tab' : o.delimiter);
  if (o.onBadRow === 'skip') a.push('--skip-bad-rows');
  if (o.mode === 'probabilities') {
    if (o.probabilityColumns) return null; // not a CLI option
    a.push('--probabilities');
  }
  return a;
}

// The CLI always loads the release build (js/cli.js), so on the debug build this test would only
// run the same release processes again (14 s): it runs on the release build.
if (!onDebug) test('corpus: the CLI exits 0/1, names the code and position, and --out loses nothing', async (t) => {
  const jobs = cases.map((c, i) => async () => {
    const args = cliArgs(c.options ?? {});
    if (!args) return null;
    const input = path.join(tmp, `case-${i}.csv`);
    const bytes = bytesOf(c);
    writeFileSync(input, bytes);
    const out = path.join(tmp, `case-${i}.out.csv`);
    return { c, bytes, out, r: await runCli([input, ...args, '--json', '--out', out]) };
  });
  // Four at a time: each run is a node process.
  const results = [];
  for (let i = 0; i < jobs.length; i += 4) results.push(...await Promise.all(jobs.slice(i, i + 4).map((j) => j())));
  for (const x of results) {
    if (!x) continue;
    const { c, bytes, out, r } = x;
    await t.test(c.name, () => {
      const e = c.expect;
      if (!e.ok) {
        assert.equal(r.code, 1, r.err);
        assert.match(r.err, new RegExp(`^labelcheck: .*\\[${e.code}\\]\\n$`));
        if (e.line !== undefined) assert.ok(r.err.includes(`line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''}`), r.err);
        return;
      }
      assert.equal(r.code, 0, r.err);
      const res = JSON.parse(r.out);
      checkResult(res, e);
      assertNothingLost(bytes, readFileSync(out), res);
    });
  }
});

test('the shared datasets: annotateCsv keeps every row and byte, and every row is accounted for', async () => {
  const lc = await api();
  const annotate = (b, r) => Buffer.from(lc.annotateCsv(b, r));
  const meta = JSON.parse(readFileSync(path.join(datasets, 'datasets.json'), 'utf8'));
  const files = readdirSync(datasets).filter((f) => f.endsWith('.csv')).sort();
  assert.equal(files.length, 32, '24 noisy + 8 clean');
  // The four files of a dataset (clean, uniform10, uniform30, asym20) differ only in label values.
  // On the debug build (see above) one per dataset, uniform10, goes through annotateCsv: every
  // dataset's layout, columns and cells, at a quarter of the 56 s that all 32 took there.
  for (const f of files.filter((name) => !onDebug || name.endsWith('.uniform10.csv'))) {
    const bytes = readFileSync(path.join(datasets, f));
    const label = meta[f.split('.')[0]].label_column;
    // The cheapest run: annotate() only needs a result; what matters here is the bytes.
    const r = lc.checkLabels(bytes, { label, model: 'logistic', cvNFolds: 2, repeats: 1, projection: false, neighbors: 0, audit: false });
    assertNothingLost(bytes, annotate(bytes, r), r);
  }
});
