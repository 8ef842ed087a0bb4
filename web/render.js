// DOM building for the page. Every piece of text from the file goes in through textContent
// (el() children and `text`), never as HTML; attributes are set one by one and never `style`
// or `on*` (the Content-Security-Policy forbids inline styles and scripts anyway).
import { probabilityBars } from './charts.js';
import { sig3 } from './format.js';

/** el('td', {className, text, attrs: {...}, dataset: {...}}, ...children) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = String(props.text);
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'style' || k.startsWith('on')) throw new Error(`render: attribute '${k}' is not allowed`);
    node.setAttribute(k, v === true ? '' : String(v));
  }
  Object.assign(node.dataset, props.dataset ?? {});
  append(node, children);
  return node;
}

/** The package's sentences start in lower case (the CLI prints them after "note: "). */
export const capitalised = (w) => w.charAt(0).toUpperCase() + w.slice(1);

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** "1 row", "2,000 rows": a count with its noun. */
export const plural = (n, one, many = `${one}s`) => `${int(n)} ${n === 1 ? one : many}`;
export const pct = (x, digits = 1) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '–');
export const num = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const KIND_TEXT = { numeric: 'number', categorical: 'category', text: 'text', identifier: 'identifier' };
/** A column kind as the page words it everywhere (the preview, the label list, the feature list). */
export const kindText = (kind) => KIND_TEXT[kind] ?? kind;

/** The first rows of the file, with each column's detected type under its name. */
export function renderPreview(table, p) {
  clear(table);
  table.append(el('caption', { className: 'visually-hidden', text: `First ${p.rows.length} rows of the file` }));
  const head = el('tr', {}, p.columns.map((c) =>
    el('th', { attrs: { scope: 'col' } }, el('span', { className: 'col-name', text: c.name }),
      el('span', { className: `kind kind-${c.kind}`, text: kindText(c.kind) }))));
  const body = p.rows.map((r) => el('tr', {}, p.columns.map((c) => el('td', { text: r[c.index] ?? '' }))));
  table.append(el('thead', {}, head), el('tbody', {}, body));
}

/** Summary numbers as a definition list. */
export function renderSummary(dl, result, elapsedMs) {
  const s = result.summary;
  const best = s.models?.find((m) => m.name === s.model) ?? s.models?.[0];
  const modelText = s.model === 'given' ? 'probabilities given in the file'
    : `${s.model}${s.folds ? `, ${s.folds}-fold cross-validation` : ''}${s.repeats > 1 ? ` × ${s.repeats} repeats` : ''}`;
  // What these results belong to: the label column, the mode and the model (a summary that does
  // not say so is easily taken for the results of the settings shown above it).
  const features = (result.columns ?? []).filter((c) => c.use === 'feature').length;
  const items = [
    ['Label column', result.labelColumn?.name ?? '–', 'label-column'],
    ['Mode', result.mode === 'probabilities' ? `probabilities given in ${result.probabilityColumns.length} columns`
      : `models trained on ${features} feature column${features === 1 ? '' : 's'}`, 'mode'],
    ['Rows checked', int(s.rowsChecked), 'rows-checked'],
    ['Rows flagged', int(s.rowsFlagged), 'rows-flagged'],
    ['Estimated share mislabeled', pct(s.estimatedNoiseRate), 'noise-rate'],
    ['Label health score', `${num(s.overallLabelHealthScore, 3)} (1 = no issues found)`, 'health'],
    ['Model', modelText, 'model'],
    [s.model === 'given' ? 'Accuracy of the given probabilities' : 'Cross-validated accuracy', pct(s.cvAccuracy), 'cv-accuracy'],
    ['Time', formatMs(elapsedMs), 'time'],
  ];
  clear(dl);
  for (const [k, v, key] of items) dl.append(el('div', { dataset: { key } }, el('dt', { text: k }), el('dd', { text: v })));
  const excluded = result.excludedRows ?? [];
  if (excluded.length) {
    dl.append(el('div', { dataset: { key: 'excluded' } }, el('dt', { text: 'Rows not checked' }),
      el('dd', { text: `${int(excluded.length)}: ${excluded[0].message}${excluded.length > 1 ? ' (and others)' : ''}; first at line ${excluded[0].line}` })));
  }
  const skipped = result.csv?.skippedRows ?? [];
  if (skipped.length) {
    dl.append(el('div', { dataset: { key: 'skipped' } }, el('dt', { text: 'Malformed rows skipped' }),
      el('dd', { text: `${int(skipped.length)}, at line${skipped.length > 1 ? 's' : ''} ${skipped.slice(0, 5).map((x) => x.line).join(', ')}${skipped.length > 5 ? ', …' : ''}` })));
  }
  const notes = result.warnings ?? [];
  if (notes.length) {
    dl.append(el('div', { dataset: { key: 'warnings' } }, el('dt', { text: 'Notes on the file' }),
      el('dd', {}, el('ul', { className: 'notes' }, notes.map((w) => el('li', { text: capitalised(w) }))))));
  }
  if (best && s.models.length > 1) {
    dl.append(el('div', { dataset: { key: 'models' } }, el('dt', { text: 'Models tried (accuracy, share in the blend)' }),
      el('dd', { text: s.models.map((m) => `${m.name} ${pct(m.accuracy)}, ${pct(m.weight)}`).join('; ') })));
  }
  if (s.modelsSkipped?.length) {
    dl.append(el('div', { dataset: { key: 'models-skipped' } }, el('dt', { text: 'Models left out' }),
      el('dd', { text: s.modelsSkipped.join('; ') })));
  }
}

/** The explanation of one flagged row. */
export function renderDetail(section, heading, bodyNode, { issue, rank, values, header, classNames, flip }) {
  heading.textContent = `Why rank ${rank} (line ${issue.line}) is flagged`;
  clear(bodyNode);
  const given = issue.givenLabel;
  const sugg = issue.suggestedLabel;
  const p = sig3;
  bodyNode.append(
    el('p', {}, 'Given label ', el('strong', { text: given }), '; the model suggests ', el('strong', { text: sugg }), '.'),
    el('ul', { className: 'why' },
      el('li', { text: `Probability of the given label “${given}”: ${p(issue.givenLabelProbability)}, below that class’s confident threshold ${p(issue.givenLabelThreshold)}.` }),
      el('li', { text: `Probability of “${sugg}”: ${p(issue.suggestedLabelProbability)}, ${issue.suggestedLabelProbability >= issue.suggestedLabelThreshold ? 'at or above' : 'below'} that class’s threshold ${p(issue.suggestedLabelThreshold)}.` }),
      el('li', { text: `Label quality score: ${p(issue.labelQuality)}.` }),
      flip ? el('li', { text: `Teaching mode: this label was flipped from “${flip.from}” to “${flip.to}”.` }) : null),
  );
  const bars = el('div', { className: 'probs' });
  bodyNode.append(el('h4', { text: 'Class probabilities (out of sample)' }), bars);
  probabilityBars(bars, Array.from(issue.probabilities), classNames, {
    given: issue.givenLabelIndex, suggested: issue.suggestedLabelIndex,
    givenThreshold: issue.givenLabelThreshold, suggestedThreshold: issue.suggestedLabelThreshold,
  });
  bodyNode.append(el('p', { className: 'hint', text: 'Dashed lines: the confident threshold of the given and of the suggested class (the average probability the model gives that class on rows labelled with it).' }));
  bodyNode.append(el('h4', { text: 'Nearest rows in feature space' }));
  if (issue.neighbors?.length) {
    bodyNode.append(el('p', { className: 'hint', text: 'Labels in red differ from this row’s given label.' }));
    bodyNode.append(el('table', { className: 'grid small' },
      el('caption', { className: 'visually-hidden', text: 'Nearest rows in feature space' }),
      el('thead', {}, el('tr', {}, ['Line', 'Label', 'Distance'].map((t) => el('th', { attrs: { scope: 'col' }, text: t })))),
      el('tbody', {}, issue.neighbors.map((n) => el('tr', {},
        el('td', { className: 'num', text: n.line }),
        // Red says it to the eye; the hidden words say it to a screen reader.
        n.label === given ? el('td', { text: n.label })
          : el('td', { className: 'other' }, n.label, el('span', { className: 'visually-hidden', text: ' (differs from the given label)' })),
        el('td', { className: 'num', text: sig3(n.distance) }))))));
  } else {
    bodyNode.append(el('p', { className: 'hint', text: 'Not computed for this row (neighbours are listed for the top-ranked rows of a trained model only).' }));
  }
  bodyNode.append(el('h4', { text: 'The row' }));
  bodyNode.append(el('dl', { className: 'row-values' },
    header.map((h, i) => el('div', {}, el('dt', { text: h }), el('dd', { text: values?.[i] ?? '' })))));
  section.hidden = false;
}
