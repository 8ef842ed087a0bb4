// Headless Chromium for the page tests: Debian's /usr/bin/chromium (never a downloaded browser)
// driven by playwright-core, the page served by scripts/serve.mjs on a free port, every request
// to another origin aborted (and recorded, so a test can prove there was none).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const datasets = path.resolve(root, '../shared/datasets');
export const LONG = 120_000; // generous: CI machines are slower than this one

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh headless Chromium (its profile in `profileDir`, deleted by the caller). */
export function launchChromium(profileDir, contextOptions = {}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 }, ...contextOptions,
  });
}

/** {origin, context, tmp, foreign: [urls of blocked requests], close()} */
export async function launch(name, contextOptions = {}) {
  const { startServer } = await import(path.join(root, 'scripts/serve.mjs'));
  const { server, url } = await startServer({ port: 0 });
  const origin = url.replace(/\/$/, '');
  const tmp = mkdtempSync(path.join(tmpdir(), `labelcheck-${name}-`));
  const context = await launchChromium(path.join(tmp, 'profile'), contextOptions);
  const foreign = [];
  await context.route((u) => u.origin !== origin, (route) => { foreign.push(route.request().url()); return route.abort(); });
  return {
    origin, context, tmp, foreign,
    /** A new page at the origin, idle, with the errors it reports (page errors, console errors). */
    async openPage({ width = 1280, height = 800 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-state="idle"]');
      return { page, errors };
    },
    async close() {
      await context.close();
      server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Waits for the check to end; fails with the page's error message if it shows one. */
export async function waitDone(page, timeout = LONG) {
  await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout });
  if (await page.getAttribute('body', 'data-state') === 'error') assert.fail(`the page shows an error: ${await page.textContent('#error')}`);
}

/** `rows` x `cols` numeric columns and a 4-class label (10% shifted), seeded: the performance target's file. */
export function numericCsv(rows, cols) {
  let seed = 12345;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  const out = [[...Array.from({ length: cols }, (_, j) => `f${j}`), 'label'].join(',')];
  for (let i = 0; i < rows; i++) {
    const c = i % 4;
    const row = [];
    for (let j = 0; j < cols; j++) row.push((rnd() * 2 + (j % 4 === c ? 1 : 0)).toFixed(4));
    row.push(`c${rnd() < 0.1 ? (c + 1) % 4 : c}`);
    out.push(row.join(','));
  }
  return out.join('\n') + '\n';
}
