// The table of flagged rows: what people expect of a results table. Every column sorts (the
// file's own columns too, numbers as numbers), a search box filters on any cell, the page size
// is chosen, and long cells are cut with a button that shows them whole (a text column keeps a
// few lines of its text rather than one squeezed line). Pure DOM building and ordering; app.js
// holds the state and asks the worker for row values. Cell text goes in by textContent only.
import { el, clear } from './render.js';
import { sig3 } from './format.js';

const COLUMNS = [
  { key: 'rank', text: 'Rank' },
  { key: 'line', text: 'Line', title: 'line number in the file (the header is line 1)' },
  { key: 'given', text: 'Given label' },
  { key: 'suggested', text: 'Suggested label' },
  { key: 'quality', text: 'Label quality', title: 'the model’s probability of the given label (lower = more likely wrong)' },
];
const MAX_VALUE_COLUMNS = 12;
// Cells longer than this are cut, with a button to read them whole.
const LONG_CELL = 80;

export const valueKey = (i) => `v${i}`;
export const isValueKey = (key) => /^v\d+$/.test(key);

// Numbers compare as numbers, other text by locale; empty cells last.
function compareCells(a, b) {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = Number(a), y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}

/**
 * The items to show, in order: those matching the filters and the search (any of rank, line,
 * labels, score and the row's values contains the text, case-insensitively), sorted by
 * `sort.key` (a column of COLUMNS, 'flip', 'review' or a value column `v<i>`). `fields(it)`
 * gives {line, given, suggested, quality, review, flip} of an item.
 */
export function visibleItems(items, { given, suggested, search, sort, fields }) {
  const q = search.trim().toLowerCase();
  // No filter: no per-item work (a million-row file can flag a hundred thousand rows).
  const out = !given && !suggested && !q ? items.slice() : items.filter((it) => {
    const f = fields(it);
    if (given && f.given !== given) return false;
    if (suggested && f.suggested !== suggested) return false;
    if (!q) return true;
    const texts = [String(it.rank), String(f.line), f.given, f.suggested, sig3(f.quality), f.review ?? '', ...(it.values ?? [])];
    return texts.some((t) => t.toLowerCase().includes(q));
  });
  if (sort.key === 'rank' && sort.dir > 0) return out;
  const dir = sort.dir;
  const value = isValueKey(sort.key) ? ((it) => it.values?.[Number(sort.key.slice(1))] ?? '')
    : sort.key === 'rank' ? (it) => it.rank : (it) => fields(it)[sort.key] ?? '';
  // Each key read once (not once per comparison), then sorted; ties keep rank order.
  const keyed = out.map((it) => ({ it, v: value(it) }));
  keyed.sort((a, b) => {
    const x = a.v, y = b.v;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareCells(String(x), String(y));
    return c !== 0 ? c * dir : a.it.rank - b.it.rank;
  });
  return keyed.map((k) => k.it);
}

// A cell of the file's own values: cut when long, with a button that shows it whole (and back).
function valueCell(text, kind) {
  const td = el('td', { className: `value${kind === 'text' ? ' text' : ''}` });
  if (text.length <= LONG_CELL) {
    td.textContent = text;
    return td;
  }
  const shown = el('span', { className: 'cut', text: `${text.slice(0, LONG_CELL - 1)}…` });
  const more = el('button', { className: 'more', text: 'show all', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-label': `show the whole cell (${text.length} characters)` } });
  more.addEventListener('click', (e) => {
    e.stopPropagation(); // not a row selection
    const open = more.getAttribute('aria-expanded') !== 'true';
    shown.textContent = open ? text : `${text.slice(0, LONG_CELL - 1)}…`;
    more.textContent = open ? 'show less' : 'show all';
    more.setAttribute('aria-expanded', String(open));
    td.classList.toggle('expanded', open);
  });
  td.append(shown, ' ', more);
  return td;
}

/**
 * One page of `items` ({rank, values, flip, issue}). `kinds[i]`: the reader's kind of file
 * column i ('text' columns wrap). `reviewOf(row)`: the review decision shown, or ''.
 * onSort(key) and onSelect(rank) are called on clicks.
 */
export function renderIssues(table, { items, header, kinds, sort, teaching, selected, reviewOf, onSort, onSelect }) {
  clear(table);
  const shown = header.slice(0, MAX_VALUE_COLUMNS);
  const columns = [...COLUMNS, { key: 'review', text: 'Review', title: 'your decision (see “Review the flagged rows”)' }];
  if (teaching) columns.push({ key: 'flip', text: 'Flipped?' });
  shown.forEach((h, i) => columns.push({ key: valueKey(i), text: h, value: true }));
  const headRow = el('tr');
  for (const c of columns) {
    const dir = sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    const button = el('button', { className: 'sort', text: c.text, attrs: { type: 'button', title: c.title ?? `sort by ${c.text}` } },
      el('span', { className: 'arrow', attrs: { 'aria-hidden': 'true' }, text: dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '' }));
    button.addEventListener('click', () => onSort(c.key));
    headRow.append(el('th', { attrs: { scope: 'col', 'aria-sort': dir }, className: c.value ? 'value' : '', dataset: { key: c.key } }, button));
  }
  if (header.length > shown.length) headRow.append(el('th', { attrs: { scope: 'col' }, text: `+${header.length - shown.length} more` }));
  const body = el('tbody');
  for (const it of items) {
    const { issue } = it;
    const decision = reviewOf(issue.row);
    const cls = [it.rank === selected ? 'selected' : '', teaching ? (it.flip ? 'tp' : 'fp') : ''].filter(Boolean).join(' ');
    const explain = el('button', {
      className: 'explain', text: it.rank,
      attrs: { type: 'button', 'aria-label': `Rank ${it.rank}, line ${issue.line}: explain`, 'aria-pressed': it.rank === selected ? 'true' : 'false' },
    });
    explain.addEventListener('click', (e) => { e.stopPropagation(); onSelect(it.rank); });
    const tr = el('tr', { className: cls, dataset: { rank: it.rank, row: issue.row, line: issue.line } },
      el('td', {}, explain),
      el('td', { className: 'num', text: issue.line }),
      el('td', { text: issue.givenLabel }),
      el('td', { text: issue.suggestedLabel }),
      el('td', { className: 'num', text: sig3(issue.labelQuality) }),
      el('td', { className: `decision ${decision ? `d-${decision.split(' ')[0]}` : ''}`, text: decision }));
    if (teaching) {
      tr.append(el('td', { className: it.flip ? 'mark-tp' : 'mark-fp',
        attrs: { title: it.flip ? `flipped on purpose from ${it.flip.from}: a true positive` : 'not flipped: a false positive, or a real label problem' },
        text: it.flip ? `✓ TP, was ${it.flip.from}` : '✗ FP, not flipped' }));
    }
    for (let i = 0; i < shown.length; i++) tr.append(valueCell(it.values?.[i] ?? '', kinds[i]));
    if (header.length > shown.length) tr.append(el('td', { text: '…' }));
    tr.addEventListener('click', () => onSelect(it.rank));
    body.append(tr);
  }
  if (items.length === 0) body.append(el('tr', {}, el('td', { attrs: { colspan: columns.length + 1 }, text: 'No flagged rows match.' })));
  table.append(el('thead', {}, headRow), body);
}
