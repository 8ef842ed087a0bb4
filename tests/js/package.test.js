// Packaging: `npm pack`, install the tarball into an empty project (offline: the package has no
// dependencies), and use it from there with a PATH that has no emcc or cmake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, fixturesDir } from './helpers/setup.js';

let tmp;
let tarball;
let packed;
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-pack-'));
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  packed = JSON.parse(r.stdout)[0];
  tarball = path.join(tmp, packed.filename);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the tarball holds the API, the types and both WASM flavours, and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'js/index.js', 'js/node.js', 'js/functions.js', 'js/options.js', 'js/instance.js',
    'js/marshal.js', 'js/confident-learning.js', 'js/pipeline.js', 'js/errors.js', 'js/worker.js', 'js/worker-thread.js',
    'js/index.d.ts', 'js/worker.d.ts', 'js/wasm/labelcheck.js', 'js/wasm/labelcheck.wasm',
    'js/wasm/debug/labelcheck.js', 'js/wasm/debug/labelcheck.wasm']) assert.ok(files.includes(f), `${f} is packed`);
  assert.deepEqual(files.filter((f) => /^(src|bindings|tests|build|scripts|bench|node_modules)\//.test(f)), []);
});

test('release .wasm + JavaScript are under 400 KB gzipped', () => {
  const files = ['js/wasm/labelcheck.wasm', 'js/wasm/labelcheck.js', 'js/index.js', 'js/options.js', 'js/instance.js',
    'js/marshal.js', 'js/confident-learning.js', 'js/pipeline.js', 'js/errors.js'];
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(root, f)), { level: 9 }).length, 0);
  assert.ok(gz < 400 * 1024, `${gz} bytes gzipped`);
});

test('installed from the tarball, it works with no emcc/cmake on PATH (node, worker, debug)', () => {
  const app = path.join(tmp, 'app');
  spawnSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  assert.deepEqual(readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['labelcheck']);

  const fixture = path.join(fixturesDir, 'all_correct_N200_K4.json');
  writeFileSync(path.join(app, 'use.mjs'), `
    import { readFileSync } from 'node:fs';
    import { init, findLabelIssues, version } from 'labelcheck';
    import * as worker from 'labelcheck/worker';
    const c = JSON.parse(readFileSync(${JSON.stringify(fixture)}, 'utf8'));
    const expected = c.calls.find((r) => r.id === 'find_label_issues/filter_by=prune_by_noise_rate').expected.result;
    await init({ debug: process.argv[2] === 'debug' });
    const r = findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
    await worker.init();
    const w = await worker.findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
    console.log(JSON.stringify({ version, got: Array.from(r.indices), worker: Array.from(w.indices), expected }));
  `);
  // A PATH with node and nothing else (node itself lives in /usr/bin here, next to emcc and cmake).
  const bin = path.join(tmp, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env = { PATH: bin, HOME: tmp };
  for (const flavourArg of ['release', 'debug']) {
    const r = spawnSync(path.join(bin, 'node'), ['use.mjs', flavourArg], { cwd: app, encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    assert.deepEqual(out.got, out.expected);
    assert.deepEqual(out.worker, out.expected);
  }
  const which = spawnSync(process.execPath, ['-e', 'require("child_process").execSync("command -v emcc || command -v cmake", {stdio: "inherit"})'],
    { env, encoding: 'utf8' });
  assert.notEqual(which.status, 0, 'emcc/cmake really are out of reach');
});
