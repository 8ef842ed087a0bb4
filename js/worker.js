// labelcheck/worker: the same functions as 'labelcheck', run in a worker thread, returning
// Promises, so that large inputs do not block the page (or Node's event loop).
//
//   import { init, findLabelIssues } from 'labelcheck/worker';
//   await init();
//   const { indices } = await findLabelIssues(labels, predProbs, { filterBy: 'both' });
//
// Browsers: a module Web Worker (new Worker(url, {type: 'module'})) running worker-thread.js,
// which loads the .wasm next to the package's JS (or where `locateFile` says). Node: a
// worker_threads thread; the main thread reads the .wasm file and passes its bytes.
// Inputs are copied to the worker (structured clone); results are transferred back.
import { LabelcheckError, errorCodes } from './errors.js';
import { apiFunctions } from './functions.js';

export { LabelcheckError, errorCodes };
export { version } from './instance.js';
export { defaultOptions } from './options.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined'
  && typeof self === 'undefined';

let worker = null;
let starting = null;
let nextId = 1;
const waiting = new Map();

function settle(data) {
  const entry = waiting.get(data.id);
  if (!entry) return;
  if (data.progress) {
    // checkLabels progress: the callback's return value cannot stop the worker, which is busy
    // in WebAssembly; cancel with an AbortSignal (options.signal) or terminate().
    try { entry.onProgress?.(data.progress); } catch { /* a failing callback must not break the worker */ }
    return;
  }
  waiting.delete(data.id);
  if (waiting.size === 0 && isNode) worker.unref(); // an idle worker does not keep Node alive
  if (data.ok) entry.resolve(data.result);
  else {
    const e = data.error;
    entry.reject(new LabelcheckError(e.code, e.message, { row: e.row, line: e.line, column: e.column }));
  }
}

function failAll(error) {
  const e = new LabelcheckError('INTERNAL', `labelcheck/worker: the worker failed: ${error?.message ?? error}`, { cause: error });
  for (const entry of waiting.values()) entry.reject(e);
  waiting.clear();
  worker = null;
  starting = null;
}

async function startWorker() {
  const url = new URL('./worker-thread.js', import.meta.url);
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(url, { workerData: { entry: new URL('./node.js', import.meta.url).href } });
    w.on('message', settle);
    w.on('error', failAll);
    w.on('exit', (code) => { if (worker === w) failAll(new Error(`exited with code ${code}`)); });
    w.unref();
    return w;
  }
  const w = new Worker(url, { type: 'module' });
  w.onmessage = (event) => settle(event.data);
  w.onerror = (event) => { event.preventDefault?.(); failAll(new Error(event.message)); };
  return w;
}

function send(fn, payload, onProgress) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject, onProgress });
    if (isNode) worker.ref();
    try {
      worker.postMessage({ id, fn, ...payload });
    } catch (e) {
      waiting.delete(id);
      reject(e instanceof LabelcheckError ? e
        : new LabelcheckError('INVALID_ARGUMENT', `${fn}: the arguments cannot be sent to the worker: ${e.message}`, { cause: e }));
    }
  });
}

/**
 * Starts the worker and loads the WebAssembly module in it (once; later calls return the same
 * promise). Options as for `init` of 'labelcheck'.
 */
export function init(options = {}) {
  if (starting) return starting;
  starting = (async () => {
    worker = await startWorker();
    const o = { ...options };
    if (typeof o.locateFile === 'function') {
      const dir = new URL(o.debug ? './wasm/debug/' : './wasm/', import.meta.url).href;
      o.wasmUrl = String(o.locateFile('labelcheck.wasm', dir));
      delete o.locateFile;
    }
    if (isNode && o.wasmBinary === undefined) {
      // The thread's glue cannot read files in Node: read the bytes here.
      const { readFile } = await import('node:fs/promises');
      const { fileURLToPath } = await import('node:url');
      const where = o.wasmUrl ?? new URL(o.debug ? './wasm/debug/labelcheck.wasm' : './wasm/labelcheck.wasm', import.meta.url).href;
      o.wasmBinary = await readFile(where.startsWith('file:') ? fileURLToPath(where) : where);
      delete o.wasmUrl;
    }
    try {
      await send('init', { options: o });
    } catch (e) {
      terminate();
      throw e;
    }
  })();
  return starting;
}

/** Stops the worker; pending calls reject. A later init() starts a new one. */
export function terminate() {
  const w = worker;
  worker = null;
  starting = null;
  if (w) w.terminate();
  const e = new LabelcheckError('CANCELLED', 'labelcheck/worker: terminated');
  for (const entry of waiting.values()) entry.reject(e);
  waiting.clear();
}

function call(fn) {
  return (...args) => {
    if (!worker) return Promise.reject(new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck/worker`));
    return send(fn, { args });
  };
}

// Every function of the list (js/functions.js) posts its arguments to the thread; checkLabels
// has its own wrapper below (progress events, AbortSignal). An ES module must name its exports:
// tests/js/functions.test.js checks that these are the list's.
const calls = Object.fromEntries(apiFunctions.filter((fn) => fn !== 'checkLabels').map((fn) => [fn, call(fn)]));
export const {
  findLabelIssues, getLabelQualityScores, orderLabelIssues,
  computeConfidentJoint, getConfidentThresholds, estimateJoint, estimateLatent,
  estimatePyAndNoiseMatricesFromProbabilities, numLabelIssues,
  rankClassesByLabelQuality, findOverlappingClasses, overallLabelHealthScore, healthSummary,
  moduleInfo,
  previewCsv, rowValues, annotateCsv, relabelCsv, crossValidatedProbabilities,
} = calls;

/**
 * checkLabels of 'labelcheck', in the worker. `options.onProgress` receives the progress events
 * posted by the worker (its return value is ignored: the worker is busy in WebAssembly);
 * `options.signal` (an AbortSignal) cancels: the worker is terminated, every pending call
 * rejects with CANCELLED, and the next init() starts a fresh worker.
 */
export function checkLabels(input, options = {}) {
  const fn = 'checkLabels';
  if (!worker) return Promise.reject(new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck/worker`));
  const { onProgress, signal, ...rest } = options ?? {};
  if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function')
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'onProgress' must be a function or null`));
  if (signal?.aborted) return Promise.reject(new LabelcheckError('CANCELLED', `${fn}: cancelled`));
  const promise = send(fn, { args: [input, rest], progress: typeof onProgress === 'function' }, onProgress ?? undefined);
  if (signal) {
    const abort = () => terminate();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(() => signal.removeEventListener('abort', abort), () => signal.removeEventListener('abort', abort));
  }
  return promise;
}
