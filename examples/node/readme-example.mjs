import { init, findLabelIssues, getLabelQualityScores } from 'labelcheck';

await init(); // loads the WebAssembly module once

// Given labels (class indices) and out-of-sample predicted probabilities, one row per example.
const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 1];
const predProbs = [
  [0.90, 0.05, 0.05], [0.80, 0.15, 0.05], [0.10, 0.85, 0.05], // row 2: labeled 0, looks like 1
  [0.10, 0.80, 0.10], [0.05, 0.90, 0.05], [0.20, 0.70, 0.10],
  [0.05, 0.05, 0.90], [0.10, 0.10, 0.80], [0.15, 0.05, 0.80],
  [0.05, 0.05, 0.90],                                          // row 9: labeled 1, looks like 2
];

const issues = findLabelIssues(labels, predProbs, { returnIndicesRankedBy: 'self_confidence' });
console.log(issues.count, Array.from(issues.indices)); // 2 [ 9, 2 ]

const scores = getLabelQualityScores(labels, predProbs); // lower = label more likely wrong
console.log(scores[2], scores[9]); // 0.1 0.05
