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

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the tarball holds the files list (the API, the types, both WASM flavours) and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files.filter((f) => !/^(package\.json|README\.md|LICENSE)$/.test(f)), [...pkg.files].sort());
  for (const f of ['js/index.js', 'js/node.js', 'js/debug.js', 'js/worker.js', 'js/worker-thread.js', 'js/index.d.ts',
    'js/wasm/labelcheck.wasm', 'js/wasm/debug/labelcheck.wasm']) assert.ok(files.includes(f), `${f} is packed`);
  // Every file an entry point of "exports" names is packed.
  const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
  for (const t of targets(pkg.exports)) assert.ok(files.includes(t.replace(/^\.\//, '')), `${t} (exports) is packed`);
});

test('the tarball is at most 1 MB (packed) and what it holds is listed with its size', (t) => {
  t.diagnostic(`packed ${packed.size} bytes, unpacked ${packed.unpackedSize} bytes, ${packed.files.length} files`);
  for (const f of packed.files.filter((f) => f.size > 100_000)) t.diagnostic(`  ${f.path}: ${f.size} bytes`);
  assert.ok(packed.size <= 1_000_000, `the tarball is ${packed.size} bytes`);
});

test('the debug .wasm keeps function names for stack traces and leaves DWARF out (1.3 MB, not 35)', async (t) => {
  const bytes = readFileSync(path.join(root, 'js/wasm/debug/labelcheck.wasm'));
  t.diagnostic(`debug .wasm: ${bytes.length} bytes`);
  const module = await WebAssembly.compile(bytes);
  assert.equal(WebAssembly.Module.customSections(module, 'name').length, 1, 'a name section');
  assert.equal(WebAssembly.Module.customSections(module, '.debug_info').length, 0, 'no DWARF');
});

// What a bundler sees from an entry point: the modules it imports (statically or not), the
// workers it starts and the assets it names with new URL('…', import.meta.url), followed
// through the package's files.
function reachable(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js') || file.startsWith('js/wasm/')) return;  // Emscripten's glue names only its .wasm
    const text = readFileSync(path.join(root, file), 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '');  // code, not comments
    const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|new URL\(\s*'([^']+)',\s*import\.meta\.url/gm)]
      .map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of specifiers) {
      assert.ok(spec.startsWith('./'), `${file} imports ${spec}: a browser entry point imports only the package's own files`);
      if (!spec.endsWith('/')) visit(path.posix.join(path.posix.dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen].sort();
}

test('bundlers see only the release build and no Node module from the browser entry points', () => {
  for (const entry of [pkg.exports['.'].default, pkg.exports['./worker'].default]) {
    const files = reachable(entry.replace(/^\.\//, ''));
    assert.ok(files.includes('js/wasm/labelcheck.wasm') && files.includes('js/wasm/labelcheck.js'), `${entry}: ${files}`);
    assert.deepEqual(files.filter((f) => /debug|node/.test(f)), [], entry);
  }
  assert.ok(reachable('js/worker.js').includes('js/cv-thread.js'), 'the helpers are workers a bundler builds');
  assert.ok(reachable('js/debug.js').includes('js/wasm/debug/labelcheck.wasm'), 'labelcheck/debug names the debug build');
});

test('release .wasm + JavaScript of the browser entry are under 400 KB gzipped', () => {
  const files = reachable('js/index.js');
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(root, f)), { level: 9 }).length, 0);
  assert.ok(gz < 400 * 1024, `${gz} bytes gzipped: ${files.join(', ')}`);
});

test('installed from the tarball, it works with no emcc/cmake on PATH (node, worker, debug, CommonJS)', () => {
  const app = path.join(tmp, 'app');
  spawnSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  assert.deepEqual(readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['labelcheck']);

  const fixture = path.join(fixturesDir, 'all_correct_N200_K4.json');
  const expectedOf = `
    const c = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(fixture)}, 'utf8'));
    const expected = c.calls.find((r) => r.id === 'find_label_issues/filter_by=prune_by_noise_rate').expected.result;`;
  // release | debug (init({debug: true}) of 'labelcheck', as the tests do) | debug-entry ('labelcheck/debug')
  writeFileSync(path.join(app, 'use.mjs'), `
    import { createRequire } from 'node:module';
    import * as lc from 'labelcheck';
    import * as worker from 'labelcheck/worker';
    const require = createRequire(import.meta.url);
    ${expectedOf}
    const how = process.argv[2];
    const { init, findLabelIssues, moduleInfo, version } = how === 'debug-entry' ? await import('labelcheck/debug') : lc;
    await init(how === 'debug' ? { debug: true } : undefined);
    const r = findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
    await worker.init({ debug: how !== 'release' });
    const w = await worker.findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
    console.log(JSON.stringify({ version, flavours: [moduleInfo().flavour, (await worker.moduleInfo()).flavour],
      got: Array.from(r.indices), worker: Array.from(w.indices), expected }));
  `);
  writeFileSync(path.join(app, 'use.cjs'), `
    const { init, findLabelIssues, moduleInfo, version } = require('labelcheck');
    const worker = require('labelcheck/worker');
    ${expectedOf}
    (async () => {
      await init();
      const r = findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
      await worker.init();
      const w = await worker.findLabelIssues(c.inputs.labels, c.inputs.pred_probs);
      console.log(JSON.stringify({ version, flavours: [moduleInfo().flavour, (await worker.moduleInfo()).flavour],
        got: Array.from(r.indices), worker: Array.from(w.indices), expected }));
    })();
  `);
  // A PATH with node and nothing else (node itself lives in /usr/bin here, next to emcc and cmake).
  const bin = path.join(tmp, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env = { PATH: bin, HOME: tmp };
  const runs = [['use.mjs', 'release'], ['use.mjs', 'debug'], ['use.mjs', 'debug-entry']];
  // require() of an ES module: Node 20.19+ and 22.12+ (process.features.require_module).
  if (process.features.require_module) runs.push(['use.cjs', 'release']);
  for (const [file, how] of runs) {
    const r = spawnSync(path.join(bin, 'node'), [file, how], { cwd: app, encoding: 'utf8', env });
    assert.equal(r.status, 0, `${file} ${how}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, pkg.version);
    const flavour = how === 'release' ? 'release' : 'debug';
    assert.deepEqual(out.flavours, [flavour, flavour], `${file} ${how}`);
    assert.deepEqual(out.got, out.expected, `${file} ${how}`);
    assert.deepEqual(out.worker, out.expected, `${file} ${how}`);
  }
  // Where require() cannot load ES modules, it says what to write instead.
  const noRequireEsm = process.features.require_module ? ['--no-experimental-require-module'] : [];
  const old = spawnSync(path.join(bin, 'node'), [...noRequireEsm, 'use.cjs'], { cwd: app, encoding: 'utf8', env });
  assert.notEqual(old.status, 0);
  assert.match(old.stderr, /labelcheck is an ES module, which this Node \(v[\d.]+\) does not load with require\(\) .*await import\('labelcheck'\)/);

  const which = spawnSync(process.execPath, ['-e', 'require("child_process").execSync("command -v emcc || command -v cmake", {stdio: "inherit"})'],
    { env, encoding: 'utf8' });
  assert.notEqual(which.status, 0, 'emcc/cmake really are out of reach');
});
