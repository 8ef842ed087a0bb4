// Stratified K-fold and out-of-sample probabilities: stratification, determinism, small and
// absent classes, cancellation, model choice, and sane accuracy on a real dataset.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "labelcheck/cross_validation.hpp"
#include "labelcheck/cv_plan.hpp"
#include "support/models_datasets.hpp"
#include "support/require_ok.hpp"

using namespace labelcheck;

TEST_CASE("CV: stratified folds are balanced per class and deterministic", "[cv]") {
  // Sorted by class, unequal class sizes.
  const int sizes[] = {50, 23, 7, 120};
  LabelVector y(200);
  Index at = 0;
  for (int c = 0; c < 4; ++c)
    for (int j = 0; j < sizes[c]; ++j) y[at++] = c;
  Result<std::vector<int32_t>> folds = stratifiedKFold(y, 4, 5, 42);
  REQUIRE(folds.ok());
  const std::vector<int32_t>& f = folds.value();
  std::vector<std::vector<int>> count(5, std::vector<int>(4, 0));
  std::vector<int> total(5, 0);
  for (Index i = 0; i < 200; ++i) {
    REQUIRE(f[i] >= 0);
    REQUIRE(f[i] < 5);
    ++count[f[i]][y[i]];
    ++total[f[i]];
  }
  for (int c = 0; c < 4; ++c)
    for (int k = 0; k < 5; ++k) {
      CHECK(count[k][c] >= sizes[c] / 5);
      CHECK(count[k][c] <= (sizes[c] + 4) / 5);
    }
  for (int k = 0; k < 5; ++k) CHECK(total[k] == 40);

  CHECK(stratifiedKFold(y, 4, 5, 42).value() == f);
  CHECK(stratifiedKFold(y, 4, 5, 43).value() != f);
  // Shuffled within class: fold 0 is not simply the first rows of each class.
  CHECK(!(f[0] == 0 && f[5] == 0 && f[10] == 0 && f[15] == 0));
  CHECK(stratifiedKFold(y, 4, 1, 0).error().status == Status::InvalidArgument);
}

TEST_CASE("CV: probabilities are out-of-sample, valid and deterministic", "[cv]") {
  const test::ModelsData d = test::makeBlobs(600, 4, 3, 2.0, 3);
  for (CvModel m : {CvModel::Logistic, CvModel::Knn, CvModel::Auto}) {
    CvOptions opt;
    opt.model = m;
    Result<CvResult> a = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
    Result<CvResult> b = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    const CvResult& r = a.value();
    CHECK(r.predProbs == b.value().predProbs);
    REQUIRE(r.predProbs.rows() == 600);
    REQUIRE(r.predProbs.cols() == 3);
    for (Index i = 0; i < 600; ++i) CHECK(r.predProbs.row(i).sum() == Approx(1.0).epsilon(1e-12));
    CHECK(r.nFolds == 5);
    CHECK(r.accuracy > 0.8);
    CHECK(r.logLoss == Approx(meanLogLoss(r.predProbs, d.y)));
    double weights = 0;
    for (const CvModelScore& s : r.models) weights += s.weight;
    CHECK(weights == Approx(1.0));
  }
  CvOptions other;
  other.seed = 99;
  CHECK(estimateCvPredictedProbabilities(d.X, d.y, 3, other).value().predProbs !=
        estimateCvPredictedProbabilities(d.X, d.y, 3).value().predProbs);
}

TEST_CASE("CV: in place (rows reordered per fold) gives the same bits and restores X", "[cv]") {
  const test::ModelsData d = test::makeBlobs(603, 5, 3, 1.5, 21);  // odd sizes: folds of unequal length
  for (CvModel m : {CvModel::Logistic, CvModel::Knn, CvModel::Auto}) {
    CvOptions opt;
    opt.model = m;
    opt.repeats = 2;
    RealMatrix x = d.X;
    Result<CvResult> copied = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
    Result<CvResult> inPlace = estimateCvPredictedProbabilitiesInPlace(x, d.y, 3, opt);
    REQUIRE(copied.ok());
    REQUIRE(inPlace.ok());
    CHECK(inPlace.value().predProbs == copied.value().predProbs);  // exact, not approximate
    CHECK(inPlace.value().modelChoice == copied.value().modelChoice);
    CHECK(x == d.X);
    // Rows left out of training (clean, then refit): in place must leave them out too.
    opt.excludeFromTraining.assign(static_cast<size_t>(d.X.rows()), 0);
    for (size_t i = 0; i < opt.excludeFromTraining.size(); i += 7) opt.excludeFromTraining[i] = 1;
    Result<CvResult> copiedExcl = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
    Result<CvResult> inPlaceExcl = estimateCvPredictedProbabilitiesInPlace(x, d.y, 3, opt);
    REQUIRE(copiedExcl.ok());
    REQUIRE(inPlaceExcl.ok());
    CHECK(inPlaceExcl.value().predProbs == copiedExcl.value().predProbs);
    CHECK(inPlaceExcl.value().predProbs != copied.value().predProbs);
    CHECK(x == d.X);
  }
  // Cancelled in the middle of the folds: X is back in order too.
  CvOptions cancelling;
  int calls = 0;
  cancelling.onProgress = [&](const Progress&) { return ++calls < 3; };
  RealMatrix x = d.X;
  CHECK(estimateCvPredictedProbabilitiesInPlace(x, d.y, 3, cancelling).error().status == Status::Cancelled);
  CHECK(x == d.X);
}

TEST_CASE("CV: a mislabelled row gets a low probability for its given label", "[cv]") {
  test::ModelsData d = test::makeBlobs(300, 2, 2, 5.0, 8);
  d.y[10] = 1 - d.y[10];  // flip one row
  for (CvModel m : {CvModel::Logistic, CvModel::Knn}) {
    CvOptions opt;
    opt.model = m;
    const CvResult r = estimateCvPredictedProbabilities(d.X, d.y, 2, opt).value();
    CHECK(r.predProbs(10, d.y[10]) < 0.2);
  }
}

TEST_CASE("CV: small and absent classes never crash", "[cv]") {
  test::ModelsData d = test::makeBlobs(100, 3, 2, 3.0, 4);
  d.y[0] = 2;               // a singleton class
  d.y[1] = d.y[2] = d.y[3] = 3;  // a class with fewer rows than folds
  for (CvModel m : {CvModel::Logistic, CvModel::Knn, CvModel::Auto}) {
    CvOptions opt;
    opt.model = m;
    Result<CvResult> r = estimateCvPredictedProbabilities(d.X, d.y, 5, opt);  // class 4: empty
    REQUIRE(r.ok());
    const RealMatrix& p = r.value().predProbs;
    REQUIRE(p.cols() == 5);
    for (Index i = 0; i < p.rows(); ++i) CHECK(p.row(i).sum() == Approx(1.0));
    if (m == CvModel::Logistic) {
      CHECK(p(0, 2) == 0.0);              // its own class never seen in training
      CHECK(p.col(4).maxCoeff() == 0.0);  // empty class
    }
  }

  // Three rows, two classes: folds lowered to the largest class size.
  RealMatrix X(3, 1);
  X << 0, 1, 5;
  LabelVector y(3);
  y << 0, 0, 1;
  Result<CvResult> tiny = estimateCvPredictedProbabilities(X, y, 2);
  REQUIRE(tiny.ok());
  CHECK(tiny.value().nFolds == 2);

  y << 0, 1, 2;
  CHECK(estimateCvPredictedProbabilities(X, y, 3).error().status == Status::TooFewExamplesPerFold);
  y << 1, 1, 1;
  CHECK(estimateCvPredictedProbabilities(X, y, 2).error().status == Status::TooFewClasses);
  CvOptions bad;
  bad.nFolds = 1;
  y << 0, 0, 1;
  CHECK(estimateCvPredictedProbabilities(X, y, 2, bad).error().status == Status::InvalidArgument);
  CHECK(estimateCvPredictedProbabilities(X, y.head(2), 2).error().status == Status::ShapeMismatch);
}

TEST_CASE("CV: progress is reported per unit and false cancels", "[cv]") {
  const test::ModelsData d = test::makeBlobs(200, 3, 3, 2.0, 6);
  std::vector<Progress> seen;
  CvOptions opt;
  opt.model = CvModel::Auto;
  opt.repeats = 1;
  opt.onProgress = [&](const Progress& p) {
    seen.push_back(p);
    return true;
  };
  REQUIRE(estimateCvPredictedProbabilities(d.X, d.y, 3, opt).ok());
  const CvPlan plan = planCrossValidation(d.X, d.y, 3, opt).value();
  REQUIRE(plan.models.size() == 3);
  REQUIRE(plan.units.size() == 11);  // 5 logistic folds, 5 gbdt folds, 1 neighbour range
  REQUIRE(seen.size() == 12);        // start + one per unit
  CHECK(std::string(seen.front().stage) == "crossValidation");
  CHECK(seen.front().done == 0);
  CHECK(seen.back().done == 11);
  CHECK(seen.back().total == 11);
  for (size_t i = 1; i < seen.size(); ++i) {
    const std::string detail = seen[i].detail;
    CHECK((detail == "logistic" || detail == "knn" || detail == "gbdt"));
    CHECK(seen[i].workDone > seen[i - 1].workDone);
    CHECK(seen[i].workTotal == plan.totalCost);
  }
  CHECK(seen.back().workDone == Approx(plan.totalCost));

  int calls = 0;
  opt.onProgress = [&](const Progress& p) {
    ++calls;
    return p.done < 2;
  };
  Result<CvResult> r = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
  CHECK(r.status() == Status::Cancelled);
  CHECK(calls == 3);
}

TEST_CASE("CV: auto adds non-linear models where a linear model cannot work, the budget limits it", "[cv]") {
  // Two rings: class 0 inside radius 1, class 1 between 2 and 3. Not linearly separable.
  Rng rng(5);
  RealMatrix X(400, 2);
  LabelVector y(400);
  for (Index i = 0; i < 400; ++i) {
    y[i] = i % 2;
    const double r = y[i] == 0 ? rng.uniform01() : 2.0 + rng.uniform01();
    const double a = 6.283185307179586 * rng.uniform01();
    X(i, 0) = r * std::cos(a);
    X(i, 1) = r * std::sin(a);
  }
  const CvResult r = estimateCvPredictedProbabilities(X, y, 2).value();
  REQUIRE(r.models.size() == 3);
  CHECK(std::string(r.models[0].name) == "logistic");
  CHECK(r.models[0].weight <= 0.5);
  CHECK(r.accuracy > 0.95);
  CHECK(r.graph.k > 0);  // kNN ran: the graph is kept
  CHECK(r.skipped.empty());

  CvOptions lrOnly;
  lrOnly.budget = 0;  // nothing fits next to logistic regression
  const CvResult l = estimateCvPredictedProbabilities(X, y, 2, lrOnly).value();
  CHECK(l.modelChoice == "logistic");
  CHECK(l.models.size() == 1);
  CHECK(l.skipped.size() == 2);
  CHECK(l.graph.k == 0);
}

TEST_CASE("CV: bit-identical for any number of threads, and for units run apart in any order", "[cv][threads]") {
  const test::ModelsData d = test::makeBlobs(700, 4, 3, 1.5, 31);
  for (CvModel m : {CvModel::Auto, CvModel::Logistic, CvModel::Knn, CvModel::Gbdt}) {
    CvOptions opt;
    opt.model = m;
    opt.repeats = 2;
    const CvResult one = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();
    for (int t : {2, 3, 8, 0}) {
      opt.threads = t;
      const CvResult many = estimateCvPredictedProbabilities(d.X, d.y, 3, opt).value();
      CHECK(many.predProbs == one.predProbs);
      CHECK(many.modelChoice == one.modelChoice);
    }
    opt.threads = 1;
    // Each unit in its own runner ("instance"), last unit first, then combined.
    const CvPlan plan = planCrossValidation(d.X, d.y, 3, opt).value();
    CHECK(plan.fingerprint() == planCrossValidation(d.X, d.y, 3, opt).value().fingerprint());
    std::vector<CvUnitOutput> outputs(plan.units.size());
    for (size_t u = plan.units.size(); u-- > 0;) {
      CvUnitRunner runner(plan, d.X, d.y, opt);
      outputs[u] = runner.run(u).value();
    }
    const CvResult apart = combineCrossValidation(plan, d.X, d.y, opt, std::move(outputs)).value();
    CHECK(apart.predProbs == one.predProbs);
  }
  CvOptions other;
  other.seed = 1;
  CHECK(planCrossValidation(d.X, d.y, 3, other).value().fingerprint() !=
        planCrossValidation(d.X, d.y, 3, CvOptions{}).value().fingerprint());
}

TEST_CASE("CV: kNN read off the neighbour graph equals brute-force kNN on each fold's training rows", "[cv][knn]") {
  test::ModelsData d = test::makeBlobs(500, 3, 4, 1.0, 17);
  for (Index i = 0; i < 20; ++i) d.X.row(100 + i) = d.X.row(i);  // exact duplicates
  CvOptions opt;
  opt.model = CvModel::Knn;
  opt.repeats = 2;
  opt.knnScales = {1};  // one k: no blend of several
  for (int folds : {2, 5, 10}) {
    opt.nFolds = folds;
    const CvPlan plan = planCrossValidation(d.X, d.y, 4, opt).value();
    const CvResult r = estimateCvPredictedProbabilities(d.X, d.y, 4, opt).value();
    RealMatrix expected = RealMatrix::Zero(500, 4);
    for (int rep = 0; rep < plan.repeats; ++rep)
      for (int f = 0; f < plan.nFolds; ++f) {
        const test::FoldSplit s = test::splitFold(d, plan.foldOf[rep], f);
        KnnClassifier knn(opt.knn);
        REQUIRE(knn.fit(s.xTrain, s.yTrain, 4).ok());
        const RealMatrix p = knn.predictProba(s.xTest);
        for (size_t j = 0; j < s.test.size(); ++j) expected.row(s.test[j]) += p.row(static_cast<Index>(j));
      }
    expected /= static_cast<double>(plan.repeats);
    CHECK((r.predProbs - expected).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("CV: held-out blend weights: a fold's rows never choose their own weights", "[cv][blend]") {
  const test::ModelsData d = test::makeBlobs(600, 3, 3, 1.2, 41);
  CvOptions opt;
  opt.repeats = 1;
  const CvPlan plan = planCrossValidation(d.X, d.y, 3, opt).value();
  REQUIRE(plan.runs(CvModel::Gbdt));
  CvUnitRunner runner(plan, d.X, d.y, opt);
  std::vector<CvUnitOutput> outputs(plan.units.size());
  for (size_t u = 0; u < outputs.size(); ++u) outputs[u] = runner.run(u).value();
  std::vector<CvUnitOutput> changed = outputs;
  // The trees become "perfect" on fold 0 only: a blend that peeked would trust them there.
  RealMatrix before, after;  // the trees' probabilities of fold 0's rows
  for (size_t u = 0; u < changed.size(); ++u) {
    const CvUnit& unit = plan.units[u];
    if (unit.model != CvModel::Gbdt || unit.fold != 0) continue;
    before = outputs[u].probs;
    Index j = 0;
    for (Index i = 0; i < 600; ++i)
      if (plan.foldOf[0][i] == 0) {
        changed[u].probs.row(j).setConstant(0.0);
        changed[u].probs(j++, d.y[i]) = 1.0;
      }
    after = changed[u].probs;
  }
  REQUIRE(before.rows() > 0);
  const CvResult a = combineCrossValidation(plan, d.X, d.y, opt, std::move(outputs)).value();
  const CvResult b = combineCrossValidation(plan, d.X, d.y, opt, std::move(changed)).value();
  // Fold 0's rows are blended with the same weights before and after, so each of their changes
  // is the trees' weight times the trees' change: one factor for every row and class.
  double factor = 0, largest = 0;
  Index j = 0;
  for (Index i = 0; i < 600; ++i) {
    if (plan.foldOf[0][i] != 0) continue;
    for (int c = 0; c < 3; ++c) {
      const double dg = after(j, c) - before(j, c);
      if (std::abs(dg) > largest) {
        largest = std::abs(dg);
        factor = (b.predProbs(i, c) - a.predProbs(i, c)) / dg;
      }
    }
    ++j;
  }
  REQUIRE(largest > 0.1);
  j = 0;
  for (Index i = 0; i < 600; ++i) {
    if (plan.foldOf[0][i] != 0) continue;
    for (int c = 0; c < 3; ++c)
      CHECK(b.predProbs(i, c) - a.predProbs(i, c) == Approx(factor * (after(j, c) - before(j, c))).margin(1e-12));
    ++j;
  }
  // The other folds' weights were chosen on rows including fold 0's, so they moved.
  Index otherChanged = 0;
  for (Index i = 0; i < 600; ++i)
    if (plan.foldOf[0][i] != 0) otherChanged += a.predProbs.row(i) != b.predProbs.row(i);
  CHECK(otherChanged > 0);
}

TEST_CASE("CV: iris 5-fold logistic accuracy is about 0.95", "[cv]") {
  test::ModelsData d;
  if (!test::loadNumericDataset("iris.clean.csv", "species", d)) {
    WARN("../shared/datasets/iris.clean.csv not found; skipped");
    return;
  }
  CvOptions opt;
  opt.model = CvModel::Logistic;
  const CvResult r = estimateCvPredictedProbabilities(d.X, d.y, d.K, opt).value();
  CHECK(r.accuracy > 0.93);
  CHECK(r.converged);
}

TEST_CASE("CV: sparse rows run logistic and cosine kNN", "[cv]") {
  // Bag-of-words-like rows: class c uses mostly words 3c..3c+2, plus a shared word.
  Rng rng(12);
  SparseRows s;
  s.nCols = 10;
  LabelVector y(150);
  for (Index i = 0; i < 150; ++i) {
    y[i] = static_cast<int32_t>(i % 3);
    for (int w = 0; w < 3; ++w)
      if (rng.uniform01() < 0.7) {
        s.cols.push_back(3 * y[i] + w);
        s.values.push_back(1.0 + rng.uniform01());
      }
    s.cols.push_back(9);
    s.values.push_back(0.5);
    s.rowPtr.push_back(static_cast<int64_t>(s.values.size()));
  }
  for (CvModel m : {CvModel::Logistic, CvModel::Knn, CvModel::Auto}) {
    CvOptions opt;
    opt.model = m;
    Result<CvResult> r = estimateCvPredictedProbabilities(s, y, 3, opt);
    REQUIRE(r.ok());
    CHECK(r.value().predProbs.rows() == 150);
    CHECK(r.value().accuracy > 0.9);
  }
  s.cols[0] = 10;  // out of range
  CHECK(estimateCvPredictedProbabilities(s, y, 3).error().status == Status::InvalidArgument);
}

TEST_CASE("CV: repeats average several shuffled splits", "[cv]") {
  const test::ModelsData d = test::makeBlobs(200, 3, 3, 2.0, 6);
  CvOptions opt;
  opt.model = CvModel::Logistic;
  opt.repeats = 3;
  int last = 0;
  opt.onProgress = [&](const Progress& p) {
    last = p.total;
    return true;
  };
  auto three = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
  REQUIRE(three.ok());
  CHECK(three.value().repeats == 3);
  CHECK(last == 15);
  opt.repeats = 1;
  auto one = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
  REQUIRE(one.ok());
  CHECK(three.value().predProbs != one.value().predProbs);
  CHECK(three.value().predProbs.rowwise().sum().isApprox(Eigen::VectorXd::Ones(200)));
  opt.repeats = 0;  // automatic: 200 rows -> 5
  auto autoRepeats = estimateCvPredictedProbabilities(d.X, d.y, 3, opt);
  REQUIRE(autoRepeats.ok());
  CHECK(autoRepeats.value().repeats == 5);
}

TEST_CASE("CV: beyond the exact search auto's kNN is the vote of the caller's graph, or left out", "[cv][knn]") {
  const test::ModelsData d = test::makeBlobs(300, 3, 3, 1.5, 17);
  CvOptions opt;
  opt.repeats = 2;
  opt.neighbors.exactMaxCost = 0;  // every graph beyond the exact search
  // No graph from the caller: kNN left out, with the reason.
  const CvPlan without = planCrossValidation(d.X, d.y, 3, opt).value();
  CHECK_FALSE(without.runs(CvModel::Knn));
  CHECK_FALSE(without.knnVote);
  REQUIRE_FALSE(without.skipped.empty());
  CHECK(without.skipped.front().find("knn: beyond the exact neighbour search") == 0);
  // An explicit kNN model still searches a graph of its own.
  CvOptions knnOnly = opt;
  knnOnly.model = CvModel::Knn;
  const CvPlan own = planCrossValidation(d.X, d.y, 3, knnOnly).value();
  CHECK_FALSE(own.knnVote);
  CHECK(own.graphK > 0);

  opt.knnVoteGraph = true;
  const CvPlan plan = planCrossValidation(d.X, d.y, 3, opt).value();
  REQUIRE(plan.runs(CvModel::Knn));
  CHECK(plan.knnVote);
  CHECK(plan.graphK == 0);
  CHECK(plan.fingerprint() != without.fingerprint());
  for (const CvUnit& u : plan.units) CHECK(u.kind == CvUnitKind::Fit);
  CvUnitRunner runner(plan, d.X, d.y, opt);
  std::vector<CvUnitOutput> outputs(plan.units.size());
  for (size_t u = 0; u < outputs.size(); ++u) outputs[u] = runner.run(u).value();

  // A hand-made graph: row i lists i + 1 .. i + 4 (mod n), the last slot empty for even rows.
  NeighborGraph g;
  g.k = 4;
  g.rowCount = 300;
  for (Index i = 0; i < 300; ++i)
    for (int j = 0; j < 4; ++j) {
      g.indices.push_back(j == 3 && i % 2 == 0 ? -1 : static_cast<int32_t>((i + 1 + j) % 300));
      g.distances.push_back(static_cast<float>(j));
    }
  // The vote alone (weight 1, the others 0): (votes_c + 1 / K) / (votes + 1), smoothing 1.
  CvOptions voteOnly = opt;
  for (CvModel m : plan.models) voteOnly.fixedWeights.push_back(m == CvModel::Knn ? 1.0 : 0.0);
  const CvResult r = test::requireOk(combineCrossValidation(plan, d.X, d.y, voteOnly, outputs, &g));
  for (Index i = 0; i < 300; ++i) {
    const int listed = i % 2 == 0 ? 3 : 4;
    for (int c = 0; c < 3; ++c) {
      int votes = 0;
      for (int j = 0; j < listed; ++j) votes += d.y[(i + 1 + j) % 300] == c;
      CHECK(r.predProbs(i, c) == Approx((votes + 1.0 / 3) / (listed + 1.0)).epsilon(1e-12));
    }
  }
  REQUIRE(r.models.size() == plan.models.size());
  CHECK(std::string(r.models[1].name) == "knn");
  CHECK(r.models[1].weight == 1.0);
  // Blended by held-out log loss by default; the graph is required and must fit.
  test::requireOk(combineCrossValidation(plan, d.X, d.y, opt, outputs, &g));
  const auto missing = combineCrossValidation(plan, d.X, d.y, opt, outputs);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status == Status::InvalidArgument);
  NeighborGraph shorter = g;
  shorter.rowCount = 299;
  shorter.indices.resize(299 * 4);
  CHECK(combineCrossValidation(plan, d.X, d.y, opt, outputs, &shorter).error().status == Status::ShapeMismatch);
}
