// Headless Chromium for the page tests: Debian's /usr/bin/chromium (never a downloaded browser)
// driven by playwright-core, the page served by scripts/serve.mjs on a free port, every request
// to another origin aborted (and recorded, so a test can prove there was none).
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
    async close() {
      await context.close();
      server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
