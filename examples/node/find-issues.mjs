// Prints the rows most likely mislabeled in a CSV of predicted probabilities.
//
//   node examples/node/find-issues.mjs [file.csv] [--top 10] [--filter-by prune_by_noise_rate]
//
// The CSV has a header; column `label` holds the given label (0..K-1), the other columns the
// out-of-sample predicted probability of each class (e.g. ../shared/datasets/label-errors/
// mnist_test_pred_probs.csv: label,p_0,...,p_9). Default: that file when it exists, else the
// small bundled data/toy_pred_probs.csv.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, findLabelIssues, getLabelQualityScores } from 'labelcheck';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const top = Number(option('--top', '10'));
const filterBy = option('--filter-by', 'prune_by_noise_rate');
const mnist = fileURLToPath(new URL('../../../shared/datasets/label-errors/mnist_test_pred_probs.csv', import.meta.url));
const file = args[0] ?? (existsSync(mnist) ? mnist : fileURLToPath(new URL('data/toy_pred_probs.csv', import.meta.url)));

// A numeric CSV: one split per line is enough (use labelcheck's CSV reader for real-world files).
const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
const header = lines[0].split(',');
const labelColumn = header.indexOf('label');
if (labelColumn < 0) throw new Error(`${file}: no 'label' column`);
const K = header.length - 1;
const N = lines.length - 1;
const labels = new Int32Array(N);
const probs = new Float64Array(N * K);
for (let i = 0; i < N; i++) {
  const cells = lines[i + 1].split(',').map(Number);
  labels[i] = cells[labelColumn];
  cells.splice(labelColumn, 1);
  probs.set(cells, i * K);
}
const predProbs = { data: probs, rows: N, cols: K };

await init();
const t0 = performance.now();
const { indices, count } = findLabelIssues(labels, predProbs, { filterBy, returnIndicesRankedBy: 'self_confidence' });
const quality = getLabelQualityScores(labels, predProbs);
const ms = performance.now() - t0;

console.log(`${file}: ${N} rows, ${K} classes; ${count} likely label issues (${filterBy}, ${ms.toFixed(1)} ms)`);
console.log('  row  given  suggested  quality  p(given)  p(suggested)');
for (const i of indices.subarray(0, top)) {
  const row = probs.subarray(i * K, i * K + K);
  const suggested = row.indexOf(Math.max(...row));
  console.log(`${String(i).padStart(5)}  ${String(labels[i]).padStart(5)}  ${String(suggested).padStart(9)}  ` +
    `${quality[i].toFixed(4).padStart(7)}  ${row[labels[i]].toFixed(4).padStart(8)}  ${row[suggested].toFixed(4).padStart(12)}`);
}
