#!/usr/bin/env node
// The first check in a fresh WebAssembly instance, with and without the page worker's warm-up
// (web/warm-up.js), in Node (on demand, never in tests). Each measurement is a fresh Node process:
// init(), then optionally the warm-up's checks, then the check timed (checkLabelsOnThreads, as
// the page and the CLI run it). Rounds interleave the two, so that a busy moment of the machine
// does not hit one side only.
//
//   node bench/warm-up.bench.mjs [--rounds 3] [--rows 10000] [--threads 2] [--file F --label L]
//
// Default file: the page bench's table (bench/page-timing.mjs, numericCsv of
// tests/web/helpers/browser.js: ROWS x 20 numeric + a 4-class label, 10% flipped); --file bench/results/synthetic_100k_20x5.csv --label label for the
// pipeline bench's 100,000-row file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const rounds = Number(value('--rounds', 3));
const rows = Number(value('--rows', 10_000));
const threads = Number(value('--threads', 2));
const file = value('--file', null);
const label = value('--label', null);

if (args.includes('--child')) {
  const lc = await import(path.join(root, 'js/node.js'));
  const { checkLabelsOnThreads } = await import(path.join(root, 'js/parallel-node.js'));
  const { warmUp } = await import(path.join(root, 'web/warm-up.js'));
  await lc.init();
  const { numericCsv } = await import(path.join(root, 'tests/web/helpers/browser.js'));
  const bytes = file ? readFileSync(file) : new TextEncoder().encode(numericCsv(rows, 20));
  let warmMs = 0;
  if (args.includes('--warm')) {
    const t = performance.now();
    await warmUp(lc.checkLabels, () => false);
    warmMs = performance.now() - t;
  }
  const t0 = performance.now();
  await checkLabelsOnThreads(bytes, { threads, ...(label ? { label } : {}) });
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, warmMs }));
  process.exit(0);
}

const runs = { cold: [], warm: [] };
const warmMs = [];
for (let r = 0; r < rounds; r++) {
  for (const kind of ['cold', 'warm']) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args, '--child', ...(kind === 'warm' ? ['--warm'] : [])], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const out = JSON.parse(child.stdout);
    runs[kind].push(out.seconds);
    if (kind === 'warm') warmMs.push(out.warmMs);
  }
}
const what = file ? path.basename(file) : `${rows} x 20 numeric + label`;
const s = (xs) => xs.map((x) => x.toFixed(2)).join(' / ');
console.log(`${what}, threads ${threads}, first check in a fresh process (s): without the warm-up ${s(runs.cold)}; after it ${s(runs.warm)} (the warm-up itself ${warmMs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s)`);
