// What a labelcheck/worker thread does with a message, shared by its two forms: worker-thread.js
// (a module Web Worker) and worker-thread-node.js (a worker_threads thread). Messages:
//   in:  {id, fn: 'init', options}  |  {id, fn: '<api function>', args: [...]}
//   in:  {id, fn: 'checkLabels', args: [input, options], progress: boolean}
//   out: {id, ok: true, result}     |  {id, ok: false, error: {name, code, message, row, line, column}}
//        {id, progress: {stage, done, total, detail}}  (checkLabels, before its result)
// Typed arrays in results are transferred, not copied.
import { apiFunctions } from './functions.js';

// What the main thread may ask for: the public functions (js/functions.js), nothing else.
const callable = new Set(apiFunctions);

function transferables(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return [...out];
}

/**
 * The message handler of a thread: `lc` is the synchronous API of the thread's platform,
 * `checkLabelsOnThreads` its multi-threaded checkLabels, `post(message, transfer)` the reply.
 */
export function createCallHandler({ lc, checkLabelsOnThreads, post }) {
  return async function handle({ id, fn, args, options, progress }) {
    try {
      let result;
      if (fn === 'init') {
        const o = { ...options };
        // A locateFile function cannot be posted; the main thread sends the URL it returned.
        if (o.wasmUrl !== undefined) {
          const url = o.wasmUrl;
          delete o.wasmUrl;
          o.locateFile = () => url;
        }
        result = await lc.init(o);
      } else if (fn === 'checkLabels') {
        const [input, o = {}] = args;
        // Progress events are posted to the main thread (same message id, `progress` set). The
        // cross-validation runs on `threads` threads (default: every core), helpers started here.
        result = await checkLabelsOnThreads(input, progress ? { ...o, onProgress: (p) => post({ id, progress: p }) } : o);
      } else if (callable.has(fn)) {
        result = lc[fn](...args);
      } else {
        throw new lc.LabelcheckError('INVALID_ARGUMENT', `labelcheck/worker: unknown function '${fn}'`);
      }
      post({ id, ok: true, result }, transferables(result));
    } catch (e) {
      const error = e instanceof lc.LabelcheckError
        ? { name: e.name, code: e.code, message: e.message, row: e.row, line: e.line, column: e.column }
        : { name: 'LabelcheckError', code: 'INTERNAL', message: String(e?.message ?? e) };
      post({ id, ok: false, error });
    }
  };
}
