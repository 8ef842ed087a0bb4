// The `labelcheck` command (js/cli.js, package.json "bin"), run as users run it: a child process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, root } from './helpers/setup.js';

const cli = path.join(root, 'js/cli.js');
const datasets = path.resolve(root, '../shared/datasets');
const iris = path.join(datasets, 'iris.uniform10.csv');
const tmp = mkdtempSync(path.join(tmpdir(), 'labelcheck-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(args, input) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', input, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('package.json bin points at the CLI', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.bin.labelcheck, './js/cli.js');
  assert.ok(pkg.files.includes('js/cli.js'));
  assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('a table of the top issues and a summary', async () => {
  const r = run([iris, '--label', 'species', '--top', '5']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^#\s+row\s+line\s+given\s+suggested\s+quality\s+why$/);
  const m = /^1\s+148\s+150\s+setosa\s+virginica\s+(\S+)\s+(\S+)% virginica vs (\S+)% given; 5\/5 nearest rows virginica$/.exec(lines[2]);
  assert.ok(m, lines[2]);
  // Explanations: 3 significant digits of the API's values (a small quality is not shown as 0.000).
  const lc = await api();
  const top = lc.checkLabels(readFileSync(iris), { label: 'species' }).issues[0];
  const expected = [top.labelQuality, 100 * top.suggestedLabelProbability, 100 * top.givenLabelProbability];
  for (const [k, shown] of m.slice(1).entries()) {
    assert.ok(shown.replace(/^[0.]+/, '').replace('.', '').length <= 3, `${shown}: at most 3 significant digits`);
    assert.ok(Math.abs(Number(shown) - expected[k]) <= 0.005 * expected[k], `${shown} is ${expected[k]} rounded`);
  }
  assert.equal(lines.filter((l) => /^\d+ /.test(l)).length, 5);
  assert.match(r.out, /150 rows, 150 checked; label column "species" \(3 classes\)/);
  assert.match(r.out, /^flagged: 13 rows \(8\.7% of checked\)/m);
  assert.match(r.out, /showing the top 5 of 13/);
  assert.equal(r.err, '', 'no progress bar when stderr is not a terminal');
  const p = run([iris, '--progress']);
  assert.match(p.err, /\[#+\.*\]\s+\d+% /, 'progress bar on request');
});

test('past the 200th issue: --top N names the nearest rows for every row shown; --top 0 says where they stop', () => {
  // 2,000 rows of two separate classes, a fifth of the labels flipped: far more than 200 flagged.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['a,b,label'];
  for (let i = 0; i < 2000; i++) {
    const c = i % 2;
    lines.push(`${(3 * c + rand()).toFixed(3)},${(3 * c + rand()).toFixed(3)},${(rand() < 0.2) !== (c === 1) ? 'q' : 'p'}`);
  }
  const file = path.join(tmp, 'many-issues.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const common = [file, '--label', 'label', '--model', 'logistic', '--no-audit'];
  const rowsOf = (out) => out.split('\n').filter((l) => /^ *\d+ /.test(l));
  const all = run([...common, '--top', '0']);
  assert.equal(all.code, 0, all.err);
  const shown = rowsOf(all.out);
  assert.ok(shown.length > 250, `${shown.length} flagged`);
  assert.match(shown[199], /nearest rows/);
  assert.doesNotMatch(shown[200], /nearest rows/);
  assert.match(all.out, new RegExp(`^why: the nearest rows are named for the top 200; --top ${shown.length} names them for all shown$`, 'm'));
  const many = run([...common, '--top', String(shown.length)]);
  assert.equal(many.code, 0, many.err);
  assert.ok(rowsOf(many.out).every((l) => /nearest rows/.test(l)), 'every row shown has its nearest rows');
  assert.doesNotMatch(many.out, /^why:/m);
});

test('--json: the full result, issues ranked with row, line, labels and quality; summary', async () => {
  const lc = await api();
  const r = run([iris, '--label', 'species', '--json', '--seed', '2', '--folds', '4', '--model', 'logistic']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const expected = lc.checkLabels(readFileSync(iris), { label: 'species', seed: 2, cvNFolds: 4, model: 'logistic' });
  assert.equal(j.issues.length, expected.issues.length);
  const refit = JSON.parse(run([iris, '--label', 'species', '--json', '--refit']).out);
  assert.ok(refit.summary.refitExcludedRows > 0, '--refit: a second pass');
  assert.deepEqual(refit.issues.map((i) => i.row), lc.checkLabels(readFileSync(iris), { label: 'species', refit: true }).issues.map((i) => i.row));
  for (const [k, i] of j.issues.entries()) {
    assert.deepEqual(
      { row: i.row, line: i.line, givenLabel: i.givenLabel, suggestedLabel: i.suggestedLabel, labelQuality: i.labelQuality },
      { row: expected.issues[k].row, line: expected.issues[k].line, givenLabel: expected.issues[k].givenLabel,
        suggestedLabel: expected.issues[k].suggestedLabel, labelQuality: expected.issues[k].labelQuality });
    assert.ok(Array.isArray(i.probabilities), 'typed arrays as plain arrays');
  }
  assert.equal(j.summary.rowsFlagged, j.issues.length);
  assert.equal(j.summary.model, 'logistic');
  assert.equal(j.summary.folds, 4);
  assert.equal(j.examples.labelQuality.length, 150);
  assert.ok(Array.isArray(j.rowSpans.offsets));
});

test('--skip-bad-rows: every row number is the file\'s 0-based data row, skipped lines counted', () => {
  // A short line 11 and a long line 21 (data rows 9 and 19): issues after them keep their rows.
  const lines = readFileSync(iris, 'utf8').split('\n');
  lines[10] = '5.1,3.5';
  lines[20] += ',9.9';
  const file = path.join(tmp, 'iris-ragged.csv');
  writeFileSync(file, lines.join('\n'));
  const j = JSON.parse(run([file, '--label', 'species', '--json', '--skip-bad-rows']).out);
  assert.deepEqual(j.csv.skippedRows.map((s) => [s.row, s.line]), [[9, 11], [19, 21]]);
  assert.equal(j.rowCount, 150);
  assert.ok(j.issues.some((i) => i.row > 19), 'issues after the skipped rows');
  for (const i of j.issues) assert.equal(i.line, i.row + 2, `row ${i.row} is on line ${i.row + 2}`);
  assert.ok(!j.examples.sourceRows.includes(9) && !j.examples.sourceRows.includes(19));
});

test('--probabilities, --features, --filter-by, --delimiter, stdin', () => {
  const mnist = path.join(datasets, 'label-errors/mnist_test_pred_probs.csv');
  const p = JSON.parse(run([mnist, '--probabilities', '--json']).out);
  assert.equal(p.mode, 'probabilities');
  // Options about training say they were not used when the file gives the probabilities.
  const small = 'label,p_a,p_b\na,0.9,0.1\na,0.8,0.2\nb,0.3,0.7\nb,0.6,0.4\n';
  assert.match(run(['-', '--model', 'knn', '--refit', '--no-audit'], small).out,
    /^note: not used: --model, --refit, --no-audit \(the file gives the probabilities: no model is trained\)$/m);
  assert.doesNotMatch(run(['-'], small).out, /not used/);
  const f = JSON.parse(run([iris, '--features', 'petal length (cm),#3', '--json']).out);
  assert.deepEqual(f.columns.filter((c) => c.use === 'feature').map((c) => c.index), [2, 3]);
  const b = JSON.parse(run([iris, '--filter-by', 'both', '--json']).out);
  assert.ok(b.issues.length <= JSON.parse(run([iris, '--filter-by', 'prune_by_noise_rate', '--json']).out).issues.length);
  const semi = readFileSync(iris, 'utf8').replaceAll(',', ';');
  const s = run(['-', '--delimiter', ';', '--json'], semi);
  assert.equal(s.code, 0, s.err);
  assert.equal(JSON.parse(s.out).csv.delimiter, ';');
  const tab = run(['-', '--delimiter', 'tab', '--quiet'], readFileSync(iris, 'utf8').replaceAll(',', '\t'));
  assert.equal(tab.code, 0, tab.err);
  assert.equal(tab.out, '', '--quiet prints nothing');
});

test('--out: the input with is_label_issue,label_quality,suggested_label, original bytes kept (LF and CRLF)', () => {
  for (const [name, bytes] of [
    ['lf.csv', readFileSync(iris)],
    ['crlf.csv', Buffer.from(readFileSync(iris, 'latin1').replace(/\n/g, '\r\n'), 'latin1')],
    ['penguins.csv', readFileSync(path.join(datasets, 'penguins.asym20.csv'))],
  ]) {
    const input = path.join(tmp, name);
    writeFileSync(input, bytes);
    const out = path.join(tmp, `${name}.out.csv`);
    const r = run([input, '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', '--quiet: nothing on stderr');
    const text = readFileSync(out, 'latin1');
    const lb = name === 'crlf.csv' ? '\r\n' : '\n';
    const lines = text.split(lb);
    const original = bytes.toString('latin1').split(lb);
    assert.equal(lines.length, original.length);
    assert.equal(lines[0], `${original[0]},is_label_issue,label_quality,suggested_label`);
    let flagged = 0;
    for (let i = 1; i < lines.length; i++) {
      if (original[i] === '') { assert.equal(lines[i], ''); continue; }
      const m = /^(.*),(true|false),([0-9.e-]+),([^,]*)$/s.exec(lines[i]);
      assert.ok(m, `line ${i + 1}: ${lines[i]}`);
      assert.equal(m[1], original[i], `line ${i + 1} kept byte for byte`);
      flagged += m[2] === 'true';
    }
    assert.ok(flagged > 0);
  }
});

test('--out says on stderr what it wrote: the path, the rows, the added columns', async () => {
  const out = path.join(tmp, 'said.csv');
  const r = run([iris, '--label', 'species', '--out', out, '--top', '1']);
  assert.equal(r.code, 0, r.err);
  const lc = await api();
  const expected = lc.checkLabels(readFileSync(iris), { label: 'species' });
  const rows = readFileSync(out, 'utf8').trimEnd().split('\n').length - 1;
  assert.equal(r.err, `labelcheck: wrote ${out}: ${rows} rows (${expected.summary.rowsChecked} checked, ` +
    `${expected.summary.rowsFlagged} flagged), added columns is_label_issue, label_quality, suggested_label\n`);
});

test('a wrong column name: the columns are listed and the closest is suggested', () => {
  const label = run([iris, '--label', 'Species']);
  assert.equal(label.code, 1);
  assert.match(label.err, /no column named "Species" \(did you mean "species"\?\); the columns are: sepal length \(cm\), .*, species \[COLUMN_NOT_FOUND\]\n$/);
  const features = run([iris, '--label', 'species', '--features', 'petal lenght (cm)']);
  assert.equal(features.code, 1);
  assert.match(features.err, /no column named "petal lenght \(cm\)" \(did you mean "petal length \(cm\)"\?\)/);
});

test('errors: clear messages and exit codes (1 data, 2 usage)', () => {
  const missing = run(['no-such-file.csv']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^labelcheck: cannot read 'no-such-file.csv': no such file\n$/);

  const column = run([iris, '--label', 'genus']);
  assert.equal(column.code, 1);
  assert.match(column.err, /genus.*\[COLUMN_NOT_FOUND\]/);

  writeFileSync(path.join(tmp, 'bad.csv'), 'a,b,label\n1,2,x\n3,4,y\n5,6\n');
  const bad = run(['bad.csv']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^labelcheck: bad\.csv: line 4, column 4: .*\[CSV_FIELD_COUNT\]\n$/);
  writeFileSync(path.join(tmp, 'quote.csv'), 'a,b,label\n1,"2,x\n');
  assert.match(run(['quote.csv']).err, /line 2, column 3: .*\[CSV_UNCLOSED_QUOTE\]/);
  assert.match(run(['-'], 'a,b,label\n1,2\n').err, /^labelcheck: stdin: line 2, column 4: .*\[CSV_FIELD_COUNT\]/);

  for (const args of [[], ['--nope', iris], [iris, '--top', 'x'], [iris, '--folds', '1'], [iris, '--model', 'svm'],
    [iris, iris], [iris, '--delimiter', ':'], [iris, '--filter-by', 'prune']]) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^labelcheck: /);
  }
  const help = run(['--help']);
  assert.equal(help.code, 0);
  for (const option of ['--label', '--features', '--probabilities', '--model', '--folds', '--seed', '--refit', '--filter-by', '--delimiter',
    '--skip-bad-rows', '--top', '--json', '--out', '--quiet', '--progress', '--version', '--help'])
    assert.ok(help.out.includes(option), `--help documents ${option}`);
  assert.match(run(['--version']).out, /^\d+\.\d+\.\d+\n$/);
});

test('usage details: negative numbers reach their option\'s check, apply --help, --out never overwrites the input', () => {
  for (const [option, value] of [['--threads', '-1'], ['--top', '-1'], ['--seed', '-3'], ['--budget', '-1']]) {
    const r = run([iris, option, value]);
    assert.equal(r.code, 2, `${option} ${value}`);
    assert.match(r.err, new RegExp(`^labelcheck: ${option} must be .*; got '${value}'`));
  }
  // No column looks like a label: the message says which option names one.
  writeFileSync(path.join(tmp, 'nolabel.csv'), ['x,y', ...Array.from({ length: 200 }, (_, i) => `${i},${(i * 0.37).toFixed(2)}`)].join('\n'));
  const none = run(['nolabel.csv']);
  assert.equal(none.code, 1);
  assert.match(none.err, /no label column found .*; name one with --label .*\[COLUMN_NOT_FOUND\]/);
  const help = run(['apply', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /labelcheck apply <file\.csv> --review LOG\.csv/);

  const input = path.join(tmp, 'mine.csv');
  const original = readFileSync(iris);
  writeFileSync(input, original);
  for (const args of [['mine.csv', '--out', 'mine.csv'], ['mine.csv', '--out', path.join(tmp, '.', 'mine.csv')],
    ['apply', 'mine.csv', '--review', 'mine.csv', '--out', 'mine.csv']]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /--out '.*mine\.csv' is the input file/);
    assert.deepEqual(readFileSync(input), original);
  }
});

test('--out: - is stdout; a folder that cannot take the file is refused before the check', () => {
  const toStdout = run([iris, '--label', 'species', '--out', '-']);
  assert.equal(toStdout.code, 0, toStdout.err);
  const fromFile = path.join(tmp, 'stdout-compare.csv');
  assert.equal(run([iris, '--label', 'species', '--out', fromFile, '--quiet']).code, 0);
  assert.equal(toStdout.out, readFileSync(fromFile, 'utf8'), 'the annotated file, not the table');
  assert.ok(!existsSync(path.join(tmp, '-')), 'no file named "-"');
  const both = run([iris, '--out', '-', '--json']);
  assert.equal(both.code, 2);
  assert.match(both.err, /--out - and --json both write to stdout/);
  const missing = run([iris, '--out', path.join(tmp, 'no-such-folder', 'x.csv')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^labelcheck: cannot write '.*x\.csv': there is no folder '.*no-such-folder'\n$/);
  assert.equal(missing.out, '', 'refused before any check ran');
  assert.match(run([iris, '--out', tmp]).err, /cannot write '.*': it is a folder/);
  const apply = run(['apply', iris, '--review', iris, '--out', path.join(tmp, 'no-such-folder', 'y.csv')]);
  assert.equal(apply.code, 2);
  assert.match(apply.err, /^labelcheck: apply: cannot write '.*y\.csv': there is no folder/);
});

test('class names from the file stay on one line and within bounds in the summary', () => {
  // A quoted class name with a line break, and one of 5,000 characters.
  const long = 'x'.repeat(5000);
  const lines = ['a,b,label'];
  for (let i = 0; i < 60; i++) lines.push(`${i % 7},${(i * 3) % 11},${['"two\nlines"', long, 'plain'][i % 3]}`);
  const file = path.join(tmp, 'odd-names.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = run([file, '--label', 'label', '--top', '0']);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.length < 6000, `${r.out.length} characters printed`);
  const summary = r.out.split('\n').find((l) => l.startsWith('classes by label quality'));
  assert.match(summary, /two\\nlines/, 'the line break written as \\n');
  assert.match(summary, /x{39}…/, 'the long name cut');
  assert.ok(r.out.split('\n').every((l) => l.length < 400), 'no line holds a whole name');
});

test('a stdout that cannot be written is one line on stderr and exit 1, not a stack trace', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const r = spawnSync(process.execPath, [cli, iris, '--json'], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^labelcheck: cannot write the output: ENOSPC/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('how the file was read is said when it is not as one would assume', () => {
  // A file without a header line: its first row becomes the column names.
  const rows = readFileSync(iris, 'utf8').split('\n');
  writeFileSync(path.join(tmp, 'nohead.csv'), rows.slice(1).join('\n'));
  assert.match(run(['nohead.csv']).out, /^note: the first line was read as column names, but 4 of 5 are numbers: if it is a data row, it is not checked/m);
  assert.doesNotMatch(run([iris]).out, /first line was read/);
  // Column names counting 0, 1, 2, ... are a header of positions, not data.
  writeFileSync(path.join(tmp, 'positions.csv'), ['0,1,2,3,4', ...rows.slice(1)].join('\n'));
  assert.doesNotMatch(run(['positions.csv', '--label', '4']).out, /first line was read/);
  // Renamed columns, a latin-1 fallback and a class of one row.
  writeFileSync(path.join(tmp, 'odd.csv'), Buffer.concat([Buffer.from('a,,a,label\n'),
    Buffer.from(Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${i % 3},${i < 20 ? 'x' : 'y'}\n`).join('')),
    Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0x33, 0x2c, 0x63, 0x61, 0x66, 0xe9, 0x0a])]));
  const odd = run(['odd.csv', '--label', 'label']);
  assert.equal(odd.code, 0, odd.err);
  assert.match(odd.out, /^note: the file is not UTF-8; it was read as Latin-1 \(ISO-8859-1\)$/m);
  assert.match(odd.out, /^note: column 2 has no name: called "column_2"\nnote: column 3 repeats the name "a": called "a_2"$/m);
  assert.match(odd.out, /^note: class "caf\u00e9" has a single row: a threshold from one row is unreliable/m);
  assert.match(odd.out, /^flagged: \d+ rows? \(/m);
});

test('the label column: guessed with its reasons; a continuous one is refused before any model runs', () => {
  // digits: only numbers, the digit last (once 'no label column found').
  const digits = run([path.join(datasets, 'digits.uniform10.csv'), '--model', 'logistic', '--folds', '2', '--top', '1']);
  assert.equal(digits.code, 0, digits.err);
  assert.match(digits.out, /label column "digit" \(10 classes\)/);
  assert.match(digits.out, /^label column guessed: last column; whole numbers; class codes 0 to 9; /m);
  // hpc --label hour: 924 distinct times of day, not classes.
  const hpc = path.join(datasets, 'hpc.uniform10.csv');
  const t0 = Date.now();
  const hour = run([hpc, '--label', 'hour']);
  assert.equal(hour.code, 1);
  assert.match(hour.err, /"hour" looks continuous \(924 distinct numbers with fractions in 4331 rows\).*--allow-continuous-label.*\[LABEL_LOOKS_CONTINUOUS\]/);
  assert.ok(Date.now() - t0 < 20_000, 'refused at once, not after 87 s of training');
  assert.match(run(['--help']).out, /--allow-continuous-label/);
  // Named by the user: no guess line.
  assert.doesNotMatch(run([iris, '--label', 'species', '--model', 'logistic']).out, /label column guessed/);
});

test('npm start runs the CLI on the bundled example (without building or serving)', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build', '--no-serve'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\$ labelcheck examples\/data\/iris\.noisy\.csv --label species/);
  assert.match(r.stdout, /^ 1\s+148\s+150\s+setosa\s+virginica/m);
  assert.ok(readFileSync(path.join(root, 'examples/data/iris.noisy.csv')).equals(readFileSync(iris)), 'the bundled copy is the shared file');
});
