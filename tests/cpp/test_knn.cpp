// k-nearest neighbours: hand-computed votes and distances, tie order, cosine, sparse = dense,
// neighbour look-up without the row itself, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "labelcheck/knn.hpp"
#include "support/models_datasets.hpp"

using namespace labelcheck;

namespace {
RealMatrix column(std::initializer_list<double> xs) {
  RealMatrix m(static_cast<Index>(xs.size()), 1);
  Index i = 0;
  for (double x : xs) m(i++, 0) = x;
  return m;
}
LabelVector labels(std::initializer_list<int> ys) {
  LabelVector v(static_cast<Index>(ys.size()));
  Index i = 0;
  for (int y : ys) v[i++] = y;
  return v;
}
}  // namespace

TEST_CASE("kNN: smoothed uniform votes on a hand-computed toy set", "[knn]") {
  // Rows 0-2 class 0 at 0, 1, 2; rows 3-5 class 1 at 10, 11, 12.
  KnnParams p;
  p.k = 3;
  KnnClassifier knn(p);
  REQUIRE(knn.fit(column({0, 1, 2, 10, 11, 12}), labels({0, 0, 0, 1, 1, 1}), 2).ok());
  const RealMatrix prob = knn.predictProba(column({1.4, 6.0, 11.9}));
  // 1.4: neighbours 1, 2, 0 -> 3 votes class 0: (3 + 0.5) / (3 + 1).
  CHECK(prob(0, 0) == Approx(3.5 / 4.0));
  CHECK(prob(0, 1) == Approx(0.5 / 4.0));
  // 6.0: rows 2 and 3 both at 4 (index order), then rows 1 and 4 both at 5: row 1 wins the tie.
  CHECK(prob(1, 0) == Approx(2.5 / 4.0));
  CHECK(prob(2, 1) == Approx(3.5 / 4.0));
  for (Index i = 0; i < 3; ++i) CHECK(prob.row(i).sum() == Approx(1.0));
}

TEST_CASE("kNN: k is clamped to the training size, no class is exactly 0", "[knn]") {
  KnnClassifier knn;  // k = 10 > 4 rows
  REQUIRE(knn.fit(column({0, 1, 2, 3}), labels({0, 0, 1, 1}), 3).ok());
  const RealMatrix prob = knn.predictProba(column({0.2}));
  CHECK(prob(0, 0) == Approx((2 + 1.0 / 3) / 5.0));
  CHECK(prob(0, 2) == Approx((1.0 / 3) / 5.0));
  CHECK(prob.minCoeff() > 0.0);
}

TEST_CASE("kNN: nearest rows exclude the row itself and keep duplicates", "[knn]") {
  RealMatrix X(5, 2);
  X << 0, 0,  //
      3, 4,   //
      0, 0,   // duplicate of row 0
      1, 0,   //
      10, 10;
  Result<Neighbors> r = nearestNeighbors(X, {0, 4}, 3);
  REQUIRE(r.ok());
  const Neighbors& nb = r.value();
  REQUIRE(nb.indices.rows() == 2);
  REQUIRE(nb.indices.cols() == 3);
  CHECK(nb.indices(0, 0) == 2);
  CHECK(nb.distances(0, 0) == Approx(0.0).margin(1e-12));
  CHECK(nb.indices(0, 1) == 3);
  CHECK(nb.distances(0, 1) == Approx(1.0));
  CHECK(nb.indices(0, 2) == 1);
  CHECK(nb.distances(0, 2) == Approx(5.0));
  CHECK(nb.indices(1, 0) == 1);
  CHECK(nb.distances(1, 0) == Approx(std::sqrt(49.0 + 36.0)));

  // k larger than the other rows: clamped to N - 1.
  Result<Neighbors> all = nearestNeighbors(X, {1}, 50);
  REQUIRE(all.ok());
  CHECK(all.value().indices.cols() == 4);

  CHECK(nearestNeighbors(X, {7}, 3).error().status == Status::InvalidArgument);
  CHECK(nearestNeighbors(X, {0}, 0).error().status == Status::InvalidArgument);
}

TEST_CASE("kNN: cosine distance, dense and sparse agree", "[knn]") {
  RealMatrix X(4, 3);
  X << 1, 0, 0,  //
      2, 2, 0,   // 45 degrees from row 0
      0, 0, 5,   // orthogonal to both
      0, 3, 0;
  Result<Neighbors> dense = nearestNeighbors(X, {0, 1, 2, 3}, 2, KnnMetric::Cosine);
  REQUIRE(dense.ok());
  CHECK(dense.value().indices(0, 0) == 1);
  CHECK(dense.value().distances(0, 0) == Approx(1.0 - std::sqrt(0.5)));
  CHECK(dense.value().distances(2, 0) == Approx(1.0));
  CHECK(dense.value().indices(2, 0) == 0);  // all at distance 1: lowest index first

  SparseRows s;
  s.nCols = 3;
  for (Index i = 0; i < 4; ++i) {
    for (Index j = 0; j < 3; ++j)
      if (X(i, j) != 0) {
        s.values.push_back(X(i, j));
        s.cols.push_back(static_cast<int32_t>(j));
      }
    s.rowPtr.push_back(static_cast<int64_t>(s.values.size()));
  }
  Result<Neighbors> sparse = nearestNeighbors(s, {0, 1, 2, 3}, 2);
  REQUIRE(sparse.ok());
  CHECK(sparse.value().indices == dense.value().indices);
  CHECK((sparse.value().distances - dense.value().distances).cwiseAbs().maxCoeff() < 1e-12);

  // Classifier on sparse rows (cosine) equals the dense cosine classifier.
  const LabelVector y = labels({0, 0, 1, 1});
  KnnParams p;
  p.k = 2;
  p.metric = KnnMetric::Cosine;
  KnnClassifier kd(p), ks(p);
  REQUIRE(kd.fit(X, y, 2).ok());
  REQUIRE(ks.fit(s, y, 2).ok());
  CHECK((kd.predictProba(X) - ks.predictProba(s)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("kNN: blocked search equals a direct scan on a larger set", "[knn]") {
  const test::ModelsData d = test::makeBlobs(3000, 5, 4, 1.0, 17);  // > one 2048-row block
  const RealMatrix train = d.X.topRows(2500);
  const RealMatrix query = d.X.bottomRows(500);
  KnnParams p;
  p.k = 7;
  p.smoothing = 0.0;
  KnnClassifier knn(p);
  REQUIRE(knn.fit(train, d.y.head(2500), 4).ok());
  const RealMatrix prob = knn.predictProba(query);
  for (Index q = 0; q < 500; q += 37) {
    std::vector<std::pair<double, Index>> dist;
    for (Index t = 0; t < 2500; ++t) dist.push_back({(train.row(t) - query.row(q)).squaredNorm(), t});
    std::sort(dist.begin(), dist.end());
    RealVector votes = RealVector::Zero(4);
    for (int j = 0; j < 7; ++j) votes[d.y[dist[j].second]] += 1.0 / 7;
    CHECK((prob.row(q).transpose() - votes).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("kNN: invalid input is reported", "[knn]") {
  KnnClassifier knn;
  CHECK(knn.fit(column({0, 1}), labels({0}), 2).error().status == Status::ShapeMismatch);
  CHECK(knn.fit(column({0, 1}), labels({0, 2}), 2).error().status == Status::LabelOutOfRange);
  CHECK(knn.fit(column({0, std::nan("")}), labels({0, 1}), 2).error().status == Status::NonFiniteValue);
  KnnParams bad;
  bad.k = 0;
  CHECK(KnnClassifier(bad).fit(column({0, 1}), labels({0, 1}), 2).error().status == Status::InvalidArgument);
  CHECK(knn.predictProba(column({0})).size() == 0);
}
