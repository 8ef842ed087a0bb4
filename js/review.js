// Applying a review of the flagged rows to the file: the cleaned copy the page exports and
// `labelcheck apply` writes. Built only from the middle of the pipeline (js/csv.js): the C++
// reader gives every record's byte span and field values, relabelCsv rewrites label cells, and
// a dropped row is cut out along its span. Nothing here splits CSV text; the one byte-level step
// is passing over the line break the reader says ends a dropped record.
import { LabelcheckError } from './errors.js';
import { resolveOptions } from './options.js';
import { toBytes } from './marshal.js';
import { previewCsv, rowValues, relabelCsv } from './csv.js';

/** What a review decides for a row; 'skip' and 'unreviewed' change nothing. */
export const reviewDecisions = Object.freeze(['keep', 'relabel', 'drop', 'skip', 'unreviewed']);

// The columns of the page's review log, in order (web/review-log.js writes them).
const LOG_COLUMNS = ['line', 'row', 'given', 'decision', 'new_label', 'label_quality'];

const bad = (message, extra) => new LabelcheckError('INVALID_ARGUMENT', `applyReview: ${message}`, extra);

// A review log (CSV bytes or text) as decisions, read by the package's own reader.
function readLog(log, o) {
  const bytes = toBytes('applyReview', log);
  const p = previewCsv(bytes, { maxBytes: null, maxRows: 0, rowSpans: true, delimiter: 'auto', onBadRow: 'error' });
  const names = p.columns.map((c) => c.name);
  const at = Object.fromEntries(LOG_COLUMNS.map((c) => [c, names.indexOf(c)]));
  const missing = ['row', 'decision', 'new_label'].filter((c) => at[c] < 0);
  if (missing.length) throw bad(`the review log has no column ${missing.map((c) => `'${c}'`).join(', ')} (a log has ${LOG_COLUMNS.join(',')})`);
  const rows = Array.from({ length: p.rowCount }, (_, i) => i);
  return rowValues(bytes, p, rows).map((f, i) => {
    const row = f[at.row];
    if (!/^\d+$/.test(row ?? '')) throw bad(`review log line ${p.rowSpans.lines[i]}: 'row' must be a 0-based row number; got '${row ?? ''}'`);
    const d = { row: Number(row), decision: f[at.decision], newLabel: f[at.new_label] };
    if (at.given >= 0) d.given = f[at.given];
    return d;
  }).filter((d) => o.keepAll || d.decision !== 'unreviewed');
}

function checkDecisions(list, rowCount) {
  if (!Array.isArray(list)) throw bad('decisions must be an array of {row, decision, newLabel?, given?} or a review log (CSV)');
  const seen = new Set();
  for (const d of list) {
    if (!d || typeof d !== 'object') throw bad('each decision must be an object {row, decision, newLabel?, given?}');
    if (!Number.isInteger(d.row))
      throw bad(`'row' must be a 0-based row number (a whole number); got ${typeof d.row === 'string' ? `'${d.row}' (a string)` : String(d.row)}`);
    if (d.row < 0 || d.row >= rowCount) throw bad(`no data row ${d.row} (the file has ${rowCount})`, { row: d.row });
    if (!reviewDecisions.includes(d.decision))
      throw bad(`row ${d.row}: decision must be one of ${reviewDecisions.join(', ')}; got '${d.decision}'`, { row: d.row });
    if (d.decision === 'relabel' && (typeof d.newLabel !== 'string' || d.newLabel === ''))
      throw bad(`row ${d.row}: a relabel needs a non-empty newLabel`, { row: d.row });
    if (seen.has(d.row)) throw bad(`row ${d.row} is decided twice`, { row: d.row });
    seen.add(d.row);
  }
}

// Whether a label cell holds the label a review gave: the same text, or the same class as the
// reader makes it (cells trimmed of spaces and tabs; numbers compared as numbers, so that a
// review of the class "1" fits the cell "1.0", and "1,5" fits "1.5" where the decimal comma is
// read). The page's log writes the class name, not the cell's bytes.
const ASCII_BLANKS = /^[ \t]+|[ \t]+$/g;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function sameLabel(cell, given, decimalComma) {
  if (cell === given) return true;
  const a = cell.replace(ASCII_BLANKS, '');
  const b = given.replace(ASCII_BLANKS, '');
  if (a === b) return true;
  const number = (t) => {
    const s = decimalComma ? t.replace(',', '.') : t;
    return NUMBER.test(s) ? Number(s) : NaN;
  };
  const x = number(a);
  return Number.isFinite(x) && x === number(b);
}

// The label column: named, else the one column whose cells hold every decision's `given` (the
// log then also proves it belongs to this file), else the package's guess. A named column is
// checked against the givens too: a review of another column must not rewrite this one.
function labelColumn(p, bytes, list, named) {
  const withGiven = list.filter((d) => typeof d.given === 'string');
  const cells = withGiven.length ? rowValues(bytes, p, withGiven.map((d) => d.row)) : [];
  const decimalComma = p.csv.delimiter !== ',';
  const misfit = (c) => withGiven.findIndex((d, i) => !sameLabel(cells[i][c] ?? '', d.given, decimalComma));
  if (named !== null) {
    const i = typeof named === 'number' ? named : p.columns.findIndex((c) => c.name === named);
    if (!(i >= 0 && i < p.columns.length)) throw new LabelcheckError('COLUMN_NOT_FOUND', `applyReview: the file has no column ${typeof named === 'number' ? `#${named}` : `'${named}'`}`);
    const k = misfit(i);
    if (k >= 0) {
      const d = withGiven[k];
      throw bad(`row ${d.row}: the review gives its label as '${d.given}' but column '${p.columns[i].name}' holds '${cells[k][i] ?? ''}': the review does not fit this column (another column, another file, or the file changed since the review?)`, { row: d.row });
    }
    return i;
  }
  if (withGiven.length === 0) {
    if (p.guess.label < 0) throw bad("no column looks like the label: name it (option 'label')");
    return p.guess.label;
  }
  const fits = p.columns.map((c) => c.index).filter((c) => misfit(c) < 0);
  if (fits.length === 0)
    throw bad("the review does not fit this file: no column holds every row's given label (another file, or the file changed since the review?)");
  return fits.includes(p.guess.label) ? p.guess.label : fits[0];
}

/**
 * The file after a review: relabelled rows get their new label (quoted when needed), dropped rows
 * are removed with their line break, and every other byte is kept (BOM, quoting, CRLF, blank
 * lines). `decisions`: [{row, decision, newLabel?, given?}] (0-based data rows; decision keep,
 * relabel, drop, skip or unreviewed), or the page's review log as CSV bytes or text (columns
 * line,row,given,decision,new_label,label_quality). Shape: index.d.ts applyReview.
 */
export function applyReview(input, decisions, options) {
  const fn = 'applyReview';
  const o = resolveOptions(fn, options);
  const bytes = toBytes(fn, input);
  const isLog = typeof decisions === 'string' || decisions instanceof Uint8Array || decisions instanceof ArrayBuffer;
  const list = isLog ? readLog(decisions, {}) : decisions;
  const p = previewCsv(bytes, { maxBytes: null, maxRows: 0, rowSpans: true, delimiter: o.delimiter, onBadRow: o.onBadRow });
  checkDecisions(list, p.rowCount);
  const skipped = new Set(p.csv.skippedRows.map((s) => s.row));
  for (const d of list) if (skipped.has(d.row) && d.decision !== 'keep' && d.decision !== 'skip') throw bad(`row ${d.row} is a malformed record that was skipped`, { row: d.row });
  const column = labelColumn(p, bytes, list, o.label);
  const relabels = list.filter((d) => d.decision === 'relabel').map((d) => ({ row: d.row, label: d.newLabel }));
  const drops = list.filter((d) => d.decision === 'drop').map((d) => d.row).sort((a, b) => a - b);
  if (drops.length === 0) return relabels.length ? relabelCsv(bytes, p, relabels, { column }) : bytes.slice();
  // The drops first, then the relabels at the kept rows' moved spans: the file is read once.
  const cut = cutRows(bytes, p.rowSpans, drops);
  const layout = { csv: { ...p.csv, bytes: cut.bytes.length }, rowSpans: cut.spans };
  return relabels.length ? relabelCsv(cut.bytes, layout, relabels, { column }) : cut.bytes;
}

// The bytes without the records `rows` (sorted): each from its first byte through its line
// break (\r\n, \n or \r, as the reader ended it). A last record without a line break leaves the
// line break before it in place: nothing else moves. Also every row's span in the new bytes,
// numbered as before (a removed row: an empty span where it was), for relabelCsv.
function cutRows(bytes, spans, rows) {
  const offsets = new Float64Array(spans.offsets.length);
  const ends = new Float64Array(spans.ends.length);
  const parts = [];
  let from = 0;
  let size = 0;
  let removed = 0;  // bytes cut before the row at hand
  let next = 0;     // the next row whose span is not yet moved
  const moveUpTo = (end) => {
    for (; next < end; next++) { offsets[next] = spans.offsets[next] - removed; ends[next] = spans.ends[next] - removed; }
  };
  for (const r of rows) {
    const start = spans.offsets[r];
    let end = spans.ends[r];
    if (bytes[end] === 13 && bytes[end + 1] === 10) end += 2;
    else if (bytes[end] === 10 || bytes[end] === 13) end += 1;
    moveUpTo(r);
    offsets[r] = ends[r] = start - removed;
    next = r + 1;
    parts.push(bytes.subarray(from, start));
    size += start - from;
    removed += end - start;
    from = end;
  }
  moveUpTo(spans.offsets.length);
  parts.push(bytes.subarray(from));
  size += bytes.length - from;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return { bytes: out, spans: { offsets, ends } };
}
