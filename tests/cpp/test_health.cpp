#include "labelcheck/health.hpp"

#include <catch2/catch.hpp>

#include "support/noise.hpp"

using namespace labelcheck;

TEST_CASE("class table and overlaps from a hand-made joint", "[health]") {
  RealMatrix joint(3, 3);
  joint << 0.3, 0.05, 0.0,  //
      0.05, 0.25, 0.0,      //
      0.0, 0.1, 0.25;
  const auto classes = rankClassesByLabelQuality(joint, 100);
  REQUIRE(classes.size() == 3);
  // class 2: given mass 0.35, off-diagonal 0.1 -> noise 0.1/0.35, the worst; listed first
  CHECK(classes[0].classIndex == 2);
  CHECK(classes[0].labelIssues == 10);
  CHECK(classes[0].labelNoise == Approx(0.1 / 0.35));
  CHECK(classes[0].labelQualityScore == Approx(1 - 0.1 / 0.35));
  const auto sym = findOverlappingClasses(joint, 100, false);
  REQUIRE(sym.size() == 3);
  CHECK(((sym[0].classIndexA == 1 && sym[0].classIndexB == 2) || (sym[0].classIndexA == 0 && sym[0].classIndexB == 1)));
  CHECK(sym[0].jointProbability == Approx(0.1));
  CHECK(findOverlappingClasses(joint, 100, true).size() == 6);
}

TEST_CASE("health summary of clean and noisy data", "[health]") {
  const auto clean = test::makeNoisyData(800, 4, 0.0, 0.8, 2);
  const auto noisy = test::makeNoisyData(800, 4, 0.25, 0.8, 2);
  auto a = healthSummary(Labels::of(clean.givenLabels), PredProbs::of(clean.predProbs));
  auto b = healthSummary(Labels::of(noisy.givenLabels), PredProbs::of(noisy.predProbs));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value().overallLabelHealthScore == 1.0);
  CHECK(b.value().overallLabelHealthScore == Approx(1.0 - noisy.flipped.size() / 800.0));
  CHECK(b.value().joint.sum() == Approx(1.0));
  CHECK(b.value().classesByLabelQuality.size() == 4);
  CHECK(b.value().overlappingClasses.size() == 6);
}
