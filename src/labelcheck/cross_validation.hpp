// Out-of-sample predicted probabilities by stratified K-fold cross-validation.
//
// Every row gets probabilities from a model that did not see it: the rows are split into
// nFolds folds, stratified by class, and each fold is predicted by a model fitted on the
// others. These are the `predProbs` that Confident Learning needs.
//
//   CvOptions opt;                                  // 5 folds, seed 0, model Auto
//   Result<CvResult> r = estimateCvPredictedProbabilities(X, labels, K, opt);
//   if (!r) return r.error();                       // e.g. CANCELLED from opt.onProgress
//   const RealMatrix& predProbs = r.value().predProbs;   // N x K
//
// Folds. Within each class the rows are shuffled with a seeded Rng (so files sorted by class
// work), then dealt to the folds round-robin, the dealing continuing from class to class. Each
// fold thus holds floor or ceil of n_c / nFolds rows of every class c, and fold sizes differ by
// at most one. The split depends only on (labels, nFolds, seed) and is the same on every
// platform.
//
// Small classes never fail. A class with fewer rows than folds has at most one row per fold,
// so all its other rows are in each training set; only a class with a single row is missing
// from the training set that predicts it (logistic regression then gives that class
// probability 0, kNN only its smoothing share) - a strong hint that the row's label is suspect,
// which is what a lone typo'd class name usually is. The number of folds is lowered to the size
// of the largest class when that is smaller (a 3-row table gets 3 folds); when no class has two
// rows the call fails with TooFewExamplesPerFold.
//
// Models. Logistic: multinomial L2 logistic regression (C = 1). Knn: k = 10 uniform votes,
// smoothed (see knn.hpp). Auto: both, then the convex blend w * logistic + (1 - w) * knn with w
// in {0, 0.1, ..., 1} minimising the cross-validated log loss (ties to the larger w); kNN
// runs only when N * N * D <= knnMaxCost, because brute force costs N^2 D: measured about 0.2 s
// of native CPU per 1e9 (letter, 20,000 x 16 = 6.4e9: 1.3 s for all 5 folds). The default 2e10
// (about 4 s natively, 5-8 s in WebAssembly) admits e.g. 30,000 rows of 22 features or 50,000 of
// 8; above it Auto is logistic alone. For sparse rows D counts the mean non-zeros per row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "labelcheck/knn.hpp"
#include "labelcheck/logistic_regression.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/progress.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class CvModel { Logistic, Knn, Auto };

struct CvOptions {
  int nFolds = 5;                     // >= 2; lowered to the largest class size if needed
  uint64_t seed = 0;                  // fold shuffling
  // Whole K-fold runs with different shuffles (seed, seed + 1, ...), probabilities averaged;
  // 0 = automatic: min(5, max(1, 20000 / N)), so small data gets steadier estimates.
  int repeats = 0;
  CvModel model = CvModel::Auto;
  LogisticRegressionParams logistic;  // C = 1, maxIter = 200, tol = 1e-4
  KnnParams knn;                      // k = 10, euclidean (sparse rows: cosine), smoothing 1
  double knnMaxCost = 2e10;           // Auto skips kNN above N * N * D = this
  bool warmStart = true;              // start each fold's LR from the previous fold's solution
  ProgressFn onProgress;              // stage "crossValidation", detail "logistic" / "knn"
  // Rows no model is trained on (N entries, non-zero = left out; empty = none), e.g. the label
  // issues of a first pass (see clean_refit.hpp). They are still predicted, by their own fold's
  // model, so every row's probabilities stay out-of-sample. A fold whose training rows would all
  // be left out trains on all of them instead.
  std::vector<uint8_t> excludeFromTraining;
  // Auto only: the logistic weight w of the blend, in [0, 1], instead of choosing it by log loss
  // (negative = choose), e.g. the weight a first pass chose.
  double logisticWeight = -1.0;
};

// One model on one fold.
struct CvFold {
  const char* model = "";     // "logistic" or "knn"
  int fold = 0;
  Index trainRows = 0;
  Index testRows = 0;
  double accuracy = 0.0;      // on the fold's held-out rows
  double logLoss = 0.0;
  int iterations = 0;         // L-BFGS iterations (logistic)
  bool converged = true;      // false when L-BFGS hit maxIter
};

// One model over all rows, and its weight in the returned probabilities.
struct CvModelScore {
  const char* name = "";      // "logistic" or "knn"
  double weight = 0.0;
  double accuracy = 0.0;
  double logLoss = 0.0;
};

struct CvResult {
  RealMatrix predProbs;             // N x K out-of-sample probabilities, rows sum to 1
  double accuracy = 0.0;            // argmax(predProbs) == label, over all rows
  double logLoss = 0.0;             // mean -log max(p[label], 1e-15)
  int nFolds = 0;                   // folds actually used
  int repeats = 1;                  // K-fold repeats averaged
  std::vector<int32_t> foldOf;      // fold of each row
  std::vector<CvFold> folds;        // per model and fold
  std::vector<CvModelScore> models; // every model that ran, with its blend weight
  std::string modelChoice;          // "logistic", "knn" or "logistic+knn"
  bool converged = true;            // every logistic fit converged
};

// The fold (0..nFolds-1) of each row; see the header comment. Failures: InvalidArgument
// (nFolds < 2, K < 1), EmptyInput, LabelOutOfRange. Does not lower nFolds: classes smaller
// than nFolds simply miss some folds.
Result<std::vector<int32_t>> stratifiedKFold(const LabelVector& labels, int K, int nFolds, uint64_t seed);

// Out-of-sample probabilities for dense rows X (N x D, standardised) or sparse rows. Failures:
// InvalidArgument (an option out of range, inconsistent sparse rows), EmptyInput, ShapeMismatch
// (labels or excludeFromTraining not N long), LabelOutOfRange,
// NonFiniteValue, TooFewClasses (fewer than 2 classes present), TooFewExamplesPerFold (no class
// with 2 rows), Cancelled (onProgress returned false).
Result<CvResult> estimateCvPredictedProbabilities(const Eigen::Ref<const RealMatrix>& X,
                                                  const LabelVector& labels, int K,
                                                  const CvOptions& options = {});
Result<CvResult> estimateCvPredictedProbabilities(const SparseRows& X, const LabelVector& labels,
                                                  int K, const CvOptions& options = {});
// The same result for a dense X that the call may reorder: each fold trains on its rows moved
// to the top of X in place instead of on a copy (which held (nFolds - 1) / nFolds of X; the
// test rows are still copied). X holds its rows in their original order again when the call
// returns, whatever the outcome. The pipeline uses this to keep its memory peak down. With
// options.excludeFromTraining set it works on copies like estimateCvPredictedProbabilities.
Result<CvResult> estimateCvPredictedProbabilitiesInPlace(RealMatrix& X, const LabelVector& labels, int K,
                                                         const CvOptions& options = {});

// Mean log loss and accuracy of probabilities against labels (the figures CvResult reports).
double meanLogLoss(const RealMatrix& probs, const LabelVector& labels);
double argmaxAccuracy(const RealMatrix& probs, const LabelVector& labels);

}  // namespace labelcheck
