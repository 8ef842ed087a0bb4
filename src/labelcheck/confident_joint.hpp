// Per-class confident thresholds, the confident joint, its calibration, and the estimated joint
// (Northcutt, Jiang, Chuang: "Confident Learning", sections 2-3; cleanlab.count).
//
//   ```cpp given: const LabelVector& y; const RealMatrix& probs
//   Labels labels = Labels::of(y);                                 // non-owning views
//   PredProbs predProbs = PredProbs::of(probs);                    // N x K, row-major
//   auto t = getConfidentThresholds(labels, predProbs);            // K thresholds
//   auto cj = computeConfidentJoint(labels, predProbs, {/*calibrate=*/true});
//   if (!cj.ok()) return cj.error();
//   // cj.value().joint(g, t): rows with given label g that the model confidently puts in class t
//   ```
//
// Every function checks its inputs (see validate.hpp) and returns an Error instead of reading
// out of bounds: EMPTY_INPUT, SHAPE_MISMATCH, LABEL_OUT_OF_RANGE, NON_FINITE_VALUE,
// PROBABILITY_OUT_OF_RANGE. None of them requires two classes (cleanlab's do not check it).
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// threshold[k] = mean predicted probability of class k over the rows labeled k (computed in the
// input's precision); 2 for a class with no rows (never confident); at least 2e-6.
Result<RealVector> getConfidentThresholds(Labels labels, const PredProbs& predProbs);

struct ConfidentJointOptions {
  bool calibrate = true;                     // rescale rows to the label counts and the total to N
  bool returnIndicesOfOffDiagonals = false;  // also list the rows counted off the diagonal
};

struct ConfidentJoint {
  CountMatrix joint;                  // K x K, joint(g, t): given label g, confident class t
  std::vector<Index> offDiagonalRows; // ascending; filled only when asked for
};

// A row counts for class k when p[k] >= threshold[k] - 1e-6; with several such classes, the
// row's argmax decides. The diagonal is then raised to at least 1 for every class.
Result<ConfidentJoint> computeConfidentJoint(Labels labels, const PredProbs& predProbs,
                                             const ConfidentJointOptions& options = {});

// Scales each row g to the number of rows labeled g, the whole matrix to N, then rounds each row
// to integers that keep the row total (largest remainders). Rows of absent classes become 0.
// Errors: SHAPE_MISMATCH (not square), LABEL_OUT_OF_RANGE, EMPTY_INPUT.
Result<CountMatrix> calibrateConfidentJoint(const CountMatrix& confidentJoint, Labels labels);

// The estimated joint distribution of (given label, true label): the calibrated confident joint
// divided by its total. K x K, sums to 1.
Result<RealMatrix> estimateJoint(Labels labels, const PredProbs& predProbs);
// Same from a confident joint the caller already has (it is calibrated again, as cleanlab does).
Result<RealMatrix> estimateJoint(const CountMatrix& confidentJoint, Labels labels);

}  // namespace labelcheck
