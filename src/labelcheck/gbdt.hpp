// Histogram gradient-boosted trees for classification (the method of LightGBM and of
// scikit-learn's HistGradientBoostingClassifier, written from their descriptions).
//
// Why a third model: logistic regression draws straight boundaries and kNN needs scaled,
// low-dimensional features; boosted trees need neither, handle missing values natively and are
// what tabular data usually calls for, so Confident Learning gets better out-of-sample
// probabilities on many real tables.
//
//   ```cpp given: const RealMatrix& X; const LabelVector& y; int K; const RealMatrix& Xtest; const std::vector<Index>& trainRows
//   GradientBoostedTrees gbdt;                      // 100 rounds, rate 0.1, 31 leaves, early stopping
//   Outcome o = gbdt.fit(X, y, K);                  // X: N x D row-major, NaN = missing; y in [0, K)
//   RealMatrix p = gbdt.predictProba(Xtest);        // N x K, rows sum to 1
//   o = gbdt.fit(X, y, K, &trainRows);              // only these rows of X (cross-validation folds)
//   ```
//
// How it fits, in order:
//  1. Early-stopping slice (validationFraction > 0): from each present class c with n_c
//     rows, floor(validationFraction * n_c) rows (at most n_c - 1) chosen by a seeded shuffle
//     are held out.
//     The slice is used only when it has at least max(2 Kp, kGbdtMinValidationRows) rows (Kp =
//     present classes); otherwise every row trains and boosting runs maxIter rounds. Small
//     classes thus give few or no rows to the slice instead of switching early stopping off.
//  2. Binning (see src/models/detail/gbdt_binning.hpp), from the training rows (not the slice): per
//     feature at most maxBins bins for the values (midpoints between distinct values, or
//     quantiles of a seeded sample of at most binSampleRows rows), plus one bin for NaN. The
//     trees then work on uint8 codes; predictions bin new rows through the same edges.
//  3. Raw scores start at the log class priors of the training rows. Each round computes
//     float32 gradients of the log loss (softmax for Kp >= 3, one tree per class; logistic for
//     Kp = 2, one tree) and grows the round's trees on them, best-first up to maxLeafNodes
//     leaves (see src/models/detail/gbdt_tree.hpp); a leaf's value is -G / (H + l2) * learningRate.
//  4. With the slice: its mean log loss after every round; boosting stops after nIterNoChange
//     rounds without a decrease of more than tol below the best so far, and the model is cut
//     back to the best round (0 rounds = the priors, e.g. for labels that are pure noise).
//     Boosting also stops when a round grows no split at all (the next would not either).
//
// Classes absent from the training rows get no tree and probability exactly 0. With one present
// class every row gets probability 1 for it. Deterministic: the same inputs, parameters and
// seed give bit-identical probabilities on every platform (own exp/log, fixed summation order,
// Rng from random.hpp). No threads inside; fit several models on several threads instead.
// Memory per fit: 2 bytes per training value (bins, row- and column-major), 16 bytes per training
// row and tree of a round (raw scores, gradients), and at most maxLeafNodes + 1 + Kp histograms of
// 20 bytes per (feature, bin): 15.9 MB for 80,000 x 20 rows of 5 classes (12.8 MB as doubles).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// The early-stopping slice must have at least this many rows (and 2 per present class): below it
// boosting runs maxIter rounds. Slices of 12 to 45 rows (iris, penguins, breast cancer) still
// lower the trees' out-of-fold log loss on 8 of 9 noisy files, but in the auto blend they lower
// what counts, the label-issue F1 (mean over those 9 files and seeds 0-2: 0.884 with 10 rows,
// 0.890 with 100; bench/README.md): the trees' probabilities from a dozen validation rows stop
// at arbitrary rounds.
inline constexpr Index kGbdtMinValidationRows = 100;

struct GbdtParams {
  int maxIter = 100;                // boosting rounds at most; >= 1
  double learningRate = 0.1;        // shrinkage of every leaf value; > 0
  int maxLeafNodes = 31;            // leaves per tree (best-first growth); >= 2
  int maxDepth = 0;                 // edges from root to leaf at most; 0 = no limit
  int minSamplesLeaf = 20;          // training rows per leaf at least; >= 1
  double l2 = 1.0;                  // L2 penalty on leaf values (lambda); >= 0
  int maxBins = 255;                // bins for non-missing values per feature, in [2, 255]; NaN gets one more
  double validationFraction = 0.1;  // early-stopping slice of the training rows, in [0, 1); 0 = off
  int nIterNoChange = 10;           // rounds without improvement before stopping; >= 1
  double tol = 1e-7;                // improvement of the mean validation log loss that counts; >= 0
  uint64_t seed = 0;                // the slice and the binning sample
  Index binSampleRows = 200000;     // bin edges from at most this many rows (seeded sample); >= 1
};

// Shape of one fitted tree, for tests and diagnostics.
struct GbdtTreeStats {
  int round = 0;             // boosting round (0-based)
  int classIndex = 0;        // the class whose raw score it adds to (binary: the second present class)
  int leaves = 0;
  int depth = 0;             // edges on the longest root-to-leaf path
  Index minLeafRows = 0;     // training rows in its smallest leaf
};

class GradientBoostedTrees {
 public:
  explicit GradientBoostedTrees(const GbdtParams& params = {});

  // Fits on rows of X (N x D, row-major; NaN = missing, routed natively) with labels y (size N,
  // in [0, K)). If `rows` is given, only those rows of X (and the matching entries of y) are
  // used, in that order, so the caller need not copy X; fitting on `rows` is bit-identical to
  // fitting on a copy of those rows. Failures: InvalidArgument (a parameter outside its range
  // above, K < 1, a row index outside [0, N)), ShapeMismatch (y.size() != N), EmptyInput (no
  // rows to fit), LabelOutOfRange (row set: the position in the fitted rows), NonFiniteValue (an
  // infinite feature value; row set likewise), LimitExceeded (2^31 rows or more). On failure
  // the previous model is gone and predictProba returns an empty matrix.
  Outcome fit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& y, int K,
              const std::vector<Index>* rows = nullptr);

  // N x K probabilities (rows sum to 1) for the given rows of X (all rows when null), which
  // must have the training data's D columns. NaN is missing; infinite values fall in the outer
  // bins. Classes absent from the training rows get exactly 0. Empty matrix before fit(), after
  // a failed fit, with a wrong column count or a row index outside X.
  RealMatrix predictProba(const Eigen::Ref<const RealMatrix>& X, const std::vector<Index>* rows = nullptr) const;

  int iterations() const noexcept { return m_iterations; }      // rounds kept (the best round after early stopping)
  bool earlyStopped() const noexcept { return m_earlyStopped; }  // stopped by nIterNoChange before maxIter
  const GbdtParams& params() const noexcept { return m_params; }
  bool fitted() const noexcept { return m_model != nullptr; }
  // Rows held out for early stopping in the last fit (0: early stopping was off or skipped).
  Index validationRows() const noexcept { return m_validationRows; }
  // Mean validation log loss before the first round and after each round run (empty without a
  // slice), including the rounds cut off at the end.
  const std::vector<double>& validationLoss() const noexcept { return m_validationLoss; }
  // One entry per kept tree, round by round.
  std::vector<GbdtTreeStats> treeStats() const;

 private:
  struct Model;  // gbdt.cpp; immutable once fitted, so copies of this object share it

  GbdtParams m_params;
  std::shared_ptr<const Model> m_model;
  int m_iterations = 0;
  bool m_earlyStopped = false;
  Index m_validationRows = 0;
  std::vector<double> m_validationLoss;
};

}  // namespace labelcheck
