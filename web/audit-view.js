// The data audit on the page (result.audit, js/index.d.ts DataAudit): one card per check with its
// count and a sentence of what it means, then a table per check that found something, with the
// rows' own values (duplicate sets side by side, one table per set). Row values come from the
// worker (the package's rowValues), asked for only for the rows shown. Text from the file goes
// in through textContent only (render.js el()).
import { el, clear, pct, int, plural } from './render.js';

// At most this many rows or sets per table: the audit of a big file can flag thousands, and
// the page shows the most telling ones (outliers most unusual first; sets by first row).
export const SHOWN = 25;

/**
 * The cards: [{key, title, count, flagged, text}] for an audit of `n` rows (pure: tested through
 * the page, and readable without a DOM).
 */
export function auditCards(audit, n) {
  if (audit.graph.skipped) return auditCardsWithoutGraph(audit);
  const copies = audit.exactDuplicateSets.reduce((s, set) => s + set.length, 0);
  const near = audit.nearDuplicateSets.reduce((s, set) => s + set.length, 0);
  const ci = audit.classImbalance;
  const ni = audit.nonIid;
  return [
    { key: 'outliers', title: 'Outliers', count: audit.outliers.length, flagged: audit.outliers.length > 0,
      text: `${plural(audit.outliers.length, 'row')} far from every other row (mean distance to the ${audit.graph.k} nearest above ` +
        `${audit.outlierThreshold.toPrecision(3)}, the usual range's upper fence): unusual cases, or errors of entry or unit.` },
    { key: 'near-duplicates', title: 'Near-duplicates', count: audit.nearDuplicateSets.length, flagged: audit.nearDuplicateSets.length > 0,
      text: `${plural(audit.nearDuplicateSets.length, 'set')} of rows nearly equal to each other (${plural(near, 'row')}), ` +
        `${plural(audit.exactDuplicateSets.length, 'set')} of exact copies (${plural(copies, 'row')}): copies inflate a class and can leak between training and test data.` },
    { key: 'class-imbalance', title: 'Class imbalance', count: ci.flagged ? 1 : 0, flagged: ci.flagged,
      text: `The rarest class, ${JSON.stringify(ci.className)}, has ${plural(ci.count, 'row')} (${pct(ci.share)}); ` +
        (ci.flagged ? `below ${pct(ci.threshold, 2)} (0.1 / the number of classes): models will tend to ignore it.` : `not below ${pct(ci.threshold, 2)}: no class is too rare.`) },
    // The effect is the file's; its count is the rows listed where it is strongest.
    { key: 'non-iid', title: 'Order effects', count: ni.flagged ? ni.rows.length : 0, flagged: ni.flagged,
      text: ni.flagged
        ? `Rows near each other in the file are alike more often than chance allows (p = ${ni.pValue.toPrecision(2)}): the file is sorted or was collected in batches; shuffle before splitting it. ` +
          `The ${plural(ni.rows.length, 'row')} where it is strongest are listed below.`
        : `No sign that the row order matters (p = ${ni.pValue.toPrecision(2)} against ${ni.permutations} shuffled orders).` },
    { key: 'empty-rows', title: 'Empty rows', count: audit.emptyRows.length, flagged: audit.emptyRows.length > 0,
      text: `${plural(audit.emptyRows.length, 'row')} with every feature cell missing; ` +
        `${plural(audit.missingByColumn.filter((c) => c.missing > 0).length, 'column')} with missing cells.` },
    { key: 'knn-labels', title: 'Neighbours disagree', count: audit.knnLabelIssues.length, flagged: audit.knnLabelIssues.length > 0,
      text: `${plural(audit.knnLabelIssues.length, 'row')} whose label most of its ${audit.graph.k} nearest rows do not share ` +
        `(no model involved: a fast second opinion on the labels, out of ${int(n)} rows).` },
  ];
}

// Without the neighbour graph: exact copies, class imbalance and empty rows only.
function auditCardsWithoutGraph(audit) {
  const copies = audit.exactDuplicateSets.reduce((s, set) => s + set.length, 0);
  const all = auditCards({ ...audit, graph: { ...audit.graph, skipped: false } }, 0);
  const keep = new Set(['class-imbalance', 'empty-rows']);
  return [
    { key: 'near-duplicates', title: 'Exact copies', count: audit.exactDuplicateSets.length, flagged: audit.exactDuplicateSets.length > 0,
      text: `${plural(audit.exactDuplicateSets.length, 'set')} of rows equal in every feature (${plural(copies, 'row')}); near-duplicates were not looked for.` },
    ...all.filter((c) => keep.has(c.key)),
  ];
}

// The rows each table needs values for, in a list for one request to the worker.
export function rowsToShow(audit) {
  const rows = new Set();
  for (const o of audit.outliers.slice(0, SHOWN)) rows.add(o.row);
  for (const set of audit.nearDuplicateSets.slice(0, SHOWN)) for (const r of set) rows.add(r);
  for (const r of audit.emptyRows.slice(0, SHOWN)) rows.add(r);
  for (const r of audit.nonIid.rows) rows.add(r);
  for (const i of audit.knnLabelIssues.slice(0, SHOWN)) rows.add(i.row);
  return [...rows].sort((a, b) => a - b);
}

function rowsTable(caption, header, extraHeads, rows) {
  // The table's name is its caption (read with it); the scroll box around it is named by the section.
  return el('table', { className: 'grid audit-rows' },
    el('caption', { text: caption }),
    // row: the 0-based data row (the API's and the download's); line: the file's line, as in the
    // results table, so that a row is found in the file by either.
    el('thead', {}, el('tr', {}, el('th', { text: 'row', attrs: { scope: 'col' } }), el('th', { text: 'line', attrs: { scope: 'col' } }),
      ...extraHeads.map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
      ...header.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...rows.map(({ row, line, extra, values }) => el('tr', { dataset: { row } },
      el('td', { text: row }), el('td', { text: line }), ...extra.map((x) => el('td', { text: x })),
      // Long cells (text) cut to one line by the style sheet; the whole value in the tooltip.
      ...header.map((_, j) => el('td', { className: 'cell', text: values?.[j] ?? '', attrs: { title: values?.[j] ?? '' } }))))));
}

const more = (shown, total, what) => (total > shown ? el('p', { className: 'hint', text: `The first ${shown} of ${int(total)} ${what}; the download has them all.` }) : null);

/**
 * Fills `section` with the cards and tables. `values`: row -> field values, `lines`: row -> the
 * file's line (rowsToShow's rows); `labelIndex`: the label column (sets whose labels differ say so).
 */
export function renderAudit(section, audit, { header, rowCount, values, lines, labelIndex = -1 }) {
  clear(section);
  if (!audit) { section.hidden = true; return; }
  const cards = auditCards(audit, rowCount);
  const g = audit.graph;
  section.append(
    el('h3', { attrs: { id: 'audit-h' }, text: 'Data audit' }),
    el('p', { className: g.skipped ? 'warning' : 'hint', text: g.skipped
      ? `This file is too large for the neighbour checks within the time budget (about ${Math.round(g.estimatedSeconds)} s more): ` +
        'only exact copies, class imbalance and empty rows were checked. The command line runs them all with --budget none.'
      : `Beyond the labels: checks on the rows themselves, from one graph of each row's ${g.k} nearest rows ` +
        `(${g.metric} distance on the encoded features; ${g.exact ? 'exact search' : `approximate search, ${pct(g.recall)} of true neighbours found on ${g.recallRows} sampled rows`}).` }),
    el('ul', { className: 'audit-cards' }, ...cards.map((c) => el('li', { className: `audit-card${c.flagged ? ' flagged' : ''}`, dataset: { key: c.key, count: c.count } },
      el('h4', {}, el('span', { className: 'audit-count', text: int(c.count) }), ' ', c.title),
      el('p', { text: c.text })))),
  );
  const v = (row) => values.get(row) ?? null;
  const l = (row) => lines?.get(row) ?? '';
  if (audit.outliers.length) {
    const shown = audit.outliers.slice(0, SHOWN);
    section.append(el('section', { className: 'audit-table', dataset: { key: 'outliers' } },
      rowsTable(`Outliers, most unusual first (score = exp(−mean distance / its median): lower = more unusual; ` +
        `a row is an outlier when its mean distance is above ${audit.outlierThreshold.toPrecision(3)})`, header, ['score'],
        shown.map((o) => ({ row: o.row, extra: [o.score.toPrecision(3)], line: l(o.row), values: v(o.row) }))),
      more(shown.length, audit.outliers.length, 'outliers')));
  }
  if (audit.nearDuplicateSets.length) {
    // The exact copies within each set, named in its caption ("exact copies: rows 7 = 150").
    const copiesIn = (set) => audit.exactDuplicateSets.filter((c) => set.includes(c[0]));
    // Labels that differ within a set: one of them is likely wrong, and the deduplicated
    // download keeps the first row's.
    const labelsIn = (set) => (labelIndex >= 0 ? [...new Set(set.map((row) => v(row)?.[labelIndex]).filter((x) => x !== undefined))] : []);
    const caption = (set, s) => {
      const copies = copiesIn(set);
      const labels = labelsIn(set);
      return `Set ${s + 1}: ${set.length} rows${copies.length ? `; exact copies: ${copies.map((c) => `rows ${c.join(' = ')}`).join(', ')}` : ''}` +
        (labels.length > 1 ? `; labels differ (${labels.map((x) => JSON.stringify(x)).join(', ')}): the file with one row per set keeps row ${set[0]}’s` : '');
    };
    const shown = audit.nearDuplicateSets.slice(0, SHOWN);
    section.append(el('section', { className: 'audit-table', dataset: { key: 'near-duplicates' } },
      el('h4', { text: 'Near-duplicate sets, side by side' }),
      ...shown.map((set, s) => rowsTable(caption(set, s), header, [], set.map((row) => ({ row, extra: [], line: l(row), values: v(row) })))),
      more(shown.length, audit.nearDuplicateSets.length, 'sets')));
  }
  if (audit.emptyRows.length) {
    const shown = audit.emptyRows.slice(0, SHOWN);
    section.append(el('section', { className: 'audit-table', dataset: { key: 'empty-rows' } },
      rowsTable('Rows with every feature cell missing', header, [], shown.map((row) => ({ row, extra: [], line: l(row), values: v(row) }))),
      more(shown.length, audit.emptyRows.length, 'empty rows')));
  }
  if (audit.nonIid.flagged && audit.nonIid.rows.length) {
    section.append(el('section', { className: 'audit-table', dataset: { key: 'non-iid' } },
      rowsTable('Where the order effect is strongest (rows whose nearest rows are also near them in the file)', header, [],
        audit.nonIid.rows.map((row) => ({ row, extra: [], line: l(row), values: v(row) })))));
  }
  if (audit.knnLabelIssues.length) {
    const shown = audit.knnLabelIssues.slice(0, SHOWN);
    section.append(el('section', { className: 'audit-table', dataset: { key: 'knn-labels' } },
      rowsTable(`Rows whose nearest rows mostly have another label, least agreement first (share: of the ${audit.graph.k} nearest rows, those with the row's own label)`,
        header, ['given', 'nearest rows say', 'share'],
        shown.map((i) => ({ row: i.row, extra: [i.givenLabel, i.suggestedLabel, pct(i.labelQuality)], line: l(i.row), values: v(i.row) }))),
      more(shown.length, audit.knnLabelIssues.length, 'rows')));
  }
  const missing = audit.missingByColumn.filter((c) => c.missing > 0);
  if (missing.length) {
    section.append(el('section', { className: 'audit-table', dataset: { key: 'missing' } },
      el('table', { className: 'grid' }, el('caption', { text: 'Missing cells per feature column' }),
        el('thead', {}, el('tr', {}, el('th', { text: 'column', attrs: { scope: 'col' } }), el('th', { text: 'missing', attrs: { scope: 'col' } }))),
        el('tbody', {}, ...missing.map((c) => el('tr', {}, el('td', { text: c.name }), el('td', { text: `${int(c.missing)} (${pct(c.missing / rowCount)})` })))))));
  }
  // Each table's box scrolls (and so takes the focus): it is named for a screen reader.
  const titles = { ...Object.fromEntries(cards.map((c) => [c.key, c.title])), missing: 'Missing cells per column' };
  for (const box of section.querySelectorAll('section.audit-table')) box.setAttribute('aria-label', titles[box.dataset.key] ?? box.dataset.key);
  section.hidden = false;
}
