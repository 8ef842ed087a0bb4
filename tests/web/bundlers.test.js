// The package inside bundled apps, as a JavaScript developer gets it: the packed tarball installed
// (offline) next to a copy of examples/bundlers/, each app built by its bundler (Vite's JS API,
// the esbuild example's own build.mjs) or served by Vite's dev server, then opened in headless
// Chromium. Each page runs 'labelcheck' and 'labelcheck/worker' (examples/bundlers/demo.js):
// the README's findLabelIssues and checkLabels on a CSV with planted label errors, compared with
// the same calls in Node. Also: no failed or foreign request, the Vite build's size and that it
// holds the release module only, the debug build only where a page imports 'labelcheck/debug',
// and a clear error when the worker's script cannot load.
//
//   node --test --test-concurrency=1 tests/web/bundlers.test.js   (needs `npm run build` output)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build as viteBuild, createServer as viteServer } from 'vite';
import { launchChromium, root, LONG } from './helpers/browser.js';
import { startServer } from '../../scripts/serve.mjs';

const MiB = 2 ** 20;
let tmp;       // the developer's project: package.json, node_modules/labelcheck, examples/bundlers
let context;   // one Chromium for every app
const foreign = [];
let expected;  // what Node computes for the demo's calls
const app = (name) => path.join(tmp, 'examples/bundlers', name);

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-bundlers-'));
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, JSON.parse(pack.stdout)[0].filename)],
    { cwd: tmp, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  // The example apps as they are in the repository; esbuild as the developer would have it.
  cpSync(path.join(root, 'examples/bundlers'), path.join(tmp, 'examples/bundlers'), { recursive: true, filter: (f) => !/node_modules|dist$/.test(f) });
  symlinkSync(path.join(root, 'node_modules/esbuild'), path.join(tmp, 'node_modules/esbuild'));

  // The demo's inputs, checked in Node (the repository's package) for comparison. (The copy of
  // demo.js finds 'labelcheck' in the project; the repository's examples/ has no node_modules.)
  const { toyCsv } = await import(path.join(app(''), 'demo.js'));
  const lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
  expected = {
    ranked: [9, 2],  // the README's example
    flaggedRows: lc.checkLabels(toyCsv(), { label: 'label' }).issues.map((i) => i.row).sort((a, b) => a - b),
  };

  context = await launchChromium(path.join(tmp, 'profile'));
  await context.route((u) => u.hostname !== '127.0.0.1', (route) => { foreign.push(route.request().url()); return route.abort(); });
});

after(async () => {
  await context?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Opens `url`, waits for the demo, returns {main, worker} (parsed; null if the page has none), page errors and failed requests. */
async function openDemo(url, { block } = {}) {
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()}: HTTP ${r.status()}`); });
  if (block) await page.route(block, (route) => route.abort());
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-done]', { timeout: LONG });
    const read = async (id) => {
      const element = await page.$(`#${id}`);
      return element && JSON.parse(await element.textContent());
    };
    return { main: await read('main'), worker: await read('worker'), errors, failed };
  } finally {
    await page.close();
  }
}

function assertResults(r, what) {
  for (const entry of ['main', 'worker']) {
    assert.equal(r[entry].error, undefined, `${what}, ${entry}: ${r[entry].error}`);
    assert.equal(r[entry].flavour, 'release', `${what}, ${entry}`);
    assert.deepEqual(r[entry].ranked, expected.ranked, `${what}, ${entry}: findLabelIssues`);
    assert.deepEqual(r[entry].flaggedRows, expected.flaggedRows, `${what}, ${entry}: checkLabels`);
  }
  assert.deepEqual(r.errors, [], what);
  assert.deepEqual(r.failed, [], what);
}

async function serveDir(dir) {
  const { server, url } = await startServer({ port: 0, webDir: dir, libDir: path.join(dir, 'no-lib') });
  // Chromium keeps its connections open: close them, or close() waits for them (minutes).
  return { url, close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }) };
}

test('the expected results are real: checkLabels in Node finds exactly the rows the demo changed', async () => {
  const { plantedRows } = await import(path.join(app(''), 'demo.js'));
  assert.deepEqual(expected.flaggedRows, plantedRows);
});

test('Vite build (no config): both entry points give the results in Chromium; the app holds the release module only', { timeout: LONG }, async (t) => {
  const started = Date.now();
  await viteBuild({ root: app('vite'), logLevel: 'warn', configFile: false });
  const dist = path.join(app('vite'), 'dist');
  const files = filesUnder(dist);
  const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  t.diagnostic(`vite build: ${Date.now() - started} ms, ${files.length} files, ${total} bytes`);
  assert.ok(total <= 1.5 * MiB, `the built app is ${total} bytes`);
  assert.equal(wasm.length, 1, String(wasm));
  assert.equal(statSync(wasm[0]).size, statSync(path.join(tmp, 'node_modules/labelcheck/js/wasm/labelcheck.wasm')).size, 'the release .wasm');
  // The workers were bundled: no request for the package's own file names.
  assert.ok(files.some((f) => /worker-thread-.*\.js$/.test(f)) && files.some((f) => /cv-thread-.*\.js$/.test(f)), String(files));

  const server = await serveDir(dist);
  try {
    assertResults(await openDemo(server.url), 'vite build');
  } finally {
    await server.close();
  }
});

test('Vite build: a worker whose script cannot load rejects init() with LOAD_FAILED, the page goes on', { timeout: LONG }, async () => {
  const server = await serveDir(path.join(app('vite'), 'dist'));
  try {
    const r = await openDemo(server.url, { block: /worker-thread-[^/]*\.js$/ });
    assert.deepEqual(r.main.ranked, expected.ranked);
    assert.match(r.worker.error, /^LOAD_FAILED: labelcheck\/worker: the worker could not start: .*bundler/);
  } finally {
    await server.close();
  }
});

test('Vite dev server (no config): both entry points give the results; labelcheck/debug loads the debug build when imported', { timeout: LONG }, async (t) => {
  const server = await viteServer({
    root: app('vite'), configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, hmr: false },
  });
  await server.listen();
  try {
    const url = server.resolvedUrls.local[0];
    const started = Date.now();
    assertResults(await openDemo(url), 'vite dev');
    t.diagnostic(`vite dev: first page in ${Date.now() - started} ms`);
    const debug = await openDemo(new URL('debug.html', url).href);
    assert.deepEqual(debug.errors, []);
    assert.deepEqual(debug.failed, []);
    assert.deepEqual(debug.main, { flavour: 'debug', ranked: expected.ranked });
    assert.equal(debug.worker, null);
  } finally {
    await server.close();
  }
});

test('esbuild (examples/bundlers/esbuild/build.mjs): both entry points give the results in Chromium', { timeout: LONG }, async (t) => {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['build.mjs'], { cwd: app('esbuild'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no warning');
  const dist = path.join(app('esbuild'), 'dist');
  const total = filesUnder(dist).reduce((sum, f) => sum + statSync(f).size, 0);
  t.diagnostic(`esbuild: ${Date.now() - started} ms, ${total} bytes`);
  assert.ok(total <= 1.5 * MiB, `the built app is ${total} bytes`);
  const server = await serveDir(dist);
  try {
    assertResults(await openDemo(server.url), 'esbuild');
  } finally {
    await server.close();
  }
});

test('esbuild: the README\'s command line builds the same app', { timeout: LONG }, async () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const command = readme.match(/```sh\n(npx esbuild [\s\S]*?)\n```/)?.[1];
  assert.ok(command, 'the README has an esbuild command');
  const args = command.replace(/\\\n/g, ' ').trim().split(/\s+/).slice(2);
  const dist = path.join(app('esbuild'), 'dist');
  rmSync(dist, { recursive: true, force: true });
  const r = spawnSync(path.join(root, 'node_modules/esbuild/bin/esbuild'), [...args, '--log-level=warning'], { cwd: app('esbuild'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no warning');
  cpSync(path.join(app('esbuild'), 'index.html'), path.join(dist, 'index.html'));
  const server = await serveDir(dist);
  try {
    assertResults(await openDemo(server.url), 'esbuild, the README\'s command');
  } finally {
    await server.close();
  }
});

test('no request left the machine', () => {
  assert.deepEqual(foreign, []);
});
