// The middle of the pipeline, for the page and the CLI (bindings/bind_csv.cpp): a first look at
// a CSV (typed columns with reasons, the first rows as text, the label-column guess), the field
// values of chosen rows, and byte-exact rewrites (the annotated copy, changed label cells). The
// C++ reader does all parsing: nothing here splits CSV text.
import { LabelcheckError } from './errors.js';
import { resolveOptions } from './options.js';
import { withCore } from './instance.js';
import { toBytes } from './marshal.js';

/**
 * Reads the start of a CSV (the first `maxBytes`, 1 MiB by default; all of it with
 * `maxBytes: null`) and returns its typed columns, the first `maxRows` rows as text, the
 * label-column guess with its reasons (the rule checkLabels uses when no label is named), and
 * warnings. When only a prefix is read (or `partial: true`: the caller passes the start of a
 * longer file) the last, possibly cut, record is left out. Shape: index.d.ts CsvPreview.
 */
export function previewCsv(input, options) {
  const fn = 'previewCsv';
  const o = resolveOptions(fn, options);
  if (o.maxRows < 0) throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'maxRows' must be >= 0; got ${o.maxRows}`);
  if (o.maxBytes !== null && o.maxBytes < 1)
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'maxBytes' must be >= 1 or null; got ${o.maxBytes}`);
  const all = toBytes(fn, input);
  // A first record longer than maxBytes (a huge cell, 100,000 columns) leaves no whole row in
  // the prefix: read four times as much, and so on, rather than call the file empty.
  let limit = o.maxBytes, cut, bytes, partial, r;
  for (;;) {
    cut = limit !== null && all.length > limit;
    bytes = cut ? all.subarray(0, limit) : all;
    partial = o.partial || cut;
    try {
      r = withCore(fn, (copy, m) => m._previewCsv(copy(bytes), bytes.length,
        { delimiter: o.delimiter, onBadRow: o.onBadRow, maxRows: o.maxRows, partial, rowSpans: o.rowSpans }));
    } catch (e) {
      if (cut && e.code === 'CSV_EMPTY') { limit *= 4; continue; }
      throw e;
    }
    if (cut && r.rowCount === 0) { limit *= 4; continue; }
    break;
  }
  return {
    columns: r.columns,
    rows: r.rows,
    rowCount: r.rowCount,
    complete: !partial,
    bytesRead: bytes.length,
    csv: r.csv,
    rowSpans: r.rowSpans,
    guess: r.guess,
    warnings: r.warnings,
  };
}

// `v` as a `Type` typed array: as it is, or from an array of numbers (a result read back from
// JSON, as the CLI's --json writes it: typed arrays become arrays there); else null.
function typed(Type, v) {
  if (v instanceof Type) return v;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' || typeof x === 'boolean')) return null;
  return Type.from(v, Number);
}

// {csv, offsets, ends} of a checkLabels result or a preview read with rowSpans: true (either
// as returned, or read back from JSON).
function layoutOf(fn, source) {
  const spans = source?.rowSpans;
  const offsets = typed(Float64Array, spans?.offsets), ends = typed(Float64Array, spans?.ends);
  if (!source || typeof source !== 'object' || !source.csv || !offsets || !ends || offsets.length !== ends.length)
    throw new LabelcheckError('INVALID_ARGUMENT',
      `${fn}: the second argument must be a checkLabels result or a previewCsv result read with { rowSpans: true }`);
  return { csv: source.csv, offsets, ends };
}

/**
 * The field values (strings, unquoted, UTF-8) of the data rows `rows` (0-based, as
 * `issue.row`) of the bytes a checkLabels result (or a previewCsv with rowSpans) was made from.
 */
export function rowValues(input, source, rows) {
  const fn = 'rowValues';
  const bytes = toBytes(fn, input);
  const l = layoutOf(fn, source);
  if (!Array.isArray(rows) && !ArrayBuffer.isView(rows))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: rows must be an array of 0-based data rows`);
  const n = rows.length;
  const offsets = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= l.offsets.length)
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: no data row ${r} (the file has ${l.offsets.length})`, { row: Number.isInteger(r) ? r : undefined });
    offsets[i] = l.offsets[r];
    ends[i] = l.ends[r];
  }
  return withCore(fn, (copy, m) => m._rowValues(copy(bytes), bytes.length, l.csv, copy(offsets), copy(ends), n)).rows;
}

/**
 * The checked bytes with three columns appended, every original byte kept (BOM, quoting, line
 * breaks, blank lines, encoding): `is_label_issue` (true/false), `label_quality` (the shortest
 * decimal that reads back as the exact double, as JavaScript's String(x) writes it) and
 * `suggested_label` (the most probable class). Rows without a label and skipped records get
 * empty cells. `result` must come from checkLabels on these bytes (else INVALID_ARGUMENT).
 */
export function annotateCsv(input, result) {
  const fn = 'annotateCsv';
  const bytes = toBytes(fn, input);
  const l = layoutOf(fn, result);
  const ex = result.examples;
  const sourceRows = typed(Int32Array, ex?.sourceRows), isLabelIssue = typed(Uint8Array, ex?.isLabelIssue);
  const labelQuality = typed(Float64Array, ex?.labelQuality), probs = typed(Float64Array, ex?.predProbs?.data);
  const K = ex?.predProbs?.cols;
  if (!sourceRows || !isLabelIssue || !labelQuality || !probs || !Number.isInteger(K) || !Array.isArray(result.classNames))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: the second argument must be a checkLabels result`);
  const N = sourceRows.length;
  if (isLabelIssue.length !== N || labelQuality.length !== N || probs.length !== N * K)
    throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: the result's example arrays differ in length`);
  return withCore(fn, (copy, m) => m._annotateCsv(copy(bytes), bytes.length, l.csv, copy(l.offsets), copy(l.ends),
    l.offsets.length, copy(sourceRows), copy(isLabelIssue), copy(labelQuality), copy(probs), N, K,
    result.classNames)).bytes;
}

/**
 * The bytes with the cell of one column replaced in some rows (teaching mode's flipped labels;
 * every other byte kept). `changes`: [{row, label}] (0-based data rows, new cell text, quoted
 * when needed). `source`: a checkLabels result (the column defaults to its label column) or a
 * previewCsv result read with rowSpans: true.
 */
export function relabelCsv(input, source, changes, options) {
  const fn = 'relabelCsv';
  const o = resolveOptions(fn, options);
  const bytes = toBytes(fn, input);
  const l = layoutOf(fn, source);
  const column = o.column ?? source.labelColumn?.index;
  if (!Number.isInteger(column))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: say which column to change (option 'column')`);
  if (!Array.isArray(changes))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: changes must be an array of {row, label}`);
  return withCore(fn, (copy, m) => m._relabelCsv(copy(bytes), bytes.length, l.csv, copy(l.offsets), copy(l.ends),
    l.offsets.length, column, changes)).bytes;
}
