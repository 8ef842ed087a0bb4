#!/usr/bin/env node
// The data audit (issue #13), on demand, never in tests. Through the package (WebAssembly, one
// thread), as users run it:
//   1. injection: into each shared dataset's clean file, at seeded random rows, copies of random
//      rows with small noise (numeric cells + 1% of the column's standard deviation; categorical
//      and text cells kept, so those copies are exact) and far-away rows (every numeric cell
//      mean +- 8 standard deviations, signs at random; categories and labels at random; text: 30
//      made-up words, or with --text-outliers words 30 words drawn from the file's rows). Reported: the share of injected copies found (in a
//      near-duplicate set with the row they copy), of injected outliers flagged, and the rows
//      flagged beyond them, next to what the clean file alone flags.
//   2. speed: the audit against logistic regression's cross-validation on the 100,000 x 20 x 5
//      synthetic file (bench/synthetic.mjs), both on one thread (timingsMs, best of --rounds); then the whole run
//      with threads: 2 (checkLabelsOnThreads, where a helper builds the audit's graph beside the
//      cross-validation) with and without the audit, best of --rounds (default 2): the wall time
//      the audit adds there.
//      And with the default settings (auto), on one thread and on two: there auto's kNN is the
//      vote of the audit's graph with the audit on or off, so the graph is the model's and the
//      audit adds its checks only (the model-named runs above charge the whole graph to it).
//   3. a million rows (--million): the same file at 1,000,000 rows: the audit's time and the
//      approximate graph's measured recall.
//
//   node bench/audit.bench.mjs [--datasets iris,digits] [--text-outliers made-up|words] [--no-inject] [--no-speed] [--million] [--rounds N]
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSynthetic, mulberry32 } from './synthetic.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/datasets');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);

const lc = await import(path.join(root, 'js/node.js'));
const { checkLabelsOnThreads } = await import(path.join(root, 'js/parallel-node.js'));
await lc.init();

const quote = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(3));

// The file's rows as fields (the package's reader), the label column, and numeric column stats.
function readTable(file, label) {
  const bytes = readFileSync(file);
  const p = lc.previewCsv(bytes, { maxRows: 1e9, maxBytes: null });
  const header = p.columns.map((c) => c.name);
  const labelAt = header.indexOf(label);
  const stats = p.columns.map((c, j) => {
    if (c.kind !== 'numeric' || j === labelAt) return null;
    const v = p.rows.map((r) => Number(r[j])).filter((x) => Number.isFinite(x));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) || 1;
    return { mean, sd };
  });
  return { header, rows: p.rows, labelAt, kinds: p.columns.map((c) => c.kind), stats };
}

// Copies and outliers inserted at seeded random positions; returns the CSV and where they went.
function inject(t, copies, outliers, seed) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pick = (n) => Math.floor(rand() * n);
  const labels = [...new Set(t.rows.map((r) => r[t.labelAt]))];
  const words = t.kinds.some((k) => k === 'text')
    ? t.rows.flatMap((r, i) => (i % 10 ? [] : r.filter((_, j) => t.kinds[j] === 'text').join(' ').split(/\s+/).filter(Boolean)))
    : [];
  // A far-away text: with --text-outliers words, 30 words of the file's own rows (a word salad:
  // near every row in TF-IDF space, since it shares their words); by default 30 made-up words
  // (letters at random, 3 to 9 of them: a vocabulary no row has, as a foreign-language or
  // garbled text would be), the text analogue of a numeric cell 8 standard deviations out.
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const madeUp = () => Array.from({ length: 3 + pick(7) }, () => letters[pick(26)]).join('');
  const textOutlier = () => Array.from({ length: 30 }, () => (textOutliers === 'words' ? words[pick(words.length)] : madeUp())).join(' ');
  const made = [];
  for (let c = 0; c < copies; c++) {
    const src = pick(t.rows.length);
    made.push({ kind: 'copy', src, fields: t.rows[src].map((v, j) => (t.stats[j] && v !== '' ? String(Number(v) + 0.01 * t.stats[j].sd * gauss()) : v)) });
  }
  for (let o = 0; o < outliers; o++) {
    made.push({ kind: 'outlier', fields: t.rows[0].map((_, j) => {
      if (j === t.labelAt) return labels[pick(labels.length)];
      if (t.stats[j]) return String(t.stats[j].mean + (rand() < 0.5 ? -8 : 8) * t.stats[j].sd * (1 + 0.1 * gauss()));
      if (t.kinds[j] === 'text') return textOutlier();
      return t.rows[pick(t.rows.length)][j];
    }) });
  }
  // Insert each at a random position of the growing file; then number everything.
  const order = t.rows.map((fields, i) => ({ kind: 'original', at: i, fields }));
  for (const m of made) order.splice(pick(order.length + 1), 0, m);
  const fileRowOfOriginal = new Map();
  order.forEach((m, r) => { if (m.kind === 'original') fileRowOfOriginal.set(m.at, r); });
  const injected = order.map((m, r) => ({ ...m, row: r, srcRow: m.kind === 'copy' ? fileRowOfOriginal.get(m.src) : -1 })).filter((m) => m.kind !== 'original');
  const csv = `${[t.header.map(quote).join(','), ...order.map((m) => m.fields.map(quote).join(','))].join('\n')}\n`;
  return { csv, injected };
}

function audit(csv, label) {
  const r = lc.checkLabels(csv, { label, model: 'logistic', neighbors: 0, projection: false });
  return r;
}

function injectionReport(names) {
  const manifest = JSON.parse(readFileSync(path.join(shared, 'datasets.json'), 'utf8'));
  const lines = ['| dataset | rows x features | metric, search | injected copies / outliers | copies found | outliers found | outlier rows flagged (injected / clean file alone) | near-duplicate rows flagged beyond the injected pairs (injected / clean) | audit ms |',
    '|---|---|---|---|---|---|---|---|---|'];
  for (const [name, d] of Object.entries(manifest)) {
    if (names && !names.includes(name)) continue;
    const t = readTable(path.join(shared, d.files.clean), d.label_column);
    const n = t.rows.length;
    const count = Math.min(50, Math.max(10, Math.round(0.01 * n)));
    const clean = audit(readFileSync(path.join(shared, d.files.clean)), d.label_column).audit;
    const { csv, injected } = inject(t, count, count, 2024);
    const r = audit(csv, d.label_column);
    const a = r.audit;
    const setOf = new Map();
    a.nearDuplicateSets.forEach((s, k) => s.forEach((row) => setOf.set(row, k)));
    const copies = injected.filter((m) => m.kind === 'copy');
    const outlierRows = new Set(injected.filter((m) => m.kind === 'outlier').map((m) => m.row));
    const copiesFound = copies.filter((m) => setOf.has(m.row) && setOf.get(m.row) === setOf.get(m.srcRow)).length;
    const flagged = new Set(a.outliers.map((o) => o.row));
    const outliersFound = [...outlierRows].filter((row) => flagged.has(row)).length;
    const pairRows = new Set(copies.flatMap((m) => [m.row, m.srcRow]));
    const nearRows = a.nearDuplicateSets.flat();
    const extraNear = nearRows.filter((row) => !pairRows.has(row)).length;
    const cleanNear = clean.nearDuplicateSets.flat().length;
    lines.push(`| ${name} | ${n} x ${t.header.length - 1} | ${a.graph.metric}, ${a.graph.exact ? 'exact' : `approx. (recall ${fmt(a.graph.recall)})`} | ${count} / ${count} | ` +
      `${copiesFound}/${count} (${(100 * copiesFound / count).toFixed(0)}%) | ${outliersFound}/${count} (${(100 * outliersFound / count).toFixed(0)}%) | ` +
      `${flagged.size} (${flagged.size - outliersFound} others) / ${clean.outliers.length} | ${extraNear} / ${cleanNear} | ${r.timingsMs.audit.toFixed(0)} |`);
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  return lines.join('\n');
}

// The whole run's wall time on two threads, best of `rounds`, with and without the audit.
async function threadsReport(bytes, rounds) {
  const options = { label: 'label', model: 'logistic', neighbors: 0, projection: false, budgetSeconds: null, threads: 2 };
  const best = { on: Infinity, off: Infinity };
  for (let r = 0; r < rounds; r++)
    for (const audit of [false, true]) {
      const t0 = performance.now();
      await checkLabelsOnThreads(bytes, { ...options, audit });
      const ms = performance.now() - t0;
      best[audit ? 'on' : 'off'] = Math.min(best[audit ? 'on' : 'off'], ms);
    }
  return `threads: 2, whole run (best of ${rounds}): without the audit ${(best.off / 1000).toFixed(2)} s, with it ${(best.on / 1000).toFixed(2)} s: ` +
    `the audit adds ${((best.on - best.off) / 1000).toFixed(2)} s`;
}

// The default run (auto) with and without the audit, on 1 and 2 threads, best of `rounds`: what
// the audit adds where the graph is built for the kNN vote either way. The cross-validation time
// of logistic regression alone on one thread, in the same rounds, for comparison.
async function defaultsReport(bytes, rounds) {
  const best = {};
  let lrCv = Infinity;
  let models = '';
  for (let r = 0; r < rounds; r++) {
    lrCv = Math.min(lrCv, lc.checkLabels(bytes, { label: 'label', model: 'logistic', audit: false }).timingsMs.crossValidation);
    for (const threads of [1, 2])
      for (const audit of [false, true]) {
        const t0 = performance.now();
        const res = await checkLabelsOnThreads(bytes, { label: 'label', threads, audit });
        const key = `${threads}/${audit}`;
        best[key] = Math.min(best[key] ?? Infinity, performance.now() - t0);
        models = res.summary.model;
      }
  }
  const s = (ms) => (ms / 1000).toFixed(2);
  return `default settings (auto: ${models}), whole run (best of ${rounds}): one thread ${s(best['1/false'])} s without the audit, ` +
    `${s(best['1/true'])} s with it: adds ${s(best['1/true'] - best['1/false'])} s; threads: 2 ${s(best['2/false'])} -> ${s(best['2/true'])} s: ` +
    `adds ${s(best['2/true'] - best['2/false'])} s; logistic regression's cross-validation alone (one thread) ${s(lrCv)} s; ` +
    `threads 2 against 1 with the audit ${(best['1/true'] / best['2/true']).toFixed(2)}x`;
}

function speedReport(rows, rounds) {
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `synthetic_${rows}x20x5.csv`);
  if (!existsSync(csv)) makeSynthetic(csv, rows);
  const bytes = readFileSync(csv);
  // Each stage's best of `rounds` runs (the first run of a fresh process is the slowest: cold code).
  let r, total = Infinity;
  const t = { crossValidation: Infinity, audit: Infinity };
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    // budgetSeconds: null: the graph is built whatever its estimate (the default budget would skip
    // it for a million rows); its estimate is reported next to what it took.
    r = lc.checkLabels(bytes, { label: 'label', model: 'logistic', neighbors: 0, projection: false, budgetSeconds: null });
    total = Math.min(total, performance.now() - t0);
    for (const k of Object.keys(t)) t[k] = Math.min(t[k], r.timingsMs[k]);
  }
  const a = r.audit;
  return `${rows} x 20 x 5, logistic, one thread (best of ${rounds}): cross-validation ${(t.crossValidation / 1000).toFixed(2)} s, audit ${(t.audit / 1000).toFixed(2)} s ` +
    `(${(t.audit / t.crossValidation).toFixed(2)}x; estimated graph ${a.graph.estimatedSeconds.toFixed(1)} s, ${a.graph.estimatedSeconds > 12 ? 'over' : 'within'} the default 12 s budget; graph ${a.graph.metric}, ${a.graph.exact ? 'exact' : `approximate, recall@10 ${a.graph.recall.toFixed(3)} on ${a.graph.recallRows} rows`}), ` +
    `total ${(total / 1000).toFixed(2)} s; heap ${(lc.moduleInfo().heapBytes / 1e6).toFixed(0)} MB; ` +
    `flags: ${a.outliers.length} outliers, ${a.nearDuplicateSets.length} near-duplicate sets, non-IID p ${a.nonIid.pValue.toFixed(3)}`;
}

const datasets = value('--datasets', null)?.split(',') ?? null;
const textOutliers = value('--text-outliers', 'made-up');
if (!flag('--no-inject')) console.log(injectionReport(datasets));
if (!flag('--no-speed')) {
  console.log(speedReport(100_000, Number(value('--rounds', 2))));
  const csv = path.join(root, 'bench/results/synthetic_100000x20x5.csv');
  console.log(await threadsReport(readFileSync(csv), Number(value('--rounds', 2))));
  console.log(await defaultsReport(readFileSync(csv), Number(value('--rounds', 2))));
}
if (flag('--million')) console.log(speedReport(1_000_000, 1));
