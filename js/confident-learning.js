// The cleanlab functions (filter, rank, count, dataset), one raw binding each
// (bindings/bind_confident_learning.cpp): options resolved, inputs marshalled and copied in,
// the binding's result returned with only the documented keys (index.d.ts).
import { resolveOptions } from './options.js';
import { withCore } from './instance.js';
import { toLabels, toPredProbs, toMask, toCountMatrix } from './marshal.js';

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

// The binding adds className (classNameA, classNameB) when classNames is given, and checks them.
export function rankClassesByLabelQuality(labels, predProbs, options) {
  return simpleCall('rankClassesByLabelQuality', labels, predProbs, options).r.rows;
}

export function findOverlappingClasses(labels, predProbs, options) {
  return simpleCall('findOverlappingClasses', labels, predProbs, options).r.rows;
}

export function overallLabelHealthScore(labels, predProbs, options) {
  return simpleCall('overallLabelHealthScore', labels, predProbs, options).r.score;
}

export function healthSummary(labels, predProbs, options) {
  const { r } = simpleCall('healthSummary', labels, predProbs, options);
  return strip(r, 'overallLabelHealthScore', 'joint', 'classesByLabelQuality', 'overlappingClasses');
}
