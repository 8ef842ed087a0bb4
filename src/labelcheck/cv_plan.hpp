// Cross-validation cut into independent units of work: plan, run the units anywhere, combine.
//
// estimateCvPredictedProbabilities (cross_validation.hpp) is these three steps on local threads.
// They are public so that a caller without shared memory (the JavaScript package: one
// WebAssembly instance per Web Worker or worker thread) can run the units in other instances:
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const CvOptions& options
//   Result<CvPlan> plan = planCrossValidation(X, labels, K, options);       // every instance, same plan
//   if (!plan) return plan.error();
//   CvUnitRunner runner(plan.value(), X, labels, options);                   // one per instance
//   std::vector<CvUnitOutput> outputs(plan.value().units.size());
//   for (size_t u = 0; u < outputs.size(); ++u) {                            // any instance, any order
//     Result<CvUnitOutput> out = runner.run(u);
//     if (!out) return out.error();
//     outputs[u] = std::move(out).value();
//   }
//   Result<CvResult> r = combineCrossValidation(plan.value(), X, labels, options, std::move(outputs));
//   ```
//
// A plan is a pure function of (the features' shape, labels, K, options): instances that plan
// from the same inputs get the same plan (CvPlan::fingerprint() lets them check), and a unit's
// output depends only on the plan, the inputs and the unit, never on which instance ran it or in
// what order, so the combined result is bit-identical however the units were spread.
//
// Units:
//  * Fit: one model (logistic or gbdt) fitted on the training rows of one fold of one repeat;
//    the output is its probabilities for the fold's held-out rows (in increasing row order).
//  * Neighbors: the neighbour lists of the rows [rowBegin, rowEnd) (kNN); combine reads every
//    fold's kNN votes off the assembled graph. An exact graph is cut into row ranges; an
//    approximate one is one unit (its index would otherwise be built in every instance).
//
// The cost model and the time budget. Each unit carries an estimated cost in seconds of one
// WebAssembly core (measured on a 2-core 2.x GHz server core, Node 20; native code is about
// 2x faster). It orders the units (largest first, so that threads finish together), weighs the
// progress reports, and is the time budget of `auto`: logistic regression always runs; then
// the trees and kNN are added, cheapest first, while the plan's total estimated cost stays
// within CvOptions::budget (12 s by default). What that admits at which size is tabulated in
// bench/README.md ("What auto runs at which size").
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "labelcheck/cross_validation.hpp"

namespace labelcheck {

enum class CvUnitKind { Fit, Neighbors };

struct CvUnit {
  CvUnitKind kind = CvUnitKind::Fit;
  CvModel model = CvModel::Logistic;  // Logistic or Gbdt (Fit), Knn (Neighbors)
  int repeat = 0;
  int fold = 0;
  Index rowBegin = 0;                 // Neighbors: the rows whose lists the unit finds
  Index rowEnd = 0;
  double cost = 0.0;                  // estimated seconds of one WebAssembly core
};

struct CvPlan {
  Index rows = 0;
  Index cols = 0;                     // features (dense columns, or sparse columns)
  bool sparse = false;
  int K = 0;
  int nFolds = 0;
  int repeats = 1;                    // of logistic and kNN; the trees run gbdtRepeats
  int gbdtRepeats = 0;
  std::vector<CvModel> models;        // in blend order: logistic, knn, gbdt (those that run)
  std::vector<std::string> skipped;   // "knn: ..." / "gbdt: ..." when Auto left a model out
  std::vector<std::vector<int32_t>> foldOf;  // [repeat][row]
  int graphK = 0;                     // neighbours kept per row in the graph (kNN), 0 = no graph
  // kNN as the vote of the graph the caller hands to combine (CvOptions::knnVoteGraph): no
  // graph of its own (graphK 0, no Neighbors units).
  bool knnVote = false;
  bool graphExact = true;
  std::vector<CvUnit> units;          // in the order to start them: largest cost first
  double totalCost = 0.0;

  bool runs(CvModel m) const;
  // A hash of everything the units and the combine step depend on (FNV-1a over the fields,
  // folds and units), to check that two instances planned the same thing.
  uint64_t fingerprint() const;
};

// What a unit produced. Fit: `probs` (held-out rows of the fold x K) and `record`. Neighbors:
// `indices`/`distances`, (rowEnd - rowBegin) x graphK row-major.
struct CvUnitOutput {
  RealMatrix probs;
  CvFold record;
  std::vector<int32_t> indices;
  std::vector<float> distances;
};

// Validates the inputs and options (the failures of estimateCvPredictedProbabilities but
// Cancelled) and decides the folds, models and units.
Result<CvPlan> planCrossValidation(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                   const CvOptions& options);
Result<CvPlan> planCrossValidation(const SparseRows& X, const LabelVector& labels, int K, const CvOptions& options);

// Runs units of one plan on one set of inputs (the plan, rows, labels and options must outlive
// it). Keeps what units of the
// same instance can share: the neighbour index, built on the first Neighbors unit. run() may be
// called from several threads at once when the runner was made without `inPlace`; with it
// (one thread only), logistic folds train on their rows moved to the top of X and put back.
class CvUnitRunner {
 public:
  CvUnitRunner(const CvPlan& plan, const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels,
               const CvOptions& options);
  CvUnitRunner(const CvPlan& plan, RealMatrix& X, const LabelVector& labels, const CvOptions& options, bool inPlace);
  CvUnitRunner(const CvPlan& plan, const SparseRows& X, const LabelVector& labels, const CvOptions& options);
  ~CvUnitRunner();
  CvUnitRunner(const CvUnitRunner&) = delete;
  CvUnitRunner& operator=(const CvUnitRunner&) = delete;

  // Failures: InvalidArgument (unit out of range), those of the model's fit and of the
  // neighbour search. Build the neighbour index before running Neighbors units on several
  // threads (prepareNeighbors), so that it is built once.
  Result<CvUnitOutput> run(size_t unit);
  Outcome prepareNeighbors();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Threads to run `units` units on when `requested` were asked for (0 = every core): at most one
// per unit; always 1 in WebAssembly builds, which have no threads.
int cvThreads(int requested, size_t units);

// Runs every unit of the plan with `runner` on `threads` threads, in plan order (largest
// first), each output in its slot. Progress: stage "crossValidation", one report per finished
// unit (done/total units, workDone/workTotal estimated cost), from whichever thread finished it,
// one report at a time; returning false stops every thread from starting another unit.
// Failures: the first failing unit's error (in plan order), Cancelled.
Outcome runCrossValidationUnits(const CvPlan& plan, CvUnitRunner& runner, int threads, const ProgressFn& onProgress,
                                std::vector<CvUnitOutput>& outputs);

// Assembles the units' outputs (outputs[u] belongs to plan.units[u]) into the result: every
// model's probabilities averaged over repeats, kNN votes read off the graph, the held-out blend.
// `voteGraph`: a graph of all rows, required when plan.knnVote (the kNN model's votes), else
// ignored. Failures: ShapeMismatch (an output of the wrong shape, a vote graph of other rows),
// InvalidArgument (plan.knnVote without a graph), Internal.
Result<CvResult> combineCrossValidation(const CvPlan& plan, const Eigen::Ref<const RealMatrix>& X,
                                        const LabelVector& labels, const CvOptions& options,
                                        std::vector<CvUnitOutput> outputs, const NeighborGraph* voteGraph = nullptr);
Result<CvResult> combineCrossValidation(const CvPlan& plan, const SparseRows& X, const LabelVector& labels,
                                        const CvOptions& options, std::vector<CvUnitOutput> outputs,
                                        const NeighborGraph* voteGraph = nullptr);

}  // namespace labelcheck
