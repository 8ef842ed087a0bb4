// The data audit of checkLabels (index.d.ts DataAudit; src/labelcheck/audit.hpp): on by default,
// every check on a file built to trip each one (rows as the file's rows, past a skipped record
// and a row without a label), off with `audit: false`, absent in probabilities mode,
// deterministic, the same through worker threads, and in the CLI (--json, the table, --no-audit).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkLabelsOnThreads } from '../../js/parallel-node.js';
import { api, root } from './helpers/setup.js';

// 120 data rows, classes in file order (a, then b, then 3 rows of the rare c: an order effect
// and a class imbalance, 3/117 < 0.1/3). Row 0 is a malformed record (skipped), row 5 has no
// label (excluded), so file row r is example r - 2 from row 6 on. Rows 30 and 31 copy row 10
// (exact copies), row 40 is row 20 plus 1e-4 (a near-duplicate), row 60's features are all
// missing, row 70 is far from every other row.
const EXACT = [10, 30, 31];
const NEAR = [20, 40];
const EMPTY = 60;
const FAR = 70;
function auditCsv() {
  const lines = ['x1,x2,x3,x4,x5,label'];
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values = [];
  for (let r = 0; r < 120; r++) {
    const label = r < 60 ? 'a' : r < 117 ? 'b' : 'c';
    const centre = label === 'a' ? -3 : label === 'b' ? 3 : 0;
    let x = Array.from({ length: 5 }, (_, j) => centre + (j % 2 ? 1 : -1) * (rnd() * 2 - 1) + j);
    if (EXACT.includes(r) && r !== EXACT[0]) x = values[EXACT[0]];
    if (r === NEAR[1]) x = values[NEAR[0]].map((v) => v + 1e-4);
    if (r === FAR) x = [90, -80, 70, -60, 50];
    values.push(x);
    if (r === 0) lines.push('1,2,3');
    else if (r === 5) lines.push(`${x.join(',')},`);
    else if (r === EMPTY) lines.push(`,,,,,${label}`);
    else lines.push(`${x.join(',')},${label}`);
  }
  return `${lines.join('\n')}\n`;
}
const OPTIONS = { label: 'label', onBadRow: 'skip', model: 'logistic', cvNFolds: 3 };

test('checkLabels audits by default: each check finds what the file holds, rows are file rows', async () => {
  const lc = await api();
  const progress = [];
  const r = lc.checkLabels(auditCsv(), { ...OPTIONS, onProgress: (p) => { progress.push(p); } });
  const a = r.audit;
  assert.ok(a, 'audit is on by default');
  const { estimatedSeconds, ...graph } = a.graph;
  assert.deepEqual(graph, { skipped: false, k: 10, metric: 'cosine', exact: true, recall: 1, recallRows: 0 });
  assert.ok(estimatedSeconds > 0 && estimatedSeconds < 1, `estimated ${estimatedSeconds} s`);
  assert.equal(r.examples.sourceRows.length, 118);

  assert.equal(a.outliers[0].row, FAR, 'the far row leads the outliers');
  for (let j = 1; j < a.outliers.length; j++) assert.ok(a.outliers[j - 1].score <= a.outliers[j].score, 'most unusual first');
  assert.ok(a.outliers.length <= 6, `${a.outliers.length} outliers`);

  assert.deepEqual(a.exactDuplicateSets, [EXACT]);
  assert.ok(a.nearDuplicateSets.some((set) => EXACT.every((row) => set.includes(row))), 'exact copies are near-duplicates too');
  assert.ok(a.nearDuplicateSets.some((set) => NEAR.every((row) => set.includes(row))), 'the near copy');
  for (const set of a.nearDuplicateSets) assert.deepEqual(set, [...set].sort((x, y) => x - y));

  assert.deepEqual(a.classImbalance, { flagged: true, classIndex: 2, className: 'c', count: 3, share: 3 / 118, threshold: 0.1 / 3 });
  assert.equal(a.nonIid.flagged, true);
  assert.equal(a.nonIid.pValue, 1 / 26);
  assert.equal(a.nonIid.permutations, 25);
  assert.ok(a.nonIid.rows.length === 10 && a.nonIid.rows.every((row) => row !== 0 && row !== 5));

  assert.deepEqual(a.emptyRows, [EMPTY]);
  assert.deepEqual(a.missingByColumn.map((c) => [c.name, c.missing]), [1, 2, 3, 4, 5].map((j) => [`x${j}`, 1]));

  // Per example, in [0, 1]: the far row's outlier score and a copy's near-duplicate score.
  const example = (row) => r.examples.sourceRows.indexOf(row);
  for (const scores of Object.values(a.scores)) {
    assert.ok(scores instanceof Float64Array && scores.length === 118);
    assert.ok(scores.every((v) => v >= 0 && v <= 1));
  }
  assert.equal(a.scores.nearDuplicate[example(31)], 0);
  assert.equal(a.scores.nonMissing[example(EMPTY)], 0);
  assert.equal(a.scores.outlier[example(FAR)], Math.min(...a.scores.outlier));
  assert.equal(a.scores.classImbalance[example(118)], 3 / 118);

  // The neighbours' vote: 118 x 3 shares of the 10 nearest other rows; the rare class c's 3 rows
  // have at most 2 other c rows to vote for them. Issues: argmax of the vote, its label share.
  assert.deepEqual([a.knnVote.rows, a.knnVote.cols], [118, 3]);
  const vote = (e) => Array.from(a.knnVote.data.subarray(3 * e, 3 * e + 3));
  for (let e = 0; e < 118; e++) assert.ok(Math.abs(vote(e).reduce((x, y) => x + y) - 1) < 1e-12);
  for (const row of [117, 118, 119]) assert.ok(vote(example(row))[2] <= 0.2, `row ${row}: ${vote(example(row))}`);
  assert.ok(a.knnLabelIssues.length > 0);
  for (const i of a.knnLabelIssues) {
    const v = vote(i.example);
    assert.equal(r.examples.sourceRows[i.example], i.row);
    assert.equal(i.suggestedLabel, r.classNames[v.indexOf(Math.max(...v))]);
    assert.equal(i.labelQuality, v[r.classNames.indexOf(i.givenLabel)]);
    assert.equal(a.scores.knnLabelQuality[i.example], i.labelQuality);
  }

  // Progress: the audit is the last stage; it ends done === total.
  const stages = [...new Set(progress.map((p) => p.stage))];
  assert.deepEqual(stages, ['parse', 'encode', 'crossValidation', 'findIssues', 'audit']);
  const last = progress.at(-1);
  assert.equal(last.stage, 'audit');
  assert.equal(last.done, last.total);
  assert.ok(r.timingsMs.audit > 0);
});

test('over the time budget the audit runs without neighbours: exact copies, class imbalance, empty rows', async () => {
  const lc = await api();
  const full = lc.checkLabels(auditCsv(), OPTIONS).audit;
  const r = lc.checkLabels(auditCsv(), { ...OPTIONS, budgetSeconds: full.graph.estimatedSeconds / 2 });
  const a = r.audit;
  assert.equal(a.graph.skipped, true);
  assert.equal(a.graph.estimatedSeconds, full.graph.estimatedSeconds);
  assert.deepEqual(a.exactDuplicateSets, [EXACT]);
  assert.deepEqual(a.nearDuplicateSets, [EXACT], 'only the exact copies: near ones are not looked for');
  assert.deepEqual(a.emptyRows, full.emptyRows);
  assert.deepEqual(a.classImbalance, full.classImbalance);
  assert.deepEqual([a.outliers, a.knnLabelIssues, a.nonIid.rows], [[], [], []]);
  assert.equal(a.nonIid.pValue, 1);
  const n = r.examples.sourceRows.length;
  for (let e = 0; e < n; e++) assert.equal(a.scores.outlier[e], 1);
  assert.deepEqual(r.issues, lc.checkLabels(auditCsv(), { ...OPTIONS, budgetSeconds: null }).issues, 'the label issues do not change');
  assert.equal(lc.checkLabels(auditCsv(), { ...OPTIONS, budgetSeconds: null }).audit.graph.skipped, false, 'no limit: the graph is built');
});

test('audit: false skips it; probabilities mode has none; the option is checked', async () => {
  const lc = await api();
  const stages = new Set();
  const off = lc.checkLabels(auditCsv(), { ...OPTIONS, audit: false, onProgress: (p) => { stages.add(p.stage); } });
  assert.equal(off.audit, null);
  assert.equal(off.timingsMs.audit, 0);
  assert.ok(!stages.has('audit'));
  const on = lc.checkLabels(auditCsv(), OPTIONS);
  assert.deepEqual(off.issues, on.issues, 'the label issues do not depend on the audit');
  const given = lc.checkLabels('y,p_a,p_b\na,0.9,0.1\nb,0.2,0.8\na,0.3,0.7\nb,0.4,0.6\n', { label: 'y', mode: 'probabilities' });
  assert.equal(given.audit, null);
  assert.throws(() => lc.checkLabels(auditCsv(), { ...OPTIONS, audit: 'yes' }), { code: 'INVALID_ARGUMENT', message: /audit/ });
  assert.throws(() => lc.checkLabels(auditCsv(), { ...OPTIONS, onProgress: (p) => p.stage !== 'audit' }), { code: 'CANCELLED' });
});

test('the audit is a function of the file and the seed, and the same through worker threads', async () => {
  const lc = await api();
  const a = lc.checkLabels(auditCsv(), { ...OPTIONS, seed: 4 }).audit;
  assert.deepEqual(lc.checkLabels(auditCsv(), { ...OPTIONS, seed: 4 }).audit, a);
  // Another seed: other permutations, the same graph.
  const b = lc.checkLabels(auditCsv(), { ...OPTIONS, seed: 5 }).audit;
  assert.deepEqual([b.outliers, b.nearDuplicateSets, b.emptyRows, b.knnVote], [a.outliers, a.nearDuplicateSets, a.emptyRows, a.knnVote]);
  const threaded = await checkLabelsOnThreads(auditCsv(), { ...OPTIONS, seed: 4, threads: 2 });
  assert.deepEqual(threaded.audit, a);
});

test('the CLI: --json carries the audit, the table has an audit section, --no-audit turns it off', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-audit-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const file = path.join(tmp, 'audit.csv');
  writeFileSync(file, auditCsv());
  const cli = (...args) => spawnSync(process.execPath, [path.join(root, 'js/cli.js'), file, '--label', 'label', '--skip-bad-rows', ...args],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  const json = cli('--json');
  assert.equal(json.status, 0, json.stderr);
  const a = JSON.parse(json.stdout).audit;
  assert.deepEqual(a.exactDuplicateSets, [EXACT]);
  assert.deepEqual(a.emptyRows, [EMPTY]);
  assert.equal(a.outliers[0].row, FAR);
  assert.ok(Array.isArray(a.scores.outlier), 'typed arrays as arrays');
  const table = cli('--top', '3');
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^data audit \(10 nearest rows, cosine distance, exact search\):$/m);
  assert.match(table.stdout, new RegExp(`^  outliers: \\d+ rows? far from the others \\(${FAR}[,)]`, 'm'));
  assert.match(table.stdout, /^  near-duplicates: \d+ sets?, \d+ rows .*; 1 set of exact copies$/m);
  assert.match(table.stdout, /^  class imbalance: yes \(rarest class "c": 3 rows, 2\.54%; flagged below 3\.33%\)$/m);
  assert.match(table.stdout, /^  order effects: yes, p = 0\.0385: /m);
  assert.match(table.stdout, new RegExp(`^  empty rows \\(every feature missing\\): 1 \\(${EMPTY}\\)$`, 'm'));
  const tight = cli('--budget', '0.000001');
  assert.equal(tight.status, 0, tight.stderr);
  assert.match(tight.stdout, /^data audit without neighbours \(the neighbour graph would take an estimated [\d.e+-]+ s, over --budget; --budget none runs it\):$/m);
  assert.match(tight.stdout, new RegExp(`^  exact copies: 1 set, ${EXACT.length} rows \\(first: rows ${EXACT.join(', ')}\\)$`, 'm'));
  assert.match(tight.stdout, /^  outliers, near-duplicates, order effects, the neighbours' vote: not checked$/m);
  const off = cli('--json', '--no-audit');
  assert.equal(off.status, 0, off.stderr);
  assert.equal(JSON.parse(off.stdout).audit, null);
  const offTable = cli('--no-audit');
  assert.doesNotMatch(offTable.stdout, /data audit/);
  assert.match(cli('--help').stdout, /--no-audit/);
});
