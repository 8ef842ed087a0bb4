#!/usr/bin/env node
// `npm run build`: builds the WebAssembly module in its two flavours and copies the outputs
// into js/wasm/ (git-ignored; shipped in the npm package):
//   release  build/wasm-release -> js/wasm/labelcheck.{js,wasm}
//   debug    build/wasm-debug   -> js/wasm/debug/labelcheck.{js,wasm}
// All emcc flags are in bindings/CMakeLists.txt. A flavour whose outputs are newer than every
// source (src/, bindings/, CMake files) is skipped without running CMake at all, so the call is
// cheap when nothing changed. Progress goes to stderr (stdout stays clean for `npm pack --json`).
//
//   node scripts/build-wasm.mjs [release] [debug] [--force]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const force = args.includes('--force');
const wanted = args.filter((a) => !a.startsWith('--'));
const flavours = [
  { name: 'release', buildType: 'Release', dir: 'build/wasm-release', out: 'js/wasm' },
  { name: 'debug', buildType: 'Debug', dir: 'build/wasm-debug', out: 'js/wasm/debug' },
].filter((f) => wanted.length === 0 || wanted.includes(f.name));
const jobs = process.env.LABELCHECK_JOBS ?? '2';
const outputs = ['labelcheck.js', 'labelcheck.wasm'];

// Newest modification time among the files the module is built from.
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ['src', 'bindings', 'CMakeLists.txt', 'scripts/build-wasm.mjs']) visit(path.join(root, p));
  return newest;
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited with ${r.status}`);
}

const hasEmscripten = spawnSync('emcmake', ['--version'], { stdio: 'ignore' }).status !== null;
const sources = newestSource();
let failed = false;
for (const f of flavours) {
  const outDir = path.join(root, f.out);
  const upToDate = outputs.every((o) => (statSync(path.join(outDir, o), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= sources);
  if (upToDate && !force) {
    console.error(`wasm ${f.name}: up to date (${f.out})`);
    continue;
  }
  if (!hasEmscripten) {
    console.error(`wasm ${f.name}: emcmake not found; install emscripten (scripts/setup.sh)`);
    failed = true;
    continue;
  }
  const t0 = Date.now();
  try {
    if (!existsSync(path.join(root, f.dir, 'CMakeCache.txt')))
      run('emcmake', ['cmake', '-S', '.', '-B', f.dir, `-DCMAKE_BUILD_TYPE=${f.buildType}`]);
    run('cmake', ['--build', f.dir, '--target', 'labelcheck_wasm', `-j${jobs}`]);
  } catch (e) {
    console.error(`wasm ${f.name}: ${e.message}`);
    failed = true;
    continue;
  }
  mkdirSync(outDir, { recursive: true });
  for (const o of outputs) copyFileSync(path.join(root, f.dir, 'bindings', o), path.join(outDir, o));
  console.error(`wasm ${f.name}: built in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${f.out}`);
}
process.exit(failed ? 1 : 0);
