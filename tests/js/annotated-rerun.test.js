// Checking a file annotateCsv wrote (the CLI's --out) again: its three added columns are a
// previous run's answers, so the rerun must not learn from them (they used to be features, and
// a rerun flagged nothing), take them for the label or count label_quality as a probability
// column. Also the label guess refusing a column with nearly one value per row, and the
// single-row-classes error naming the guessed column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, root } from './helpers/setup.js';

const lc = await api();
const datasets = path.resolve(root, '../shared/datasets');
const ADDED = ['is_label_issue', 'label_quality', 'suggested_label'];

const flaggedRows = (r) => r.issues.map((i) => i.row).sort((a, b) => a - b);

test('an annotated file checked again: the same label and flagged rows as the original', () => {
  const bytes = readFileSync(path.join(datasets, 'penguins.uniform10.csv'));
  const first = lc.checkLabels(bytes, { model: 'logistic' });
  assert.ok(first.issues.length > 0);
  const again = lc.checkLabels(lc.annotateCsv(bytes, first), { model: 'logistic' });
  assert.equal(again.labelColumn.name, first.labelColumn.name, 'the guess is the original label');
  assert.deepEqual(flaggedRows(again), flaggedRows(first));
  for (const name of ADDED) {
    const c = again.columns.find((col) => col.name === name);
    assert.equal(c.use, 'unused', name);
    assert.match(c.why, /^added by labelcheck's annotated output \(--out \/ annotateCsv\): a previous run's answers/);
  }
  // Named as features, they are taken.
  const named = lc.checkLabels(lc.annotateCsv(bytes, first),
    { model: 'logistic', label: 'species', features: ['island', 'label_quality'] });
  assert.equal(named.columns.find((c) => c.name === 'label_quality').use, 'feature');
});

test('an annotated file of given probabilities stays in probabilities mode', () => {
  // The first 2,000 rows of MNIST's probabilities: label, p_0..p_9.
  const text = readFileSync(path.join(datasets, 'label-errors/mnist_test_pred_probs.csv'), 'utf8')
    .split('\n').slice(0, 2001).join('\n') + '\n';
  const first = lc.checkLabels(text);
  assert.equal(first.mode, 'probabilities');
  const again = lc.checkLabels(lc.annotateCsv(text, first));
  assert.equal(again.mode, 'probabilities');
  assert.deepEqual(again.probabilityColumns, first.probabilityColumns);
  assert.deepEqual(flaggedRows(again), flaggedRows(first));
});

test('a column with nearly one value per row is not guessed: COLUMN_NOT_FOUND says why', () => {
  let csv = 'x,label\n';
  for (let r = 0; r < 3000; r++) csv += `${(r * 7) % 3000},${Math.floor(r / 2)}.5\n`;  // codes out of order (in order they count the rows: an identifier)
  assert.throws(() => lc.checkLabels(csv), {
    code: 'COLUMN_NOT_FOUND',
    message: /no label column found .*"x": 3000 values in 3000 rows: nearly one per row/,
  });
});

test('every class on a single row: the error names the guessed label column', () => {
  assert.throws(() => lc.checkLabels('a,b\n1,2\n3,4\n5,6\n'), {
    code: 'TOO_FEW_EXAMPLES_PER_FOLD',
    message: /the label column "b" \(guessed\): every class has a single row/,
  });
});
