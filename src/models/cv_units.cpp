// Running one unit of a cross-validation plan: a model fitted on one fold, or the neighbour
// lists of a range of rows. See labelcheck/cv_plan.hpp.
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "detail/train_rows_on_top.hpp"
#include "labelcheck/cv_plan.hpp"

namespace labelcheck {

struct CvUnitRunner::State {
  const CvPlan& plan;
  const LabelVector& labels;
  const CvOptions& options;
  // A view of the dense rows, owned here: the caller's Ref may be a temporary.
  std::unique_ptr<Eigen::Ref<const RealMatrix>> dense;
  RealMatrix* mutableDense = nullptr;  // in place: one unit at a time
  const SparseRows* sparse = nullptr;
  std::unique_ptr<NeighborIndex> index;
  std::mutex indexMutex;

  State(const CvPlan& p, const LabelVector& y, const CvOptions& o) : plan(p), labels(y), options(o) {}

  const Eigen::Ref<const RealMatrix>& rows() const { return *dense; }
};

namespace {

// The training and held-out rows of one fold, in increasing order. Rows left out of training
// (excludeFromTraining) are dropped from the training rows unless that would leave none.
void splitFold(const std::vector<int32_t>& foldOf, int fold, const std::vector<uint8_t>& exclude,
               std::vector<Index>& train, std::vector<Index>& test, bool& excludedAny) {
  train.clear();
  test.clear();
  excludedAny = false;
  for (size_t i = 0; i < foldOf.size(); ++i)
    (foldOf[i] == fold ? test : train).push_back(static_cast<Index>(i));
  if (exclude.empty()) return;
  std::vector<Index> kept;
  kept.reserve(train.size());
  for (Index i : train)
    if (exclude[static_cast<size_t>(i)] == 0) kept.push_back(i);
  if (!kept.empty() && kept.size() != train.size()) {
    train = std::move(kept);
    excludedAny = true;
  }
}

LabelVector gatherLabels(const LabelVector& y, const std::vector<Index>& rows) {
  LabelVector out(static_cast<Index>(rows.size()));
  for (size_t j = 0; j < rows.size(); ++j) out[static_cast<Index>(j)] = y[rows[j]];
  return out;
}

RealMatrix gatherRows(const Eigen::Ref<const RealMatrix>& x, const std::vector<Index>& rows) {
  RealMatrix out(static_cast<Index>(rows.size()), x.cols());
  for (size_t j = 0; j < rows.size(); ++j) out.row(static_cast<Index>(j)) = x.row(rows[j]);
  return out;
}

NeighborGraphOptions graphOptions(const CvPlan& plan, const CvOptions& o) {
  NeighborGraphOptions g = o.neighbors;
  g.k = plan.graphK;
  g.method = plan.graphExact ? NeighborMethod::Exact : NeighborMethod::Approximate;
  g.metric = o.knn.metric;
  g.seed = o.seed;
  return g;
}

}  // namespace

CvUnitRunner::CvUnitRunner(const CvPlan& plan, const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels,
                           const CvOptions& options)
    : m_state(std::make_unique<State>(plan, labels, options)) {
  m_state->dense = std::make_unique<Eigen::Ref<const RealMatrix>>(X);
}

CvUnitRunner::CvUnitRunner(const CvPlan& plan, RealMatrix& X, const LabelVector& labels, const CvOptions& options,
                           bool inPlace)
    : m_state(std::make_unique<State>(plan, labels, options)) {
  m_state->dense = std::make_unique<Eigen::Ref<const RealMatrix>>(X);
  if (inPlace) m_state->mutableDense = &X;
}

CvUnitRunner::CvUnitRunner(const CvPlan& plan, const SparseRows& X, const LabelVector& labels, const CvOptions& options)
    : m_state(std::make_unique<State>(plan, labels, options)) {
  m_state->sparse = &X;
}

CvUnitRunner::~CvUnitRunner() = default;

Outcome CvUnitRunner::prepareNeighbors() {
  State& s = *m_state;
  std::lock_guard<std::mutex> lock(s.indexMutex);
  if (s.index || s.plan.graphK == 0) return {};
  auto built = s.sparse ? NeighborIndex::build(*s.sparse, graphOptions(s.plan, s.options))
                        : NeighborIndex::build(s.rows(), graphOptions(s.plan, s.options));
  if (!built.ok()) return std::move(built).error();
  s.index = std::make_unique<NeighborIndex>(std::move(built).value());
  return {};
}

Result<CvUnitOutput> CvUnitRunner::run(size_t unitIndex) {
  State& s = *m_state;
  if (unitIndex >= s.plan.units.size())
    return makeError(Status::InvalidArgument, "unit " + std::to_string(unitIndex) + " is not in the plan");
  const CvUnit& unit = s.plan.units[unitIndex];
  CvUnitOutput out;

  if (unit.kind == CvUnitKind::Neighbors) {
    LABELCHECK_TRY(prepareNeighbors());
    auto lists = s.index->queryRows(unit.rowBegin, unit.rowEnd);
    if (!lists.ok()) return std::move(lists).error();
    NeighborGraph& g = lists.value();
    if (g.k != s.plan.graphK || g.rows() != unit.rowEnd - unit.rowBegin)
      return makeError(Status::Internal, "the neighbour search returned lists of the wrong shape");
    out.indices = std::move(g.indices);
    out.distances = std::move(g.distances);
    return out;
  }

  const int K = s.plan.K;
  std::vector<Index> train, test;
  bool excludedAny = false;
  splitFold(s.plan.foldOf[static_cast<size_t>(unit.repeat)], unit.fold, s.options.excludeFromTraining, train, test,
            excludedAny);
  CvFold& rec = out.record;
  rec.model = cvModelName(unit.model);
  rec.repeat = unit.repeat;
  rec.fold = unit.fold;
  rec.trainRows = static_cast<Index>(train.size());
  rec.testRows = static_cast<Index>(test.size());
  const LabelVector ytr = gatherLabels(s.labels, train);

  if (unit.model == CvModel::Logistic) {
    LogisticRegression lr(s.options.logistic);
    if (s.sparse) {
      LABELCHECK_TRY(lr.fit(selectRows(*s.sparse, train), ytr, K));
      out.probs = lr.predictProba(selectRows(*s.sparse, test));
    } else if (s.mutableDense && !excludedAny) {  // the rows not in the fold are the training rows
      const detail::TrainRowsOnTop moved(*s.mutableDense, test);
      LABELCHECK_TRY(lr.fit(moved.train(), ytr, K));
      out.probs = lr.predictProba(moved.test());
    } else {
      LABELCHECK_TRY(lr.fit(gatherRows(s.rows(), train), ytr, K));
      out.probs = lr.predictProba(gatherRows(s.rows(), test));
    }
    rec.iterations = lr.iterations();
    rec.converged = lr.converged();
  } else if (unit.model == CvModel::Gbdt) {
    if (s.sparse) return makeError(Status::InvalidArgument, "the gbdt model needs dense features");
    GbdtParams params = s.options.gbdt;
    // Each fold's validation slice is drawn from its own seed, the same in every instance.
    params.seed = s.options.seed * 1000003u + static_cast<uint64_t>(unit.repeat) * 101u + static_cast<uint64_t>(unit.fold);
    GradientBoostedTrees trees(params);
    LABELCHECK_TRY(trees.fit(s.rows(), s.labels, K, &train));
    out.probs = trees.predictProba(s.rows(), &test);
    rec.iterations = trees.iterations();
  } else {
    return makeError(Status::Internal, "a fit unit of a model that is not fitted per fold");
  }
  if (out.probs.rows() != static_cast<Index>(test.size()) || out.probs.cols() != K)
    return makeError(Status::Internal, std::string(rec.model) + " returned no probabilities");
  const LabelVector yte = gatherLabels(s.labels, test);
  rec.accuracy = argmaxAccuracy(out.probs, yte);
  rec.logLoss = meanLogLoss(out.probs, yte);
  return out;
}

}  // namespace labelcheck
