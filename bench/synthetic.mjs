// The synthetic benchmark data: Gaussian blobs with label noise, written as CSV, deterministic
// (mulberry32 with a fixed seed). Used by pipeline.bench.mjs (100,000 rows) and million.bench.mjs
// (1,000,000 rows): `label` first, then x1..xD with 4 decimals; class c's centre ~ N(0, 1),
// spread 1.5; `noise` of the labels changed to another class uniformly.
import { closeSync, openSync, writeSync } from 'node:fs';

export function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// `components` > 1: each class is a mixture of that many blobs (centres N(0, 2^2), spread 1), so
// that the classes interleave and no linear boundary separates them (the kind of table where
// kNN and trees find far more of the wrong labels than logistic regression). Returns the rows
// whose label was changed (0-based data rows).
export function makeSynthetic(file, rows = 100_000, cols = 20, classes = 5, noise = 0.1, components = 1) {
  const rand = mulberry32(12345);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const mixture = components > 1;
  const centers = Array.from({ length: classes * components }, () => Array.from({ length: cols }, () => (mixture ? 2 : 1) * gauss()));
  const spread = mixture ? 1 : 1.5;
  const flipped = [];
  const fd = openSync(file, 'w');
  try {
    let buffer = ['label', ...Array.from({ length: cols }, (_, j) => `x${j + 1}`)].join(',') + '\n';
    for (let i = 0; i < rows; i++) {
      const c = Math.floor(rand() * classes);
      const centre = centers[mixture ? c * components + Math.floor(rand() * components) : c];
      const x = centre.map((m) => (m + spread * gauss()).toFixed(4));
      let given = c;
      if (rand() < noise) {
        given = (c + 1 + Math.floor(rand() * (classes - 1))) % classes;
        flipped.push(i);
      }
      buffer += `c${given},${x.join(',')}\n`;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return flipped;
}
