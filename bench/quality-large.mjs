#!/usr/bin/env node
// Wrong labels found on large files (on demand, never in tests): the shared datasets are all
// small enough for exact kNN, so this is where auto's choices above its exact-search size show.
// Synthetic tables with 10% of the labels changed at known rows (bench/synthetic.mjs):
//   blobs    100,000 x 20, 5 classes, one Gaussian blob per class (a linear problem: logistic
//            regression's home ground), the file pipeline.bench.mjs times;
//   mixture  100,000 x 20, 5 classes, each class a mixture of 4 blobs (interleaved classes: no
//            linear boundary), the kind of table where kNN and trees beat logistic regression.
// Each runs through the package (WebAssembly, checkLabelsOnThreads, every core) with the default
// `auto` and with `model: 'logistic'`; reported: flagged rows, precision, recall and F1 against
// the changed rows, the models auto ran with their weights, and the wall time.
//
//   node bench/quality-large.mjs [--only blobs|mixture] [--rows N]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSynthetic } from './synthetic.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const rows = Number(value('--rows', 100_000));
const only = value('--only', null);

const lc = await import(path.join(root, 'js/node.js'));
const { checkLabelsOnThreads } = await import(path.join(root, 'js/parallel-node.js'));
await lc.init();

const dir = path.join(root, 'bench/results/large');
mkdirSync(dir, { recursive: true });

// The file and its changed rows, written once into bench/results/large/ in the shared datasets'
// schema (datasets.json, NAME.noise10.truth.json), so that the native quality bench reads them
// too: build/bench/bench/labelcheck_quality --datasets bench/results/large [--neighbors exact].
const manifestFile = path.join(dir, 'datasets.json');
const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
function table(name, components) {
  const stem = `${name}_${rows}`;
  const csv = path.join(dir, `${stem}.noise10.csv`);
  const truth = path.join(dir, `${stem}.noise10.truth.json`);
  if (!existsSync(csv) || !existsSync(truth)) {
    const flipped = makeSynthetic(csv, rows, 20, 5, 0.1, components);
    writeFileSync(truth, JSON.stringify({ csv: path.basename(csv), label_column: 'label', flipped_rows: flipped }));
    manifest[stem] = { name: stem, label_column: 'label', variants: { noise10: { truth: path.basename(truth) } } };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  }
  return { csv, flipped: new Set(JSON.parse(readFileSync(truth, 'utf8')).flipped_rows) };
}

const cases = [['blobs', 1], ['mixture', 4]].filter(([name]) => only === null || name === only);
console.log('| table | model | flagged | precision | recall | F1 | models (weights) | wall s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, components] of cases) {
  const { csv, flipped } = table(name, components);
  const bytes = readFileSync(csv);
  for (const model of ['auto', 'logistic']) {
    const t0 = performance.now();
    const r = await checkLabelsOnThreads(bytes, { label: 'label', model });
    const seconds = (performance.now() - t0) / 1000;
    // Data rows are numbered from 0 in `row`, like the truth.
    const hits = r.issues.filter((i) => flipped.has(i.row)).length;
    const precision = r.issues.length ? hits / r.issues.length : 0;
    const recall = hits / flipped.size;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const models = r.summary.models.map((m) => `${m.name} ${m.weight.toFixed(2)}`).join(', ');
    console.log(`| ${name} ${rows} x 20 x 5 | ${model} | ${r.issues.length} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | **${f1.toFixed(3)}** | ${models} | ${seconds.toFixed(2)} |`);
  }
}
