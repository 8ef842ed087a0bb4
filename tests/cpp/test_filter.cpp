#include "labelcheck/filter.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "support/noise.hpp"

using namespace labelcheck;

namespace {
double recallOf(const std::vector<Index>& truth, const IndexVector& flagged) {
  Index hits = 0;
  for (Index i : truth) hits += std::find(flagged.data(), flagged.data() + flagged.size(), i) != flagged.data() + flagged.size();
  return static_cast<double>(hits) / static_cast<double>(truth.size());
}
}  // namespace

TEST_CASE("flipped labels under a good model are found", "[filter]") {
  const auto d = test::makeNoisyData(2000, 5, 0.1, 0.8, 11);
  for (const char* name : {"prune_by_noise_rate", "prune_by_class", "both", "confident_learning", "predicted_neq_given"}) {
    FindLabelIssuesOptions o;
    o.filterBy = parseFilterBy(name).value();
    auto r = findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o);
    REQUIRE(r.ok());
    INFO(name);
    // The model always prefers the true class, so every flip is found and nothing else.
    CHECK(recallOf(d.flipped, r.value().indices) == 1.0);
    CHECK(r.value().indices.size() == static_cast<Index>(d.flipped.size()));
  }
}

TEST_CASE("mask and indices agree, ranking orders by score", "[filter]") {
  const auto d = test::makeNoisyData(500, 3, 0.2, 0.6, 3);
  FindLabelIssuesOptions o;
  o.rankBy = ScoreMethod::SelfConfidence;
  auto r = findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o);
  REQUIRE(r.ok());
  const auto& issues = r.value();
  Index flagged = 0;
  for (uint8_t m : issues.isLabelIssue) flagged += m;
  CHECK(flagged == issues.indices.size());
  for (Index i = 1; i < issues.indices.size(); ++i) {
    const Index a = issues.indices[i - 1], b = issues.indices[i];
    CHECK(d.predProbs(a, d.givenLabels[a]) <= d.predProbs(b, d.givenLabels[b]));
  }
}

TEST_CASE("frac_noise flags fewer rows, min_examples_per_class protects small classes", "[filter]") {
  const auto d = test::makeNoisyData(1000, 4, 0.2, 0.6, 5);
  FindLabelIssuesOptions all, half;
  half.fracNoise = 0.5;
  auto a = findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), all);
  auto h = findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), half);
  REQUIRE(a.ok());
  REQUIRE(h.ok());
  CHECK(h.value().indices.size() < a.value().indices.size());
  FindLabelIssuesOptions protect;
  protect.minExamplesPerClass = 1000;  // every class has fewer rows: nothing may be flagged
  auto p = findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), protect);
  REQUIRE(p.ok());
  CHECK(p.value().indices.size() == 0);
}

TEST_CASE("option errors", "[filter][errors]") {
  const auto d = test::makeNoisyData(100, 3, 0.1, 0.7, 1);
  FindLabelIssuesOptions o;
  o.fracNoise = 0;
  CHECK(findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o).status() == Status::InvalidArgument);
  o = {};
  o.filterBy = FilterBy::ConfidentLearning;
  o.numToRemovePerClass = {1, 1, 1};
  CHECK(findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o).status() == Status::InvalidArgument);
  o = {};
  o.numToRemovePerClass = {1, 1};
  CHECK(findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o).status() == Status::ShapeMismatch);
  o = {};
  o.rankBy = ScoreMethod::ConfidenceWeightedEntropy;
  o.adjustPredProbs = true;
  CHECK(findLabelIssues(Labels::of(d.givenLabels), PredProbs::of(d.predProbs), o).status() == Status::Unsupported);
  CHECK(parseFilterBy("prune").status() == Status::InvalidArgument);
}

TEST_CASE("one class: all-zero labels are accepted, any other single class is not", "[filter][errors]") {
  const RealMatrix probs = (RealMatrix(3, 2) << 0.9, 0.1, 0.2, 0.8, 0.6, 0.4).finished();
  const LabelVector zeros = LabelVector::Zero(3);
  auto r = findLabelIssues(Labels::of(zeros), PredProbs::of(probs));
  REQUIRE(r.ok());
  const LabelVector ones = LabelVector::Ones(3);
  CHECK(findLabelIssues(Labels::of(ones), PredProbs::of(probs)).status() == Status::TooFewClasses);
}

TEST_CASE("one class and one probability column: predicted_neq_given rejects it, as cleanlab does", "[filter][errors]") {
  // cleanlab's find_predicted_neq_given checks its inputs without allow_one_class.
  const RealMatrix probs = RealMatrix::Ones(4, 1);
  const LabelVector zeros = LabelVector::Zero(4);
  FindLabelIssuesOptions o;
  o.filterBy = FilterBy::PredictedNeqGiven;
  Result<LabelIssues> r = findLabelIssues(Labels::of(zeros), PredProbs::of(probs), o);
  REQUIRE(r.status() == Status::TooFewClasses);
  CHECK(r.error().message == "labels must contain at least 2 classes");
  for (FilterBy f : {FilterBy::LowNormalizedMargin, FilterBy::LowSelfConfidence}) {
    o.filterBy = f;
    CHECK(findLabelIssues(Labels::of(zeros), PredProbs::of(probs), o).status() == Status::TooFewClasses);
  }
}
