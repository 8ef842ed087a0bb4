// Stratified K-fold cross-validation producing out-of-sample probabilities: the folds, and the
// three steps of cv_plan.hpp (plan, units, combine) run on local threads. See
// labelcheck/cross_validation.hpp.
#include "labelcheck/cross_validation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "labelcheck/cv_plan.hpp"
#include "labelcheck/random.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {
namespace {

constexpr const char* kStage = "crossValidation";
constexpr double kLogLossClip = 1e-15;  // scikit-learn's log_loss clipping

Error cancelled() { return makeError(Status::Cancelled, "cross-validation was cancelled"); }

}  // namespace

int cvThreads(int requested, size_t units) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  (void)requested;
  (void)units;
  return 1;
#else
  int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp<size_t>(static_cast<size_t>(std::max(t, 1)), 1, std::max<size_t>(units, 1)));
#endif
}

Outcome runCrossValidationUnits(const CvPlan& plan, CvUnitRunner& runner, int threads, const ProgressFn& onProgress,
                 std::vector<CvUnitOutput>& outputs) {
  const size_t n = plan.units.size();
  outputs.assign(n, CvUnitOutput{});
  std::vector<Outcome> failures(n);
  std::mutex reportMutex;
  int done = 0;
  double work = 0.0;
  std::atomic<bool> stop{false};
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      const size_t u = next.fetch_add(1);
      if (u >= n) return;
      Result<CvUnitOutput> r = runner.run(u);
      if (!r.ok()) {
        failures[u] = std::move(r).error();
        stop.store(true);
        return;
      }
      outputs[u] = std::move(r).value();
      std::lock_guard<std::mutex> lock(reportMutex);
      ++done;
      work += plan.units[u].cost;
      if (!reportProgress(onProgress, kStage, done, static_cast<int>(n), cvModelName(plan.units[u].model), work,
                          plan.totalCost)) {
        failures[u] = cancelled();
        stop.store(true);
        return;
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    LABELCHECK_TRY(runner.prepareNeighbors());  // built once, then read by every thread
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }
  for (Outcome& f : failures)
    if (!f.ok()) return f;
  return {};
}

namespace {

template <typename Features>
Result<CvResult> estimate(Features& x, const LabelVector& y, int K, const CvOptions& opt, bool inPlace) {
  Result<CvPlan> planned = planCrossValidation(x, y, K, opt);
  if (!planned) return std::move(planned).error();
  const CvPlan& plan = planned.value();
  const int threads = cvThreads(opt.threads, plan.units.size());
  if (!reportProgress(opt.onProgress, kStage, 0, static_cast<int>(plan.units.size()),
                      cvModelName(plan.units.empty() ? CvModel::Logistic : plan.units.front().model), 0.0,
                      plan.totalCost))
    return cancelled();
  std::vector<CvUnitOutput> outputs;
  {
    std::unique_ptr<CvUnitRunner> runner;
    if constexpr (std::is_same<Features, RealMatrix>::value)
      runner = std::make_unique<CvUnitRunner>(plan, x, y, opt, inPlace && threads == 1);
    else
      runner = std::make_unique<CvUnitRunner>(plan, x, y, opt);
    LABELCHECK_TRY(runCrossValidationUnits(plan, *runner, threads, opt.onProgress, outputs));
  }
  return combineCrossValidation(plan, x, y, opt, std::move(outputs));
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
  return estimate(X, labels, K, options, false);
}

Result<CvResult> estimateCvPredictedProbabilities(const SparseRows& X, const LabelVector& labels,
                                                  int K, const CvOptions& options) {
  return estimate(X, labels, K, options, false);
}

Result<CvResult> estimateCvPredictedProbabilitiesInPlace(RealMatrix& X, const LabelVector& labels, int K,
                                                         const CvOptions& options) {
  return estimate(X, labels, K, options, true);
}

}  // namespace labelcheck
