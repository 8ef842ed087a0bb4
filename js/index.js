// labelcheck: Confident Learning (cleanlab 2.9.0, exactly) in WebAssembly.
// Entry point for browsers, workers and bundlers (package.json "default" condition); Node gets
// node.js, which differs only in how init() loads the .wasm file.
//
//   import { init, findLabelIssues } from 'labelcheck';
//   await init();
//   const { indices } = findLabelIssues(labels, { data, rows: N, cols: K });
import { initWith } from './api.js';

export {
  version, defaultOptions, moduleInfo,
  findLabelIssues, getLabelQualityScores, orderLabelIssues,
  computeConfidentJoint, getConfidentThresholds, estimateJoint, estimateLatent,
  estimatePyAndNoiseMatricesFromProbabilities, numLabelIssues,
  rankClassesByLabelQuality, findOverlappingClasses, overallLabelHealthScore, healthSummary,
  checkLabels,
} from './api.js';
export { LabelcheckError, errorCodes } from './errors.js';

/**
 * Loads the WebAssembly module (once; later calls return the same promise). By default the glue
 * fetches `labelcheck.wasm` next to itself (`new URL('labelcheck.wasm', import.meta.url)`), which
 * bundlers such as Vite and webpack recognise as an asset.
 */
export function init(options) {
  return initWith(options, async (opts) => {
    const { default: factory } = opts.debug
      ? await import('./wasm/debug/labelcheck.js')
      : await import('./wasm/labelcheck.js');
    const moduleArg = {};
    if (opts.wasmBinary !== undefined) moduleArg.wasmBinary = opts.wasmBinary;
    if (opts.locateFile !== undefined) moduleArg.locateFile = opts.locateFile;
    return factory(moduleArg);
  });
}
