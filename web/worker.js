// The page's worker: holds the file's bytes, previews them, runs the package's checkLabels (its
// public API only) and builds the downloads. The page never parses or computes on its own
// thread; Cancel terminates this worker and starts a new one.
//
// Messages in:  {type: 'load', id, blob, name}     blob: the file (a Blob or File); its bytes are read here
//               {type: 'run', id, options, teaching: null | {percent, seed}}
//               {type: 'download', id, kind: 'issues' | 'annotated'}
//               {type: 'rows', id, ranks: number[]}   the fields of those flagged rows
// Messages out: {type: 'preview' | 'progress' | 'result' | 'download' | 'rows' | 'error', id, ...}
// The result's issues travel as columns of typed arrays (issueColumns), with the fields of the
// first ROW_VALUES_SENT flagged rows; the page asks for more with 'rows'.
import { init, version } from './lib/index.js';
import { checkLabelsOnThreads } from './lib/parallel.js';
import { decodeBytes, parseCsv, parseRow, describeColumns, guessLabelColumn, guessProbabilityColumns, formatCsv } from './csv.js';
import { annotatedBlob, issuesCsv } from './csv-download.js';
import { flipLabels } from './teaching.js';

const PREVIEW_BYTES = 1 << 20; // the preview reads the first MiB only, whatever the file's size
const PREVIEW_ROWS = 500;

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

function preview(bytes) {
  const complete = bytes.length <= PREVIEW_BYTES;
  const { text, encoding } = decodeBytes(complete ? bytes : bytes.subarray(0, PREVIEW_BYTES));
  const p = parseCsv(text, { maxRows: PREVIEW_ROWS, complete });
  const columns = describeColumns(p.header, p.rows);
  const labelIndex = columns.length ? guessLabelColumn(columns, p.rows.length) : -1;
  return {
    header: p.header, rows: p.rows.slice(0, 20), sampleRows: p.rows.length, columns, labelIndex,
    probabilityColumns: guessProbabilityColumns(columns, p.rows, labelIndex),
    delimiter: p.delimiter, encoding, bytes: bytes.length, error: p.error,
  };
}

// Teaching mode: flip labels in the parsed rows and write the file back as CSV.
function flipped(bytes, labelIndex, percent, seed) {
  const { text } = decodeBytes(bytes);
  const p = parseCsv(text);
  if (p.error) throw Object.assign(new Error(p.error.message), p.error);
  if (!(labelIndex >= 0 && labelIndex < p.header.length))
    throw Object.assign(new Error(`teaching mode: the file has no column ${labelIndex + 1}`), { code: 'COLUMN_NOT_FOUND' });
  const { flipped: flips } = flipLabels(p.rows, labelIndex, percent, seed);
  const csv = formatCsv(p.header, p.rows, p.delimiter, p.linebreak);
  return { bytes: new TextEncoder().encode(csv), flips };
}

// The fields of the file row behind each issue, decoded on demand (a million-row file can have
// a hundred thousand flagged rows; the page asks for the ones it shows) and kept.
function rowValuesOf(result, bytes, cache, ranks) {
  const latin1 = result.csv.encoding === 'latin-1';
  const dec = new TextDecoder(latin1 ? 'latin1' : 'utf-8');
  const { offsets, ends } = result.rowSpans;
  const out = {};
  for (const rank of ranks) {
    const issue = result.issues[rank - 1];
    if (!issue) continue;
    if (!cache.has(rank)) cache.set(rank, parseRow(dec.decode(bytes.subarray(offsets[issue.row], ends[issue.row])), result.csv.delimiter));
    out[rank] = cache.get(rank);
  }
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

// Row values sent with the result: the first pages of the table in rank order.
const ROW_VALUES_SENT = 1000;

async function run({ id, options, teaching }) {
  let bytes = original;
  let flips = null;
  const started = performance.now();
  if (teaching) {
    postMessage({ type: 'progress', id, stage: 'flip', done: 0, total: 1 });
    ({ bytes, flips } = flipped(original, options.label, teaching.percent, teaching.seed));
  }
  await ready;
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
  last = { result, header, cache };
  const first = Array.from({ length: Math.min(ROW_VALUES_SENT, result.issues.length) }, (_, i) => i + 1);
  const rowValues = rowValuesOf(result, bytes, cache, first);
  // What the page draws, as copies it takes over (transferred, not cloned); the row spans, the
  // N x K probabilities and the rest stay here for the downloads.
  const ex = result.examples;
  const examples = {
    labelQuality: ex.labelQuality.slice(), isLabelIssue: ex.isLabelIssue.slice(),
    projection: ex.projection ? { ...ex.projection, data: ex.projection.data.slice() } : null,
  };
  const issues = issueColumns(result);
  const transfer = [issues.row, issues.line, issues.example, issues.given, issues.suggested, issues.quality, issues.probs,
    examples.labelQuality, examples.isLabelIssue, ...(examples.projection ? [examples.projection.data] : [])].map((a) => a.buffer);
  const { rowSpans, ...rest } = result;
  postMessage({
    type: 'result', id, result: { ...rest, examples, issues }, header, rowValues, version,
    workerMs: performance.now() - started,
    teaching: flips ? { ...teaching, flips: [...flips].map(([row, f]) => ({ row, ...f })) } : null,
  }, transfer);
}

// The values of more flagged rows (by rank), for the table's other pages and sort orders.
function rows({ id, ranks }) {
  if (!last) throw new Error('nothing checked yet');
  postMessage({ type: 'rows', id, rowValues: rowValuesOf(last.result, checked, last.cache, ranks) });
}

function download({ id, kind }) {
  if (!last) throw new Error('nothing to download yet');
  const blob = kind === 'annotated'
    ? annotatedBlob(checked, last.result)
    : new Blob([issuesCsv(last.result, last.header, Object.values(rowValuesOf(last.result, checked, last.cache,
      last.result.issues.map((_, i) => i + 1))))], { type: 'text/csv' });
  postMessage({ type: 'download', id, kind, blob });
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'load') {
      original = new Uint8Array(data.buf ?? (await data.blob.arrayBuffer()));
      checked = null;
      last = null;
      postMessage({ type: 'preview', id: data.id, name: data.name, ...preview(original) });
    } else if (data.type === 'run') {
      await run(data);
    } else if (data.type === 'download') {
      download(data);
    } else if (data.type === 'rows') {
      rows(data);
    }
  } catch (e) {
    postMessage({ type: 'error', id: data.id, request: data.type, error: errorOf(e) });
  }
};
