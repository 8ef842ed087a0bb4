#!/usr/bin/env node
// Speed and memory of the JavaScript API (release WebAssembly build) in Node.
//
//   node bench/js_bench.mjs [--quick] [--json bench/results/js_bench.json]
//
// For N = 1e4, 1e5, 1e6 with K = 10 and N = 1e5 with K = 100, float32 and float64, each
// configuration in a fresh process (the WASM heap never shrinks, so heap figures need a fresh
// instance): the wall time of computeConfidentJoint, findLabelIssues (prune_by_noise_rate; both;
// prune_by_noise_rate ranked by self_confidence) and getLabelQualityScores through the public API
// (median of several runs, plus the very first call, which also pays for growing and first
// touching the heap), the part of it spent copying the inputs in and the results out (measured
// separately on a second module instance: _malloc + HEAP*.set of the same arrays, and a copy of
// the result size out of the heap), and the WASM heap size against the input size.
// Reported, never asserted (targets: findLabelIssues prune_by_noise_rate N=1e6 K=10 float32
// < 300 ms including the copy in; heap <= input + 50%; .wasm + JS < 400 KB gzipped).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);

function problem(n, k, f32) {
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const labels = new Int32Array(n);
  const data = f32 ? new Float32Array(n * k) : new Float64Array(n * k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const truth = i % k;
    labels[i] = rnd() < 0.1 ? Math.floor(rnd() * k) : truth; // 10% noise
    let total = 0;
    for (let j = 0; j < k; j++) total += row[j] = rnd() ** 3 + (j === truth ? 1.5 * rnd() + 0.2 : 0);
    for (let j = 0; j < k; j++) data[i * k + j] = row[j] / total;
  }
  return { labels, data };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One configuration, in this (fresh) process; prints one JSON line.
async function runOne(n, k, dtype) {
  const lc = await import('labelcheck');
  await lc.init();
  const { labels, data } = problem(n, k, dtype === 'float32');
  const pp = { data, rows: n, cols: k };
  const inputBytes = labels.byteLength + data.byteLength;
  const reps = n >= 1e6 ? 5 : n >= 1e5 ? 9 : 25;

  const calls = {
    computeConfidentJoint: { run: () => lc.computeConfidentJoint(labels, pp), outBytes: () => k * k * 4 + n * 0.1 * 4 },
    'findLabelIssues prune_by_noise_rate': { run: () => lc.findLabelIssues(labels, pp), outBytes: (r) => n + r.count * 4 },
    'findLabelIssues both': { run: () => lc.findLabelIssues(labels, pp, { filterBy: 'both' }), outBytes: (r) => n + r.count * 4 },
    'findLabelIssues ranked self_confidence': {
      run: () => lc.findLabelIssues(labels, pp, { returnIndicesRankedBy: 'self_confidence' }), outBytes: (r) => n + r.count * 4,
    },
    getLabelQualityScores: { run: () => lc.getLabelQualityScores(labels, pp), outBytes: () => n * 8 },
  };

  // Copy costs on a second, private instance of the same module (not part of the API).
  const { default: factory } = await import(path.join(root, 'js/wasm/labelcheck.js'));
  const raw = await factory({ wasmBinary: readFileSync(path.join(root, 'js/wasm/labelcheck.wasm')) });
  const copyIn = () => {
    const t = performance.now();
    const pl = raw._malloc(labels.byteLength) >>> 0;
    const pd = raw._malloc(data.byteLength) >>> 0;
    raw.HEAP32.set(labels, pl >>> 2);
    if (dtype === 'float32') raw.HEAPF32.set(data, pd >>> 2);
    else raw.HEAPF64.set(data, pd >>> 3);
    const ms = performance.now() - t;
    raw._free(pl);
    raw._free(pd);
    return ms;
  };
  const copyOut = (bytes) => {
    const p = raw._malloc(bytes) >>> 0;
    raw.HEAPU8.fill(1, p, p + bytes);
    const t = performance.now();
    new Uint8Array(raw.HEAPU8.subarray(p, p + bytes)); // what new TypedArray(typed_memory_view) does
    const ms = performance.now() - t;
    raw._free(p);
    return ms;
  };
  copyIn(); // first touch of that instance's heap
  const copyInMs = median(Array.from({ length: reps }, copyIn));

  const out = { n, k, dtype, inputMB: inputBytes / 1e6, reps, calls: {} };
  let first = true;
  for (const [name, c] of Object.entries(calls)) {
    const t0 = performance.now();
    let r = c.run();
    const firstMs = performance.now() - t0;
    if (first) out.heapAfterFirstCallMB = lc.moduleInfo().heapBytes / 1e6;
    first = false;
    const times = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      r = c.run();
      times.push(performance.now() - t);
    }
    const outBytes = Math.round(c.outBytes(r));
    const copyOutMs = median(Array.from({ length: reps }, () => copyOut(Math.max(outBytes, 1))));
    const total = median(times);
    out.calls[name] = { firstMs, medianMs: total, copyInMs, copyOutMs, computeMs: Math.max(total - copyInMs - copyOutMs, 0) };
  }
  out.heapMB = lc.moduleInfo().heapBytes / 1e6;
  console.log(JSON.stringify(out));
}

function sizes() {
  const gz = (f) => gzipSync(readFileSync(path.join(root, f)), { level: 9 }).length;
  const raw = (f) => readFileSync(path.join(root, f)).length;
  const js = ['js/index.js', 'js/options.js', 'js/instance.js', 'js/marshal.js', 'js/confident-learning.js',
    'js/pipeline.js', 'js/errors.js', 'js/node.js'];
  return {
    wasm: { raw: raw('js/wasm/labelcheck.wasm'), gz: gz('js/wasm/labelcheck.wasm') },
    glue: { raw: raw('js/wasm/labelcheck.js'), gz: gz('js/wasm/labelcheck.js') },
    api: { raw: js.reduce((s, f) => s + raw(f), 0), gz: js.reduce((s, f) => s + gz(f), 0) },
  };
}

async function main() {
  if (args[0] === '--one') return runOne(Number(args[1]), Number(args[2]), args[3]);
  const quick = args.includes('--quick');
  const jsonAt = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
  const configs = [[1e4, 10], [1e5, 10], [1e6, 10], [1e5, 100]].filter(([n]) => !quick || n < 1e6);
  const results = [];
  for (const [n, k] of configs) {
    for (const dtype of ['float32', 'float64']) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', String(n), String(k), dtype],
        { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`N=${n} K=${k} ${dtype}: ${r.stderr}`);
      results.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
  }
  const s = sizes();
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  console.log(`# labelcheck JS API benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`\nsizes: labelcheck.wasm ${kb(s.wasm.raw)} (${kb(s.wasm.gz)} gz), glue ${kb(s.glue.raw)} (${kb(s.glue.gz)} gz), ` +
    `API JS ${kb(s.api.raw)} (${kb(s.api.gz)} gz); total ${kb(s.wasm.gz + s.glue.gz + s.api.gz)} gz\n`);
  console.log('| N | K | dtype | call | first ms | median ms | copy in ms | copy out ms | compute ms |');
  console.log('|---|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    for (const [name, c] of Object.entries(r.calls)) {
      console.log(`| ${r.n.toExponential(0)} | ${r.k} | ${r.dtype} | ${name} | ${c.firstMs.toFixed(1)} | ${c.medianMs.toFixed(1)} | ` +
        `${c.copyInMs.toFixed(1)} | ${c.copyOutMs.toFixed(2)} | ${c.computeMs.toFixed(1)} |`);
    }
  }
  console.log('\n| N | K | dtype | input MB | heap after 1st call MB | heap at end MB | heap / input |');
  console.log('|---|---|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.n.toExponential(0)} | ${r.k} | ${r.dtype} | ${r.inputMB.toFixed(1)} | ${r.heapAfterFirstCallMB.toFixed(1)} | ` +
      `${r.heapMB.toFixed(1)} | ${(r.heapMB / r.inputMB).toFixed(2)} |`);
  }
  if (jsonAt) {
    mkdirSync(path.dirname(path.resolve(root, jsonAt)), { recursive: true });
    writeFileSync(path.resolve(root, jsonAt), JSON.stringify({ date: new Date().toISOString(), sizes: s, results }, null, 1));
  }
}

await main();
