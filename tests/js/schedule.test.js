// The cross-validation schedule (js/cv-schedule.js) on a platform made here: its helpers run in
// this thread, on this instance (cv-thread-calls.js, as the real helpers do), their messages
// delivered asynchronously. So the schedule itself is checked where threads cannot show it:
// helpers started before the input is read (inputs of 1 MiB or more), handed units before they
// say they are ready, dying at the start, and every helper ended whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLabelsOnThreadsWith } from '../../js/cv-schedule.js';
import { createCvHandler } from '../../js/cv-thread-calls.js';
import { api } from './helpers/setup.js';
import { sameResult } from './helpers/same-result.js';

const lc = await api();

// A numeric CSV: 3 classes, 10 features (13,000 rows: 1.2 MB, above the early start's 1 MiB).
function csv(rows) {
  const lines = ['label,' + Array.from({ length: 10 }, (_, j) => `x${j}`).join(',')];
  let s = 1;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    lines.push([`c${c}`, ...Array.from({ length: 10 }, (_, j) => (c * (j % 3) + 2 * rand()).toFixed(6))].join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
const big = csv(13_000);
// The checks below run on a smaller file, with the early start lowered to its size (the whole
// checks on the 1.2 MB file took 170 s on the debug build); the 1 MiB default is checked on the
// failing read, which costs no check.
const data = csv(2_000);
const one = lc.checkLabels(data, { model: 'logistic' });

// `dies`: the helpers (by start order) that fail at their start instead of running.
// `slowGraph`: the audit graph's reply (and every one after it) comes this many ms late (this
// thread has its units done by then).
// `diesAfterGraph`: a helper dies instead of sending the order-effects check after the graph.
// `markNonIid`: that check (the helper's permutations) arrives with this statistic and with
// every one of its permutations reaching it, so that a test sees whose check was used.
function platform({ dies = [], slowGraph = 0, earlyStartBytes = 0, diesAfterGraph = false, markNonIid = null } = {}) {
  const log = { started: 0, ended: 0, units: 0, graphs: 0, nonIid: 0 };
  const startHelper = async () => {
    const index = log.started++;
    let onMessage = null;
    let onError = null;
    let ended = false;
    const later = (fn) => setImmediate(() => { if (!ended) fn(); });
    // Replies keep their order, as a thread's messages do: those after a late graph wait for it.
    let behind = Promise.resolve();
    let died = false;
    const reply = (m) => {
      if (m.type === 'auditGraph' && slowGraph > 0) behind = new Promise((resolve) => setTimeout(resolve, slowGraph));
      if (m.type === 'auditNonIid') log.nonIid++;
      if (m.type === 'auditNonIid' && markNonIid !== null)
        m = { ...m, nonIid: { ...m.nonIid, info: { ...m.nonIid.info, statistic: markNonIid, reached: m.nonIid.info.permutations } } };
      // A thread that died sends nothing more.
      const lost = m.type === 'auditNonIid' && diesAfterGraph;
      behind.then(() => later(() => {
        if (died) return;
        died = lost;
        if (lost) onError?.(new Error('a helper thread exited with code 1'));
        else onMessage?.(m);
      }));
    };
    const handle = createCvHandler({ lc: { init: async () => {} }, post: reply });
    if (dies.includes(index)) later(() => onError?.(new Error('a helper thread exited with code 1')));
    return {
      post: (m) => {
        if (m.type === 'unit' || m.type === 'auditGraph') log.units++;
        if (m.type === 'auditGraph') log.graphs++;
        if (!dies.includes(index)) later(() => handle(m));
      },
      onMessage: (fn) => { onMessage = fn; },
      onError: (fn) => { onError = fn; },
      terminate: () => {
        if (!ended) log.ended++;
        ended = true;
      },
    };
  };
  return {
    log,
    earlyStartBytes,
    availableCores: async () => 3,
    canHelp: () => true,
    startHelper,
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
  };
}


test('helpers started before the read run units and the audit graph: the one-thread result, every helper ended', async () => {
  for (const threads of [2, 3]) {
    const p = platform();
    const r = await checkLabelsOnThreadsWith(p, data, { model: 'logistic', threads });
    sameResult(one, r, `threads ${threads}`);
    assert.equal(p.log.started, threads - 1);
    assert.ok(p.log.units > 0, 'the helpers were given work');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(p.log.ended, p.log.started, `threads ${threads}: every helper ended`);
  }
});

test('a helper that dies at its start: its units go back, the same result', async () => {
  const p = platform({ dies: [0] });
  sameResult(one, await checkLabelsOnThreadsWith(p, data, { model: 'logistic', threads: 2 }), 'helper died');
  const q = platform({ dies: [1] });
  sameResult(one, await checkLabelsOnThreadsWith(q, data, { model: 'logistic', threads: 3 }), 'one of two died');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(p.log.ended, p.log.started);
  assert.equal(q.log.ended, q.log.started);
});

test('the helper that built the graph runs the order-effects check; lost before it is in, this thread runs it', async () => {
  for (const diesAfterGraph of [false, true]) {
    const p = platform({ diesAfterGraph, slowGraph: 200 });
    const seen = [];
    const r = await checkLabelsOnThreadsWith(p, data, { model: 'logistic', threads: 2, onProgress: (e) => { if (e.stage === 'audit') seen.push(e.detail); } });
    assert.equal(p.log.graphs, 1, 'the helper built the audit graph');
    assert.equal(p.log.nonIid, 1, 'and ran the order-effects check on it');
    sameResult(one, r, diesAfterGraph ? 'helper lost after the graph' : 'order effects from the helper');
    assert.equal(seen.at(-1), 'nonIid', 'the order effects are the last step');
    assert.equal(seen.filter((d) => d === 'nonIid').length, 1);
  }
  // The check used is the helper's (marked), not one run here again: it ran all 25
  // permutations, so its p-value is taken as it came.
  const marked = await checkLabelsOnThreadsWith(platform({ slowGraph: 200, markNonIid: 0.5 }), data, { model: 'logistic', threads: 2 });
  assert.notEqual(one.audit.nonIid.statistic, 0.5);
  assert.equal(marked.audit.nonIid.statistic, 0.5);
  assert.equal(marked.audit.nonIid.permutations, 25);
  assert.equal(marked.audit.nonIid.pValue, one.audit.nonIid.pValue);
});

test('an input that cannot be read: the error, and the helpers started early are ended', async () => {
  assert.ok(big.length >= 2 ** 20);
  const bad = new Uint8Array(big);
  bad.set(new TextEncoder().encode('"unclosed'), 2000);
  const p = platform({ earlyStartBytes: null });  // the default, 1 MiB
  await assert.rejects(checkLabelsOnThreadsWith(p, bad, { threads: 3 }), (e) => /^CSV_/.test(e.code));
  assert.equal(p.log.started, 2, 'started before the read');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(p.log.ended, 2);
  // A small input starts none before it is read.
  const small = platform({ earlyStartBytes: null });
  await assert.rejects(checkLabelsOnThreadsWith(small, bad.subarray(0, 3000), { threads: 3 }), (e) => /^CSV_/.test(e.code));
  assert.equal(small.log.started, 0);
});

test('progress keeps the stages in order when this thread finds the issues while a helper builds the graph', async () => {
  const stages = ['parse', 'encode', 'crossValidation', 'findIssues', 'audit'];
  const seen = [];
  const p = platform({ slowGraph: 500 });
  const r = await checkLabelsOnThreadsWith(p, data, { model: 'logistic', threads: 2, onProgress: (e) => { seen.push(e); } });
  assert.equal(p.log.graphs, 1, 'the helper built the audit graph');
  const order = seen.map((e) => stages.indexOf(e.stage));
  assert.ok(!order.includes(-1));
  for (let i = 1; i < order.length; i++) assert.ok(order[i] >= order[i - 1], `${seen[i - 1].stage} then ${seen[i].stage}`);
  assert.deepEqual(seen.filter((e) => e.stage === 'findIssues').map((e) => e.done), [0, 1]);
  const cv = seen.filter((e) => e.stage === 'crossValidation');
  assert.equal(cv.at(-1).done, cv.at(-1).total);
  sameResult(one, r, 'with progress');
  // Cancelling from a held event (Confident Learning's, given after the graph's) stops the run.
  const q = platform({ slowGraph: 500 });
  await assert.rejects(checkLabelsOnThreadsWith(q, data, { model: 'logistic', threads: 2, onProgress: (e) => e.stage !== 'findIssues' }),
    { code: 'CANCELLED' });
});
