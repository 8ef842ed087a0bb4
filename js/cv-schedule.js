// checkLabels with its cross-validation on several threads, one WebAssembly instance each and
// no shared memory. The schedule is here; the threads come from the platform: parallel.js
// (module Web Workers, for browsers and bundlers) or parallel-node.js (worker_threads).
//
//   1. this thread's instance parses, encodes and plans (startCheckLabels in pipeline.js);
//   2. helper threads (cv-thread.js, cv-thread-node.js; started before step 1 when the input
//      is large, so that their start overlaps the parse) get a copy of the encoded features and
//      the options, make the same plan (checked by its fingerprint) and run units as they are
//      handed out, largest first, the first ones right behind the features; this thread runs
//      units too, between hand-outs;
//   3. this thread's instance combines the outputs and finishes (Confident Learning, ranking).
//
// The data audit's neighbour graph (when the run builds one) is one more piece of work in the
// queue, by its estimated cost: a helper builds it from its copy of the features beside the
// units and hands it over; if this thread's turn comes to it first, it builds it then.
// A helper that built it then runs the order-effects check on it (the costliest check, all its
// permutations) while this thread runs the other checks; while the helper still builds it, this
// thread computes what the audit needs no graph for.
//
// Every unit is a pure function of the inputs (src/labelcheck/cv_plan.hpp), so the result is
// bit-identical to the one-thread checkLabels whatever the number of threads. Helpers live for one
// run: their memory (a copy of the features each) goes back when it ends.
import { LabelcheckError } from './errors.js';
import { instanceRecipe } from './instance.js';
import { checkLabels, startCheckLabels } from './pipeline.js';

// The queue's entry for the audit's graph (units are 0, 1, ...).
const AUDIT_GRAPH = -1;

// Units a helper holds at once (the one it runs and the next).
const HELPER_DEPTH = 2;

// Helpers hold a copy of the features each (in their WebAssembly memory, plus a transient one
// while it arrives): at most this many bytes of copies in all, so that a machine with many cores
// does not multiply a large file in one browser tab (1M rows x 20 features: 3 helpers).
const HELPER_FEATURE_BYTES = 512 * 2 ** 20;

// Helpers start before this thread reads the input when it holds at least this many bytes: a
// helper's start (a thread, its JavaScript modules: about 0.13 s in Node) then overlaps the
// parse and encoding here instead of following them. Below it the whole check takes a few tens
// of milliseconds, and a helper may not be wanted at all (the plan decides; extra ones are ended).
const EARLY_START_BYTES = 1 << 20;

// The input's size in bytes (a string: its UTF-16 length, near enough for the choice above).
function inputBytes(input) {
  if (typeof input === 'string') return input.length;
  return input?.byteLength ?? 0;
}

function featureBytes(f) {
  return f.sparse ? f.values.byteLength + f.columns.byteLength + f.rowPtr.byteLength : f.data.byteLength;
}

/**
 * checkLabels (pipeline.js) with `threads` threads for the cross-validation (null: every core).
 * Same options and result; `onProgress` also gets the "crossValidation" stage per finished unit
 * (detail = the model, workDone/workTotal = estimated seconds done/in all). Returning false
 * from it cancels (CANCELLED).
 *
 * `platform`: {availableCores(), canHelp(recipe), startHelper(), yieldToEvents()}; startHelper()
 * returns {post(message, transfer), onMessage(fn), onError(fn), terminate()}. Optional
 * `earlyStartBytes`: the input size from which helpers start before the parse (default 1 MiB;
 * tests lower it to try the early start on small inputs).
 */
export async function checkLabelsOnThreadsWith(platform, input, options = {}) {
  const { availableCores, startHelper, yieldToEvents } = platform;
  const fn = 'checkLabels';
  const { threads: requested = null, ...rest } = options ?? {};
  if (requested !== null && !(Number.isInteger(requested) && requested >= 1))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'threads' must be a whole number >= 1 or null; got ${requested}`);
  const threads = requested ?? (await availableCores());
  // A helper makes its instance from this one's recipe: a platform that cannot (a browser
  // bundle has no debug glue in its helpers) runs everything here.
  if (threads <= 1 || !platform.canHelp(instanceRecipe())) return checkLabels(input, rest);

  const onProgress = typeof rest.onProgress === 'function' ? rest.onProgress : null;
  const helpers = [];
  const starting = [];  // helpers started before the plan (promises)
  let run = null;
  try {
    // A large input: helpers start now, as many as its copies of the features may be (the
    // features are about the size of a numeric CSV), beside the parse below.
    const bytes = inputBytes(input);
    const early = bytes < (platform.earlyStartBytes ?? EARLY_START_BYTES) ? 0 : Math.min(threads - 1, Math.max(1, Math.floor(HELPER_FEATURE_BYTES / bytes)));
    for (let i = 0; i < early; i++) starting.push(startHelper());
    // Progress of Confident Learning run here while a helper still builds the audit's graph
    // (below) is held back and given after the graph's, so that the stages keep their order.
    let held = null;
    const relay = onProgress && ((p) => (held ? (held.push(p), true) : onProgress(p)));
    run = startCheckLabels(input, relay ? { ...rest, onProgress: relay } : rest);
    const plan = run.plan;
    const auditGraph = run.auditGraph;  // {cost} or null
    const pieces = (plan?.units.length ?? 0) + (auditGraph ? 1 : 0);
    if (!plan || pieces <= 1) {
      for (let u = 0; plan && u < plan.units.length; u++) run.runUnit(u);
      return run.complete();
    }
    const features = run.features();
    const wanted = Math.min(threads - 1, pieces - 1,
      Math.max(1, Math.floor(HELPER_FEATURE_BYTES / Math.max(featureBytes(features), 1))));
    // The options the plan depends on (refit: whether kNN reads the audit's graph), and audit:
    // whether a helper that builds the graph runs the order-effects check on it too.
    const audits = rest.audit !== false;
    const cvOptions = {
      model: rest.model, cvNFolds: rest.cvNFolds, seed: rest.seed, repeats: rest.repeats, budgetSeconds: rest.budgetSeconds,
      audit: rest.audit, refit: rest.refit,
    };
    for (const k of Object.keys(cvOptions)) if (cvOptions[k] === undefined) delete cvOptions[k];
    for (let i = wanted; i < starting.length; i++) starting[i].then((h) => h.terminate(), () => {});

    const total = pieces;
    const workTotal = plan.totalCost + (auditGraph?.cost ?? 0);
    const costOf = (u) => (u === AUDIT_GRAPH ? auditGraph.cost : plan.units[u].cost);
    // Without the audit the graph is there for kNN's vote alone.
    const detailOf = (u) => (u === AUDIT_GRAPH ? (audits ? 'audit graph' : 'neighbour graph') : plan.units[u].model);
    let done = 0;
    let workDone = 0;
    let failure = null;
    let cancelled = false;
    const queue = plan.units.map((_, u) => u);  // plan order: largest first
    if (auditGraph) {
      const at = queue.findIndex((u) => plan.units[u].cost < auditGraph.cost);
      queue.splice(at < 0 ? queue.length : at, 0, AUDIT_GRAPH);
    }
    let unitsDone = 0;
    const report = (u) => {
      done++;
      if (u !== AUDIT_GRAPH) unitsDone++;
      workDone += costOf(u);
      if (onProgress === null || cancelled) return;
      let go;
      try {
        go = onProgress({ stage: 'crossValidation', done, total, detail: detailOf(u), workDone, workTotal });
      } catch (e) {
        failure ??= e;
        go = false;
      }
      if (go === false) cancelled = true;
    };
    report.start = () => {
      if (onProgress === null) return;
      try {
        if (onProgress({ stage: 'crossValidation', done: 0, total, detail: detailOf(queue[0]), workDone: 0, workTotal }) === false)
          cancelled = true;
      } catch (e) {
        failure ??= e;
        cancelled = true;
      }
    };
    report.start();

    // Scheduling: helpers take units from the front of the queue (the largest first) and hold up
    // to HELPER_DEPTH at a time, so that one finishing while this thread is busy in its own unit
    // goes straight on to the next; this thread takes from the back (the smallest), so that it
    // comes back to hand out work soon.
    let wake = null;
    const notify = () => { const w = wake; wake = null; w?.(); };
    const recipe = instanceRecipe();
    let busy = 0;  // units handed to helpers and not back yet
    // The helper that handed over the audit's graph runs the order-effects check on it next
    // (cv-thread-calls.js), while this thread runs the other checks (auditAllButNonIid); null
    // once it is in, or if that helper is lost (complete() then runs the check here).
    let nonIidFrom = null;
    let auditPrepared = false;  // run.prepareAudit() was called
    const hand = (h) => {
      // A helper building the audit's graph (the longest piece) holds nothing behind it, so that
      // no unit waits on it while this thread is idle.
      while (!failure && !cancelled && queue.length > 0 && h.ready && h.units.length < HELPER_DEPTH &&
             !h.units.includes(AUDIT_GRAPH) && !(h.units.length > 0 && queue[0] === AUDIT_GRAPH)) {
        const u = queue.shift();
        h.units.push(u);
        busy++;
        h.post(u === AUDIT_GRAPH ? { type: 'auditGraph' } : { type: 'unit', unit: u });
      }
    };
    // A helper that cannot start or dies is dropped; its units go back to the queue (this thread
    // runs what is left). Errors a unit reports itself end the run.
    const drop = (h) => {
      if (h.dead) return;
      h.dead = true;
      h.ready = false;
      if (nonIidFrom === h) nonIidFrom = null;
      busy -= h.units.length;
      queue.unshift(...h.units);
      h.units = [];
    };
    for (let i = 0; i < wanted; i++) {
      const h = await (i < starting.length ? starting[i] : startHelper());
      h.ready = false;
      h.units = [];
      h.onMessage((msg) => {
        if (msg.type === 'ready') {
          if (msg.fingerprint !== plan.fingerprint)
            failure ??= new LabelcheckError('INTERNAL', `${fn}: a helper thread planned the cross-validation differently`);
        } else if (msg.type === 'output') {
          busy--;
          h.units = h.units.filter((u) => u !== msg.unit);
          try {
            run.setUnitOutput(msg.unit, msg.output);
            report(msg.unit);
          } catch (e) {
            failure ??= e;
          }
          hand(h);
        } else if (msg.type === 'auditGraph') {
          busy--;
          h.units = h.units.filter((u) => u !== AUDIT_GRAPH);
          try {
            run.setAuditGraph(msg.graph);
            if (audits) nonIidFrom = h;
            report(AUDIT_GRAPH);
          } catch (e) {
            failure ??= e;
          }
          hand(h);
        } else if (msg.type === 'auditNonIid') {
          nonIidFrom = null;
          try {
            run.setAuditNonIid(msg.nonIid);
          } catch (e) {
            failure ??= e;
          }
        } else if (msg.type === 'error') {
          busy -= h.units.length;
          h.units = [];
          failure ??= new LabelcheckError(msg.error.code, `${fn}: ${msg.error.message}`);
        }
        notify();
      });
      h.onError(() => {
        drop(h);
        notify();
      });
      helpers.push(h);
      // The last helper may take the features themselves; the others get copies.
      const last = i === wanted - 1;
      const transfer = !last ? [] : features.sparse
        ? [features.values.buffer, features.columns.buffer, features.rowPtr.buffer, features.labels.buffer]
        : [features.data.buffer, features.labels.buffer];
      h.post({ type: 'setup', recipe, features, options: cvOptions }, transfer);
      // Its first units go at once, behind the setup (a helper handles its messages in order):
      // waiting for its 'ready' meant waiting for this thread to finish a unit of its own.
      h.ready = true;
      hand(h);
    }

    // This thread runs units too, yielding between them so that helpers get their next units.
    for (;;) {
      await yieldToEvents();
      if (failure || cancelled) break;
      if (queue.length > 0) {
        const u = queue.pop();
        if (u !== AUDIT_GRAPH) run.runUnit(u);
        else run.buildAuditGraph();  // beside the helpers' units (complete() then checks order effects here)
        report(u);
        continue;
      }
      if (busy === 0) break;
      // Every unit is in and a helper still builds the audit's graph: Confident Learning, the
      // ranking and the explanations now, instead of after the graph (complete() then audits);
      // not when kNN is the graph's vote (plan.knnVote): they wait for it.
      if (unitsDone === plan.units.length && held === null && !plan.knnVote) {
        held = [];
        run.findIssues();
        continue;
      }
      // Then the audit's parts that need no graph (its exact copies, the recall sample).
      if (unitsDone === plan.units.length && auditGraph && !auditPrepared) {
        auditPrepared = true;
        run.prepareAudit();
        continue;
      }
      await new Promise((resolve) => { wake = resolve; });
    }
    if (failure) throw failure;
    if (cancelled) throw new LabelcheckError('CANCELLED', `${fn}: cancelled`);
    for (const p of held ?? []) if (onProgress(p) === false) throw new LabelcheckError('CANCELLED', `${fn}: cancelled`);
    held = null;
    if (nonIidFrom) {
      run.auditAllButNonIid();
      while (nonIidFrom && !failure) await new Promise((resolve) => { wake = resolve; });
      if (failure) throw failure;
    }
    return run.complete();
  } finally {
    for (const h of helpers) h.terminate();
    // Started early and not taken on (the input failed to read, or the plan wanted fewer).
    for (const p of starting) p.then((h) => { if (!helpers.includes(h)) h.terminate(); }, () => {});
    run?.dispose();
  }
}
