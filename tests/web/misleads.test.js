// Nothing on the page misleads (issue 12, "Fix what misleads"), in headless Chromium: the heat
// map's words and numbers agree, stale results are marked and replaced, the examples have
// errors to find, the explanation and the progress are on screen, a PNG gives only an error,
// teaching mode's download says what it is, numbers read as the CLI writes them and have AA
// contrast, and the phone layout shows every chart label. Every expected value comes from the
// package in Node, the shared data or a computation in this file, never from the page itself.
//
//   node --test --test-concurrency=1 tests/web/misleads.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { launch, root, datasets, LONG, waitDone } from './helpers/browser.js';
import { sig3 } from '../../js/cli.js';

let browser, origin, tmp, context, lc;

before(async () => {
  browser = await launch('misleads', { acceptDownloads: true });
  ({ origin, tmp, context } = browser);
  lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
});
after(async () => { await browser?.close(); });

const openPage = (options) => browser.openPage(options);

async function loadSample(page, name) {
  await page.selectOption('#sample', name);
  // The state of the run before must not count as this one's end.
  await page.evaluate(() => { document.body.dataset.state = 'test-loading'; });
  await page.click('#load-sample');
  await waitDone(page);
}

async function downloadBytes(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click(selector)]);
  const p = path.join(tmp, `dl-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(p);
  return { name: d.suggestedFilename(), bytes: readFileSync(p) };
}

const dd = (page, key) => page.textContent(`#summary [data-key="${key}"] dd`).then((t) => t.trim());

// WCAG 2 contrast of two CSS colours 'rgb(r, g, b)' or '#rrggbb' (written here, not taken from the page).
function rgbOf(css) {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (m) return m.slice(1).map(Number);
  return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16));
}
function contrastRatio(a, b) {
  const L = (c) => {
    const [r, g, bl] = rgbOf(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [L(a), L(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// ---------------------------------------------------------------------------------------------

test('heat map: each row sums to 100% as the caption says, cells are the API noise matrix read as P(given | true), text has 4.5:1 contrast', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#file', path.join(datasets, 'penguins.asym20.csv'));
  await waitDone(page);
  const r = lc.checkLabels(readFileSync(path.join(datasets, 'penguins.asym20.csv')), {});
  const K = r.classNames.length;
  const nm = r.summary.noiseMatrix; // [given][true]; its columns sum to 1
  const caption = await page.textContent('#c-noise-caption');
  assert.match(caption, /of the rows whose true label is the row's class/);
  assert.match(caption, /Each row sums to 100%/);
  const cells = await page.$$eval('#c-noise rect.hm', (rs) => rs.map((x) => ({
    t: Number(x.dataset.true), g: Number(x.dataset.given), v: Number(x.dataset.value), fill: getComputedStyle(x).fill })));
  assert.equal(cells.length, K * K);
  for (const c of cells) assert.equal(c.v, nm.data[c.g * K + c.t], `cell true ${c.t}, given ${c.g}`);
  for (let t = 0; t < K; t++) {
    const sum = cells.filter((c) => c.t === t).reduce((a, c) => a + c.v, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `row ${r.classNames[t]} sums to ${sum}, the caption says 100%`);
  }
  // The row headers are the true labels, the column headers the given labels (axis titles).
  assert.match(await page.textContent('#c-noise svg'), /given label →.*true label →/);
  // The same numbers as a table for screen readers (the picture is role="img": its text is not read).
  const table = await page.$$eval('#c-noise table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(table, r.classNames.map((name, t) => [name, ...r.classNames.map((_, g) => `${(100 * nm.data[g * K + t]).toFixed(1)}%`)]));
  const quality = await page.$$eval('#c-classes table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(quality.map((row) => row[0]).sort(), [...r.classNames].sort());
  // Contrast of every number on the colour drawn behind it (computed style: no CSS rule wins over it).
  const labels = await page.$$eval('#c-noise text.hm-label', (ts) => ts.map((x) => ({
    t: Number(x.dataset.true), g: Number(x.dataset.given), fill: getComputedStyle(x).fill })));
  assert.equal(labels.length, K * K);
  for (const l of labels) {
    const bg = cells.find((c) => c.t === l.t && c.g === l.g).fill;
    const ratio = contrastRatio(l.fill, bg);
    assert.ok(ratio >= 4.5, `text ${l.fill} on ${bg}: ${ratio.toFixed(2)}:1`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('heat map contrast holds on every shade: a K = 12 table whose cells take many colours', { timeout: LONG }, async () => {
  // Twelve classes with graded confusion: the off-diagonal shades spread over the whole scale.
  const lines = ['x1,x2,label'];
  let seed = 7;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  for (let i = 0; i < 600; i++) {
    const c = i % 12;
    const wrong = rnd() < (c + 1) / 40;
    lines.push(`${(c + rnd() * 1.6).toFixed(3)},${(c % 3 + rnd()).toFixed(3)},k${wrong ? (c + 1) % 12 : c}`);
  }
  const file = path.join(tmp, 'twelve.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const { page, errors } = await openPage();
  await page.setInputFiles('#file', file);
  await waitDone(page);
  const pairs = await page.$$eval('#c-noise text.hm-label', (ts) => ts.map((x) => {
    const rect = document.querySelector(`#c-noise rect[data-true="${x.dataset.true}"][data-given="${x.dataset.given}"]`);
    return [getComputedStyle(x).fill, getComputedStyle(rect).fill];
  }));
  assert.equal(pairs.length, 144);
  const fills = new Set(pairs.map((p) => p[1]));
  assert.ok(fills.size > 10, `many shades (${fills.size})`);
  for (const [fg, bg] of pairs) assert.ok(contrastRatio(fg, bg) >= 4.5, `${fg} on ${bg}: ${contrastRatio(fg, bg).toFixed(2)}:1`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('stale results: dimmed "out of date: label column changed" at once, replaced by the run; a failed run clears them; the summary names label column, mode and model', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await loadSample(page, 'penguins.asym20.csv');
  const first = lc.checkLabels(readFileSync(path.join(root, 'web/samples/penguins.asym20.csv')), {});
  assert.equal(await dd(page, 'label-column'), 'species');
  assert.equal(await dd(page, 'mode'), `models trained on ${first.columns.filter((c) => c.use === 'feature').length} feature columns`);
  assert.match(await dd(page, 'model'), new RegExp(`^${first.summary.model.replaceAll('+', '\\+')}`));
  assert.equal(await page.isVisible('#stale-note'), false);

  // Another label column: at once, before any run, the results are marked.
  await page.selectOption('#label-col', { label: 'island (category, 3 distinct)' });
  assert.equal(await page.isVisible('#stale-note'), true);
  assert.match(await page.textContent('#stale-note'), /^Out of date: label column changed\. .*press “Check labels” to replace them\.$/);
  assert.ok(await page.$eval('#results', (x) => x.classList.contains('stale')));
  assert.ok(Number(await page.$eval('#summary', (x) => getComputedStyle(x).opacity)) < 1, 'dimmed');
  // While the new run goes, they stay marked; when it ends they are replaced.
  // (Clicked and read in one task: run() marks and starts before its first await, and a small
  // file's run can end before a second look.)
  const during = await page.evaluate(() => {
    document.getElementById('run').click();
    const note = document.getElementById('stale-note');
    return { state: document.body.dataset.state, stale: !note.hidden, replaced: note.textContent.endsWith('they are replaced when the check ends.') };
  });
  assert.deepEqual(during, { state: 'running', stale: true, replaced: true });
  await waitDone(page);
  assert.equal(await page.isVisible('#stale-note'), false);
  assert.equal(await page.$eval('#results', (x) => x.classList.contains('stale')), false);
  assert.equal(await dd(page, 'label-column'), 'island');
  const second = lc.checkLabels(readFileSync(path.join(root, 'web/samples/penguins.asym20.csv')), { label: 'island' });
  assert.equal((await dd(page, 'rows-flagged')).replaceAll(',', ''), String(second.summary.rowsFlagged));

  // A run that fails (a continuous label, allowed nowhere) leaves no old results on screen.
  await page.selectOption('#label-col', { label: 'body_mass_g (number, 94 distinct)' });
  assert.match(await page.textContent('#stale-note'), /label column changed/);
  await page.click('#run');
  await page.waitForSelector('body[data-state="error"]', { timeout: LONG });
  assert.equal(await page.isVisible('#results'), false);
  assert.equal(await page.getAttribute('#error', 'data-code'), 'LABEL_LOOKS_CONTINUOUS');
  assert.deepEqual(errors, []);
  await page.close();
});

test('examples: three with label errors (the page finds them as the API does), clean ones point to teaching mode', { timeout: LONG * 2 }, async () => {
  // Small, and byte for byte the shared data (20 Newsgroups: its first 1,001 lines).
  for (const [name, source] of [['iris.uniform10.csv', 'iris.uniform10.csv'], ['penguins.asym20.csv', 'penguins.asym20.csv']]) {
    assert.deepEqual(readFileSync(path.join(root, 'web/samples', name)), readFileSync(path.join(datasets, source)), name);
  }
  const news = readFileSync(path.join(root, 'web/samples/20news.first1000.pred_probs.csv'));
  const full = readFileSync(path.join(datasets, 'label-errors/20news_test_pred_probs.csv'));
  assert.deepEqual(news, full.subarray(0, news.length));
  assert.equal(news.toString('latin1').split('\n').length, 1002, '1,000 rows, a header and a final line break');
  for (const f of ['iris.uniform10.csv', 'penguins.asym20.csv', '20news.first1000.pred_probs.csv'])
    assert.ok(statSync(path.join(root, 'web/samples', f)).size < 200_000, `${f} is small`);

  const { page, errors } = await openPage();
  const options = await page.$$eval('#sample optgroup', (gs) => gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]));
  assert.deepEqual(options[0], ['With label errors', ['iris.uniform10.csv', 'penguins.asym20.csv', '20news.first1000.pred_probs.csv']]);
  assert.equal(await page.$eval('#sample', (s) => s.value), 'iris.uniform10.csv', 'the first example offered has errors');
  for (const name of ['iris.uniform10.csv', 'penguins.asym20.csv']) {
    await loadSample(page, name);
    const r = lc.checkLabels(readFileSync(path.join(root, 'web/samples', name)), {});
    assert.ok(r.summary.rowsFlagged > 0);
    assert.equal((await dd(page, 'rows-flagged')).replaceAll(',', ''), String(r.summary.rowsFlagged), name);
    assert.equal(await page.isVisible('#none-hint'), false);
  }
  // Real errors: the human-verified rows of the first 1,000 that the API flags are flagged on the page.
  await loadSample(page, '20news.first1000.pred_probs.csv');
  const verified = JSON.parse(readFileSync(path.join(datasets, 'label-errors/20news_verified_errors.json'), 'utf8'))
    .verified_label_errors.filter((x) => x < 1000);
  const r = lc.checkLabels(news, {});
  assert.equal(r.mode, 'probabilities');
  const flaggedByApi = verified.filter((x) => r.issues.some((i) => i.row === x));
  assert.ok(flaggedByApi.length > 0);
  assert.equal(await dd(page, 'mode'), 'probabilities given in 20 columns');
  // No features: the audit says why it did not run, and the picture plots the probabilities.
  assert.match(await page.textContent('#audit'), /Not run: the audit compares the rows’ features/);
  await page.waitForSelector('#c-scatter canvas');
  assert.match(await page.textContent('#c-scatter-caption'), /The file gives the probabilities/);
  await page.selectOption('#page-size', '100');
  const pageRows = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.row)));
  assert.deepEqual(verified.filter((x) => pageRows.includes(x)), flaggedByApi);
  // Probabilities are written to 3 significant digits (20 Newsgroups has some of 1e-10 and less).
  await page.click('#issues tbody tr:first-child');
  // (The row's own cells are shown as the file has them; the page's numbers are the explanation's.)
  const detail = await page.textContent('#detail-body ul.why');
  assert.doesNotMatch(detail, /\d\.\d{4,}/, 'no long numbers');
  assert.ok(detail.includes(sig3(r.issues[0].givenLabelProbability)));
  const bars = await page.$$eval('#detail-body .probs text.tick:not([text-anchor])', (ts) => ts.map((t) => t.textContent));
  const probs = Array.from(r.issues[0].probabilities);
  assert.ok(bars.length > 0);
  for (const b of bars) assert.ok(probs.some((p) => sig3(p) === b), `${b} is a probability to 3 significant digits`);

  // A clean example flags few rows or none; the page then points to teaching mode.
  await loadSample(page, 'iris.clean.csv');
  const clean = lc.checkLabels(readFileSync(path.join(root, 'web/samples/iris.clean.csv')), {});
  assert.equal(await page.isVisible('#none-hint'), clean.issues.length === 0);
  assert.match(await page.textContent('#sample-hint'), /teaching mode/);
  if (clean.issues.length === 0) {
    await page.click('#open-teaching');
    assert.equal(await page.$eval('#teaching', (d) => d.open), true);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the explanation of a selected row is on screen with focus in it; progress is on screen without scrolling', { timeout: LONG }, async () => {
  const { page, errors } = await openPage({ width: 1280, height: 800 });
  // Progress: a file dropped on a fresh page runs with its progress bar in the first screen.
  const lines = ['a,b,c,d,label'];
  for (let i = 0; i < 6000; i++) lines.push(`${i % 7},${(i * 13) % 11},${(i * 7) % 5},${i % 3},c${(i + (i % 17 === 0 ? 1 : 0)) % 3}`);
  const file = path.join(tmp, 'progress.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  await page.setInputFiles('#file', file);
  await page.waitForSelector('body[data-state="running"]', { timeout: LONG });
  const box = await page.$eval('#status', (s) => { const r = s.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: innerHeight, y: scrollY }; });
  assert.ok(box.top >= 0 && box.bottom <= box.h, `the progress box (${box.top}-${box.bottom}) is inside the ${box.h} px screen`);
  await waitDone(page);
  // A run started from further down the page (the Check button) brings its progress on screen.
  await page.$eval('#run', (b) => b.scrollIntoView({ block: 'end' }));
  await page.evaluate(() => window.scrollBy(0, 400));
  const again = await page.evaluate(() => {
    document.getElementById('run').click(); // measured in the same task: the run may be short
    const r = document.getElementById('status').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, h: innerHeight };
  });
  assert.ok(again.top >= 0 && again.bottom <= again.h, `the progress box (${again.top}-${again.bottom}) is on screen after Check labels`);
  await waitDone(page);
  // The explanation: a row low in the table is clicked; the explanation is then in view and has focus.
  await page.selectOption('#page-size', '100');
  const rows = await page.$$('#issues tbody tr');
  const last = rows[rows.length - 1];
  await last.scrollIntoViewIfNeeded();
  await last.click();
  await page.waitForSelector('#detail:not([hidden])');
  const seen = await page.$eval('#detail', (d) => { const r = d.getBoundingClientRect(); return { top: r.top, h: innerHeight }; });
  assert.ok(seen.top >= 0 && seen.top < seen.h - 100, `the explanation starts on screen (top ${seen.top})`);
  assert.ok(await page.evaluate(() => document.getElementById('detail').contains(document.activeElement)), 'focus moved to the explanation');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a PNG renamed .csv shows the error only: no preview, no label chooser, no old results', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await loadSample(page, 'iris.uniform10.csv');
  const png = path.join(tmp, 'photo.csv');
  copyFileSync('/usr/share/pixmaps/debian-logo.png', png);
  await page.setInputFiles('#file', png);
  await page.waitForSelector('body[data-state="error"]');
  assert.equal(await page.isVisible('#error'), true);
  assert.equal(await page.getAttribute('#error', 'data-code'), 'CSV_ENCODING');
  assert.match(await page.textContent('#error'), /PNG image/);
  for (const hidden of ['#setup', '#results', '#label-col', '#preview', '#status']) assert.equal(await page.isVisible(hidden), false, hidden);
  assert.deepEqual(errors.filter((e) => !/CSV_ENCODING/.test(e)), []);
  await page.close();
});

test('teaching mode\'s download: named for its flips, with each row\'s original label; the page\'s and the CLI\'s annotated files are the same bytes', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  await loadSample(page, 'iris.uniform10.csv');
  // The page's annotated file and the CLI's --out: one number format (the package's annotateCsv).
  const plain = await downloadBytes(page, '#dl-annotated');
  assert.equal(plain.name, 'iris.uniform10.checked.csv');
  const out = path.join(tmp, 'cli.checked.csv');
  const cli = spawnSync(process.execPath, [path.join(root, 'js/cli.js'), path.join(root, 'web/samples/iris.uniform10.csv'), '--out', out, '--quiet']);
  assert.equal(cli.status, 0, String(cli.stderr));
  assert.deepEqual(plain.bytes, readFileSync(out), 'byte for byte');

  await loadSample(page, 'iris.clean.csv');
  await page.click('#teaching summary');
  await page.fill('#flip-pct', '10');
  await page.fill('#flip-seed', '3');
  await page.click('#flip-run');
  await page.waitForSelector('#teaching-score:not([hidden])', { timeout: LONG });
  await waitDone(page);
  const d = await downloadBytes(page, '#dl-annotated');
  assert.equal(d.name, 'iris.clean.labels-flipped-10pct-seed3.checked.csv');
  const clean = readFileSync(path.join(root, 'web/samples/iris.clean.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const got = d.bytes.toString('utf8').trimEnd().split('\n').map((l) => l.split(','));
  const species = clean[0].indexOf('species');
  assert.deepEqual(got[0], [...clean[0], 'is_label_issue', 'label_quality', 'suggested_label', 'original_label']);
  let flipped = 0;
  for (let i = 1; i < clean.length; i++) {
    assert.equal(got[i].at(-1), clean[i][species], `line ${i + 1}: the original label`);
    assert.deepEqual(got[i].slice(0, species), clean[i].slice(0, species), `line ${i + 1}: the features`);
    if (got[i][species] !== clean[i][species]) flipped++;
  }
  assert.equal(flipped, 15, '10% of 150 labels differ from the original');
  assert.deepEqual(errors, []);
  await page.close();
});

test('phone width: every chart label is inside its picture and the screen', { timeout: LONG }, async () => {
  const { page, errors } = await openPage({ width: 390, height: 844 });
  // The progress of a longer run stays on the phone's screen while its texts grow and wrap.
  const lines = ['a,b,c,d,label'];
  for (let i = 0; i < 20000; i++) lines.push(`${i % 7},${(i * 13) % 11},${(i * 7) % 5},${i % 3},c${(i + (i % 17 === 0 ? 1 : 0)) % 3}`);
  const file = path.join(tmp, 'phone-progress.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => /Cross-validation: \d+ of \d+ units/.test(document.getElementById('stage').textContent), null, { timeout: LONG });
  const box = await page.$eval('#status', (x) => { const r = x.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: innerHeight }; });
  assert.ok(box.top >= 0 && box.bottom <= box.h + 0.5, `the progress box (${box.top}-${box.bottom}) is inside the ${box.h} px phone screen`);
  await page.waitForSelector('body[data-state="done"]', { timeout: LONG });
  await loadSample(page, 'penguins.asym20.csv');
  await page.click('#issues tbody tr:first-child');
  await page.waitForSelector('#detail:not([hidden])');
  const outside = await page.$$eval('#results svg text', (ts) => ts.flatMap((t) => {
    const svg = t.ownerSVGElement.getBoundingClientRect();
    const r = t.getBoundingClientRect();
    const inside = r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5 && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5
      && r.left >= 0 && r.right <= innerWidth;
    return inside || r.width === 0 ? [] : [`${t.textContent} (${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(svg.left)}..${Math.round(svg.right)})`];
  }));
  assert.deepEqual(outside, []);
  await page.screenshot({ path: path.join(root, 'tests/artifacts/page-390x844-charts.png'), fullPage: true }).catch(() => {});
  assert.deepEqual(errors, []);
  await page.close();
});

test('privacy: no request left the page\'s origin', () => {
  assert.deepEqual(browser.foreign, []);
});
