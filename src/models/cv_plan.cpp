// Planning a cross-validation: validation, folds, the models auto admits within its time budget,
// and the units with their estimated costs. See labelcheck/cv_plan.hpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "labelcheck/cv_plan.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {
namespace {

// ---- The cost model: estimated seconds of one WebAssembly core (Node 20, the 2-vCPU server of
// bench/README.md). Only ratios matter for scheduling and progress; the absolute scale matters
// for the budget. Calibrated on the shared datasets and the 100,000-row blobs (bench/README.md,
// "What auto runs at which size"); within a factor of about 2 either way, which is what a budget
// that keeps large files responsive needs, not a promise of seconds.

// WebAssembly (with SIMD) against native code of the same kernels: 1.3-1.5x (bench/README.md).
constexpr double kWasmOverNative = 1.4;
// Logistic regression, one fold: L-BFGS iterations x (forward + gradient) over the training rows,
// per training row x feature (or non-zero) x class. From letter (26 classes, a hard fit that
// runs near maxIter): easy fits (blobs: 17 iterations) take a quarter of it.
constexpr double kLogisticPerCell = 8.0e-8;
// Gradient-boosted trees, one fold: histogram passes over the training rows, per training row x
// feature x tree x round (maxIter rounds; early stopping usually keeps 40-70).
constexpr double kGbdtPerCell = 2.5e-9;
// Sparse rows (text) have no graph cost model of their own: exact search through the inverted
// index, priced like the dense kernel at D = mean non-zeros per row.
constexpr double kSparsePerPairMs = 0.15e-6;
// kNN beyond the graph: the votes of every scale and repeat, per row x neighbour kept.
constexpr double kVotePerEntry = 2.0e-9;
// Exact graphs are cut into row ranges of about this cost, so that threads share them.
constexpr double kNeighborChunkCost = 0.25;

double widthOf(const Eigen::Ref<const RealMatrix>& x) { return static_cast<double>(x.cols()); }
double widthOf(const SparseRows& x) {
  return x.rows() == 0 ? 0.0 : static_cast<double>(x.nonZeros()) / static_cast<double>(x.rows());
}
Index rowsOf(const Eigen::Ref<const RealMatrix>& x) { return x.rows(); }
Index rowsOf(const SparseRows& x) { return x.rows(); }
Index colsOf(const Eigen::Ref<const RealMatrix>& x) { return x.cols(); }
Index colsOf(const SparseRows& x) { return x.nCols; }
constexpr bool isSparse(const Eigen::Ref<const RealMatrix>&) { return false; }
constexpr bool isSparse(const SparseRows&) { return true; }

Outcome checkFeatures(const Eigen::Ref<const RealMatrix>& x) {
  if (x.allFinite()) return {};
  return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");
}
Outcome checkFeatures(const SparseRows& x) {
  if (isValidSparseRows(x)) return {};
  return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
}

// Repeats of the whole K-fold for `repeats = 0`: 5 up to 4,000 rows, fewer above, 1 from 20,000.
int autoRepeats(Index n) { return static_cast<int>(std::clamp<Index>(20000 / std::max<Index>(n, 1), 1, 5)); }

// The largest k of the kNN model's scales.
int maxKnnNeighbors(const CvOptions& o) {
  int scale = 1;
  for (int s : o.knnScales) scale = std::max(scale, s);
  return std::max(o.knn.k, 1) * scale;
}

// Neighbours kept per row: enough that a fold's test row almost always finds k training rows
// among them (a row's list has about (1 - 1/nFolds) of its entries in any fold's training set;
// three standard deviations of margin), at most every other row.
int graphNeighbors(int k, int nFolds, Index n) {
  const double keep = (k + 3.0 * std::sqrt(static_cast<double>(k))) / (1.0 - 1.0 / nFolds);
  return static_cast<int>(std::min<Index>(static_cast<Index>(std::ceil(keep)), n - 1));
}

struct Costs {
  double logisticFold = 0, gbdtFold = 0, graph = 0;
  bool graphExact = true;
};

Costs estimateCosts(Index n, double width, int K, int nFolds, int repeats, const CvOptions& o, bool sparse) {
  Costs c;
  const double train = static_cast<double>(n) * (nFolds - 1) / nFolds;
  c.logisticFold = kLogisticPerCell * train * std::max(width, 1.0) * K;
  const int trees = K == 2 ? 1 : K;
  c.gbdtFold = kGbdtPerCell * train * std::max(width, 1.0) * trees * o.gbdt.maxIter;
  const double nn = static_cast<double>(n);
  const double exactCost = nn * nn * std::max(width, 1.0);
  switch (o.neighbors.method) {
    case NeighborMethod::Exact: c.graphExact = true; break;
    case NeighborMethod::Approximate: c.graphExact = sparse; break;  // sparse rows are always searched exactly
    case NeighborMethod::Auto: c.graphExact = sparse || exactSearchCost(nn, std::max(width, 1.0)) <= o.neighbors.exactMaxCost; break;
  }
  NeighborGraphOptions g = o.neighbors;
  g.k = graphNeighbors(maxKnnNeighbors(o), nFolds, n);
  g.method = c.graphExact ? NeighborMethod::Exact : NeighborMethod::Approximate;
  const double searchMs = sparse ? kSparsePerPairMs * exactCost / 2
                                 : NeighborIndex::estimatedGraphCost(n, static_cast<Index>(width), g);
  c.graph = kWasmOverNative * searchMs / 1000.0 +
            kVotePerEntry * nn * g.k * std::max<size_t>(o.knnScales.size(), 1) * repeats;
  return c;
}

uint64_t fnv(uint64_t h, const void* data, size_t bytes) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}
template <typename T>
uint64_t fnvValue(uint64_t h, T v) {
  return fnv(h, &v, sizeof v);
}

template <typename Features>
Result<CvPlan> plan(const Features& x, const LabelVector& y, int K, const CvOptions& opt) {
  if (opt.nFolds < 2) return makeError(Status::InvalidArgument, "nFolds must be at least 2");
  if (opt.threads < 0) return makeError(Status::InvalidArgument, "threads must be >= 0 (0 = every core)");
  for (int scale : opt.knnScales)
    if (scale < 1 || scale > 64) return makeError(Status::InvalidArgument, "knnScales must be in [1, 64]");
  if (opt.repeats < 0 || opt.gbdtMaxRepeats < 1)
    return makeError(Status::InvalidArgument, "repeats must be >= 0 and gbdtMaxRepeats >= 1");
  if (std::isnan(opt.budget)) return makeError(Status::InvalidArgument, "budget must be a number (negative: no limit)");
  if (K < 1) return makeError(Status::InvalidArgument, "K must be at least 1");
  const Index n = rowsOf(x);
  if (n == 0) return makeError(Status::EmptyInput, "no rows");
  if (y.size() != n)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) + " values for " + std::to_string(n) + " rows");
  if (!opt.excludeFromTraining.empty() && static_cast<Index>(opt.excludeFromTraining.size()) != n)
    return makeError(Status::ShapeMismatch, "excludeFromTraining: " + std::to_string(opt.excludeFromTraining.size()) +
                                                " values for " + std::to_string(n) + " rows");
  LABELCHECK_TRY(checkFeatures(x));
  LABELCHECK_TRY(checkLabelRange(Labels::of(y), K));
  if (opt.model == CvModel::Gbdt && isSparse(x))
    return makeError(Status::InvalidArgument, "the gbdt model needs dense features; text columns give sparse ones "
                                              "(use logistic, knn or auto)");
  std::vector<Index> counts(K, 0);
  for (Index i = 0; i < n; ++i) ++counts[y[i]];
  const Index present = std::count_if(counts.begin(), counts.end(), [](Index c) { return c > 0; });
  if (present < 2) return makeError(Status::TooFewClasses, "cross-validation needs at least two classes");
  const Index largest = *std::max_element(counts.begin(), counts.end());
  if (largest < 2)
    return makeError(Status::TooFewExamplesPerFold, "every class has a single row: nothing to cross-validate");

  CvPlan p;
  p.rows = n;
  p.cols = colsOf(x);
  p.sparse = isSparse(x);
  p.K = K;
  p.nFolds = static_cast<int>(std::min<Index>(opt.nFolds, largest));
  p.repeats = opt.repeats > 0 ? opt.repeats : autoRepeats(n);
  p.gbdtRepeats = std::min(p.repeats, opt.gbdtMaxRepeats);

  const Costs c = estimateCosts(n, widthOf(x), K, p.nFolds, p.repeats, opt, p.sparse);
  const double logisticCost = c.logisticFold * p.nFolds * p.repeats;
  const double gbdtCost = c.gbdtFold * p.nFolds * p.gbdtRepeats;
  // Auto beyond the exact search reads the caller's graph (knnVoteGraph), or leaves kNN out.
  const bool beyondExact = opt.model == CvModel::Auto && !c.graphExact;
  const bool knnByVote = beyondExact && opt.knnVoteGraph;
  const double knnCost = knnByVote ? kVotePerEntry * static_cast<double>(n) * 10 : c.graph;
  bool lr = false, knn = false, gbdt = false;
  if (opt.model == CvModel::Logistic) lr = true;
  else if (opt.model == CvModel::Knn) knn = true;
  else if (opt.model == CvModel::Gbdt) gbdt = true;
  else {
    // Auto: logistic always; then the other models, cheapest first, while the plan fits the budget.
    lr = true;
    double total = logisticCost;
    const bool unlimited = opt.budget < 0;
    struct Candidate { CvModel model; double cost; };
    std::vector<Candidate> extra;
    if (p.sparse) p.skipped.push_back("gbdt: text columns give sparse features, which the trees do not take");
    else extra.push_back({CvModel::Gbdt, gbdtCost});
    if (beyondExact && !knnByVote)
      p.skipped.push_back(
          "knn: beyond the exact neighbour search it reads the data audit's graph, which this run does not build "
          "(refit, or the graph over the time budget)");
    else extra.push_back({CvModel::Knn, knnCost});
    std::stable_sort(extra.begin(), extra.end(), [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    for (const Candidate& e : extra) {
      if (unlimited || total + e.cost <= opt.budget) {
        (e.model == CvModel::Gbdt ? gbdt : knn) = true;
        total += e.cost;
      } else {
        char why[200];
        if (total >= opt.budget)
          std::snprintf(why, sizeof why, "%s: estimated %.1f s; logistic regression alone takes the %.1f s budget",
                        cvModelName(e.model), e.cost, opt.budget);
        else
          std::snprintf(why, sizeof why, "%s: estimated %.1f s, more than the %.1f s left of the %.1f s budget",
                        cvModelName(e.model), e.cost, opt.budget - total, opt.budget);
        p.skipped.push_back(why);
      }
    }
  }
  if (lr) p.models.push_back(CvModel::Logistic);
  if (knn) p.models.push_back(CvModel::Knn);
  if (gbdt) p.models.push_back(CvModel::Gbdt);
  if (!gbdt) p.gbdtRepeats = 0;
  p.knnVote = knn && knnByVote;
  if (!opt.fixedWeights.empty()) {
    const size_t components = p.models.size() + (knn && !p.knnVote ? std::max<size_t>(opt.knnScales.size(), 1) - 1 : 0);
    if (opt.fixedWeights.size() != components)
      return makeError(Status::ShapeMismatch, "fixedWeights: " + std::to_string(opt.fixedWeights.size()) +
                                                  " weights for " + std::to_string(components) + " blend components");
    double sum = 0;
    for (double w : opt.fixedWeights) {
      if (!(w >= 0.0)) return makeError(Status::InvalidArgument, "fixedWeights must be >= 0");
      sum += w;
    }
    if (!(sum > 0.0)) return makeError(Status::InvalidArgument, "fixedWeights must not all be 0");
  }

  for (int r = 0; r < p.repeats; ++r) {
    Result<std::vector<int32_t>> folds = stratifiedKFold(y, K, p.nFolds, opt.seed + static_cast<uint64_t>(r));
    if (!folds) return std::move(folds).error();
    p.foldOf.push_back(std::move(folds).value());
  }

  for (int r = 0; r < p.repeats && lr; ++r)
    for (int f = 0; f < p.nFolds; ++f) p.units.push_back({CvUnitKind::Fit, CvModel::Logistic, r, f, 0, 0, c.logisticFold});
  for (int r = 0; r < p.gbdtRepeats; ++r)
    for (int f = 0; f < p.nFolds; ++f) p.units.push_back({CvUnitKind::Fit, CvModel::Gbdt, r, f, 0, 0, c.gbdtFold});
  if (knn && !p.knnVote) {
    p.graphK = graphNeighbors(maxKnnNeighbors(opt), p.nFolds, n);
    p.graphExact = c.graphExact;
    // An approximate index is one unit: splitting it would build it in every instance.
    const Index chunks = p.graphExact ? std::clamp<Index>(static_cast<Index>(std::ceil(c.graph / kNeighborChunkCost)), 1,
                                                          std::min<Index>(n, 64))
                                      : 1;
    for (Index j = 0; j < chunks; ++j) {
      const Index begin = n * j / chunks, end = n * (j + 1) / chunks;
      p.units.push_back({CvUnitKind::Neighbors, CvModel::Knn, 0, 0, begin, end,
                         c.graph * static_cast<double>(end - begin) / static_cast<double>(n)});
    }
  }
  std::stable_sort(p.units.begin(), p.units.end(), [](const CvUnit& a, const CvUnit& b) { return a.cost > b.cost; });
  for (const CvUnit& u : p.units) p.totalCost += u.cost;
  return p;
}

}  // namespace

const char* cvModelName(CvModel m) {
  switch (m) {
    case CvModel::Logistic: return "logistic";
    case CvModel::Knn: return "knn";
    case CvModel::Gbdt: return "gbdt";
    case CvModel::Auto: return "auto";
  }
  return "auto";
}

Result<CvModel> parseCvModel(std::string_view name) {
  for (CvModel m : {CvModel::Auto, CvModel::Logistic, CvModel::Knn, CvModel::Gbdt})
    if (name == cvModelName(m)) return m;
  return makeError(Status::InvalidArgument,
                   "model must be 'auto', 'logistic', 'knn' or 'gbdt'; got '" + std::string(name) + "'");
}

bool CvPlan::runs(CvModel m) const { return std::find(models.begin(), models.end(), m) != models.end(); }

uint64_t CvPlan::fingerprint() const {
  uint64_t h = 0xcbf29ce484222325ull;
  for (int64_t v : {int64_t(rows), int64_t(cols), int64_t(sparse), int64_t(K), int64_t(nFolds), int64_t(repeats),
                    int64_t(gbdtRepeats), int64_t(graphK), int64_t(graphExact), int64_t(knnVote)})
    h = fnvValue(h, v);
  for (CvModel m : models) h = fnvValue(h, static_cast<int32_t>(m));
  for (const std::vector<int32_t>& f : foldOf) h = fnv(h, f.data(), f.size() * sizeof(int32_t));
  for (const CvUnit& u : units) {
    h = fnvValue(h, static_cast<int32_t>(u.kind));
    h = fnvValue(h, static_cast<int32_t>(u.model));
    h = fnvValue(h, u.repeat);
    h = fnvValue(h, u.fold);
    h = fnvValue(h, static_cast<int64_t>(u.rowBegin));
    h = fnvValue(h, static_cast<int64_t>(u.rowEnd));
  }
  return h;
}

Result<CvPlan> planCrossValidation(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                   const CvOptions& options) {
  return plan(X, labels, K, options);
}

Result<CvPlan> planCrossValidation(const SparseRows& X, const LabelVector& labels, int K, const CvOptions& options) {
  return plan(X, labels, K, options);
}

}  // namespace labelcheck
