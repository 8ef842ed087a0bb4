// Compiled (not run) by tests/js/types.test.js: the public types resolve through the package's
// "exports" and describe the API; the lines marked @ts-expect-error must stay errors.
import { init, findLabelIssues, getLabelQualityScores, computeConfidentJoint, healthSummary, estimateLatent,
  LabelcheckError, defaultOptions, checkLabels, type LabelIssues, type ErrorCode, type CheckLabelsResult,
  previewCsv, rowValues, annotateCsv, relabelCsv, crossValidatedProbabilities, type CsvPreview,
  applyReview, type ReviewDecision } from 'labelcheck';
import * as worker from 'labelcheck/worker';
import * as debug from 'labelcheck/debug';

export async function main(): Promise<void> {
  await init({ debug: false, locateFile: (f, dir) => dir + f });
  await debug.init();  // 'labelcheck/debug': the same API and types
  const sameApi: typeof findLabelIssues = debug.findLabelIssues;
  void sameApi;
  const labels = new Int32Array([0, 1, 1]);
  const probs = { data: new Float32Array(6), rows: 3, cols: 2 };
  const r: LabelIssues = findLabelIssues(labels, probs, { filterBy: 'both', rankByKwargs: { adjustPredProbs: true } });
  const n: number = r.count + r.indices[0] + r.isLabelIssue[0];
  const s: Float64Array = getLabelQualityScores([0, 1], [[0.5, 0.5], [0.2, 0.8]], { method: 'normalized_margin' });
  const cj = computeConfidentJoint(labels, probs).confidentJoint;
  const latent = estimateLatent(cj, labels, { pyMethod: 'marginal_ps' });
  const h = healthSummary(labels, probs, { classNames: ['a', 'b'] });
  const w: LabelIssues = await worker.findLabelIssues(labels, probs);
  const code: ErrorCode = new LabelcheckError('SHAPE_MISMATCH', 'x').code;
  console.log(n, s, latent.py, h.classesByLabelQuality[0].labelQualityScore, w.count, code, defaultOptions.findLabelIssues.filterBy);
  // @ts-expect-error: option values are cleanlab's, verbatim
  findLabelIssues(labels, probs, { filterBy: 'prune' });
  // @ts-expect-error: options are camelCase
  findLabelIssues(labels, probs, { filter_by: 'both' });
  // @ts-expect-error: worker functions return Promises
  const sync: LabelIssues = worker.findLabelIssues(labels, probs);
  void sync;
  const c: CheckLabelsResult = checkLabels('a,b\n1,x\n', { label: 'b', features: [0], model: 'logistic', onProgress: (p) => p.stage !== 'parse' });
  const top: string = c.issues[0].suggestedLabel + c.summary.noiseMatrix.data[0] + c.rowSpans.offsets[0] + defaultOptions.checkLabels.cvNFolds;
  const wc: CheckLabelsResult = await worker.checkLabels(new Uint8Array(4), { signal: new AbortController().signal, onProgress: (p) => p.done });
  console.log(top, wc.mode);
  // @ts-expect-error: the model is 'logistic', 'knn' or 'auto'
  checkLabels('', { model: 'lr' });
  // The middle of the pipeline.
  const p: CsvPreview = previewCsv('a,b\n1,x\n', { maxRows: 5, maxBytes: null, rowSpans: true });
  const why: string = p.guess.labelReasons[0] + p.columns[0].why + c.labelColumn.reasons[0] + defaultOptions.previewCsv.maxBytes;
  const cells: string[][] = rowValues('a,b\n1,x\n', p, [0]);
  const out: Uint8Array = annotateCsv('a,b\n1,x\n', c);
  const flipped: Uint8Array = relabelCsv('a,b\n1,x\n', p, [{ row: 0, label: 'y' }], { column: 1 });
  const cv = crossValidatedProbabilities('a,b\n1,x\n', { label: 'b', allowContinuousLabel: true });
  const wp: CsvPreview = await worker.previewCsv(new Uint8Array(4));
  console.log(why, cells, out, flipped, cv.predProbs.cols, wp.rowCount);
  // @ts-expect-error: changes are {row, label}
  relabelCsv('', p, [{ row: 0, value: 'y' }]);
  // A review: decisions, or the page's log as CSV.
  const decisions: ReviewDecision[] = [{ row: 0, decision: 'relabel', newLabel: 'y', given: 'x' }, { row: 1, decision: 'drop' }];
  const cleaned: Uint8Array = applyReview('a,b\n1,x\n2,x\n', decisions, { label: 'b', onBadRow: 'skip' });
  const replayed: Uint8Array = await worker.applyReview(new Uint8Array(4), 'line,row,given,decision,new_label,label_quality\n');
  console.log(cleaned, replayed, defaultOptions.applyReview.label);
  // @ts-expect-error: a decision is keep, relabel, drop, skip or unreviewed
  applyReview('', [{ row: 0, decision: 'delete' }]);
}
