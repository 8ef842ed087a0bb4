#!/usr/bin/env node
// Speed and memory of checkLabels from CSV text to ranked issues (on demand, never in tests).
//
//   npm run bench:pipeline            (= node scripts/build-wasm.mjs release && node bench/pipeline.bench.mjs)
//   node bench/pipeline.bench.mjs [--rounds 3] [--only NAME,...] [--no-native] [--no-sklearn]
//
// Cases (WebAssembly in Node, through checkLabelsOnThreads = what the CLI and labelcheck/worker run;
// `threads: 1` is the synchronous checkLabels):
//   auto-2      synthetic 100,000 x 20 x 5 (bench/synthetic.mjs, 10% flipped), defaults, every core (2 here)
//   auto-1      the same, one thread
//   logistic-2  the same, model 'logistic'
//   gbdt-2      the same, model 'gbdt' (5-fold CV of the trees)
//   gbdt-1      the same, one thread
//   letter-2    ../shared/datasets/letter.uniform10.csv (20,000 rows, 26 classes), defaults
//   letter-1    the same, one thread
// Each case runs in a fresh Node process (so the WASM heap and the peak RSS belong to it): wall
// time of the call with the bytes in memory, the heap of the instance that parses and finishes
// (it never shrinks: the peak) and the process's peak RSS. Then natively
// (build/bench/bench/labelcheck_pipeline_native, g++ -O3, threads as the case), and scikit-learn
// 1.2 on the synthetic data (Debian python3-sklearn): cross_val_predict(LogisticRegression(
// max_iter=1000), cv=5) and cross_val_predict(HistGradientBoostingClassifier(), cv=5), both
// method='predict_proba', with the default threads. Writes bench/results/pipeline.json and
// prints a markdown table for bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSynthetic } from './synthetic.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'bench/results');
const syntheticCsv = path.join(resultsDir, 'synthetic_100k_20x5.csv');
const letterCsv = path.resolve(root, '../shared/datasets/letter.uniform10.csv');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);

const CASES = {
  'auto-2': { file: syntheticCsv, options: { label: 'label' }, threads: 2 },
  'auto-1': { file: syntheticCsv, options: { label: 'label' }, threads: 1 },
  'logistic-2': { file: syntheticCsv, options: { label: 'label', model: 'logistic' }, threads: 2 },
  'gbdt-2': { file: syntheticCsv, options: { label: 'label', model: 'gbdt' }, threads: 2 },
  'gbdt-1': { file: syntheticCsv, options: { label: 'label', model: 'gbdt' }, threads: 1 },
  'letter-2': { file: letterCsv, options: { label: 'lettr' }, threads: 2 },
  'letter-1': { file: letterCsv, options: { label: 'lettr' }, threads: 1 },
};

// ---- one case in this process (child mode) ----
if (flag('--case')) {
  const c = CASES[value('--case')];
  const lc = await import(path.join(root, 'js/node.js'));
  const { checkLabelsOnThreads } = await import(path.join(root, 'js/parallel-node.js'));
  await lc.init();
  const bytes = readFileSync(c.file);
  const t0 = performance.now();
  const r = await checkLabelsOnThreads(bytes, { ...c.options, threads: c.threads });
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    seconds, timingsMs: r.timingsMs, issues: r.issues.length, model: r.summary.model, skipped: r.summary.modelsSkipped,
    csvBytes: bytes.length, heapBytes: lc.moduleInfo().heapBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }));
  process.exit(0);
}

mkdirSync(resultsDir, { recursive: true });
if (!existsSync(syntheticCsv)) makeSynthetic(syntheticCsv);
const rounds = Number(value('--rounds', 3));
const only = value('--only', null)?.split(',') ?? Object.keys(CASES);
const mb = (b) => (b / 1e6).toFixed(1);
const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

const results = {
  date: new Date().toISOString(), load: os.loadavg(),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} vCPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  cases: {},
};
// Rounds interleave the cases, so that a busy moment of the machine does not hit one case only.
const runs = Object.fromEntries(only.map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of only) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    runs[name].push(JSON.parse(r.stdout));
  }
}
for (const name of only) {
  const b = best(runs[name]);
  results.cases[name] = { best: b, all: runs[name].map((r) => r.seconds) };
  console.error(`wasm ${name}: ${runs[name].map((r) => r.seconds.toFixed(2)).join(' / ')} s; ${b.model}; heap ${mb(b.heapBytes)} MB = ${(b.heapBytes / b.csvBytes).toFixed(2)}x CSV; peak RSS ${mb(b.peakRssBytes)} MB`);
}

const native = path.join(root, 'build/bench/bench/labelcheck_pipeline_native');
if (!flag('--no-native')) {
  if (!existsSync(native)) {
    console.error('native: building build/bench (cmake -DLABELCHECK_BENCH=ON)');
    spawnSync('cmake', ['-S', '.', '-B', 'build/bench', '-DLABELCHECK_BENCH=ON', '-DCMAKE_BUILD_TYPE=Release'], { cwd: root, stdio: 'inherit' });
    spawnSync('cmake', ['--build', 'build/bench', '--target', 'labelcheck_pipeline_native', '-j2'], { cwd: root, stdio: 'inherit' });
  }
  for (const name of only) {
    const c = CASES[name];
    const extra = ['--label', c.options.label, '--threads', String(c.threads), ...(c.options.model ? ['--model', c.options.model] : [])];
    const nat = Array.from({ length: rounds }, () => {
      const r = spawnSync(native, [c.file, ...extra], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`native ${name}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    });
    results.cases[name].native = { best: best(nat), all: nat.map((r) => r.seconds) };
    console.error(`native ${name}: ${nat.map((r) => r.seconds.toFixed(2)).join(' / ')} s`);
  }
}

if (!flag('--no-sklearn')) {
  const py = `
import sys, time, json, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import cross_val_predict
data = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, converters={0: lambda s: float(s[1:])}, encoding='utf-8')
y = data[:, 0].astype(int); X = data[:, 1:]
out = {"sklearn": sklearn.__version__, "lr": [], "hgb": []}
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter(); cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5, method='predict_proba'); out["lr"].append(time.perf_counter() - t0)
    t0 = time.perf_counter(); cross_val_predict(HistGradientBoostingClassifier(), X, y, cv=5, method='predict_proba'); out["hgb"].append(time.perf_counter() - t0)
print(json.dumps(out))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, syntheticCsv, String(rounds)], { encoding: 'utf8' });
  if (r.status !== 0) console.error(`sklearn: ${r.stderr.trim().split('\n').at(-1)} (apt-get install -y python3-sklearn)`);
  else {
    results.sklearn = JSON.parse(r.stdout);
    console.error(`scikit-learn ${results.sklearn.sklearn}: LR CV ${results.sklearn.lr.map((x) => x.toFixed(2)).join(' / ')} s; HGB CV ${results.sklearn.hgb.map((x) => x.toFixed(2)).join(' / ')} s`);
  }
}

writeFileSync(path.join(resultsDir, 'pipeline.json'), JSON.stringify(results, null, 1));

// ---- markdown summary ----
const lines = [`Measured ${results.date.slice(0, 10)} on ${results.machine}, load ${results.load.map((x) => x.toFixed(1)).join(' / ')} at the start; best of ${rounds}, rounds interleaved, each run in a fresh process.`, ''];
lines.push('| case | threads | model used | WASM (Node) s | stages parse / encode / CV / issues, ms | native s | WASM heap / CSV | peak RSS |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const name of only) {
  const c = CASES[name];
  const r = results.cases[name].best;
  const n = results.cases[name].native?.best;
  const t = r.timingsMs;
  lines.push(`| ${name} (${path.basename(c.file)}) | ${c.threads} | ${r.model} | **${r.seconds.toFixed(2)}** | ${[t.parse, t.encode, t.crossValidation, t.findIssues].map((x) => x.toFixed(0)).join(' / ')} | ${n ? n.seconds.toFixed(2) : '–'} | ${(r.heapBytes / r.csvBytes).toFixed(2)}x | ${mb(r.peakRssBytes)} MB |`);
}
if (results.sklearn) {
  const lr = Math.min(...results.sklearn.lr);
  const hgb = Math.min(...results.sklearn.hgb);
  const sec = (k) => results.cases[k]?.best.seconds;
  lines.push('', `scikit-learn ${results.sklearn.sklearn}, same machine and run, best of ${rounds}: cross_val_predict LogisticRegression **${lr.toFixed(2)} s**, HistGradientBoostingClassifier **${hgb.toFixed(2)} s** (CV only, data already loaded).`);
  if (sec('auto-2')) lines.push(`- default auto, CSV text to ranked issues: ${sec('auto-2').toFixed(2)} s = **${(sec('auto-2') / lr).toFixed(2)}x** scikit-learn's LR CV time.`);
  if (sec('gbdt-2')) lines.push(`- trees, CSV text to ranked issues: ${sec('gbdt-2').toFixed(2)} s = **${(sec('gbdt-2') / hgb).toFixed(2)}x** scikit-learn's HGB CV time.`);
}
for (const [a, b] of [['auto-1', 'auto-2'], ['gbdt-1', 'gbdt-2'], ['letter-1', 'letter-2']]) {
  const x = results.cases[a]?.best, y = results.cases[b]?.best;
  if (x && y) lines.push(`- ${a.split('-')[0]}: threads 2 vs 1: ${x.seconds.toFixed(2)} / ${y.seconds.toFixed(2)} s = **${(x.seconds / y.seconds).toFixed(2)}x** (cross-validation alone ${(x.timingsMs.crossValidation / y.timingsMs.crossValidation).toFixed(2)}x).`);
}
console.log(lines.join('\n'));
