#!/usr/bin/env node
// cleanlab-contract for the JavaScript API: answers the JSON contract of
// ../shared/fixtures/cleanlab/README.md (single or batch protocol, chosen by the request's
// shape) using only the public API of the npm package (`import ... from 'labelcheck'`).
// Reads one request on stdin, writes one response on stdout.
//
//   python3 ../shared/fixtures/cleanlab/compare.py ../shared/fixtures/cleanlab \
//     --cmd "node scripts/cleanlab-contract.mjs" --protocol batch --strict
//
// LABELCHECK_FLAVOUR=debug selects the debug WebAssembly build.
// Exports answerRequest(request) for the parity tests (tests/js/parity.test.js).
import * as lc from 'labelcheck';
import { fileURLToPath } from 'node:url';

const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const num = (v) => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v] : v);
const jsonNumber = (v) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
const list = (typed) => Array.from(typed, jsonNumber);

function matrix({ data, rows, cols }) {
  const out = [];
  for (let r = 0; r < rows; r++) out.push(list(data.subarray(r * cols, (r + 1) * cols)));
  return out;
}

// The request's inputs in the forms the public API takes: labels as plain numbers (validated by
// the API: 1.5 -> LABEL_NOT_INTEGER), pred_probs as rows of numbers or of Float32Arrays.
function inputs(request) {
  const labels = request.labels.map(num);
  const f32 = request.pred_probs_dtype === 'float32';
  const predProbs = request.pred_probs.map((row) => (f32 ? Float32Array.from(row.map(num)) : row.map(num)));
  return { labels, predProbs };
}

const classRow = (r) => ({
  class_index: r.classIndex,
  label_issues: r.labelIssues,
  inverse_label_issues: r.inverseLabelIssues,
  label_noise: jsonNumber(r.labelNoise),
  inverse_label_noise: jsonNumber(r.inverseLabelNoise),
  label_quality_score: jsonNumber(r.labelQualityScore),
});
const overlapRow = (r) => ({
  class_index_a: r.classIndexA,
  class_index_b: r.classIndexB,
  num_overlapping_examples: r.numOverlappingExamples,
  joint_probability: jsonNumber(r.jointProbability),
});
const latent = (l) => ({
  py: list(l.py),
  noise_matrix: matrix(l.noiseMatrix),
  inverse_noise_matrix: matrix(l.inverseNoiseMatrix),
  confident_joint: matrix(l.confidentJoint),
});
const rankByKwargs = (kw) => ({ adjustPredProbs: Boolean(kw?.adjust_pred_probs) });

// One cleanlab call through the public API; returns the cleanlab-shaped result.
function run(call, args, labels, predProbs) {
  switch (call) {
    case 'get_confident_thresholds':
      return list(lc.getConfidentThresholds(labels, predProbs));
    case 'compute_confident_joint': {
      const r = lc.computeConfidentJoint(labels, predProbs, { calibrate: args.calibrate ?? true });
      const cj = matrix(r.confidentJoint);
      return args.return_indices_of_off_diagonals ? { confident_joint: cj, indices: Array.from(r.indicesOfOffDiagonals) } : cj;
    }
    case 'estimate_py_and_noise_matrices_from_probabilities':
      return latent(lc.estimatePyAndNoiseMatricesFromProbabilities(labels, predProbs, {
        pyMethod: args.py_method ?? 'cnt',
        convergeLatentEstimates: args.converge_latent_estimates ?? true,
        calibrate: args.calibrate ?? true,
      }));
    case 'estimate_latent': {
      const l = latent(lc.estimateLatent(args.confident_joint, labels, {
        pyMethod: args.py_method ?? 'cnt',
        convergeLatentEstimates: args.converge_latent_estimates ?? false,
      }));
      delete l.confident_joint;
      return l;
    }
    case 'estimate_joint':
      return matrix(lc.estimateJoint(labels, predProbs));
    case 'num_label_issues':
      return lc.numLabelIssues(labels, predProbs, { estimationMethod: args.estimation_method ?? 'off_diagonal' });
    case 'find_label_issues': {
      const r = lc.findLabelIssues(labels, predProbs, {
        filterBy: args.filter_by ?? 'prune_by_noise_rate',
        fracNoise: args.frac_noise ?? 1,
        minExamplesPerClass: args.min_examples_per_class ?? 1,
        numToRemovePerClass: args.num_to_remove_per_class ?? null,
        returnIndicesRankedBy: args.return_indices_ranked_by ?? null,
        rankByKwargs: rankByKwargs(args.rank_by_kwargs),
      });
      return Array.from(r.indices);
    }
    case 'get_label_quality_scores':
      return list(lc.getLabelQualityScores(labels, predProbs, {
        method: args.method ?? 'self_confidence',
        adjustPredProbs: Boolean(args.adjust_pred_probs),
      }));
    case 'order_label_issues': {
      const mask = new Uint8Array(labels.length);
      for (const i of args.label_issues_indices) {
        if (!(Number.isInteger(i) && i >= 0 && i < labels.length))
          throw new lc.LabelcheckError('SHAPE_MISMATCH', `label issue index ${i} is out of range`);
        mask[i] = 1;
      }
      return Array.from(lc.orderLabelIssues(mask, labels, predProbs, {
        rankBy: args.rank_by ?? 'self_confidence',
        rankByKwargs: rankByKwargs(args.rank_by_kwargs),
      }));
    }
    case 'rank_classes_by_label_quality':
      return lc.rankClassesByLabelQuality(labels, predProbs).map(classRow);
    case 'find_overlapping_classes':
      return lc.findOverlappingClasses(labels, predProbs, { asymmetric: Boolean(args.asymmetric) }).map(overlapRow);
    case 'overall_label_health_score':
      return jsonNumber(lc.overallLabelHealthScore(labels, predProbs));
    case 'health_summary': {
      const h = lc.healthSummary(labels, predProbs, { asymmetric: Boolean(args.asymmetric) });
      return {
        overall_label_health_score: jsonNumber(h.overallLabelHealthScore),
        joint: matrix(h.joint),
        classes_by_label_quality: h.classesByLabelQuality.map(classRow),
        overlapping_classes: h.overlappingClasses.map(overlapRow),
      };
    }
    default:
      throw new lc.LabelcheckError('INVALID_ARGUMENT', `unknown call '${call}'`);
  }
}

// {ok: true, result} or {ok: false, error: {type, message}}. Anything but a LabelcheckError is
// a bug and propagates (the command then crashes, which compare.py reports as such).
function answerCall(call, args, labels, predProbs) {
  try {
    return { ok: true, result: run(call, args ?? {}, labels, predProbs) };
  } catch (e) {
    if (!(e instanceof lc.LabelcheckError)) throw e;
    return { ok: false, error: { type: e.code, message: e.message } };
  }
}

/** Answers one contract request (single or batch). Call `await lc.init()` first. */
export function answerRequest(request) {
  const { labels, predProbs } = inputs(request);
  if (Array.isArray(request.calls))
    return { results: request.calls.map((c) => ({ id: c.id, ...answerCall(c.call, c.args, labels, predProbs) })) };
  return answerCall(request.call, request.args, labels, predProbs);
}

export { lc as api };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  let request;
  try {
    request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    process.stdout.write(JSON.stringify({ ok: false, error: { type: 'INVALID_ARGUMENT', message: 'request is not JSON' } }) + '\n');
    process.exit(2);
  }
  const debug = process.env.LABELCHECK_FLAVOUR === 'debug';
  await lc.init({ debug });
  process.stdout.write(JSON.stringify(answerRequest(request)) + '\n');
}
