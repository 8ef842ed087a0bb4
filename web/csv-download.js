// The two downloads, built in the worker from the checkLabels result:
//   issuesBlob:    the flagged rows, ranked, with the row's own values
//   annotatedBlob: the original file, byte for byte, plus three columns per row
//                  (is_label_issue, label_quality, suggested_label), spliced in with the
//                  result's rowSpans; every byte between rows (line breaks, blank lines) is kept.
import { formatField } from './csv.js';

export const ADDED_COLUMNS = ['is_label_issue', 'label_quality', 'suggested_label'];

/** Text to bytes in the file's own encoding (UTF-8, or Latin-1 with '?' for what it lacks). */
export function encoder(encoding) {
  if (encoding !== 'latin-1') {
    const te = new TextEncoder();
    return (s) => te.encode(s);
  }
  return (s) => {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[i] = c < 256 ? c : 0x3f;
    }
    return out;
  };
}

/** The suggested (most probable) class of every example. */
export function suggestedClasses(predProbs) {
  const { data, rows, cols } = predProbs;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < cols; k++) if (data[i * cols + k] > data[i * cols + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Offset of the line break that ends the header row (quotes respected), or bytes.length. */
function headerEnd(bytes, limit) {
  let q = false;
  for (let i = 0; i < limit; i++) {
    const b = bytes[i];
    if (b === 0x22) q = !q;
    else if (!q && (b === 0x0a || b === 0x0d)) return i;
  }
  return limit;
}

export function formatQuality(x) {
  return Number.isFinite(x) ? x.toFixed(6) : '';
}

/**
 * The original bytes with the added columns. `bytes`: the Uint8Array that was checked.
 * Rows the check did not use (excluded rows) get empty added cells.
 */
export function annotatedBlob(bytes, result) {
  const d = result.csv.delimiter;
  const enc = encoder(result.csv.encoding);
  const { offsets, ends } = result.rowSpans;
  const ex = result.examples;
  const exampleOfRow = new Int32Array(result.rowCount).fill(-1);
  for (let e = 0; e < ex.sourceRows.length; e++) exampleOfRow[ex.sourceRows[e]] = e;
  const suggested = suggestedClasses(ex.predProbs);
  const cells = result.classNames.map((c) => formatField(c, d));

  const blobs = [];
  let parts = [];
  const flush = () => { if (parts.length) { blobs.push(new Blob(parts)); parts = []; } };
  const rowCount = offsets.length;
  const firstRow = rowCount ? offsets[0] : bytes.length;
  const he = headerEnd(bytes, firstRow);
  parts.push(bytes.subarray(0, he), enc(d + ADDED_COLUMNS.join(d)), bytes.subarray(he, firstRow));
  for (let r = 0; r < rowCount; r++) {
    const e = exampleOfRow[r];
    const added = e < 0 ? d + d
      : `${ex.isLabelIssue[e] ? 'true' : 'false'}${d}${formatQuality(ex.labelQuality[e])}${d}${cells[suggested[e]]}`;
    const next = r + 1 < rowCount ? offsets[r + 1] : bytes.length;
    parts.push(bytes.subarray(offsets[r], ends[r]), enc(d + added), bytes.subarray(ends[r], next));
    if (parts.length >= 30000) flush();
  }
  flush();
  return new Blob(blobs, { type: 'text/csv' });
}

/**
 * The flagged rows, ranked: rank, line, row (0-based data row), labels, scores, then the row's
 * own values under the file's column names. `rowValues[i]` holds the fields of issue i.
 */
export function issuesCsv(result, header, rowValues) {
  const d = ',';
  const head = ['rank', 'line', 'row', 'given_label', 'suggested_label', 'label_quality',
    'given_label_probability', 'suggested_label_probability', ...header];
  const lines = [head.map((f) => formatField(f, d)).join(d)];
  result.issues.forEach((issue, i) => {
    const fields = [i + 1, issue.line, issue.row, issue.givenLabel, issue.suggestedLabel,
      formatQuality(issue.labelQuality), formatQuality(issue.givenLabelProbability),
      formatQuality(issue.suggestedLabelProbability), ...(rowValues[i] ?? [])];
    lines.push(fields.map((f) => formatField(f, d)).join(d));
  });
  return lines.join('\n') + '\n';
}
