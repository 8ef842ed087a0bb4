// Options: every option of every public function with its default, and the one check that
// merges a caller's options with them (unknown names and wrong JavaScript types are rejected
// here; option *values* are checked once, in C++).
//
// The documentation prints `defaultOptions`; index.d.ts mirrors it.
import { LabelcheckError } from './errors.js';

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
    audit: true,                  // the data audit (outliers, duplicates, imbalance, order, empty rows); train mode
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
  applyReview: {
    label: null,                  // the label column (name or 0-based index); null = the column holding every decision's `given`, else the guess
    delimiter: 'auto',            // 'auto' | ',' | ';' | '\t' | '|'
    onBadRow: 'error',            // 'error' | 'skip' (as the review's check read the file)
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
  audit: 'boolean',
  maxRows: 'integer',
  maxBytes: 'integer?',
  partial: 'boolean',
  rowSpans: 'boolean',
  column: 'integer?',
  onProgress: 'function?',
};

// The least value of numeric options (null, where allowed, is no limit): checked here so that
// the message names the option as the caller wrote it.
const optionMinimums = {
  budgetSeconds: 0, threads: 1, cvNFolds: 2, repeats: 0, neighbors: 0, maxExplainedIssues: 0, maxRows: 0, maxBytes: 0,
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
    // The core reads them as 32-bit integers: larger ones would wrap round.
    case 'integers': return (Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v).every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31);
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
    if (v !== null && key in optionMinimums && !(v >= optionMinimums[key]))
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option '${where}${key}' must be >= ${optionMinimums[key]}; got ${v}`);
    out[key] = v;
  }
  return out;
}

function describeType(type) {
  const base = {
    integer: 'an integer', 'integer?': 'an integer or null', 'integers?': 'an array of integers (below 2^31) or null',
    'strings?': 'an array of strings or null', 'string?': 'a string or null',
    'column?': 'a column name, a 0-based column index or null', 'columns?': 'an array of column names / indices or null',
    seed: 'a non-negative integer', 'function?': 'a function or null',
    string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object',
  };
  return base[type] ?? type;
}