// The CLI and the page make the same label guess on every shared dataset (issue #11): the CLI's
// chosen column (its --json output, the whole file through checkLabels) equals the page's (the
// package's previewCsv on the first MiB, with the page's own options, web/preview-options.js),
// and both equal the label column ../shared/datasets/README.md documents. Also the bundled
// examples (web/samples, examples/data) and a credit-like table whose label is in the first column.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, root, flavour } from './helpers/setup.js';
import { PREVIEW_OPTIONS } from '../../web/preview-options.js';

const lc = await api();
const cli = path.join(root, 'js/cli.js');
const datasets = path.resolve(root, '../shared/datasets');
const tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-guess-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The README's table of datasets: | dataset | rows | ... | label column | 4 CSVs |
function documentedLabels() {
  const readme = readFileSync(path.join(datasets, 'README.md'), 'utf8');
  const table = readme.split('\n').filter((l) => l.startsWith('|'));
  const head = table.find((l) => /\|\s*label column\s*\|/.test(l)).split('|').map((c) => c.trim());
  const at = head.indexOf('label column');
  const out = new Map();
  for (const line of table) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length === head.length && /^[a-z_]+$/.test(cells[1]) && /^[A-Za-z_.]+$/.test(cells[at])) out.set(cells[1], cells[at]);
  }
  return out;
}

// The label-errors README: "Each CSV has a header `label,p_0,...`".
const labelErrorsLabel = /header `label,p_0/.test(readFileSync(path.join(datasets, 'label-errors/README.md'), 'utf8')) ? 'label' : null;

// The CLI as users run it; the cheapest model (the label is chosen before any model runs).
function cliLabel(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, file, '--json', '--model', 'logistic', '--folds', '2', '--threads', '1', '--no-audit'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(file)}: exit ${code}: ${Buffer.concat(err)}`));
      const r = JSON.parse(Buffer.concat(out).toString('utf8'));
      resolve(r.labelColumn.name);
    });
  });
}

function pageLabel(file) {
  const p = lc.previewCsv(readFileSync(file), PREVIEW_OPTIONS);
  return p.guess.labelName;
}

// Two CLI processes at a time (the machine's cores), in file order.
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

function creditTable() {
  // Synthetic, written here: the label (Status) first, a categorical Job last.
  const jobs = ['skilled', 'unskilled', 'management', 'unemployed'];
  const rows = ['Status,Duration,Amount,Age,Housing,Job'];
  for (let i = 0; i < 400; i++) {
    rows.push([i % 3 ? 'good' : 'bad', 6 + (i * 7) % 60, 250 + (i * 137) % 9000, 19 + (i * 11) % 55,
      ['own', 'rent', 'free'][i % 3], jobs[(i * 5) % 4]].join(','));
  }
  const file = path.join(tmp, 'credit.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

test('the CLI, the page and the README agree on every dataset\'s label column', { timeout: 900_000 }, async (t) => {
  const documented = documentedLabels();
  assert.ok(documented.size >= 8, `the README names ${documented.size} label columns`);
  const files = [];
  for (const f of readdirSync(datasets).filter((f) => f.endsWith('.csv')).sort())
    files.push({ file: path.join(datasets, f), expected: documented.get(f.split('.')[0]) ?? null });
  for (const f of readdirSync(path.join(datasets, 'label-errors')).filter((f) => f.endsWith('.csv')).sort())
    files.push({ file: path.join(datasets, 'label-errors', f), expected: labelErrorsLabel });
  for (const dir of ['web/samples', 'examples/data'])
    for (const f of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.csv')).sort())
      // The bundled 20 Newsgroups example is a slice of a label-errors file (web/samples/README.md).
      files.push({ file: path.join(root, dir, f), expected: f.includes('pred_probs') ? labelErrorsLabel : 'species' });
  files.push({ file: creditTable(), expected: 'Status' });
  assert.ok(files.filter((f) => f.expected === null).length === 0, 'every file has a documented label');

  // The CLI always loads the release build (js/cli.js): on the debug build (tests/js/flavours.test.js)
  // its processes would be the release run's again (35 s), so there only the page's guess, which
  // runs on the build under test, is checked against the documented column.
  const cliLabels = flavour === 'release' ? await mapLimited(files, 2, (f) => cliLabel(f.file)) : null;
  const rows = files.map((f, i) => ({ file: path.relative(path.dirname(root), f.file), expected: f.expected, cli: cliLabels?.[i], page: pageLabel(f.file) }));
  for (const r of rows) t.diagnostic(`${r.file}: cli ${r.cli ?? '(release run)'}, page ${r.page}, documented ${r.expected}`);
  for (const r of rows) {
    if (cliLabels) assert.equal(r.cli, r.page, `${r.file}: the CLI and the page differ`);
    assert.equal(r.page, r.expected, `${r.file}: not the documented label column`);
  }
});
