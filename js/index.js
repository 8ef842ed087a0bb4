// labelcheck: Confident Learning (cleanlab 2.9.0, exactly) in WebAssembly.
// Entry point for browsers, workers and bundlers (package.json "default" condition); Node gets
// node.js, which differs only in how init() loads the .wasm file.
//
//   import { init, findLabelIssues } from 'labelcheck';
//   await init();
//   const { indices } = findLabelIssues(labels, { data, rows: N, cols: K });
import { loadRelease } from './browser-load.js';
import { LabelcheckError } from './errors.js';
import { initWith } from './instance.js';

// The functions are those of js/functions.js (tests/js/functions.test.js checks it).
export { version, moduleInfo } from './instance.js';
export { defaultOptions } from './options.js';
export {
  findLabelIssues, getLabelQualityScores, orderLabelIssues,
  computeConfidentJoint, getConfidentThresholds, estimateJoint, estimateLatent,
  estimatePyAndNoiseMatricesFromProbabilities, numLabelIssues,
  rankClassesByLabelQuality, findOverlappingClasses, overallLabelHealthScore, healthSummary,
} from './confident-learning.js';
export { checkLabels } from './pipeline.js';
export { previewCsv, rowValues, annotateCsv, relabelCsv } from './csv.js';
export { crossValidatedProbabilities } from './cv-probabilities.js';
export { applyReview } from './review.js';
export { LabelcheckError, errorCodes } from './errors.js';

/**
 * Loads the WebAssembly module (once; later calls return the same promise). By default it
 * fetches `wasm/labelcheck.wasm` next to this file (`new URL(..., import.meta.url)`, which
 * bundlers such as Vite and webpack recognise as an asset). The release build only: the debug
 * build is the entry point 'labelcheck/debug' (so that bundlers never copy it into an app that
 * does not ask for it); Node loads either (node.js).
 */
export function init(options) {
  return initWith(options, (opts) => {
    if (opts.debug)
      throw new LabelcheckError('INVALID_ARGUMENT', "init: the debug build is not part of 'labelcheck' in browsers and bundlers; "
        + "import { init } from 'labelcheck/debug' and call init() from there");
    return loadRelease(opts);
  });
}
