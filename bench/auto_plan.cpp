// What `auto` runs at which size: the cross-validation plan (cv_plan.hpp) for a list of table
// shapes, with the cost model's estimate per model and the models the time budget leaves out.
// No model is fitted: only the plan is made (the data are placeholders of the right shape).
//
// Planned as checkLabels plans it (with the audit on or off: the plan is the same): kNN beyond the
// exact search reads the audit's graph when its graph is within the budget; --refit plans as
// refit: on (no graph to read: kNN left out there).
//
//   build/bench/bench/labelcheck_auto_plan [--budget S] [--refit]      (bench/README.md, "What auto runs at which size")
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "labelcheck/cv_plan.hpp"
#include "labelcheck/pipeline.hpp"

using namespace labelcheck;

int main(int argc, char** argv) {
  CvOptions o;
  bool refit = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--budget" && i + 1 < argc) o.budget = std::atof(argv[++i]);
    if (std::string(argv[i]) == "--refit") refit = true;
  }
  struct Shape { const char* name; Index n, d; int K; };
  const std::vector<Shape> shapes = {
      {"iris", 150, 4, 3},          {"digits", 1797, 64, 10},       {"spambase", 4601, 57, 2},
      {"hpc", 4331, 26, 4},         {"letter", 20000, 16, 26},      {"20k x 20, 5 classes", 20000, 20, 5},
      {"50k x 20, 5 classes", 50000, 20, 5}, {"covertype-like 58k x 54, 7 classes", 58000, 54, 7},
      {"100k x 20, 5 classes", 100000, 20, 5}, {"200k x 20, 5 classes", 200000, 20, 5},
      {"300k x 20, 5 classes", 300000, 20, 5}, {"1M x 20, 5 classes", 1000000, 20, 5},
  };
  std::printf("budget %.1f s (estimated seconds of one WebAssembly core)\n\n", o.budget);
  std::printf("| table | rows x features, classes | models run | left out | estimated s (logistic / knn / gbdt units) |\n|---|---|---|---|---|\n");
  for (const Shape& s : shapes) {
    RealMatrix X = RealMatrix::Zero(s.n, s.d);
    for (Index i = 0; i < s.n; ++i) X(i, i % s.d) = 1.0;  // not all rows equal
    LabelVector y(s.n);
    for (Index i = 0; i < s.n; ++i) y[i] = static_cast<int32_t>(i % s.K);
    o.knnVoteGraph = auditGraphFeedsKnn(refit, planAudit(AuditOptions{}, o, s.n, s.d, false));
    auto plan = planCrossValidation(X, y, s.K, o);
    if (!plan.ok()) {
      std::printf("| %s | error: %s |\n", s.name, plan.error().message.c_str());
      continue;
    }
    double cost[3] = {0, 0, 0};
    for (const CvUnit& u : plan.value().units) cost[u.model == CvModel::Logistic ? 0 : u.model == CvModel::Knn ? 1 : 2] += u.cost;
    std::string run, skipped;
    for (CvModel m : plan.value().models) run += (run.empty() ? "" : " + ") + std::string(cvModelName(m));
    for (const std::string& why : plan.value().skipped) skipped += (skipped.empty() ? "" : "; ") + why;
    std::printf("| %s | %lld x %lld, %d | %s%s | %s | %.1f / %.1f / %.1f |\n", s.name, static_cast<long long>(s.n),
                static_cast<long long>(s.d), s.K, run.c_str(),
                plan.value().runs(CvModel::Knn) ? (plan.value().knnVote ? " (kNN: the audit graph's vote)" : plan.value().graphExact ? " (exact kNN)" : " (approximate kNN)") : "",
                skipped.empty() ? "–" : skipped.c_str(), cost[0], cost[1], cost[2]);
  }
  return 0;
}
