// The page's worker: holds the file's bytes, previews them, runs the package's checkLabels and
// builds the downloads, all through the package's public API (previewCsv, rowValues,
// annotateCsv, relabelCsv: the C++ reader does every bit of CSV parsing, typing, label guessing
// and writing). The page never parses or computes on its own thread; Cancel terminates this
// worker and starts a new one.
//
// Messages in:  {type: 'load', id, blob, name}     blob: the file (a Blob or File); its bytes are read here
//               {type: 'run', id, options, teaching: null | {percent, seed}}
//               {type: 'download', id, kind: 'issues' | 'annotated' | 'audit' | 'deduplicated'}
//               {type: 'rows', id, ranks: number[]}   the fields of those flagged rows
//               {type: 'values', id, rows: number[]}  the fields of those data rows (the audit's)
//               {type: 'cleaned', id, decisions}       the checked bytes with a review applied (applyReview)
// Messages out: {type: 'preview' | 'progress' | 'result' | 'download' | 'rows' | 'values' | 'error', id, ...}
// The result's issues travel as columns of typed arrays (issueColumns), with the fields of the
// first ROW_VALUES_SENT flagged rows; the page asks for more with 'rows'.
import { init, version, previewCsv, rowValues, annotateCsv, relabelCsv, applyReview } from './lib/index.js';
import { checkLabelsOnThreads } from './lib/parallel.js';
import { issuesCsv, auditCsv, downloadText } from './csv-download.js';
import { flipLabels } from './teaching.js';
import { withOriginalLabels } from './teaching-download.js';
import { PREVIEW_OPTIONS } from './preview-options.js';

// ?maxMemoryMiB=N on the page caps the WebAssembly memory (to try small devices); a check that
// needs more fails with OUT_OF_MEMORY and the next one works.
const maxMemoryMiB = Number(new URL(self.location.href).searchParams.get('maxMemoryMiB'));
const ready = init(maxMemoryMiB > 0 ? { maxMemory: Math.round(maxMemoryMiB * 2 ** 20) } : {}); // start loading at once
ready.catch(() => {}); // reported by the first run

// ?threads=N on the page sets the cross-validation threads (default: every core).
const threadsParam = Number(new URL(self.location.href).searchParams.get('threads'));
const threadsWanted = Number.isInteger(threadsParam) && threadsParam >= 1 ? threadsParam : null;

let original = null; // Uint8Array of the loaded file
let checked = null;  // the bytes of the last run (the original, or teaching mode's flipped copy)
let last = null;     // {result, header, rowValues}

function errorOf(e) {
  return {
    code: e?.code ?? 'INTERNAL', message: String(e?.message ?? e),
    line: e?.line, column: e?.column, row: e?.row,
  };
}

// The first MiB, typed and with the label guess, by the package. A file the reader rejects is
// previewed up to the problem (as a prefix, malformed records left out) so that the page can
// show its columns next to the error, and the check (or "skip malformed rows") can be tried.
function preview(bytes) {
  let p;
  let error = null;
  try {
    p = previewCsv(bytes, PREVIEW_OPTIONS);
  } catch (e) {
    if (!/^CSV_/.test(e?.code ?? '')) throw e;
    error = errorOf(e);
    try {
      p = previewCsv(bytes, { ...PREVIEW_OPTIONS, partial: true, onBadRow: 'skip' });
    } catch {
      throw e; // nothing readable before the problem: the problem is what to show
    }
  }
  return {
    header: p.columns.map((c) => c.name), rows: p.rows, columns: p.columns, labelIndex: p.guess.label,
    labelReasons: p.guess.labelReasons, candidates: p.guess.candidates,
    probabilityColumns: p.guess.probabilityColumns, rowsRead: p.rowCount, complete: p.complete,
    // After an error the preview is of the part before it, read leniently: its warnings (a prefix,
    // records left out) describe that reading, not the file; the error is what to show.
    delimiter: p.csv.delimiter, encoding: p.csv.encoding, bomStripped: p.csv.bomStripped, bytes: bytes.length, warnings: error ? [] : p.warnings, error,
  };
}

// Teaching mode: change the label cells of a seeded share of the rows, every other byte kept.
function flipped(bytes, labelIndex, onBadRow, percent, seed) {
  const table = previewCsv(bytes, { maxBytes: null, maxRows: 0, rowSpans: true, onBadRow });
  if (!(labelIndex >= 0 && labelIndex < table.columns.length))
    throw Object.assign(new Error(`teaching mode: the file has no column ${labelIndex + 1}`), { code: 'COLUMN_NOT_FOUND' });
  // Rows are the file's data rows; records left out as malformed are not flipped.
  const skipped = new Set(table.csv.skippedRows.map((s) => s.row));
  const rows = Array.from({ length: table.rowCount }, (_, i) => i).filter((r) => !skipped.has(r));
  const labels = rowValues(bytes, table, rows).map((fields) => fields[labelIndex] ?? '');
  const flips = new Map([...flipLabels(labels, percent, seed).flipped].map(([i, f]) => [rows[i], f]));
  const changes = [...flips].map(([row, f]) => ({ row, label: f.to }));
  return { bytes: relabelCsv(bytes, table, changes, { column: labelIndex }), flips };
}

// The fields of the file row behind each issue, read by the package on demand (a million-row
// file can have a hundred thousand flagged rows; the page asks for the ones it shows) and kept.
function rowValuesOf(result, bytes, cache, ranks) {
  const wanted = ranks.filter((rank) => result.issues[rank - 1] && !cache.has(rank));
  if (wanted.length) {
    const values = rowValues(bytes, result, wanted.map((rank) => result.issues[rank - 1].row));
    wanted.forEach((rank, i) => cache.set(rank, values[i]));
  }
  const out = {};
  for (const rank of ranks) if (cache.has(rank)) out[rank] = cache.get(rank);
  return out;
}

// The issues as columns of typed arrays (one transfer each) instead of an object per issue:
// structured-cloning 100,000 objects with their small arrays blocks the page's main thread
// for seconds. The page builds objects for the rows it shows (app.js issueAt).
function issueColumns(result) {
  const n = result.issues.length;
  const K = result.classNames.length;
  const cols = {
    n, K, row: new Int32Array(n), line: new Float64Array(n), example: new Int32Array(n), given: new Int32Array(n),
    suggested: new Int32Array(n), quality: new Float64Array(n), probs: new Float64Array(n * K), neighbors: [],
  };
  result.issues.forEach((issue, i) => {
    cols.row[i] = issue.row;
    cols.line[i] = issue.line;
    cols.example[i] = issue.example;
    cols.given[i] = issue.givenLabelIndex;
    cols.suggested[i] = issue.suggestedLabelIndex;
    cols.quality[i] = issue.labelQuality;
    cols.probs.set(issue.probabilities, i * K);
    if (issue.neighbors.length) cols.neighbors[i] = issue.neighbors;
  });
  return cols;
}

// The 2-D picture of every row. Numbers and categories: the package's PCA projection. Text: its
// hashed word counts project to one shapeless cloud, so each row is placed instead by the model's
// probability of its given label (x) and of the most probable other class (y): flagged rows sit
// on the left, and how sure the model is can be read off the axes.
function pictureOf(result) {
  const ex = result.examples;
  // Text features, or probabilities given (no features at all): the probabilities picture.
  const text = result.mode === 'probabilities' || result.columns.some((c) => c.use === 'feature' && c.kind === 'text');
  if (!text) return ex.projection ? { ...ex.projection, data: ex.projection.data.slice(), kind: 'pca' } : null;
  const N = ex.labels.length;
  const K = ex.predProbs.cols;
  const data = new Float64Array(2 * N);
  for (let e = 0; e < N; e++) {
    const g = ex.labels[e];
    let other = 0;
    for (let k = 0; k < K; k++) if (k !== g) other = Math.max(other, ex.predProbs.data[e * K + k]);
    data[2 * e] = ex.predProbs.data[e * K + g];
    data[2 * e + 1] = other;
  }
  return { data, rows: N, cols: 2, kind: 'probabilities' };
}

// Row values sent with the result: the first pages of the table in rank order.
const ROW_VALUES_SENT = 1000;

async function run({ id, options, teaching }) {
  let bytes = original;
  let flips = null;
  const started = performance.now();
  await ready;
  if (teaching) {
    postMessage({ type: 'progress', id, stage: 'flip', done: 0, total: 1 });
    ({ bytes, flips } = flipped(original, options.label, options.onBadRow ?? 'error', teaching.percent, teaching.seed));
  }
  let lastPost = 0;
  let lastStage = '';
  const onProgress = (p) => {
    const now = performance.now();
    if (p.stage !== lastStage || now - lastPost > 50 || p.done === p.total) {
      lastStage = p.stage;
      lastPost = now;
      postMessage({ type: 'progress', id, stage: p.stage, done: p.done, total: p.total, detail: p.detail ?? null });
    }
  };
  // The cross-validation runs on every core: helper workers, each with its own instance.
  const result = await checkLabelsOnThreads(bytes, { ...options, onProgress, threads: threadsWanted });
  checked = bytes;
  const header = result.columns.map((c) => c.name);
  const cache = new Map();
  last = { result, header, cache, flips, options };
  const first = Array.from({ length: Math.min(ROW_VALUES_SENT, result.issues.length) }, (_, i) => i + 1);
  const rowValues = rowValuesOf(result, bytes, cache, first);
  // What the page draws, as copies it takes over (transferred, not cloned); the row spans, the
  // N x K probabilities and the rest stay here for the downloads.
  const ex = result.examples;
  const examples = {
    labelQuality: ex.labelQuality.slice(), isLabelIssue: ex.isLabelIssue.slice(),
    projection: pictureOf(result),
  };
  const issues = issueColumns(result);
  const transfer = [issues.row, issues.line, issues.example, issues.given, issues.suggested, issues.quality, issues.probs,
    examples.labelQuality, examples.isLabelIssue, ...(examples.projection ? [examples.projection.data] : [])].map((a) => a.buffer);
  // The review is stored under the hash of the bytes checked (the file, or teaching mode's copy).
  const fileHash = await sha256(bytes);
  const { rowSpans, ...rest } = result;
  postMessage({
    type: 'result', id, result: { ...rest, examples, issues }, header, rowValues, version, fileHash,
    workerMs: performance.now() - started,
    teaching: flips ? { ...teaching, flips: [...flips].map(([row, f]) => ({ row, line: rowSpans.lines[row], ...f })) } : null,
  }, transfer);
}

// The values of more flagged rows (by rank), for the table's other pages and sort orders.
function rows({ id, ranks }) {
  if (!last) throw new Error('nothing checked yet');
  postMessage({ type: 'rows', id, rowValues: rowValuesOf(last.result, checked, last.cache, ranks) });
}

// The fields of data rows (0-based, as the audit's rows), as {row: fields}.
function valuesOf(rows) {
  const fields = rows.length ? rowValues(checked, last.result, rows) : [];
  return Object.fromEntries(rows.map((row, i) => [row, fields[i]]));
}

function values({ id, rows }) {
  if (!last) throw new Error('nothing checked yet');
  const lines = Object.fromEntries(rows.map((row) => [row, last.result.rowSpans.lines[row]]));
  postMessage({ type: 'values', id, values: valuesOf(rows), lines });
}

function auditBlob() {
  const a = last.result.audit;
  if (!a) throw Object.assign(new Error('this check ran without the data audit'), { code: 'INVALID_ARGUMENT' });
  const rows = [...new Set([...a.outliers.map((o) => o.row), ...a.nearDuplicateSets.flat(), ...a.emptyRows, ...a.nonIid.rows,
    ...a.knnLabelIssues.map((i) => i.row)])];
  const text = auditCsv(a, last.result.examples.sourceRows, last.result.rowSpans.lines, last.header, valuesOf(rows.sort((x, y) => x - y)));
  return new Blob([downloadText(text, last.result.csv)], { type: 'text/csv' });
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The cleaned file: the package's applyReview on the bytes that were checked, with the label
// column of that check.
function cleaned({ id, decisions }) {
  if (!last) throw new Error('nothing checked yet');
  const bytes = applyReview(checked, decisions, { label: last.result.labelColumn.index, onBadRow: last.options.onBadRow ?? 'error' });
  postMessage({ type: 'download', id, kind: 'cleaned', blob: new Blob([bytes], { type: 'text/csv' }) });
}

// The checked file with one row per duplicate set: the first row of each near-duplicate set
// (exact copies included) kept, the others dropped by the package's applyReview, every other
// byte as in the file.
function deduplicatedBlob() {
  const a = last.result.audit;
  if (!a) throw Object.assign(new Error('this check ran without the data audit'), { code: 'INVALID_ARGUMENT' });
  const drops = a.nearDuplicateSets.flatMap((set) => set.slice(1).map((row) => ({ row, decision: 'drop' })));
  const bytes = applyReview(checked, drops, { label: last.result.labelColumn.index, onBadRow: last.options.onBadRow ?? 'error' });
  return new Blob([bytes], { type: 'text/csv' });
}

function download({ id, kind }) {
  if (!last) throw new Error('nothing to download yet');
  const annotated = () => annotateCsv(checked, last.result);
  const blob = kind === 'annotated'
    ? (last.flips ? withOriginalLabels(annotated(), last.result.labelColumn.index, last.flips, last.options.onBadRow ?? 'error')
      : new Blob([annotated()], { type: 'text/csv' }))
    : kind === 'audit' ? auditBlob()
    : kind === 'deduplicated' ? deduplicatedBlob()
    : new Blob([downloadText(issuesCsv(last.result, last.header, Object.values(rowValuesOf(last.result, checked, last.cache,
      last.result.issues.map((_, i) => i + 1)))), last.result.csv)], { type: 'text/csv' });
  postMessage({ type: 'download', id, kind, blob });
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'load') {
      original = new Uint8Array(data.buf ?? (await data.blob.arrayBuffer()));
      checked = null;
      last = null;
      await ready;
      postMessage({ type: 'preview', id: data.id, name: data.name, ...preview(original) });
    } else if (data.type === 'run') {
      await run(data);
    } else if (data.type === 'download') {
      download(data);
    } else if (data.type === 'rows') {
      rows(data);
    } else if (data.type === 'values') {
      values(data);
    } else if (data.type === 'cleaned') {
      cleaned(data);
    }
  } catch (e) {
    postMessage({ type: 'error', id: data.id, request: data.type, error: errorOf(e) });
  }
};
