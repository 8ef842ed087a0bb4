#!/usr/bin/env node
// Detection quality of checkLabels through the JS API (WASM), on demand, never in tests.
//
//   npm run bench:quality            (= node scripts/build-wasm.mjs release && node bench/quality.mjs)
//   node bench/quality.mjs [--model auto|logistic|knn] [--only iris]
//
// For every noisy CSV of ../shared/datasets (default settings, label column from datasets.json):
// precision, recall and F1 of the flagged rows against truth.json, the average precision (AP) of
// the whole ranking (every row ordered by label quality, lowest first), beside the Python
// pipeline's LR / kNN / HGB F1 from the datasets README. For label-errors/ (probabilities given):
// how many human-verified errors are flagged and their median rank in the ranking of all rows.
// Prints markdown and writes it to bench/results/quality.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, checkLabels } from '../js/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/datasets');
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const model = opt('--model') ?? 'auto';
const only = opt('--only');

const manifest = JSON.parse(readFileSync(path.join(shared, 'datasets.json'), 'utf8'));
const python = {};
for (const line of readFileSync(path.join(shared, 'README.md'), 'utf8').split('\n')) {
  const m = /^\|\s*(\w+)\s*\|\s*(uniform10|uniform30|asym20)\s*\|\s*([0-9.]+)[^|]*\|\s*([0-9.–-]+)\s*\|\s*([0-9.–-]+)\s*\|/.exec(line);
  const num = (s) => (/^[0-9.]+$/.test(s) ? Number(s) : null);
  if (m) python[`${m[1]}.${m[2]}`] = { lr: num(m[3]), knn: num(m[4]), hgb: num(m[5]) };
}

// Every example ordered by label quality (lowest first; ties by row), as file rows.
function ranking(r) {
  const n = r.examples.labelQuality.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const q = r.examples.labelQuality;
  order.sort((a, b) => q[a] - q[b] || a - b);
  return order.map((i) => r.examples.sourceRows[i]);
}

function averagePrecision(rankedRows, truth) {
  let hits = 0;
  let sum = 0;
  rankedRows.forEach((row, i) => { if (truth.has(row)) sum += ++hits / (i + 1); });
  return truth.size ? sum / truth.size : 0;
}

await init();
const f3 = (x) => (x === null || x === undefined ? '–' : x.toFixed(3));
const out = [];
out.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0].model} (${os.cpus().length} vCPU), Node ${process.version}, WASM release build, model '${model}'.`, '');
out.push('| dataset | variant | flagged | precision | recall | F1 | AP | Python LR F1 | kNN F1 | HGB F1 | model | s |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
const sums = { f1: 0, lr: 0, best: 0, ap: 0, n: 0, wins: 0 };
for (const [name, d] of Object.entries(manifest)) {
  if (only && name !== only) continue;
  for (const [variant, v] of Object.entries(d.variants)) {
    const truthJson = JSON.parse(readFileSync(path.join(shared, v.truth), 'utf8'));
    const truth = new Set(truthJson.flipped_rows);
    const bytes = readFileSync(path.join(shared, d.files[variant]));
    const t0 = performance.now();
    const r = checkLabels(bytes, { label: d.label_column, model });
    const secs = (performance.now() - t0) / 1000;
    const hits = r.issues.filter((i) => truth.has(i.row)).length;
    const p = r.issues.length ? hits / r.issues.length : 0;
    const rec = hits / truth.size;
    const f1 = p + rec ? (2 * p * rec) / (p + rec) : 0;
    const ap = averagePrecision(ranking(r), truth);
    const py = python[`${name}.${variant}`] ?? {};
    const best = Math.max(...[py.lr, py.knn, py.hgb].filter((x) => x !== null && x !== undefined));
    out.push(`| ${name} | ${variant} | ${r.issues.length} | ${f3(p)} | ${f3(rec)} | **${f3(f1)}** | ${f3(ap)} | ${f3(py.lr)} | ${f3(py.knn)} | ${f3(py.hgb)} | ${r.summary.model} | ${secs.toFixed(2)} |`);
    sums.f1 += f1; sums.lr += py.lr; sums.best += best; sums.ap += ap; sums.n++; sums.wins += f1 >= py.lr;
    process.stderr.write(`${name}.${variant} F1 ${f1.toFixed(3)}\n`);
  }
}
out.push('', `Mean over ${sums.n} files: F1 **${(sums.f1 / sums.n).toFixed(3)}** (Python LR ${(sums.lr / sums.n).toFixed(3)}, Python best-of-three ${(sums.best / sums.n).toFixed(3)}); mean AP ${(sums.ap / sums.n).toFixed(3)}; F1 >= Python LR on ${sums.wins} of ${sums.n} files.`, '');

out.push('| label-errors set | rows | flagged | verified errors | verified flagged | median rank (all rows) | s |');
out.push('|---|---|---|---|---|---|---|');
for (const name of ['mnist', 'cifar10', 'imdb', '20news']) {
  const verified = JSON.parse(readFileSync(path.join(shared, `label-errors/${name}_verified_errors.json`), 'utf8')).verified_label_errors;
  const t0 = performance.now();
  const r = checkLabels(readFileSync(path.join(shared, `label-errors/${name}_test_pred_probs.csv`)), { label: 'label', mode: 'probabilities' });
  const secs = (performance.now() - t0) / 1000;
  const flagged = new Set(r.issues.map((i) => i.row));
  const rankOf = new Map(ranking(r).map((row, i) => [row, i + 1]));
  const ranks = verified.map((x) => rankOf.get(x)).sort((a, b) => a - b);
  const median = ranks.length % 2 ? ranks[(ranks.length - 1) / 2] : (ranks[ranks.length / 2 - 1] + ranks[ranks.length / 2]) / 2;
  out.push(`| ${name} | ${r.rowCount} | ${r.issues.length} | ${verified.length} | ${verified.filter((x) => flagged.has(x)).length} | ${median} | ${secs.toFixed(2)} |`);
}
const text = out.join('\n');
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/quality.md'), `${text}\n`);
console.log(text);
