// labelcheck/worker: the same functions as 'labelcheck', run in a worker thread, returning
// Promises, so that large inputs do not block the page. This is the entry point for browsers and
// bundlers (package.json "default" condition); Node gets worker-node.js (a worker_threads thread).
//
//   import { init, findLabelIssues } from 'labelcheck/worker';
//   await init();
//   const { indices } = await findLabelIssues(labels, predProbs, { filterBy: 'both' });
//
// The thread is a module Web Worker running worker-thread.js, which loads the .wasm next to the
// package's JS (or where `locateFile` says). Inputs are copied to the worker (structured clone);
// results are transferred back.
import { LabelcheckError, errorCodes } from './errors.js';
import { createWorkerApi } from './worker-client.js';

export { LabelcheckError, errorCodes };
export { version } from './instance.js';
export { defaultOptions } from './options.js';

function start({ onMessage, onFailure }) {
  // Written out in full, in one expression: bundlers (Vite, webpack) recognise exactly this form,
  // build worker-thread.js and its imports as a worker of their own, and put its URL here.
  const w = new Worker(new URL('./worker-thread.js', import.meta.url), { type: 'module' });
  w.onmessage = (event) => onMessage(event.data);
  // A script that cannot load (404, a module it imports that is missing) gives a bare Event.
  w.onerror = (event) => {
    event.preventDefault?.();
    onFailure(new Error(event.message || 'its script (worker-thread.js) could not be loaded; with a bundler, see '
      + '"Using labelcheck with a bundler" in the README'));
  };
  return { post: (m) => w.postMessage(m), terminate: () => w.terminate(), ref() {}, unref() {} };
}

// A locateFile function cannot be posted: the URL it returns is, made absolute here (the thread
// would resolve a relative one against its own script, which a bundler may have moved). Its
// second argument is the directory of the .wasm the thread would load (the same expression as in
// browser-load.js, which a bundler rewrites to the same emitted file).
function prepareInit(o) {
  if (o.debug)
    throw new LabelcheckError('INVALID_ARGUMENT', "init: labelcheck/worker has no debug build in browsers (the debug module is "
      + "not bundled into its thread); use import { init } from 'labelcheck/debug' on the calling thread");
  if (typeof o.locateFile === 'function') {
    const dir = new URL('.', new URL('./wasm/labelcheck.wasm', import.meta.url)).href;
    o.wasmUrl = new URL(String(o.locateFile('labelcheck.wasm', dir)), globalThis.location?.href ?? dir).href;
    delete o.locateFile;
  }
  return o;
}

const api = createWorkerApi({ start, prepareInit });

// An ES module must name its exports: tests/js/functions.test.js checks that these are the list's
// (js/functions.js), plus terminate.
export const {
  init, terminate, checkLabels,
  findLabelIssues, getLabelQualityScores, orderLabelIssues,
  computeConfidentJoint, getConfidentThresholds, estimateJoint, estimateLatent,
  estimatePyAndNoiseMatricesFromProbabilities, numLabelIssues,
  rankClassesByLabelQuality, findOverlappingClasses, overallLabelHealthScore, healthSummary,
  moduleInfo,
  previewCsv, rowValues, annotateCsv, relabelCsv, crossValidatedProbabilities,
  applyReview,
} = api;
