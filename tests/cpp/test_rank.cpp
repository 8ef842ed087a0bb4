#include "labelcheck/rank.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace labelcheck;

namespace {
const LabelVector kLabels = (LabelVector(3) << 0, 1, 2).finished();
const RealMatrix kProbs = (RealMatrix(3, 3) << 0.7, 0.2, 0.1,  //
                           0.5, 0.25, 0.25,                     //
                           0.0, 0.0, 1.0)
                              .finished();
}  // namespace

TEST_CASE("self_confidence and normalized_margin by hand", "[rank]") {
  auto sc = getLabelQualityScores(Labels::of(kLabels), PredProbs::of(kProbs));
  REQUIRE(sc.ok());
  CHECK(sc.value()[0] == 0.7);
  CHECK(sc.value()[1] == 0.25);
  CHECK(sc.value()[2] == 1.0);
  auto nm = getLabelQualityScores(Labels::of(kLabels), PredProbs::of(kProbs), {ScoreMethod::NormalizedMargin});
  REQUIRE(nm.ok());
  CHECK(nm.value()[0] == Approx((0.7 - 0.2 + 1) / 2));
  CHECK(nm.value()[1] == Approx((0.25 - 0.5 + 1) / 2));
  CHECK(nm.value()[2] == Approx(1.0));
}

TEST_CASE("confidence_weighted_entropy by hand", "[rank]") {
  auto cwe = getLabelQualityScores(Labels::of(kLabels), PredProbs::of(kProbs), {ScoreMethod::ConfidenceWeightedEntropy});
  REQUIRE(cwe.ok());
  const double h = -(0.7 * std::log(0.7) + 0.2 * std::log(0.2) + 0.1 * std::log(0.1)) / std::log(3.0);
  const double s = h / 0.7;
  CHECK(cwe.value()[0] == Approx(std::log(s + 1) / s).epsilon(1e-12));
  CHECK(cwe.value()[2] == 0.0);  // zero entropy: log(1) / 1e-6
}

TEST_CASE("adjusted probabilities and the entropy restrictions", "[rank][errors]") {
  ScoreOptions o{ScoreMethod::SelfConfidence, true};
  auto adjusted = getLabelQualityScores(Labels::of(kLabels), PredProbs::of(kProbs), o);
  REQUIRE(adjusted.ok());
  // thresholds are the given-label probabilities (one row per class): 0.7, 0.25, 1.0
  CHECK(adjusted.value()[0] == Approx((0.7 - 0.7 + 1.0) / ((0.7 - 0.7 + 1) + (0.2 - 0.25 + 1) + (0.1 - 1 + 1))));
  o.method = ScoreMethod::ConfidenceWeightedEntropy;
  CHECK(getLabelQualityScores(Labels::of(kLabels), PredProbs::of(kProbs), o).status() == Status::Unsupported);
  RealMatrix slightlyOver = kProbs;
  slightlyOver(2, 2) = 1.0 + 1e-7;  // accepted by validation, rejected by the entropy
  CHECK(getLabelQualityScores(Labels::of(kLabels), PredProbs::of(slightlyOver), {ScoreMethod::ConfidenceWeightedEntropy})
            .status() == Status::ProbabilityOutOfRange);
}

TEST_CASE("orderLabelIssues ranks flagged rows, lowest score first, ties by row", "[rank]") {
  const LabelVector labels = (LabelVector(4) << 0, 0, 1, 1).finished();
  const RealMatrix probs = (RealMatrix(4, 2) << 0.4, 0.6, 0.9, 0.1, 0.6, 0.4, 0.6, 0.4).finished();
  auto r = orderLabelIssues({1, 1, 1, 1}, Labels::of(labels), PredProbs::of(probs));
  REQUIRE(r.ok());
  // self-confidence: 0.4, 0.9, 0.4, 0.4 -> the three 0.4 rows in row order, then row 1
  CHECK(r.value()[0] == 0);
  CHECK(r.value()[1] == 2);
  CHECK(r.value()[2] == 3);
  CHECK(r.value()[3] == 1);
  CHECK(orderLabelIssues({1, 1}, Labels::of(labels), PredProbs::of(probs)).status() == Status::ShapeMismatch);
}

TEST_CASE("NaN scores are ordered last, as numpy does", "[rank]") {
  // One class: confidence_weighted_entropy divides by log(1) = 0, so every score is NaN.
  const LabelVector zeros = LabelVector::Zero(3);
  const RealMatrix one = RealMatrix::Ones(3, 1);
  auto r = orderLabelIssues({1, 1, 1}, Labels::of(zeros), PredProbs::of(one), {ScoreMethod::ConfidenceWeightedEntropy});
  REQUIRE(r.ok());
  CHECK(r.value()[0] == 0);
  CHECK(r.value()[1] == 1);
  CHECK(r.value()[2] == 2);
}
