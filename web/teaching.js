// Teaching mode: flip a share of the labels on purpose (seeded, reproducible), then score the
// flagged rows against the flips. Pure functions; the worker flips, the page scores.

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Chooses round(percent% of the labelled rows) rows, drawn uniformly, and for each a new class
 * drawn uniformly from the others. `labels`: the label cell of every data row (package rowValues);
 * blank cells are unlabelled. The worker writes the changes with the package's relabelCsv.
 * @returns {{ flipped: Map<number, {from: string, to: string}>, classes: string[] }} keyed by data row
 */
export function flipLabels(labels, percent, seed) {
  const random = rng(seed);
  const labelled = [];
  const classSet = new Set();
  labels.forEach((v, i) => {
    if (v.trim() !== '') { labelled.push(i); classSet.add(v); }
  });
  const classes = [...classSet].sort();
  const flipped = new Map();
  if (classes.length < 2) return { flipped, classes };
  const count = Math.min(labelled.length, Math.round((labelled.length * percent) / 100));
  // Partial Fisher-Yates: the first `count` entries become a uniform sample.
  for (let k = 0; k < count; k++) {
    const j = k + Math.floor(random() * (labelled.length - k));
    [labelled[k], labelled[j]] = [labelled[j], labelled[k]];
    const row = labelled[k];
    const from = labels[row];
    const others = classes.filter((c) => c !== from);
    const to = others[Math.floor(random() * others.length)];
    flipped.set(row, { from, to });
  }
  return { flipped, classes };
}

/**
 * Precision and recall of the flagged rows against the flipped rows.
 * @param {number[]} flaggedRows data rows flagged by the check
 * @param {Iterable<number>} flippedRows data rows whose label was flipped
 */
export function scoreFlags(flaggedRows, flippedRows) {
  const flipped = new Set(flippedRows);
  let tp = 0;
  for (const r of flaggedRows) if (flipped.has(r)) tp++;
  const fp = flaggedRows.length - tp;
  const fn = flipped.size - tp;
  return {
    truePositives: tp, falsePositives: fp, falseNegatives: fn,
    precision: flaggedRows.length ? tp / flaggedRows.length : NaN,
    recall: flipped.size ? tp / flipped.size : NaN,
  };
}
