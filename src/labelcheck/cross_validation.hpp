// Out-of-sample predicted probabilities by stratified K-fold cross-validation.
//
// Every row gets probabilities from a model that did not see it: the rows are split into
// nFolds folds, stratified by class, and each fold is predicted by a model fitted on the
// others. These are the `predProbs` that Confident Learning needs.
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K
//   CvOptions opt;                                  // 5 folds, seed 0, model Auto, one thread
//   opt.threads = 0;                                // every core (native builds)
//   Result<CvResult> r = estimateCvPredictedProbabilities(X, labels, K, opt);
//   if (!r) return r.error();                       // e.g. CANCELLED from opt.onProgress
//   const RealMatrix& predProbs = r.value().predProbs;   // N x K
//   ```
//
// Folds. Within each class the rows are shuffled with a seeded Rng (so files sorted by class
// work), then dealt to the folds round-robin, the dealing continuing from class to class. Each
// fold thus holds floor or ceil of n_c / nFolds rows of every class c, and fold sizes differ by
// at most one. The split depends only on (labels, nFolds, seed) and is the same on every
// platform.
//
// Small classes never fail. A class with fewer rows than folds has at most one row per fold,
// so all its other rows are in each training set; only a class with a single row is missing
// from the training set that predicts it (logistic regression and the trees then give that class
// probability 0, kNN only its smoothing share) - a strong hint that the row's label is suspect,
// which is what a lone typo'd class name usually is. The number of folds is lowered to the size
// of the largest class when that is smaller (a 3-row table gets 3 folds); when no class has two
// rows the call fails with TooFewExamplesPerFold.
//
// Models. Logistic: multinomial L2 logistic regression (C = 1). Knn: uniform votes of the k =
// 10 and 20 nearest rows (knnScales), smoothed (see knn.hpp), blended like the models below
// (one "knn" model in the results), read off one neighbour graph of all rows (neighbor_graph.hpp) built
// once: a test row's neighbours in a fold are the first k rows of its graph list that the
// fold trains on, which is exactly brute-force kNN on the training rows whenever the list holds
// k of them (it holds about 2.5 k; rows short of k are searched again by brute force).
// Gbdt: histogram gradient-boosted trees (gbdt.hpp), dense features only. Auto: the models the
// time budget admits (cv_plan.hpp: logistic always; trees and kNN while the estimated cost of the
// whole plan stays within `budget`; beyond the exact neighbour search, kNN only as the vote of a
// graph the caller builds anyway, knnVoteGraph below), blended as a mixture sum_m w_m p_m whose weights minimise
// the log loss of the out-of-sample probabilities. The weights a row's probabilities are
// blended with are chosen without that row: for the rows of fold f (first repeat's split) they
// minimise the log loss over the rows of the other folds ("held-out stacking"; a row's label
// never chooses its own weights). CvResult::models reports the weights chosen over all rows.
//
// Threads. The work is cut into independent units (one model on one fold of one repeat, or the
// neighbour lists of a range of rows; cv_plan.hpp), each a pure function of the inputs, combined
// in a fixed order: the result is bit-identical for any number of threads, and for units run in
// other processes or WebAssembly instances (the JavaScript package does that: WebAssembly here
// has no threads, so `threads` > 1 is treated as 1 in WebAssembly builds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "labelcheck/gbdt.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/logistic_regression.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/neighbor_graph.hpp"
#include "labelcheck/progress.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class CvModel { Logistic, Knn, Gbdt, Auto };
const char* cvModelName(CvModel m);              // "logistic", "knn", "gbdt", "auto"
Result<CvModel> parseCvModel(std::string_view name);

struct CvOptions {
  int nFolds = 5;                     // >= 2; lowered to the largest class size if needed
  uint64_t seed = 0;                  // fold shuffling (and the trees' validation slices)
  // Whole K-fold runs with different shuffles (seed, seed + 1, ...), probabilities averaged;
  // 0 = automatic: min(5, max(1, 20000 / N)), so small data gets steadier estimates. The trees
  // repeat at most `gbdtMaxRepeats` times (they are the costliest model and the steadiest).
  int repeats = 0;
  int gbdtMaxRepeats = 1;
  CvModel model = CvModel::Auto;
  LogisticRegressionParams logistic;  // C = 1, maxIter = 200, tol = 1e-4
  KnnParams knn;                      // k = 10, euclidean (sparse rows: cosine), smoothing 1
  // The kNN model blends kNN with k = knn.k x each of these (read off the same graph): more
  // neighbours smooth the probabilities where the labels are noisy, fewer keep small classes'
  // detail; the held-out blend weighs them. Measured on the 24 benchmark files over 3 seeds
  // (bench/README.md): {1} 0.816, {1, 2} 0.819, {1, 2, 4} 0.819 mean F1; a larger k costs graph
  // memory and search time (the graph keeps about 2.5 k neighbours a row).
  std::vector<int> knnScales = {1, 2};
  GbdtParams gbdt;                    // see gbdt.hpp
  // How the kNN model's graph is searched; k is set by the plan. Exact up to exactMaxCost (5e10:
  // 50,000 rows x 20), the clustered search beyond (model knn: at 100,000 x 20 the plan's 42
  // neighbours a row take about 2 s natively, HNSW about 10 s). Its approximate neighbours cost
  // no F1 on the 24 benchmark files searched that way (0.790 against 0.789 exact, kNN alone;
  // bench/README.md).
  NeighborGraphOptions neighbors = [] {
    NeighborGraphOptions g;
    g.approximate = ApproximateIndex::Clusters;
    return g;
  }();
  // Auto beyond the exact search (N x N x features > neighbors.exactMaxCost): the caller builds
  // a neighbour graph of all rows (the data audit's, pipeline.hpp, with the audit on or off; its
  // own time budget decides whether it is built) and hands it to combineCrossValidation; auto's
  // kNN is then that graph's vote (each row's listed neighbours, never the row itself, smoothed
  // as KnnClassifier does; one blend component) at no search cost in this plan. False: auto
  // leaves kNN out beyond the exact search (its own approximate graph would cost a large file
  // more time than logistic regression's CV).
  bool knnVoteGraph = false;
  // Auto: the estimated cost the whole plan may have, in seconds of one WebAssembly core (about
  // half that in waiting on 2 cores; cv_plan.hpp has the cost model, bench/README.md what it
  // admits at which size). Logistic regression always runs; negative = no limit.
  double budget = 12.0;
  // Native builds: threads running units at once (0 = every core). WebAssembly builds: ignored
  // (one thread; the JS package runs units in other instances instead).
  int threads = 1;
  ProgressFn onProgress;              // stage "crossValidation", one call per unit; detail = model
  // Rows no model is trained on (N entries, non-zero = left out; empty = none), e.g. the label
  // issues of a first pass (see clean_refit.hpp). They are still predicted, by their own fold's
  // model, so every row's probabilities stay out-of-sample. A fold whose training rows would all
  // be left out trains on all of them instead. Left-out rows are no one's kNN neighbour either.
  std::vector<uint8_t> excludeFromTraining;
  // Fixed blend weights in place of the held-out choice, one per blend component: the plan's
  // models in the order logistic, knn (once per knnScales entry), gbdt, e.g. a first pass's
  // CvResult::componentWeights; empty = choose.
  std::vector<double> fixedWeights;
};

// One model on one fold.
struct CvFold {
  const char* model = "";     // "logistic", "knn" or "gbdt"
  int repeat = 0;
  int fold = 0;
  Index trainRows = 0;
  Index testRows = 0;
  double accuracy = 0.0;      // on the fold's held-out rows
  double logLoss = 0.0;
  int iterations = 0;         // L-BFGS iterations (logistic), boosting rounds kept (gbdt)
  bool converged = true;      // false when L-BFGS hit maxIter
};

// One model over all rows, and its weight in the returned probabilities.
struct CvModelScore {
  const char* name = "";      // "logistic", "knn" or "gbdt"
  double weight = 0.0;        // chosen over all rows (each row's own weights exclude its fold)
  double accuracy = 0.0;
  double logLoss = 0.0;
};

struct CvResult {
  RealMatrix predProbs;             // N x K out-of-sample probabilities, rows sum to 1
  double accuracy = 0.0;            // argmax(predProbs) == label, over all rows
  double logLoss = 0.0;             // mean -log max(p[label], 1e-15)
  int nFolds = 0;                   // folds actually used
  int repeats = 1;                  // K-fold repeats averaged
  std::vector<int32_t> foldOf;      // fold of each row (first repeat)
  std::vector<CvFold> folds;        // per model, repeat and fold, in plan order
  std::vector<CvModelScore> models; // every model that ran, with its blend weight
  std::vector<double> componentWeights;  // mean weight of each blend component (see fixedWeights)
  std::string modelChoice;          // models with a non-zero weight joined by '+', e.g. "logistic+gbdt"
  std::vector<std::string> skipped; // models Auto left out, with the reason (budget, sparse rows)
  bool converged = true;            // every logistic fit converged
  NeighborGraph graph;              // the neighbour graph when kNN ran (empty otherwise): kept for reuse
  double estimatedCost = 0.0;       // the plan's estimated cost (seconds of one WebAssembly core)
};

// The fold (0..nFolds-1) of each row; see the header comment. Failures: InvalidArgument
// (nFolds < 2, K < 1), EmptyInput, LabelOutOfRange. Does not lower nFolds: classes smaller
// than nFolds simply miss some folds.
Result<std::vector<int32_t>> stratifiedKFold(const LabelVector& labels, int K, int nFolds, uint64_t seed);

// Out-of-sample probabilities for dense rows X (N x D, standardised) or sparse rows. Failures:
// InvalidArgument (an option out of range, inconsistent sparse rows, model Gbdt on sparse rows),
// EmptyInput, ShapeMismatch (labels, excludeFromTraining or fixedWeights of the wrong length),
// LabelOutOfRange, NonFiniteValue, TooFewClasses (fewer than 2 classes present),
// TooFewExamplesPerFold (no class with 2 rows), Cancelled (onProgress returned false).
Result<CvResult> estimateCvPredictedProbabilities(const Eigen::Ref<const RealMatrix>& X,
                                                  const LabelVector& labels, int K,
                                                  const CvOptions& options = {});
Result<CvResult> estimateCvPredictedProbabilities(const SparseRows& X, const LabelVector& labels,
                                                  int K, const CvOptions& options = {});
// The same result for a dense X that the call may reorder: with one thread, each logistic fold
// trains on its rows moved to the top of X in place instead of on a copy (which held
// (nFolds - 1) / nFolds of X; the test rows are still copied). X holds its rows in their
// original order again when the call returns, whatever the outcome. The pipeline uses this to
// keep its memory peak down.
Result<CvResult> estimateCvPredictedProbabilitiesInPlace(RealMatrix& X, const LabelVector& labels, int K,
                                                         const CvOptions& options = {});

// Mean log loss and accuracy of probabilities against labels (the figures CvResult reports).
double meanLogLoss(const RealMatrix& probs, const LabelVector& labels);
double argmaxAccuracy(const RealMatrix& probs, const LabelVector& labels);

}  // namespace labelcheck
