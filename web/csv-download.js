// The issues and audit downloads, built in the worker from package data (the checkLabels result
// and the rows' values from rowValues): the flagged rows, ranked, with the row's own values.
// The annotated copy of the file is the package's annotateCsv; nothing here reads CSV.

/**
 * The text of a download made from the file's values, with a UTF-8 byte-order mark when the
 * file came as Latin-1 or with a mark of its own: a spreadsheet that opened the file as it was
 * reads a CSV without the mark in the system's code page, and "Café" would come back as "CafÃ©".
 * `csv`: the reader's {encoding, bomStripped} of the checked file.
 */
export function downloadText(text, csv) {
  return csv && (csv.encoding === 'latin-1' || csv.bomStripped) ? `\ufeff${text}` : text;
}

/** One field, quoted when it holds the delimiter, a quote or a line break. */
export function formatField(value, delimiter = ',') {
  const s = String(value);
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

// The package's one number format (annotateCsv's label_quality): the shortest decimal that
// reads back as the same double, as String(x) writes it; empty when not a number.
export function formatNumber(x) {
  return Number.isFinite(x) ? String(x) : '';
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
      formatNumber(issue.labelQuality), formatNumber(issue.givenLabelProbability),
      formatNumber(issue.suggestedLabelProbability), ...(rowValues[i] ?? [])];
    lines.push(fields.map((f) => formatField(f, d)).join(d));
  });
  return lines.join('\n') + '\n';
}

/**
 * What the data audit flagged, one line per row and check: check (outlier, near_duplicate,
 * exact_duplicate: a row of a near-duplicate set that has an exact copy, empty_row,
 * order_effect, knn_label_issue: most of the row's nearest rows have another label), set (the
 * duplicate set's number, from 1; empty otherwise), row (0-based data row), line (the file's
 * line), score (the check's score for the row; for knn_label_issue the share of its nearest
 * rows with its label; empty for sets and empty rows), then the row's own values.
 * `sourceRows`: result.examples.sourceRows; `lineOf`: result.rowSpans.lines. `values[row]`
 * holds the fields of each listed row.
 */
export function auditCsv(audit, sourceRows, lineOf, header, values) {
  const d = ',';
  // Scores are per example; rows are file rows (examples.sourceRows maps one to the other).
  const exampleOf = new Map(Array.from(sourceRows, (row, e) => [row, e]));
  const score = (scores, row) => formatNumber(scores[exampleOf.get(row)]);
  const lines = [['check', 'set', 'row', 'line', 'score', ...header].map((f) => formatField(f, d)).join(d)];
  const line = (check, set, row, score) =>
    lines.push([check, set, row, lineOf[row], score, ...(values[row] ?? [])].map((f) => formatField(f, d)).join(d));
  for (const o of audit.outliers) line('outlier', '', o.row, formatNumber(o.score));
  const copied = new Set(audit.exactDuplicateSets.flat());  // rows with an exact copy
  audit.nearDuplicateSets.forEach((set, s) => {
    for (const row of set) line(copied.has(row) ? 'exact_duplicate' : 'near_duplicate', s + 1, row, score(audit.scores.nearDuplicate, row));
  });
  for (const row of audit.emptyRows) line('empty_row', '', row, '');
  for (const row of audit.nonIid.rows) line('order_effect', '', row, score(audit.scores.nonIid, row));
  for (const i of audit.knnLabelIssues) line('knn_label_issue', '', i.row, formatNumber(i.labelQuality));
  return lines.join('\n') + '\n';
}
