// The data audit on the page (web/audit-view.js): after a check, one card per audit check with
// the counts the package's checkLabels gives for the same file, duplicate sets side by side
// with the rows' own values, the audit's download and the file with one row per duplicate set (byte for byte). The file: iris with an exact copy of a
// row, a far-away row and a row without any feature value appended, so that every table shows.
// A screenshot of the audit goes to tests/artifacts/audit.png.
//
//   node --test --test-concurrency=1 tests/web/audit.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, root, datasets, LONG, waitDone } from './helpers/browser.js';

let browser, lc;
const requests = [];

before(async () => {
  browser = await launch('web-audit', { acceptDownloads: true });
  browser.context.on('request', (r) => requests.push(r.url()));
  lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
});
after(async () => { await browser?.close(); });

// iris (150 rows), then: row 150 = a copy of row 7, row 151 = far away, row 152 = no features,
// row 153 = a copy of row 28's features with another label.
function auditFile() {
  const text = readFileSync(path.join(datasets, 'iris.clean.csv'), 'utf8');
  const lines = text.trimEnd().split('\n');
  const relabelled = lines[29].replace(/,[^,]*$/, ',virginica');
  return `${[...lines, lines[8], '79,35,69,25,virginica', ',,,,versicolor', relabelled].join('\n')}\n`;
}

test('the page shows the audit: cards with the package\'s counts, sets side by side, the download', async () => {
  const csv = auditFile();
  const file = path.join(browser.tmp, 'iris-audit.csv');
  writeFileSync(file, csv);
  const want = lc.checkLabels(csv, { label: 'species' }).audit;
  assert.ok(want.exactDuplicateSets.some((s) => s.includes(7) && s.includes(150)), 'the copy is found by the package');
  assert.ok(want.outliers.some((o) => o.row === 151), 'the far row is an outlier');
  assert.deepEqual(want.emptyRows, [152]);

  const { page, errors } = await browser.openPage();
  await page.setInputFiles('#file', file);
  await waitDone(page);
  await page.waitForSelector('#audit:not([hidden]) .audit-cards', { timeout: LONG });

  const cards = await page.$$eval('#audit .audit-card', (els) => els.map((e) => ({
    key: e.dataset.key, count: Number(e.dataset.count), flagged: e.classList.contains('flagged'), text: e.textContent })));
  const byKey = Object.fromEntries(cards.map((c) => [c.key, c]));
  assert.equal(byKey.outliers.count, want.outliers.length);
  assert.equal(byKey['near-duplicates'].count, want.nearDuplicateSets.length);
  assert.equal(byKey['empty-rows'].count, 1);
  assert.equal(byKey['knn-labels'].count, want.knnLabelIssues.length);
  assert.equal(byKey['class-imbalance'].flagged, want.classImbalance.flagged);
  assert.equal(byKey['non-iid'].flagged, want.nonIid.flagged);
  for (const c of cards) assert.ok(c.text.length > 40, `card ${c.key} says what it means`);

  // The copy's set: both rows side by side, with the file's values as text.
  const sets = await page.$$eval('#audit [data-key="near-duplicates"] table', (tables) => tables.map((t) => ({
    caption: t.querySelector('caption').textContent,
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)) })));
  const copy = sets.find((s) => s.rows.some((r) => r[0] === '150'));
  assert.ok(copy, 'the set with the copied row is shown');
  assert.match(copy.caption, /exact copies: rows 7 = 150/);
  // A set whose rows' labels differ says so (one of them is likely wrong); the others do not.
  const relabelled = sets.find((s) => s.rows.some((r) => r[0] === '153'));
  assert.ok(relabelled, 'the copy with another label is shown');
  assert.match(relabelled.caption, new RegExp(`rows 28 = 153; labels differ \\("setosa", "virginica"\\): the file with one row per set keeps row ${relabelled.rows[0][0]}’s$`));
  for (const set of sets) assert.equal(/labels differ/.test(set.caption), new Set(set.rows.map((r) => r.at(-1))).size > 1, set.caption);
  const original = csv.split('\n')[8].split(',');
  // Each row with its line in the file (the header is line 1, as in the results table).
  for (const r of copy.rows) assert.equal(r[1], String(Number(r[0]) + 2));
  for (const r of copy.rows.filter((r) => r[0] === '7' || r[0] === '150')) assert.deepEqual(r.slice(2), original);
  const outlierRows = await page.$$eval('#audit [data-key="outliers"] tbody tr', (trs) => trs.map((tr) => tr.dataset.row));
  assert.deepEqual(outlierRows.map(Number), want.outliers.slice(0, 25).map((o) => o.row));
  assert.deepEqual(await page.$$eval('#audit [data-key="empty-rows"] tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent)), ['152']);

  // The download: every flagged row once per check, with its values.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click('#dl-audit')]);
  assert.equal(download.suggestedFilename(), 'iris-audit.audit.csv');
  const saved = path.join(browser.tmp, 'iris-audit.audit.csv');
  await download.saveAs(saved);
  const lines = readFileSync(saved, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  assert.deepEqual(lines[0], ['check', 'set', 'row', 'line', 'score', ...csv.split('\n')[0].split(',')]);
  const count = (check) => lines.filter((l) => l[0] === check).length;
  assert.equal(count('outlier'), want.outliers.length);
  assert.equal(count('near_duplicate') + count('exact_duplicate'), want.nearDuplicateSets.flat().length);
  assert.deepEqual(lines.filter((l) => l[0] === 'exact_duplicate').map((l) => Number(l[2])).sort((a, b) => a - b),
    want.exactDuplicateSets.flat().sort((a, b) => a - b));
  assert.deepEqual(lines.find((l) => l[0] === 'empty_row').slice(2), ['152', '154', '', '', '', '', '', 'versicolor']);
  const far = lines.find((l) => l[0] === 'outlier' && l[2] === '151');
  assert.deepEqual(far.slice(3), ['153', far[4], '79', '35', '69', '25', 'virginica']);
  // The neighbours' vote: every row it flags, with the share of its nearest rows that agree.
  assert.ok(want.knnLabelIssues.length > 0);
  assert.deepEqual(lines.filter((l) => l[0] === 'knn_label_issue').map((l) => [Number(l[2]), Number(l[4])]),
    want.knnLabelIssues.map((i) => [i.row, i.labelQuality]));
  for (const l of lines.slice(1)) assert.equal(l[3], String(Number(l[2]) + 2), 'each row with its line (the header is line 1)');
  const knnRows = await page.$$eval('#audit [data-key="knn-labels"] tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.row)));
  assert.deepEqual(knnRows, want.knnLabelIssues.slice(0, 25).map((i) => i.row));
  // The cards' boxes of tables are named; the deduplicated download says how many rows it leaves out.
  assert.ok(await page.$$eval('#audit section.audit-table', (s) => s.every((x) => x.getAttribute('aria-label'))));
  const drops = want.nearDuplicateSets.reduce((n, set) => n + set.length - 1, 0);
  assert.match(await page.textContent('#dl-deduplicated'), new RegExp(`: ${drops} rows? of exact and near copies left out`));

  // One row per duplicate set: the sets' later rows dropped, every other byte kept.
  const [dedup] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click('#dl-deduplicated')]);
  assert.equal(dedup.suggestedFilename(), 'iris-audit.deduplicated.csv');
  const dedupPath = path.join(browser.tmp, 'iris-audit.deduplicated.csv');
  await dedup.saveAs(dedupPath);
  const dropped = new Set(want.nearDuplicateSets.flatMap((set) => set.slice(1)));
  const fileLines = csv.split('\n');
  const expected = [fileLines[0], ...fileLines.slice(1, -1).filter((_, row) => !dropped.has(row))].join('\n') + '\n';
  assert.ok(dropped.has(150), 'the copy of row 7 is dropped');
  assert.equal(readFileSync(dedupPath, 'utf8'), expected);

  mkdirSync(path.join(root, 'tests/artifacts'), { recursive: true });
  await page.locator('#audit').screenshot({ path: path.join(root, 'tests/artifacts/audit.png') });
  assert.deepEqual(errors, []);
  const foreign = requests.filter((u) => !u.startsWith(browser.origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request leaves the page\'s origin');
  await page.close();
});
