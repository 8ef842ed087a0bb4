// Cross-validated probabilities on their own: the pipeline's first half (read, type, encode,
// K-fold out-of-sample probabilities) without asking for label issues. Built only from the
// stepwise pipeline (startCheckLabels): every unit runs here, in plan order, then the result is
// reduced to the probabilities and what they belong to.
import { LabelcheckError } from './errors.js';
import { startCheckLabels } from './pipeline.js';

/**
 * Out-of-sample predicted probabilities of every labelled row of a CSV, by stratified K-fold
 * cross-validation with the models of checkLabels (`model`, `cvNFolds`, `seed`, `repeats`,
 * `budgetSeconds`, `label`, `features`, ... : checkLabels' options; `mode` is always 'train').
 * The same probabilities checkLabels ranks issues by (its `examples.predProbs`). On the calling
 * thread; labelcheck/worker runs it in a worker. Shape: index.d.ts CrossValidatedProbabilities.
 */
export function crossValidatedProbabilities(input, options) {
  const fn = 'crossValidatedProbabilities';
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: options must be an object`);
  const o = { ...options };
  if (o.mode !== undefined && o.mode !== 'train')
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: option 'mode' can only be 'train' here (probabilities are what it computes)`);
  const run = startCheckLabels(input, { ...o, mode: 'train', projection: false, neighbors: 0, audit: false });
  try {
    for (let u = 0; u < (run.plan?.units.length ?? 0); u++) run.runUnit(u);
    const r = run.complete();
    const s = r.summary;
    return {
      predProbs: r.examples.predProbs,
      labels: r.examples.labels,
      classNames: r.classNames,
      sourceRows: r.examples.sourceRows,
      labelColumn: r.labelColumn,
      columns: r.columns,
      excludedRows: r.excludedRows,
      model: s.model,
      models: s.models,
      modelsSkipped: s.modelsSkipped,
      folds: s.folds,
      repeats: s.repeats,
      cvAccuracy: s.cvAccuracy,
    };
  } finally {
    run.dispose();
  }
}
