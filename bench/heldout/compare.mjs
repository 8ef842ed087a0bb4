#!/usr/bin/env node
// The default pipeline against scikit-learn on the held-out files of make.py (README.md here).
//
//   node bench/heldout/compare.mjs [OUT]      (default OUT: build/heldout; run from the repository root)
//
// scikit-learn's side: OUT/reference.json's cross-validated probabilities through the package's
// findLabelIssues (Confident Learning as cleanlab's find_label_issues, defaults), F1 of the
// flagged rows, mean over seeds 0-2 per model. Ours: the package's checkLabels (WebAssembly),
// default settings, mean F1 over seeds 0-2. Printed: one row per file, the means, and the files
// below scikit-learn's LR - 0.02 (the per-file floor of issue #10).
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

// Ours: the package (WebAssembly, as the page and apps run it), default settings, seeds 0-2.
const manifest = JSON.parse(readFileSync(path.join(out, 'datasets.json'), 'utf8'));
const ours = new Map();
for (const [name, d] of Object.entries(manifest))
  for (const [variant, v] of Object.entries(d.variants)) {
    const truth = JSON.parse(readFileSync(path.join(out, v.truth), 'utf8'));
    const bytes = readFileSync(path.join(out, truth.csv));
    const f1 = [];
    let model = '';
    for (let seed = 0; seed < 3; seed++) {
      const r = lc.checkLabels(bytes, { label: d.label_column, seed });
      f1.push(f1Of(r.issues.map((i) => i.row), new Set(truth.flipped_rows)));
      if (seed === 0) model = r.summary.model;
    }
    ours.set(`${name}|${variant}`, { f1: mean(f1), model });
    process.stderr.write('.');
  }
process.stderr.write('\n');

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
