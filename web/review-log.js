// The review log the page downloads and `labelcheck apply --review` (the package's applyReview)
// reads back: one line per flagged row, in rank order, with what was decided.
// Columns: line, row (0-based data row), given, decision (keep, relabel, drop, skip or
// unreviewed), new_label (relabels only), label_quality (full precision, as every file the
// page writes).
import { formatField, formatNumber } from './csv-download.js';

export const LOG_COLUMNS = ['line', 'row', 'given', 'decision', 'new_label', 'label_quality'];

/** @param {{line, row, given, labelQuality, decision?: {decision, newLabel?}}[]} entries in rank order */
export function reviewLogCsv(entries) {
  const lines = [LOG_COLUMNS.join(',')];
  for (const e of entries) {
    const d = e.decision;
    lines.push([e.line, e.row, e.given, d?.decision ?? 'unreviewed', d?.decision === 'relabel' ? d.newLabel : '',
      formatNumber(e.labelQuality)].map((f) => formatField(f)).join(','));
  }
  return lines.join('\n') + '\n';
}

/** The decisions applyReview takes, from the stored ones ({[row]: {decision, newLabel}}) and the rows' given labels. */
export function reviewDecisions(entries) {
  return entries.filter((e) => e.decision).map((e) => ({
    row: e.row, decision: e.decision.decision, given: e.given,
    ...(e.decision.decision === 'relabel' ? { newLabel: e.decision.newLabel } : {}),
  }));
}
