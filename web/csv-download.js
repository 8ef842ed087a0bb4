// The issues download, built in the worker from package data (the checkLabels result and the
// flagged rows' values from rowValues): the flagged rows, ranked, with the row's own values.
// The annotated copy of the file is the package's annotateCsv; nothing here reads CSV.

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
