// Speed and held-out quality of GradientBoostedTrees (on demand; results in bench/README.md).
//
//   labelcheck_gbdt_bench                              synthetic blobs: one fit + 5-fold CV
//   labelcheck_gbdt_bench --rows 100000 --cols 20 --classes 5 --noise 0.1 --rounds 100 --repeat 3
//   labelcheck_gbdt_bench --csv DATA --fold-file FOLDS --out PROBS   (bench/gbdt_vs_sklearn.py)
//
// Synthetic data, in the spirit of bench/pipeline.bench.mjs: K Gaussian centres in D dimensions
// (standard normal), each row a centre plus 1.5 x standard normal noise, and `noise` of the labels
// flipped to another class uniformly. Reported: one fit on the first 80% of the rows with early
// stopping off (exactly `rounds` rounds) and on (the default), then stratified 5-fold CV (fit on
// 4/5, predict 1/5, five times) with default parameters: wall time, CPU time, and the log loss
// and accuracy of the out-of-fold probabilities against the given labels.
//
// File mode reads a numeric CSV (header; first column the label as an integer 0..K-1, the
// others features, empty = missing), one fold index per line, runs the CV on those folds with
// default parameters and writes "p_0,...,p_{K-1}" per row.
//
// A plain main (no Google Benchmark) so that the same file builds with em++ for a WebAssembly
// check; see bench/README.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/cross_validation.hpp"
#include "labelcheck/gbdt.hpp"
#include "labelcheck/random.hpp"

using namespace labelcheck;

namespace {

struct Data {
  RealMatrix X;
  LabelVector y;
  int K = 0;
};

double gauss(Rng& rng) {
  const double u = rng.uniform01(), v = rng.uniform01();
  return std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(2.0 * M_PI * v);
}

Data blobs(Index rows, Index cols, int classes, double noise, uint64_t seed) {
  Rng rng(seed);
  RealMatrix centres(classes, cols);
  for (Index i = 0; i < centres.size(); ++i) centres.data()[i] = gauss(rng);
  Data d;
  d.K = classes;
  d.X.resize(rows, cols);
  d.y.resize(rows);
  for (Index i = 0; i < rows; ++i) {
    const int c = static_cast<int>(rng.uniformBelow(static_cast<uint64_t>(classes)));
    for (Index j = 0; j < cols; ++j) d.X(i, j) = centres(c, j) + 1.5 * gauss(rng);
    int given = c;
    if (rng.uniform01() < noise) given = (c + 1 + static_cast<int>(rng.uniformBelow(classes - 1))) % classes;
    d.y[i] = given;
  }
  return d;
}

bool readCsv(const std::string& path, Data& d) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);
  std::vector<double> values;
  std::vector<int32_t> labels;
  Index cols = -1;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Index c = 0;
    const char* s = line.c_str();
    labels.push_back(static_cast<int32_t>(std::strtol(s, nullptr, 10)));
    for (const char* q = std::strchr(s, ','); q; q = std::strchr(q + 1, ',')) {
      const char* v = q + 1;
      values.push_back(*v == ',' || *v == '\0' ? NAN : std::strtod(v, nullptr));
      ++c;
    }
    if (cols < 0) cols = c;
    if (c != cols) return false;
  }
  d.X = Eigen::Map<RealMatrix>(values.data(), static_cast<Index>(labels.size()), cols);
  d.y = Eigen::Map<LabelVector>(labels.data(), static_cast<Index>(labels.size()));
  d.K = 1 + *std::max_element(labels.begin(), labels.end());
  return true;
}

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double wallSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
  double cpuSeconds() const { return double(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

struct CvOutcome {
  RealMatrix proba;
  double wall = 0, cpu = 0;
  std::vector<int> iterations;
};

CvOutcome crossValidate(const Data& d, const std::vector<int32_t>& foldOf, int folds, const GbdtParams& params) {
  CvOutcome r;
  r.proba = RealMatrix::Zero(d.X.rows(), d.K);
  Clock clock;
  for (int f = 0; f < folds; ++f) {
    std::vector<Index> train, test;
    for (Index i = 0; i < d.X.rows(); ++i) (foldOf[static_cast<size_t>(i)] == f ? test : train).push_back(i);
    GradientBoostedTrees model(params);
    Outcome o = model.fit(d.X, d.y, d.K, &train);
    if (!o.ok()) {
      std::fprintf(stderr, "fit failed: %s\n", o.error().message.c_str());
      std::exit(1);
    }
    const RealMatrix p = model.predictProba(d.X, &test);
    for (size_t i = 0; i < test.size(); ++i) r.proba.row(test[i]) = p.row(static_cast<Index>(i));
    r.iterations.push_back(model.iterations());
  }
  r.wall = clock.wallSeconds();
  r.cpu = clock.cpuSeconds();
  return r;
}

void quality(const RealMatrix& p, const LabelVector& y, double& logLoss, double& accuracy) {
  logLoss = 0;
  accuracy = 0;
  for (Index i = 0; i < p.rows(); ++i) {
    logLoss -= std::log(std::max(p(i, y[i]), 1e-15));
    Index arg;
    p.row(i).maxCoeff(&arg);
    accuracy += arg == y[i];
  }
  logLoss /= double(p.rows());
  accuracy /= double(p.rows());
}

// Peak resident memory so far in MB (Linux; 0 where /proc is missing, e.g. under Node).
double peakRssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0.0;
}

std::string arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string csv = arg(argc, argv, "--csv", "");
  if (!csv.empty()) {
    Data d;
    if (!readCsv(csv, d)) return std::fprintf(stderr, "cannot read %s\n", csv.c_str()), 1;
    std::ifstream in(arg(argc, argv, "--fold-file", ""));
    std::vector<int32_t> foldOf;
    int folds = 0;
    for (int f; in >> f;) {
      foldOf.push_back(f);
      folds = std::max(folds, f + 1);
    }
    if (Index(foldOf.size()) != d.X.rows()) return std::fprintf(stderr, "fold file: wrong row count\n"), 1;
    GbdtParams params;
    params.validationFraction = std::atof(arg(argc, argv, "--validation-fraction", "0.1").c_str());
    const CvOutcome r = crossValidate(d, foldOf, folds, params);
    FILE* out = std::fopen(arg(argc, argv, "--out", "/dev/stdout").c_str(), "w");
    for (Index i = 0; i < r.proba.rows(); ++i)
      for (Index k = 0; k < r.proba.cols(); ++k) std::fprintf(out, k + 1 < r.proba.cols() ? "%.17g," : "%.17g\n", r.proba(i, k));
    std::fclose(out);
    std::printf("{\"wall\":%.4f,\"cpu\":%.4f,\"iterations\":[", r.wall, r.cpu);
    for (size_t i = 0; i < r.iterations.size(); ++i) std::printf(i ? ",%d" : "%d", r.iterations[i]);
    std::printf("]}\n");
    return 0;
  }

  const Index rows = std::atol(arg(argc, argv, "--rows", "100000").c_str());
  const Index cols = std::atol(arg(argc, argv, "--cols", "20").c_str());
  const int classes = std::atoi(arg(argc, argv, "--classes", "5").c_str());
  const double noise = std::atof(arg(argc, argv, "--noise", "0.1").c_str());
  const int rounds = std::atoi(arg(argc, argv, "--rounds", "100").c_str());
  const int repeat = std::atoi(arg(argc, argv, "--repeat", "1").c_str());
  const bool skipCv = arg(argc, argv, "--cv", "on") == "off";
  const Data d = blobs(rows, cols, classes, noise, 12345);
  std::printf("data: %lld x %lld, %d classes, %.0f%% flipped\n", (long long)rows, (long long)cols, classes, noise * 100);

  std::vector<Index> train, test;
  for (Index i = 0; i < rows; ++i) (i < rows * 4 / 5 ? train : test).push_back(i);
  const double rssBefore = peakRssMb();
  const int esRuns = arg(argc, argv, "--es", "both") == "off" ? 1 : 2;
  for (int es = 0; es < esRuns; ++es) {
    GbdtParams params;
    params.maxIter = rounds;
    params.validationFraction = es ? 0.1 : 0.0;
    double best = 1e300, bestCpu = 1e300;
    GradientBoostedTrees model(params);
    for (int rep = 0; rep < repeat; ++rep) {
      Clock clock;
      Outcome o = model.fit(d.X, d.y, d.K, &train);
      if (!o.ok()) return std::fprintf(stderr, "fit failed: %s\n", o.error().message.c_str()), 1;
      best = std::min(best, clock.wallSeconds());
      bestCpu = std::min(bestCpu, clock.cpuSeconds());
    }
    Clock clock;
    const RealMatrix p = model.predictProba(d.X, &test);
    const double predictWall = clock.wallSeconds();
    LabelVector yt(Index(test.size()));
    for (size_t i = 0; i < test.size(); ++i) yt[Index(i)] = d.y[test[i]];
    double ll, acc;
    quality(p, yt, ll, acc);
    std::printf("fit on %zu rows, early stopping %s: %d rounds, best of %d: %.3f s wall, %.3f s cpu; "
                "predict %zu rows: %.3f s; held-out log loss %.4f, accuracy %.4f\n",
                train.size(), es ? "on" : "off", model.iterations(), repeat, best, bestCpu, test.size(), predictWall, ll, acc);
    if (es == 0 && rssBefore > 0)
      std::printf("peak memory growth during the fit: %.1f MB (X itself: %.1f MB)\n", peakRssMb() - rssBefore,
                  double(d.X.size()) * 8 / 1e6);
  }
  if (skipCv) return 0;
  auto folds = stratifiedKFold(d.y, d.K, 5, 0);
  if (!folds.ok()) return 1;
  const CvOutcome r = crossValidate(d, folds.value(), 5, GbdtParams{});
  double ll, acc;
  quality(r.proba, d.y, ll, acc);
  std::printf("5-fold CV, default parameters: %.3f s wall, %.3f s cpu; rounds per fold:", r.wall, r.cpu);
  for (int it : r.iterations) std::printf(" %d", it);
  std::printf("; out-of-fold log loss %.4f, accuracy %.4f\n", ll, acc);
  return 0;
}
