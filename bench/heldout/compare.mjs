#!/usr/bin/env node
// The default pipeline against scikit-learn on the held-out files of make.py (README.md here).
//
//   node bench/heldout/compare.mjs [OUT]      (default OUT: build/heldout; run from the repository root)
//
// scikit-learn's side: OUT/reference.json's cross-validated probabilities through the package's
// findLabelIssues (Confident Learning as cleanlab's find_label_issues, defaults), F1 of the
// flagged rows, mean over seeds 0-2 per model. Ours: build/bench/bench/labelcheck_quality
// --datasets OUT --seeds 3 (native; the WebAssembly build flags the same rows), its mean over
// seeds 0-2. Printed: one row per file, the means, and the files below scikit-learn's LR - 0.02
// (the per-file floor of issue #10).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'build/heldout'));
const lc = await import(path.join(root, 'js/node.js'));
await lc.init();

const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const f1Of = (flagged, truth) => {
  let hit = 0;
  for (const i of flagged) hit += truth.has(i);
  const p = flagged.length ? hit / flagged.length : 0;
  const r = hit / truth.size;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
};

// scikit-learn's models through Confident Learning.
const reference = JSON.parse(readFileSync(path.join(out, 'reference.json'), 'utf8'));
const theirs = new Map();  // "name|variant" -> { LR: [f1 per seed], kNN: [...], HGB: [...] }
for (const [key, v] of Object.entries(reference)) {
  const [name, variant, model] = key.split('|');
  const found = lc.findLabelIssues(Int32Array.from(v.labels), { data: Float64Array.from(v.probs), rows: v.labels.length, cols: v.K });
  const file = `${name}|${variant}`;
  if (!theirs.has(file)) theirs.set(file, {});
  (theirs.get(file)[model] ??= []).push(f1Of(Array.from(found.indices), new Set(v.flipped)));
}

// Ours: the quality bench's table ("| name | variant | ... | F1 | F1, mean of seeds | ... | model | ...").
const table = execFileSync(path.join(root, 'build/bench/bench/labelcheck_quality'), ['--datasets', out, '--seeds', '3'],
  { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
const ours = new Map();
for (const line of table.split('\n')) {
  const cells = line.split('|').map((c) => c.trim());
  if (cells.length > 12 && theirs.has(`${cells[1]}|${cells[2]}`)) ours.set(`${cells[1]}|${cells[2]}`, { f1: Number(cells[7]), model: cells[11] });
}

console.log('| dataset | variant | scikit-learn LR | kNN | HGB | best | labelcheck (models) | against best |');
console.log('|---|---|---|---|---|---|---|---|');
const sums = { LR: [], best: [], ours: [] };
const below = [];
for (const file of [...theirs.keys()].sort()) {
  const t = theirs.get(file);
  const o = ours.get(file);
  if (!o) throw new Error(`no labelcheck row for ${file}`);
  const f = ['LR', 'kNN', 'HGB'].map((m) => mean(t[m]));
  const best = Math.max(...f);
  sums.LR.push(f[0]);
  sums.best.push(best);
  sums.ours.push(o.f1);
  if (o.f1 < f[0] - 0.02) below.push(file);
  console.log(`| ${file.replace('|', ' | ')} | ${f.map((x) => x.toFixed(3)).join(' | ')} | ${best.toFixed(3)} | ${o.f1.toFixed(3)} (${o.model}) | ${(o.f1 - best >= 0 ? '+' : '') + (o.f1 - best).toFixed(3)} |`);
}
console.log(`\nmean F1 over ${sums.ours.length} files (3 seeds each): labelcheck ${mean(sums.ours).toFixed(3)}, scikit-learn LR ${mean(sums.LR).toFixed(3)}, best of three per file ${mean(sums.best).toFixed(3)}`);
console.log(`files below scikit-learn's LR - 0.02: ${below.length}${below.length ? ` (${below.join(', ')})` : ''}`);
