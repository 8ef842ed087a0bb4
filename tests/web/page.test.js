// The page in a real browser: headless /usr/bin/chromium driven by playwright-core, the page served
// by scripts/serve.mjs (web/ at /, js/ at /lib/). Checks what a user does (load, run, read, click,
// download, teaching mode, cancel, bad input, keyboard), that results equal the JS API's for the
// same file and options, that cell text is never HTML, and that no request leaves the origin.
// Timings (drop -> results, longest main-thread task) and the page's gzipped size are reported
// as test diagnostics; screenshots go to tests/artifacts/.
//
//   node --test --test-concurrency=1 tests/web/      (needs `npm run build` output in js/wasm/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync, createWriteStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { launch, root, datasets, LONG, waitDone, numericCsv } from './helpers/browser.js';
import { sig3 } from '../../js/cli.js'; // the CLI's number format: the page must write numbers the same way

const artifacts = path.join(root, 'tests/artifacts');

let browser, origin, tmp, context, lc;
const requests = [];

if (!existsSync(path.join(root, 'js/wasm/labelcheck.wasm'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-wasm.mjs'), 'release'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed: the page needs js/wasm/labelcheck.{js,wasm}');
}

before(async () => {
  browser = await launch('web', { acceptDownloads: true });
  ({ origin, tmp, context } = browser);
  mkdirSync(artifacts, { recursive: true });
  context.on('request', (r) => requests.push(r.url())); // the page's and its workers'
  // Every main-thread task over 50 ms, from the first script on.
  await context.addInitScript(() => {
    window.__longtasks = [];
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });
    } catch { /* not supported */ }
  });
  lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
});

after(async () => { await browser?.close(); });

const openPage = (options) => browser.openPage(options);

function writeTmp(name, content) {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

async function downloadBytes(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click(selector)]);
  const p = path.join(tmp, `dl-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(p);
  return { name: download.suggestedFilename(), bytes: readFileSync(p) };
}

// The issues CSV the page should produce, from the Node API's result.
function expectedIssueRows(r) {
  return r.issues.map((i, k) => [String(k + 1), String(i.line), String(i.row), i.givenLabel, i.suggestedLabel,
    String(i.labelQuality)]);
}

// A tiny RFC 4180 reader for checking downloads (independent of the package's reader).
function readCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') q = false; else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// ---------------------------------------------------------------------------------------------

test('upload a noisy dataset: summary, ranked rows and downloads equal the JS API', { timeout: LONG * 2 }, async (t) => {
  const { page, errors } = await openPage();
  const file = path.join(datasets, 'iris.uniform10.csv');
  const bytes = readFileSync(file);
  await page.setInputFiles('#file', file);
  await waitDone(page);

  // The same file and options through the public API in Node.
  const r = lc.checkLabels(bytes, { label: 'species', mode: 'auto', cvNFolds: 5 });
  const dd = async (key) => (await page.textContent(`#summary [data-key="${key}"] dd`)).trim().replace(/(\d),(\d)/g, '$1$2');
  assert.equal(await dd('rows-checked'), String(r.summary.rowsChecked));
  assert.equal(await dd('rows-flagged'), String(r.summary.rowsFlagged));
  assert.equal(await dd('noise-rate'), `${(100 * r.summary.estimatedNoiseRate).toFixed(1)}%`);
  assert.equal(await dd('cv-accuracy'), `${(100 * r.summary.cvAccuracy).toFixed(1)}%`);
  assert.match(await dd('health'), new RegExp(`^${r.summary.overallLabelHealthScore.toFixed(3)}`));
  assert.match(await dd('model'), new RegExp(`^${r.summary.model.replaceAll('+', '\\+')}`));
  assert.ok(r.summary.rowsFlagged > 0, 'iris.uniform10 has flagged rows');

  // The first page of the table: rank, line, given, suggested, score, in the API's order.
  const shown = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 5).map((td) => td.textContent.trim())));
  const want = r.issues.slice(0, 25).map((i, k) => [String(k + 1), String(i.line), i.givenLabel, i.suggestedLabel, sig3(i.labelQuality)]);
  assert.deepEqual(shown, want);
  // The row's own values follow (the file's columns).
  const firstValues = await page.$$eval('#issues tbody tr:first-child td.value', (tds) => tds.map((td) => td.textContent));
  const fileLines = bytes.toString('utf8').split('\n');
  assert.deepEqual(firstValues, fileLines[r.issues[0].line - 1].split(','));

  // Explanation of a row.
  await page.click('#issues tbody tr:nth-child(2)');
  await page.waitForSelector('#detail:not([hidden])');
  const i1 = r.issues[1];
  assert.match(await page.textContent('#detail-h'), new RegExp(`line ${i1.line}\\b`));
  const detail = await page.textContent('#detail-body');
  assert.ok(detail.includes(sig3(i1.givenLabelThreshold)), 'the threshold the row crossed is shown');
  assert.ok(detail.includes(sig3(i1.givenLabelProbability)));
  assert.equal(await page.$$eval('#detail-body .probs svg rect', (rs) => rs.length) > 0, true);
  const neighbourLines = await page.$$eval('#detail-body table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(neighbourLines, i1.neighbors.map((n) => String(n.line)));

  // Sorting and filtering.
  await page.click('#issues thead th:nth-child(2) button'); // line, ascending
  const lines = await page.$$eval('#issues tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  const cls = r.issues[0].givenLabel;
  await page.selectOption('#f-given', cls);
  const givens = await page.$$eval('#issues tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
  assert.equal(givens.length, r.issues.filter((i) => i.givenLabel === cls).length);
  assert.ok(givens.every((g) => g === cls));
  await page.selectOption('#f-given', '');

  // Charts exist: heatmap cells K*K, class bars, histogram, scatter canvas.
  const K = r.classNames.length;
  assert.equal(await page.$$eval('#c-noise rect.hm', (x) => x.length), K * K);
  assert.ok(await page.$('#c-classes svg'));
  assert.ok(await page.$('#c-hist svg'));
  assert.ok(await page.$('#c-scatter canvas'));

  // Issues CSV: every flagged row, ranked as the API ranks them, with the row's values.
  const issues = await downloadBytes(page, '#dl-issues');
  assert.equal(issues.name, 'iris.uniform10.issues.csv');
  const rows = readCsv(issues.bytes.toString('utf8'));
  const header = rows.shift();
  assert.deepEqual(header.slice(0, 6), ['rank', 'line', 'row', 'given_label', 'suggested_label', 'label_quality']);
  assert.deepEqual(header.slice(8), fileLines[0].split(','));
  assert.deepEqual(rows.map((x) => x.slice(0, 6)), expectedIssueRows(r));
  assert.deepEqual(rows.map((x) => x.slice(8).join(',')), r.issues.map((i) => fileLines[i.line - 1]));

  // Annotated CSV: the original bytes, with three columns added per line.
  const annotated = await downloadBytes(page, '#dl-annotated');
  checkAnnotated(bytes, annotated.bytes, r);

  await page.evaluate(() => document.getElementById('results').scrollIntoView());
  await page.screenshot({ path: path.join(artifacts, 'page-1280x800.png') });
  await page.screenshot({ path: path.join(artifacts, 'page-1280x800-full.png'), fullPage: true });
  t.diagnostic(`issues: ${r.issues.length}; annotated ${annotated.bytes.length} bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});

// Removing the added cells from every line must give back the original bytes exactly.
function checkAnnotated(original, annotated, r) {
  const text = annotated.toString('latin1'); // byte-transparent
  const added = /,("(?:[^"]|"")*"|[^,\r\n]*),("(?:[^"]|"")*"|[^,\r\n]*),("(?:[^"]|"")*"|[^,\r\n]*)(?=\r\n|\n|\r|$)/;
  const lines = text.split(/(\r\n|\n|\r)/); // keeps the separators
  let restored = '';
  const addedCells = [];
  for (let i = 0; i < lines.length; i++) {
    const part = lines[i];
    if (i % 2 === 1 || part === '') { restored += part; continue; }
    const m = added.exec(part);
    assert.ok(m, `line ${(i >> 1) + 1} has the three added cells: ${part}`);
    restored += part.slice(0, m.index);
    addedCells.push([m[1], m[2], m[3]].map((c) => Buffer.from(c, 'latin1').toString('utf8')));
  }
  assert.ok(Buffer.from(restored, 'latin1').equals(original), 'the original bytes are preserved');
  assert.deepEqual(addedCells[0], ['is_label_issue', 'label_quality', 'suggested_label']);
  // Per row: the API's verdict, score and suggestion.
  const flagged = new Set(r.issues.map((i) => i.row));
  const ex = r.examples;
  const K = r.classNames.length;
  for (let e = 0; e < ex.sourceRows.length; e++) {
    const row = ex.sourceRows[e];
    const cells = addedCells[1 + row];
    const p = ex.predProbs.data.subarray(e * K, (e + 1) * K);
    const best = p.indexOf(Math.max(...p));
    // One number format for written CSVs: full precision, as String(x) writes it.
    assert.deepEqual(cells, [flagged.has(row) ? 'true' : 'false', String(ex.labelQuality[e]), r.classNames[best]], `row ${row}`);
  }
}

test('annotated CSV keeps CRLF, quotes, UTF-8 and blank lines byte for byte (file dropped on the page)', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  const lines = ['id,"name, full",x,z,kind']; // (a column named y would be taken for the label)
  for (let i = 0; i < 80; i++) {
    const c = i % 2 ? 'alpha' : 'bêta';
    const x = (i % 2 ? 1 : -1) + ((i * 37) % 11) / 10;
    lines.push(`${i},"Ünïcode ""${i}"", é",${x.toFixed(2)},${((i * 13) % 7) / 3},${i === 5 ? 'alpha' : c}`);
    if (i === 40) lines.push('');
  }
  const content = Buffer.from(lines.join('\r\n'), 'utf8'); // no final line break
  // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
  await page.evaluate(({ b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'crlf.csv', { type: 'text/csv' }));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64: content.toString('base64') });
  await waitDone(page);
  const r = lc.checkLabels(content, { label: 'kind', mode: 'auto', cvNFolds: 5 });
  const annotated = await downloadBytes(page, '#dl-annotated');
  assert.equal(annotated.name, 'crlf.checked.csv');
  checkAnnotated(content, annotated.bytes, r);
  assert.deepEqual(errors, []);
  await page.close();
});

test('teaching mode: flips labels, then precision and recall against the flips', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await page.selectOption('#sample', 'penguins.clean.csv');
  await page.click('#load-sample');
  await waitDone(page); // the clean table is checked at once
  assert.equal(await page.textContent('#dl-annotated'), 'Download the file with 3 added columns (CSV)');
  await page.click('#teaching summary');
  await page.fill('#flip-pct', '10');
  await page.fill('#flip-seed', '7');
  await page.click('#flip-run');
  await page.waitForSelector('#teaching-score:not([hidden])', { timeout: LONG });
  await waitDone(page);

  // The same flips in Node with the page's own pure functions and the package, then the API.
  const { flipLabels, scoreFlags } = await import(path.join(root, 'web/teaching.js'));
  const bytes = readFileSync(path.join(root, 'web/samples/penguins.clean.csv'));
  const p = lc.previewCsv(bytes, { maxBytes: null, rowSpans: true });
  const column = p.columns.findIndex((c) => c.name === 'species');
  const labels = lc.rowValues(bytes, p, Array.from({ length: p.rowCount }, (_, i) => i)).map((f) => f[column]);
  const { flipped } = flipLabels(labels, 10, 7);
  assert.equal(flipped.size, Math.round(344 * 0.1));
  const changed = lc.relabelCsv(bytes, p, [...flipped].map(([row, f]) => ({ row, label: f.to })), { column });
  const r = lc.checkLabels(changed, { label: 'species', mode: 'auto', cvNFolds: 5 });
  const s = scoreFlags(r.issues.map((i) => i.row), flipped.keys());
  const box = await page.$('#teaching-score');
  assert.equal(Number(await box.getAttribute('data-precision')), s.precision);
  assert.equal(Number(await box.getAttribute('data-recall')), s.recall);
  assert.ok(s.recall > 0.5, `recall ${s.recall}`);
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  assert.match(await box.textContent(), new RegExp(`${plural(s.truePositives, 'true positive')}, ${plural(s.falsePositives, 'false positive')}, ${plural(s.falseNegatives, 'flip')} missed`));
  // The flips the check did not flag are named by line (they are in no table).
  const flagged = new Set(r.issues.map((i) => i.row));
  const missed = [...flipped].filter(([row]) => !flagged.has(row)).map(([row, f]) => `line ${p.rowSpans.lines[row]} (“${f.from}” → “${f.to}”)`);
  assert.equal(missed.length, s.falseNegatives);
  const missedText = await page.$eval('#teaching-score', (b) => b.querySelector('[data-key="missed"] dd')?.textContent ?? null);
  assert.equal(missedText, missed.length ? missed.sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1])).join('; ') : null);
  // True and false positives are marked in the table.
  const marks = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => tr.className.includes('tp') ? 'tp' : tr.className.includes('fp') ? 'fp' : '?'));
  const want = r.issues.slice(0, 25).map((i) => (flipped.has(i.row) ? 'tp' : 'fp'));
  assert.deepEqual(marks, want);
  // Its annotated file says the labels before the flips too, and the button says so.
  assert.match(await page.textContent('#dl-annotated'), /^Download the file with 4 added columns/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('number fields show the value that runs (put right in the field); the model hint follows the choice', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#file', path.join(datasets, 'iris.uniform10.csv'));
  await waitDone(page);
  await page.fill('#folds', '50');
  await page.click('#run');
  await waitDone(page);
  assert.equal(await page.inputValue('#folds'), '20');
  assert.match(await page.textContent('#summary [data-key="model"] dd'), /, 20-fold cross-validation/);
  await page.fill('#folds', '1');
  await page.click('#run');
  await waitDone(page);
  assert.equal(await page.inputValue('#folds'), '2');
  assert.match(await page.textContent('#summary [data-key="model"] dd'), /, 2-fold cross-validation/);
  // The model's hint follows the choice; with the probabilities given, no model or folds apply.
  await page.selectOption('#model', 'knn');
  assert.match(await page.textContent('#model-why'), /^Nearest neighbours alone/);
  assert.equal(await page.isDisabled('#model'), false);
  await page.selectOption('#mode', 'probabilities');
  assert.equal(await page.isDisabled('#model'), true);
  assert.equal(await page.isDisabled('#folds'), true);
  assert.match(await page.textContent('#model-why'), /^No model is trained/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('two files dropped at once: the first is checked, and the page says the other was not read', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  const iris = readFileSync(path.join(datasets, 'iris.uniform10.csv'), 'utf8');
  await page.evaluate(([a, b]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'one.csv', { type: 'text/csv' }));
    dt.items.add(new File([b], 'two.csv', { type: 'text/csv' }));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [iris, iris]);
  await waitDone(page);
  assert.match(await page.textContent('#file-info'), /^one\.csv: checked in .*, \d+ rows? flagged\. 1 other file was dropped with it and not read: drop one file at a time\.$/);
  // One file: no such sentence.
  await page.setInputFiles('#file', path.join(datasets, 'iris.uniform10.csv'));
  await waitDone(page);
  assert.match(await page.textContent('#file-info'), /^iris\.uniform10\.csv: checked in /);
  assert.doesNotMatch(await page.textContent('#file-info'), /other file/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('cancel stops a long run; the page returns to idle and a new run works', { timeout: LONG * 2 }, async (t) => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#file', path.join(datasets, 'letter.uniform10.csv'));
  await page.waitForSelector('body[data-state="running"]');
  await page.waitForFunction(() => /Cross-validation/.test(document.getElementById('stage').textContent), null, { timeout: LONG });
  const workersBefore = page.workers().length;
  const t0 = Date.now();
  await page.click('#cancel');
  await page.waitForSelector('body[data-state="idle"]', { timeout: 5000 });
  t.diagnostic(`cancel -> idle in ${Date.now() - t0} ms (workers before ${workersBefore})`);
  assert.equal(await page.isVisible('#status'), false);
  assert.match(await page.textContent('#file-info'), /Cancelled/);
  assert.equal(await page.isEnabled('#run'), true);
  // The same file runs again (the new worker was given the bytes again) and completes.
  await page.click('#run');
  await waitDone(page);
  const r = lc.checkLabels(readFileSync(path.join(datasets, 'letter.uniform10.csv')), { label: 'lettr', mode: 'auto', cvNFolds: 5 });
  assert.equal((await page.textContent('#summary [data-key="rows-flagged"] dd')).trim().replaceAll(',', ''), String(r.summary.rowsFlagged));
  const firstLines = await page.$$eval('#issues tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(firstLines, r.issues.slice(0, 25).map((i) => String(i.line)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('label guess: the package\'s rule and reasons; a continuous column is flagged before anything runs', { timeout: LONG * 2 }, async () => {
  const { page, errors } = await openPage();
  const chosen = () => page.$eval('#label-col', (s) => s.selectedOptions[0].textContent.replace(/ \(.*$/, ''));
  // digits: numbers only, the digit last (the CLI used to find no label here).
  const digits = path.join(datasets, 'digits.uniform10.csv');
  await page.setInputFiles('#file', digits);
  await page.waitForSelector('body[data-state="running"], body[data-state="done"], body[data-state="ready"]', { timeout: LONG });
  const cli = lc.previewCsv(readFileSync(digits)).guess;
  assert.equal(await chosen(), 'digit');
  assert.equal(await chosen(), cli.labelName, 'the page and the package guess alike');
  assert.match(await page.textContent('#label-why'), /^Guessed: last column; whole numbers; class codes 0 to 9/);
  await waitDone(page);
  // hpc: choosing "hour" (924 distinct numbers) warns, and the check refuses it unless allowed.
  await page.setInputFiles('#file', path.join(datasets, 'hpc.uniform10.csv'));
  await waitDone(page);
  assert.equal(await chosen(), 'class');
  assert.equal(await page.isVisible('#label-warning'), false);
  assert.equal(await page.isVisible('#allow-continuous'), false, 'the box to allow a continuous label only beside its warning');
  await page.selectOption('#label-col', { label: 'hour (number, 924 distinct)' });
  assert.equal(await page.isVisible('#label-warning'), true);
  assert.equal(await page.isVisible('#allow-continuous'), true);
  assert.equal(await page.textContent('#label-why'), 'Your choice (the guess was “class”).');
  assert.match(await page.textContent('#label-warning'), /“hour” looks continuous \(924 distinct numbers\): this looks like a measurement, not a label/);
  await page.click('#run');
  await page.waitForSelector('body[data-state="error"]', { timeout: LONG });
  assert.equal(await page.getAttribute('#error', 'data-code'), 'LABEL_LOOKS_CONTINUOUS');
  assert.match(await page.textContent('#error'), /tick “Check it anyway” under it/);
  await page.selectOption('#label-col', { label: 'class (category, 4 distinct)' });
  assert.equal(await page.isVisible('#label-warning'), false);
  assert.match(await page.textContent('#label-why'), /^Guessed: /);
  assert.deepEqual(errors, []);
  await page.close();
});

test('malformed CSV: a clear error with line and column', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  const rows = ['a,b,label'];
  for (let i = 0; i < 30; i++) rows.push(`${i},${i % 3},${i % 2 ? 'x' : 'y'}`);
  const unclosed = [...rows.slice(0, 20), '7,"unclosed,x', ...rows.slice(20)].join('\n') + '\n';
  await page.setInputFiles('#file', writeTmp('unclosed.csv', unclosed));
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'CSV_UNCLOSED_QUOTE');
  const text = await page.textContent('#error');
  assert.match(text, /line 21, column 3/);
  assert.match(text, /never closed|unclosed|quote/i);
  // The package's own parser reports the same place when the check runs.
  await page.evaluate(() => { delete document.getElementById('error').dataset.code; });
  await page.click('#run');
  await page.waitForSelector('#error[data-code]:not([hidden])', { timeout: LONG });
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'CSV_UNCLOSED_QUOTE');
  assert.equal(await page.getAttribute('#error', 'data-line'), '21');

  // A row with too many fields: reported by the package with its line and column.
  const ragged = [...rows.slice(0, 10), '1,2,x,extra', ...rows.slice(10)].join('\n') + '\n';
  await page.setInputFiles('#file', writeTmp('ragged.csv', ragged));
  await page.waitForSelector('body[data-state="error"]');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'CSV_FIELD_COUNT');
  assert.equal(await page.getAttribute('#error', 'data-line'), '11');
  assert.match(await page.textContent('#error'), /line 11, column \d+/);
  // Skipping malformed rows: the check runs and says which line it left out.
  await page.check('#skip-bad');
  await page.click('#run');
  await waitDone(page);
  assert.match(await page.textContent('#summary [data-key="skipped"] dd'), /^1, at line 11$/);
  assert.equal((await page.textContent('#summary [data-key="rows-checked"] dd')).trim(), '30');
  assert.deepEqual(errors, []);
  await page.close();
});

test('how the file was read: the preview\'s and the check\'s notes, as text', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  // Latin-1 bytes, a repeated column name, a class of one row and a name that is markup.
  const lines = ['x,x,label'];
  for (let i = 0; i < 40; i++) lines.push(`${i},${(i * 7) % 11},${i % 2 ? 'a' : 'b'}`);
  const bytes = Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from('41,3,<b>caf'), Buffer.from([0xe9]), Buffer.from('</b>\n')]);
  await page.uncheck('#autorun');  // the preview's notes first, then the check's
  await page.setInputFiles('#file', writeTmp('latin1-notes.csv', bytes));
  await page.waitForSelector('#file-warnings:not([hidden])');
  assert.deepEqual(await page.$$eval('#file-warnings li', (li) => li.map((x) => x.textContent)), [
    'The file is not UTF-8; it was read as Latin-1 (ISO-8859-1)',
    'Column 2 repeats the name "x": called "x_2"',
  ]);
  await page.click('#run');
  await waitDone(page);
  const notes = await page.$$eval('#summary [data-key="warnings"] li', (li) => li.map((x) => x.textContent));
  assert.deepEqual(notes.slice(0, 2), ['The file is not UTF-8; it was read as Latin-1 (ISO-8859-1)', 'Column 2 repeats the name "x": called "x_2"']);
  assert.equal(notes[2], 'Class "<b>caf\u00e9</b>" has a single row: a threshold from one row is unreliable, and so are the issues it decides');
  assert.equal(await page.getAttribute('#file-warnings', 'hidden'), '', 'the check\'s notes replace the preview\'s');
  assert.equal(await page.$$eval('#summary [data-key="warnings"] b', (b) => b.length), 0, 'cell text never becomes markup');
  // Downloads made from the values of a Latin-1 file are UTF-8 and say so with a byte-order mark
  // (a spreadsheet would read them in its code page otherwise); a UTF-8 file's have none (the
  // iris test reads 'rank' as the first field).
  for (const button of ['#dl-issues', '#dl-audit']) {
    const { bytes: got } = await downloadBytes(page, button);
    assert.deepEqual([...got.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${button}: a UTF-8 byte-order mark`);
    assert.equal(got.toString('utf8').slice(1).split(',')[0], button === '#dl-issues' ? 'rank' : 'check');
  }
  // A plain file: no notes at all.
  await page.setInputFiles('#file', path.join(datasets, 'iris.uniform10.csv'));
  await page.waitForSelector('#file-warnings[hidden]', { state: 'attached' });
  // A malformed record: the error says how to go round it, and no note describes a lenient reading.
  const ragged = readFileSync(path.join(datasets, 'iris.uniform10.csv'), 'utf8').split('\n');
  ragged[30] += ',extra';
  await page.setInputFiles('#file', writeTmp('ragged-notes.csv', ragged.join('\n')));
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /Tick “skip rows with the wrong number of fields”/);
  assert.equal(await page.getAttribute('#file-warnings', 'hidden'), '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('cell text is shown as text: HTML, scripts and event handlers in the file never run', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  const evil = [
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=2</script>',
    '"><svg onload="window.__pwned=3">',
  ];
  const lines = ['"<b>bold</b>",note,x,label'];
  for (let i = 0; i < 60; i++) {
    const label = i % 2 ? '<i onmouseover="window.__pwned=4">A</i>' : '<u>B</u>';
    const x = (i % 2 ? 2 : -2) + ((i * 7) % 5) / 5;
    lines.push(`${i},"${evil[i % 3].replaceAll('"', '""')}",${x},"${(i % 10 === 3 ? '<u>B</u>' : label).replaceAll('"', '""')}"`);
  }
  await page.setInputFiles('#file', writeTmp('evil.csv', lines.join('\n') + '\n'));
  await waitDone(page);
  // Literal text in the preview, the table, the explanation and the chart labels.
  const previewText = await page.textContent('#preview');
  for (const e of evil) assert.ok(previewText.includes(e), `preview shows ${e} literally`);
  assert.ok(previewText.includes('<b>bold</b>'));
  assert.equal(await page.$$eval('#preview img, #preview script, #preview svg, #preview b, #issues i, #issues u', (x) => x.length), 0);
  const table = await page.textContent('#issues');
  assert.ok(table.includes('<i onmouseover="window.__pwned=4">A</i>') && table.includes('<u>B</u>'), table);
  await page.click('#issues tbody tr:first-child');
  await page.waitForSelector('#detail:not([hidden])');
  assert.ok((await page.textContent('#detail-body')).includes('<'));
  assert.ok((await page.textContent('#c-noise')).includes('<'));
  // Hovering everything would fire an onmouseover if one existed.
  for (const cell of await page.$$('#issues tbody td')) await cell.hover().catch(() => {});
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.ok(!requests.some((u) => u === `${origin}/x`), 'the <img src=x> was never requested');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard: Tab reaches the file picker and Enter opens it; Enter on the Check button runs', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  page.on('filechooser', () => {}); // file chooser interception must be on before the key press
  await page.waitForTimeout(500);
  const tabTo = async (id, max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    }
    assert.fail(`Tab never reached #${id}`);
  };
  await tabTo('file');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(path.join(datasets, 'iris.asym20.csv'));
  await waitDone(page);
  await page.focus('#label-col');
  await tabTo('run');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-state="running"], body[data-state="done"]');
  await waitDone(page);
  // A row's explanation by keyboard.
  await page.focus('#f-suggested');
  await tabTo('issues', 5).catch(() => {}); // the scrollable table region is focusable
  await page.focus('#issues tbody tr:first-child button.explain');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail:not([hidden])');
  // Every control has an accessible name.
  const unnamed = await page.$$eval('input, select, button', (els) => els.filter((e) => {
    if (e.type === 'hidden' || e.closest('[hidden]')) return false;
    const label = e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
    return !label && !(e.tagName === 'BUTTON' && e.textContent.trim());
  }).map((e) => e.outerHTML));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('phone width: results fit 390 px without sideways scrolling of the page', { timeout: LONG }, async () => {
  const { page, errors } = await openPage({ width: 390, height: 844 });
  await page.setInputFiles('#file', path.join(datasets, 'penguins.uniform10.csv'));
  await waitDone(page);
  await page.click('#issues tbody tr:first-child');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.evaluate(() => document.getElementById('results').scrollIntoView());
  await page.screenshot({ path: path.join(artifacts, 'page-390x844.png') });
  await page.evaluate(() => document.getElementById('detail').scrollIntoView());
  await page.screenshot({ path: path.join(artifacts, 'page-390x844-detail.png') });
  await page.screenshot({ path: path.join(artifacts, 'page-390x844-full.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// 10,000 rows x 20 numeric columns + label, as in the performance target.
test('performance: drop -> results for 10,000 x 20 numeric, longest main-thread task', { timeout: LONG }, async (t) => {
  const { page, errors } = await openPage();
  const file = writeTmp('perf-10k.csv', numericCsv(10_000, 20));
  await page.evaluate(() => { window.__longtasks.length = 0; });
  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  await waitDone(page);
  const ms = Date.now() - t0;
  const longtasks = await page.evaluate(() => window.__longtasks);
  const longest = Math.max(0, ...longtasks);
  t.diagnostic(`drop -> results: ${ms} ms; main-thread long tasks: ${longtasks.length}, longest ${Math.round(longest)} ms`);
  console.log(`# perf: drop -> results ${ms} ms, longest main-thread task ${Math.round(longest)} ms`);
  assert.ok(ms < 60_000, `${ms} ms`); // target 5 s on the dev machine; reported, loosely bounded here
  assert.ok(longest < 1000, `a main-thread task took ${longest} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('performance: a 100 MB file loads (preview) without freezing the page', { timeout: LONG * 2 }, async (t) => {
  const { page, errors } = await openPage();
  await page.uncheck('#autorun');
  const file = path.join(tmp, 'big.csv');
  await new Promise((resolve, reject) => {
    const ws = createWriteStream(file);
    ws.on('error', reject);
    const block = numericCsv(20_000, 20).split('\n').slice(1).join('\n'); // ~1.9 MB without header
    ws.write('f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,f12,f13,f14,f15,f16,f17,f18,f19,label\n');
    let size = 0;
    const more = () => {
      while (size < 100e6) {
        size += block.length;
        if (!ws.write(block)) { ws.once('drain', more); return; }
      }
      ws.end(resolve);
    };
    more();
  });
  await page.evaluate(() => { window.__longtasks.length = 0; });
  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  await page.waitForSelector('body[data-state="ready"]', { timeout: LONG });
  const ms = Date.now() - t0;
  const longest = Math.max(0, ...(await page.evaluate(() => window.__longtasks)));
  t.diagnostic(`${(statSync(file).size / 1e6).toFixed(0)} MB: load -> preview ${ms} ms, longest main-thread task ${Math.round(longest)} ms`);
  assert.match(await page.textContent('#file-info'), /MB/);
  assert.equal(await page.$$eval('#preview tbody tr', (x) => x.length), 20);
  assert.ok(longest < 1000, `a main-thread task took ${longest} ms`);
  assert.deepEqual(errors, []);
  await page.close();
  rmSync(file);
});

test('size: the page\'s JS, CSS, HTML and WASM under 1 MB gzipped', (t) => {
  const files = [
    ...readdirSync(path.join(root, 'web')).filter((f) => /\.(js|css|html)$/.test(f)).map((f) => path.join(root, 'web', f)),
    ...['index.js', 'options.js', 'instance.js', 'marshal.js', 'confident-learning.js', 'pipeline.js', 'csv.js', 'review.js', 'errors.js', 'browser-load.js', 'parallel.js', 'cv-schedule.js', 'cv-thread.js', 'cv-thread-calls.js', 'wasm/labelcheck.js', 'wasm/labelcheck.wasm'].map((f) => path.join(root, 'js', f)),
  ];
  let raw = 0, gz = 0;
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  t.diagnostic(`page + package: ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzipped (${files.length} files)`);
  console.log(`# size: ${(gz / 1024).toFixed(0)} KB gzipped`);
  assert.ok(gz < 1024 * 1024);
});

test('privacy: every request of every test stayed on the page\'s origin', () => {
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.endsWith('/lib/wasm/labelcheck.wasm')), 'the worker fetched the wasm (and was observed)');
  assert.ok(requests.some((u) => u.endsWith('/worker.js')));
});
