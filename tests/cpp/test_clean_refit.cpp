// Clean, then refit (clean_refit.hpp) and the cross-validation options it rests on
// (excludeFromTraining, fixedWeights): left-out rows never train a model but are still
// predicted out-of-sample, pass 2 is pass 1's composition exactly, progress only moves forward.
#include "labelcheck/clean_refit.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "labelcheck/logistic_regression.hpp"
#include "support/models_datasets.hpp"

using namespace labelcheck;

namespace {
// Blobs with every `every`-th row's label moved to the next class.
test::ModelsData noisyBlobs(Index n, int K, Index every, uint64_t seed, double spread = 2.5) {
  test::ModelsData d = test::makeBlobs(n, 3, K, spread, seed);
  for (Index i = 0; i < n; i += every) d.y[i] = (d.y[i] + 1) % K;
  return d;
}

double f1(const std::vector<uint8_t>& flagged, Index n, Index every) {
  double hits = 0, count = 0;
  for (Index i = 0; i < n; ++i) {
    count += flagged[i];
    hits += flagged[i] && i % every == 0;
  }
  const double truth = static_cast<double>((n + every - 1) / every);
  const double p = count > 0 ? hits / count : 0, r = hits / truth;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
}  // namespace

TEST_CASE("CV: left-out rows train no model but are still predicted out-of-sample", "[cv][refit]") {
  const test::ModelsData d = noisyBlobs(300, 3, 7, 21);
  std::vector<uint8_t> out(300, 0);
  for (Index i = 0; i < 300; i += 4) out[i] = 1;
  CvOptions opt;
  opt.model = CvModel::Logistic;
  opt.repeats = 1;
  opt.excludeFromTraining = out;
  const CvResult r = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();

  // Every row, left out or not, equals a model fitted on its fold's other rows minus the left-out ones.
  for (int f = 0; f < r.nFolds; ++f) {
    const test::FoldSplit s = test::splitFold(d, r.foldOf, f, out);
    LogisticRegression lr(opt.logistic);
    REQUIRE(lr.fit(s.xTrain, s.yTrain, 3).ok());
    const RealMatrix p = lr.predictProba(s.xTest);
    for (size_t j = 0; j < s.test.size(); ++j) CHECK(r.predProbs.row(s.test[j]) == p.row(static_cast<Index>(j)));
  }

  // Moving the left-out rows anywhere changes no other row's probabilities (kNN too, with one
  // k: a blend's weights are chosen on every row, the left-out ones included).
  opt.knnScales = {1};
  for (CvModel m : {CvModel::Logistic, CvModel::Knn}) {
    opt.model = m;
    test::ModelsData moved = d;
    for (Index i = 0; i < 300; ++i)
      if (out[i]) moved.X.row(i).setConstant(0.5);
    const RealMatrix a = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value().predProbs;
    const RealMatrix b = estimateCvPredictedProbabilities(moved.X, moved.y, 3, opt).value().predProbs;
    Index changed = 0;
    for (Index i = 0; i < 300; ++i) {
      if (!out[i]) CHECK(a.row(i) == b.row(i));
      else changed += a.row(i) != b.row(i);
    }
    CHECK(changed > 0);  // they are predicted from their own features
  }
}

TEST_CASE("CV: leaving out nothing or everything trains on all rows, bad options fail", "[cv][refit]") {
  const test::ModelsData d = noisyBlobs(120, 2, 9, 5);
  const RealMatrix all = estimateCvPredictedProbabilities(d.X, d.y, 2).value().predProbs;
  CvOptions opt;
  opt.excludeFromTraining.assign(120, 0);
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, opt).value().predProbs == all);
  opt.excludeFromTraining.assign(120, 1);
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, opt).value().predProbs == all);
  opt.excludeFromTraining.assign(119, 0);
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, opt).error().status == Status::ShapeMismatch);
  CvOptions w;
  w.model = CvModel::Logistic;
  w.fixedWeights = {-1.0};
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, w).error().status == Status::InvalidArgument);
  w.fixedWeights = {0.0};
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, w).error().status == Status::InvalidArgument);
  w.fixedWeights = {0.5, 0.5};  // one model, two weights
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 2, w).error().status == Status::ShapeMismatch);
}

TEST_CASE("CV: fixed blend weights are used as given", "[cv][refit]") {
  const test::ModelsData d = noisyBlobs(200, 3, 6, 9);
  CvOptions opt;
  const CvResult chosen = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();
  REQUIRE(chosen.models.size() == 3);  // small data: logistic, knn and gbdt all fit the budget
  REQUIRE(chosen.componentWeights.size() == 4);  // logistic, knn at k = 10 and 20, gbdt
  opt.fixedWeights = {0.3, 0.2, 0.5, 0.0};
  const CvResult r = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();
  REQUIRE(r.models.size() == 3);
  CHECK(r.models[0].weight == Approx(0.3).epsilon(1e-12));
  CHECK(r.models[1].weight == Approx(0.7).epsilon(1e-12));
  CHECK(r.models[2].weight == 0.0);
  CHECK(r.modelChoice == "logistic+knn");
  CHECK(r.componentWeights[2] == Approx(0.5).epsilon(1e-12));
  // Unnormalised weights are normalised.
  opt.fixedWeights = {2.0, 0.0, 0.0, 0.0};
  const CvResult l = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();
  CHECK(l.modelChoice == "logistic");
  opt.fixedWeights.clear();
  opt.model = CvModel::Logistic;
  CHECK(l.predProbs == estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value().predProbs);
}

TEST_CASE("clean, then refit: pass 2 is pass 1's issues left out, same blend", "[refit]") {
  const test::ModelsData d = noisyBlobs(400, 3, 8, 13);
  const FindLabelIssuesOptions fo;
  const CvOptions cv;
  const CleanRefitResult r = cleanThenRefit(d.X, d.y, 3, cv, fo).value();
  CHECK(cleanThenRefit(d.X, d.y, 3, cv, fo).value().cv.predProbs == r.cv.predProbs);  // deterministic

  const CvResult pass1 = estimateCvPredictedProbabilities(d.X, d.y, 3, cv).value();
  const LabelIssues issues = findLabelIssues(Labels::of(d.y), PredProbs::of(pass1.predProbs), fo).value();
  CHECK(r.excludedRows == issues.indices.size());
  REQUIRE(r.excludedRows > 0);
  CHECK(r.modelChoice == pass1.modelChoice);
  REQUIRE(r.models.size() == pass1.models.size());
  for (size_t m = 0; m < r.models.size(); ++m) CHECK(r.models[m].weight == pass1.models[m].weight);

  CvOptions second = cv;
  second.excludeFromTraining = issues.isLabelIssue;
  int weighted = 0;
  for (const CvModelScore& m : pass1.models) weighted += m.weight > 0;
  if (weighted > 1) second.fixedWeights = pass1.componentWeights;
  else
    for (const CvModelScore& m : pass1.models)
      if (m.weight > 0) second.model = parseCvModel(m.name).value();
  if (weighted == 1 && second.model == CvModel::Knn)  // its scales' weights: components 1 and 2
    second.fixedWeights.assign(pass1.componentWeights.begin() + 1, pass1.componentWeights.begin() + 3);
  const CvResult pass2 = estimateCvPredictedProbabilities(d.X, d.y, 3, second).value();
  CHECK(r.cv.predProbs == pass2.predProbs);
  CHECK(r.cv.predProbs != pass1.predProbs);

}

// [quality]: a claim about F1 over many draws, whose code paths the other [refit] cases run too;
// the optimised native build checks it (CTest), the checked builds leave it out
// (scripts/catch2-shards.sh).
TEST_CASE("clean, then refit: finds flipped labels better than one pass on noisy blobs", "[refit][quality]") {
  // Three 3-D blobs, every 8th label moved to the next class; over 10 draws (seeds 1..10) the
  // refit's mean F1 was 0.950 against 0.932 for one pass with logistic regression and kNN; the
  // blend with trees and three kNN scales leaves less to gain (about 0.946 -> 0.948). A refit
  // that ignored the left-out rows would tie exactly.
  double onePass = 0, refit = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const test::ModelsData d = noisyBlobs(400, 3, 8, seed, 4.0);
    const CvResult pass1 = estimateCvPredictedProbabilities(d.X, d.y, 3).value();
    onePass += f1(findLabelIssues(Labels::of(d.y), PredProbs::of(pass1.predProbs), {}).value().isLabelIssue, 400, 8);
    const CleanRefitResult r = cleanThenRefit(d.X, d.y, 3, {}, {}).value();
    refit += f1(findLabelIssues(Labels::of(d.y), PredProbs::of(r.cv.predProbs), {}).value().isLabelIssue, 400, 8);
  }
  INFO("mean F1 one pass " << onePass / 10 << ", refit " << refit / 10);
  CHECK(refit > onePass);
}

TEST_CASE("clean, then refit: nothing flagged means one pass, progress only moves forward", "[refit]") {
  const test::ModelsData clean = test::makeBlobs(150, 2, 2, 20.0, 3);  // far apart, no noise
  std::vector<Progress> seen;
  CvOptions cv;
  cv.repeats = 1;
  cv.onProgress = [&](const Progress& p) {
    seen.push_back(p);
    return true;
  };
  const CleanRefitResult r = cleanThenRefit(clean.X, clean.y, 2, cv, {}).value();
  CHECK(r.excludedRows == 0);
  CvOptions quiet = cv;
  quiet.onProgress = nullptr;
  CHECK(r.cv.predProbs == estimateCvPredictedProbabilities(clean.X, clean.y, 2, quiet).value().predProbs);
  REQUIRE(!seen.empty());
  CHECK(seen.back().done == seen.back().total);

  const test::ModelsData d = noisyBlobs(200, 3, 5, 4);
  seen.clear();
  const CleanRefitResult n = cleanThenRefit(d.X, d.y, 3, cv, {}).value();
  REQUIRE(n.excludedRows > 0);
  REQUIRE(seen.size() > 12);
  for (size_t i = 1; i < seen.size(); ++i) {
    CHECK(std::string(seen[i].stage) == "crossValidation");
    CHECK(double(seen[i].done) / seen[i].total >= double(seen[i - 1].done) / seen[i - 1].total);
  }
  CHECK(seen.back().done == seen.back().total);

  int calls = 0;
  cv.onProgress = [&](const Progress&) { return ++calls < 14; };  // cancel inside pass 2
  CHECK(cleanThenRefit(d.X, d.y, 3, cv, {}).status() == Status::Cancelled);
}
