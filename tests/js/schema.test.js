// One result schema: real results of every API function, walked key by key against the return
// types declared in index.d.ts (read with the TypeScript compiler API). Fails when a key is on
// one side only, when a value has the wrong kind (number[][] where Matrix is declared), and when
// a declared key never appears in any of the results below (the inputs are chosen so that every
// optional part is produced: class names, skipped and excluded rows, renamed columns, neighbours).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiFunctions } from '../../js/functions.js';
import { declaredReturnType } from './helpers/declarations.js';
import { compareShape, declaredPaths } from './helpers/shape.js';
import { api, root, fixturesDir } from './helpers/setup.js';

const fixture = JSON.parse(readFileSync(path.join(fixturesDir, 'dirichlet_N60_K3_noise0.2_c6.0_a1.0.json'), 'utf8'));
const { labels } = fixture.inputs;
const predProbs = fixture.inputs.pred_probs;
const classNames = ['a', 'b', 'c'];

// iris with a duplicated header name (renamed), a short record (skipped) and a row without a
// label (excluded): every part of a checkLabels result has something in it.
function irisCsv() {
  const lines = readFileSync(path.join(root, 'examples/data/iris.noisy.csv'), 'utf8').trimEnd().split('\n');
  lines[0] = lines[0].replace('petal width (cm)', 'sepal width (cm)');
  lines.splice(11, 0, '5.0,3.1');
  lines.splice(21, 0, '5.0,3.1,1.5,0.2,');
  return `${lines.join('\n')}\n`;
}

// iris with a row whose features are all missing: the audit then has something in every part
// (iris alone has outliers, near-duplicates, exact copies and order effects, but no empty row).
function irisWithEmptyRow() {
  return `${irisCsv()},,,,versicolor\n`;
}

// Each function with the argument lists whose results together produce every declared key.
function calls(lc) {
  const issues = lc.findLabelIssues(labels, predProbs);
  const checked = lc.checkLabels(irisCsv(), { label: 'species', onBadRow: 'skip', model: 'logistic', cvNFolds: 3 });
  return {
    findLabelIssues: [[labels, predProbs], [labels, predProbs, { filterBy: 'both', returnIndicesRankedBy: 'normalized_margin' }]],
    getLabelQualityScores: [[labels, predProbs]],
    orderLabelIssues: [[issues, labels, predProbs]],
    computeConfidentJoint: [[labels, predProbs]],
    getConfidentThresholds: [[labels, predProbs]],
    estimateJoint: [[labels, predProbs]],
    estimateLatent: [[lc.computeConfidentJoint(labels, predProbs).confidentJoint, labels]],
    estimatePyAndNoiseMatricesFromProbabilities: [[labels, predProbs]],
    numLabelIssues: [[labels, predProbs]],
    rankClassesByLabelQuality: [[labels, predProbs], [labels, predProbs, { classNames }]],
    findOverlappingClasses: [[labels, predProbs], [labels, predProbs, { classNames, asymmetric: true }]],
    overallLabelHealthScore: [[labels, predProbs]],
    healthSummary: [[labels, predProbs], [labels, predProbs, { classNames }]],
    checkLabels: [
      [irisCsv(), { label: 'species', onBadRow: 'skip', model: 'logistic', cvNFolds: 3 }],
      [irisWithEmptyRow(), { label: 'species', onBadRow: 'skip', model: 'logistic', cvNFolds: 3 }],
      // auto with no budget: the models left out are listed (summary.modelsSkipped)
      [irisCsv(), { label: 'species', onBadRow: 'skip', model: 'auto', budgetSeconds: 0, cvNFolds: 3, projection: false }],
      // probabilities given in the file (probabilityColumns, projection null)
      ['y,p_a,p_b\na,0.9,0.1\nb,0.2,0.8\na,0.3,0.7\nb,0.4,0.6\na,0.8,0.2\nb,0.1,0.9\n', { label: 'y', mode: 'probabilities' }],
    ],
    moduleInfo: [[]],
    // the middle of the pipeline: with and without row spans, on the same awkward iris
    previewCsv: [[irisCsv(), { onBadRow: 'skip', rowSpans: true, maxRows: 3 }], [irisCsv(), { onBadRow: 'skip' }],
      ['y,p_a,p_b\na,0.9,0.1\nb,0.2,0.8\na,0.3,0.7\nb,0.4,0.6\n']],
    rowValues: [[irisCsv(), checked, [0, 5]]],
    annotateCsv: [[irisCsv(), checked]],
    relabelCsv: [[irisCsv(), checked, [{ row: 0, label: 'virginica' }]]],
    applyReview: [[irisCsv(), [{ row: 0, decision: 'relabel', newLabel: 'virginica' }, { row: 3, decision: 'drop' }], { onBadRow: 'skip', label: 'species' }]],
    crossValidatedProbabilities: [[irisCsv(), { label: 'species', onBadRow: 'skip', model: 'auto', budgetSeconds: 0, cvNFolds: 3 }]],
  };
}

test('every function of the list has results to compare', async () => {
  assert.deepEqual(Object.keys(calls(await api())).sort(), [...apiFunctions].sort());
});

for (const fn of apiFunctions) {
  test(`${fn}: the result's keys and kinds are those index.d.ts declares, and every declared key occurs`, async () => {
    const lc = await api();
    const declared = declaredReturnType('index.d.ts', fn);
    const seen = new Set();
    for (const args of calls(lc)[fn]) {
      const errors = compareShape(lc[fn](...args), declared, '', seen);
      assert.deepEqual(errors, [], `${fn}(${args.length} arguments)`);
    }
    const never = [...declaredPaths(declared)].filter((p) => !seen.has(p));
    assert.deepEqual(never, [], `${fn}: declared, never in a result`);
  });
}

// The walker itself must be able to fail, in each direction.
test('the comparison catches a key on one side only and a matrix of the wrong form', async () => {
  const lc = await api();
  const declared = declaredReturnType('index.d.ts', 'healthSummary');
  const h = lc.healthSummary(labels, predProbs);
  assert.deepEqual(compareShape({ ...h, extra: 1 }, declared), ['.extra: a key the result has and the type does not declare']);
  const { joint, ...withoutJoint } = h;
  assert.deepEqual(compareShape(withoutJoint, declared), ['.joint: declared, missing from the result']);
  const rows = [[1, 0], [0, 1]];
  assert.match(compareShape({ ...h, joint: rows }, declared).join('\n'), /^\.joint: an array where Matrix/);
  assert.ok(declaredPaths(declared).has('.classesByLabelQuality[].className'));
  void joint;
});
