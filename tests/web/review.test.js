// The review on the page, in headless Chromium: a whole review done with the keyboard only and
// the cleaned file checked byte for byte (against a file this test writes itself from its
// records, and against the package's applyReview and `labelcheck apply` with the page's log);
// a reload in the middle of a review loses nothing; the results table sorts every column,
// searches, pages and shows long cells whole.
//
//   node --test --test-concurrency=1 tests/web/review.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, root, LONG, waitDone } from './helpers/browser.js';

let browser, origin, tmp, context, lc;

before(async () => {
  browser = await launch('review', { acceptDownloads: true });
  ({ origin, tmp, context } = browser);
  lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
});
after(async () => { await browser?.close(); });

const openPage = (options) => browser.openPage(options);

async function loadFile(page, file) {
  await page.evaluate(() => { document.body.dataset.state = 'test-loading'; });
  await page.setInputFiles('#file', file);
  await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: LONG });
  if (await page.getAttribute('body', 'data-state') === 'error') assert.fail(await page.textContent('#error'));
  await page.waitForSelector('#review[data-ready="true"]');
}

async function download(page, trigger) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), trigger()]);
  const p = path.join(tmp, `dl-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(p);
  return { name: d.suggestedFilename(), bytes: readFileSync(p), path: p };
}

// A CSV written here from records (the oracle for the cleaned file): BOM, CRLF, quoted fields
// with line breaks, commas and quotes inside, and a class whose name needs quotes.
const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const serialize = (records) => `\ufeff${records.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;

function awkwardRecords() {
  const classes = ['cat', 'dog', 'big, cat'];
  let seed = 11;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  const records = [['id', 'note', 'x', 'y', 'label']];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    const label = rnd() < 0.12 ? classes[(c + 1) % 3] : classes[c];
    const note = i % 4 === 0 ? `first line ${i}\r\nsecond, "quoted" line` : `note ${i}`;
    records.push([String(i), note, (c * 3 + rnd()).toFixed(3), ((c % 2) * 3 + rnd()).toFixed(3), label]);
  }
  return records;
}

// ---------------------------------------------------------------------------------------------

test('a whole review with the keyboard only; the cleaned file byte for byte; log, applyReview and labelcheck apply agree', { timeout: LONG * 2 }, async () => {
  const records = awkwardRecords();
  const file = path.join(tmp, 'awkward.csv');
  writeFileSync(file, serialize(records));
  const bytes = readFileSync(file);
  const r = lc.checkLabels(bytes, { label: 'label' });
  const n = r.issues.length;
  assert.ok(n >= 5, `${n} flagged rows to review`);

  const { page, errors } = await openPage();
  await loadFile(page, file);
  assert.equal(await page.textContent('#review-count'), `reviewed 0 of ${n}`);
  assert.equal(await page.isVisible('#review-done'), false);
  // A check started with Enter: the focus waits on Cancel, then goes to the results (not <body>).
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  await page.focus('#run');
  await page.evaluate(() => {
    window.focusLog = [];
    document.addEventListener('focusin', (e) => window.focusLog.push(e.target.id || e.target.tagName));
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'results-h');
  await waitDone(page);
  assert.deepEqual(await page.evaluate(() => window.focusLog), ['cancel', 'results-h']);

  // Focus reaches the review panel by Tab.
  for (let i = 0; i < 200 && !(await page.evaluate(() => document.activeElement?.id === 'review-card')); i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-card');

  // A decision per rank, by key: accept, drop, keep, relabel to "big, cat" by its digit, skip then undo then drop.
  const digit = String(r.classNames.indexOf('big, cat') + 1);
  const want = new Map(); // row -> {decision, newLabel}
  for (let k = 0; k < n; k++) {
    const issue = r.issues[k];
    assert.equal(await page.getAttribute('#review-card', 'data-rank'), String(k + 1));
    const plan = k % 5;
    if (plan === 0) {
      await page.keyboard.press('a');
      want.set(issue.row, issue.suggestedLabel === issue.givenLabel ? { decision: 'keep' } : { decision: 'relabel', newLabel: issue.suggestedLabel });
    } else if (plan === 1) {
      await page.keyboard.press('d');
      want.set(issue.row, { decision: 'drop' });
    } else if (plan === 2) {
      await page.keyboard.press('k');
      want.set(issue.row, { decision: 'keep' });
    } else if (plan === 3) {
      await page.keyboard.press(digit);
      want.set(issue.row, issue.givenLabel === 'big, cat' ? { decision: 'keep' } : { decision: 'relabel', newLabel: 'big, cat' });
    } else {
      await page.keyboard.press('s');
      await page.waitForFunction((rank) => document.getElementById('review-card').dataset.rank === String(rank), Math.min(n, k + 2));
      if (k + 1 < n) assert.match(await page.textContent('#review-count'), /\(1 skipped\)/);
      await page.keyboard.press('u'); // back to this row, the skip undone
      await page.waitForFunction((rank) => document.getElementById('review-card').dataset.rank === String(rank), k + 1);
      // On the last row the rank never moved: wait for the undo itself (a timeout fails the test).
      await page.waitForFunction(() => document.getElementById('review-state').textContent === 'Not decided yet.');
      assert.equal(await page.textContent('#review-state'), 'Not decided yet.');
      await page.keyboard.press('d');
      want.set(issue.row, { decision: 'drop' });
    }
    // The panel moves on (the last row stays), with the counter.
    const next = Math.min(n, k + 2);
    await page.waitForFunction(([rank, done]) => document.getElementById('review-card').dataset.rank === String(rank)
      && document.getElementById('review-count').dataset.done === String(done), [next, k + 1]);
  }
  assert.equal(await page.textContent('#review-count'), `reviewed ${n} of ${n}`);
  assert.match(await page.textContent('#review-done'), /^Every flagged row is decided: download the cleaned file/);
  assert.equal(await page.isVisible('#review-done'), true);
  // ← goes back and shows the decision made.
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((rank) => document.getElementById('review-card').dataset.rank === String(rank), n - 1);
  assert.match(await page.textContent('#review-state'), /^Your decision: /);
  // One live announcement per row: the row, its decision and the count.
  assert.equal(await page.textContent('#review-announce'),
    `${await page.textContent('#review-title')}. ${await page.textContent('#review-state')} reviewed ${n} of ${n}.`);
  // "Next" pressed onto the last row is disabled there: the focus goes to the panel, where the keys work.
  await page.focus('#rv-next');
  await page.keyboard.press('Enter');
  await page.waitForFunction((rank) => document.getElementById('review-card').dataset.rank === String(rank), n);
  assert.equal(await focused(), 'review-card');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((rank) => document.getElementById('review-card').dataset.rank === String(rank), n - 1);
  // The table shows the decisions too.
  const shownDecision = await page.$eval(`#issues tbody tr[data-row="${r.issues[1].row}"] td.decision`, (td) => td.textContent);
  assert.equal(shownDecision, 'dropped');

  // Downloads by keyboard: Tab to the button, Enter.
  const tabTo = async (id) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    }
    assert.fail(`Tab never reached #${id}`);
  };
  await tabTo('dl-cleaned');
  const cleaned = await download(page, () => page.keyboard.press('Enter'));
  assert.equal(cleaned.name, 'awkward.cleaned.csv');
  assert.equal(await focused(), 'dl-cleaned', 'the button keeps the focus while and after it works');
  await tabTo('dl-log');
  const log = await download(page, () => page.keyboard.press('Enter'));
  assert.equal(log.name, 'awkward.review-log.csv');

  // The oracle: the records with the decisions applied, written by this test's serializer.
  const expected = serialize([records[0], ...records.slice(1).flatMap((rec, row) => {
    const d = want.get(row);
    if (d?.decision === 'drop') return [];
    if (d?.decision === 'relabel') return [[...rec.slice(0, 4), d.newLabel]];
    return [rec];
  })]);
  assert.equal(cleaned.bytes.toString('utf8'), expected);
  assert.deepEqual(cleaned.bytes, Buffer.from(expected, 'utf8'), 'byte for byte, BOM included');
  assert.ok(expected.includes('"big, cat"') && want.size === n);

  // The log: one line per flagged row, in rank order, read back by the package.
  const p = lc.previewCsv(log.bytes, { maxBytes: null, rowSpans: true });
  assert.deepEqual(p.columns.map((c) => c.name), ['line', 'row', 'given', 'decision', 'new_label', 'label_quality']);
  const rows = lc.rowValues(log.bytes, p, Array.from({ length: p.rowCount }, (_, i) => i));
  assert.deepEqual(rows, r.issues.map((i) => [String(i.line), String(i.row), i.givenLabel, want.get(i.row).decision,
    want.get(i.row).newLabel ?? '', String(i.labelQuality)]));
  // The package's applyReview, given the page's decisions or the page's log, writes the same bytes.
  const decisions = [...want].map(([row, d]) => ({ row, ...d }));
  assert.deepEqual(Buffer.from(lc.applyReview(bytes, decisions)), cleaned.bytes);
  assert.deepEqual(Buffer.from(lc.applyReview(bytes, log.bytes)), cleaned.bytes);
  const out = path.join(tmp, 'cli.cleaned.csv');
  const cli = spawnSync(process.execPath, [path.join(root, 'js/cli.js'), 'apply', file, '--review', log.path, '--out', out]);
  assert.equal(cli.status, 0, String(cli.stderr));
  assert.deepEqual(readFileSync(out), cleaned.bytes);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a reload in the middle of a review loses nothing (IndexedDB, keyed by the file\'s SHA-256)', { timeout: LONG }, async () => {
  const file = path.join(root, 'web/samples/penguins.asym20.csv');
  const r = lc.checkLabels(readFileSync(file), {});
  const { page, errors } = await openPage();
  await loadFile(page, file);
  // Five decisions with the mouse: keep, drop, accept, a class from the list, skip.
  await page.click('#rv-keep');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '2');
  await page.click('#rv-drop');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '3');
  await page.click('#rv-accept');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '4');
  await page.selectOption('#rv-class', { label: r.classNames[0] });
  await page.click('#rv-relabel');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '5');
  await page.click('#rv-skip');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '6');
  const before = await page.textContent('#review-count');
  assert.match(before, /^reviewed [34] of \d+ \(1 skipped\)$/);

  await page.reload();
  await page.waitForSelector('body[data-state="idle"]');
  await loadFile(page, file);
  assert.equal(await page.textContent('#review-count'), before, 'the counter as it was');
  assert.equal(await page.getAttribute('#review-card', 'data-rank'), '6', 'where the review was');
  assert.match(await page.textContent('#review-saved'), /^Resumed the review saved in this browser \(5 decisions/);
  const decisions = await page.$$eval('#issues tbody tr', (trs) => trs.slice(0, 5).map((tr) => tr.querySelector('td.decision').textContent));
  const i3 = r.issues[2];
  const relabel = (to) => (to === r.issues[3].givenLabel ? 'kept' : `relabel → ${to}`);
  assert.deepEqual(decisions, ['kept', 'dropped', i3.suggestedLabel === i3.givenLabel ? 'kept' : `relabel → ${i3.suggestedLabel}`,
    relabel(r.classNames[0]), 'skipped']);
  // From the table: a row's explanation offers "Review this row", which moves the review there.
  await page.click('#issues tbody tr:nth-child(2)');
  await page.waitForSelector('#detail:not([hidden])');
  assert.match(await page.textContent('#detail-body'), /decision so far: dropped/);
  await page.click('#detail-body button.to-review');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '2');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-card');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '3');
  await page.click('#issues tbody tr:nth-child(6)');
  await page.click('#detail-body button.to-review');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '6');
  // Keys pressed faster than decisions are stored are queued, none lost: three K in a row.
  const done = Number(await page.getAttribute('#review-count', 'data-done'));
  await page.focus('#review-card');
  for (let i = 0; i < 3; i++) await page.keyboard.press('k');
  await page.waitForFunction((want) => document.getElementById('review-count').dataset.done === String(want), done + 3);
  assert.equal(await page.getAttribute('#review-card', 'data-rank'), '9');
  // Another file is another review.
  await loadFile(page, path.join(root, 'web/samples/iris.uniform10.csv'));
  assert.match(await page.textContent('#review-count'), /^reviewed 0 of \d+$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('classes named by digits are relabelled by their own key; starting over asks first', { timeout: LONG * 2 }, async () => {
  // Four classes named 0-3 (a numeric label column), some labels moved to the next class.
  const lines = ['x,y,digit'];
  let seed = 7;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  for (let i = 0; i < 160; i++) {
    const c = i % 4;
    const label = rnd() < 0.12 ? (c + 1) % 4 : c;
    lines.push(`${(c * 3 + rnd()).toFixed(3)},${((c % 2) * 3 + rnd()).toFixed(3)},${label}`);
  }
  const file = path.join(tmp, 'digits4.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = lc.checkLabels(readFileSync(file), { label: 'digit' });
  assert.ok(r.issues.length >= 2, `${r.issues.length} flagged rows`);
  assert.deepEqual(r.classNames, ['0', '1', '2', '3']);

  const { page, errors } = await openPage();
  await loadFile(page, file);
  // The buttons are the classes' names; key 3 is class "3", key 0 class "0".
  assert.deepEqual(await page.$$eval('#rv-classes button', (b) => b.map((x) => x.textContent)), ['0', '1', '2', '3']);
  await page.focus('#review-card');
  const first = r.issues[0];
  await page.keyboard.press('3');
  await page.waitForFunction(() => document.getElementById('review-count').dataset.done === '1');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.textContent('#review-state'), first.givenLabel === '3' ? 'Your decision: kept.' : 'Your decision: relabel → 3.');
  await page.keyboard.press('0');
  await page.waitForFunction(() => document.getElementById('review-state').textContent !== '');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.textContent('#review-state'), first.givenLabel === '0' ? 'Your decision: kept.' : 'Your decision: relabel → 0.');

  // Start over: the first click asks, the decisions stay; the second erases them.
  const before = await page.getAttribute('#review-count', 'data-done');
  assert.notEqual(before, '0');
  await page.click('#rv-restart');
  assert.match(await page.textContent('#rv-restart'), /^Erase all \d+ decisions?\? Click again to start over$/);
  assert.equal(await page.getAttribute('#review-count', 'data-done'), before);
  await page.click('#rv-restart');
  await page.waitForFunction(() => document.getElementById('review-count').dataset.done === '0');
  assert.equal(await page.textContent('#rv-restart'), 'Start the review over');

  // A resumed review starts at the first row not decided yet, not after the last one decided.
  await page.focus('#review-card');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '2');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('review-card').dataset.rank === '3');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.getElementById('review-count').dataset.done === '2');
  await page.reload();
  await page.waitForSelector('body[data-state="idle"]');
  await loadFile(page, file);
  assert.equal(await page.getAttribute('#review-card', 'data-rank'), '2');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a flagged row with most feature cells empty says so on its review card', { timeout: LONG }, async () => {
  const file = path.join(root, 'web/samples/penguins.asym20.csv');
  const bytes = readFileSync(file);
  const r = lc.checkLabels(bytes, {});
  const features = r.columns.filter((c) => c.use === 'feature').map((c) => c.index);
  const values = lc.rowValues(bytes, r, r.issues.map((i) => i.row));
  const emptyOf = (v) => features.filter((j) => v[j].trim() === '').length;
  const sparse = values.map((v) => 2 * emptyOf(v) >= features.length);
  const rank = sparse.indexOf(true) + 1;
  assert.ok(rank > 0, 'the sample has a flagged row with most measurements missing');
  assert.ok(sparse.includes(false));
  const { page, errors } = await openPage();
  await loadFile(page, file);
  // From rank 1 (a review of this sample saved by another test may resume further on).
  for (let at = Number(await page.getAttribute('#review-card', 'data-rank')); at > 1; at--) {
    await page.click('#rv-prev');
    await page.waitForFunction((want) => document.getElementById('review-card').dataset.rank === String(want), at - 1);
  }
  for (let k = 1; k <= Math.min(r.issues.length, rank + 1); k++) {
    await page.waitForFunction((want) => document.getElementById('review-card').dataset.rank === String(want), k);
    const shown = await page.isVisible('#review-empty');
    assert.equal(shown, sparse[k - 1], `rank ${k}`);
    if (shown) assert.equal(await page.textContent('#review-empty'),
      `${emptyOf(values[k - 1])} of this row's ${features.length} feature cells are empty: the models judged it on little. Look at the row in the file before relabelling it.`);
    await page.click('#rv-next');
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('results table: every column sorts, search, page size, long text cells shown whole on request', { timeout: LONG }, async () => {
  // Text data: a long review text per row, a number and a label.
  const words = ['good', 'bad', 'fine', 'great', 'poor', 'tasty', 'stale', 'fresh'];
  const lines = ['text,stars,label'];
  for (let i = 0; i < 240; i++) {
    const pos = i % 2 === 0;
    const w = Array.from({ length: 40 }, (_, j) => words[(i * 7 + j * 3) % 8] + (pos ? ' lovely' : ' awful')).join(' ');
    const label = (i % 13 === 0) !== pos ? 'positive' : 'negative';
    lines.push(`"review ${i}: ${w}",${(i * 37) % 5 + 1},${label}`);
  }
  const file = path.join(tmp, 'texts.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = lc.checkLabels(readFileSync(file), {});
  assert.ok(r.issues.length > 0);
  const { page, errors } = await openPage();
  await loadFile(page, file);
  // The review card gives the long text the panel's width; the short values keep their cells.
  await page.waitForSelector('#rv-values div');
  assert.deepEqual(await page.$$eval('#rv-values div', (ds) => ds.map((d) => [d.querySelector('dt').textContent, d.classList.contains('long')])),
    [['text', true], ['stars', false], ['label', false]]);
  assert.ok(await page.$eval('#rv-values', (dl) => dl.classList.contains('has-long')));

  // Every column header sorts, both ways; a column of the file sorts numbers as numbers.
  const keys = await page.$$eval('#issues thead th[data-key]', (ths) => ths.map((th) => th.dataset.key));
  assert.deepEqual(keys, ['rank', 'line', 'given', 'suggested', 'quality', 'review', 'v0', 'v1', 'v2']);
  for (const key of keys) {
    await page.click(`#issues thead th[data-key="${key}"] button`);
    await page.waitForSelector(`#issues thead th[data-key="${key}"][aria-sort="${key === 'rank' ? 'descending' : 'ascending'}"]`);
  }
  await page.click('#issues thead th[data-key="v1"] button'); // stars, ascending
  await page.waitForSelector('#issues thead th[data-key="v1"][aria-sort="ascending"]');
  await page.click('#issues thead th[data-key="v1"] button'); // and descending
  await page.waitForSelector('#issues thead th[data-key="v1"][aria-sort="descending"]');
  const stars = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => Number(tr.querySelectorAll('td.value')[1].textContent)));
  assert.deepEqual(stars, [...stars].sort((a, b) => b - a));
  await page.click('#issues thead th[data-key="quality"] button');
  const q = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.rank)));
  assert.deepEqual(q, [...q].sort((a, b) => a - b), 'quality ascending is rank order');

  // Page size.
  await page.selectOption('#page-size', '50');
  assert.equal(await page.$$eval('#issues tbody tr', (x) => x.length), Math.min(50, r.issues.length));
  // Search: any cell; the count says how many match.
  const target = r.issues[Math.min(3, r.issues.length - 1)];
  const needle = `review ${target.row}:`;
  await page.fill('#search', needle);
  await page.waitForFunction(() => /^1 of /.test(document.getElementById('count').textContent));
  assert.equal(await page.$eval('#issues tbody tr', (tr) => tr.dataset.row), String(target.row));
  await page.fill('#search', '');
  await page.waitForFunction((n) => document.getElementById('count').textContent.startsWith(`${n} of`), r.issues.length.toLocaleString('en-US'));

  // Long text: cut, wrapped in a text column, with a button showing it whole.
  const cell = await page.$('#issues tbody tr:first-child td.value.text');
  assert.ok(cell, 'the text column is marked as text');
  const full = lc.rowValues(readFileSync(file), r, [Number(await page.$eval('#issues tbody tr:first-child', (tr) => tr.dataset.row))])[0][0];
  assert.ok((await cell.textContent()).length < full.length);
  await cell.$eval('button.more', (b) => b.click());
  assert.equal(await cell.$eval('span.cut', (s) => s.textContent), full);
  assert.equal(await cell.$eval('button.more', (b) => b.getAttribute('aria-expanded')), 'true');
  // The 2-D picture of text data: probabilities on both axes, not a projection of word counts.
  await page.waitForSelector('#c-scatter canvas');
  assert.match(await page.textContent('#c-scatter-caption'), /probability of their given label \(x\) and of the most probable other class \(y\)/);
  assert.match(await page.getAttribute('#c-scatter canvas', 'aria-label'), /^Scatter plot of 240 rows by the probability of the given label/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('privacy: no request left the page\'s origin', () => {
  assert.deepEqual(browser.foreign, []);
});
