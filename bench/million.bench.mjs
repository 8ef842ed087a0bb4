#!/usr/bin/env node
// A million rows end to end (on demand, never in tests): a 1,000,000 x 20 numeric x 5 class CSV
// (~150 MB, bench/synthetic.mjs, written to bench/results/ once) through
//   1. the CLI (node js/cli.js ... --quiet --out), wall time and exit status;
//   2. the package in Node on every core (checkLabelsOnThreads, what the CLI runs), with the stage
//      timings, the WebAssembly heap of the instance that parses and finishes (it never shrinks:
//      the peak) against the CSV size, and the process's peak RSS;
//   3. the page in headless Chromium (Debian's /usr/bin/chromium): the file chosen, Check,
//      results shown; the longest main-thread task (PerformanceObserver 'longtask'), the progress
//      texts seen (with their estimates of the time left), and that no request left the origin;
//   4. scikit-learn's cross_val_predict(LogisticRegression(max_iter=1000), cv=5) on the same file
//      (Debian python3-sklearn, /usr/bin/python3), for scale.
//
//   node bench/million.bench.mjs [--rows N] [--no-cli] [--no-node] [--no-page] [--no-sklearn] [--threads T]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSynthetic } from './synthetic.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const rows = Number(value('--rows', 1_000_000));
const threads = value('--threads', null);
const csv = path.join(root, 'bench/results', `synthetic_${rows}x20x5.csv`);
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

// ---- child mode: the package in this process ----
if (flag('--child')) {
  const lc = await import(path.join(root, 'js/node.js'));
  const { checkLabelsOnThreads } = await import(path.join(root, 'js/parallel-node.js'));
  await lc.init();
  const bytes = readFileSync(csv);
  const t0 = performance.now();
  const r = await checkLabelsOnThreads(bytes, { label: 'label', threads: threads === null ? null : Number(threads) });
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    seconds, timingsMs: r.timingsMs, flagged: r.issues.length, model: r.summary.model, skipped: r.summary.modelsSkipped,
    csvBytes: bytes.length, heapBytes: lc.moduleInfo().heapBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }));
  process.exit(0);
}

mkdirSync(path.dirname(csv), { recursive: true });
if (!existsSync(csv)) {
  console.error(`writing ${csv}`);
  makeSynthetic(csv, rows);
}
const size = statSync(csv).size;
console.error(`${csv}: ${mb(size)}, ${os.cpus().length} vCPU, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const report = { rows, csvBytes: size, date: new Date().toISOString(), machine: `${os.cpus()[0].model}, ${os.cpus().length} vCPU, Node ${process.version}` };

if (!flag('--no-cli')) {
  const out = path.join(os.tmpdir(), `labelcheck-million-${process.pid}.csv`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'js/cli.js'), csv, '--label', 'label', '--quiet', '--out', out,
    ...(threads ? ['--threads', threads] : [])], { encoding: 'utf8' });
  report.cli = { seconds: (performance.now() - t0) / 1000, status: r.status, outBytes: existsSync(out) ? statSync(out).size : 0 };
  rmSync(out, { force: true });
  console.error(`CLI: exit ${r.status} in ${report.cli.seconds.toFixed(1)} s; --out ${mb(report.cli.outBytes)}${r.stderr ? `; stderr: ${r.stderr.trim()}` : ''}`);
}

if (!flag('--no-node')) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--rows', String(rows), ...(threads ? ['--threads', threads] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`node: ${r.stderr}`);
  report.node = JSON.parse(r.stdout);
  const n = report.node;
  const t = n.timingsMs;
  console.error(`Node (WebAssembly): ${n.seconds.toFixed(1)} s (parse ${t.parse.toFixed(0)}, encode ${t.encode.toFixed(0)}, CV ${t.crossValidation.toFixed(0)}, issues ${t.findIssues.toFixed(0)} ms); ` +
    `${n.model}${n.skipped.length ? ` (left out: ${n.skipped.join('; ')})` : ''}; ${n.flagged} flagged; heap ${mb(n.heapBytes)} = ${(n.heapBytes / n.csvBytes).toFixed(2)}x the CSV; peak RSS ${mb(n.peakRssBytes)}`);
}

if (!flag('--no-page')) {
  const { launch } = await import(path.join(root, 'tests/web/helpers/browser.js'));
  const b = await launch('million');
  try {
    const page = await b.context.newPage();
    await page.addInitScript(() => {
      window.__longtasks = [];
      window.__stages = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        const t = document.getElementById('stage')?.textContent;
        if (t && window.__stages.at(-1) !== t) window.__stages.push(t);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`${b.origin}/${threads ? `?threads=${threads}` : ''}`);
    await page.waitForSelector('body[data-state="idle"]');
    // Choosing a file starts the check at once (label column guessed: `label`).
    const t0 = performance.now();
    await page.setInputFiles('#file', csv);
    await page.waitForSelector('body[data-state="running"]', { timeout: 600_000 });
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 1_800_000 });
    const seconds = (performance.now() - t0) / 1000;
    const state = await page.evaluate(() => document.body.dataset.state);
    const flagged = await page.evaluate(() => document.querySelector('[data-key="rows-flagged"] dd')?.textContent);
    const longtasks = await page.evaluate(() => window.__longtasks);
    const tasks = longtasks.map(([, d]) => d);
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => [m.name, m.startTime, m.duration]));
    if (flag('--verbose')) console.error({ longtasks, measures });
    const stages = await page.evaluate(() => window.__stages);
    report.page = { state, seconds, flagged, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length,
      stages: [...new Map(stages.filter((s) => / left/.test(s)).map((s) => [s.split(':')[0], s])).values()], foreignRequests: b.foreign.length };
    console.error(`page: ${state} in ${seconds.toFixed(1)} s from choosing the file; ${flagged} flagged; longest main-thread task ` +
      `${report.page.longestTaskMs.toFixed(0)} ms (${tasks.length} over 50 ms); foreign requests ${b.foreign.length}`);
    for (const s of report.page.stages) console.error(`  progress: ${s}`);
  } finally {
    await b.close();
  }
}

if (!flag('--no-sklearn')) {
  const py = `
import sys, time, json, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
t0 = time.perf_counter()
data = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, converters={0: lambda s: float(s[1:])}, encoding='utf-8')
y = data[:, 0].astype(int); X = data[:, 1:]
load = time.perf_counter() - t0
t0 = time.perf_counter()
p = cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5, method='predict_proba')
print(json.dumps({"load": load, "cv": time.perf_counter() - t0, "sklearn": sklearn.__version__}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, csv], { encoding: 'utf8' });
  if (r.status !== 0) console.error(`sklearn: ${r.stderr.trim().split('\n').at(-1)}`);
  else {
    report.sklearn = JSON.parse(r.stdout);
    console.error(`scikit-learn ${report.sklearn.sklearn} cross_val_predict LogisticRegression: ${report.sklearn.cv.toFixed(1)} s (+ ${report.sklearn.load.toFixed(1)} s to load the CSV with numpy)`);
  }
}
console.log(JSON.stringify(report, null, 1));
