// Gradient-boosted trees: accuracy where the answer is known (separable blobs, a feature whose
// missingness is the class, XOR), probabilities, determinism, `rows` = a copied subset, absent
// classes, the binary path, early stopping, tree limits, and every failure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>


#include "labelcheck/gbdt.hpp"
#include "labelcheck/logistic_regression.hpp"
#include "labelcheck/random.hpp"
#include "support/models_datasets.hpp"

using namespace labelcheck;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool sameBits(const RealMatrix& a, const RealMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<size_t>(a.size())) == 0;
}

double accuracy(const RealMatrix& p, const LabelVector& y) {
  double hits = 0;
  for (Index i = 0; i < p.rows(); ++i) {
    Index arg;
    p.row(i).maxCoeff(&arg);
    hits += arg == y[i];
  }
  return hits / static_cast<double>(p.rows());
}

double logLoss(const RealMatrix& p, const LabelVector& y) {
  double s = 0;
  for (Index i = 0; i < p.rows(); ++i) s -= std::log(std::max(p(i, y[i]), 1e-15));
  return s / static_cast<double>(p.rows());
}

void checkProbabilities(const RealMatrix& p, Index n, Index K) {
  REQUIRE(p.rows() == n);
  REQUIRE(p.cols() == K);
  for (Index i = 0; i < n; ++i) {
    for (Index k = 0; k < K; ++k) REQUIRE((p(i, k) >= 0.0 && p(i, k) <= 1.0));
    REQUIRE(p.row(i).sum() == Approx(1.0).margin(1e-12));
  }
}

// Even rows train, odd rows test (makeBlobs sorts rows by class).
struct Split {
  RealMatrix Xtrain, Xtest;
  LabelVector ytrain, ytest;
};
Split evenOdd(const RealMatrix& X, const LabelVector& y) {
  Split s;
  const Index n = X.rows(), half = (n + 1) / 2;
  s.Xtrain.resize(half, X.cols());
  s.Xtest.resize(n - half, X.cols());
  s.ytrain.resize(half);
  s.ytest.resize(n - half);
  for (Index i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      s.Xtrain.row(i / 2) = X.row(i);
      s.ytrain[i / 2] = y[i];
    } else {
      s.Xtest.row(i / 2) = X.row(i);
      s.ytest[i / 2] = y[i];
    }
  }
  return s;
}

// Two features uniform in [-1, 1]; the class is whether they have the same sign (XOR): no
// straight line separates it.
void makeXor(Index n, uint64_t seed, RealMatrix& X, LabelVector& y) {
  Rng rng(seed);
  X.resize(n, 2);
  y.resize(n);
  for (Index i = 0; i < n; ++i) {
    X(i, 0) = rng.uniform01() * 2 - 1;
    X(i, 1) = rng.uniform01() * 2 - 1;
    y[i] = (X(i, 0) > 0) == (X(i, 1) > 0) ? 1 : 0;
  }
}

}  // namespace

TEST_CASE("gbdt: separable blobs are learned almost perfectly", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(1200, 4, 3, 10.0, 7);
  const Split s = evenOdd(d.X, d.y);
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(s.Xtrain, s.ytrain, d.K).ok());
  const RealMatrix p = gbdt.predictProba(s.Xtest);
  checkProbabilities(p, s.Xtest.rows(), d.K);
  CHECK(accuracy(p, s.ytest) >= 0.99);
  CHECK(logLoss(p, s.ytest) < 0.05);
}

TEST_CASE("gbdt: probabilities are a distribution over K classes, rows sum to 1", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(600, 3, 4, 1.5, 3);  // overlapping classes
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(d.X, d.y, d.K).ok());
  checkProbabilities(gbdt.predictProba(d.X), d.X.rows(), d.K);
  CHECK(gbdt.iterations() >= 1);
  CHECK(gbdt.iterations() <= gbdt.params().maxIter);
}

TEST_CASE("gbdt: the same inputs give bit-identical probabilities, the seed changes the model", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(3000, 5, 3, 1.0, 11);
  GbdtParams params;
  params.maxIter = 40;
  GradientBoostedTrees a(params), b(params);
  REQUIRE(a.fit(d.X, d.y, d.K).ok());
  REQUIRE(b.fit(d.X, d.y, d.K).ok());
  REQUIRE(a.validationRows() > 0);
  CHECK(sameBits(a.predictProba(d.X), b.predictProba(d.X)));
  // A copy shares the fitted model and predicts the same.
  const GradientBoostedTrees copy = a;
  CHECK(sameBits(copy.predictProba(d.X), a.predictProba(d.X)));

  params.seed = 1;  // another early-stopping slice
  GradientBoostedTrees c(params);
  REQUIRE(c.fit(d.X, d.y, d.K).ok());
  CHECK_FALSE(sameBits(a.predictProba(d.X), c.predictProba(d.X)));
}

TEST_CASE("gbdt: fitting on `rows` is bit-identical to fitting on a copy of those rows", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(2500, 4, 3, 1.2, 5);
  RealMatrix X = d.X;
  for (Index i = 0; i < X.rows(); i += 17) X(i, 1) = kNaN;  // missing values take the same path
  std::vector<Index> rows;
  for (Index i = X.rows() - 1; i >= 0; --i)
    if (i % 5 != 2) rows.push_back(i);  // a subset, in reverse order
  RealMatrix Xcopy(static_cast<Index>(rows.size()), X.cols());
  LabelVector ycopy(static_cast<Index>(rows.size()));
  for (size_t q = 0; q < rows.size(); ++q) {
    Xcopy.row(static_cast<Index>(q)) = X.row(rows[q]);
    ycopy[static_cast<Index>(q)] = d.y[rows[q]];
  }
  GbdtParams params;
  params.maxIter = 30;
  GradientBoostedTrees viaRows(params), viaCopy(params);
  REQUIRE(viaRows.fit(X, d.y, d.K, &rows).ok());
  REQUIRE(viaCopy.fit(Xcopy, ycopy, d.K).ok());
  CHECK(viaRows.iterations() == viaCopy.iterations());
  CHECK(sameBits(viaRows.predictProba(X), viaCopy.predictProba(X)));

  // predictProba on `rows` = on a copy of those rows.
  std::vector<Index> test;
  for (Index i = 0; i < X.rows(); i += 5) test.push_back(i);
  RealMatrix Xtest(static_cast<Index>(test.size()), X.cols());
  for (size_t q = 0; q < test.size(); ++q) Xtest.row(static_cast<Index>(q)) = X.row(test[q]);
  CHECK(sameBits(viaRows.predictProba(X, &test), viaRows.predictProba(Xtest)));
}

TEST_CASE("gbdt: missing values are routed natively", "[gbdt]") {
  // Feature 0 is missing exactly for class 1, otherwise noise; feature 1 is noise.
  Rng rng(21);
  const Index n = 2000;
  RealMatrix X(n, 2);
  LabelVector y(n);
  for (Index i = 0; i < n; ++i) {
    y[i] = static_cast<int32_t>(rng.uniformBelow(2));
    X(i, 0) = y[i] == 1 ? kNaN : rng.uniform01();
    X(i, 1) = rng.uniform01();
  }
  const Split s = evenOdd(X, y);
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(s.Xtrain, s.ytrain, 2).ok());
  const RealMatrix p = gbdt.predictProba(s.Xtest);
  checkProbabilities(p, s.Xtest.rows(), 2);
  CHECK(accuracy(p, s.ytest) == 1.0);

  SECTION("a feature without missing values in training sends them to the larger side") {
    // Class 0 is x < 0.3 (30% of the rows), class 1 the rest: missing goes with class 1.
    RealMatrix Xc(n, 1);
    LabelVector yc(n);
    for (Index i = 0; i < n; ++i) {
      Xc(i, 0) = rng.uniform01();
      yc[i] = Xc(i, 0) < 0.3 ? 0 : 1;
    }
    GradientBoostedTrees m;
    REQUIRE(m.fit(Xc, yc, 2).ok());
    RealMatrix q(1, 1);
    q(0, 0) = kNaN;
    const RealMatrix pq = m.predictProba(q);
    checkProbabilities(pq, 1, 2);
    CHECK(pq(0, 1) > 0.9);
  }
}

TEST_CASE("gbdt: infinite values at prediction fall in the outer bins", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(800, 1, 2, 10.0, 2);
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(d.X, d.y, 2).ok());
  const double lowClassCentre = d.X(0, 0), highClassCentre = d.X(d.X.rows() - 1, 0);
  RealMatrix q(2, 1);
  q(0, 0) = -std::numeric_limits<double>::infinity();
  q(1, 0) = std::numeric_limits<double>::infinity();
  const RealMatrix p = gbdt.predictProba(q);
  checkProbabilities(p, 2, 2);
  const int lowClass = lowClassCentre < highClassCentre ? 0 : 1;
  CHECK(p(0, lowClass) > 0.9);
  CHECK(p(1, 1 - lowClass) > 0.9);
}

TEST_CASE("gbdt: classes absent from the training rows get probability exactly 0", "[gbdt]") {
  test::ModelsData d = test::makeBlobs(900, 3, 3, 4.0, 9);
  for (Index i = 0; i < d.y.size(); ++i)
    if (d.y[i] == 2) d.y[i] = 4;  // classes 0, 1, 4 of K = 5
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(d.X, d.y, 5).ok());
  const RealMatrix p = gbdt.predictProba(d.X);
  checkProbabilities(p, d.X.rows(), 5);
  CHECK((p.col(2).array() == 0.0).all());
  CHECK((p.col(3).array() == 0.0).all());
  CHECK(accuracy(p, d.y) > 0.95);
  for (const GbdtTreeStats& t : gbdt.treeStats()) CHECK((t.classIndex == 0 || t.classIndex == 1 || t.classIndex == 4));

  SECTION("one present class: probability 1 for it, no trees") {
    LabelVector one = LabelVector::Constant(d.y.size(), 3);
    GradientBoostedTrees m;
    REQUIRE(m.fit(d.X, one, 5).ok());
    const RealMatrix q = m.predictProba(d.X);
    checkProbabilities(q, d.X.rows(), 5);
    CHECK((q.col(3).array() == 1.0).all());
    CHECK(m.iterations() == 0);
    CHECK(m.treeStats().empty());
  }
}

TEST_CASE("gbdt: two classes use one logistic tree per round", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(1000, 2, 2, 10.0, 4);
  const Split s = evenOdd(d.X, d.y);
  GbdtParams params;
  params.maxIter = 25;
  params.validationFraction = 0;
  GradientBoostedTrees gbdt(params);
  REQUIRE(gbdt.fit(s.Xtrain, s.ytrain, 2).ok());
  CHECK(gbdt.iterations() == 25);
  const std::vector<GbdtTreeStats> stats = gbdt.treeStats();
  REQUIRE(stats.size() == 25);  // one tree per round
  for (size_t t = 0; t < stats.size(); ++t) {
    CHECK(stats[t].round == static_cast<int>(t));
    CHECK(stats[t].classIndex == 1);
  }
  const RealMatrix p = gbdt.predictProba(s.Xtest);
  checkProbabilities(p, s.Xtest.rows(), 2);
  CHECK(accuracy(p, s.ytest) > 0.95);

  SECTION("two present classes of K = 4 take the same path, the others get 0") {
    LabelVector y4 = s.ytrain;
    for (Index i = 0; i < y4.size(); ++i) y4[i] = y4[i] == 0 ? 1 : 3;
    GradientBoostedTrees m(params);
    REQUIRE(m.fit(s.Xtrain, y4, 4).ok());
    CHECK(m.treeStats().size() == 25);
    const RealMatrix q = m.predictProba(s.Xtest);
    checkProbabilities(q, s.Xtest.rows(), 4);
    CHECK((q.col(0).array() == 0.0).all());
    CHECK((q.col(2).array() == 0.0).all());
    CHECK((q.col(1).array() == p.col(0).array()).all());  // same model, columns moved
    CHECK((q.col(3).array() == p.col(1).array()).all());
  }
}

TEST_CASE("gbdt: early stopping stops on pure noise and keeps going on clean data", "[gbdt]") {
  Rng rng(8);
  const Index n = 3000;
  RealMatrix X(n, 5);
  LabelVector noise(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < 5; ++j) X(i, j) = rng.uniform01();
    noise[i] = static_cast<int32_t>(rng.uniformBelow(3));
  }
  GradientBoostedTrees onNoise;
  REQUIRE(onNoise.fit(X, noise, 3).ok());
  CHECK(onNoise.validationRows() == 299);  // floor(0.1 * n_c) per class
  CHECK(onNoise.earlyStopped());
  CHECK(onNoise.iterations() < 10);
  CHECK(onNoise.validationLoss().size() == static_cast<size_t>(onNoise.iterations() + 10 + 1));

  // Well separated blobs: every round still lowers the validation loss.
  const test::ModelsData clean = test::makeBlobs(n, 4, 3, 10.0, 3);
  GradientBoostedTrees onClean;
  REQUIRE(onClean.fit(clean.X, clean.y, 3).ok());
  CHECK(onClean.validationRows() > 0);
  CHECK_FALSE(onClean.earlyStopped());
  CHECK(onClean.iterations() == onClean.params().maxIter);
  CHECK(onClean.validationLoss().back() < 0.01);

  SECTION("a slice below the minimum switches early stopping off") {
    GradientBoostedTrees small;
    REQUIRE(small.fit(X.topRows(90), noise.head(90), 3).ok());  // at most 9 rows < 10
    CHECK(small.validationRows() == 0);
    CHECK(small.validationLoss().empty());
    CHECK_FALSE(small.earlyStopped());
  }
}

TEST_CASE("gbdt: trees respect maxLeafNodes, minSamplesLeaf and maxDepth", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(4000, 6, 3, 1.0, 13);
  GbdtParams params;
  params.maxIter = 10;
  params.validationFraction = 0;
  for (int leaves : {2, 7, 31}) {
    for (int minLeaf : {1, 20, 300}) {
      params.maxLeafNodes = leaves;
      params.minSamplesLeaf = minLeaf;
      GradientBoostedTrees gbdt(params);
      REQUIRE(gbdt.fit(d.X, d.y, d.K).ok());
      const std::vector<GbdtTreeStats> stats = gbdt.treeStats();
      REQUIRE(stats.size() == static_cast<size_t>(10 * d.K));
      int most = 0;
      for (const GbdtTreeStats& t : stats) {
        CHECK(t.leaves <= leaves);
        CHECK(t.minLeafRows >= minLeaf);
        most = std::max(most, t.leaves);
      }
      // 4000 rows of overlapping blobs fill the trees unless the leaves cannot all be that big.
      if (leaves * minLeaf * 2 <= 4000) CHECK(most == leaves);
      CHECK(most <= 4000 / minLeaf);
    }
  }
  params.maxLeafNodes = 31;
  params.minSamplesLeaf = 5;
  params.maxDepth = 3;
  GradientBoostedTrees shallow(params);
  REQUIRE(shallow.fit(d.X, d.y, d.K).ok());
  for (const GbdtTreeStats& t : shallow.treeStats()) {
    CHECK(t.depth <= 3);
    CHECK(t.leaves <= 8);
  }
}

TEST_CASE("gbdt: many classes on wide rows (roots built tree by tree)", "[gbdt]") {
  // 30 classes x 200 features of ~255 bins: the round's root histograms would exceed the
  // one-pass budget, so each tree builds its own root; the model must not care.
  const test::ModelsData d = test::makeBlobs(1500, 200, 30, 3.0, 12);
  GbdtParams params;
  params.maxIter = 3;
  params.minSamplesLeaf = 5;
  params.validationFraction = 0;
  GradientBoostedTrees gbdt(params);
  REQUIRE(gbdt.fit(d.X, d.y, d.K).ok());
  CHECK(gbdt.treeStats().size() == 3 * 30);
  const RealMatrix p = gbdt.predictProba(d.X);
  checkProbabilities(p, d.X.rows(), d.K);
  CHECK(accuracy(p, d.y) > 0.9);
}

TEST_CASE("gbdt: beats logistic regression on a non-linear (XOR) problem", "[gbdt]") {
  RealMatrix X, Xtest;
  LabelVector y, ytest;
  makeXor(2000, 1, X, y);
  makeXor(2000, 2, Xtest, ytest);
  GradientBoostedTrees gbdt;
  REQUIRE(gbdt.fit(X, y, 2).ok());
  LogisticRegression lr;
  REQUIRE(lr.fit(X, y, 2).ok());
  const double gbdtLoss = logLoss(gbdt.predictProba(Xtest), ytest);
  const double lrLoss = logLoss(lr.predictProba(Xtest), ytest);
  CHECK(lrLoss > 0.65);  // no better than a coin
  CHECK(gbdtLoss < 0.25);
  CHECK(accuracy(gbdt.predictProba(Xtest), ytest) > 0.95);
}

TEST_CASE("gbdt: few distinct values, constant and all-missing features", "[gbdt]") {
  Rng rng(17);
  const Index n = 400;
  RealMatrix X(n, 4);
  LabelVector y(n);
  for (Index i = 0; i < n; ++i) {
    y[i] = static_cast<int32_t>(rng.uniformBelow(2));
    X(i, 0) = 5.0;                                    // constant
    X(i, 1) = kNaN;                                   // always missing
    X(i, 2) = static_cast<double>(y[i] * 2 + (rng.uniform01() < 0.1 ? 1 : 0));  // 4 values
    X(i, 3) = rng.uniform01() < 0.5 ? -1e300 : 1e300;  // extreme but finite
  }
  GbdtParams params;
  for (int bins : {2, 3, 4, 255}) {
    params.maxBins = bins;
    GradientBoostedTrees gbdt(params);
    REQUIRE(gbdt.fit(X, y, 2).ok());
    const RealMatrix p = gbdt.predictProba(X);
    checkProbabilities(p, n, 2);
    // With 4 bins or more feature 2 keeps its 4 values apart; with fewer, quantile bins may
    // merge a value of class 0 with those of class 1.
    if (bins >= 4) CHECK(accuracy(p, y) == 1.0);
    else CHECK(accuracy(p, y) > 0.85);
  }

  SECTION("no features at all: the priors (of all rows, without a slice)") {
    RealMatrix none(n, 0);
    GbdtParams noSlice;
    noSlice.validationFraction = 0;
    GradientBoostedTrees gbdt(noSlice);
    REQUIRE(gbdt.fit(none, y, 2).ok());
    const RealMatrix p = gbdt.predictProba(none);
    checkProbabilities(p, n, 2);
    CHECK(gbdt.iterations() == 0);
    CHECK(p(0, 1) == Approx(y.cast<double>().mean()).epsilon(1e-12));
  }
}

TEST_CASE("gbdt: invalid input is reported with the right status", "[gbdt]") {
  const test::ModelsData d = test::makeBlobs(200, 2, 2, 3.0, 1);
  auto statusOf = [&](const GbdtParams& p, int K = 2) {
    GradientBoostedTrees g(p);
    Outcome o = g.fit(d.X, d.y, K);
    CHECK_FALSE(g.fitted());
    return o.ok() ? Status::Ok : o.error().status;
  };
  GbdtParams p;
  CHECK(statusOf(p, 0) == Status::InvalidArgument);
  for (auto change : std::vector<void (*)(GbdtParams&)>{
           [](GbdtParams& q) { q.maxIter = 0; }, [](GbdtParams& q) { q.learningRate = 0; },
           [](GbdtParams& q) { q.learningRate = std::numeric_limits<double>::infinity(); },
           [](GbdtParams& q) { q.maxLeafNodes = 1; }, [](GbdtParams& q) { q.maxDepth = -1; },
           [](GbdtParams& q) { q.minSamplesLeaf = 0; }, [](GbdtParams& q) { q.l2 = -1; },
           [](GbdtParams& q) { q.l2 = kNaN; }, [](GbdtParams& q) { q.maxBins = 1; },
           [](GbdtParams& q) { q.maxBins = 256; }, [](GbdtParams& q) { q.validationFraction = 1.0; },
           [](GbdtParams& q) { q.validationFraction = -0.1; }, [](GbdtParams& q) { q.nIterNoChange = 0; },
           [](GbdtParams& q) { q.tol = -1; }, [](GbdtParams& q) { q.binSampleRows = 0; }}) {
    GbdtParams bad;
    change(bad);
    CHECK(statusOf(bad) == Status::InvalidArgument);
  }

  GradientBoostedTrees g;
  LabelVector shortY = d.y.head(10);
  CHECK(g.fit(d.X, shortY, 2).error().status == Status::ShapeMismatch);
  std::vector<Index> none;
  CHECK(g.fit(d.X, d.y, 2, &none).error().status == Status::EmptyInput);
  CHECK(g.fit(RealMatrix(0, 2), LabelVector(0), 2).error().status == Status::EmptyInput);
  std::vector<Index> outside = {0, 1, 200};
  Outcome o = g.fit(d.X, d.y, 2, &outside);
  CHECK(o.error().status == Status::InvalidArgument);
  CHECK(o.error().row == 2);

  LabelVector bad = d.y;
  bad[7] = 2;
  o = g.fit(d.X, bad, 2);
  CHECK(o.error().status == Status::LabelOutOfRange);
  CHECK(o.error().row == 7);
  std::vector<Index> from5 = {5, 6, 7, 8};
  CHECK(g.fit(d.X, bad, 2, &from5).error().row == 2);  // the position among `rows`

  RealMatrix inf = d.X;
  inf(3, 1) = -std::numeric_limits<double>::infinity();
  o = g.fit(inf, d.y, 2);
  CHECK(o.error().status == Status::NonFiniteValue);
  CHECK(o.error().row == 3);
  RealMatrix nan = d.X;
  nan(3, 1) = kNaN;
  CHECK(g.fit(nan, d.y, 2).ok());  // NaN is missing, not an error

  GradientBoostedTrees unfitted;
  CHECK(unfitted.predictProba(d.X).size() == 0);
  CHECK(g.predictProba(RealMatrix(3, 5)).size() == 0);  // wrong column count
  std::vector<Index> badRows = {0, -1};
  CHECK(g.predictProba(d.X, &badRows).size() == 0);
  CHECK(g.fit(d.X, bad, 2).error().status == Status::LabelOutOfRange);
  CHECK(g.predictProba(d.X).size() == 0);  // a failed fit leaves no model
}

// The same model bits on every platform. The data come from Rng and arithmetic only (no libm,
// whose last bits differ between systems). The constants were produced natively (g++ 12 -O3,
// x86-64) and are equal under clang++ 14 and g++ with -march=native (FMA available), the
// scalar fallback (-U__SSE2__), and em++ 3.1.6 with and without -msimd128 run under Node.
// Failing elsewhere means determinism broke there; failing after a change to the method means
// the model changed: check quality (bench/gbdt_vs_sklearn.py), then update the constants.
TEST_CASE("gbdt: golden probabilities, bit for bit", "[gbdt]") {
  Rng rng(2026);
  const Index n = 4000, D = 6;
  RealMatrix X(n, D);
  LabelVector y(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < D; ++j) {
      const double u = rng.uniform01();
      X(i, j) = (j == 2 && u < 0.15) ? kNaN : (u - 0.5) * (u + 0.25 * double(j)) * 8.0;
    }
    const double x2 = std::isnan(X(i, 2)) ? 1.0 : X(i, 2);
    const double s = X(i, 0) + x2 - X(i, 4) * X(i, 1) * 0.5;
    y[i] = s > 0.8 ? 2 : (s > -0.8 ? 1 : 0);
    if (rng.uniform01() < 0.1) y[i] = static_cast<int32_t>(rng.uniformBelow(3));
  }
  auto fnv1a = [](const RealMatrix& p) {
    uint64_t h = 1469598103934665603ull;
    const unsigned char* b = reinterpret_cast<const unsigned char*>(p.data());
    for (size_t i = 0; i < sizeof(double) * size_t(p.size()); ++i) {
      h ^= b[i];
      h *= 1099511628211ull;
    }
    return h;
  };
  GbdtParams params;
  params.maxIter = 50;
  GradientBoostedTrees softmax(params), logistic(params);
  REQUIRE(softmax.fit(X, y, 3).ok());
  CHECK(softmax.iterations() == 28);
  CHECK(softmax.earlyStopped());
  CHECK(fnv1a(softmax.predictProba(X)) == 0x9a7d02fc8f0b73e8ull);
  LabelVector y2(n);
  for (Index i = 0; i < n; ++i) y2[i] = y[i] == 2;
  REQUIRE(logistic.fit(X, y2, 2).ok());
  CHECK(logistic.iterations() == 50);
  CHECK(fnv1a(logistic.predictProba(X)) == 0x4b3ddb483664f3c1ull);
}
