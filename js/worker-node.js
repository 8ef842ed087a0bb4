// labelcheck/worker in Node (package.json "node" condition): the functions of worker.js, run in a
// worker_threads thread (worker-thread-node.js). The thread's glue cannot read files in Node,
// so init() reads the .wasm here and passes its bytes; `debug: true` loads the debug build.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LabelcheckError, errorCodes } from './errors.js';
import { createWorkerApi } from './worker-client.js';

export { LabelcheckError, errorCodes };
export { version } from './instance.js';
export { defaultOptions } from './options.js';

function start({ onMessage, onFailure }) {
  const w = new Worker(new URL('./worker-thread-node.js', import.meta.url));
  w.on('message', onMessage);
  w.on('error', onFailure);
  w.on('exit', (code) => onFailure(new Error(`exited with code ${code}`)));
  w.unref();
  return { post: (m) => w.postMessage(m), terminate: () => w.terminate(), ref: () => w.ref(), unref: () => w.unref() };
}

async function prepareInit(o) {
  if (o.wasmBinary !== undefined) {
    delete o.locateFile;
    return o;
  }
  const dir = new URL(o.debug ? './wasm/debug/' : './wasm/', import.meta.url).href;
  const where = typeof o.locateFile === 'function' ? String(o.locateFile('labelcheck.wasm', dir)) : new URL('labelcheck.wasm', dir).href;
  delete o.locateFile;
  if (/^https?:/.test(where)) {
    const response = await fetch(where);
    if (!response.ok) throw new LabelcheckError('LOAD_FAILED', `init: fetching ${where} gave HTTP ${response.status}`);
    o.wasmBinary = new Uint8Array(await response.arrayBuffer());
  } else {
    o.wasmBinary = await readFile(where.startsWith('file:') ? fileURLToPath(where) : where);
  }
  return o;
}

const api = createWorkerApi({ start, prepareInit });

// The same names as worker.js (tests/js/functions.test.js checks both).
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
