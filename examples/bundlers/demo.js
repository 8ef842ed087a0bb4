// What every example app here does, whichever bundler built it: the README's findLabelIssues and
// a checkLabels of a small CSV with labels changed on purpose, once with 'labelcheck' on the
// page's thread and once with 'labelcheck/worker' in a Web Worker. The results go into the page
// as text (#main, #worker; never as HTML), and body[data-done] says they are there.
import * as labelcheck from 'labelcheck';
import * as worker from 'labelcheck/worker';

// The README's example: rows 9 and 2 are labelled against their probabilities.
const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 1];
const predProbs = [
  [0.90, 0.05, 0.05], [0.80, 0.15, 0.05], [0.10, 0.85, 0.05],
  [0.10, 0.80, 0.10], [0.05, 0.90, 0.05], [0.20, 0.70, 0.10],
  [0.05, 0.05, 0.90], [0.10, 0.10, 0.80], [0.15, 0.05, 0.80],
  [0.05, 0.05, 0.90],
];

/** The rows of toyCsv() whose label was changed. */
export const plantedRows = [5, 23, 47, 71, 102];

/**
 * 120 rows (x, y, label) in three well-separated clusters, each labelled with its cluster's
 * class but for plantedRows, given the next class. Made here so that the app needs no data file.
 */
export function toyCsv() {
  let seed = 20261205;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;  // Park-Miller: the same numbers everywhere
  const centres = [[0, 0], [6, 0], [3, 5]];
  const lines = ['x,y,label'];
  for (let row = 0; row < 120; row++) {
    const k = row % 3;
    const given = plantedRows.includes(row) ? (k + 1) % 3 : k;
    const [cx, cy] = centres[k];
    lines.push(`${(cx + 2 * random() - 1).toFixed(3)},${(cy + 2 * random() - 1).toFixed(3)},${['red', 'green', 'blue'][given]}`);
  }
  return lines.join('\n') + '\n';
}

// One entry point's results; `await` works for both (the worker's functions return Promises).
async function check(api, initOptions, csv) {
  const started = performance.now();
  await api.init(initOptions);
  const ranked = await api.findLabelIssues(labels, predProbs, { returnIndicesRankedBy: 'self_confidence' });
  const checked = await api.checkLabels(csv, { label: 'label' });
  return {
    flavour: (await api.moduleInfo()).flavour,
    ranked: Array.from(ranked.indices),
    flaggedRows: checked.issues.map((issue) => issue.row).sort((a, b) => a - b),
    ms: Math.round(performance.now() - started),
  };
}

function show(id, value) {
  document.getElementById(id).textContent = JSON.stringify(value);
}

/** Runs both entry points, `initOptions` given to their init(). */
export async function runDemo(initOptions = {}) {
  const csv = toyCsv();
  for (const [id, api] of [['main', labelcheck], ['worker', worker]]) {
    try {
      show(id, await check(api, initOptions, csv));
    } catch (e) {
      show(id, { error: `${e?.code ?? e?.name}: ${e?.message ?? e}` });
    }
  }
  document.body.dataset.done = '1';
}
