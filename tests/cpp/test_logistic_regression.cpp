// Multinomial logistic regression: optimality against an independent solver, gradient by finite
// differences, probabilities, absent classes, sparse = dense, determinism, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "labelcheck/logistic_regression.hpp"
#include "support/models_datasets.hpp"

using namespace labelcheck;

namespace {

// A 1-D binary problem with overlapping classes (so the optimum is finite without the penalty).
struct Binary1d {
  RealMatrix X;
  LabelVector y;
  Binary1d() {
    const double xs[] = {-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 0.2};
    const int ys[] = {0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0};
    X.resize(12, 1);
    y.resize(12);
    for (int i = 0; i < 12; ++i) {
      X(i, 0) = xs[i];
      y[i] = ys[i];
    }
  }
};

// Independent reference: with two classes the multinomial optimum has W = [-w/2, w/2], so it is
// binary logistic regression in (w, b) with penalty w^2 / (4C). Solved here by plain Newton.
void binaryNewton(const Binary1d& d, double C, double& w, double& b) {
  w = 0.0;
  b = 0.0;
  for (int it = 0; it < 100; ++it) {
    double gw = w / (2.0 * C), gb = 0.0, hww = 1.0 / (2.0 * C), hwb = 0.0, hbb = 0.0;
    for (Index i = 0; i < d.X.rows(); ++i) {
      const double x = d.X(i, 0);
      const double p = 1.0 / (1.0 + std::exp(-(w * x + b)));
      gw += (p - d.y[i]) * x;
      gb += p - d.y[i];
      const double s = p * (1.0 - p);
      hww += s * x * x;
      hwb += s * x;
      hbb += s;
    }
    const double det = hww * hbb - hwb * hwb;
    w -= (hbb * gw - hwb * gb) / det;
    b -= (hww * gb - hwb * gw) / det;
  }
}

}  // namespace

TEST_CASE("LR: 1-D binary optimum matches an independent Newton solution", "[lr]") {
  const Binary1d d;
  for (double C : {0.1, 1.0, 10.0}) {
    LogisticRegressionParams p;
    p.C = C;
    p.tol = 1e-10;
    p.maxIter = 500;
    LogisticRegression lr(p);
    REQUIRE(lr.fit(d.X, d.y, 2).ok());
    CHECK(lr.converged());
    double w, b;
    binaryNewton(d, C, w, b);
    CHECK(lr.coefficients()(0, 1) - lr.coefficients()(0, 0) == Approx(w).epsilon(1e-6));
    CHECK(lr.coefficients()(0, 1) == Approx(-lr.coefficients()(0, 0)).epsilon(1e-6));
    CHECK(lr.intercepts()[1] - lr.intercepts()[0] == Approx(b).epsilon(1e-6).margin(1e-7));
    RealMatrix q(3, 1);
    q << -1.0, 0.3, 2.5;
    const RealMatrix prob = lr.predictProba(q);
    for (Index i = 0; i < 3; ++i)
      CHECK(prob(i, 1) == Approx(1.0 / (1.0 + std::exp(-(w * q(i, 0) + b)))).epsilon(1e-6));
  }
}

TEST_CASE("LR: gradient of the objective matches finite differences", "[lr]") {
  const test::ModelsData d = test::makeBlobs(60, 4, 3, 1.5, 7);
  Rng rng(3);
  RealMatrix W(4, 3);
  RealVector b(3);
  for (Index i = 0; i < W.size(); ++i) W.data()[i] = rng.uniform01() - 0.5;
  for (Index i = 0; i < 3; ++i) b[i] = rng.uniform01() - 0.5;
  RealMatrix gW;
  RealVector gb;
  const double C = 0.7;
  logisticObjective(d.X, d.y, W, b, C, &gW, &gb);
  const double h = 1e-6;
  for (Index i = 0; i < W.size(); ++i) {
    RealMatrix Wp = W, Wm = W;
    Wp.data()[i] += h;
    Wm.data()[i] -= h;
    const double fd = (logisticObjective(d.X, d.y, Wp, b, C) - logisticObjective(d.X, d.y, Wm, b, C)) / (2 * h);
    CHECK(gW.data()[i] == Approx(fd).epsilon(1e-6).margin(1e-7));
  }
  for (Index i = 0; i < 3; ++i) {
    RealVector bp = b, bm = b;
    bp[i] += h;
    bm[i] -= h;
    const double fd = (logisticObjective(d.X, d.y, W, bp, C) - logisticObjective(d.X, d.y, W, bm, C)) / (2 * h);
    CHECK(gb[i] == Approx(fd).epsilon(1e-6).margin(1e-7));
  }
}

TEST_CASE("LR: fitted parameters satisfy the first-order condition", "[lr]") {
  const test::ModelsData d = test::makeBlobs(200, 5, 4, 1.0, 11);
  LogisticRegressionParams p;
  p.tol = 1e-9;
  p.maxIter = 1000;
  LogisticRegression lr(p);
  REQUIRE(lr.fit(d.X, d.y, 4).ok());
  REQUIRE(lr.converged());
  RealMatrix gW;
  RealVector gb;
  const double f = logisticObjective(d.X, d.y, lr.coefficients(), lr.intercepts(), p.C, &gW, &gb);
  CHECK(f == Approx(lr.objective()).epsilon(1e-10));
  // The sum's gradient is N times the mean's; 1e-7 per row is where the objective stops
  // changing in double precision (the solver then stops on relative decrease).
  CHECK(gW.cwiseAbs().maxCoeff() <= 200 * 1e-7);
  CHECK(gb.cwiseAbs().maxCoeff() <= 200 * 1e-7);
}

TEST_CASE("LR: probabilities are valid, separable data is classified", "[lr]") {
  const test::ModelsData d = test::makeBlobs(300, 3, 3, 6.0, 5);
  LogisticRegression lr;
  REQUIRE(lr.fit(d.X, d.y, 3).ok());
  const RealMatrix p = lr.predictProba(d.X);
  REQUIRE(p.rows() == 300);
  REQUIRE(p.cols() == 3);
  int hits = 0;
  for (Index i = 0; i < p.rows(); ++i) {
    CHECK(p.row(i).sum() == Approx(1.0).epsilon(1e-12));
    CHECK(p.row(i).minCoeff() >= 0.0);
    Index best;
    p.row(i).maxCoeff(&best);
    hits += best == d.y[i];
  }
  CHECK(hits >= 295);
}

TEST_CASE("LR: a class absent from training keeps its column with probability 0", "[lr]") {
  test::ModelsData d = test::makeBlobs(90, 2, 3, 4.0, 9);
  for (Index i = 0; i < d.y.size(); ++i)
    if (d.y[i] == 2) d.y[i] = 3;  // classes 0, 1, 3 of K = 4; class 2 absent
  LogisticRegression lr;
  REQUIRE(lr.fit(d.X, d.y, 4).ok());
  CHECK(lr.converged());
  const RealMatrix p = lr.predictProba(d.X);
  REQUIRE(p.cols() == 4);
  CHECK(p.col(2).cwiseAbs().maxCoeff() == 0.0);
  CHECK(lr.coefficients().col(2).cwiseAbs().maxCoeff() == 0.0);
  for (Index i = 0; i < p.rows(); ++i) CHECK(p.row(i).sum() == Approx(1.0));

  // A single class present: probability 1 for it.
  LabelVector one = LabelVector::Constant(90, 1);
  REQUIRE(lr.fit(d.X, one, 3).ok());
  const RealMatrix q = lr.predictProba(d.X);
  CHECK(q.col(1).minCoeff() == 1.0);
  CHECK(q.col(0).maxCoeff() == 0.0);
}

TEST_CASE("LR: sparse rows give the dense solution", "[lr]") {
  test::ModelsData d = test::makeBlobs(120, 6, 3, 2.0, 21);
  for (Index i = 0; i < d.X.size(); ++i)
    if (std::abs(d.X.data()[i]) < 0.8) d.X.data()[i] = 0.0;  // make it actually sparse
  SparseRows s;
  s.nCols = 6;
  for (Index i = 0; i < d.X.rows(); ++i) {
    for (Index j = 5; j >= 0; --j)  // columns unsorted within the row on purpose
      if (d.X(i, j) != 0.0) {
        s.values.push_back(d.X(i, j));
        s.cols.push_back(static_cast<int32_t>(j));
      }
    s.rowPtr.push_back(static_cast<int64_t>(s.values.size()));
  }
  LogisticRegressionParams p;
  p.tol = 1e-10;
  LogisticRegression dense(p), sparse(p);
  REQUIRE(dense.fit(d.X, d.y, 3).ok());
  REQUIRE(sparse.fit(s, d.y, 3).ok());
  const RealMatrix pd = dense.predictProba(d.X), ps = sparse.predictProba(s);
  CHECK((pd - ps).cwiseAbs().maxCoeff() < 1e-7);
}

TEST_CASE("LR: deterministic, and a warm start reaches the same optimum", "[lr]") {
  const test::ModelsData d = test::makeBlobs(400, 8, 5, 1.0, 13);
  LogisticRegression a, b;
  REQUIRE(a.fit(d.X, d.y, 5).ok());
  REQUIRE(b.fit(d.X, d.y, 5).ok());
  CHECK(a.coefficients() == b.coefficients());
  CHECK(a.predictProba(d.X) == b.predictProba(d.X));

  LogisticRegression warm;
  warm.setWarmStart(a.coefficients() * 0.9, a.intercepts());
  REQUIRE(warm.fit(d.X, d.y, 5).ok());
  CHECK(warm.iterations() < a.iterations());
  CHECK((warm.predictProba(d.X) - a.predictProba(d.X)).cwiseAbs().maxCoeff() < 1e-3);
}

TEST_CASE("LR: invalid input is reported, not crashed on", "[lr]") {
  const test::ModelsData d = test::makeBlobs(20, 2, 2, 1.0, 1);
  LogisticRegressionParams bad;
  bad.C = 0.0;
  CHECK(LogisticRegression(bad).fit(d.X, d.y, 2).error().status == Status::InvalidArgument);
  LogisticRegression lr;
  CHECK(lr.fit(d.X, d.y.head(10), 2).error().status == Status::ShapeMismatch);
  LabelVector y = d.y;
  y[3] = 2;
  const Outcome out = lr.fit(d.X, y, 2);
  CHECK(out.error().status == Status::LabelOutOfRange);
  CHECK(out.error().row == 3);
  RealMatrix X = d.X;
  X(4, 1) = std::nan("");
  CHECK(lr.fit(X, d.y, 2).error().status == Status::NonFiniteValue);
  CHECK(lr.fit(RealMatrix(0, 2), LabelVector(0), 2).error().status == Status::EmptyInput);
  CHECK(lr.predictProba(d.X).size() == 0);  // never fitted successfully
}
