// The names of the public API's functions: what 'labelcheck' (index.js, node.js) exports and
// 'labelcheck/worker' (worker.js) offers with the same name returning a Promise, and what its
// thread (worker-thread.js) agrees to call. One list, so that a function added to one of them
// and forgotten in another is caught: ES modules must spell their exports out, so index.js and
// worker.js still name each function, and tests/js/functions.test.js checks that their exports,
// index.d.ts and worker.d.ts all equal this list.
//
// No imports: worker.js loads this on a page's main thread, which must not load the WebAssembly
// API itself.

/** Functions of every entry point, synchronous after init() in 'labelcheck', async in 'labelcheck/worker'. */
export const apiFunctions = Object.freeze([
  // cleanlab.filter, cleanlab.rank
  'findLabelIssues', 'getLabelQualityScores', 'orderLabelIssues',
  // cleanlab.count
  'computeConfidentJoint', 'getConfidentThresholds', 'estimateJoint', 'estimateLatent',
  'estimatePyAndNoiseMatricesFromProbabilities', 'numLabelIssues',
  // cleanlab.dataset
  'rankClassesByLabelQuality', 'findOverlappingClasses', 'overallLabelHealthScore', 'healthSummary',
  // the pipeline and the module
  'checkLabels', 'moduleInfo',
  // the middle of the pipeline (js/csv.js, js/cv-probabilities.js)
  'previewCsv', 'rowValues', 'annotateCsv', 'relabelCsv', 'crossValidatedProbabilities',
  // acting on a review (js/review.js)
  'applyReview',
]);

/** Exports of every entry point that are not functions of the list: loading, and the shared values. */
export const entryExports = Object.freeze(['init', 'version', 'defaultOptions', 'LabelcheckError', 'errorCodes']);

/** Exports only 'labelcheck/worker' has. */
export const workerOnlyExports = Object.freeze(['terminate']);
