/**
 * labelcheck: find likely mislabeled rows with Confident Learning, computed exactly as Python's
 * cleanlab 2.9.0 computes it, by a C++ core compiled to WebAssembly.
 *
 * ```js
 * import { init, findLabelIssues } from 'labelcheck';
 * await init();
 * const { indices, count } = findLabelIssues(labels, { data: predProbs, rows: N, cols: K });
 * ```
 *
 * Conventions shared by every function:
 * - Names are cleanlab's, in camelCase; option **values** are cleanlab's, verbatim
 *   (`filterBy: 'prune_by_noise_rate'`).
 * - Everything but {@link init} is synchronous and must be called after `await init()`
 *   (otherwise `LabelcheckError` `NOT_INITIALIZED`). For work off the main thread use
 *   `labelcheck/worker`, which has the same functions returning Promises.
 * - Inputs are copied into WebAssembly memory once per call and freed before the function
 *   returns; results are plain objects and typed arrays owned by JavaScript (nothing to free).
 * - A function always returns the same shape. Every option is optional; the defaults are listed
 *   on each options type and in {@link defaultOptions}.
 * - Failures throw {@link LabelcheckError} with a stable {@link ErrorCode}; the module remains
 *   usable after any of them.
 *
 * @packageDocumentation
 */

/** The package version, e.g. `"0.1.0"`. */
export const version: string;

/** Options of {@link init}. */
export interface InitOptions {
  /**
   * Where to find `labelcheck.wasm`: called with `("labelcheck.wasm", defaultDirectory)`,
   * returns a URL (browser) or a path, `file:` or `http(s):` URL (Node).
   * Default: the file next to the package's JavaScript (`js/wasm/labelcheck.wasm`).
   */
  locateFile?: (file: string, defaultDirectory: string) => string;
  /** The bytes of `labelcheck.wasm`, when the application already has them. Default: fetched / read. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * `labelcheck.wasm` already compiled (e.g. handed to a worker by another thread: a
   * `WebAssembly.Module` can be posted), so that nothing is fetched or compiled. Default: none.
   */
  wasmModule?: WebAssembly.Module;
  /**
   * Load the debug build (`js/wasm/debug/`: runtime assertions, checked memory accesses, function
   * names in stack traces; several times slower). Default: `false` (`true` for `init` of
   * 'labelcheck/debug'). In Node, `init({ debug: true })` of 'labelcheck' loads it. In browsers
   * and bundlers only 'labelcheck/debug' can (so that apps that do not ask for it never carry it):
   * there 'labelcheck' refuses `debug: true` with `INVALID_ARGUMENT`, as does 'labelcheck/worker',
   * and the debug build runs on the calling thread only. In Node it also turns off V8's
   * background tier-up of WebAssembly for the process (Node 20 can hang at exit while a large
   * module tiers up).
   */
  debug?: boolean;
  /**
   * The most memory the WebAssembly module may use, in bytes: 16 MiB to 4 GiB − 64 KiB
   * (4294901760, the default and the wasm32 limit). A call that needs more throws
   * `OUT_OF_MEMORY` and the module keeps working. Useful to keep a page within a budget on
   * small devices.
   */
  maxMemory?: number;
}

/**
 * Loads, compiles and instantiates the WebAssembly module. Idempotent: later calls return the
 * first call's promise (their options are ignored).
 *
 * Out of memory: when a call needs more memory than the module can get (`maxMemory`, or what
 * the browser grants), it throws `LabelcheckError` `OUT_OF_MEMORY` and replaces the module's
 * instance with a fresh one (same compiled code, empty memory), so later calls work. In Node
 * and in workers that happens before the error is thrown; on a browser's main thread it may
 * finish in the background: `await init()` waits for it (calls before then throw
 * `NOT_INITIALIZED`). `moduleInfo().restarts` counts the replacements.
 *
 * @throws LabelcheckError `INVALID_ARGUMENT` (unknown option; `debug: true` of 'labelcheck' in a
 *   browser), `LOAD_FAILED` (the .wasm could not be fetched, read or compiled; a version mismatch
 *   between the JS and the .wasm).
 */
export function init(options?: InitOptions): Promise<void>;

/** Information about the loaded module, or `null` before {@link init}. */
export function moduleInfo(): {
  flavour: 'release' | 'debug';
  version: string;
  /** Size of the WebAssembly memory in bytes: grows with the largest input seen, never shrinks. */
  heapBytes: number;
  /** Bytes allocated in it right now (about 0 between calls). */
  heapUsedBytes: number;
  /** The cap on the memory (`InitOptions.maxMemory`). */
  maxMemory: number;
  /** How many times the instance was replaced after running out of memory. */
  restarts: number;
} | null;

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Stable error codes. All but the last two mirror the C++ `Status` enum
 * (`src/labelcheck/status.hpp`). The CSV and model codes are raised by other parts of labelcheck.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'          // an option with a wrong name, type or value
  | 'SHAPE_MISMATCH'            // labels and pred_probs lengths differ; ragged rows; wrong matrix shape
  | 'EMPTY_INPUT'               // N = 0 or K = 0
  | 'LABEL_OUT_OF_RANGE'        // a label < 0 or >= K
  | 'LABEL_NOT_INTEGER'         // a label such as 1.5, NaN or a string (`row` is set)
  | 'TOO_FEW_CLASSES'           // fewer than two distinct labels where cleanlab requires two
  | 'NON_FINITE_VALUE'          // NaN or Infinity in pred_probs (`row` is set)
  | 'PROBABILITY_OUT_OF_RANGE'  // a probability outside [-1e-6, 1 + 1e-6] (`row` is set)
  | 'SINGULAR_MATRIX'           // pyMethod 'eqn' with a singular noise matrix
  | 'UNSUPPORTED'               // e.g. adjustPredProbs with confidence_weighted_entropy
  | 'EMPTY_CLASS'
  | 'CSV_EMPTY' | 'CSV_UNCLOSED_QUOTE' | 'CSV_FIELD_COUNT' | 'CSV_INVALID_QUOTE' | 'CSV_ENCODING'
  | 'COLUMN_NOT_FOUND' | 'NO_FEATURES' | 'MISSING_LABEL'
  | 'LABEL_LOOKS_CONTINUOUS'    // the label column holds measurements (see allowContinuousLabel)
  | 'TOO_FEW_EXAMPLES_PER_FOLD' | 'NOT_CONVERGED' | 'CANCELLED' | 'LIMIT_EXCEEDED'
  | 'OUT_OF_MEMORY'             // the input does not fit in WebAssembly memory (4 GB, 2 GB per array)
  | 'INTERNAL'                  // a bug; please report it
  | 'NOT_INITIALIZED'           // a function was called before `await init()`
  | 'LOAD_FAILED';              // init() could not load the .wasm file

/** Every {@link ErrorCode}, in the order above. */
export const errorCodes: readonly ErrorCode[];

/** The only error type labelcheck throws. Messages start with the function's name. */
export class LabelcheckError extends Error {
  constructor(code: ErrorCode, message: string, where?: { row?: number; line?: number; column?: number; cause?: unknown });
  readonly name: 'LabelcheckError';
  readonly code: ErrorCode;
  /** 0-based row of the input that caused the error, when known. */
  readonly row?: number;
  /** 1-based line of a CSV input, when known. */
  readonly line?: number;
  /** 1-based column of a CSV input, when known. */
  readonly column?: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs and result types

/**
 * N given labels: class indices `0..K-1`. An `Int32Array` is used as it is; any other typed array
 * or array of numbers is converted (and `1.5`, `NaN`, strings are `LABEL_NOT_INTEGER`).
 */
export type Labels = Int32Array | ArrayLike<number> | ArrayLike<bigint>;

/** A row-major matrix. `data.length === rows * cols`. */
export interface Matrix<T extends ArrayLike<number> = Float64Array> {
  data: T;
  rows: number;
  cols: number;
}

/**
 * N x K out-of-sample predicted probabilities (row i: the model's probability of each class for
 * example i), in one of these forms:
 * - `{ data, rows: N, cols: K }` with `data` a `Float64Array`, `Float32Array` or `number[]`, row-major;
 * - a flat row-major `Float64Array` / `Float32Array` (K = `numClasses` option, or length / N);
 * - an array of N rows, each an array (or typed array) of K numbers.
 *
 * `Float32Array` input (or rows that are all `Float32Array`s) is computed in float32, as cleanlab
 * does for a float32 numpy array: thresholds, margins and scores round like cleanlab's.
 */
export type PredProbs =
  | Matrix<Float64Array | Float32Array | number[]>
  | Float64Array
  | Float32Array
  | ArrayLike<number>[];

/** A K x K matrix of counts (confident joints): `data` holds whole numbers. */
export type CountMatrix = Matrix<Int32Array>;

/** Scores cleanlab can rank by (`cleanlab.rank`). */
export type RankingMethod = 'self_confidence' | 'normalized_margin' | 'confidence_weighted_entropy';

/** cleanlab's `filter_by` values. */
export type FilterBy =
  | 'prune_by_noise_rate'
  | 'prune_by_class'
  | 'both'
  | 'confident_learning'
  | 'predicted_neq_given'
  | 'low_normalized_margin'
  | 'low_self_confidence';

/** Accepted by every function that takes `predProbs`. */
export interface InputOptions {
  /** K, for a flat `predProbs` array; checked against `cols` otherwise. Default: `null` (inferred). */
  numClasses?: number | null;
}

/** cleanlab's `rank_by_kwargs`. */
export interface RankByKwargs {
  /** Subtract each class's confident threshold before scoring. Default: `false`. */
  adjustPredProbs?: boolean;
}

// ---------------------------------------------------------------------------------------------
// cleanlab.filter

export interface FindLabelIssuesOptions extends InputOptions {
  /**
   * How issues are chosen. Default: `'prune_by_noise_rate'`.
   * - `prune_by_noise_rate`: per given class k and other class j, the `cj[k][j]` rows labeled k
   *   with the largest `p[j] - p[k]` (the paper's default);
   * - `prune_by_class`: per class k, the `n_k - cj[k][k]` rows labeled k with the smallest `p[k]`;
   * - `both`: rows flagged by both;
   * - `confident_learning`: the rows off the diagonal of the confident joint;
   * - `predicted_neq_given`: argmax differs from the label;
   * - `low_normalized_margin` / `low_self_confidence`: the `numLabelIssues()` lowest-scoring rows.
   */
  filterBy?: FilterBy;
  /** Fraction of the estimated issues to flag, in (0, 1] (prune_* filters). Default: `1`. */
  fracNoise?: number;
  /** Flag exactly this many rows per given class (K integers; prune_* filters). Default: `null` (estimated). */
  numToRemovePerClass?: ArrayLike<number> | null;
  /** Classes with this many rows or fewer are never flagged (prune_* filters). Default: `1`. */
  minExamplesPerClass?: number;
  /** Order `indices` by this score, most likely mislabeled first. Default: `null` (ascending row order). */
  returnIndicesRankedBy?: RankingMethod | null;
  /** Options of that score. Default: `{ adjustPredProbs: false }`. */
  rankByKwargs?: RankByKwargs;
}

/** Always this shape, whatever the options. */
export interface LabelIssues {
  /** N entries, 1 = the row's label is likely wrong (cleanlab's boolean mask). */
  isLabelIssue: Uint8Array;
  /** The flagged rows: ascending, or ranked when `returnIndicesRankedBy` is set. */
  indices: Int32Array;
  /** `indices.length`. */
  count: number;
}

/**
 * `cleanlab.filter.find_label_issues`: the rows whose given label is likely wrong.
 *
 * ```js
 * const { isLabelIssue, indices, count } = findLabelIssues(labels, predProbs, { filterBy: 'both' });
 * ```
 * @throws LabelcheckError `NOT_INITIALIZED`, `INVALID_ARGUMENT`, `SHAPE_MISMATCH`, `EMPTY_INPUT`,
 *   `LABEL_OUT_OF_RANGE`, `LABEL_NOT_INTEGER`, `TOO_FEW_CLASSES` (one class, unless all labels are 0),
 *   `NON_FINITE_VALUE`, `PROBABILITY_OUT_OF_RANGE`, `UNSUPPORTED`, `OUT_OF_MEMORY`.
 */
export function findLabelIssues(labels: Labels, predProbs: PredProbs, options?: FindLabelIssuesOptions): LabelIssues;

// ---------------------------------------------------------------------------------------------
// cleanlab.rank

export interface GetLabelQualityScoresOptions extends InputOptions {
  /** Default: `'self_confidence'`. */
  method?: RankingMethod;
  /** Subtract each class's confident threshold first (not with confidence_weighted_entropy). Default: `false`. */
  adjustPredProbs?: boolean;
}

/**
 * `cleanlab.rank.get_label_quality_scores`: one score per row in [0, 1]; lower = the label is
 * more likely wrong.
 * @returns N scores (float32 values for float32 input).
 * @throws LabelcheckError as {@link findLabelIssues}; one class is accepted.
 */
export function getLabelQualityScores(labels: Labels, predProbs: PredProbs, options?: GetLabelQualityScoresOptions): Float64Array;

export interface OrderLabelIssuesOptions extends InputOptions {
  /** Default: `'self_confidence'`. */
  rankBy?: RankingMethod;
  /** Default: `{ adjustPredProbs: false }`. */
  rankByKwargs?: RankByKwargs;
}

/**
 * `cleanlab.rank.order_label_issues`: the flagged rows ordered by score, lowest first (equal
 * scores keep row order).
 * @param labelIssuesMask N entries, truthy = flagged (a `Uint8Array`, booleans, or a {@link LabelIssues}).
 * @throws LabelcheckError as {@link findLabelIssues}; `SHAPE_MISMATCH` when the mask is not N long.
 */
export function orderLabelIssues(
  labelIssuesMask: Uint8Array | ArrayLike<boolean | number> | LabelIssues,
  labels: Labels,
  predProbs: PredProbs,
  options?: OrderLabelIssuesOptions,
): Int32Array;

// ---------------------------------------------------------------------------------------------
// cleanlab.count

export interface ComputeConfidentJointOptions extends InputOptions {
  /** Rescale rows to the label counts and the total to N. Default: `true`. */
  calibrate?: boolean;
}

/**
 * `cleanlab.count.compute_confident_joint` (always with the off-diagonal indices, which
 * cleanlab returns for `return_indices_of_off_diagonals=True`).
 * @returns `confidentJoint[g][t]`: rows with given label g confidently in class t (K x K);
 *   `indicesOfOffDiagonals`: the rows counted off the diagonal (ascending).
 * @throws LabelcheckError `SHAPE_MISMATCH`, `EMPTY_INPUT`, `LABEL_OUT_OF_RANGE`, `LABEL_NOT_INTEGER`,
 *   `NON_FINITE_VALUE`, `PROBABILITY_OUT_OF_RANGE`.
 */
export function computeConfidentJoint(labels: Labels, predProbs: PredProbs, options?: ComputeConfidentJointOptions): {
  confidentJoint: CountMatrix;
  indicesOfOffDiagonals: Int32Array;
};

/**
 * `cleanlab.count.get_confident_thresholds`: per class, the mean predicted probability of that
 * class over the rows labeled with it (2 for an absent class; at least 2e-6).
 * @returns K thresholds.
 */
export function getConfidentThresholds(labels: Labels, predProbs: PredProbs, options?: InputOptions): Float64Array;

/**
 * `cleanlab.count.estimate_joint`: the joint distribution of (given label, true label), K x K,
 * summing to 1.
 */
export function estimateJoint(labels: Labels, predProbs: PredProbs, options?: InputOptions): Matrix;

/** The latent estimates of Confident Learning. */
export interface LatentEstimates {
  /** K: prior of the true labels, sums to 1. */
  py: Float64Array;
  /** K x K, `[g][t]` = P(given = g | true = t); columns sum to 1. */
  noiseMatrix: Matrix;
  /** K x K, `[t][g]` = P(true = t | given = g); columns sum to 1. */
  inverseNoiseMatrix: Matrix;
  /** The confident joint the estimates came from. */
  confidentJoint: CountMatrix;
}

export type PyMethod = 'cnt' | 'eqn' | 'marginal' | 'marginal_ps';

export interface EstimateLatentOptions {
  /** How py is computed. Default: `'cnt'`. */
  pyMethod?: PyMethod;
  /** Iterate the estimates until consistent. Default: `false` (cleanlab's default here). */
  convergeLatentEstimates?: boolean;
}

/**
 * `cleanlab.count.estimate_latent` from a confident joint.
 * @param confidentJoint K x K counts: a {@link CountMatrix} (e.g. from computeConfidentJoint) or rows.
 * @throws LabelcheckError `SHAPE_MISMATCH` (not square), `INVALID_ARGUMENT` (not whole numbers),
 *   `SINGULAR_MATRIX` (`'eqn'`), and the label errors.
 */
export function estimateLatent(
  confidentJoint: Matrix<ArrayLike<number>> | ArrayLike<number>[],
  labels: Labels,
  options?: EstimateLatentOptions,
): LatentEstimates;

export interface EstimatePyAndNoiseMatricesOptions extends InputOptions {
  /** Default: `'cnt'`. */
  pyMethod?: PyMethod;
  /** Default: `true` (cleanlab's default here, unlike estimateLatent). */
  convergeLatentEstimates?: boolean;
  /** Default: `true`. */
  calibrate?: boolean;
}

/** `cleanlab.count.estimate_py_and_noise_matrices_from_probabilities`. */
export function estimatePyAndNoiseMatricesFromProbabilities(
  labels: Labels,
  predProbs: PredProbs,
  options?: EstimatePyAndNoiseMatricesOptions,
): LatentEstimates;

export interface NumLabelIssuesOptions extends InputOptions {
  /** Default: `'off_diagonal'`. */
  estimationMethod?: 'off_diagonal' | 'off_diagonal_calibrated';
}

/**
 * `cleanlab.count.num_label_issues`: the estimated number of label issues.
 * @throws LabelcheckError as {@link findLabelIssues}, including `TOO_FEW_CLASSES`.
 */
export function numLabelIssues(labels: Labels, predProbs: PredProbs, options?: NumLabelIssuesOptions): number;

// ---------------------------------------------------------------------------------------------
// cleanlab.dataset

export interface ClassNamesOptions extends InputOptions {
  /** Names of the K classes, added to each row as `className` (or `classNameA`/`classNameB`). Default: `null`. */
  classNames?: string[] | null;
}

/** One row of cleanlab's `rank_classes_by_label_quality` table. */
export interface ClassLabelQuality {
  classIndex: number;
  className?: string;
  /** round(N x P(given = k, true != k)) */
  labelIssues: number;
  /** round(N x P(given != k, true = k)) */
  inverseLabelIssues: number;
  /** P(true != k | given = k) */
  labelNoise: number;
  /** P(given != k | true = k) */
  inverseLabelNoise: number;
  /** 1 - labelNoise */
  labelQualityScore: number;
}

/** One row of cleanlab's `find_overlapping_classes` table. */
export interface OverlappingClasses {
  classIndexA: number;
  classIndexB: number;
  classNameA?: string;
  classNameB?: string;
  /** round(N x jointProbability) */
  numOverlappingExamples: number;
  /** symmetric: joint[a][b] + joint[b][a]; asymmetric: joint[a][b] */
  jointProbability: number;
}

/** `cleanlab.dataset.rank_classes_by_label_quality`: one row per class, ascending labelQualityScore. */
export function rankClassesByLabelQuality(labels: Labels, predProbs: PredProbs, options?: ClassNamesOptions): ClassLabelQuality[];

export interface FindOverlappingClassesOptions extends ClassNamesOptions {
  /** One row per ordered pair (a, b) instead of per unordered pair. Default: `false`. */
  asymmetric?: boolean;
}

/** `cleanlab.dataset.find_overlapping_classes`: pairs of classes, descending jointProbability. */
export function findOverlappingClasses(labels: Labels, predProbs: PredProbs, options?: FindOverlappingClassesOptions): OverlappingClasses[];

/**
 * `cleanlab.dataset.overall_label_health_score`: `1 - numLabelIssues / N`.
 * @throws LabelcheckError as {@link numLabelIssues}.
 */
export function overallLabelHealthScore(labels: Labels, predProbs: PredProbs, options?: InputOptions): number;

export interface HealthSummary {
  overallLabelHealthScore: number;
  /** K x K estimated joint, `[given][true]`. */
  joint: Matrix;
  classesByLabelQuality: ClassLabelQuality[];
  overlappingClasses: OverlappingClasses[];
}

/** `cleanlab.dataset.health_summary` as data (formatting is the caller's). */
export function healthSummary(labels: Labels, predProbs: PredProbs, options?: FindOverlappingClassesOptions): HealthSummary;

// ---------------------------------------------------------------------------------------------
// The pipeline: CSV to ranked label issues

/** A column by name (first column with exactly that header) or by 0-based index. */
export type ColumnRef = string | number;

/** What {@link CheckLabelsOptions.onProgress} receives. */
export interface PipelineProgress {
  /**
   * Stages in order: `parse`, `encode`, `crossValidation` (one unit per fold and model, and per
   * range of rows of the kNN neighbour graph; units differ in size, see `workDone`; with `refit`,
   * both passes: the total grows once when the second pass starts, the fraction never goes back;
   * on several threads, one more unit, detail `audit graph`: the audit's neighbour graph, built
   * by a helper thread beside the models; with `audit: false` the same graph for auto's kNN vote,
   * detail `neighbour graph`, also on one thread), `findIssues`, then `audit` (train mode with `audit`
   * on: 8 units for the neighbour graph, in ranges of rows where the search splits at no extra
   * cost, else all at once, or at once when a helper built it, then one unit per check).
   */
  stage: 'parse' | 'encode' | 'crossValidation' | 'findIssues' | 'audit';
  /** Units finished in this stage. */
  done: number;
  /** Units in this stage (`done === total` at its end). */
  total: number;
  /** What runs now, e.g. the model `logistic`, `knn` or `gbdt` during cross-validation; often `''`. */
  detail: string;
  /**
   * `crossValidation`: the estimated work done and in all (seconds of one WebAssembly core; the
   * units differ in size, so this, not `done / total`, is the fraction for a progress bar and an
   * estimate of the time left). `0` and `0` in the other stages.
   */
  workDone: number;
  workTotal: number;
}

/** Options of {@link checkLabels}; every one is optional (defaults in {@link defaultOptions}.checkLabels). */
export interface CheckLabelsOptions {
  /**
   * The label column. Default `null`: guessed, as {@link previewCsv} shows (`guess`), by the one
   * rule of `src/labelcheck/column_guess.hpp`: the name (label, class, target, y, category,
   * species, status, outcome, ...), the position (first or last column), the type (categorical,
   * or whole numbers / class codes) and the cardinality, weighed; text, identifiers, constants,
   * continuous-looking columns, columns with nearly one value per row and a previous run's
   * `is_label_issue` / `label_quality` / `suggested_label` are never guessed. The reasons are in
   * `labelColumn.reasons`. `COLUMN_NOT_FOUND` when nothing looks like a label. Labels are class
   * names (a numeric column's values too).
   */
  label?: ColumnRef | null;
  /**
   * A label column that looks continuous (numbers, not the codes 0..K-1, more than 20 distinct
   * values with fractions or fewer than 20 rows per value: a time, a price) is refused before
   * anything is encoded or trained, with `LABEL_LOOKS_CONTINUOUS`: every value would become a
   * class. `true` checks it anyway. Default `false`.
   */
  allowContinuousLabel?: boolean;
  /**
   * Feature columns. Default `null`: every column but the label, identifier-like columns and the
   * three columns {@link annotateCsv} adds (when all three are there: a previous run's answers).
   */
  features?: ColumnRef[] | null;
  /**
   * `'auto'` (default): probabilities given when the file has one probability column (values in
   * [0, 1], named like `p_<class>` or the class) per class, else train. `'train'`: always train on
   * the features. `'probabilities'`: the file holds the label and the probability columns.
   */
  mode?: 'auto' | 'train' | 'probabilities';
  /** Probabilities mode: the probability column of each class, in class order. Default `null` = detected. */
  probabilityColumns?: ColumnRef[] | null;
  /** Field delimiter. Default `'auto'` (detected among `,` `;` tab `|`). */
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
  /** A record with the wrong field count: `'error'` (default, `CSV_FIELD_COUNT`) or `'skip'` (listed in `csv.skippedRows`). */
  onBadRow?: 'error' | 'skip';
  /**
   * The model for out-of-sample probabilities: `'logistic'` (multinomial L2 logistic regression),
   * `'knn'` (10 and 20 nearest neighbours, blended; exact or, on large inputs, from an approximate index),
   * `'gbdt'` (histogram gradient-boosted trees; not for text columns), or `'auto'` (default):
   * logistic regression plus the other models that fit `budgetSeconds`, blended by held-out log
   * loss (the weights each row is blended with are chosen on the other folds' rows). Beyond the
   * exact neighbour search (about 50,000 x 20), `'auto'`'s kNN is the vote of the audit's
   * neighbour graph (each row's 10 listed neighbours, never the row itself), with the audit on
   * or off (off, the graph is built for the vote alone): the label issues do not depend on
   * `audit`. With `refit` it leaves kNN out there.
   */
  model?: 'auto' | 'logistic' | 'knn' | 'gbdt';
  /**
   * `'auto'`: the estimated cost, in seconds of one core, the cross-validation may have: logistic
   * regression always runs, then trees and kNN while the plan stays within it (so that large
   * files stay responsive; `summary.modelsSkipped` says what was left out). `null` = no limit.
   * Default `12` (about 6 s of waiting on two cores). A cost model, not a clock: the result does not depend on the machine.
   */
  budgetSeconds?: number | null;
  /**
   * Threads for the cross-validation. This synchronous checkLabels runs on the calling thread:
   * `null` (default) or `1`. checkLabels of `'labelcheck/worker'` (default: every core) and the
   * CLI's `--threads` use more; the result is bit-identical for any number.
   */
  threads?: number | null;
  /** K-fold folds (stratified, shuffled). Default `5`; lowered to the largest class size if needed. */
  cvNFolds?: number;
  /** Seed of the fold shuffling (and of the audit's permutations): the same seed gives the same result. Default `0`. */
  seed?: number;
  /** Whole K-fold runs averaged. Default `0` = automatic: min(5, max(1, 20000 / N)). */
  repeats?: number;
  /**
   * Clean, then refit (train mode): after the first cross-validation and Confident Learning,
   * cross-validate again with the flagged rows left out of every fold's training set (every row
   * is still predicted out-of-sample, with the same blend), and report the issues found on those
   * probabilities. About twice the cross-validation time. On average it finds more (mean F1 over
   * 3 seeds 0.819 -> 0.834 on the 24 benchmark files, 0.767 -> 0.774 on 42 held-out ones), but it
   * flags more correct rows where classes overlap or few labels are wrong (on 18 of the 42
   * held-out files it does worse, by up to 0.06). Default `false`.
   */
  refit?: boolean;
  /** cleanlab `filter_by`. Default `'prune_by_noise_rate'`. */
  filterBy?: FilterBy;
  /** cleanlab `frac_noise`. Default `1`. */
  fracNoise?: number;
  /** cleanlab `min_examples_per_class`. Default `1`. */
  minExamplesPerClass?: number;
  /** The label quality score shown and ranked by. Default `'self_confidence'`. */
  method?: RankingMethod;
  /** Nearest rows listed for each explained issue (train mode). Default `5`; `0` = none. */
  neighbors?: number;
  /** How many top-ranked issues get neighbours. Default `200`. */
  maxExplainedIssues?: number;
  /** Compute 2-D PCA coordinates of every example (`examples.projection`). Default `true`. */
  projection?: boolean;
  /**
   * The data audit (train mode): outliers, near-duplicates and exact copies, class imbalance,
   * order effects, empty rows and a model-free label check, from one nearest-neighbour graph of
   * the encoded features (result `audit`; see {@link DataAudit}). It adds the graph's time
   * (bench/README.md), except beyond the exact search under `'auto'`, whose kNN reads that graph
   * with or without the audit: there it adds its checks only. `false` skips it (`audit: null`;
   * the label issues are the same). Default `true`.
   */
  audit?: boolean;
  /**
   * Called between units of work, synchronously, from inside the call. Return `false` to cancel:
   * checkLabels then throws `CANCELLED` and returns nothing. If it throws, the run is cancelled
   * and that exception is rethrown. Default `null`.
   */
  onProgress?: ((progress: PipelineProgress) => boolean | void) | null;
}

/** What the CSV reader found out about the file. */
export interface CsvMeta {
  delimiter: string;
  delimiterDetected: boolean;
  /** The file's first line was Excel's delimiter hint (`sep=;`): it named the delimiter (unless the options did) and is no record. */
  delimiterHint: boolean;
  /** First line break seen: `'\n'`, `'\r\n'`, `'\r'` or `''`. */
  linebreak: string;
  encoding: 'utf-8' | 'latin-1';
  bomStripped: boolean;
  bytes: number;
  headerLine: number;
  /** Byte span of the header record (line break excluded); both 0 without a header. */
  headerOffset: number;
  headerEnd: number;
  blankLines: number;
  renamedColumns: { index: number; original: string; name: string }[];
  /** Records left out with `onBadRow: 'skip'`; `row` is the file's 0-based data row (rows keep their numbers), `[offset, end)` the record's bytes. */
  skippedRows: { row: number; line: number; column: number; offset: number; end: number; code: ErrorCode; message: string }[];
}

/** How a column of the file was typed and used. */
export interface ColumnInfo {
  index: number;
  name: string;
  kind: 'numeric' | 'categorical' | 'text' | 'identifier';
  use: 'label' | 'feature' | 'unused';
  /** One sentence, e.g. "identifier: named like an id" or "standardised; median 3.5 imputed in 2 rows". */
  why: string;
  /** Feature columns it produced (one-hot levels, indicators, hashed text buckets). */
  featureCount: number;
}

/** A flagged row: the evidence for "this label looks wrong". */
export interface LabelIssue {
  /** 0-based data row of the file (header excluded). */
  row: number;
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Index into `examples` (rows that were checked). */
  example: number;
  givenLabel: string;
  givenLabelIndex: number;
  /** The model's most probable class. */
  suggestedLabel: string;
  suggestedLabelIndex: number;
  /** The `method` score; lower = more likely wrong. Issues are sorted by it, ascending. */
  labelQuality: number;
  /** K out-of-sample (or given) probabilities of this row. */
  probabilities: Float64Array;
  givenLabelProbability: number;
  suggestedLabelProbability: number;
  /** Confident threshold of the given class (mean probability of that class over rows labelled with it). */
  givenLabelThreshold: number;
  /** Confident threshold of the suggested class: the row's probability for it reached this. */
  suggestedLabelThreshold: number;
  /** Nearest rows in feature space, nearest first (train mode, top `maxExplainedIssues` issues only; else `[]`). */
  neighbors: { row: number; line: number; example: number; label: string; distance: number }[];
}

/**
 * The data audit of {@link checkLabels} (cleanlab 2.9 Datalab's issue types, reimplemented; the
 * method is described in `src/labelcheck/audit.hpp`). Every check reads one k-nearest-neighbour
 * graph of the encoded features, with each missing cell at its column's centre (a numeric cell
 * at the median, a category at its levels' shares, no missing-value indicator: rows are compared
 * by the values they have, and `emptyRows` reports the missing cells): k = 10, cosine distance
 * for more than 3 feature columns (and text), euclidean otherwise, exact copies first at
 * distance 0. Rows are the file's 0-based data
 * rows, as `issue.row`; per-row scores are per example (`examples.sourceRows` order), between 0
 * and 1, lower = more of the issue.
 */
export interface DataAudit {
  /** The graph: exact search up to about 50,000 x 20, an approximate index beyond (`recall` measured on `recallRows` sampled rows; 1 when exact). */
  graph: {
    /**
     * True when the graph's estimated time (`estimatedSeconds`, one WebAssembly core) is over the
     * `budgetSeconds` of checkLabels (about 650,000 x 20 at the default 12 s): then only exact
     * copies (by hashing), class imbalance and empty rows are checked; `outliers`, `nonIid.rows`
     * and `knnLabelIssues` are empty, the near-duplicate sets are the exact copies, `nonIid.pValue`
     * is 1, `knnVote` has 0 rows, `scores.knnLabelQuality` is 1/K and the other scores 1 (0 for
     * exact copies' `nearDuplicate`). `budgetSeconds: null` always builds it.
     */
    skipped: boolean;
    estimatedSeconds: number;
    k: number; metric: 'euclidean' | 'cosine'; exact: boolean; recall: number; recallRows: number;
  };
  /** Rows far from their neighbours (mean distance to the k nearest above `outlierThreshold`), most unusual first; `score` = exp(-distance / median distance). */
  outliers: { row: number; score: number }[];
  /** Q3 + 1.7 x IQR of the rows' mean neighbour distances (numpy's percentile). */
  outlierThreshold: number;
  /** Rows closer to each other than `nearDuplicateRadius` (0.13 x the median nearest-neighbour distance), joined into connected sets; rows ascending, sets by first row. Exact copies are in them too. */
  nearDuplicateSets: number[][];
  nearDuplicateRadius: number;
  /** Rows equal in every encoded feature (the same values after imputation and encoding; e.g. rows with every feature missing), by first row. */
  exactDuplicateSets: number[][];
  /** The rarest class, flagged when its share of the rows is below `threshold` = 0.1 / K. */
  classImbalance: { flagged: boolean; classIndex: number; className: string; count: number; share: number; threshold: number };
  /**
   * Order effects: whether rows near each other in the file are near each other in feature space
   * more often than in a shuffled file (KS distance `statistic` of the row gaps of neighbour pairs,
   * p-value from `permutations` random orders, seeded by `seed`; (1 + as extreme) / (1 + permutations),
   * so never below 1/26). `rows`: where the effect is strongest (up to 10, when flagged).
   */
  nonIid: { pValue: number; statistic: number; permutations: number; flagged: boolean; rows: number[] };
  /** Rows whose feature cells are all missing (features as `columns[].use === 'feature'`). */
  emptyRows: number[];
  /** Missing cells per feature column. */
  missingByColumn: { index: number; name: string; missing: number }[];
  /**
   * Confident Learning (`filterBy`) on the neighbours' vote instead of a model: each row's class
   * shares among its 10 nearest other rows (Datalab's rule: 11 neighbours, the row's own vote
   * removed). Flagged rows, lowest `labelQuality` (the vote share of the given label) first.
   */
  knnLabelIssues: { row: number; example: number; givenLabel: string; suggestedLabel: string; labelQuality: number }[];
  /** N x K: the vote shares (unsmoothed); 0 x K when `graph.skipped`. */
  knnVote: Matrix;
  /** Per example. */
  scores: {
    /** exp(-mean neighbour distance / median); lower = more unusual. */
    outlier: Float64Array;
    /** 1 - exp(-nearest distance / median nearest distance); 0 for an exact copy. */
    nearDuplicate: Float64Array;
    /** 1 - the KS distance of the row's own neighbour gaps; lower = neighbours nearer in the file. */
    nonIid: Float64Array;
    /** Share of the row's feature cells that are present. */
    nonMissing: Float64Array;
    /** Share of the rows that have the row's class. */
    classImbalance: Float64Array;
    /** The vote share of the given label. */
    knnLabelQuality: Float64Array;
  };
}

/** The result of {@link checkLabels}. Arrays are JS-owned copies. */
export interface CheckLabelsResult {
  /** The mode used (never `'auto'`). */
  mode: 'train' | 'probabilities';
  /** K class names, in class-index order. */
  classNames: string[];
  /** The label column and how it was chosen: the guess's reasons, or `['named by the caller']`. */
  labelColumn: { index: number; name: string; reasons: string[] };
  /** Every column of the file, in order. */
  columns: ColumnInfo[];
  /** Probabilities mode: the probability columns, in class order; else `[]`. */
  probabilityColumns: string[];
  /** Data rows in the file (header excluded), skipped records included: every `row` number counts them. */
  rowCount: number;
  /** Rows not checked (a missing label), with why. */
  excludedRows: { row: number; line: number; code: ErrorCode; message: string }[];
  csv: CsvMeta;
  /**
   * For a person (sentences, no final full stop): how the file was read when not as one would
   * assume (read as Latin-1, renamed columns, skipped records, a first line of numbers read as
   * the column names) and classes with a single row. The page and the CLI show them.
   */
  warnings: string[];
  /**
   * Byte span `[offsets[r], ends[r])` of every data row r in the input bytes (UTF-8 bytes of a
   * string input), line break excluded, and its 1-based line. Copying these spans reproduces
   * each row exactly.
   */
  rowSpans: { offsets: Float64Array; ends: Float64Array; lines: Float64Array };
  /** N = rows that were checked (`sourceRows[i]` is the file row of example i). */
  examples: {
    sourceRows: Int32Array;
    labels: Int32Array;
    /** N x K out-of-sample (or given) probabilities. */
    predProbs: Matrix;
    labelQuality: Float64Array;
    /** 1 = flagged. */
    isLabelIssue: Uint8Array;
    /** N x 2 PCA coordinates, or `null` (probabilities mode, `projection: false`). */
    projection: Matrix | null;
  };
  /** Flagged rows, ranked: lowest labelQuality first. */
  issues: LabelIssue[];
  /** The data audit (option `audit`); `null` when off or in probabilities mode. */
  audit: DataAudit | null;
  summary: {
    rowsChecked: number;
    rowsFlagged: number;
    /** rowsFlagged / rowsChecked */
    estimatedNoiseRate: number;
    overallLabelHealthScore: number;
    /**
     * The models with a non-zero weight joined by `+` in the order logistic, knn, gbdt (e.g.
     * `'logistic+gbdt'`), or `'given'` in probabilities mode.
     */
    model: string;
    /**
     * Every model cross-validated and its weight in the probabilities: the mean over rows of the
     * weight each row was blended with (`[]` in probabilities mode); with `refit`, the first
     * pass's figures, where the weights were chosen.
     */
    models: { name: 'logistic' | 'knn' | 'gbdt'; weight: number; accuracy: number; logLoss: number }[];
    /** Models `'auto'` left out, each with the reason, e.g. `"knn: estimated 41.0 s more than the 12.5 s budget allows"`. */
    modelsSkipped: string[];
    /** The cross-validation's estimated cost in seconds of one core (0 in probabilities mode). */
    estimatedCostSeconds: number;
    /** argmax(probabilities) == given label, over the examples (the refit's probabilities with `refit`). */
    cvAccuracy: number;
    /** Folds and repeats used (0 in probabilities mode). */
    folds: number;
    repeats: number;
    /** Rows left out of training in the refit (the first pass's issues); 0 = no second pass. */
    refitExcludedRows: number;
    /** K confident thresholds. */
    thresholds: Float64Array;
    /** K x K estimated joint `[given][true]`. */
    joint: Matrix;
    /** K x K `[given][true]` = P(given | true). */
    noiseMatrix: Matrix;
    /** K x K `[true][given]` = P(true | given). */
    inverseNoiseMatrix: Matrix;
    /** K estimated class priors P(true = k). */
    py: Float64Array;
    /** K x K calibrated confident joint (counts). */
    confidentJoint: CountMatrix;
    classesByLabelQuality: (ClassLabelQuality & { className: string })[];
    overlappingClasses: (OverlappingClasses & { classNameA: string; classNameB: string })[];
    /** Probabilities mode: rows whose values were clipped into [0, 1] and renormalised. */
    probabilityRowsAdjusted: number;
  };
  timingsMs: { parse: number; encode: number; crossValidation: number; findIssues: number; audit: number; total: number };
}

/**
 * From a CSV file to ranked label issues in one call: parse and type the columns, encode the
 * features, out-of-sample probabilities by stratified K-fold cross-validation (or the probability
 * columns the file already has), then Confident Learning (cleanlab `find_label_issues`), ranking,
 * health summary and explanations.
 *
 * ```js
 * const r = checkLabels(await readFile('iris.csv'), { label: 'species' });
 * for (const i of r.issues.slice(0, 5)) console.log(i.line, i.givenLabel, '->', i.suggestedLabel);
 * ```
 *
 * @param input CSV text, or its bytes (UTF-8 or Latin-1; copied into WebAssembly memory 1 MiB at a
 *   time, so the heap never holds the whole text next to the parsed columns).
 * @throws LabelcheckError `CSV_EMPTY`, `CSV_UNCLOSED_QUOTE`, `CSV_FIELD_COUNT`, `CSV_INVALID_QUOTE`,
 *   `CSV_ENCODING`, `LIMIT_EXCEEDED` (with `line`, `column`); `COLUMN_NOT_FOUND`, `MISSING_LABEL`,
 *   `TOO_FEW_CLASSES`, `NO_FEATURES`; `PROBABILITY_OUT_OF_RANGE` / `NON_FINITE_VALUE` for given
 *   probabilities (`row`, `line`); `CANCELLED` (onProgress returned false); `OUT_OF_MEMORY`;
 *   `INVALID_ARGUMENT` (an unknown option or a wrong type or value).
 */
export function checkLabels(input: string | Uint8Array | ArrayBuffer, options?: CheckLabelsOptions): CheckLabelsResult;

// ---------------------------------------------------------------------------------------------
// The middle of the pipeline: previews, row values, byte-exact rewrites (the page and the CLI
// use only these and checkLabels; the C++ reader does all CSV parsing)

/** Options of {@link previewCsv}; defaults in {@link defaultOptions}.previewCsv. */
export interface PreviewCsvOptions {
  /** Default `'auto'`. */
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
  /** Default `'error'` (as checkLabels). */
  onBadRow?: 'error' | 'skip';
  /** Rows returned as text in `rows`. Default `20`. Types and the guess use every row read. */
  maxRows?: number;
  /**
   * Bytes read at most: a longer input is previewed from its start (a prefix). Default `1048576`
   * (1 MiB); `null` = all. When the prefix holds no whole data row (a first record longer than
   * that), four times as much is read, and so on.
   */
  maxBytes?: number | null;
  /** The input is the start of a longer file (its last record may be cut; it is left out). Default `false`. */
  partial?: boolean;
  /** Also return `rowSpans` of every row read (for {@link rowValues} and {@link relabelCsv}). Default `false`. */
  rowSpans?: boolean;
}

/** A column as the reader typed it. */
export interface PreviewColumn {
  index: number;
  name: string;
  kind: 'numeric' | 'categorical' | 'text' | 'identifier';
  /** Distinct non-missing values in the rows read (numbers counted up to 100000). */
  distinct: number;
  missing: number;
  /** Why this kind, e.g. "all 150 non-missing values are numbers". */
  why: string;
  /** As a label this column would be refused with `LABEL_LOOKS_CONTINUOUS` (unless allowed). */
  looksContinuous: boolean;
}

/** The label-column guess: the rule checkLabels applies when no label is named. */
export interface ColumnGuess {
  /** The chosen column's index, or `-1` when no column looks like a label. */
  label: number;
  labelName: string | null;
  /** Why, in words, e.g. `['named like a label ("species")', 'last column', 'categorical', '3 values, a plausible number of classes']`. */
  labelReasons: string[];
  /** Columns holding one probability per class (`'auto'` mode would use them), else `[]`. */
  probabilityColumns: number[];
  /** Every column, best first: its score, whether it may be chosen at all, and the reasons. */
  candidates: { index: number; score: number; eligible: boolean; continuous: boolean; reasons: string[] }[];
}

export interface CsvPreview {
  columns: PreviewColumn[];
  /**
   * The first `maxRows` rows, field by field (unquoted, UTF-8), skipped records left out (so after a
   * skipped record, `rows[i]` is file row `i` + the skipped rows before it; see `csv.skippedRows`).
   * For display: render as text.
   */
  rows: string[][];
  /** Data rows read (all of them, or those in the prefix), skipped records included. */
  rowCount: number;
  /** `false` when only a prefix was read. */
  complete: boolean;
  bytesRead: number;
  csv: CsvMeta;
  /** With `rowSpans: true`, as {@link CheckLabelsResult.rowSpans}; else `null`. */
  rowSpans: { offsets: Float64Array; ends: Float64Array; lines: Float64Array } | null;
  guess: ColumnGuess;
  /** For a person: a prefix was read, Latin-1, renamed columns, skipped records, a first line of numbers read as the column names, no label found. */
  warnings: string[];
}

/**
 * The first look at a CSV: typed columns (with the reason for each type), the first rows as text
 * and the label-column guess with its reasons, from the same C++ reader and the same rule as
 * {@link checkLabels}. Reads at most `maxBytes` (1 MiB) so that a big file previews at once.
 *
 * ```js
 * const p = previewCsv(bytes);
 * console.log(p.guess.labelName, p.guess.labelReasons.join('; '));
 * ```
 * @throws LabelcheckError the CSV errors of checkLabels (`line`, `column`); `INVALID_ARGUMENT`.
 */
export function previewCsv(input: string | Uint8Array | ArrayBuffer, options?: PreviewCsvOptions): CsvPreview;

/**
 * What {@link rowValues}, {@link relabelCsv} and {@link annotateCsv} read row positions from: the
 * result as returned, or read back from JSON (the CLI's `--json`, where typed arrays are arrays).
 */
export type RowSource = CheckLabelsResult | CsvPreview;

/**
 * The field values (unquoted, UTF-8) of some data rows (0-based, as `issue.row`), read from the
 * bytes the source was made from, by the reader's field rules.
 * @throws LabelcheckError `INVALID_ARGUMENT` (a row out of range; bytes the source does not describe).
 */
export function rowValues(input: string | Uint8Array | ArrayBuffer, source: RowSource, rows: ArrayLike<number>): string[][];

/**
 * The checked bytes with `is_label_issue,label_quality,suggested_label` appended (the file's
 * delimiter), every original byte kept: BOM, quoting, line breaks, blank lines, encoding.
 * `is_label_issue` is `true`/`false`; `label_quality` has full precision, written as
 * JavaScript's `String(x)` writes it (the shortest decimal that reads back as the same double:
 * `0.30000000000000004`, `1.5e-7`); `suggested_label` is the most probable class (quoted when
 * needed). Rows without a label and records skipped with `onBadRow: 'skip'` get three empty cells.
 * Checking the annotated bytes again leaves the three columns out (unless named as features).
 * `result` may also be read back from JSON (the CLI's `--json` output).
 * @throws LabelcheckError `INVALID_ARGUMENT` when `result` was not made from these bytes.
 */
export function annotateCsv(input: string | Uint8Array | ArrayBuffer, result: CheckLabelsResult): Uint8Array;

/**
 * The bytes with one column's cell replaced in some rows, every other byte kept (teaching mode
 * writes its flipped labels with it). `changes`: `{row, label}` with 0-based data rows; a value
 * holding the delimiter, a quote or a line break is quoted. `options.column`: the column (default:
 * a checkLabels result's label column).
 * @throws LabelcheckError `INVALID_ARGUMENT` (a row out of range or changed twice, no such column, bytes the source does not describe).
 */
export function relabelCsv(input: string | Uint8Array | ArrayBuffer, source: RowSource, changes: { row: number; label: string }[],
  options?: { column?: number | null }): Uint8Array;

/** One decision of a review of the flagged rows (the page's review, `labelcheck apply`). */
export interface ReviewDecision {
  /** 0-based data row of the file (as `issue.row`). */
  row: number;
  /** `keep` the given label, `relabel` to `newLabel`, `drop` the row; `skip` and `unreviewed` change nothing. */
  decision: 'keep' | 'relabel' | 'drop' | 'skip' | 'unreviewed';
  /** The new label of a `relabel` (any text; quoted in the file when needed). */
  newLabel?: string;
  /** The label the reviewer saw (a class name, as `issue.givenLabel`): checked against the label column's cell, which holds it when the two read as the same class (spaces and tabs around a cell ignored, numbers compared as numbers: `1` fits `1.0`); used to find the label column when none is named. */
  given?: string;
}

/** Options of {@link applyReview}. */
export interface ApplyReviewOptions {
  /** The label column (name or 0-based index). Default `null`: the column holding every decision's `given`, else the guessed label column. */
  label?: string | number | null;
  /** As in {@link PreviewCsvOptions}. Default `'auto'`. */
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
  /** As the reviewed check read the file. Default `'error'`. */
  onBadRow?: 'error' | 'skip';
}

/**
 * The file after a review: relabelled rows get their new label (quoted when it needs quotes),
 * dropped rows are removed with their line break, every other byte is kept (BOM, quoting, CRLF,
 * line breaks inside quoted fields, blank lines). `decisions`: {@link ReviewDecision}s, or the
 * page's review log as CSV (columns `line,row,given,decision,new_label,label_quality`; rows
 * `unreviewed` are ignored). Reads the file with the package's own CSV reader.
 * @throws LabelcheckError `INVALID_ARGUMENT` (a row out of range or decided twice, an unknown
 * decision, a relabel without a label, a `given` that no column of the file holds, or that the
 * named label column does not hold), `COLUMN_NOT_FOUND`,
 * and the reader's `CSV_*` errors.
 */
export function applyReview(input: string | Uint8Array | ArrayBuffer, decisions: ReviewDecision[] | string | Uint8Array | ArrayBuffer,
  options?: ApplyReviewOptions): Uint8Array;

/** What {@link crossValidatedProbabilities} returns (N = labelled rows, K = classes). */
export interface CrossValidatedProbabilities {
  /** N x K out-of-sample probabilities (row i: the models that did not see row i). */
  predProbs: Matrix;
  /** N given labels (class indices into `classNames`). */
  labels: Int32Array;
  classNames: string[];
  /** N: the file row of each example. */
  sourceRows: Int32Array;
  labelColumn: { index: number; name: string; reasons: string[] };
  columns: ColumnInfo[];
  excludedRows: { row: number; line: number; code: ErrorCode; message: string }[];
  model: string;
  models: { name: 'logistic' | 'knn' | 'gbdt'; weight: number; accuracy: number; logLoss: number }[];
  modelsSkipped: string[];
  folds: number;
  repeats: number;
  cvAccuracy: number;
}

/**
 * Cross-validated probabilities on their own: read, type and encode the CSV, then stratified
 * K-fold out-of-sample probabilities with checkLabels' models (the same numbers checkLabels
 * ranks issues by). Options are checkLabels' (`label`, `features`, `model`, `cvNFolds`, `seed`,
 * `repeats`, `budgetSeconds`, `onProgress`, ...); `mode` can only be `'train'`. Feed the result
 * to findLabelIssues, getLabelQualityScores, ... to use Confident Learning step by step.
 * @throws LabelcheckError as checkLabels (messages name `checkLabels`, whose steps it runs).
 */
export function crossValidatedProbabilities(input: string | Uint8Array | ArrayBuffer, options?: CheckLabelsOptions): CrossValidatedProbabilities;

// ---------------------------------------------------------------------------------------------
// Defaults

/**
 * Every option of every function with its default value (frozen):
 *
 * ```js
 * {
 *   findLabelIssues: { numClasses: null, filterBy: 'prune_by_noise_rate', fracNoise: 1, numToRemovePerClass: null,
 *                      minExamplesPerClass: 1, returnIndicesRankedBy: null, rankByKwargs: { adjustPredProbs: false } },
 *   getLabelQualityScores: { numClasses: null, method: 'self_confidence', adjustPredProbs: false },
 *   orderLabelIssues: { numClasses: null, rankBy: 'self_confidence', rankByKwargs: { adjustPredProbs: false } },
 *   computeConfidentJoint: { numClasses: null, calibrate: true },
 *   getConfidentThresholds: { numClasses: null },
 *   estimateJoint: { numClasses: null },
 *   estimateLatent: { pyMethod: 'cnt', convergeLatentEstimates: false },
 *   estimatePyAndNoiseMatricesFromProbabilities: { numClasses: null, pyMethod: 'cnt', convergeLatentEstimates: true,
 *                                                  calibrate: true },
 *   numLabelIssues: { numClasses: null, estimationMethod: 'off_diagonal' },
 *   rankClassesByLabelQuality: { numClasses: null, classNames: null },
 *   findOverlappingClasses: { numClasses: null, asymmetric: false, classNames: null },
 *   overallLabelHealthScore: { numClasses: null },
 *   healthSummary: { numClasses: null, asymmetric: false, classNames: null },
 *   checkLabels: { label: null, features: null, mode: 'auto', probabilityColumns: null, delimiter: 'auto',
 *                  onBadRow: 'error', model: 'auto', budgetSeconds: 12, threads: null, cvNFolds: 5, seed: 0,
 *                  repeats: 0, refit: false,
 *                  filterBy: 'prune_by_noise_rate', fracNoise: 1, minExamplesPerClass: 1, method: 'self_confidence',
 *                  neighbors: 5, maxExplainedIssues: 200, projection: true, allowContinuousLabel: false,
 *                  audit: true, onProgress: null },
 * }
 * ```
 */
export const defaultOptions: {
  readonly findLabelIssues: Readonly<Required<FindLabelIssuesOptions>>;
  readonly getLabelQualityScores: Readonly<Required<GetLabelQualityScoresOptions>>;
  readonly orderLabelIssues: Readonly<Required<OrderLabelIssuesOptions>>;
  readonly computeConfidentJoint: Readonly<Required<ComputeConfidentJointOptions>>;
  readonly getConfidentThresholds: Readonly<Required<InputOptions>>;
  readonly estimateJoint: Readonly<Required<InputOptions>>;
  readonly estimateLatent: Readonly<Required<EstimateLatentOptions>>;
  readonly estimatePyAndNoiseMatricesFromProbabilities: Readonly<Required<EstimatePyAndNoiseMatricesOptions>>;
  readonly numLabelIssues: Readonly<Required<NumLabelIssuesOptions>>;
  readonly rankClassesByLabelQuality: Readonly<Required<ClassNamesOptions>>;
  readonly findOverlappingClasses: Readonly<Required<FindOverlappingClassesOptions>>;
  readonly overallLabelHealthScore: Readonly<Required<InputOptions>>;
  readonly healthSummary: Readonly<Required<FindOverlappingClassesOptions>>;
  readonly checkLabels: Readonly<Required<CheckLabelsOptions>>;
  readonly previewCsv: Readonly<Required<PreviewCsvOptions>>;
  readonly relabelCsv: { readonly column: number | null };
  readonly applyReview: Readonly<Required<ApplyReviewOptions>>;
};
