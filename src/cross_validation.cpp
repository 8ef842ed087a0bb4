// Stratified K-fold cross-validation producing out-of-sample probabilities, with logistic
// regression, kNN, or a log-loss-weighted blend of both. See labelcheck/cross_validation.hpp.
#include "labelcheck/cross_validation.hpp"

#include "labelcheck/validate.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

#include "labelcheck/random.hpp"

namespace labelcheck {
namespace {

constexpr const char* kStage = "crossValidation";
constexpr double kLogLossClip = 1e-15;  // scikit-learn's log_loss clipping

RealMatrix gatherRows(const Eigen::Ref<const RealMatrix>& x, const std::vector<Index>& rows) {
  RealMatrix out(static_cast<Index>(rows.size()), x.cols());
  for (size_t j = 0; j < rows.size(); ++j) out.row(static_cast<Index>(j)) = x.row(rows[j]);
  return out;
}

SparseRows gatherRows(const SparseRows& x, const std::vector<Index>& rows) { return selectRows(x, rows); }

// Moves the train rows of one fold (every row not in `test`, in their order) to the top of X,
// so that a model trains on X.topRows(...) in place: the same rows, in the same order, starting
// at the same (aligned) address as a fresh copy would, hence bit-identical results. The test
// rows are copied aside (the model predicts them from there). The destructor puts every row
// back, so X is unchanged after each fold, also when a fold fails or is cancelled.
class TrainRowsOnTop {
 public:
  TrainRowsOnTop(RealMatrix& x, const std::vector<Index>& test) : m_x(x), m_testRows(test), m_test(gatherRows(x, test)) {
    Index write = 0;
    size_t t = 0;
    for (Index i = 0; i < m_x.rows(); ++i) {
      if (t < m_testRows.size() && m_testRows[t] == i) {  // test rows are in increasing order
        ++t;
        continue;
      }
      if (write != i) m_x.row(write) = m_x.row(i);
      ++write;
    }
  }
  ~TrainRowsOnTop() {
    // Backwards, each row goes to its place from a position at or above it not yet rewritten.
    Index read = trainCount() - 1;
    size_t t = m_testRows.size();
    for (Index i = m_x.rows() - 1; i >= 0; --i) {
      if (t > 0 && m_testRows[t - 1] == i) {
        m_x.row(i) = m_test.row(static_cast<Index>(--t));
      } else {
        if (read != i) m_x.row(i) = m_x.row(read);
        --read;
      }
    }
  }
  TrainRowsOnTop(const TrainRowsOnTop&) = delete;
  TrainRowsOnTop& operator=(const TrainRowsOnTop&) = delete;

  Index trainCount() const { return m_x.rows() - static_cast<Index>(m_testRows.size()); }
  auto train() const { return m_x.topRows(trainCount()); }
  const RealMatrix& test() const { return m_test; }

 private:
  RealMatrix& m_x;
  const std::vector<Index>& m_testRows;
  RealMatrix m_test;
};

LabelVector gatherLabels(const LabelVector& y, const std::vector<Index>& rows) {
  LabelVector out(static_cast<Index>(rows.size()));
  for (size_t j = 0; j < rows.size(); ++j) out[static_cast<Index>(j)] = y[rows[j]];
  return out;
}

Index featureRows(const Eigen::Ref<const RealMatrix>& x) { return x.rows(); }
Index featureRows(const SparseRows& x) { return x.rows(); }
Outcome checkFeatures(const Eigen::Ref<const RealMatrix>& x) {
  if (x.allFinite()) return {};
  return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");
}
Outcome checkFeatures(const SparseRows& x) {
  if (isValidSparseRows(x)) return {};
  return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
}
// The D of the N * N * D brute-force cost.
double costWidth(const Eigen::Ref<const RealMatrix>& x) { return static_cast<double>(x.cols()); }
double costWidth(const SparseRows& x) {
  return x.rows() == 0 ? 0.0 : static_cast<double>(x.nonZeros()) / static_cast<double>(x.rows());
}

Error cancelled() { return makeError(Status::Cancelled, "cross-validation was cancelled"); }

struct Split {
  std::vector<std::vector<Index>> train, test;
};

Split makeSplit(const std::vector<int32_t>& foldOf, int nFolds) {
  Split s;
  s.train.resize(nFolds);
  s.test.resize(nFolds);
  for (size_t i = 0; i < foldOf.size(); ++i)
    for (int f = 0; f < nFolds; ++f) (f == foldOf[i] ? s.test : s.train)[f].push_back(static_cast<Index>(i));
  return s;
}

// Runs one model over all folds, filling `probs` (N x K) and appending per-fold records.
template <typename Features>
Outcome runModel(CvModel model, Features& x, const LabelVector& y, int K, const Split& split,
                 const CvOptions& opt, int& done, int total, RealMatrix& probs,
                 std::vector<CvFold>& folds) {
  const char* name = model == CvModel::Logistic ? "logistic" : "knn";
  const int nFolds = static_cast<int>(split.test.size());
  probs.resize(featureRows(x), K);
  LogisticRegression lr(opt.logistic);
  std::vector<Index> kept;  // the fold's training rows minus the excluded ones, reused per fold
  for (int f = 0; f < nFolds; ++f) {
    const std::vector<Index>* train = &split.train[f];
    if (!opt.excludeFromTraining.empty()) {
      kept.clear();
      for (Index i : split.train[f])
        if (opt.excludeFromTraining[static_cast<size_t>(i)] == 0) kept.push_back(i);
      if (!kept.empty()) train = &kept;
    }
    const std::vector<Index>& tr = *train;
    const std::vector<Index>& te = split.test[f];
    const LabelVector ytr = gatherLabels(y, tr);
    RealMatrix p;
    CvFold rec;
    rec.model = name;
    rec.fold = f;
    rec.trainRows = static_cast<Index>(tr.size());
    rec.testRows = static_cast<Index>(te.size());
    if constexpr (std::is_same<Features, RealMatrix>::value) {  // X may be reordered: no train copy
      const TrainRowsOnTop rows(x, te);
      if (model == CvModel::Logistic) {
        if (Outcome o = lr.fit(rows.train(), ytr, K); !o.ok()) return o;
        p = lr.predictProba(rows.test());
      } else {
        KnnClassifier knn(opt.knn);
        if (Outcome o = knn.fit(RealMatrix(rows.train()), ytr, K); !o.ok()) return o;  // kNN keeps its own copy
        p = knn.predictProba(rows.test());
      }
    } else if (model == CvModel::Logistic) {
      Outcome o = lr.fit(gatherRows(x, tr), ytr, K);
      if (!o.ok()) return o;
      p = lr.predictProba(gatherRows(x, te));
    } else {
      KnnParams kp = opt.knn;
      if (std::is_same<std::remove_const_t<Features>, SparseRows>::value) kp.metric = KnnMetric::Cosine;
      KnnClassifier knn(kp);
      Outcome o = knn.fit(gatherRows(x, tr), ytr, K);
      if (!o.ok()) return o;
      p = knn.predictProba(gatherRows(x, te));
    }
    if (model == CvModel::Logistic) {
      rec.iterations = lr.iterations();
      rec.converged = lr.converged();
      if (opt.warmStart) lr.setWarmStart(lr.coefficients(), lr.intercepts());
    }
    if (p.rows() != static_cast<Index>(te.size()))
      return makeError(Status::Internal, std::string(name) + " returned no probabilities");
    for (size_t j = 0; j < te.size(); ++j) probs.row(te[j]) = p.row(static_cast<Index>(j));
    const LabelVector yte = gatherLabels(y, te);
    rec.accuracy = argmaxAccuracy(p, yte);
    rec.logLoss = meanLogLoss(p, yte);
    folds.push_back(rec);
    if (!reportProgress(opt.onProgress, kStage, ++done, total, name)) return cancelled();
  }
  return {};
}

// Repeats of the whole K-fold for `repeats = 0`: 5 up to 4,000 rows, fewer above, 1 from 20,000.
int autoRepeats(Index n) { return static_cast<int>(std::clamp<Index>(20000 / std::max<Index>(n, 1), 1, 5)); }

template <typename Features>
Result<CvResult> estimate(Features& x, const LabelVector& y, int K, const CvOptions& opt) {
  if (opt.nFolds < 2) return makeError(Status::InvalidArgument, "nFolds must be at least 2");
  if (!(opt.knnMaxCost >= 0.0)) return makeError(Status::InvalidArgument, "knnMaxCost must be >= 0");
  if (!(opt.logisticWeight <= 1.0)) return makeError(Status::InvalidArgument, "logisticWeight must be <= 1 (negative: chosen)");
  if (K < 1) return makeError(Status::InvalidArgument, "K must be at least 1");
  const Index n = featureRows(x);
  if (n == 0) return makeError(Status::EmptyInput, "no rows");
  if (y.size() != n)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) +
                                                " values for " + std::to_string(n) + " rows");
  if (!opt.excludeFromTraining.empty() && static_cast<Index>(opt.excludeFromTraining.size()) != n)
    return makeError(Status::ShapeMismatch, "excludeFromTraining: " + std::to_string(opt.excludeFromTraining.size()) +
                                                " values for " + std::to_string(n) + " rows");
  Outcome valid = checkFeatures(x);
  if (!valid.ok()) return std::move(valid).error();

  if (Outcome range = checkLabelRange(Labels::of(y), K); !range.ok()) return std::move(range).error();
  std::vector<Index> counts(K, 0);
  for (Index i = 0; i < n; ++i) ++counts[y[i]];
  const Index present = std::count_if(counts.begin(), counts.end(), [](Index c) { return c > 0; });
  if (present < 2) return makeError(Status::TooFewClasses, "cross-validation needs at least two classes");
  const Index largest = *std::max_element(counts.begin(), counts.end());
  if (largest < 2)
    return makeError(Status::TooFewExamplesPerFold, "every class has a single row: nothing to cross-validate");
  const int nFolds = static_cast<int>(std::min<Index>(opt.nFolds, largest));

  CvResult res;
  res.nFolds = nFolds;
  const int repeats = opt.repeats > 0 ? opt.repeats : autoRepeats(n);
  res.repeats = repeats;

  const double cost = static_cast<double>(n) * static_cast<double>(n) * costWidth(x);
  const bool runLr = opt.model != CvModel::Knn;
  const bool runKnn = opt.model == CvModel::Knn || (opt.model == CvModel::Auto && cost <= opt.knnMaxCost);
  const int total = repeats * nFolds * ((runLr ? 1 : 0) + (runKnn ? 1 : 0));
  int done = 0;
  if (!reportProgress(opt.onProgress, kStage, 0, total, runLr ? "logistic" : "knn")) return cancelled();

  // Each repeat is a fresh shuffled split (seed, seed + 1, ...); the out-of-sample
  // probabilities of the repeats are averaged, which steadies them on small data.
  RealMatrix pLr, pKnn;
  for (int r = 0; r < repeats; ++r) {
    Result<std::vector<int32_t>> foldOf = stratifiedKFold(y, K, nFolds, opt.seed + static_cast<uint64_t>(r));
    if (!foldOf) return std::move(foldOf).error();
    const Split split = makeSplit(foldOf.value(), nFolds);
    if (r == 0) res.foldOf = std::move(foldOf).value();
    RealMatrix lr, knn;
    if (runLr) {
      Outcome o = runModel(CvModel::Logistic, x, y, K, split, opt, done, total, lr, res.folds);
      if (!o.ok()) return std::move(o).error();
      pLr = r == 0 ? std::move(lr) : RealMatrix(pLr + lr);
    }
    if (runKnn) {
      Outcome o = runModel(CvModel::Knn, x, y, K, split, opt, done, total, knn, res.folds);
      if (!o.ok()) return std::move(o).error();
      pKnn = r == 0 ? std::move(knn) : RealMatrix(pKnn + knn);
    }
  }
  if (repeats > 1) {
    if (runLr) pLr /= static_cast<double>(repeats);
    if (runKnn) pKnn /= static_cast<double>(repeats);
  }
  for (const CvFold& f : res.folds) res.converged = res.converged && f.converged;

  if (runLr && runKnn) {
    // Blend weight by cross-validated log loss over a coarse grid; from w = 1 down so that
    // ties keep the smoother logistic probabilities.
    double bestW = opt.logisticWeight >= 0.0 ? opt.logisticWeight : 1.0, bestLoss = meanLogLoss(pLr, y);
    RealMatrix mix(n, K);
    for (int step = 9; step >= 0 && opt.logisticWeight < 0.0; --step) {
      const double w = step / 10.0;
      mix = w * pLr + (1.0 - w) * pKnn;
      const double loss = meanLogLoss(mix, y);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestW = w;
      }
    }
    res.models.push_back({"logistic", bestW, argmaxAccuracy(pLr, y), meanLogLoss(pLr, y)});
    res.models.push_back({"knn", 1.0 - bestW, argmaxAccuracy(pKnn, y), meanLogLoss(pKnn, y)});
    if (bestW == 1.0) {
      res.predProbs = std::move(pLr);
      res.modelChoice = "logistic";
    } else if (bestW == 0.0) {
      res.predProbs = std::move(pKnn);
      res.modelChoice = "knn";
    } else {
      res.predProbs = bestW * pLr + (1.0 - bestW) * pKnn;
      res.modelChoice = "logistic+knn";
    }
  } else if (runLr) {
    res.models.push_back({"logistic", 1.0, argmaxAccuracy(pLr, y), meanLogLoss(pLr, y)});
    res.predProbs = std::move(pLr);
    res.modelChoice = "logistic";
  } else {
    res.models.push_back({"knn", 1.0, argmaxAccuracy(pKnn, y), meanLogLoss(pKnn, y)});
    res.predProbs = std::move(pKnn);
    res.modelChoice = "knn";
  }
  res.accuracy = argmaxAccuracy(res.predProbs, y);
  res.logLoss = meanLogLoss(res.predProbs, y);
  return res;
}

}  // namespace

double meanLogLoss(const RealMatrix& probs, const LabelVector& labels) {
  if (labels.size() == 0) return 0.0;
  double sum = 0.0;
  for (Index i = 0; i < labels.size(); ++i) sum -= std::log(std::max(probs(i, labels[i]), kLogLossClip));
  return sum / static_cast<double>(labels.size());
}

double argmaxAccuracy(const RealMatrix& probs, const LabelVector& labels) {
  if (labels.size() == 0) return 0.0;
  Index hits = 0;
  for (Index i = 0; i < labels.size(); ++i) {
    Index best = 0;
    probs.row(i).maxCoeff(&best);  // first maximum on ties
    hits += best == labels[i];
  }
  return static_cast<double>(hits) / static_cast<double>(labels.size());
}

Result<std::vector<int32_t>> stratifiedKFold(const LabelVector& labels, int K, int nFolds, uint64_t seed) {
  if (nFolds < 2 || K < 1) return makeError(Status::InvalidArgument, "stratifiedKFold needs nFolds >= 2 and K >= 1");
  const Index n = labels.size();
  if (n == 0) return makeError(Status::EmptyInput, "no labels");
  if (Outcome range = checkLabelRange(Labels::of(labels), K); !range.ok()) return std::move(range).error();
  std::vector<std::vector<Index>> byClass(K);
  for (Index i = 0; i < n; ++i) byClass[labels[i]].push_back(i);
  Rng rng(seed);
  std::vector<int32_t> foldOf(static_cast<size_t>(n), 0);
  int next = 0;  // dealing continues across classes so fold sizes stay within one row
  for (std::vector<Index>& rows : byClass) {
    rng.shuffle(rows.data(), static_cast<int64_t>(rows.size()));
    for (Index r : rows) {
      foldOf[r] = next;
      next = (next + 1) % nFolds;
    }
  }
  return foldOf;
}

Result<CvResult> estimateCvPredictedProbabilities(const Eigen::Ref<const RealMatrix>& X,
                                                  const LabelVector& labels, int K,
                                                  const CvOptions& options) {
  return estimate(X, labels, K, options);
}

Result<CvResult> estimateCvPredictedProbabilities(const SparseRows& X, const LabelVector& labels,
                                                  int K, const CvOptions& options) {
  return estimate(X, labels, K, options);
}

Result<CvResult> estimateCvPredictedProbabilitiesInPlace(RealMatrix& X, const LabelVector& labels, int K,
                                                         const CvOptions& options) {
  // Rows left out of training are not "all rows but the test fold": gather those folds.
  if (!options.excludeFromTraining.empty()) return estimate(std::as_const(X), labels, K, options);
  return estimate(X, labels, K, options);
}

}  // namespace labelcheck
