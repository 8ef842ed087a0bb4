// The page: state and wiring. All parsing and computing happens in worker.js (which uses the
// package's public API); this thread only reads the File into an ArrayBuffer (asynchronously),
// hands it over, and builds the DOM from what comes back.
import { el, clear, capitalised, kindText, renderPreview, renderSummary, renderDetail, formatBytes, formatMs, pct, int, plural } from './render.js';
import { renderIssues, visibleItems as orderItems, isValueKey } from './results-table.js';
import { heatmap, bars, histogram, scatter } from './charts.js';
import { scoreFlags } from './teaching.js';
import { renderAudit, rowsToShow } from './audit-view.js';
import { createReview } from './review.js';
import { reviewLogCsv, reviewDecisions } from './review-log.js';
import { downloadText } from './csv-download.js';
import { setDisabled, focusIsLostOrIn, whileBusy } from './focus.js';

const $ = (id) => document.getElementById(id);
const STAGES = {
  flip: ['Flipping labels', 0, 0.02],
  parse: ['Reading the CSV', 0.02, 0.1],
  encode: ['Encoding the columns', 0.1, 0.15],
  crossValidation: ['Cross-validation', 0.15, 0.85],
  findIssues: ['Finding label issues', 0.85, 0.9],
  // The data audit's graph (units 0-8; on one thread it comes before the issues when kNN reads
  // it) and its checks (8-14).
  audit: ['Auditing the data', 0.9, 1],
};

const state = {
  worker: null,
  hasFile: false,    // the current worker holds the current file's bytes
  source: null,      // {blob, name}
  preview: null,
  featuresTouched: false,
  nextId: 1,
  pending: new Map(), // id -> handlers
  run: null,         // {id, started, timer, teaching}
  view: null,        // {result, header, rowValues, teaching, score, elapsedMs, items}
  sort: { key: 'rank', dir: 1 },
  filter: { given: '', suggested: '' },
  page: 0,
  selected: null,
};

function setState(name) {
  document.body.dataset.state = name;
}

// ---------------------------------------------------------------------------------------------
// The worker

function startWorker() {
  // The page's query reaches the worker (?maxMemoryMiB=N caps its WebAssembly memory).
  const w = new Worker(new URL(`./worker.js${location.search}`, import.meta.url), { type: 'module' });
  w.onmessage = ({ data }) => {
    const h = state.pending.get(data.id);
    if (!h) return;
    if (data.type === 'progress') { h.progress?.(data); return; }
    state.pending.delete(data.id);
    if (data.type === 'error') h.reject(data.error);
    else h.resolve(data);
  };
  // An error the worker did not handle (it failed to start, or crashed): this worker is not
  // trusted again. Whatever waited on it fails with WORKER_FAILED; the next request starts a
  // fresh worker and hands it the file again.
  w.onerror = (e) => {
    e.preventDefault();
    if (state.worker !== w) return;
    w.terminate();
    state.worker = null;
    state.hasFile = false;
    const error = { code: 'WORKER_FAILED', message: `The checker stopped unexpectedly (${e.message || 'unknown error'}). It restarts with your file when you check again.` };
    const waiting = [...state.pending.values()];
    state.pending.clear();
    for (const h of waiting) h.reject(error);
    if (waiting.length === 0 && !state.run) showError(error);
  };
  state.worker = w;
  state.hasFile = false;
}

function request(message, transfer = [], progress = null) {
  if (!state.worker) startWorker();
  const id = state.nextId++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject, progress });
    state.worker.postMessage({ ...message, id }, transfer);
  });
}

async function sendFile() {
  // The file itself (a handle, cheap to post): the worker reads the bytes, so that the page's
  // thread never holds or copies them (reading 150 MB here cost tasks of 100-250 ms).
  const reply = await request({ type: 'load', blob: state.source.blob, name: state.source.name });
  state.hasFile = true;
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Errors and status

// The preview's warnings under the file's line, as text; none: the list is hidden. A check's
// own warnings replace them in the summary, for the whole file: the list is emptied then.
function showFileWarnings(warnings = []) {
  const list = $('file-warnings');
  clear(list);
  list.append(...warnings.map((w) => el('li', { text: capitalised(w) })));
  list.hidden = warnings.length === 0;
}

function showError(error) {
  const box = $('error');
  clear(box);
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ''})` : error.row !== undefined && error.row !== null ? ` (row ${error.row})` : '';
  // The package's messages start with the function and the place, shown once here.
  const message = String(error.message ?? '').replace(/^(checkLabels|previewCsv|relabelCsv|rowValues|annotateCsv): /, '').replace(/^line \d+, column \d+: /, '');
  box.append(el('strong', { text: 'Could not check this file' + where + ': ' }), el('span', { text: message }));
  if (error.code) box.append(el('span', { className: 'code', text: ` [${error.code}]` }));
  // Errors with a way round on the page say which (the package's message names the API option).
  if (error.code === 'CSV_FIELD_COUNT' && !$('skip-bad').checked)
    box.append(el('p', { className: 'hint', text: 'Tick “skip rows with the wrong number of fields” (in step 2) to check the other rows; the skipped lines are listed with the results.' }));
  if (error.code === 'OUT_OF_MEMORY')
    box.append(el('p', { className: 'hint', text: 'The file needs more memory than this browser tab could get. The command line (npx labelcheck file.csv) can usually get more; fewer feature columns (step 2) need less.' }));
  if (error.code === 'LABEL_LOOKS_CONTINUOUS')
    box.append(el('p', { className: 'hint', text: 'Choose another label column in step 2, or tick “Check it anyway” under it to make every distinct value a class.' }));
  box.hidden = false;
  box.dataset.code = error.code ?? '';
  if (error.line) box.dataset.line = error.line; else delete box.dataset.line;
  if (error.column) box.dataset.column = error.column; else delete box.dataset.column;
}

function hideError() {
  $('error').hidden = true;
}

// Results that no longer belong to the settings on screen are dimmed at once, with the reason,
// until a run replaces them (showResults) or fails (clearResults).
function markStale(reason) {
  if (!state.view) return;
  $('results').classList.add('stale');
  $('stale-note').hidden = false;
  $('stale-note').dataset.reason = reason;
  renderStaleNote();
}

// What replaces stale results: the running check, or the user's next one.
function renderStaleNote() {
  const reason = $('stale-note').dataset.reason;
  if (!reason) return;
  $('stale-note').textContent = `Out of date: ${reason}. These results are from the check before; ` +
    (state.run ? 'they are replaced when the check ends.' : 'press “Check labels” to replace them.');
}

function clearStale() {
  $('results').classList.remove('stale');
  $('stale-note').hidden = true;
  delete $('stale-note').dataset.reason;
}

// A failed run leaves no results from another configuration on screen.
function clearResults() {
  clearStale();
  state.view = null;
  $('results').hidden = true;
  $('detail').hidden = true;
  onResultsCleared?.();
}

// The review (review.js) is told when results go away; set where the review is created.
let onResultsCleared = null;

// ---------------------------------------------------------------------------------------------
// Loading

// `others`: files dropped with this one and not read (the page checks one file at a time).
const droppedWith = () => {
  const n = state.source?.others ?? 0;
  return n ? `. ${n} other file${n === 1 ? ' was' : 's were'} dropped with it and not read: drop one file at a time.` : '';
};

async function load(blob, name, others = 0) {
  if (state.run) cancel(false);
  state.source = { blob, name, others };
  state.preview = null;
  state.view = null;
  clearStale();
  review.stop();
  state.featuresTouched = false;
  hideError();
  $('results').hidden = true;
  $('setup').hidden = true;
  $('detail').hidden = true;
  $('file-info').textContent = `Reading ${name} (${formatBytes(blob.size)})…`;
  setState('loading');
  let p;
  try {
    p = await sendFile();
  } catch (error) {
    $('file-info').textContent = '';
    showFileWarnings();
    showError(error);
    setState('error');
    return;
  }
  if (state.source?.blob !== blob) return; // another file was chosen meanwhile
  state.preview = p;
  $('file-info').textContent = `${name}: ${formatBytes(p.bytes)}, ${p.columns.length} column${p.columns.length === 1 ? '' : 's'}, ${p.encoding.toUpperCase()}, delimiter ${p.delimiter === '\t' ? 'tab' : `“${p.delimiter}”`}` +
    droppedWith();
  // What the reader says about the file (a prefix read, Latin-1, renamed columns, ...).
  showFileWarnings(p.warnings);
  if (p.columns.length === 0) {
    showError({ code: 'CSV_EMPTY', message: 'The file holds no header row.' });
    setState('error');
    return;
  }
  renderPreview($('preview'), p);
  fillLabelSelect(p);
  $('mode').value = 'auto';
  updateModeHint();
  updateModelHint();
  renderFeatureList();
  $('setup').hidden = false;
  if (p.error) {
    showError(p.error);
    setState('error');
    return;
  }
  setState('ready');
  if ($('autorun').checked) run(null);
}

// The package's guess (previewCsv): its choice, and why, in words.
function fillLabelSelect(p) {
  const sel = $('label-col');
  clear(sel);
  for (const c of p.columns) sel.append(el('option', { attrs: { value: c.index }, text: `${c.name} (${kindText(c.kind)}, ${c.distinct} distinct)` }));
  // Nothing looks like a label: the best-scored column is preselected, and the hint says so.
  sel.value = String(p.labelIndex >= 0 ? p.labelIndex : p.candidates[0]?.index ?? 0);
  updateLabelHint();
  updateLabelWarning();
}

// Why this label column: the guess's reasons while it is the guess's; the user's choice after.
function updateLabelHint() {
  const p = state.preview;
  const chosen = Number($('label-col').value);
  const guessed = p.labelIndex >= 0 ? p.columns[p.labelIndex]?.name : null;
  $('label-why').textContent = p.labelIndex >= 0 && chosen === p.labelIndex
    ? `Guessed: ${p.labelReasons.join('; ')}. Change it if it is wrong.`
    : guessed !== null
      ? `Your choice (the guess was “${guessed}”).`
      : 'No column looks like a label: choose one.';
}

// A label column of measurements (numbers with many distinct values) is refused by the check
// unless the box is ticked; the warning says so before anything runs.
function updateLabelWarning() {
  const p = state.preview;
  const c = p?.columns[Number($('label-col').value)];
  const warn = Boolean(c?.looksContinuous);
  $('label-warning').textContent = warn
    ? `“${c.name}” looks continuous (${c.distinct} distinct numbers): this looks like a measurement, not a label.`
    : '';
  $('label-warning').hidden = !warn;
  $('allow-continuous-wrap').hidden = !warn;
  if (!warn) $('allow-continuous').checked = false;
}

// What the chosen model does, and that no model runs when the file gives the probabilities.
const MODEL_HINTS = {
  auto: 'Automatic runs logistic regression, and trees and nearest neighbours where they fit about 12 s of one core (6 s on two); it uses every core of this device.',
  logistic: 'Logistic regression alone: fast at any size; a straight boundary between classes.',
  knn: 'Nearest neighbours alone: each row judged by the labels of the rows most like it.',
  gbdt: 'Gradient-boosted trees alone: often the best on tables of mixed columns; the slowest of the three.',
};
function updateModelHint() {
  const mode = $('mode').value;
  const given = mode === 'probabilities' || (mode === 'auto' && (state.preview?.probabilityColumns.length ?? 0) > 0);
  $('model').disabled = given;
  $('folds').disabled = given;
  $('model-why').textContent = given ? 'No model is trained: the probabilities come from the file.' : MODEL_HINTS[$('model').value];
}

function updateModeHint() {
  const p = state.preview;
  const probs = p.probabilityColumns.map((i) => p.columns[i].name);
  $('mode-why').textContent = probs.length
    ? `These columns look like one probability per class: ${probs.slice(0, 6).join(', ')}${probs.length > 6 ? ', …' : '.'}`
    : 'No probability columns detected: models are trained on the feature columns.';
  $('features').querySelector('legend').firstChild.textContent =
    $('mode').value === 'probabilities' ? 'Probability columns, in class order ' : 'Feature columns ';
}

function renderFeatureList(used = null) {
  const p = state.preview;
  const label = Number($('label-col').value);
  const list = clear($('feature-list'));
  const probMode = $('mode').value === 'probabilities';
  for (const c of p.columns) {
    if (c.index === label) continue;
    const id = `feat-${c.index}`;
    let checked;
    if (used) checked = used.has(c.index);
    else if (probMode) checked = p.probabilityColumns.includes(c.index);
    else checked = c.kind !== 'identifier';
    const box = el('input', { attrs: { type: 'checkbox', id, checked, value: c.index } });
    box.addEventListener('change', () => { state.featuresTouched = true; });
    list.append(el('label', { className: 'feature', attrs: { for: id } }, box, ` ${c.name}`, el('span', { className: `kind kind-${c.kind}`, text: kindText(c.kind) })));
  }
}

function chosenColumns() {
  return [...$('feature-list').querySelectorAll('input:checked')].map((b) => Number(b.value));
}

// ---------------------------------------------------------------------------------------------
// Running

// A number field's value as used: whole, within the field's min and max, else `fallback`;
// written back, so that the page shows what runs (0 folds or 50% typed are not silently other).
function inputNumber(id, fallback) {
  const input = $(id);
  const v = Number(input.value);
  const min = input.min === '' ? -Infinity : Number(input.min);
  const max = input.max === '' ? Infinity : Number(input.max);
  const used = input.value.trim() !== '' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
  input.value = String(used);
  return used;
}

function options() {
  // Columns by index: names can repeat or be empty in a file.
  const o = { label: Number($('label-col').value), mode: $('mode').value, model: $('model').value };
  if ($('allow-continuous').checked) o.allowContinuousLabel = true;
  o.cvNFolds = inputNumber('folds', 5);
  if ($('skip-bad').checked) o.onBadRow = 'skip';
  if (state.featuresTouched) {
    if (o.mode === 'probabilities') o.probabilityColumns = chosenColumns();
    else o.features = chosenColumns();
  }
  return o;
}

async function run(teaching) {
  if (!state.preview || state.run) return;
  hideError();
  $('detail').hidden = true;
  // Results of another run stay visible while this one runs, marked out of date (a reason already
  // given, such as a changed label column, is kept).
  if (!$('stale-note').dataset.reason) markStale('a new check is running');
  const started = performance.now();
  const r = { started, teaching, timer: null };
  state.run = r;
  renderStaleNote();
  setState('running');
  $('status').hidden = false;
  // Started from further down (Check labels, teaching mode): the progress is brought on screen.
  $('status').scrollIntoView({ block: 'nearest' });
  $('progress').value = 0;
  $('stage').textContent = 'Starting…';
  // Started from the keyboard: the focus goes to Cancel (Enter or Escape stops the check).
  setDisabled($('run'), true, $('cancel'));
  setDisabled($('flip-run'), true, $('cancel'));
  const tick = () => { $('elapsed').textContent = `Elapsed ${formatMs(performance.now() - started)}`; };
  tick();
  r.timer = setInterval(tick, 100);
  try {
    if (!state.hasFile) await sendFile();
    if (state.run !== r) return;
    const reply = await request({ type: 'run', options: options(), teaching }, [], onProgress);
    if (state.run !== r) return;
    const lost = focusIsLostOrIn($('status'));
    finishRun(r);
    await showResults(reply, performance.now() - started);
    setState('done');
    if (lost) $('results-h').focus();  // the keyboard continues from the results
  } catch (error) {
    if (state.run !== r) return;
    const lost = focusIsLostOrIn($('status'));
    finishRun(r);
    clearResults();
    showError(error);
    setState('error');
    if (lost) $('error').focus();
  }
}

// Progress per stage, with an estimate of the stage's time left from its pace so far (the
// cross-validation's units differ in size: their estimated work, not their count, says how far
// it is).
function onProgress({ stage, done, total, detail, workDone, workTotal }) {
  const [name, from, to] = STAGES[stage] ?? [stage, 0, 1];
  const now = performance.now();
  const r = state.run;
  if (r && r.stage !== stage) {
    r.stage = stage;
    r.stageStarted = now;
    $('stage-announce').textContent = name;  // read out once per stage (#stage changes many times a second)
  }
  const f = workTotal > 0 ? Math.min(1, workDone / workTotal) : total > 0 ? Math.min(1, done / total) : 0;
  $('progress').value = from + (to - from) * f;
  let text = name;
  if (stage === 'crossValidation' && total > 0) text += `: ${done} of ${total} units (model fits and neighbour searches)`;
  else if (stage === 'parse' && total > 1) text += `: ${int(done)} of ${int(total)} MB`;
  else if (total > 1) text += `: ${int(done)} of ${int(total)}`;
  if (typeof detail === 'string' && detail) text += `, ${detail}`;
  const spent = r ? now - r.stageStarted : 0;
  if (f > 0.02 && f < 1 && spent > 500) text += ` — about ${formatMs(spent * (1 - f) / f)} left`;
  $('stage').textContent = text;
}

function finishRun(r) {
  clearInterval(r.timer);
  state.run = null;
  renderStaleNote();
  $('status').hidden = true;
  $('run').disabled = false;
  $('flip-run').disabled = false;
}

/** Cancel: stop the worker outright, start a fresh one and give it the file again. */
function cancel(announce = true) {
  const r = state.run;
  if (!r) return;
  state.worker?.terminate();
  state.worker = null;
  state.hasFile = false;
  state.pending.clear();
  const lost = focusIsLostOrIn($('status'));
  finishRun(r);
  if (lost) $('run').focus();  // Cancel is gone: back to the button that starts a check
  if ($('stale-note').dataset.reason === 'a new check is running') markStale('the check was cancelled');
  setState('idle');
  if (announce) $('file-info').textContent = `Cancelled after ${formatMs(performance.now() - r.started)}. Nothing was changed; check again when ready.`;
  startWorker();
  if (state.source) sendFile().catch(() => {}); // ready for the next run
}

// ---------------------------------------------------------------------------------------------
// Results

// Summary and table first; the pictures in a later task, so that no single task is long.
async function showResults(reply, elapsedMs) {
  const t0 = performance.now();
  performance.mark('labelcheck: result received');
  const { result, header, rowValues, teaching } = reply;
  const cols = result.issues;  // columns of typed arrays (worker.js issueColumns)
  const flips = teaching ? new Map(teaching.flips.map((f) => [f.row, f])) : null;
  const score = teaching ? scoreFlags(Array.from(cols.row), flips.keys()) : null;
  const items = new Array(cols.n);
  for (let i = 0; i < cols.n; i++) items[i] = { i, rank: i + 1, values: rowValues[i + 1] ?? null, flip: flips?.get(cols.row[i]) ?? null, issue: null };
  state.view = { result, cols, header, teaching, flips, score, elapsedMs, items };
  // Teaching mode's file also holds each row's label before the flips (teaching-download.js).
  $('dl-annotated').textContent = teaching
    ? 'Download the file with 4 added columns: the labels before the flips, and the 3 of a check (CSV)'
    : 'Download the file with 3 added columns (CSV)';
  clearStale();
  $('none-hint').hidden = cols.n > 0 || Boolean(teaching);
  state.sort = { key: 'rank', dir: 1 };
  state.filter = { given: '', suggested: '', search: '' };
  $('search').value = '';
  state.page = 0;
  state.selected = null;
  $('version').textContent = reply.version ?? '';
  // Read out when the check ends (a live region): what it found, not only that it finished.
  $('file-info').textContent = `${state.source.name}: checked in ${formatMs(elapsedMs)}${teaching ? ` after flipping ${teaching.percent}% of the labels (seed ${teaching.seed})` : ''}` +
    `, ${plural(cols.n, 'row')} flagged` + (droppedWith() || '.');
  renderSummary($('summary'), result, elapsedMs);
  showFileWarnings();  // the summary has the check's, for the whole file
  renderTeachingScore();
  performance.measure('labelcheck: view built', { start: t0 });
  fillFilters(result);
  performance.measure('labelcheck: filters filled', { start: t0 });
  // The package's own column report replaces the preview's guess.
  const used = new Set(result.columns.filter((c) => c.use === 'feature').map((c) => c.index));
  if (!state.featuresTouched && result.mode === 'train') renderFeatureList(used);
  $('mode-why').textContent = result.mode === 'probabilities'
    ? `Last run: probabilities given in ${result.probabilityColumns.length} columns (${result.probabilityColumns.slice(0, 4).join(', ')}${result.probabilityColumns.length > 4 ? ', …' : ''}), no model trained.`
    : `Last run: models trained on ${used.size} feature column${used.size === 1 ? '' : 's'}.`;
  if (result.mode === 'probabilities') $('features').querySelector('legend').firstChild.textContent = 'Probability columns, in class order ';
  renderTable();
  performance.measure('labelcheck: table rendered', { start: t0 });
  startReview(reply);
  $('results').hidden = false;
  performance.measure('labelcheck: render summary and table', { start: t0 });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const t1 = performance.now();
  await renderCharts(result);
  performance.measure('labelcheck: render charts (several tasks)', { start: t1 });
  await showAudit(result, header);
}

// The audit's cards and tables, with the values of the rows shown (asked of the worker).
async function showAudit(result, header) {
  const audit = result.audit ?? null;
  $('audit-downloads').hidden = !audit;
  $('dl-deduplicated').hidden = !audit?.nearDuplicateSets.length;
  if (audit) {
    // Says what it takes out: every set's rows but its first.
    const drops = audit.nearDuplicateSets.reduce((n, set) => n + set.length - 1, 0);
    $('dl-deduplicated').textContent = `Download the file with one row per duplicate set: ${drops} row${drops === 1 ? '' : 's'} of exact and near copies left out (CSV)`;
  }
  const values = new Map();
  const lines = new Map();
  if (audit) {
    const got = await request({ type: 'values', rows: rowsToShow(audit) });
    for (const [row, fields] of Object.entries(got.values)) values.set(Number(row), fields);
    for (const [row, line] of Object.entries(got.lines)) lines.set(Number(row), line);
  }
  if (state.view?.result !== result) return; // a newer run replaced these results meanwhile
  renderAudit($('audit'), audit, { header, rowCount: result.examples.labelQuality.length, values, lines, labelIndex: result.labelColumn.index });
  if (!audit && result.mode === 'probabilities') {
    // Said where the audit would be, rather than left out without a word.
    $('audit').append(el('h3', { attrs: { id: 'audit-h' }, text: 'Data audit' }),
      el('p', { className: 'hint', text: 'Not run: the audit compares the rows’ features (outliers, near-duplicates, order), and this file gives the probabilities only.' }));
    $('audit').hidden = false;
  }
}

// The flipped rows the check did not flag, by line, with their flip (the first MISSED_SHOWN).
const MISSED_SHOWN = 20;
function missedFlips(v) {
  const flagged = new Set(v.cols.row);
  const missed = v.teaching.flips.filter((f) => !flagged.has(f.row)).sort((a, b) => a.line - b.line);
  const shown = missed.slice(0, MISSED_SHOWN).map((f) => `line ${f.line} (“${f.from}” → “${f.to}”)`);
  return missed.length > MISSED_SHOWN ? [...shown, `and ${missed.length - MISSED_SHOWN} more (in the annotated download)`] : shown;
}

function renderTeachingScore() {
  const box = $('teaching-score');
  const v = state.view;
  if (!v.teaching) { box.hidden = true; return; }
  const s = v.score;
  clear(box).append(
    el('h3', { text: `Teaching mode: ${v.flips.size} labels flipped (${v.teaching.percent}%, seed ${v.teaching.seed})` }),
    el('dl', { className: 'summary' },
      el('div', { dataset: { key: 'precision' } }, el('dt', { text: 'Precision' }), el('dd', { text: `${pct(s.precision)} of flagged rows were flipped` })),
      el('div', { dataset: { key: 'recall' } }, el('dt', { text: 'Recall' }), el('dd', { text: `${pct(s.recall)} of flipped rows were flagged` })),
      el('div', { dataset: { key: 'counts' } }, el('dt', { text: 'Counts' }),
        el('dd', { text: `${plural(s.truePositives, 'true positive')}, ${plural(s.falsePositives, 'false positive')}, ${plural(s.falseNegatives, 'flip')} missed` })),
      // The flips not found are in no table (only flagged rows are): named here.
      s.falseNegatives > 0 ? el('div', { dataset: { key: 'missed' } }, el('dt', { text: 'Missed' }),
        el('dd', { text: missedFlips(v).join('; ') })) : null,
    ),
    el('p', { className: 'hint', text: 'In the table, ✓ TP rows were flipped on purpose and found (true positives); ✗ FP rows were flagged without being flipped (false positives): some of those are real label problems in the original data.' }),
  );
  box.dataset.precision = s.precision;
  box.dataset.recall = s.recall;
  box.hidden = false;
}

// The issue object of item `it` (the fields the table and the explanation show), made when first
// needed: a large file has too many flagged rows to make them all at once.
function issueAt(it) {
  if (it.issue) return it.issue;
  const { cols, result } = state.view;
  const i = it.i;
  const K = cols.K;
  const given = cols.given[i];
  const suggested = cols.suggested[i];
  const probabilities = cols.probs.subarray(i * K, (i + 1) * K);
  const thresholds = result.summary.thresholds;
  it.issue = {
    row: cols.row[i], line: cols.line[i], example: cols.example[i],
    givenLabel: result.classNames[given], givenLabelIndex: given,
    suggestedLabel: result.classNames[suggested], suggestedLabelIndex: suggested,
    labelQuality: cols.quality[i], probabilities,
    givenLabelProbability: probabilities[given], suggestedLabelProbability: probabilities[suggested],
    givenLabelThreshold: thresholds[given], suggestedLabelThreshold: thresholds[suggested],
    neighbors: cols.neighbors[i] ?? [],
  };
  return it.issue;
}

function fillFilters(result) {
  const cols = state.view.cols;
  for (const [id, field] of [['f-given', 'given'], ['f-suggested', 'suggested']]) {
    const counts = new Array(result.classNames.length).fill(0);
    for (const k of cols[field]) counts[k]++;
    const sel = clear($(id));
    sel.append(el('option', { attrs: { value: '' }, text: 'all' }));
    result.classNames.forEach((c, k) => { if (counts[k]) sel.append(el('option', { attrs: { value: c }, text: `${c} (${counts[k]})` })); });
  }
}

// The fields an item is filtered and sorted by, read from the columns (no issue objects needed).
function fieldsOf(it) {
  const { cols, result } = state.view;
  return {
    line: cols.line[it.i], given: result.classNames[cols.given[it.i]], suggested: result.classNames[cols.suggested[it.i]],
    quality: cols.quality[it.i], review: reviewText(cols.row[it.i]), flip: it.flip ? 'TP' : 'FP',
  };
}

// The review's word for a row, shown in the table (review.js owns the decisions).
let reviewText = () => '';

function visibleItems() {
  const { given, suggested, search } = state.filter;
  return orderItems(state.view.items, { given, suggested, search, sort: state.sort, fields: fieldsOf });
}

// Searching, or sorting by one of the file's columns, needs every flagged row's values: asked of
// the worker once, in slices (a slice's reply is a short task), then kept.
async function needAllValues() {
  const view = state.view;
  const missing = view.items.filter((it) => it.values === null).map((it) => it.rank);
  for (let k = 0; k < missing.length && state.view === view; k += 2000) {
    const { rowValues } = await request({ type: 'rows', ranks: missing.slice(k, k + 2000) });
    if (state.view !== view) return false;
    for (const [rank, values] of Object.entries(rowValues)) view.items[Number(rank) - 1].values = values;
  }
  return state.view === view;
}

async function refilter() {
  state.page = 0;
  if ((state.filter.search.trim() || isValueKey(state.sort.key)) && !(await needAllValues())) return;
  renderTable();
}

function renderTable() {
  const items = visibleItems();
  const size = Number($('page-size').value) || 25;
  const pages = Math.max(1, Math.ceil(items.length / size));
  state.page = Math.min(state.page, pages - 1);
  const pageItems = items.slice(state.page * size, (state.page + 1) * size);
  for (const it of pageItems) issueAt(it);
  // Rows whose values the page does not have yet: asked of the worker, shown when they come.
  const missing = pageItems.filter((it) => it.values === null).map((it) => it.rank);
  if (missing.length) fetchValues(missing);
  const kinds = state.view.result.columns.map((c) => c.kind);
  renderIssues($('issues'), {
    items: pageItems, header: state.view.header, kinds, sort: state.sort, teaching: Boolean(state.view.teaching), selected: state.selected,
    reviewOf: (row) => reviewText(row),
    onSort: async (key) => {
      state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: 1 };
      await refilter();
      $('issues').querySelector(`th[aria-sort="${state.sort.dir > 0 ? 'ascending' : 'descending'}"] button`)?.focus();
    },
    onSelect: (rank) => select(rank),
  });
  $('count').textContent = `${int(items.length)} of ${int(state.view.items.length)} flagged rows`;
  $('page').textContent = `Page ${state.page + 1} of ${pages}`;
  // A pager button disabled under the focus hands it to the table (both may be: one page).
  setDisabled($('prev'), state.page === 0, $('issues').parentElement);
  setDisabled($('next'), state.page >= pages - 1, $('issues').parentElement);
}

let fetching = null;
async function fetchValues(ranks) {
  const view = state.view;
  const key = ranks.join(',');
  if (fetching === key) return;
  fetching = key;
  try {
    const { rowValues } = await request({ type: 'rows', ranks });
    if (state.view !== view) return;
    for (const [rank, values] of Object.entries(rowValues)) view.items[Number(rank) - 1].values = values;
    renderTable();
    if (state.selected !== null && ranks.includes(state.selected)) select(state.selected);
  } catch {
    // A restarted worker has no result: the values stay empty until the next check.
  } finally {
    if (fetching === key) fetching = null;
  }
}

function select(rank) {
  state.selected = rank;
  const it = state.view.items[rank - 1];
  issueAt(it);
  renderTable();
  renderDetail($('detail'), $('detail-h'), $('detail-body'), {
    ...it, header: state.view.header, classNames: state.view.result.classNames,
  });
  $('detail').dataset.rank = rank;
  const toReview = el('button', { className: 'to-review', text: 'Review this row', attrs: { type: 'button' } });
  toReview.addEventListener('click', () => review.goTo(rank));
  $('detail-body').prepend(el('p', {}, toReview, ` (decision so far: ${review.textOf(it.issue.row) || 'none'})`));
  // The explanation is where the eye goes next: scrolled into view, and focus moved to it (its
  // heading), so that a keyboard or screen-reader user is there too.
  $('detail').scrollIntoView({ block: 'nearest' });
  $('detail-h').focus({ preventScroll: true });
}

// One chart per task, so that no single task is long on a large file.
async function renderCharts(result) {
  const s = result.summary;
  const view = state.view;
  const next = () => new Promise((resolve) => setTimeout(resolve, 0));
  heatmap($('c-noise'), s.noiseMatrix, result.classNames);
  const classes = [...s.classesByLabelQuality].sort((a, b) => a.labelQualityScore - b.labelQualityScore);
  bars($('c-classes'), classes.map((c) => ({ label: c.className ?? result.classNames[c.classIndex], value: c.labelQualityScore })),
    { label: 'Label quality per class, worst first' });
  await next();
  if (state.view !== view) return;
  histogram($('c-hist'), result.examples.labelQuality, result.examples.isLabelIssue);
  await next();
  if (state.view !== view) return;
  const picture = result.examples.projection;
  $('c-scatter-caption').textContent = picture?.kind === 'probabilities'
    ? 'All rows by the model’s probability of their given label (x) and of the most probable other class (y); flagged rows in red. ' +
      (result.mode === 'probabilities' ? '(The file gives the probabilities: there are no features to project.)' : '(Text data: a projection of word counts shows one shapeless cloud.)')
    : 'All rows in 2-D (first two principal components); flagged rows in red';
  scatter($('c-scatter'), picture, result.examples.isLabelIssue);
}

// ---------------------------------------------------------------------------------------------
// Downloads

// The file name of a download: the file's name, what teaching mode did to it (its files hold
// flipped labels, and their names say so), and what the download is.
function downloadName(what) {
  const base = state.source.name.replace(/\.(csv|tsv|txt)$/i, '');
  const t = state.view?.teaching;
  return `${base}${t ? `.labels-flipped-${t.percent}pct-seed${t.seed}` : ''}.${what}.csv`;
}

function saveBlob(blob, name) {
  const a = el('a', { attrs: { href: URL.createObjectURL(blob), download: name } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

async function download(kind) {
  await whileBusy($(`dl-${kind}`), async () => {
    try {
      const { blob } = await request({ type: 'download', kind });
      saveBlob(blob, downloadName({ annotated: 'checked', issues: 'issues', audit: 'audit', deduplicated: 'deduplicated' }[kind]));
    } catch (error) {
      showError(error);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The review (review.js): the page gives it the flagged rows and writes its downloads.

// A flagged row with its issue fields and values (asked of the worker when not yet here).
async function itemAt(rank) {
  const view = state.view;
  const it = view.items[rank - 1];
  issueAt(it);
  if (it.values === null) {
    const { rowValues } = await request({ type: 'rows', ranks: [rank] });
    if (rowValues[rank]) it.values = rowValues[rank];
  }
  return it;
}

const review = createReview({
  getItem: itemAt,
  onChange: () => { if (state.view) renderTable(); },
  download: async (kind, entries) => {
    await whileBusy($(kind === 'cleaned' ? 'dl-cleaned' : 'dl-log'), async () => {
      try {
        if (kind === 'log') saveBlob(new Blob([downloadText(reviewLogCsv(entries), state.preview)], { type: 'text/csv' }), downloadName('review-log'));
        else saveBlob((await request({ type: 'cleaned', decisions: reviewDecisions(entries) })).blob, downloadName('cleaned'));
      } catch (error) {
        showError(error);
      }
    });
  },
});
reviewText = (row) => review.textOf(row);
onResultsCleared = () => review.stop();

function startReview(reply) {
  const { cols, result } = state.view;
  const entries = () => Array.from({ length: cols.n }, (_, i) => ({
    rank: i + 1, row: cols.row[i], line: cols.line[i], given: result.classNames[cols.given[i]], labelQuality: cols.quality[i],
  }));
  review.start({
    key: `${reply.fileHash}:${result.labelColumn.index}`, name: state.source.name, count: cols.n,
    classNames: result.classNames, header: state.view.header, entries,
    features: result.columns.filter((c) => c.use === 'feature').map((c) => c.index),
  });
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  $('file').addEventListener('change', (e) => {
    const f = e.target.files?.[0];
    if (f) load(f, f.name);
    e.target.value = ''; // choosing the same file again reloads it
  });
  const drop = $('drop');
  for (const t of ['dragenter', 'dragover']) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = e.dataTransfer?.files ?? [];
    if (files[0]) load(files[0], files[0].name, files.length - 1);
  });
  // A file dropped elsewhere must not navigate away (and show the data in a new page).
  for (const t of ['dragover', 'drop']) window.addEventListener(t, (e) => e.preventDefault());

  $('load-sample').addEventListener('click', async () => {
    const name = $('sample').value;
    try {
      const res = await fetch(`samples/${encodeURIComponent(name)}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await load(await res.blob(), name);
    } catch (e) {
      showError({ code: 'SAMPLE', message: `The example could not be loaded: ${e.message}` });
    }
  });
  $('run').addEventListener('click', () => run(null));
  $('cancel').addEventListener('click', () => cancel());
  $('flip-run').addEventListener('click', () => {
    const percent = inputNumber('flip-pct', 10);
    const seed = inputNumber('flip-seed', 1);  // the field's own default
    run({ percent, seed });
  });
  $('label-col').addEventListener('change', () => { state.featuresTouched = false; updateLabelHint(); updateLabelWarning(); renderFeatureList(); markStale('label column changed'); });
  $('mode').addEventListener('change', () => { state.featuresTouched = false; updateModeHint(); updateModelHint(); renderFeatureList(); markStale('mode changed'); });
  $('model').addEventListener('change', () => { updateModelHint(); markStale('model changed'); });
  $('open-teaching').addEventListener('click', () => {
    $('teaching').open = true;
    $('teaching').scrollIntoView({ block: 'nearest' });
    $('teaching').querySelector('summary').focus();
  });
  $('f-given').addEventListener('change', (e) => { state.filter.given = e.target.value; state.page = 0; renderTable(); });
  $('f-suggested').addEventListener('change', (e) => { state.filter.suggested = e.target.value; state.page = 0; renderTable(); });
  // The search filters as one types, debounced so that a fast typist does not re-render per key.
  let searchTimer = null;
  $('search').addEventListener('input', (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.filter.search = e.target.value; refilter(); }, 150);
  });
  $('page-size').addEventListener('change', () => { state.page = 0; renderTable(); });
  $('prev').addEventListener('click', () => { state.page--; renderTable(); });
  $('next').addEventListener('click', () => { state.page++; renderTable(); });
  $('dl-issues').addEventListener('click', () => download('issues'));
  $('dl-annotated').addEventListener('click', () => download('annotated'));
  $('dl-audit').addEventListener('click', () => download('audit'));
  $('dl-deduplicated').addEventListener('click', () => download('deduplicated'));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.run) cancel(); });
}

wire();
startWorker(); // loads the WebAssembly module while the user picks a file
setState('idle');
