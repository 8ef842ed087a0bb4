/**
 * labelcheck/worker: the functions of 'labelcheck', run in a worker thread (a module Web Worker in
 * browsers, a worker_threads thread in Node), returning Promises. Inputs are copied to the
 * worker; results are transferred back. Errors reject with {@link LabelcheckError}.
 *
 * ```js
 * import { init, findLabelIssues } from 'labelcheck/worker';
 * await init();
 * const { indices } = await findLabelIssues(labels, predProbs);
 * ```
 * @packageDocumentation
 */
import type * as lc from './index.js';

export { LabelcheckError, errorCodes, version, defaultOptions } from './index.js';
export type * from './index.js';

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/**
 * Starts the worker and loads the module in it (idempotent). Options as for `init` of
 * 'labelcheck' (`debug: true` in Node only). Rejects with `LOAD_FAILED` if the worker's script
 * cannot load (a bundler that did not emit it).
 */
export function init(options?: lc.InitOptions): Promise<void>;
/** Stops the worker; pending calls reject with `CANCELLED`. A later init() starts a new one. */
export function terminate(): void;

export const findLabelIssues: Async<typeof lc.findLabelIssues>;
export const getLabelQualityScores: Async<typeof lc.getLabelQualityScores>;
export const orderLabelIssues: Async<typeof lc.orderLabelIssues>;
export const computeConfidentJoint: Async<typeof lc.computeConfidentJoint>;
export const getConfidentThresholds: Async<typeof lc.getConfidentThresholds>;
export const estimateJoint: Async<typeof lc.estimateJoint>;
export const estimateLatent: Async<typeof lc.estimateLatent>;
export const estimatePyAndNoiseMatricesFromProbabilities: Async<typeof lc.estimatePyAndNoiseMatricesFromProbabilities>;
export const numLabelIssues: Async<typeof lc.numLabelIssues>;
export const rankClassesByLabelQuality: Async<typeof lc.rankClassesByLabelQuality>;
export const findOverlappingClasses: Async<typeof lc.findOverlappingClasses>;
export const overallLabelHealthScore: Async<typeof lc.overallLabelHealthScore>;
export const healthSummary: Async<typeof lc.healthSummary>;
export const moduleInfo: Async<typeof lc.moduleInfo>;
export const previewCsv: Async<typeof lc.previewCsv>;
export const rowValues: Async<typeof lc.rowValues>;
export const annotateCsv: Async<typeof lc.annotateCsv>;
export const relabelCsv: Async<typeof lc.relabelCsv>;
export const applyReview: Async<typeof lc.applyReview>;
export const crossValidatedProbabilities: Async<typeof lc.crossValidatedProbabilities>;

/** Options of the worker's {@link checkLabels}: those of 'labelcheck', plus `signal`. */
export interface WorkerCheckLabelsOptions extends Omit<lc.CheckLabelsOptions, 'onProgress'> {
  /**
   * Progress events posted by the worker. The return value is ignored, and so is an exception
   * it throws (the worker is busy in WebAssembly and cannot be asked or stopped from here: the
   * check goes on); cancel with `signal` or {@link terminate}.
   */
  onProgress?: ((progress: lc.PipelineProgress) => unknown) | null;
  /** Aborting terminates the worker: every pending call rejects with `CANCELLED`; call init() again to go on. Anything else than an AbortSignal (or null) is `INVALID_ARGUMENT`. */
  signal?: AbortSignal | null;
}

/**
 * checkLabels of 'labelcheck', run in the worker; progress events are forwarded to `onProgress`.
 * The cross-validation runs on `threads` threads (default `null`: every core the platform
 * reports), each a helper worker with its own WebAssembly instance and a copy of the encoded
 * features; the result is bit-identical for any number of threads.
 */
export function checkLabels(input: string | Uint8Array | ArrayBuffer, options?: WorkerCheckLabelsOptions): Promise<lc.CheckLabelsResult>;
