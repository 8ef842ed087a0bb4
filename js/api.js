// The environment-independent public API (internal module; users import index.js / node.js).
//
// One WebAssembly instance per JavaScript realm, created by init(); every other function is
// synchronous. Each call copies its input arrays into the WASM heap once (_malloc +
// HEAP*.set), calls one raw Embind function (bindings/bind_confident_learning.cpp), frees
// the inputs, and returns the JS-owned copies the binding produced. Defaults live here, in
// `defaultOptions`; value checks (labels, probabilities, option values) live once, in C++.
import { LabelcheckError, errorFromCore } from './errors.js';

export const version = '0.1.0';

// ---------------------------------------------------------------------------------------------
// Options and their defaults (the documentation prints this object; index.d.ts mirrors it)

const scoreMethods = ['self_confidence', 'normalized_margin', 'confidence_weighted_entropy'];
const inputOptions = { numClasses: null };

/** Every option of every function with its default. Frozen; copy it to change values. */
export const defaultOptions = deepFreeze({
  findLabelIssues: {
    ...inputOptions,
    filterBy: 'prune_by_noise_rate',
    fracNoise: 1.0,
    numToRemovePerClass: null,
    minExamplesPerClass: 1,
    returnIndicesRankedBy: null,
    rankByKwargs: { adjustPredProbs: false },
  },
  getLabelQualityScores: { ...inputOptions, method: 'self_confidence', adjustPredProbs: false },
  orderLabelIssues: { ...inputOptions, rankBy: 'self_confidence', rankByKwargs: { adjustPredProbs: false } },
  computeConfidentJoint: { ...inputOptions, calibrate: true },
  getConfidentThresholds: { ...inputOptions },
  estimateJoint: { ...inputOptions },
  estimateLatent: { pyMethod: 'cnt', convergeLatentEstimates: false },
  estimatePyAndNoiseMatricesFromProbabilities: {
    ...inputOptions,
    pyMethod: 'cnt',
    convergeLatentEstimates: true,
    calibrate: true,
  },
  numLabelIssues: { ...inputOptions, estimationMethod: 'off_diagonal' },
  rankClassesByLabelQuality: { ...inputOptions, classNames: null },
  findOverlappingClasses: { ...inputOptions, asymmetric: false, classNames: null },
  overallLabelHealthScore: { ...inputOptions },
  healthSummary: { ...inputOptions, asymmetric: false, classNames: null },
  checkLabels: {
    label: null,                  // name or 0-based index; null = auto-detected
    features: null,               // names / indices; null = every column but the label and identifiers
    mode: 'auto',                 // 'auto' | 'train' | 'probabilities'
    probabilityColumns: null,     // probabilities mode: one column per class, in class order; null = detected
    delimiter: 'auto',            // 'auto' | ',' | ';' | '\t' | '|'
    onBadRow: 'error',            // 'error' | 'skip'
    model: 'auto',                // 'auto' | 'logistic' | 'knn' | 'gbdt'
    budgetSeconds: 12,            // auto: estimated seconds of one core the models may take; null = no limit
    threads: null,                // cores for cross-validation; null = all (labelcheck/worker, CLI, page); 1 here
    cvNFolds: 5,
    seed: 0,
    repeats: 0,                   // K-fold repeats averaged; 0 = automatic
    refit: false,                 // clean, then refit: cross-validate again without the first pass's issues
    filterBy: 'prune_by_noise_rate',
    fracNoise: 1.0,
    minExamplesPerClass: 1,
    method: 'self_confidence',    // the label quality score issues are ranked by
    neighbors: 5,                 // nearest rows listed per explained issue
    maxExplainedIssues: 200,      // top issues that get neighbours
    projection: true,             // 2-D PCA coordinates of every example
    allowContinuousLabel: false,  // check a label column that looks continuous (else LABEL_LOOKS_CONTINUOUS)
    onProgress: null,             // ({stage, done, total, detail}) => boolean | void; false cancels
  },
  previewCsv: {
    delimiter: 'auto',            // 'auto' | ',' | ';' | '\t' | '|'
    onBadRow: 'error',            // 'error' | 'skip'
    maxRows: 20,                  // rows returned as text (types and the guess use every row read)
    maxBytes: 1048576,            // read at most this many bytes (a prefix of a bigger input); null = all
    partial: false,               // the input is the start of a longer file: its last record may be cut
    rowSpans: false,              // also return the byte span of every row read (for rowValues, relabelCsv)
  },
  relabelCsv: {
    column: null,                 // 0-based column to change; null = the checkLabels result's label column
  },
});

// The JavaScript type each option must have ('?' = null allowed).
const optionTypes = {
  numClasses: 'integer?',
  filterBy: 'string',
  fracNoise: 'number',
  numToRemovePerClass: 'integers?',
  minExamplesPerClass: 'integer',
  returnIndicesRankedBy: 'string?',
  rankByKwargs: 'object',
  adjustPredProbs: 'boolean',
  method: 'string',
  rankBy: 'string',
  calibrate: 'boolean',
  pyMethod: 'string',
  convergeLatentEstimates: 'boolean',
  estimationMethod: 'string',
  asymmetric: 'boolean',
  classNames: 'strings?',
  label: 'column?',
  features: 'columns?',
  mode: 'string',
  probabilityColumns: 'columns?',
  delimiter: 'string',
  onBadRow: 'string',
  model: 'string',
  budgetSeconds: 'number?',
  threads: 'integer?',
  cvNFolds: 'integer',
  seed: 'seed',
  repeats: 'integer',
  refit: 'boolean',
  neighbors: 'integer',
  maxExplainedIssues: 'integer',
  projection: 'boolean',
  allowContinuousLabel: 'boolean',
  maxRows: 'integer',
  maxBytes: 'integer?',
  partial: 'boolean',
  rowSpans: 'boolean',
  column: 'integer?',
  onProgress: 'function?',
};

function deepFreeze(o) {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

function typeOk(v, type) {
  if (type.endsWith('?')) {
    if (v === null) return true;
    type = type.slice(0, -1);
  }
  switch (type) {
    case 'integer': return Number.isInteger(v);
    case 'integers': return (Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v).every((x) => Number.isInteger(x));
    case 'strings': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'column': return typeof v === 'string' || (Number.isInteger(v) && v >= 0);
    case 'columns': return Array.isArray(v) && v.every((x) => typeOk(x, 'column'));
    case 'seed': return Number.isSafeInteger(v) && v >= 0;
    default: return typeof v === type;
  }
}

// Defaults merged with the caller's options; unknown names and wrong types are INVALID_ARGUMENT.
export function resolveOptions(fn, options, defaults = defaultOptions[fn], where = '') {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: options must be an object`);
  const out = {};
  for (const key of Object.keys(options)) {
    if (!(key in defaults)) {
      const camel = key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
      const hint = camel !== key && camel in defaults ? ` (did you mean '${camel}'?)` : '';
      throw new LabelcheckError('INVALID_ARGUMENT',
        `${fn}: unknown option '${where}${key}'${hint}; known options: ${Object.keys(defaults).join(', ')}`);
    }
  }
  for (const [key, def] of Object.entries(defaults)) {
    const v = options[key];
    if (v === undefined) {
      out[key] = def;
      continue;
    }
    if (def !== null && typeof def === 'object' && !Array.isArray(def)) {
      if (!typeOk(v, 'object'))
        throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option '${where}${key}' must be an object`);
      out[key] = resolveOptions(fn, v, def, `${where}${key}.`);
      continue;
    }
    const type = optionTypes[key];
    if (!typeOk(v, type)) {
      const shown = typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? 'an array' : String(v);
      throw new LabelcheckError('INVALID_ARGUMENT',
        `${fn}: option '${where}${key}' must be ${describeType(type)}; got ${shown}`);
    }
    out[key] = v;
  }
  return out;
}

function describeType(type) {
  const base = {
    integer: 'an integer', 'integer?': 'an integer or null', 'integers?': 'an array of integers or null',
    'strings?': 'an array of strings or null', 'string?': 'a string or null',
    'column?': 'a column name, a 0-based column index or null', 'columns?': 'an array of column names / indices or null',
    seed: 'a non-negative integer', 'function?': 'a function or null',
    string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object',
  };
  return base[type] ?? type;
}

// ---------------------------------------------------------------------------------------------
// The module instance
//
// init() compiles the .wasm once and keeps the compiled WebAssembly.Module. An instance that
// aborts (out of memory: built without C++ exceptions, a failed allocation inside the core
// aborts) is useless afterwards, so the failing call replaces it with a fresh instance of the
// same compiled module, with a fresh memory, before it throws: later calls just work. That
// replacement is synchronous where the platform allows it (Node, workers, and Chromium's main
// thread, which limits only synchronous compilation); where synchronous instantiation is
// refused it completes in the background and `await init()` waits for it.

const PAGE = 65536;
const INITIAL_MEMORY = 4 * 1024 * 1024;  // INITIAL_MEMORY of bindings/CMakeLists.txt
const MAXIMUM_MEMORY = 4 * 1024 * 1024 * 1024 - PAGE;  // the wasm32 limit

let core = null;         // the Emscripten module in use
let pending = null;      // the init() promise while loading (and after: idempotence)
let initFlavour = null;  // 'release' | 'debug'
let loaded = null;       // {factory, wasmModule, maxMemory}: what a fresh instance is made from
let restarts = 0;        // instances replaced after an abort

const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);

// The glue prints "Aborted(...)" before throwing; the LabelcheckError reports it instead.
function printErr(text) {
  if (!/^Aborted\(/.test(text)) console.warn(text);
}

function newMemory(maxMemory) {
  return new WebAssembly.Memory({ initial: INITIAL_MEMORY / PAGE, maximum: Math.ceil(maxMemory / PAGE) });
}

// What the Emscripten factory is given: a fresh memory and how to instantiate the module.
function moduleArg(maxMemory, instantiateWasm) {
  return { wasmMemory: newMemory(maxMemory), printErr, instantiateWasm };
}

// A fresh instance of the compiled module, synchronously; throws if the platform refuses.
function instantiateSync({ factory, wasmModule, maxMemory }) {
  let failure = null;
  const arg = moduleArg(maxMemory, (imports, receive) => {
    try {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receive(instance, wasmModule);
      return instance.exports;
    } catch (e) {
      failure = e;
      return {};
    }
  });
  factory(arg);
  if (failure) throw failure;
  if (!arg.calledRun) throw new Error('the module did not start synchronously');
  return arg;
}

// The same, asynchronously (always allowed).
function instantiateAsync({ factory, wasmModule, maxMemory }) {
  return new Promise((resolve, reject) => {
    const arg = moduleArg(maxMemory, (imports, receive) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), reject);
      return {};
    });
    factory(arg).then(() => resolve(arg), reject);
  });
}

/**
 * Shared implementation of init(): `load(options)` returns `{factory, wasmModule}`, the
 * Emscripten factory of the chosen flavour and the compiled .wasm. Idempotent: later calls
 * return the first call's promise (their options are ignored).
 */
export function initWith(options, load) {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', 'init: options must be an object'));
  const opts = { ...options };
  for (const key of Object.keys(opts)) {
    if (!['locateFile', 'wasmBinary', 'wasmModule', 'debug', 'maxMemory'].includes(key))
      return Promise.reject(new LabelcheckError('INVALID_ARGUMENT',
        `init: unknown option '${key}'; known options: locateFile, wasmBinary, wasmModule, debug, maxMemory`));
  }
  if (opts.wasmModule !== undefined && !(opts.wasmModule instanceof WebAssembly.Module))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', 'init: option \'wasmModule\' must be a compiled WebAssembly.Module'));
  const maxMemory = opts.maxMemory ?? MAXIMUM_MEMORY;
  if (!(Number.isInteger(maxMemory) && maxMemory >= 16 * 1024 * 1024 && maxMemory <= MAXIMUM_MEMORY))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT',
      `init: option 'maxMemory' must be a number of bytes from 16 MiB (16777216) to 4 GiB - 64 KiB (${MAXIMUM_MEMORY}); got ${opts.maxMemory}`));
  if (pending) return pending;
  pending = (async () => {
    let recipe, m;
    try {
      recipe = { ...(await load(opts)), maxMemory };
      m = await instantiateAsync(recipe);
    } catch (e) {
      pending = null;
      if (e instanceof LabelcheckError) throw e;
      throw new LabelcheckError('LOAD_FAILED', `init: could not load the WebAssembly module: ${e?.message ?? e}`, { cause: e });
    }
    const wasmVersion = m._version();
    if (wasmVersion !== version) {
      pending = null;
      throw new LabelcheckError('LOAD_FAILED',
        `init: the WebAssembly module is version ${wasmVersion} but the JavaScript is ${version}; rebuild (npm run build)`);
    }
    core = m;
    loaded = recipe;
    initFlavour = opts.debug ? 'debug' : 'release';
  })();
  return pending;
}

// After an abort: a fresh instance now if possible, else in the background. Returns true when
// the next call can go ahead without waiting.
function replaceInstance() {
  core = null;
  restarts++;
  try {
    core = instantiateSync(loaded);
    pending = Promise.resolve();
    return true;
  } catch {
    pending = instantiateAsync(loaded).then((m) => { core = m; }, (e) => {
      pending = null;
      throw new LabelcheckError('LOAD_FAILED', `init: could not restart the WebAssembly module: ${e?.message ?? e}`, { cause: e });
    });
    pending.catch(() => {});
    return false;
  }
}

function requireCore(fn) {
  if (!core)
    throw new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck`);
  return core;
}

/**
 * Information about the loaded module: which flavour, the WASM heap size in bytes (it grows with
 * the largest input seen and never shrinks) and the bytes allocated in it right now (0 between
 * calls but for the runtime's own few kilobytes). `null` before init().
 */
export function moduleInfo() {
  if (!core) return null;
  return {
    flavour: initFlavour, version, heapBytes: core._heapSize(), heapUsedBytes: core._heapUsed(),
    maxMemory: loaded.maxMemory, restarts,
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs

const LABELS_INT32 = 0;
const LABELS_FLOAT64 = 1;
const PROBS_FLOAT64 = 0;
const PROBS_FLOAT32 = 1;

function isNumericTypedArray(a) {
  return ArrayBuffer.isView(a) && !(a instanceof DataView);
}

// {kind, data: Int32Array | Float64Array, n}. Values are checked in C++ (labelsFromNumbers).
function toLabels(fn, labels) {
  if (labels instanceof Int32Array) return { kind: LABELS_INT32, data: labels, n: labels.length };
  if (isNumericTypedArray(labels)) {
    const data = new Float64Array(labels.length);
    for (let i = 0; i < labels.length; i++) data[i] = Number(labels[i]);
    return { kind: LABELS_FLOAT64, data, n: labels.length };
  }
  if (Array.isArray(labels)) {
    const data = new Float64Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      if (typeof v === 'number') data[i] = v;
      else if (typeof v === 'bigint') data[i] = Number(v);
      else {
        const shown = typeof v === 'string' ? `the string '${v.length > 40 ? v.slice(0, 40) + '…' : v}'` : String(v);
        throw new LabelcheckError('LABEL_NOT_INTEGER',
          `${fn}: labels must be class indices 0..K-1; row ${i} is ${shown} (encode class names as integers first)`,
          { row: i });
      }
    }
    return { kind: LABELS_FLOAT64, data, n: labels.length };
  }
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: labels must be an Int32Array, another typed array or an array of numbers`);
}

function probsKindOf(data) {
  return data instanceof Float32Array ? PROBS_FLOAT32 : PROBS_FLOAT64;
}

// {kind, data: Float64Array | Float32Array, rows, cols}, row-major.
function toPredProbs(fn, predProbs, numClasses, n) {
  const shape = (msg) => new LabelcheckError('SHAPE_MISMATCH', `${fn}: ${msg}`);
  if (predProbs instanceof Float64Array || predProbs instanceof Float32Array) {
    let cols = numClasses;
    if (cols === null) {
      if (n === 0) cols = 0;
      else if (predProbs.length % n === 0) cols = predProbs.length / n;
      else throw shape(`pred_probs has ${predProbs.length} values, not a multiple of the ${n} labels; pass { numClasses }`);
    }
    if (cols === 0 ? predProbs.length !== 0 : predProbs.length % cols !== 0)
      throw shape(`pred_probs has ${predProbs.length} values, not a multiple of numClasses = ${cols}`);
    return { kind: probsKindOf(predProbs), data: predProbs, rows: cols === 0 ? n : predProbs.length / cols, cols };
  }
  if (Array.isArray(predProbs)) {
    const rows = predProbs.length;
    if (rows === 0) return { kind: PROBS_FLOAT64, data: new Float64Array(0), rows: 0, cols: numClasses ?? 0 };
    const first = predProbs[0];
    if (!(Array.isArray(first) || isNumericTypedArray(first)))
      throw new LabelcheckError('INVALID_ARGUMENT',
        `${fn}: pred_probs given as an array must hold rows (arrays of K numbers); for a flat array use a Float64Array or { data, rows, cols }`);
    const cols = first.length;
    if (numClasses !== null && numClasses !== cols)
      throw shape(`pred_probs rows have ${cols} columns but numClasses is ${numClasses}`);
    const f32 = predProbs.every((r) => r instanceof Float32Array);
    const data = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = predProbs[i];
      if (!(Array.isArray(r) || isNumericTypedArray(r)) || r.length !== cols)
        throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: pred_probs row ${i} has ${r?.length} values; row 0 has ${cols}`, { row: i });
      data.set(r, i * cols);
    }
    return { kind: f32 ? PROBS_FLOAT32 : PROBS_FLOAT64, data, rows, cols };
  }
  if (predProbs !== null && typeof predProbs === 'object' && 'data' in predProbs) {
    const { rows, cols } = predProbs;
    let { data } = predProbs;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0)
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: pred_probs.rows and pred_probs.cols must be non-negative integers`);
    if (Array.isArray(data)) data = Float64Array.from(data);
    if (!(data instanceof Float64Array || data instanceof Float32Array))
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: pred_probs.data must be a Float64Array, Float32Array or array of numbers`);
    if (data.length !== rows * cols)
      throw shape(`pred_probs.data has ${data.length} values but rows x cols = ${rows} x ${cols} = ${rows * cols}`);
    if (numClasses !== null && numClasses !== cols)
      throw shape(`pred_probs has ${cols} columns but numClasses is ${numClasses}`);
    return { kind: probsKindOf(data), data, rows, cols };
  }
  throw new LabelcheckError('INVALID_ARGUMENT',
    `${fn}: pred_probs must be { data, rows, cols }, a Float64Array/Float32Array (row-major) or an array of rows`);
}

// ---------------------------------------------------------------------------------------------
// Calling the core

// Copies `typed` into a fresh heap block; returns its byte address (0 for empty input).
function copyIn(m, typed, blocks, fn) {
  const bytes = typed.byteLength;
  const p = m._malloc(Math.max(bytes, 8)) >>> 0;
  if (p === 0)
    throw new LabelcheckError('OUT_OF_MEMORY',
      `${fn}: not enough memory to copy ${(bytes / 1e6).toFixed(1)} MB into the WebAssembly memory (limit ${mib(loaded.maxMemory)} MiB, 2 GiB per array)`);
  blocks.push(p);
  // Read the HEAP* view after _malloc: growing the memory replaces it.
  if (typed instanceof Float64Array) m.HEAPF64.set(typed, p >>> 3);
  else if (typed instanceof Float32Array) m.HEAPF32.set(typed, p >>> 2);
  else if (typed instanceof Int32Array) m.HEAP32.set(typed, p >>> 2);
  else m.HEAPU8.set(typed, p);
  return p;
}

// Runs `body(copy)` with the copy-in helper, frees every block, maps {ok:false} and aborts.
export function withCore(fn, body) {
  const m = requireCore(fn);
  const blocks = [];
  let r;
  try {
    r = body((typed) => copyIn(m, typed, blocks, fn), m);
  } catch (e) {
    if (e instanceof LabelcheckError) throw e;
    if (e instanceof WebAssembly.RuntimeError) {
      // An abort or trap inside WASM. The core never aborts by itself: a bare abort comes from
      // an allocation that failed inside it (the memory could not grow to maxMemory or 4 GiB).
      const oom = /^Aborted\(/.test(e.message) || /memory/i.test(e.message);
      const ready = replaceInstance();
      const what = oom ? `out of memory (it needs more than the ${mib(loaded.maxMemory)} MiB of WebAssembly memory allowed)` : `stopped: ${e.message}`;
      throw new LabelcheckError(oom ? 'OUT_OF_MEMORY' : 'INTERNAL',
        `${fn}: ${what}; labelcheck restarted its WebAssembly module${ready ? ', later calls work' : ': await init() before the next call'}`,
        { cause: e });
    }
    throw new LabelcheckError('INTERNAL', `${fn}: ${e?.message ?? e}`, { cause: e });
  } finally {
    if (core === m) for (const p of blocks) m._free(p);
  }
  if (!r.ok) {
    const err = errorFromCore(r);
    err.message = `${fn}: ${err.message}`;
    throw err;
  }
  return r;
}

// The common (labels, predProbs, options) call.
// `o` are resolved options (resolveOptions), passed to the binding as they are.
function callWithInputs(fn, raw, labels, predProbs, o, extraArgs = () => []) {
  const L = toLabels(fn, labels);
  const P = toPredProbs(fn, predProbs, o.numClasses, L.n);
  const r = withCore(fn, (copy, m) => {
    const pre = extraArgs(copy, L);
    const pl = copy(L.data);
    const pp = copy(P.data);
    return m[raw](...pre, pl, L.kind, L.n, pp, P.kind, P.rows, P.cols, o);
  });
  return { r, o, L, P };
}

// The raw binding of `fn` is `_fn`; options resolved against defaultOptions[fn].
function simpleCall(fn, labels, predProbs, options) {
  return callWithInputs(fn, `_${fn}`, labels, predProbs, resolveOptions(fn, options));
}

function strip(r, ...keys) {
  const out = {};
  for (const k of keys) out[k] = r[k];
  return out;
}

function withClassNames(fn, rows, classNames, fields) {
  if (classNames === null) return rows;
  for (const row of rows) {
    for (const [indexField, nameField] of fields) {
      const i = row[indexField];
      if (i >= classNames.length)
        throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: classNames has ${classNames.length} names but class ${i} exists`);
      row[nameField] = classNames[i];
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// cleanlab.filter

export function findLabelIssues(labels, predProbs, options) {
  const fn = 'findLabelIssues';
  const { r } = callWithInputs(fn, '_findLabelIssues', labels, predProbs, flattenRankBy(resolveOptions(fn, options)));
  return strip(r, 'isLabelIssue', 'indices', 'count');
}

// rankByKwargs.adjustPredProbs travels as a flat option to the binding.
function flattenRankBy(o) {
  return { ...o, adjustPredProbs: o.rankByKwargs.adjustPredProbs, rankByKwargs: undefined };
}

// ---------------------------------------------------------------------------------------------
// cleanlab.rank

export function getLabelQualityScores(labels, predProbs, options) {
  return simpleCall('getLabelQualityScores', labels, predProbs, options).r.scores;
}

function toMask(fn, mask) {
  if (mask instanceof Uint8Array) return mask;
  if (Array.isArray(mask) || isNumericTypedArray(mask)) {
    const out = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 1 : 0;
    return out;
  }
  if (mask !== null && typeof mask === 'object' && mask.isLabelIssue instanceof Uint8Array) return mask.isLabelIssue;
  throw new LabelcheckError('INVALID_ARGUMENT',
    `${fn}: labelIssuesMask must be a Uint8Array or boolean array of N entries (or a findLabelIssues result)`);
}

export function orderLabelIssues(labelIssuesMask, labels, predProbs, options) {
  const fn = 'orderLabelIssues';
  const o = resolveOptions(fn, options);
  const mask = toMask(fn, labelIssuesMask);
  return callWithInputs(fn, '_orderLabelIssues', labels, predProbs, flattenRankBy(o), (copy) => [copy(mask), mask.length]).r.indices;
}

// ---------------------------------------------------------------------------------------------
// cleanlab.count

export function getConfidentThresholds(labels, predProbs, options) {
  return simpleCall('getConfidentThresholds', labels, predProbs, options).r.thresholds;
}

export function computeConfidentJoint(labels, predProbs, options) {
  const { r } = simpleCall('computeConfidentJoint', labels, predProbs, options);
  return strip(r, 'confidentJoint', 'indicesOfOffDiagonals');
}

export function estimateJoint(labels, predProbs, options) {
  return simpleCall('estimateJoint', labels, predProbs, options).r.joint;
}

// A K x K matrix of counts from {data, rows, cols} or an array of rows, as float64 for the binding.
function toCountMatrix(fn, cj) {
  if (Array.isArray(cj)) {
    const rows = cj.length;
    const cols = rows ? cj[0]?.length ?? 0 : 0;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      if (!(Array.isArray(cj[i]) || isNumericTypedArray(cj[i])) || cj[i].length !== cols)
        throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: confidentJoint must be square (K x K)`, { row: i });
      data.set(cj[i], i * cols);
    }
    return { data, rows, cols };
  }
  if (cj !== null && typeof cj === 'object' && (isNumericTypedArray(cj.data) || Array.isArray(cj.data))) {
    const { rows, cols } = cj;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || cj.data.length !== rows * cols)
      throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: confidentJoint.data must hold rows x cols values`);
    return { data: Float64Array.from(cj.data), rows, cols };
  }
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: confidentJoint must be { data, rows, cols } or an array of rows`);
}

export function estimateLatent(confidentJoint, labels, options) {
  const fn = 'estimateLatent';
  const o = resolveOptions(fn, options);
  const cj = toCountMatrix(fn, confidentJoint);
  const L = toLabels(fn, labels);
  const r = withCore(fn, (copy, m) => m._estimateLatent(copy(cj.data), cj.rows, cj.cols, copy(L.data), L.kind, L.n, o));
  return strip(r, 'py', 'noiseMatrix', 'inverseNoiseMatrix', 'confidentJoint');
}

export function estimatePyAndNoiseMatricesFromProbabilities(labels, predProbs, options) {
  const { r } = simpleCall('estimatePyAndNoiseMatricesFromProbabilities', labels, predProbs, options);
  return strip(r, 'py', 'noiseMatrix', 'inverseNoiseMatrix', 'confidentJoint');
}

export function numLabelIssues(labels, predProbs, options) {
  return simpleCall('numLabelIssues', labels, predProbs, options).r.count;
}

// ---------------------------------------------------------------------------------------------
// cleanlab.dataset

const classFields = [['classIndex', 'className']];
const pairFields = [['classIndexA', 'classNameA'], ['classIndexB', 'classNameB']];

export function rankClassesByLabelQuality(labels, predProbs, options) {
  const fn = 'rankClassesByLabelQuality';
  const { r, o } = simpleCall(fn, labels, predProbs, options);
  return withClassNames(fn, r.rows, o.classNames, classFields);
}

export function findOverlappingClasses(labels, predProbs, options) {
  const fn = 'findOverlappingClasses';
  const { r, o } = simpleCall(fn, labels, predProbs, options);
  return withClassNames(fn, r.rows, o.classNames, pairFields);
}

export function overallLabelHealthScore(labels, predProbs, options) {
  return simpleCall('overallLabelHealthScore', labels, predProbs, options).r.score;
}

export function healthSummary(labels, predProbs, options) {
  const fn = 'healthSummary';
  const { r, o } = simpleCall(fn, labels, predProbs, options);
  withClassNames(fn, r.classesByLabelQuality, o.classNames, classFields);
  withClassNames(fn, r.overlappingClasses, o.classNames, pairFields);
  return strip(r, 'overallLabelHealthScore', 'joint', 'classesByLabelQuality', 'overlappingClasses');
}

// ---------------------------------------------------------------------------------------------
// The pipeline: CSV bytes to ranked label issues (bindings/bind_pipeline.cpp)

let utf8Encoder = null;

// The input as bytes: strings are encoded as UTF-8 (rowSpans then count those bytes).
export function toBytes(fn, input) {
  if (typeof input === 'string') return (utf8Encoder ??= new TextEncoder()).encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer))
    return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: the input must be CSV text (a string) or its bytes (Uint8Array or ArrayBuffer)`);
}

// Bytes copied into the heap per feed(): the heap then holds one chunk of the text, never all
// of it next to the parsed columns (the chunk size hardly matters for speed above ~64 KiB).
const FEED_CHUNK_BYTES = 1 << 20;

// Feeds `bytes` to a _CheckLabelsRun through one reused heap buffer; the first {ok: false} (a
// CSV error, a cancellation) is returned, else {ok: true}.
function feedAll(m, copy, bytes, run) {
  const size = Math.min(bytes.length, FEED_CHUNK_BYTES);
  const buffer = copy(bytes.subarray(0, size));
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, Math.min(at + size, bytes.length));
    // Read HEAPU8 on every chunk: a feed() that grew the memory replaced the view.
    if (at > 0) m.HEAPU8.set(chunk, buffer);
    const fed = run.feed(buffer, chunk.length);
    if (!fed.ok) return fed;
  }
  return { ok: true };
}

// Feeds `bytes` to a _CheckLabelsRun, then finishes it (and deletes it).
function feedInChunks(m, copy, bytes, run) {
  try {
    const fed = feedAll(m, copy, bytes, run);
    return fed.ok ? run.finish() : fed;
  } finally {
    deleteQuietly(run);
  }
}

function deleteQuietly(object) {
  try {
    object?.delete();
  } catch {
    // The module stopped (an abort inside a call): withCore reports that error.
  }
}

function matrixRows({ data, rows, cols }) {
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from(data.subarray(i * cols, (i + 1) * cols));
  return out;
}

/**
 * CSV text (or its bytes) to ranked label issues in one call: parse, type and encode the columns,
 * K-fold out-of-sample probabilities (or the probability columns the file has), Confident
 * Learning. The result shape is documented in index.d.ts (CheckLabelsResult).
 */
export function checkLabels(input, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  if (o.threads !== null && o.threads !== 1)
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'threads' must be 1 or null here: this checkLabels ` +
      `runs on the calling thread; checkLabels of 'labelcheck/worker' (and the CLI's --threads) use several`);
  const bytes = toBytes(fn, input);
  const progress = progressRelay(o.onProgress);
  const raw = coreOptions(o, bytes);
  return assembleResult(progress.rethrowing(() =>
    withCore(fn, (copy, m) => feedInChunks(m, copy, bytes, new m._CheckLabelsRun(raw, progress.relay)))));
}

// The options as the binding reads them.
function coreOptions(o, bytes) {
  return { ...o, onProgress: undefined, threads: undefined, sizeHint: bytes.length };
}

// The user's progress callback, called from C++ as (stage, done, total, detail, workDone,
// workTotal). It runs inside a call from WASM: an exception must not unwind through WASM frames
// (TOOLCHAIN.md 2.1), so it is caught, cancels the run, and is rethrown by rethrowing().
function progressRelay(onProgress) {
  let callbackError = null;
  return {
    relay: onProgress === null ? null : (stage, done, total, detail, workDone, workTotal) => {
      try {
        return onProgress({ stage, done, total, detail, workDone, workTotal }) !== false;
      } catch (e) {
        callbackError = e;
        return false;
      }
    },
    rethrowing(body) {
      try {
        return body();
      } catch (e) {
        if (callbackError !== null) throw callbackError;
        throw e;
      }
    },
  };
}

/**
 * Internal (js/parallel.js): checkLabels in steps on this thread's instance, so that the
 * cross-validation units can run elsewhere. Parses, encodes and plans at once; `plan` is null
 * when nothing is trained (probabilities given). Call dispose() in every case.
 */
export function startCheckLabels(input, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  const bytes = toBytes(fn, input);
  const progress = progressRelay(o.onProgress);
  const raw = coreOptions(o, bytes);
  const m = requireCore(fn);
  let run = null;
  const call = (body) => progress.rethrowing(() => withCore(fn, (copy, mm) => {
    if (mm !== m || run === null)
      throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted during the run`);
    return body(copy, mm);
  }));
  let prepared;
  try {
    prepared = progress.rethrowing(() => withCore(fn, (copy, mm) => {
      run = new mm._CheckLabelsRun(raw, progress.relay);
      const fed = feedAll(mm, copy, bytes, run);
      return fed.ok ? run.prepare() : fed;
    }));
  } catch (e) {
    if (core === m) deleteQuietly(run);
    throw e;
  }
  return {
    plan: prepared.plan,
    /** The units' inputs: {K, labels, sparse, rows, cols, data | values + columns + rowPtr}. */
    features: () => call(() => run.features()),
    /** Runs unit u here and keeps its output. */
    runUnit: (u) => call(() => run.keepUnit(u)),
    /** Takes the output of unit u from elsewhere (a _CvSession's runUnit). */
    setUnitOutput: (u, out) => call((copy) => (out.kind === 'fit'
      ? run.setUnitOutput(u, out.record, copy(out.probs), out.probs.length, 0, 0, 0)
      : run.setUnitOutput(u, {}, 0, 0, copy(out.indices), copy(out.distances), out.indices.length))),
    complete: () => assembleResult(call(() => run.complete())),
    dispose() {
      if (core === m) deleteQuietly(run);
      run = null;
    },
  };
}

/**
 * Internal (js/cv-thread.js): a session that runs units of another instance's plan on a copy of
 * its features (`features()` of startCheckLabels). `options`: the checkLabels options the plan was
 * made with (the cross-validation ones matter: model, cvNFolds, seed, repeats, budgetSeconds).
 */
export function startCvSession(features, options) {
  const fn = 'checkLabels';
  const o = resolveOptions(fn, options);
  const m = requireCore(fn);
  const noMemory = (what) => ({ ok: false, code: 'OUT_OF_MEMORY',
    message: `not enough WebAssembly memory for a copy of the ${what} (limit ${mib(loaded.maxMemory)} MiB)` });
  let session = null;
  let r;
  try {
    r = withCore(fn, (copy, mm) => {
    session = new mm._CvSession(coreOptions(o, new Uint8Array(0)), features.K);
    if (features.sparse) {
      const b = session.sparseBuffers(features.rows, features.values.length, features.cols);
      if (!b.ok) return noMemory('features');
      mm.HEAPF64.set(features.values, (b.values >>> 0) / 8);
      mm.HEAP32.set(features.columns, (b.columns >>> 0) / 4);
      mm.HEAPF64.set(features.rowPtr, (b.rowPtr >>> 0) / 8);
      session.setRowPtr();
    } else {
      const p = session.denseBuffer(features.rows, features.cols) >>> 0;
      if (p === 0 && features.data.length > 0) return noMemory('features');
      mm.HEAPF64.set(features.data, p / 8);
    }
    const l = session.labelsBuffer(features.rows) >>> 0;
    if (l === 0 && features.rows > 0) return noMemory('labels');
    mm.HEAP32.set(features.labels, l / 4);
    return session.plan();
    });
  } catch (e) {
    if (core === m) deleteQuietly(session);
    throw e;
  }
  return {
    plan: r.plan,
    runUnit: (u) => withCore(fn, (copy, mm) => {
      if (mm !== m) throw new LabelcheckError('INTERNAL', `${fn}: the WebAssembly instance was restarted`);
      return session.runUnit(u);
    }),
    dispose() {
      if (core === m) deleteQuietly(session);
      session = null;
    },
  };
}

/** Internal: what a helper thread needs to make the same instance (the compiled module is shared). */
export function instanceRecipe() {
  return loaded ? { wasmModule: loaded.wasmModule, debug: initFlavour === 'debug', maxMemory: loaded.maxMemory } : null;
}

function assembleResult(r) {
  const { classNames, sourceRows, labels, labelQuality, isLabelIssue, predProbs, thresholds } = r;
  const K = classNames.length;
  const N = labels.length;
  const rowLines = r.rowLines;
  const it = r.issues;
  const issues = new Array(it.example.length);
  for (let j = 0; j < issues.length; j++) {
    const example = it.example[j];
    const given = it.givenLabel[j];
    const suggested = it.suggestedLabel[j];
    const probabilities = predProbs.data.slice(example * K, (example + 1) * K);
    const neighbors = [];
    for (let q = it.neighborStarts[j]; q < it.neighborStarts[j + 1]; q++) {
      const e = it.neighborExamples[q];
      const row = sourceRows[e];
      neighbors.push({ row, line: rowLines[row], example: e, label: classNames[labels[e]], distance: it.neighborDistances[q] });
    }
    issues[j] = {
      row: it.row[j],
      line: it.line[j],
      example,
      givenLabel: classNames[given],
      givenLabelIndex: given,
      suggestedLabel: classNames[suggested],
      suggestedLabelIndex: suggested,
      labelQuality: it.labelQuality[j],
      probabilities,
      givenLabelProbability: probabilities[given],
      suggestedLabelProbability: probabilities[suggested],
      givenLabelThreshold: thresholds[given],
      suggestedLabelThreshold: thresholds[suggested],
      neighbors,
    };
  }
  const labelColumn = r.columns.find((c) => c.index === r.labelColumn);
  const named = (rows, fields) => {
    for (const row of rows) for (const [i, name] of fields) row[name] = classNames[row[i]];
    return rows;
  };
  return {
    mode: r.mode,
    classNames,
    labelColumn: { index: r.labelColumn, name: labelColumn ? labelColumn.name : '', reasons: r.labelReasons },
    columns: r.columns,
    probabilityColumns: r.probabilityColumns,
    rowCount: r.rowCount,
    excludedRows: r.excludedRows,
    csv: r.csv,
    rowSpans: { offsets: r.rowOffsets, ends: r.rowEnds, lines: rowLines },
    examples: {
      sourceRows,
      labels,
      predProbs,
      labelQuality,
      isLabelIssue,
      projection: r.projection,
    },
    issues,
    summary: {
      rowsChecked: N,
      rowsFlagged: issues.length,
      estimatedNoiseRate: N ? issues.length / N : 0,
      overallLabelHealthScore: r.overallLabelHealthScore,
      model: r.model,
      models: r.models,
      modelsSkipped: r.modelsSkipped,
      estimatedCostSeconds: r.estimatedCost,
      cvAccuracy: r.cvAccuracy,
      folds: r.folds,
      repeats: r.repeats,
      refitExcludedRows: r.refitExcludedRows,
      thresholds: Array.from(thresholds),
      joint: matrixRows(r.joint),
      noiseMatrix: matrixRows(r.noiseMatrix),
      inverseNoiseMatrix: matrixRows(r.inverseNoiseMatrix),
      py: Array.from(r.py),
      confidentJoint: matrixRows(r.confidentJoint),
      classesByLabelQuality: named(r.classesByLabelQuality, classFields),
      overlappingClasses: named(r.overlappingClasses, pairFields),
      probabilityRowsAdjusted: r.probabilityRowsAdjusted,
    },
    timingsMs: r.timingsMs,
  };
}
