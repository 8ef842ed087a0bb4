// labelcheck: Confident Learning (cleanlab 2.9.0, exactly) in WebAssembly.
// Entry point for browsers, workers and bundlers (package.json "default" condition); Node gets
// node.js, which differs only in how init() loads the .wasm file.
//
//   import { init, findLabelIssues } from 'labelcheck';
//   await init();
//   const { indices } = findLabelIssues(labels, { data, rows: N, cols: K });
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
export { LabelcheckError, errorCodes } from './errors.js';

/**
 * Loads the WebAssembly module (once; later calls return the same promise). By default it
 * fetches `wasm/labelcheck.wasm` next to this file (`new URL(..., import.meta.url)`, which
 * bundlers such as Vite and webpack recognise as an asset).
 */
export function init(options) {
  return initWith(options, async (opts) => {
    const dir = opts.debug ? new URL('./wasm/debug/', import.meta.url) : new URL('./wasm/', import.meta.url);
    const url = opts.locateFile !== undefined ? opts.locateFile('labelcheck.wasm', dir.href)
      : opts.debug ? new URL('./wasm/debug/labelcheck.wasm', import.meta.url) : new URL('./wasm/labelcheck.wasm', import.meta.url);
    const [wasmModule, { default: factory }] = await Promise.all([
      opts.wasmModule ?? (opts.wasmBinary !== undefined ? WebAssembly.compile(opts.wasmBinary) : compileFrom(url)),
      opts.debug ? import('./wasm/debug/labelcheck.js') : import('./wasm/labelcheck.js'),
    ]);
    return { factory, wasmModule };
  });
}

// Streaming compilation when the server sends application/wasm, else from the bytes.
async function compileFrom(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`fetching ${url} gave HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm')
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
