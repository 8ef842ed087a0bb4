#!/usr/bin/env node
// Speed and memory of checkLabels from CSV text to ranked issues (on demand, never in tests).
//
//   npm run bench:pipeline            (= node scripts/build-wasm.mjs release && node bench/pipeline.bench.mjs)
//   node bench/pipeline.bench.mjs [--rounds 3] [--no-native] [--no-sklearn]
//
// Cases:
//   synthetic  a generated 100,000-row, 20-numeric-column, 5-class CSV (10% of labels flipped),
//              model 'logistic' (5-fold)                                    target < 6 s in WASM
//   letter     ../shared/datasets/letter.uniform10.csv (20,000 rows, 26 classes), defaults   target < 10 s
// Each case runs in a fresh Node process (so peak RSS and the WASM heap belong to that case):
// wall time of checkLabels (input already in memory), the WASM heap size afterwards (memory
// never shrinks, so this is the peak) and the process's peak RSS, both against the CSV size.
// Then the same CSVs natively (build/bench/bench/labelcheck_pipeline_native, g++ -O3), and
// scikit-learn's cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5,
// method='predict_proba') on the synthetic data (Debian python3-sklearn, /usr/bin/python3).
// Writes bench/results/pipeline.json and prints a markdown summary for bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'bench/results');
const syntheticCsv = path.join(resultsDir, 'synthetic_100k_20x5.csv');
const letterCsv = path.resolve(root, '../shared/datasets/letter.uniform10.csv');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);

// ---- one case in this process (child mode) ----
if (flag('--case')) {
  const which = value('--case');
  const lc = await import(path.join(root, 'js/node.js'));
  await lc.init();
  const bytes = readFileSync(which === 'synthetic' ? syntheticCsv : letterCsv);
  const options = which === 'synthetic' ? { label: 'label', model: 'logistic' } : { label: 'lettr' };
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = lc.checkLabels(bytes, options);
  const seconds = (performance.now() - t0) / 1000;
  const info = lc.moduleInfo();
  console.log(JSON.stringify({
    seconds, timingsMs: r.timingsMs, issues: r.issues.length, model: r.summary.model, csvBytes: bytes.length,
    heapBytes: info.heapBytes, rssBefore, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }));
  process.exit(0);
}

// ---- the synthetic CSV (deterministic) ----
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSynthetic(file, rows = 100_000, cols = 20, classes = 5, noise = 0.1) {
  const rand = mulberry32(12345);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centers = Array.from({ length: classes }, () => Array.from({ length: cols }, () => gauss()));
  const out = [['label', ...Array.from({ length: cols }, (_, j) => `x${j + 1}`)].join(',')];
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(rand() * classes);
    const x = centers[c].map((m) => (m + 1.5 * gauss()).toFixed(4));
    let given = c;
    if (rand() < noise) given = (c + 1 + Math.floor(rand() * (classes - 1))) % classes;
    out.push(`c${given},${x.join(',')}`);
  }
  writeFileSync(file, out.join('\n') + '\n');
}

mkdirSync(resultsDir, { recursive: true });
if (!existsSync(syntheticCsv)) makeSynthetic(syntheticCsv);
const rounds = Number(value('--rounds', 3));
const mb = (b) => (b / 1e6).toFixed(1);

function runCase(which) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', which], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${which}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function best(runs) {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

const results = { date: new Date().toISOString(), machine: `${os.cpus()[0].model}, ${os.cpus().length} vCPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}` };
for (const which of ['synthetic', 'letter']) {
  const runs = Array.from({ length: rounds }, () => runCase(which));
  results[`wasm_${which}`] = { best: best(runs), all: runs.map((r) => r.seconds) };
  const b = best(runs);
  console.error(`wasm ${which}: ${runs.map((r) => r.seconds.toFixed(2)).join(' / ')} s; heap ${mb(b.heapBytes)} MB = ${(b.heapBytes / b.csvBytes).toFixed(2)}x CSV (${mb(b.csvBytes)} MB); peak RSS ${mb(b.peakRssBytes)} MB`);
}

const native = path.join(root, 'build/bench/bench/labelcheck_pipeline_native');
if (!flag('--no-native')) {
  if (!existsSync(native)) {
    console.error('native: building build/bench (cmake -DLABELCHECK_BENCH=ON)');
    spawnSync('cmake', ['-S', '.', '-B', 'build/bench', '-DLABELCHECK_BENCH=ON', '-DCMAKE_BUILD_TYPE=Release'], { cwd: root, stdio: 'inherit' });
    spawnSync('cmake', ['--build', 'build/bench', '--target', 'labelcheck_pipeline_native', '-j2'], { cwd: root, stdio: 'inherit' });
  }
  for (const [which, file, extra] of [['synthetic', syntheticCsv, ['--label', 'label', '--model', 'logistic']], ['letter', letterCsv, ['--label', 'lettr']]]) {
    const runs = Array.from({ length: rounds }, () => {
      const r = spawnSync(native, [file, ...extra], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`native ${which}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    });
    results[`native_${which}`] = { best: best(runs), all: runs.map((r) => r.seconds) };
    console.error(`native ${which}: ${runs.map((r) => r.seconds.toFixed(2)).join(' / ')} s; peak RSS ${mb(best(runs).peakRssBytes)} MB`);
  }
}

if (!flag('--no-sklearn')) {
  const py = `
import sys, time, json, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
t0 = time.perf_counter()
raw = np.genfromtxt(sys.argv[1], delimiter=',', skip_header=1, dtype=None, encoding='utf-8')
y = np.array([int(r[0][1:]) for r in raw]); X = np.array([list(r)[1:] for r in raw], dtype=float)
load = time.perf_counter() - t0
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    p = cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5, method='predict_proba')
    times.append(time.perf_counter() - t0)
print(json.dumps({"load": load, "cv": times, "sklearn": sklearn.__version__, "acc": float((p.argmax(1) == y).mean())}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, syntheticCsv, String(rounds)], { encoding: 'utf8' });
  if (r.status !== 0) console.error(`sklearn: ${r.stderr.trim().split('\n').at(-1)} (apt-get install -y python3-sklearn)`);
  else {
    results.sklearn = JSON.parse(r.stdout);
    const s = Math.min(...results.sklearn.cv);
    console.error(`sklearn ${results.sklearn.sklearn} cross_val_predict LR: ${results.sklearn.cv.map((x) => x.toFixed(2)).join(' / ')} s (+ ${results.sklearn.load.toFixed(1)} s loading)`);
  }
}

writeFileSync(path.join(resultsDir, 'pipeline.json'), JSON.stringify(results, null, 1));

// ---- markdown summary ----
const w = results.wasm_synthetic.best;
const l = results.wasm_letter.best;
const lines = [];
lines.push(`Measured ${results.date.slice(0, 10)} on ${results.machine}; best of ${rounds} (each in a fresh process).`, '');
lines.push('| case | CSV | WASM (Node) s | stages parse / encode / CV / issues, ms | native s | WASM heap | heap / CSV | peak RSS |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const [name, key, r] of [['synthetic 100k x 20, 5 classes, logistic', 'synthetic', w], ['letter 20k x 16, 26 classes, auto', 'letter', l]]) {
  const n = results[`native_${key}`]?.best;
  const t = r.timingsMs;
  lines.push(`| ${name} (${r.model}) | ${mb(r.csvBytes)} MB | **${r.seconds.toFixed(2)}** | ${[t.parse, t.encode, t.crossValidation, t.findIssues].map((x) => x.toFixed(0)).join(' / ')} | ${n ? n.seconds.toFixed(2) : '–'} | ${mb(r.heapBytes)} MB | ${(r.heapBytes / r.csvBytes).toFixed(2)}x | ${mb(r.peakRssBytes)} MB |`);
}
if (results.sklearn) {
  const s = Math.min(...results.sklearn.cv);
  lines.push('', `scikit-learn ${results.sklearn.sklearn} \`cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5, method='predict_proba')\` on the synthetic data: ` +
    `**${s.toFixed(2)} s** (CV only; loading the CSV with numpy another ${results.sklearn.load.toFixed(1)} s). ` +
    `labelcheck WASM, CSV text to ranked issues: ${w.seconds.toFixed(2)} s = **${(w.seconds / s).toFixed(2)}x** scikit-learn's CV time` +
    (results.native_synthetic ? `; native ${results.native_synthetic.best.seconds.toFixed(2)} s = ${(results.native_synthetic.best.seconds / s).toFixed(2)}x.` : '.'));
}
console.log(lines.join('\n'));
