// The thread side of labelcheck/worker (see worker.js): runs the synchronous API in a Web Worker
// (module worker) or a Node worker_threads thread. Messages:
//   in:  {id, fn: 'init', options}  |  {id, fn: '<api function>', args: [...]}
//   in:  {id, fn: 'checkLabels', args: [input, options], progress: boolean}
//   out: {id, ok: true, result}     |  {id, ok: false, error: {name, code, message, row, line, column}}
//        {id, progress: {stage, done, total, detail}}  (checkLabels, before its result)
// Typed arrays in results are transferred, not copied.
import { apiFunctions } from './functions.js';

// In Node, worker.js names the entry to load (node.js, whose init() can also start the debug
// build) in workerData, so that bundlers building for browsers only ever see index.js here.
const nodeThread = typeof self === 'undefined';
let port;
let lc;
if (nodeThread) {
  const threads = await import('node:worker_threads');
  port = threads.parentPort;
  lc = await import(threads.workerData.entry);
} else {
  port = self;
  lc = await import('./index.js');
}

// What the main thread may ask for: the public functions (js/functions.js), nothing else.
const callable = new Set(apiFunctions);

function transferables(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return [...out];
}

async function handle({ id, fn, args, options, progress }) {
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
      const { checkLabelsOnThreads } = await import('./parallel.js');
      result = await checkLabelsOnThreads(input, progress ? { ...o, onProgress: (p) => port.postMessage({ id, progress: p }) } : o);
    } else if (callable.has(fn)) {
      result = lc[fn](...args);
    } else {
      throw new lc.LabelcheckError('INVALID_ARGUMENT', `labelcheck/worker: unknown function '${fn}'`);
    }
    port.postMessage({ id, ok: true, result }, transferables(result));
  } catch (e) {
    const error = e instanceof lc.LabelcheckError
      ? { name: e.name, code: e.code, message: e.message, row: e.row, line: e.line, column: e.column }
      : { name: 'LabelcheckError', code: 'INTERNAL', message: String(e?.message ?? e) };
    port.postMessage({ id, ok: false, error });
  }
}

if (nodeThread) port.on('message', handle);
else self.onmessage = (event) => handle(event.data);
