// The main-thread side of labelcheck/worker, shared by its two entry points: worker.js (browsers
// and bundlers: a module Web Worker) and worker-node.js (Node: a worker_threads thread). Each
// entry supplies how to start its thread and what init() must add to the options; the protocol
// (one message per call, results matched by id, errors rebuilt as LabelcheckErrors) is here.
// Messages: see worker-thread.js.
import { LabelcheckError } from './errors.js';
import { apiFunctions } from './functions.js';

/**
 * The worker API over one platform:
 *   start()             -> {post(message), terminate(), ref(), unref()}; it calls
 *                          onMessage(data) and onFailure(error) given to it
 *   prepareInit(options) -> the options to post with 'init' (may be async)
 * Returns {init, terminate, checkLabels, ...one function per name of the list}.
 */
export function createWorkerApi({ start, prepareInit }) {
  let worker = null;
  let starting = null;
  let answered = false;  // the thread has replied at least once: it started
  let nextId = 1;
  const waiting = new Map();

  function settle(data) {
    answered = true;
    const entry = waiting.get(data.id);
    if (!entry) return;
    if (data.progress) {
      // checkLabels progress: the callback's return value cannot stop the worker, which is busy
      // in WebAssembly; cancel with an AbortSignal (options.signal) or terminate().
      try { entry.onProgress?.(data.progress); } catch { /* a failing callback must not break the worker */ }
      return;
    }
    waiting.delete(data.id);
    if (waiting.size === 0) worker?.unref(); // an idle worker does not keep Node alive
    if (data.ok) entry.resolve(data.result);
    else {
      const e = data.error;
      entry.reject(new LabelcheckError(e.code, e.message, { row: e.row, line: e.line, column: e.column }));
    }
  }

  // The thread failed: before it ever answered, it could not start (its script did not load,
  // e.g. a bundler did not emit it); after, it crashed. Every pending call rejects.
  function failAll(w, error) {
    if (worker !== w) return;
    const e = answered
      ? new LabelcheckError('INTERNAL', `labelcheck/worker: the worker failed: ${error?.message ?? error}`, { cause: error })
      : new LabelcheckError('LOAD_FAILED', `labelcheck/worker: the worker could not start: ${error?.message ?? error}`, { cause: error });
    for (const entry of waiting.values()) entry.reject(e);
    waiting.clear();
    worker = null;
    starting = null;
  }

  function send(fn, payload, onProgress) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject, onProgress });
      worker.ref();
      try {
        worker.post({ id, fn, ...payload });
      } catch (e) {
        waiting.delete(id);
        reject(e instanceof LabelcheckError ? e
          : new LabelcheckError('INVALID_ARGUMENT', `${fn}: the arguments cannot be sent to the worker: ${e.message}`, { cause: e }));
      }
    });
  }

  /** Stops the worker; pending calls reject. A later init() starts a new one. */
  function terminate() {
    const w = worker;
    worker = null;
    starting = null;
    if (w) w.terminate();
    const e = new LabelcheckError('CANCELLED', 'labelcheck/worker: terminated');
    for (const entry of waiting.values()) entry.reject(e);
    waiting.clear();
  }

  async function startAndLoad(options) {
    let posted;
    let w;
    let stage = 'could not read the WebAssembly module';
    try {
      posted = await prepareInit({ ...options });
      stage = 'the worker could not start';
      answered = false;
      w = start({ onMessage: settle, onFailure: (error) => failAll(w, error) });
    } catch (e) {
      if (e instanceof LabelcheckError) throw e;
      throw new LabelcheckError('LOAD_FAILED', `labelcheck/worker: ${stage}: ${e?.message ?? e}`, { cause: e });
    }
    worker = w;
    try {
      await send('init', { options: posted });
    } catch (e) {
      if (worker === w) terminate();
      throw e;
    }
  }

  /** Starts the worker and loads the WebAssembly module in it (once; later calls return the same promise). */
  function init(options = {}) {
    if (starting) return starting;
    const attempt = startAndLoad(options);
    starting = attempt;
    attempt.catch(() => { if (starting === attempt) starting = null; });  // a failed start can be tried again
    return attempt;
  }

  function call(fn) {
    return (...args) => {
      if (!worker) return Promise.reject(new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck/worker`));
      return send(fn, { args });
    };
  }

  /**
   * checkLabels, in the worker. `options.onProgress` receives the progress events posted by the
   * worker (its return value is ignored: the worker is busy in WebAssembly); `options.signal`
   * (an AbortSignal) cancels: the worker is terminated, every pending call rejects with
   * CANCELLED, and the next init() starts a fresh worker.
   */
  function checkLabels(input, options = {}) {
    const fn = 'checkLabels';
    if (!worker) return Promise.reject(new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck/worker`));
    // The options this side takes out are checked here, before anything is sent: a job in the
    // worker whose caller already threw would be left with nobody to hear how it ends.
    if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
      return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', `${fn}: options must be an object`));
    const { onProgress, signal, ...rest } = options ?? {};
    if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function')
      return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'onProgress' must be a function or null`));
    if (signal !== undefined && signal !== null && !(typeof signal.addEventListener === 'function' && typeof signal.aborted === 'boolean'))
      return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'signal' must be an AbortSignal or null`));
    if (signal?.aborted) return Promise.reject(new LabelcheckError('CANCELLED', `${fn}: cancelled`));
    const promise = send(fn, { args: [input, rest], progress: typeof onProgress === 'function' }, onProgress ?? undefined);
    if (signal) {
      const abort = () => terminate();
      signal.addEventListener('abort', abort, { once: true });
      promise.then(() => signal.removeEventListener('abort', abort), () => signal.removeEventListener('abort', abort));
    }
    return promise;
  }

  // Every function of the list (js/functions.js) posts its arguments to the thread; checkLabels
  // has its own wrapper (progress events, AbortSignal).
  const calls = Object.fromEntries(apiFunctions.filter((fn) => fn !== 'checkLabels').map((fn) => [fn, call(fn)]));
  return { init, terminate, checkLabels, ...calls };
}
