// Throwaway quality/timing check of the models on the all-numeric shared datasets.
// Not part of the build. Build and run from the repo root:
//   g++ -O3 -std=c++17 -fno-exceptions -Isrc -I/usr/include/eigen3 bench/models_harness.cpp \
//       build/liblabelcheck.a -o /tmp/models_harness && /tmp/models_harness [dataset ...]
// Prints 5-fold CV accuracy / log loss / CPU seconds for logistic, knn and auto on each dataset.
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/cross_validation.hpp"
#include "labelcheck/filter.hpp"
#include "labelcheck/random.hpp"

using namespace labelcheck;

struct Data { RealMatrix X; LabelVector y; int K = 0; };

static bool load(const std::string& path, const std::string& labelCol, Data& d) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  { std::stringstream ss(line); std::string f; while (std::getline(ss, f, ',')) header.push_back(f); }
  int lc = -1;
  for (size_t j = 0; j < header.size(); ++j) if (header[j] == labelCol) lc = static_cast<int>(j);
  if (lc < 0) return false;
  std::vector<std::vector<double>> rows;
  std::vector<std::string> labels;
  while (std::getline(in, line)) {
    std::stringstream ss(line); std::string f; std::vector<double> r; int j = 0;
    while (std::getline(ss, f, ',')) { if (j == lc) labels.push_back(f); else r.push_back(std::atof(f.c_str())); ++j; }
    rows.push_back(r);
  }
  std::map<std::string, int> ids;
  for (auto& l : labels) ids.emplace(l, 0);
  int k = 0; for (auto& kv : ids) kv.second = k++;
  d.K = k;
  const Index n = rows.size(), dd = rows[0].size();
  d.X.resize(n, dd); d.y.resize(n);
  for (Index i = 0; i < n; ++i) { for (Index j = 0; j < dd; ++j) d.X(i, j) = rows[i][j]; d.y[i] = ids[labels[i]]; }
  for (Index j = 0; j < dd; ++j) {
    double m = d.X.col(j).mean();
    double sd = std::sqrt((d.X.col(j).array() - m).square().mean());
    d.X.col(j).array() -= m;
    if (sd > 0) d.X.col(j) /= sd;
  }
  return true;
}

// flipped_rows of a truth file (noisy variants), by a plain scan of the JSON text.
static std::vector<int> flippedRows(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss; ss << in.rdbuf();
  const std::string t = ss.str();
  std::vector<int> rows;
  size_t at = t.find("\"flipped_rows\"");
  if (at == std::string::npos) return rows;
  at = t.find('[', at);
  const size_t end = t.find(']', at);
  std::stringstream list(t.substr(at + 1, end - at - 1));
  std::string f;
  while (std::getline(list, f, ',')) rows.push_back(std::atoi(f.c_str()));
  return rows;
}

// F1 of cleanlab-default findLabelIssues on these probabilities against the flipped rows.
static double issueF1(const RealMatrix& p, const LabelVector& y, const std::vector<int>& truth) {
  auto r = findLabelIssues(Labels::of(y), PredProbs::of(p));
  if (!r || truth.empty()) return -1;
  std::vector<char> isTrue(y.size(), 0);
  for (int t : truth) isTrue[t] = 1;
  double tp = 0, flagged = 0;
  for (Index i = 0; i < y.size(); ++i) if (r.value().isLabelIssue[i]) { ++flagged; tp += isTrue[i]; }
  if (tp == 0) return 0;
  const double prec = tp / flagged, rec = tp / truth.size();
  return 2 * prec * rec / (prec + rec);
}

int main(int argc, char** argv) {
  std::vector<std::pair<std::string, std::string>> sets = {
      {"iris", "species"}, {"breast_cancer", "diagnosis"}, {"digits", "digit"},
      {"spambase", "type"}, {"letter", "lettr"}};
  std::string variant = std::getenv("VARIANT") ? std::getenv("VARIANT") : "clean";
  for (auto& [name, col] : sets) {
    if (argc > 1) { bool want = false; for (int a = 1; a < argc; ++a) want |= name == argv[a]; if (!want) continue; }
    Data d;
    if (!load("../shared/datasets/" + name + "." + variant + ".csv", col, d)) { std::printf("%s: load failed\n", name.c_str()); continue; }
    const std::vector<int> truth = variant == "clean" ? std::vector<int>{} :
        flippedRows("../shared/datasets/" + name + "." + variant + ".truth.json");
    for (CvModel m : {CvModel::Logistic, CvModel::Knn, CvModel::Auto}) {
      CvOptions opt; opt.model = m;
      if (std::getenv("SMOOTH")) opt.knn.smoothing = std::atof(std::getenv("SMOOTH"));
      if (std::getenv("TOL")) opt.logistic.tol = std::atof(std::getenv("TOL"));
      const std::clock_t c0 = std::clock();  // CPU time: the machine may be shared
      auto r = estimateCvPredictedProbabilities(d.X, d.y, d.K, opt);
      const double s = double(std::clock() - c0) / CLOCKS_PER_SEC;
      if (!r) { std::printf("%s: error %s\n", name.c_str(), r.error().message.c_str()); continue; }
      auto& v = r.value();
      int iters = 0; bool conv = true;
      for (auto& f : v.folds) if (std::string(f.model) == "logistic") { iters += f.iterations; conv &= f.converged; }
      std::printf("%-14s %-8s acc %.4f logloss %.4f  %.3fs  choice %-13s w_lr %.1f  lrIters %d%s  F1 %.3f\n", name.c_str(),
                  m == CvModel::Logistic ? "logistic" : m == CvModel::Knn ? "knn" : "auto", v.accuracy, v.logLoss, s,
                  v.modelChoice.c_str(), v.models[0].weight, iters, conv ? "" : " NOTCONV", issueF1(v.predProbs, d.y, truth));
    }
  }
  // Synthetic speed case: 100,000 x 20, 5 classes, logistic.
  if (argc == 1 || std::string(argv[1]) == "synth") {
    Rng rng(42);
    const Index n = 100000, dd = 20; const int K = 5;
    RealMatrix X(n, dd); LabelVector y(n);
    RealMatrix centers(K, dd);
    for (Index i = 0; i < centers.size(); ++i) centers.data()[i] = rng.uniform01() * 2 - 1;
    for (Index i = 0; i < n; ++i) {
      y[i] = rng.uniformBelow(K);
      for (Index j = 0; j < dd; ++j) {
        double u1 = rng.uniform01() + 1e-12, u2 = rng.uniform01();
        X(i, j) = centers(y[i], j) + std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
      }
    }
    CvOptions opt; opt.model = CvModel::Logistic;
    const std::clock_t c0 = std::clock();
    auto r = estimateCvPredictedProbabilities(X, y, K, opt);
    const double s = double(std::clock() - c0) / CLOCKS_PER_SEC;
    int iters = 0; for (auto& f : r.value().folds) iters += f.iterations;
    std::printf("synth100k x20 K5 logistic acc %.4f  %.3fs  iters %d\n", r.value().accuracy, s, iters);
  }
}
