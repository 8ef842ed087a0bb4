// The page keeps working when its worker fails: a worker that cannot start or crashes, and a
// check that runs out of WebAssembly memory (capped with ?maxMemoryMiB=16). After each, the next
// check of the same file succeeds without reloading the page. Also the npm package used on the
// page's main thread: out of memory there leaves a working module too.
//
//   node --test --test-concurrency=1 tests/web/      (needs `npm run build` output in js/wasm/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, datasets, LONG } from './helpers/browser.js';

let browser;

before(async () => { browser = await launch('web-recovery'); });
after(async () => { await browser?.close(); });

async function openPage(query = '') {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${browser.origin}/${query}`);
  await page.waitForSelector('body[data-state="idle"]');
  return { page, errors };
}

async function finished(page) {
  await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: LONG });
  return page.getAttribute('body', 'data-state');
}

// About 10 MB of numbers (70,000 rows x 8 features, 3 classes): fits in 16 MiB as bytes, not
// with its columns and models.
function numericCsv() {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648).toFixed(12);
  const lines = ['a,b,c,d,e,f,g,h,label'];
  for (let i = 0; i < 70_000; i++) lines.push(`${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},${rnd()},c${i % 3}`);
  return lines.join('\n') + '\n';
}

// The page's worker. It starts at page load, but Playwright may report it a moment after the
// page is idle (page.workers() was once empty here on a loaded CI machine).
async function pageWorker(page) {
  const deadline = Date.now() + LONG;
  while (page.workers().length === 0) {
    if (Date.now() > deadline) assert.fail('the page started no worker');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return page.workers()[0];
}

const rowsFlagged = async (page) => (await page.textContent('#summary [data-key="rows-flagged"] dd')).trim();
const iris = path.join(datasets, 'iris.uniform10.csv');

test('a worker that crashes: the error is shown, and the next check starts a fresh worker', { timeout: LONG * 2 }, async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#file', iris);
  assert.equal(await finished(page), 'done');
  const expected = await rowsFlagged(page);
  // An exception nobody catches inside the worker.
  const worker = await pageWorker(page);
  await worker.evaluate(() => { setTimeout(() => { throw new Error('simulated crash'); }, 0); });
  await page.waitForSelector('#error[data-code="WORKER_FAILED"]:not([hidden])', { timeout: LONG });
  assert.match(await page.textContent('#error'), /simulated crash/);
  await page.click('#run');
  assert.equal(await finished(page), 'done');
  assert.equal(await rowsFlagged(page), expected);
  assert.equal(await page.isHidden('#error'), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a worker that cannot start: the check fails clearly, and works once it can', { timeout: LONG * 2 }, async () => {
  const { page, errors } = await openPage();
  const block = (route) => route.fulfill({ status: 503, body: 'unavailable' });
  await page.route('**/worker.js*', block);
  // The worker started at page load is fine; make the next one fail by crashing this one first.
  const worker = await pageWorker(page);
  await worker.evaluate(() => { setTimeout(() => { throw new Error('first crash'); }, 0); });
  await page.waitForSelector('#error[data-code="WORKER_FAILED"]:not([hidden])', { timeout: LONG });
  await page.setInputFiles('#file', iris);
  await page.waitForSelector('body[data-state="error"]', { timeout: LONG });
  assert.equal(await page.getAttribute('#error', 'data-code'), 'WORKER_FAILED');
  await page.unroute('**/worker.js*', block);
  await page.setInputFiles('#file', iris);
  assert.equal(await finished(page), 'done');
  assert.ok(Number(await rowsFlagged(page)) > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('out of memory: OUT_OF_MEMORY is shown, and the next, smaller check works in the same page', { timeout: LONG * 2 }, async () => {
  const { page, errors } = await openPage('?maxMemoryMiB=16');
  const big = path.join(browser.tmp, 'big.csv');
  writeFileSync(big, numericCsv());
  await page.setInputFiles('#file', big);
  assert.equal(await finished(page), 'error');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'OUT_OF_MEMORY');
  assert.match(await page.textContent('#error'), /out of memory/i);
  assert.match(await page.textContent('#error'), /The command line \(npx labelcheck file\.csv\) can usually get more/);
  // The same worker, with a fresh WebAssembly instance, checks the next file.
  const workers = page.workers().length;
  await page.setInputFiles('#file', iris);
  assert.equal(await finished(page), 'done');
  assert.ok(Number(await rowsFlagged(page)) > 0);
  assert.equal(page.workers().length, workers, 'no new worker was needed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the npm package on a browser\'s main thread: out of memory, then await init() and it works', { timeout: LONG }, async () => {
  const { page, errors } = await openPage();
  const r = await page.evaluate(async (csv) => {
    const lc = await import('/lib/index.js');
    await lc.init({ maxMemory: 16 * 2 ** 20 });
    const small = () => {
      const labels = new Int32Array([0, 1, 0, 1, 0, 1]);
      const data = new Float64Array([0.9, 0.1, 0.2, 0.8, 0.1, 0.9, 0.3, 0.7, 0.8, 0.2, 0.4, 0.6]);
      return Array.from(lc.findLabelIssues(labels, { data, rows: 6, cols: 2 }).indices);
    };
    const before = small();
    let code = null;
    try { lc.checkLabels(csv, { label: 'label' }); } catch (e) { code = e.code; }
    // Chromium instantiates an already compiled module synchronously on the main thread too
    // (its 4 KB limit is on synchronous compilation), so the new instance is there at once.
    const immediate = lc.moduleInfo() !== null;
    await lc.init(); // the documented way to wait where it is not
    return { code, immediate, before, after: small(), restarts: lc.moduleInfo().restarts };
  }, numericCsv());
  assert.equal(r.code, 'OUT_OF_MEMORY');
  assert.equal(r.immediate, true);
  assert.equal(r.restarts, 1);
  assert.deepEqual(r.after, r.before);
  assert.deepEqual(errors, []);
  await page.close();
});

test('privacy: no request left the page\'s origin', () => {
  assert.deepEqual(browser.foreign, []);
});
