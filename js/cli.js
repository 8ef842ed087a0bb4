#!/usr/bin/env node
// `labelcheck data.csv --label species`: the command-line face of checkLabels (package.json
// "bin"). Uses the public API only (./node.js). Output: a table of the top issues, a summary and
// the data audit on stdout (or the whole result as JSON with --json), progress on stderr, and
// optionally the input annotated with three columns (--out), every original byte kept.
//
// Exit codes: 0 success, 1 data errors (unreadable file, malformed CSV, unknown column, ...),
// 2 usage errors (unknown option, bad option value). Run `labelcheck --help` for the options.
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { init, version, LabelcheckError, annotateCsv, applyReview, previewCsv, rowValues } from './node.js';
import { checkLabelsOnThreads } from './parallel-node.js';

const USAGE = `Usage: labelcheck <file.csv | -> [options]

Finds rows whose label is probably wrong (Confident Learning on out-of-sample probabilities
from K-fold cross-validation) and prints them, most suspicious first. "-" reads stdin.

Options:
  --label NAME          the label column (a name, or #N for the 0-based column N);
                        default: guessed from the names (label, class, target, species,
                        status, ...), position (first or last), type and cardinality; --json
                        shows labelColumn.reasons
  --allow-continuous-label
                        check a label column that looks continuous (numbers with many
                        distinct values, e.g. a time): refused otherwise, since every value
                        would become a class
  --features A,B,...    feature columns (names or #N); default: every other column but
                        identifiers
  --probabilities       the file holds the label and one probability column per class:
                        use them instead of training (default: detected automatically)
  --model M             auto (default), logistic, knn or gbdt (gradient-boosted trees)
  --threads N           threads for cross-validation (default: every core); the result
                        is the same for any N
  --budget S            auto's time budget: estimated seconds of one core the models may
                        take (default 12, about 6 s of waiting on 2 cores);
                        'none' runs every model at any size
  --folds N             cross-validation folds (default 5)
  --seed N              fold shuffling seed (default 0); the same seed gives the same result
  --refit               cross-validate a second time without the first pass's issues in
                        training (about 2x the time; helps on well-separated classes,
                        over-flags where classes overlap)
  --no-audit            skip the data audit (outliers, near-duplicates, class imbalance,
                        order effects, empty rows, the neighbours' vote on each label),
                        which costs one nearest-neighbour graph of the rows
  --filter-by F         cleanlab filter_by: prune_by_noise_rate (default), prune_by_class,
                        both, confident_learning, predicted_neq_given,
                        low_normalized_margin, low_self_confidence
  --delimiter D         , ; tab | or auto (default: detected)
  --skip-bad-rows       leave out records with the wrong number of fields (listed in the
                        summary) instead of stopping at the first one
  --top N               issues shown in the table (default 20; 0 = all)
  --json                print the whole result as JSON on stdout (typed arrays as arrays)
                        instead of the table
  --out FILE            write the input to FILE with three added columns
                        is_label_issue,label_quality,suggested_label (every original row and
                        byte kept; rows not checked get empty cells; label_quality in full
                        precision, the shortest decimal that reads back exactly);
                        --out - writes it to stdout instead of the table
  --quiet               print nothing on success but errors (use with --out)
  --progress            show the progress bar even when stderr is not a terminal
  --version             print the version
  -h, --help            this help

Exit status: 0 done, 1 data error (file, CSV, column, ...), 2 usage error.
Example: labelcheck iris.csv --label species --top 10 --out iris.checked.csv

       labelcheck apply <file.csv> --review LOG.csv [--out FILE] [--label NAME]

Applies a review of the flagged rows (the page's review log: line,row,given,decision,
new_label,label_quality) to the file: relabelled rows get their new label, dropped rows
are removed, every other byte is kept. Writes FILE, or stdout without --out. The label
column is the one holding every reviewed row's given label (--label names it).`;

class UsageError extends Error {}

// parseArgs with the options given, strict, file names as positionals. `--threads -1`: parseArgs
// takes "-1" for an option of its own ("ambiguous"); joined as --threads=-1 it reaches the
// option's own check, which says what is allowed. Its errors become UsageErrors (`prefix` first).
function parseOptions(argv, options, prefix = '') {
  const takesValue = new Set(Object.keys(options).filter((k) => options[k].type === 'string'));
  const args = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && !a.includes('=') && takesValue.has(a.slice(2)) && /^-[\d.]/.test(argv[i + 1] ?? '')) {
      args.push(`${a}=${argv[i + 1]}`);
      i++;
    } else {
      args.push(a);
    }
  }
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(`${prefix}${e.message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

// `labelcheck apply data.csv --review log.csv --out cleaned.csv`: its own few options.
function parseApplyLine(argv) {
  const parsed = parseOptions(argv, {
    review: { type: 'string' }, out: { type: 'string' }, label: { type: 'string' },
    delimiter: { type: 'string' }, 'skip-bad-rows': { type: 'boolean' }, quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, 'apply: ');
  const { values, positionals } = parsed;
  if (values.help) return { values, file: null };
  if (positionals.length !== 1) throw new UsageError(`apply: one data file expected, got ${positionals.length}`);
  if (values.review === undefined) throw new UsageError('apply: --review LOG.csv is required (the review log the page downloads)');
  return { values, file: positionals[0] };
}

function parseCommandLine(argv) {
  const parsed = parseOptions(argv, {
    label: { type: 'string' },
    'allow-continuous-label': { type: 'boolean' },
    features: { type: 'string' },
    probabilities: { type: 'boolean' },
    model: { type: 'string' },
    threads: { type: 'string' },
    budget: { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    refit: { type: 'boolean' },
    'no-audit': { type: 'boolean' },
    'filter-by': { type: 'string' },
    delimiter: { type: 'string' },
    'skip-bad-rows': { type: 'boolean' },
    top: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
    progress: { type: 'boolean' },
    version: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help || values.version) return { values, file: null };
  if (positionals.length === 0) throw new UsageError('no input file given (use - for stdin)');
  if (positionals.length > 1) throw new UsageError(`one input file expected, got ${positionals.length}: ${positionals.join(' ')}`);
  return { values, file: positionals[0] };
}

const integer = (name, text, min) => {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be an integer >= ${min}; got '${text}'`);
  return Number(text);
};
const column = (text) => (/^#\d+$/.test(text) ? Number(text.slice(1)) : text);

function options(values) {
  const o = {};
  if (values.label !== undefined) o.label = column(values.label);
  if (values['allow-continuous-label']) o.allowContinuousLabel = true;
  if (values.features !== undefined) {
    const list = values.features.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (list.length === 0) throw new UsageError('--features needs at least one column');
    o.features = list.map(column);
  }
  if (values.probabilities) o.mode = 'probabilities';
  if (values.model !== undefined) {
    if (!['auto', 'logistic', 'knn', 'gbdt'].includes(values.model))
      throw new UsageError(`--model must be auto, logistic, knn or gbdt; got '${values.model}'`);
    o.model = values.model;
  }
  if (values.threads !== undefined) o.threads = integer('threads', values.threads, 1);
  if (values.budget !== undefined) {
    if (values.budget === 'none') o.budgetSeconds = null;
    else if (/^\d+(\.\d+)?$/.test(values.budget)) o.budgetSeconds = Number(values.budget);
    else throw new UsageError(`--budget must be a number of seconds or 'none'; got '${values.budget}'`);
  }
  if (values.folds !== undefined) o.cvNFolds = integer('folds', values.folds, 2);
  if (values.seed !== undefined) o.seed = integer('seed', values.seed, 0);
  if (values.refit) o.refit = true;
  if (values['no-audit']) o.audit = false;
  if (values['filter-by'] !== undefined) o.filterBy = values['filter-by'];
  if (values.delimiter !== undefined) {
    const d = { tab: '\t', '\\t': '\t' }[values.delimiter] ?? values.delimiter;
    if (!['auto', ',', ';', '\t', '|'].includes(d))
      throw new UsageError(`--delimiter must be , ; tab | or auto; got '${values.delimiter}'`);
    o.delimiter = d;
  }
  if (values['skip-bad-rows']) o.onBadRow = 'skip';
  return o;
}

async function readInput(file) {
  if (file === '-') {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  try {
    return readFileSync(file);
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    const err = new Error(`cannot read '${file}': ${why}`);
    err.exitCode = 1;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Progress bar (stderr)

// On a terminal the bar appears only for runs longer than 300 ms; --progress shows it always.
function progressBar(enabled, delayMs) {
  if (!enabled) return { onProgress: null, done() {} };
  const start = Date.now();
  const weights = { parse: [0, 0.05], encode: [0.05, 0.1], crossValidation: [0.1, 0.85], findIssues: [0.85, 0.87], audit: [0.87, 1] };
  let shown = false;
  let last = 0;
  let cvStart = 0;
  return {
    onProgress(p) {
      const now = Date.now();
      if (p.stage === 'crossValidation' && p.done === 0) cvStart = now;
      const final = (p.stage === 'findIssues' || p.stage === 'audit') && p.done === p.total;  // always drawn once shown
      if (now - start < delayMs || (shown && now - last < 50 && !final)) return;
      last = now;
      const [a, b] = weights[p.stage] ?? [0, 1];
      // Cross-validation units differ in size: their estimated work says how far it is.
      const part = p.workTotal > 0 ? p.workDone / p.workTotal : p.total > 0 ? p.done / p.total : 0;
      const f = a + (b - a) * part;
      const width = 30;
      const fill = Math.round(f * width);
      const left = p.stage === 'crossValidation' && part > 0.02 && part < 1 ? (now - cvStart) * (1 - part) / part / 1000 : 0;
      const eta = left > 0 ? `, ~${left < 60 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left` : '';
      const what = `${p.stage}${p.total > 1 ? ` ${p.done}/${p.total}` : ''}${p.detail ? ` (${p.detail}${eta})` : eta}`;
      process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.round(f * 100)).padStart(3)}% ${what}`.padEnd(80).slice(0, 100));
      shown = true;
    },
    done() {
      if (shown) process.stderr.write(`\r${' '.repeat(100)}\r`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Table and summary

// Numbers people read: 3 significant digits (0.000123, 93.5%), never a misleading 0 or 0%;
// --json keeps full precision.
export const sig3 = (x) => (Number.isFinite(x) && x !== 0 ? String(Number(x.toPrecision(3))) : String(x));
const pct = (x) => `${sig3(100 * x)}%`;
// Text from the file on one terminal line: control characters (a line break inside a quoted
// class name) written as escapes, then cut to n characters (a 1 MB name is not printed whole).
const oneLine = (s) => String(s).replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
const clip = (s, n) => {
  const t = oneLine(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
const NAME_SHOWN = 40;  // characters of a class or column name in the summary lines
const NOTE_SHOWN = 300;  // characters of a note

/** One short sentence: why this row looks mislabeled. */
export function reasonOf(issue) {
  let s = issue.suggestedLabelIndex === issue.givenLabelIndex
    ? `only ${pct(issue.givenLabelProbability)} for the given label`
    : `${pct(issue.suggestedLabelProbability)} ${issue.suggestedLabel} vs ${pct(issue.givenLabelProbability)} given`;
  if (issue.neighbors.length > 0) {
    const agree = issue.neighbors.filter((n) => n.label === issue.suggestedLabel).length;
    s += `; ${agree}/${issue.neighbors.length} nearest rows ${issue.suggestedLabel}`;
  }
  return s;
}

function table(headers, rows, rightAligned) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells) => cells.map((x, c) => (rightAligned[c] ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Row numbers for a sentence: the first few, then how many more.
function someRows(rows, shown = 5) {
  const head = rows.slice(0, shown).join(', ');
  return rows.length > shown ? `${head}, ... (${rows.length - shown} more)` : head;
}

/** The audit's lines of the table output: one per check, what was found. */
export function auditLines(a) {
  if (a.graph.skipped) {
    const c = a.classImbalance;
    const copies = a.exactDuplicateSets.reduce((n, s) => n + s.length, 0);
    return [`data audit without neighbours (the neighbour graph would take an estimated ${sig3(a.graph.estimatedSeconds)} s, over --budget; --budget none runs it):`,
      `  exact copies: ${a.exactDuplicateSets.length ? `${plural(a.exactDuplicateSets.length, 'set')}, ${copies} rows (first: rows ${someRows(a.exactDuplicateSets[0], 4)})` : 'none'}`,
      `  class imbalance: ${c.flagged ? 'yes' : 'no'} (rarest class "${clip(c.className, NAME_SHOWN)}": ${plural(c.count, 'row')}, ${pct(c.share)}; flagged below ${pct(c.threshold)})`,
      `  empty rows (every feature missing): ${a.emptyRows.length ? `${a.emptyRows.length} (${someRows(a.emptyRows)})` : 'none'}`,
      '  outliers, near-duplicates, order effects, the neighbours\' vote: not checked'];
  }
  const out = [`data audit (${a.graph.k} nearest rows, ${a.graph.metric} distance, ` +
    `${a.graph.exact ? 'exact search' : `approximate search, recall ${sig3(a.graph.recall)} on ${a.graph.recallRows} rows`}):`];
  out.push(`  outliers: ${a.outliers.length ? `${plural(a.outliers.length, 'row')} far from the others (${someRows(a.outliers.map((o) => o.row))})` : 'none'}`);
  const nearRows = a.nearDuplicateSets.reduce((n, s) => n + s.length, 0);
  out.push(`  near-duplicates: ${a.nearDuplicateSets.length ? `${plural(a.nearDuplicateSets.length, 'set')}, ${nearRows} rows` +
    ` (first: rows ${someRows(a.nearDuplicateSets[0], 4)})` : 'none'}` +
    `${a.exactDuplicateSets.length ? `; ${plural(a.exactDuplicateSets.length, 'set')} of exact copies` : ''}`);
  const c = a.classImbalance;
  out.push(`  class imbalance: ${c.flagged ? 'yes' : 'no'} (rarest class "${clip(c.className, NAME_SHOWN)}": ${plural(c.count, 'row')}, ${pct(c.share)}; ` +
    `flagged below ${pct(c.threshold)})`);
  const n = a.nonIid;
  out.push(`  order effects: ${n.flagged ? `yes, p = ${sig3(n.pValue)}: rows near each other in the file are alike (strongest at rows ${someRows(n.rows)})`
    : `no (p = ${sig3(n.pValue)})`}`);
  out.push(`  empty rows (every feature missing): ${a.emptyRows.length ? `${a.emptyRows.length} (${someRows(a.emptyRows)})` : 'none'}`);
  out.push(`  labels the nearest rows vote against: ${a.knnLabelIssues.length ? plural(a.knnLabelIssues.length, 'row') : 'none'}`);
  return out;
}

// Options about training have nothing to do when the file gives the probabilities.
const TRAINING_OPTIONS = ['model', 'refit', 'no-audit', 'features', 'folds', 'seed', 'budget', 'threads'];
export function unusedOptionsNote(r, values) {
  const unused = r.mode === 'probabilities' ? TRAINING_OPTIONS.filter((k) => values[k] !== undefined && values[k] !== false) : [];
  return unused.length ? [`note: not used: ${unused.map((k) => `--${k}`).join(', ')} (the file gives the probabilities: no model is trained)`] : [];
}

const EXPLAINED_BY_DEFAULT = 200;  // the package's maxExplainedIssues

function report(r, name, top, values = {}) {
  const out = [];
  const shown = top === 0 ? r.issues : r.issues.slice(0, top);
  const s = r.summary;
  if (shown.length > 0) {
    const rows = shown.map((i, k) => [
      String(k + 1), String(i.row), String(i.line), clip(i.givenLabel, 20), clip(i.suggestedLabel, 20),
      sig3(i.labelQuality), clip(reasonOf(i), 60),
    ]);
    out.push(table(['#', 'row', 'line', 'given', 'suggested', 'quality', 'why'], rows, [true, true, true, false, false, true, false]));
    out.push('');
  }
  const model = r.mode === 'probabilities'
    ? `probabilities given in the file (${r.probabilityColumns.join(', ')})`
    : `${s.model}, ${s.folds}-fold cross-validation${s.repeats > 1 ? ` x ${s.repeats} repeats` : ''}` +
      (s.modelsSkipped.length ? ` (left out: ${s.modelsSkipped.join('; ')})` : '');
  out.push(`${name}: ${r.rowCount} rows, ${s.rowsChecked} checked; label column "${clip(r.labelColumn.name, NAME_SHOWN)}" (${r.classNames.length} classes)`);
  // A guessed label column says why, so that a wrong guess is seen before its issues are trusted.
  const reasons = r.labelColumn.reasons ?? [];
  if (reasons.length && reasons[0] !== 'named by the caller') out.push(`label column guessed: ${reasons.join('; ')} (--label names another)`);
  // How the file was read when not as one would assume (the package's sentences).
  out.push(...r.warnings.map((w) => `note: ${clip(w, NOTE_SHOWN)}`), ...unusedOptionsNote(r, values));
  if (r.excludedRows.length) out.push(`not checked: ${plural(r.excludedRows.length, 'row')} without a label (first: line ${r.excludedRows[0].line})`);
  if (r.csv.skippedRows.length) out.push(`skipped: ${plural(r.csv.skippedRows.length, 'malformed record')} (first: ${r.csv.skippedRows[0].message})`);
  out.push(`model: ${model}; accuracy ${(100 * s.cvAccuracy).toFixed(1)}%`);
  out.push(`flagged: ${plural(s.rowsFlagged, 'row')} (${(100 * s.estimatedNoiseRate).toFixed(1)}% of checked); label health score ${s.overallLabelHealthScore.toFixed(3)}`);
  const worst = s.classesByLabelQuality.slice(0, 5).map((c) => `${clip(c.className, NAME_SHOWN)} ${c.labelQualityScore.toFixed(2)}`).join(', ');
  out.push(`classes by label quality (worst first): ${worst}${s.classesByLabelQuality.length > 5 ? ', ...' : ''}`);
  if (shown.length < r.issues.length) out.push(`showing the top ${shown.length} of ${r.issues.length}; --top 0 shows all, --json gives everything`);
  const explained = shown.filter((i) => i.neighbors.length > 0).length;
  if (r.mode !== 'probabilities' && shown.length > EXPLAINED_BY_DEFAULT && explained < shown.length)
    out.push(`why: the nearest rows are named for the top ${explained}; --top ${shown.length} names them for all shown`);
  if (r.audit) out.push(...auditLines(r.audit));
  out.push(`time: ${r.timingsMs.total.toFixed(0)} ms`);
  return out.join('\n');
}

function toJson(r) {
  return JSON.stringify(r, (key, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
}

// ---------------------------------------------------------------------------------------------
// --out: the package's annotateCsv writes the file; the CLI only says what it wrote

const ADDED_COLUMNS = ['is_label_issue', 'label_quality', 'suggested_label'];

/** The --out note on stderr: where, how many data rows, which columns were added. */
export function wroteMessage(file, r) {
  return `labelcheck: wrote ${file}: ${r.rowCount} rows (${r.summary.rowsChecked} checked, ${r.summary.rowsFlagged} flagged), ` +
    `added columns ${ADDED_COLUMNS.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------

// Why `out` cannot be written, found before the work (a check can take minutes, and its result
// would be lost at the end): a missing or read-only folder, a folder named as the file. Else null.
function unwritable(out) {
  if (out === undefined || out === '-') return null;
  try {
    if (statSync(out).isDirectory()) return 'it is a folder';
  } catch {
    // no such file yet: its folder must take it
  }
  const dir = path.dirname(path.resolve(out));
  try {
    if (!statSync(dir).isDirectory()) return `'${dir}' is not a folder`;
    accessSync(dir, constants.W_OK);
  } catch (e) {
    return e.code === 'ENOENT' ? `there is no folder '${dir}'` : `the folder '${dir}' cannot be written`;
  }
  return null;
}

// Whether writing `out` would overwrite the input `file` (the same file by another name too):
// the input is what the user has, and nothing of it may be lost.
function isInputFile(out, file) {
  if (out === undefined || file === '-') return false;
  try {
    const a = statSync(out);
    const b = statSync(file);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;  // no such output file yet
  }
}

class OutputError extends Error {}

// Writes to stdout; a full disk or a closed file is one line on stderr (exit 1), not a stack.
function writeStdout(text) {
  try {
    process.stdout.write(text);
  } catch (e) {
    if (e.code === 'EPIPE') return;
    throw new OutputError(`cannot write the output: ${e.message}`);
  }
}

function describeError(e, file) {
  const where = e.line !== undefined ? `line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''}` : e.row !== undefined ? `row ${e.row}` : '';
  let message = e.message.replace(/^(checkLabels|applyReview): /, '').replace(/^line \d+(, column \d+)?: /, '');
  // The core says "name one"; here that is an option.
  if (e.code === 'COLUMN_NOT_FOUND') message = message.replace(/; name one\b/, '; name one with --label');
  // A message that starts with its own place ("row 10: ...", "row 10 is decided twice") says it once.
  const placed = where && message.startsWith(where.split(':')[0]);
  return `${file}: ${where && !placed ? `${where}: ` : ''}${message} [${e.code}]`;
}

/** `labelcheck apply`: the package's applyReview on the file and the log; the CLI reads and writes. */
async function applyMain(argv) {
  let args;
  try {
    args = parseApplyLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`labelcheck: ${e.message}\nRun 'labelcheck --help' for the options.\n`);
    return 2;
  }
  const { values, file } = args;
  if (values.help) {
    writeStdout(`${USAGE}\n`);
    return 0;
  }
  if (isInputFile(values.out, file)) {
    process.stderr.write(`labelcheck: apply: --out '${values.out}' is the input file; write the cleaned copy to another file (the input stays as it is)\n`);
    return 2;
  }
  const applyOutProblem = unwritable(values.out);
  if (applyOutProblem) {
    process.stderr.write(`labelcheck: apply: cannot write '${values.out}': ${applyOutProblem}\n`);
    return 2;
  }
  let bytes, log;
  try {
    bytes = await readInput(file);
    log = await readInput(values.review);
  } catch (e) {
    process.stderr.write(`labelcheck: ${e.message}\n`);
    return e.exitCode ?? 1;
  }
  await init();
  const o = {};
  if (values.label !== undefined) o.label = column(values.label);
  if (values.delimiter !== undefined) o.delimiter = { tab: '\t', '\\t': '\t' }[values.delimiter] ?? values.delimiter;
  if (values['skip-bad-rows']) o.onBadRow = 'skip';
  let out, counts;
  try {
    out = applyReview(bytes, log, o);
    counts = { keep: 0, relabel: 0, drop: 0 };
    // What was applied, counted from the same log read by the same reader (unreviewed rows left out).
    for (const row of reviewCounts(log)) counts[row] = (counts[row] ?? 0) + 1;
  } catch (e) {
    if (!(e instanceof LabelcheckError)) throw e;
    process.stderr.write(`labelcheck: ${describeError(e, file)}\n`);
    return 1;
  }
  if (values.out === undefined || values.out === '-') {
    writeStdout(out);
    return 0;
  }
  try {
    writeFileSync(values.out, out);
  } catch (e) {
    process.stderr.write(`labelcheck: cannot write '${values.out}': ${e.message}\n`);
    return 1;
  }
  if (!values.quiet) process.stderr.write(`labelcheck: wrote ${values.out}: ${counts.relabel} relabelled, ${counts.drop} dropped, ${counts.keep} kept\n`);
  return 0;
}

// The decision of every row of a review log (the package's reader: previewCsv + rowValues).
function reviewCounts(log) {
  const p = previewCsv(log, { maxBytes: null, maxRows: 0, rowSpans: true });
  const at = p.columns.findIndex((c) => c.name === 'decision');
  return rowValues(log, p, Array.from({ length: p.rowCount }, (_, i) => i)).map((f) => f[at]);
}

export async function main(argv = process.argv.slice(2)) {
  // `labelcheck ... --json | head`: a closed pipe ends the output quietly.
  // Other failures of an asynchronous stdout: one line, exit 1.
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') process.stderr.write(`labelcheck: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? 0 : 1);
  });
  try {
    return argv[0] === 'apply' ? await applyMain(argv.slice(1)) : await checkMain(argv);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`labelcheck: ${e.message}\n`);
    return 1;
  }
}

async function checkMain(argv) {
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`labelcheck: ${e.message}\nRun 'labelcheck --help' for the options.\n`);
    return 2;
  }
  const { values, file } = args;
  if (values.help) {
    writeStdout(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    writeStdout(`${version}\n`);
    return 0;
  }
  let o;
  let top = 20;
  try {
    o = options(values);
    if (values.top !== undefined) top = integer('top', values.top, 0);
    // The table's reasons name the nearest rows of every row it shows (the package's default
    // stops at 200; --top 0 keeps it: without a neighbour graph each costs a search of the file).
    if (!values.json && top > EXPLAINED_BY_DEFAULT) o.maxExplainedIssues = top;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`labelcheck: ${e.message}\nRun 'labelcheck --help' for the options.\n`);
    return 2;
  }
  if (isInputFile(values.out, file)) {
    process.stderr.write(`labelcheck: --out '${values.out}' is the input file; write the annotated copy to another file (the input stays as it is)\n`);
    return 2;
  }
  const outProblem = unwritable(values.out);
  if (outProblem) {
    process.stderr.write(`labelcheck: cannot write '${values.out}': ${outProblem}\n`);
    return 2;
  }
  // --out - is the annotated file on stdout, where the table or the JSON would go.
  if (values.out === '-' && values.json) {
    process.stderr.write(`labelcheck: --out - and --json both write to stdout; name a file for one of them\nRun 'labelcheck --help' for the options.\n`);
    return 2;
  }
  const name = file === '-' ? 'stdin' : file;
  let bytes;
  try {
    bytes = await readInput(file);
  } catch (e) {
    process.stderr.write(`labelcheck: ${e.message}\n`);
    return e.exitCode ?? 1;
  }
  await init();
  const bar = progressBar(!values.quiet && (values.progress || process.stderr.isTTY === true), values.progress ? 0 : 300);
  let r;
  try {
    r = await checkLabelsOnThreads(bytes, { ...o, onProgress: bar.onProgress });
  } catch (e) {
    bar.done();
    if (!(e instanceof LabelcheckError)) throw e;
    process.stderr.write(`labelcheck: ${describeError(e, name)}\n`);
    return e.code === 'INVALID_ARGUMENT' ? 2 : 1;
  }
  bar.done();
  if (values.out === '-') {
    writeStdout(annotateCsv(bytes, r));
    return 0;
  }
  if (values.out !== undefined) {
    try {
      writeFileSync(values.out, annotateCsv(bytes, r));
    } catch (e) {
      process.stderr.write(`labelcheck: cannot write '${values.out}': ${e.message}\n`);
      return 1;
    }
    // Say what was written: a silent --out leaves people opening the file to find out.
    if (!values.quiet) process.stderr.write(`${wroteMessage(values.out, r)}\n`);
  }
  if (values.json) writeStdout(`${toJson(r)}\n`);
  else if (!values.quiet) writeStdout(`${report(r, name, top, values)}\n`);
  return 0;
}

// Run when executed (node js/cli.js, npm's bin link), not when imported (tests).
const invoked = process.argv[1];
if (invoked) {
  const { realpathSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  let self = fileURLToPath(import.meta.url);
  let target = invoked;
  try { self = realpathSync(self); target = realpathSync(invoked); } catch { /* keep as given */ }
  if (self === target) process.exitCode = await main();
}
