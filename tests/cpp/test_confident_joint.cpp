#include "labelcheck/confident_joint.hpp"

#include <catch2/catch.hpp>

#include "support/noise.hpp"

using namespace labelcheck;

namespace {
// Six rows, three classes, worked by hand below.
const LabelVector kLabels = (LabelVector(6) << 0, 0, 1, 1, 2, 2).finished();
const RealMatrix kProbs = (RealMatrix(6, 3) << 0.8, 0.1, 0.1,   //
                           0.2, 0.7, 0.1,                        // labeled 0, looks like 1
                           0.1, 0.8, 0.1,                        //
                           0.1, 0.6, 0.3,                        //
                           0.1, 0.1, 0.8,                        //
                           0.3, 0.3, 0.4)
                              .finished();
}  // namespace

TEST_CASE("thresholds are per-class mean self-confidence", "[cj]") {
  auto t = getConfidentThresholds(Labels::of(kLabels), PredProbs::of(kProbs));
  REQUIRE(t.ok());
  CHECK(t.value()[0] == Approx((0.8 + 0.2) / 2));
  CHECK(t.value()[1] == Approx((0.8 + 0.6) / 2));
  CHECK(t.value()[2] == Approx((0.8 + 0.4) / 2));
}

TEST_CASE("an absent class gets threshold 2 and is never confident", "[cj]") {
  const LabelVector labels = (LabelVector(3) << 0, 0, 1).finished();
  const RealMatrix probs = (RealMatrix(3, 3) << 0.5, 0.2, 0.3, 0.6, 0.1, 0.3, 0.1, 0.8, 0.1).finished();
  auto t = getConfidentThresholds(Labels::of(labels), PredProbs::of(probs));
  REQUIRE(t.ok());
  CHECK(t.value()[2] == 2.0);
}

TEST_CASE("the confident joint counts rows by given label and confident class", "[cj]") {
  // thresholds 0.5, 0.7, 0.6. Row 1 (given 0): p1 = 0.7 >= 0.7 - 1e-6, only class 1 -> cj[0][1].
  // Row 3 (given 1): no class reaches its threshold -> not counted. Row 5 (given 2): none.
  ConfidentJointOptions o;
  o.calibrate = false;
  o.returnIndicesOfOffDiagonals = true;
  auto cj = computeConfidentJoint(Labels::of(kLabels), PredProbs::of(kProbs), o);
  REQUIRE(cj.ok());
  CountMatrix expected(3, 3);
  expected << 1, 1, 0,  //
      0, 1, 0,          //
      0, 0, 1;
  CHECK(cj.value().joint == expected);
  CHECK(cj.value().offDiagonalRows == std::vector<Index>{1});
}

TEST_CASE("calibration keeps each row's total equal to the class count", "[cj]") {
  auto cj = computeConfidentJoint(Labels::of(kLabels), PredProbs::of(kProbs));
  REQUIRE(cj.ok());
  const CountMatrix& m = cj.value().joint;
  CHECK(m.row(0).sum() == 2);
  CHECK(m.row(1).sum() == 2);
  CHECK(m.row(2).sum() == 2);
  CHECK(m.sum() == 6);
}

TEST_CASE("float32 and float64 probabilities give the same joint on well separated data", "[cj]") {
  const auto d = test::makeNoisyData(600, 4, 0.1, 0.7, 7);
  const RowMatrix<float> probs32 = d.predProbs.cast<float>();
  auto a = computeConfidentJoint(Labels::of(d.givenLabels), PredProbs::of(d.predProbs));
  auto b = computeConfidentJoint(Labels::of(d.givenLabels), PredProbs::of(probs32));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value().joint == b.value().joint);
}

TEST_CASE("the estimated joint sums to one", "[cj]") {
  auto joint = estimateJoint(Labels::of(kLabels), PredProbs::of(kProbs));
  REQUIRE(joint.ok());
  CHECK(joint.value().sum() == Approx(1.0));
}

TEST_CASE("bad inputs are errors, not crashes", "[cj][errors]") {
  const LabelVector shortLabels = (LabelVector(2) << 0, 1).finished();
  CHECK(computeConfidentJoint(Labels::of(shortLabels), PredProbs::of(kProbs)).status() == Status::ShapeMismatch);
  const LabelVector outOfRange = (LabelVector(6) << 0, 0, 1, 1, 2, 3).finished();
  CHECK(computeConfidentJoint(Labels::of(outOfRange), PredProbs::of(kProbs)).status() == Status::LabelOutOfRange);
  const LabelVector negative = (LabelVector(6) << 0, 0, 1, -1, 2, 2).finished();
  CHECK(estimateJoint(Labels::of(negative), PredProbs::of(kProbs)).status() == Status::LabelOutOfRange);
  RealMatrix nan = kProbs;
  nan(4, 1) = std::nan("");
  auto r = getConfidentThresholds(Labels::of(kLabels), PredProbs::of(nan));
  CHECK(r.status() == Status::NonFiniteValue);
  CHECK(r.error().row == 4);
  RealMatrix big = kProbs;
  big(2, 2) = 1.5;
  CHECK(getConfidentThresholds(Labels::of(kLabels), PredProbs::of(big)).status() == Status::ProbabilityOutOfRange);
  big(2, 2) = 1.0 + 5e-7;  // within the documented tolerance
  CHECK(getConfidentThresholds(Labels::of(kLabels), PredProbs::of(big)).ok());
  const LabelVector none(0);
  const RealMatrix empty(0, 3);
  CHECK(computeConfidentJoint(Labels::of(none), PredProbs::of(empty)).status() == Status::EmptyInput);
}
