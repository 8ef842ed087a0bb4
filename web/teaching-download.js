// Teaching mode's annotated download: the flipped file as the package annotates it, plus an
// `original_label` column holding each row's label before the flips, so that the file says
// what was changed and can be scored without the page. The positions come from the package's
// reader (previewCsv rowSpans: the end of the header and of every record, line break excluded);
// the cells are written with the issues CSV's quoting rule. Runs in the worker.
import { previewCsv, rowValues } from './lib/index.js';
import { formatField } from './csv-download.js';

/**
 * @param {Uint8Array} annotated annotateCsv's output for the flipped bytes
 * @param {number} labelIndex the label column
 * @param {Map<number, {from: string, to: string}>} flips by data row
 * @param {'error' | 'skip'} onBadRow as the check read the file
 */
export function withOriginalLabels(annotated, labelIndex, flips, onBadRow) {
  const p = previewCsv(annotated, { maxBytes: null, maxRows: 0, rowSpans: true, onBadRow });
  const d = p.csv.delimiter;
  const skipped = new Set(p.csv.skippedRows.map((s) => s.row));
  const rows = Array.from({ length: p.rowCount }, (_, r) => r).filter((r) => !skipped.has(r));
  const labels = new Map(rowValues(annotated, p, rows).map((f, i) => [rows[i], f[labelIndex] ?? '']));
  const enc = new TextEncoder();
  // [position, text] in file order: the header's new name, then one cell per record.
  const inserts = [[p.csv.headerEnd, `${d}original_label`]];
  for (let r = 0; r < p.rowCount; r++) {
    const original = flips.get(r)?.from ?? labels.get(r) ?? '';
    inserts.push([p.rowSpans.ends[r], `${d}${formatField(original, d)}`]);
  }
  const parts = [];
  let from = 0;
  for (const [at, text] of inserts) {
    parts.push(annotated.subarray(from, at), enc.encode(text));
    from = at;
  }
  parts.push(annotated.subarray(from));
  return new Blob(parts, { type: 'text/csv' });
}
