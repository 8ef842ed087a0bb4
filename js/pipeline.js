// The pipeline: CSV bytes to ranked label issues (bindings/bind_pipeline.cpp). checkLabels runs
// it in one call on this thread; startCheckLabels and startCvSession cut it into steps so that
// js/parallel.js can run the cross-validation units on other threads; assembleResult gives the
// binding's result the shape index.d.ts documents (CheckLabelsResult).
import { LabelcheckError } from './errors.js';
import { resolveOptions } from './options.js';
import { requireCore, withCore, isCurrent, maxMemory } from './instance.js';
import { mib, toBytes } from './marshal.js';

// Bytes copied into the heap per feed(): the heap then holds one chunk of the text, never all
// of it next to the parsed columns (the chunk size hardly matters for speed above ~64 KiB).
const FEED_CHUNK_BYTES = 1 << 20;

// Feeds `bytes` to a _CheckLabelsRun through one reused heap buffer; the first {ok: false} (a
// CSV error, a cancellation) is returned, else {ok: true}.
function feedAll(m, copy, bytes, run) {
  const size = Math.min(bytes.length, FEED_CHUNK_BYTES);
  const buffer = copy(bytes.subarray(0, size));
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, Math.min(at + size, bytes.length));
    // Read HEAPU8 on every chunk: a feed() that grew the memory replaced the view.
    if (at > 0) m.HEAPU8.set(chunk, buffer);
    const fed = run.feed(buffer, chunk.length);
    if (!fed.ok) return fed;
  }
  return { ok: true };
}

// Feeds `bytes` to a _CheckLabelsRun, then finishes it (and deletes it).
function feedInChunks(m, copy, bytes, run) {
  try {
    const fed = feedAll(m, copy, bytes, run);
    return fed.ok ? run.finish() : fed;
  } finally {
    deleteQuietly(run);
  }
}

function deleteQuietly(object) {
  try {
    object?.delete();
  } catch {
    // The module stopped (an abort inside a call): withCore reports that error.
  }
}

/**
 * CSV text (or its bytes) to ranked label issues in one call: parse, type and encode the columns,
 * K-fold out-of-sample probabilities (or the probability columns the file has), Confident
 * Learning. The result shape is documented in index.d.ts (CheckLabelsResult).
 */
export function checkLabels(input, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  if (o.threads !== null && o.threads !== 1)
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'threads' must be 1 or null here: this checkLabels ` +
      `runs on the calling thread; checkLabels of 'labelcheck/worker' (and the CLI's --threads) use several`);
  const bytes = toBytes(fn, input);
  const progress = progressRelay(o.onProgress);
  const raw = coreOptions(o, bytes);
  return assembleResult(progress.rethrowing(() =>
    withCore(fn, (copy, m) => feedInChunks(m, copy, bytes, new m._CheckLabelsRun(raw, progress.relay)))));
}

// The options as the binding reads them.
function coreOptions(o, bytes) {
  return { ...o, onProgress: undefined, threads: undefined, sizeHint: bytes.length };
}

// The user's progress callback, called from C++ as (stage, done, total, detail, workDone,
// workTotal). It runs inside a call from WASM: an exception must not unwind through WASM frames
// (TOOLCHAIN.md 2.1), so it is caught, cancels the run, and is rethrown by rethrowing().
function progressRelay(onProgress) {
  let callbackError = null;
  return {
    relay: onProgress === null ? null : (stage, done, total, detail, workDone, workTotal) => {
      try {
        return onProgress({ stage, done, total, detail, workDone, workTotal }) !== false;
      } catch (e) {
        callbackError = e;
        return false;
      }
    },
    rethrowing(body) {
      try {
        return body();
      } catch (e) {
        if (callbackError !== null) throw callbackError;
        throw e;
      }
    },
  };
}

/**
 * Internal (js/parallel.js): checkLabels in steps on this thread's instance, so that the
 * cross-validation units can run elsewhere. Parses, encodes and plans at once; `plan` is null
 * when nothing is trained (probabilities given). Call dispose() in every case.
 */
export function startCheckLabels(input, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  const bytes = toBytes(fn, input);
  const progress = progressRelay(o.onProgress);
  const raw = coreOptions(o, bytes);
  const m = requireCore(fn);
  let run = null;
  const call = (body) => progress.rethrowing(() => withCore(fn, (copy, mm) => {
    if (mm !== m || run === null)
      throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted during the run`);
    return body(copy, mm);
  }));
  let prepared;
  try {
    prepared = progress.rethrowing(() => withCore(fn, (copy, mm) => {
      run = new mm._CheckLabelsRun(raw, progress.relay);
      const fed = feedAll(mm, copy, bytes, run);
      return fed.ok ? run.prepare() : fed;
    }));
  } catch (e) {
    if (isCurrent(m)) deleteQuietly(run);
    throw e;
  }
  return {
    plan: prepared.plan,
    /** The audit's graph, when complete() would build one: {cost} (estimated seconds), else null. */
    auditGraph: prepared.auditGraph,
    /** The units' inputs: {K, labels, sparse, rows, cols, data | values + columns + rowPtr}. */
    features: () => call(() => run.features()),
    /** Runs unit u here and keeps its output. */
    runUnit: (u) => call(() => run.keepUnit(u)),
    /** Takes the output of unit u from elsewhere (a _CvSession's runUnit). */
    setUnitOutput: (u, out) => call((copy) => (out.kind === 'fit'
      ? run.setUnitOutput(u, out.record, copy(out.probs), out.probs.length, 0, 0, 0)
      : run.setUnitOutput(u, {}, 0, 0, copy(out.indices), copy(out.distances), out.indices.length))),
    /** Takes the audit's graph built elsewhere (a _CvSession's auditGraph); else complete() builds it. */
    setAuditGraph: (g) => call((copy) => run.setAuditGraph(copy(g.indices), copy(g.distances), g.indices.length, g.info)),
    /** Builds the audit's graph here now (while helpers run units), as complete() would. */
    buildAuditGraph: () => { call(() => run.buildAuditGraph()); },
    /** Takes the order-effects check run elsewhere on that graph (a _CvSession's auditNonIid). */
    setAuditNonIid: (a) => { call((copy) => run.setAuditNonIid(copy(a.score), a.score.length, copy(a.rows), a.rows.length, a.info)); },
    /** The audit's checks but the order effects, once the graph is in, while they run elsewhere; optional. */
    auditAllButNonIid: () => { call(() => run.auditAllButNonIid()); },
    /** Confident Learning once every unit has its output (complete() then only audits); optional. */
    findIssues: () => { call(() => run.findIssues()); },
    /** The audit's parts that need no graph, while a helper builds it (complete() then only checks); optional. */
    prepareAudit: () => { call(() => run.prepareAudit()); },
    complete: () => assembleResult(call(() => run.complete())),
    dispose() {
      if (isCurrent(m)) deleteQuietly(run);
      run = null;
    },
  };
}

/**
 * Internal (js/cv-thread.js): a session that runs units of another instance's plan on a copy of
 * its features (`features()` of startCheckLabels). `options`: the checkLabels options the plan was
 * made with (the cross-validation ones matter: model, cvNFolds, seed, repeats, budgetSeconds).
 */
export function startCvSession(features, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  const m = requireCore(fn);
  const noMemory = (what) => ({ ok: false, code: 'OUT_OF_MEMORY',
    message: `not enough WebAssembly memory for a copy of the ${what} (limit ${mib(maxMemory())} MiB)` });
  let session = null;
  let r;
  try {
    r = withCore(fn, (copy, mm) => {
    session = new mm._CvSession(coreOptions(o, new Uint8Array(0)), features.K);
    if (features.sparse) {
      const b = session.sparseBuffers(features.rows, features.values.length, features.cols);
      if (!b.ok) return noMemory('features');
      mm.HEAPF64.set(features.values, (b.values >>> 0) / 8);
      mm.HEAP32.set(features.columns, (b.columns >>> 0) / 4);
      mm.HEAPF64.set(features.rowPtr, (b.rowPtr >>> 0) / 8);
      session.setRowPtr();
    } else {
      const p = session.denseBuffer(features.rows, features.cols) >>> 0;
      if (p === 0 && features.data.length > 0) return noMemory('features');
      mm.HEAPF64.set(features.data, p / 8);
    }
    const l = session.labelsBuffer(features.rows) >>> 0;
    if (l === 0 && features.rows > 0) return noMemory('labels');
    mm.HEAP32.set(features.labels, l / 4);
    if (features.missingMarkers?.length) session.setMissingMarkers(features.missingMarkers);
    return session.plan();
    });
  } catch (e) {
    if (isCurrent(m)) deleteQuietly(session);
    throw e;
  }
  return {
    plan: r.plan,
    runUnit: (u) => withCore(fn, (copy, mm) => {
      if (mm !== m) throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted`);
      return session.runUnit(u);
    }),
    /** The audit's graph of the features, as the coordinator's run would build it. */
    auditGraph: () => withCore(fn, (copy, mm) => {
      if (mm !== m) throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted`);
      return session.auditGraph();
    }),
    /** The order-effects check on the graph auditGraph() built, which it then lets go. */
    auditNonIid: () => withCore(fn, (copy, mm) => {
      if (mm !== m) throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted`);
      return session.auditNonIid();
    }),
    dispose() {
      if (isCurrent(m)) deleteQuietly(session);
      session = null;
    },
  };
}


// The binding's result has the final keys (bindings/bind_pipeline.cpp resultValue) but for
// `issues`, a flat table that becomes one object per issue here, and the flat parts of `audit`
// (bindings/audit_values.hpp); `ok` is dropped.
function assembleResult(r) {
  const { ok, ...result } = r;
  result.issues = issueObjects(r);
  if (r.audit !== null) result.audit = auditObject(r.audit, r.classNames);
  return result;
}

// Flat sets {starts, rows} -> one array of rows per set.
function setArrays({ starts, rows }) {
  const sets = new Array(Math.max(starts.length - 1, 0));
  for (let s = 0; s < sets.length; s++) sets[s] = Array.from(rows.subarray(starts[s], starts[s + 1]));
  return sets;
}

function auditObject(a, classNames) {
  const outliers = new Array(a.outliers.row.length);
  for (let j = 0; j < outliers.length; j++) outliers[j] = { row: a.outliers.row[j], score: a.outliers.score[j] };
  const k = a.knnLabelIssues;
  const knnLabelIssues = new Array(k.row.length);
  for (let j = 0; j < knnLabelIssues.length; j++) {
    knnLabelIssues[j] = {
      row: k.row[j],
      example: k.example[j],
      givenLabel: classNames[k.givenLabel[j]],
      suggestedLabel: classNames[k.suggestedLabel[j]],
      labelQuality: k.labelQuality[j],
    };
  }
  return {
    ...a,
    outliers,
    nearDuplicateSets: setArrays(a.nearDuplicateSets),
    exactDuplicateSets: setArrays(a.exactDuplicateSets),
    nonIid: { ...a.nonIid, rows: Array.from(a.nonIid.rows) },
    emptyRows: Array.from(a.emptyRows),
    knnLabelIssues,
  };
}

function issueObjects(r) {
  const { classNames, examples, rowSpans, summary } = r;
  const { sourceRows, labels, predProbs } = examples;
  const { thresholds } = summary;
  const K = classNames.length;
  const it = r.issues;
  const issues = new Array(it.example.length);
  for (let j = 0; j < issues.length; j++) {
    const example = it.example[j];
    const given = it.givenLabel[j];
    const suggested = it.suggestedLabel[j];
    const probabilities = predProbs.data.slice(example * K, (example + 1) * K);
    const neighbors = [];
    for (let q = it.neighborStarts[j]; q < it.neighborStarts[j + 1]; q++) {
      const e = it.neighborExamples[q];
      const row = sourceRows[e];
      neighbors.push({ row, line: rowSpans.lines[row], example: e, label: classNames[labels[e]], distance: it.neighborDistances[q] });
    }
    issues[j] = {
      row: it.row[j],
      line: it.line[j],
      example,
      givenLabel: classNames[given],
      givenLabelIndex: given,
      suggestedLabel: classNames[suggested],
      suggestedLabelIndex: suggested,
      labelQuality: it.labelQuality[j],
      probabilities,
      givenLabelProbability: probabilities[given],
      suggestedLabelProbability: probabilities[suggested],
      givenLabelThreshold: thresholds[given],
      suggestedLabelThreshold: thresholds[suggested],
      neighbors,
    };
  }
  return issues;
}
