#include "labelcheck/noise.hpp"

#include <catch2/catch.hpp>

#include "support/noise.hpp"

using namespace labelcheck;

TEST_CASE("latent estimates from a hand-made confident joint", "[noise]") {
  // 10 rows labeled 0, 10 labeled 1; cj[g][t]: 8 of the 0s look like 0, 2 like 1; all 1s like 1.
  CountMatrix cj(2, 2);
  cj << 8, 2, 0, 10;
  LabelVector labels(20);
  for (Index i = 0; i < 20; ++i) labels[i] = i < 10 ? 0 : 1;
  auto r = estimateLatent(cj, Labels::of(labels));
  REQUIRE(r.ok());
  const auto& l = r.value();
  // noise(g, t) = cj(g, t) / column total: P(given 0 | true 0) = 8/8, P(given 0 | true 1) = 2/12
  CHECK(l.noiseMatrix(0, 0) == Approx(1.0));
  CHECK(l.noiseMatrix(0, 1) == Approx(2.0 / 12));
  // inverse(t, g) = cj(g, t) / row total: P(true 1 | given 0) = 2/10
  CHECK(l.inverseNoiseMatrix(1, 0) == Approx(0.2));
  // cnt: py = inverse diag / noise diag * ps = (0.8/1 * 0.5, 1/(10/12) * 0.5), renormalised
  const double a = 0.8 * 0.5, b = 1.0 / (10.0 / 12.0) * 0.5;
  CHECK(l.py[0] == Approx(a / (a + b)));
  CHECK(l.py.sum() == Approx(1.0));
}

TEST_CASE("every py_method gives a distribution, eqn reports a singular matrix", "[noise]") {
  const auto d = test::makeNoisyData(600, 3, 0.2, 0.7, 9);
  for (const char* m : {"cnt", "eqn", "marginal", "marginal_ps"}) {
    NoiseEstimationOptions o;
    o.pyMethod = parsePyMethod(m).value();
    auto r = estimatePyAndNoiseMatricesFromProbabilities(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o);
    REQUIRE(r.ok());
    INFO(m);
    CHECK(r.value().py.sum() == Approx(1.0));
    for (Index c = 0; c < 3; ++c) CHECK(r.value().noiseMatrix.col(c).sum() == Approx(1.0));
  }
  CountMatrix singular(2, 2);
  singular << 5, 5, 0, 0;  // class 1 never given: noise matrix row of zeros
  LabelVector labels = LabelVector::Zero(10);
  auto r = estimateLatent(singular, Labels::of(labels), {PyMethod::Eqn, false});
  CHECK(r.status() == Status::SingularMatrix);
  CHECK(parsePyMethod("nope").status() == Status::InvalidArgument);
}

TEST_CASE("numLabelIssues counts the off-diagonal rows", "[noise]") {
  const auto d = test::makeNoisyData(1000, 4, 0.15, 0.8, 21);
  auto n = numLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs));
  REQUIRE(n.ok());
  CHECK(n.value() == static_cast<Index>(d.flipped.size()));
  auto c = numLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), NumLabelIssuesMethod::OffDiagonalCalibrated);
  REQUIRE(c.ok());
  CHECK(std::abs(c.value() - n.value()) <= n.value() / 5);
  const LabelVector one = LabelVector::Zero(d.givenLabels.size());
  CHECK(numLabelIssues(Labels::of(one), PredProbs::of(d.predProbs)).status() == Status::TooFewClasses);
}
