// The review: go through the flagged rows in rank order and decide for each to keep its label,
// relabel it (to the suggestion or any class), drop the row, or skip it for now. Keyboard first
// (keys below, while focus is in the review panel), every action also a button. Decisions are
// kept in IndexedDB (review-store.js) as they are made; undo goes back one decision at a time.
// The cleaned file is written by the package's applyReview in the worker; the log here.
//
// Keys: → or N next, ← or P previous, K keep, A accept the suggestion, D drop, S skip,
//       1-9 and 0 relabel to that class (the numbered buttons: the first ten classes by
//       position, or by name when they are the digits 0-9), U or Ctrl+Z undo.
import { el, clear } from './render.js';
import { sig3 } from './format.js';
import { probabilityBars } from './charts.js';
import { loadReview, saveReview, deleteReview } from './review-store.js';
import { setDisabled } from './focus.js';

// Characters from which a row's value is shown across the panel (review texts, addresses).
const LONG_VALUE = 60;

const $ = (id) => document.getElementById(id);

const WORDS = { keep: 'kept', relabel: 'relabelled', drop: 'dropped', skip: 'skipped' };

/** The decision of a row as a short text (the table's Review column). */
export function decisionText(d) {
  if (!d) return '';
  return d.decision === 'relabel' ? `relabel → ${d.newLabel}` : WORDS[d.decision] ?? d.decision;
}

/**
 * Creates the review of one result. `getItem(rank)` resolves to {issue, values} of the flagged
 * row of that rank (1-based); `onChange()` is called after every decision (the table redraws);
 * `download(kind, entries)` writes the cleaned file or the log.
 */
export function createReview({ getItem, onChange, download }) {
  let r = null; // {key, name, count, classNames, header, decisions: Map, current, undo: [], entries: (rank) => entry}

  const panel = $('review');

  // Decisions on the rows this check flagged (a stored review may also hold rows that an earlier
  // check, with another model, flagged: kept, but neither counted nor applied).
  function counts() {
    let done = 0, skipped = 0;
    for (const [row, d] of r.decisions) {
      if (!r.flagged.has(row)) continue;
      if (d.decision === 'skip') skipped++;
      else done++;
    }
    return { done, skipped };
  }

  function persist() {
    const decisions = Object.fromEntries(r.decisions);
    return saveReview({ key: r.key, name: r.name, decisions, current: r.current }).catch(() => {
      $('review-saved').textContent = 'Could not save in this browser (private mode?): the review is kept until the page is closed.';
    });
  }

  async function show() {
    const rank = r.current;
    const mine = r;
    const { issue, values } = await getItem(rank);
    if (r !== mine || r.current !== rank) return;
    const d = r.decisions.get(issue.row);
    const { done, skipped } = counts();
    $('review-count').textContent = `reviewed ${done.toLocaleString('en-US')} of ${r.count.toLocaleString('en-US')}${skipped ? ` (${skipped} skipped)` : ''}`;
    $('review-count').dataset.done = done;
    $('review-title').textContent = `Rank ${rank.toLocaleString('en-US')} of ${r.count.toLocaleString('en-US')} · line ${issue.line}: given “${issue.givenLabel}”, suggested “${issue.suggestedLabel}” (label quality ${sig3(issue.labelQuality)})`;
    $('review-card').dataset.rank = rank;
    $('review-card').dataset.row = issue.row;
    $('review-state').textContent = d ? `Your decision: ${decisionText(d)}.` : 'Not decided yet.';
    // A row with most of its feature cells empty was judged on little: say so before a relabel.
    const empty = r.features.filter((j) => (values?.[j] ?? '').trim() === '').length;
    const sparse = r.features.length > 0 && values && 2 * empty >= r.features.length;
    $('review-empty').hidden = !sparse;
    if (sparse) $('review-empty').textContent = `${empty} of this row's ${r.features.length} feature cells are empty: the models judged it on little. Look at the row in the file before relabelling it.`;
    $('rv-keep').textContent = `Keep “${issue.givenLabel}” (K)`;
    $('rv-accept').textContent = `Relabel to “${issue.suggestedLabel}” (A)`;
    // A button disabled under the keyboard's focus hands it to the panel, where the keys work.
    setDisabled($('rv-accept'), issue.suggestedLabelIndex === issue.givenLabelIndex, $('review-card'));
    setDisabled($('rv-prev'), rank <= 1, $('review-card'));
    setDisabled($('rv-next'), rank >= r.count, $('review-card'));
    setDisabled($('rv-undo'), r.undo.length === 0, $('review-card'));
    for (const b of $('rv-classes').querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(d?.decision === 'relabel' && d.newLabel === b.dataset.label));
    }
    const bars = clear($('rv-probs'));
    probabilityBars(bars, Array.from(issue.probabilities), r.classNames, {
      given: issue.givenLabelIndex, suggested: issue.suggestedLabelIndex,
      givenThreshold: issue.givenLabelThreshold, suggestedThreshold: issue.suggestedLabelThreshold,
    });
    // A long value (a text column) takes the panel's whole width instead of a narrow cell.
    const long = (v) => (v ?? '').length > LONG_VALUE;
    const list = clear($('rv-values'));
    list.classList.toggle('has-long', r.header.some((_, i) => long(values?.[i])));
    list.append(...r.header.map((h, i) => el('div', { className: long(values?.[i]) ? 'long' : '' }, el('dt', { text: h }), el('dd', { text: values?.[i] ?? '' }))));
    $('review-done').hidden = done < r.count;
    // One announcement per row shown (the row, its decision, the count), not three live regions.
    $('review-announce').textContent = `${$('review-title').textContent}. ${$('review-state').textContent} ${$('review-count').textContent}.`;
  }

  async function decide(decision, newLabel) {
    const { issue } = await getItem(r.current);
    const previous = r.decisions.get(issue.row) ?? null;
    r.undo.push({ rank: r.current, row: issue.row, previous });
    if (decision === 'relabel' && newLabel === issue.givenLabel) decision = 'keep'; // relabelling to itself keeps it
    r.decisions.set(issue.row, decision === 'relabel' ? { decision, newLabel } : { decision });
    if (r.current < r.count) r.current++;
    await persist();
    onChange();
    await show();
  }

  async function undo() {
    const u = r.undo.pop();
    if (!u) return;
    if (u.previous) r.decisions.set(u.row, u.previous);
    else r.decisions.delete(u.row);
    r.current = u.rank;
    await persist();
    onChange();
    await show();
  }

  async function go(delta) {
    const next = Math.min(r.count, Math.max(1, r.current + delta));
    if (next === r.current) return;
    r.current = next;
    persist();
    await show();
  }

  // Every action, for the keys and the buttons alike, one after the other: keys pressed faster
  // than a decision is stored are queued, never dropped or run out of order.
  let queue = Promise.resolve();
  function act(name, arg) {
    queue = queue.then(() => run(name, arg)).catch(() => {});
    return queue;
  }

  async function run(name, arg) {
    if (!r) return;
    if (name === 'keep') await decide('keep');
    else if (name === 'accept') {
      const { issue } = await getItem(r.current);
      await decide('relabel', issue.suggestedLabel);
    } else if (name === 'class') await decide('relabel', r.classNames[arg]);
    else if (name === 'drop') await decide('drop');
    else if (name === 'skip') await decide('skip');
    else if (name === 'undo') await undo();
    else if (name === 'next') await go(1);
    else if (name === 'prev') await go(-1);
  }

  // The keys that relabel to the first ten classes: the classes' own names when they are the
  // digits ("3" is class "3", as a person labelling digits expects), else their positions (1-9,
  // then 0).
  function classKeys(classNames) {
    const first = classNames.slice(0, 10);
    const named = first.every((c) => /^[0-9]$/.test(c)) && new Set(first).size === first.length;
    return first.map((c, i) => (named ? c : String((i + 1) % 10)));
  }

  function onKey(e) {
    if (!r || e.altKey || e.metaKey) return;
    if (e.target.closest('input, select, textarea')) return;
    const k = e.key;
    let action = null, arg;
    if (e.ctrlKey) {
      if (k === 'z') action = 'undo';
    } else if (k === 'ArrowRight' || k === 'n' || k === 'N') action = 'next';
    else if (k === 'ArrowLeft' || k === 'p' || k === 'P') action = 'prev';
    else if (k === 'k' || k === 'K') action = 'keep';
    else if (k === 'a' || k === 'A') action = 'accept';
    else if (k === 'd' || k === 'D') action = 'drop';
    else if (k === 's' || k === 'S') action = 'skip';
    else if (k === 'u' || k === 'U') action = 'undo';
    else if (/^[0-9]$/.test(k)) {
      const i = r.keys.indexOf(k);
      if (i >= 0) { action = 'class'; arg = i; }
    }
    if (!action) return;
    e.preventDefault();
    act(action, arg);
  }

  panel.addEventListener('keydown', onKey);
  for (const [id, action] of [['rv-keep', 'keep'], ['rv-accept', 'accept'], ['rv-drop', 'drop'], ['rv-skip', 'skip'],
    ['rv-undo', 'undo'], ['rv-next', 'next'], ['rv-prev', 'prev']]) $(id).addEventListener('click', () => act(action));
  $('rv-relabel').addEventListener('click', () => {
    const i = Number($('rv-class').value);
    if (Number.isInteger(i) && i >= 0) act('class', i);
  });
  // Starting over erases every decision: the first click asks, a second within a few seconds does it.
  let restartArmed = null;
  const restartButton = $('rv-restart');
  const restartText = restartButton.textContent;
  const disarm = () => { clearTimeout(restartArmed); restartArmed = null; restartButton.textContent = restartText; };
  restartButton.addEventListener('blur', disarm);
  restartButton.addEventListener('click', async () => {
    if (!r) return;
    if (r.decisions.size > 0 && restartArmed === null) {
      restartButton.textContent = `Erase all ${r.decisions.size} decision${r.decisions.size === 1 ? '' : 's'}? Click again to start over`;
      restartArmed = setTimeout(disarm, 6000);
      return;
    }
    disarm();
    await deleteReview(r.key).catch(() => {});
    r.decisions.clear();
    r.undo = [];
    r.current = 1;
    onChange();
    await show();
  });
  $('dl-cleaned').addEventListener('click', () => r && download('cleaned', entries()));
  $('dl-log').addEventListener('click', () => r && download('log', entries()));

  // Every flagged row in rank order with its decision (what the downloads are made of).
  function entries() {
    return r.entries().map((e) => ({ ...e, decision: r.decisions.get(e.row) ?? null }));
  }

  return {
    /**
     * Starts (or resumes, from the browser's store) the review of a result. `key`: the file's
     * SHA-256 and label column; `entries()`: [{rank, row, line, given, labelQuality}] in rank order;
     * `features`: the indices of the feature columns in `header`.
     */
    async start({ key, name, count, classNames, header, entries: list, features = [] }) {
      r = { key, name, count, classNames, header, decisions: new Map(), current: 1, undo: [], entries: list, flagged: new Set(list().map((e) => e.row)),
        keys: classKeys(classNames), features };
      panel.hidden = count === 0;
      if (count === 0) return;
      const mine = r;
      const saved = await loadReview(key).catch(() => null);
      if (r !== mine) return;
      if (saved) {
        for (const [row, d] of Object.entries(saved.decisions)) r.decisions.set(Number(row), d);
        // The first row not decided yet: a check with other settings ranks the rows anew, so the
        // saved place may have undecided rows before it. All decided: where the review was.
        const open = list().find((e) => !r.decisions.has(e.row));
        r.current = open ? open.rank : Math.min(count, Math.max(1, saved.current ?? 1));
      }
      const elsewhere = [...r.decisions.keys()].filter((row) => !r.flagged.has(row)).length;
      $('review-saved').textContent = saved
        ? `Resumed the review saved in this browser (${r.decisions.size - elsewhere} decisions; the file is recognised by its contents)` +
          (elsewhere ? `; ${elsewhere} decisions on rows this check did not flag are kept but not applied.` : '.')
        : 'Decisions are saved in this browser as you make them (nothing is uploaded).';
      const classes = clear($('rv-classes'));
      r.keys.forEach((key, i) => {
        const c = classNames[i];
        const b = el('button', { text: key === c ? c : `${key} ${c}`, attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': `Relabel to ${c} (key ${key})` }, dataset: { label: c } });
        b.addEventListener('click', () => act('class', i));
        classes.append(b);
      });
      const sel = clear($('rv-class'));
      classNames.forEach((c, i) => sel.append(el('option', { attrs: { value: i }, text: c })));
      onChange();
      await show();
      panel.dataset.ready = 'true';
    },
    stop() {
      r = null;
      panel.hidden = true;
      delete panel.dataset.ready;
    },
    /** Moves the review to the flagged row of `rank` and puts focus in the panel (keys work at once). */
    async goTo(rank) {
      if (!r || rank < 1 || rank > r.count) return;
      r.current = rank;
      persist();
      await show();
      $('review-card').focus({ preventScroll: true });
      $('review').scrollIntoView({ block: 'nearest' });
    },
    /** The decision text of a data row, for the table. */
    textOf(row) {
      return r ? decisionText(r.decisions.get(row)) : '';
    },
  };
}
