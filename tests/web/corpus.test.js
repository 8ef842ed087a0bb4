// The cases of the hostile-input corpus marked `page: true` in tests/corpus/cases.json, dropped on
// the page in headless Chromium (helpers/browser.js): errors show their code and
// line, accepted files check the documented number of rows, and cell markup stays text.
//
//   node --test --test-concurrency=1 tests/web/      (needs `npm run build` output in js/wasm/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, root, LONG } from './helpers/browser.js';

const corpus = path.join(root, 'tests/corpus');
const manifest = JSON.parse(readFileSync(path.join(corpus, 'cases.json'), 'utf8'));
const cases = manifest.cases.filter((c) => c.page);

let browser, origin, tmp, context;

before(async () => {
  browser = await launch('web-corpus');
  ({ origin, tmp, context } = browser);
});

after(async () => { await browser?.close(); });

test('corpus: four hostile files on the page', { timeout: LONG * 2 }, async (t) => {
  assert.ok(cases.length >= 4, 'cases.json marks the page subset');
  const errors = [];
  let page;
  for (const c of cases) {
    await t.test(c.name, async () => {
      // A fresh page per file, so that no state (an earlier error) is mistaken for this one's.
      await page?.close();
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-state="idle"]');
      const file = path.join(tmp, c.file);
      writeFileSync(file, readFileSync(path.join(corpus, 'files', c.file)));
      const e = c.expect;
      await page.setInputFiles('#file', file);
      if (!e.ok) {
        await page.waitForSelector('#error[data-code]:not([hidden])', { timeout: LONG });
        assert.equal(await page.getAttribute('#error', 'data-code'), e.code);
        if (e.line !== undefined) {
          assert.equal(await page.getAttribute('#error', 'data-line'), String(e.line));
          assert.match(await page.textContent('#error'), new RegExp(`line ${e.line}`));
        }
        return;
      }
      await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: LONG });
      assert.equal(await page.getAttribute("body", "data-state"), "done", `${await page.getAttribute("#error", "data-code")}: ${await page.textContent("#error")}`);
      // The page's preview picks the label column the package picks ("label", not an earlier "y").
      assert.match(await page.$eval('#label-col', (s) => s.selectedOptions[0].textContent), /^label /);
      const checked = (await page.textContent('#summary [data-key="rows-checked"] dd')).trim().replace(/,/g, '');
      assert.equal(checked, String(e.checked));
      // Markup in cells is shown as text, never parsed.
      assert.equal(await page.$$eval('#preview script, #preview img, #preview b, #issues script, #issues img, #issues i',
        (x) => x.length), 0);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    });
  }
  const html = cases.find((c) => c.file === 'html-in-cells.csv');
  if (html) assert.ok((await page.textContent('#preview')).includes('<b>bold</b>'), 'the last file\'s markup shown literally');
  assert.deepEqual(errors, []);
  await page.close();
});
