// Errors: every code the CL API can raise, with its message and position, and the module still
// working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as lc from 'labelcheck';
import { api, root } from './helpers/setup.js';

const labels = [0, 0, 1, 1, 2, 2];
const rows = [[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]];

// The module is healthy: a normal call gives the normal answer.
function stillWorks() {
  assert.deepEqual(Array.from(lc.findLabelIssues(labels, rows).indices), Array.from(expected));
}
let expected;

function throwsCode(fn, code, message, where = {}) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof lc.LabelcheckError, `not a LabelcheckError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    if (message instanceof RegExp) assert.match(e.message, message);
    else assert.equal(e.message, message);
    for (const k of ['row', 'line', 'column']) assert.equal(e[k], where[k], `${k} of ${e.message}`);
    return true;
  });
  stillWorks();
}

test('setup', async () => {
  await api();
  expected = lc.findLabelIssues(labels, rows).indices;
});

test('errorCodes mirror the C++ Status table (src/core/status.cpp) plus the JS-only codes', () => {
  const cpp = readFileSync(path.join(root, 'src/core/status.cpp'), 'utf8');
  const table = [...cpp.matchAll(/\{"([A-Z_]+)", "/g)].map((m) => m[1]).filter((c) => c !== 'OK');
  assert.ok(table.length > 20);
  assert.deepEqual([...lc.errorCodes], [...table, 'NOT_INITIALIZED', 'LOAD_FAILED']);
});

test('INVALID_ARGUMENT: unknown options, wrong option types, values the core rejects', () => {
  throwsCode(() => lc.findLabelIssues(labels, rows, { filter_by: 'both' }), 'INVALID_ARGUMENT',
    "findLabelIssues: unknown option 'filter_by' (did you mean 'filterBy'?); known options: numClasses, filterBy, fracNoise, numToRemovePerClass, minExamplesPerClass, returnIndicesRankedBy, rankByKwargs");
  throwsCode(() => lc.findLabelIssues(labels, rows, { rankByKwargs: { adjust: true } }), 'INVALID_ARGUMENT',
    "findLabelIssues: unknown option 'rankByKwargs.adjust'; known options: adjustPredProbs");
  throwsCode(() => lc.findLabelIssues(labels, rows, { fracNoise: '0.5' }), 'INVALID_ARGUMENT',
    "findLabelIssues: option 'fracNoise' must be a number; got '0.5'");
  throwsCode(() => lc.findLabelIssues(labels, rows, { minExamplesPerClass: 1.5 }), 'INVALID_ARGUMENT',
    "findLabelIssues: option 'minExamplesPerClass' must be an integer; got 1.5");
  throwsCode(() => lc.getLabelQualityScores(labels, rows, 'self_confidence'), 'INVALID_ARGUMENT',
    'getLabelQualityScores: options must be an object');
  throwsCode(() => lc.findLabelIssues(labels, rows, { filterBy: 'prune' }), 'INVALID_ARGUMENT',
    /^findLabelIssues: filter_by must be one of prune_by_noise_rate, .*; got 'prune'$/);
  throwsCode(() => lc.findLabelIssues(labels, rows, { fracNoise: 0 }), 'INVALID_ARGUMENT',
    /^findLabelIssues: frac_noise must be in \(0, 1\]/);
  throwsCode(() => lc.getLabelQualityScores(labels, rows, { method: 'entropy' }), 'INVALID_ARGUMENT',
    /^getLabelQualityScores: .*entropy/);
  throwsCode(() => lc.estimatePyAndNoiseMatricesFromProbabilities(labels, rows, { pyMethod: 'x' }), 'INVALID_ARGUMENT', /py_method/);
  throwsCode(() => lc.numLabelIssues(labels, rows, { estimationMethod: 'x' }), 'INVALID_ARGUMENT', /estimation_method/);
  throwsCode(() => lc.findLabelIssues(labels, rows, { filterBy: 'confident_learning', numToRemovePerClass: [1, 1, 1] }),
    'INVALID_ARGUMENT', /num_to_remove_per_class is not supported with filter_by 'confident_learning'/);
  throwsCode(() => lc.findLabelIssues(labels, 'rows'), 'INVALID_ARGUMENT', /^findLabelIssues: pred_probs must be/);
  throwsCode(() => lc.findLabelIssues({ length: 3 }, rows), 'INVALID_ARGUMENT', /^findLabelIssues: labels must be/);
  throwsCode(() => lc.estimateLatent([[1.5, 0], [0, 1]], [0, 1]), 'INVALID_ARGUMENT',
    /^estimateLatent: confident_joint must hold whole numbers; entry 0 is 1.5/);
  // 32-bit counts: a larger one would wrap round in the core.
  throwsCode(() => lc.findLabelIssues(labels, rows, { filterBy: 'prune_by_class', numToRemovePerClass: [2 ** 31, 0, 0] }), 'INVALID_ARGUMENT',
    "findLabelIssues: option 'numToRemovePerClass' must be an array of integers (below 2^31) or null; got an array");
  // Numbers below an option's least value, named as the caller wrote them.
  for (const [option, value, least] of [['neighbors', -1, 0], ['budgetSeconds', -1, 0], ['budgetSeconds', NaN, 0], ['cvNFolds', 1, 2],
    ['repeats', -1, 0], ['maxExplainedIssues', -5, 0]])
    throwsCode(() => lc.checkLabels('a,label\n1,x\n2,y\n', { [option]: value }), 'INVALID_ARGUMENT',
      `checkLabels: option '${option}' must be >= ${least}; got ${value}`);
});

test('SHAPE_MISMATCH: lengths, ragged rows, flat data that does not divide', () => {
  throwsCode(() => lc.findLabelIssues([0, 1, 2], rows), 'SHAPE_MISMATCH',
    'findLabelIssues: pred_probs and labels must have the same length: 6 rows of pred_probs, 3 labels');
  throwsCode(() => lc.findLabelIssues(labels, [...rows.slice(0, 5), [0.5, 0.5]]), 'SHAPE_MISMATCH',
    'findLabelIssues: pred_probs row 5 has 2 values; row 0 has 3', { row: 5 });
  throwsCode(() => lc.findLabelIssues(labels, new Float64Array(17)), 'SHAPE_MISMATCH',
    'findLabelIssues: pred_probs has 17 values, not a multiple of the 6 labels; pass { numClasses }');
  throwsCode(() => lc.findLabelIssues(labels, { data: new Float64Array(17), rows: 6, cols: 3 }), 'SHAPE_MISMATCH',
    'findLabelIssues: pred_probs.data has 17 values but rows x cols = 6 x 3 = 18');
  throwsCode(() => lc.findLabelIssues(labels, rows, { numClasses: 4 }), 'SHAPE_MISMATCH',
    'findLabelIssues: pred_probs rows have 3 columns but numClasses is 4');
  throwsCode(() => lc.findLabelIssues(labels, rows, { numToRemovePerClass: [1, 1] }), 'SHAPE_MISMATCH', /one entry per class \(3\)/);
  throwsCode(() => lc.orderLabelIssues(new Uint8Array(5), labels, rows), 'SHAPE_MISMATCH',
    'orderLabelIssues: label_issues_mask has 5 entries but labels has 6');
  throwsCode(() => lc.estimateLatent({ data: [1, 2, 3, 4, 5, 6], rows: 2, cols: 3 }, [0, 1]), 'SHAPE_MISMATCH',
    'estimateLatent: confident_joint must be square; got 2 x 3');
  throwsCode(() => lc.rankClassesByLabelQuality(labels, rows, { classNames: ['a', 'b'] }), 'SHAPE_MISMATCH',
    'rankClassesByLabelQuality: classNames has 2 names but class 2 exists');
  throwsCode(() => lc.healthSummary(labels, rows, { classNames: ['a'] }), 'SHAPE_MISMATCH',
    /^healthSummary: classNames has 1 names but class \d exists$/);
});

test('EMPTY_INPUT, LABEL_OUT_OF_RANGE, LABEL_NOT_INTEGER (with the row)', () => {
  throwsCode(() => lc.findLabelIssues([], []), 'EMPTY_INPUT', /^findLabelIssues: /);
  throwsCode(() => lc.findLabelIssues(new Int32Array(0), new Float64Array(0), { numClasses: 3 }), 'EMPTY_INPUT', /^findLabelIssues: /);
  throwsCode(() => lc.findLabelIssues([0, 0, 1, 1, 2, 3], rows), 'LABEL_OUT_OF_RANGE',
    'findLabelIssues: pred_probs must have at least 4 columns, based on the largest class index which appears in labels; it has 3');
  throwsCode(() => lc.findLabelIssues([0, 0, 1, -1, 2, 2], rows), 'LABEL_OUT_OF_RANGE', /^findLabelIssues: labels must be non-negative/, { row: 3 });
  throwsCode(() => lc.findLabelIssues(Int32Array.of(0, 0, 1, -1, 2, 2), rows), 'LABEL_OUT_OF_RANGE', /^findLabelIssues: /, { row: 3 });
  throwsCode(() => lc.findLabelIssues([0, 0, 1, 1.5, 2, 2], rows), 'LABEL_NOT_INTEGER',
    'findLabelIssues: labels must be zero-indexed integers; row 3 has 1.500000', { row: 3 });
  throwsCode(() => lc.findLabelIssues(Float64Array.of(0, 0, 1, 1, NaN, 2), rows), 'LABEL_NOT_INTEGER', /row 4/, { row: 4 });
  throwsCode(() => lc.findLabelIssues([0, 0, 'cat', 1, 2, 2], rows), 'LABEL_NOT_INTEGER',
    "findLabelIssues: labels must be class indices 0..K-1; row 2 is the string 'cat' (encode class names as integers first)", { row: 2 });
  throwsCode(() => lc.findLabelIssues([0, 0, 1, null, 2, 2], rows), 'LABEL_NOT_INTEGER', /row 3 is null/, { row: 3 });
});

test('probabilities and counts given as plain arrays must hold numbers (strings are refused, as string labels are)', () => {
  const withString = rows.map((r, i) => (i === 3 ? [0.5, '0.4', 0.1] : r));
  throwsCode(() => lc.findLabelIssues(labels, withString), 'INVALID_ARGUMENT',
    "findLabelIssues: pred_probs must hold numbers; row 3, column 1 is the string '0.4'", { row: 3 });
  throwsCode(() => lc.getLabelQualityScores(labels, { data: [...rows.flat().slice(0, 17), '0.6'], rows: 6, cols: 3 }),
    'INVALID_ARGUMENT', "getLabelQualityScores: pred_probs.data must hold numbers; value 17 is the string '0.6'");
  throwsCode(() => lc.estimateLatent([[3, '1'], [0, 2]], [0, 1]), 'INVALID_ARGUMENT',
    "estimateLatent: confidentJoint must hold numbers; row 0, column 1 is the string '1'", { row: 0 });
  // The same values as numbers are taken (the refusal is of the type, not the value).
  assert.equal(lc.findLabelIssues(labels, rows.map((r, i) => (i === 3 ? [0.5, 0.4, 0.1] : r))).isLabelIssue.length, 6);
});

test('COLUMN_NOT_FOUND: the closest column suggested and the columns listed (label, features, probability columns)', () => {
  const csv = 'sepal length,species,p_a,p_b\n1,a,0.9,0.1\n2,b,0.2,0.8\n3,a,0.7,0.3\n4,b,0.4,0.6\n';
  throwsCode(() => lc.checkLabels(csv, { label: 'Species' }), 'COLUMN_NOT_FOUND',
    'checkLabels: no column named "Species" (did you mean "species"?); the columns are: sepal length, species, p_a, p_b');
  throwsCode(() => lc.checkLabels(csv, { label: 'species', features: ['sepal lenght'], mode: 'train' }), 'COLUMN_NOT_FOUND',
    /no column named "sepal lenght" \(did you mean "sepal length"\?\)/);
  throwsCode(() => lc.checkLabels(csv, { label: 'species', mode: 'probabilities', probabilityColumns: ['P_A', 'p_b'] }),
    'COLUMN_NOT_FOUND', /no column named "P_A" \(did you mean "p_a"\?\)/);
});

test('TOO_FEW_CLASSES, NON_FINITE_VALUE, PROBABILITY_OUT_OF_RANGE (with the row)', () => {
  throwsCode(() => lc.findLabelIssues([1, 1, 1], [[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]]), 'TOO_FEW_CLASSES', /^findLabelIssues: /);
  throwsCode(() => lc.numLabelIssues([0, 0, 0], [[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]]), 'TOO_FEW_CLASSES', /^numLabelIssues: /);
  // One class in one probability column: every filterBy rejects it (cleanlab: "Labels must
  // contain at least 2 classes"), predicted_neq_given too.
  for (const filterBy of ['predicted_neq_given', 'low_normalized_margin', 'low_self_confidence'])
    throwsCode(() => lc.findLabelIssues([0, 0, 0], [[1], [1], [1]], { filterBy }), 'TOO_FEW_CLASSES',
      'findLabelIssues: labels must contain at least 2 classes');
  const nan = rows.map((r) => [...r]);
  nan[2][1] = NaN;
  throwsCode(() => lc.findLabelIssues(labels, nan), 'NON_FINITE_VALUE', /^findLabelIssues: /, { row: 2 });
  const big = rows.map((r) => [...r]);
  big[4][0] = 1.5;
  throwsCode(() => lc.getLabelQualityScores(labels, big), 'PROBABILITY_OUT_OF_RANGE', /^getLabelQualityScores: /, { row: 4 });
  throwsCode(() => lc.computeConfidentJoint(labels, Float32Array.from(big.flat())), 'PROBABILITY_OUT_OF_RANGE', /^computeConfidentJoint: /, { row: 4 });
});

test('SINGULAR_MATRIX and UNSUPPORTED', () => {
  // class 2 never occurs in the labels: the noise matrix is singular for py_method 'eqn'
  throwsCode(() => lc.estimatePyAndNoiseMatricesFromProbabilities([0, 0, 1, 1, 0, 1], rows, { pyMethod: 'eqn' }),
    'SINGULAR_MATRIX', /^estimatePyAndNoiseMatricesFromProbabilities: /);
  throwsCode(() => lc.getLabelQualityScores(labels, rows, { method: 'confidence_weighted_entropy', adjustPredProbs: true }),
    'UNSUPPORTED', /^getLabelQualityScores: adjust_pred_probs is not supported for confidence_weighted_entropy/);
  throwsCode(() => lc.findLabelIssues(labels, rows,
    { returnIndicesRankedBy: 'confidence_weighted_entropy', rankByKwargs: { adjustPredProbs: true } }), 'UNSUPPORTED', /adjust_pred_probs/);
});

test('OUT_OF_MEMORY: an input larger than a WebAssembly heap block is an error, not a dead module', () => {
  // 2.4 GB of probabilities cannot be copied into one WASM allocation (about 2 GB at most).
  const n = 30_000_000;
  const big = new Float64Array(n * 10); // zero pages: cheap until touched
  throwsCode(() => lc.findLabelIssues(new Int32Array(n), big, { numClasses: 10 }), 'OUT_OF_MEMORY',
    /^findLabelIssues: not enough memory to copy 2400\.0 MB into the WebAssembly memory/);
  assert.equal(lc.moduleInfo().heapUsedBytes < 1e6, true, 'the labels copied before the failure were freed');
});

test('a thousand failing calls leave the module healthy (no leaks, no stack growth)', () => {
  const before = lc.moduleInfo().heapUsedBytes;
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => lc.findLabelIssues([0, 0, 1, 1.5, 2, 2], rows), { code: 'LABEL_NOT_INTEGER' });
    assert.throws(() => lc.findLabelIssues(labels, rows, { filterBy: 'x' }), { code: 'INVALID_ARGUMENT' });
  }
  assert.equal(lc.moduleInfo().heapUsedBytes, before);
  stillWorks();
});
