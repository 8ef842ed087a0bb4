// The neighbour graph: exact search against a naive double reference (integer data, where
// float32 is exact, to the bit; continuous data within float rounding), ties, duplicates,
// clamping, cosine and its rows of zeros, sparse rows, range queries against the whole graph
// (exact and approximate), approximate recall, determinism, the SIMD kernel against plain
// scalar code, and errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "detail/exact_search.hpp"
#include "detail/float4.hpp"
#include "detail/float_rows.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/neighbor_graph.hpp"
#include "labelcheck/random.hpp"
#include "support/models_datasets.hpp"
#include "support/sparse_of.hpp"

using namespace labelcheck;

// The WebAssembly build has no HNSW index: approximate = Hnsw takes the clustered search there
// (neighbor_graph.hpp), and the tests below that tell the two apart check that instead.
#ifdef __EMSCRIPTEN__
constexpr bool kHnswBuilt = false;
#else
constexpr bool kHnswBuilt = true;
#endif

namespace {

// Naive O(N^2 D) reference in double: every other row, distance sum_d (a_d - b_d)^2 in order
// (cosine: of the unit-length rows, halved; a row of zeros is at 1 from every row), sorted by
// (distance, row). Returns N lists of min(k, N - 1) (squared distance or cosine distance, row).
using RefList = std::vector<std::pair<double, int32_t>>;
std::vector<RefList> naiveGraph(const RealMatrix& X, int k, bool cosine) {
  const Index n = X.rows();
  RealMatrix U = X;
  std::vector<bool> zero(static_cast<size_t>(n), false);
  if (cosine)
    for (Index i = 0; i < n; ++i) {
      double sq = 0.0;
      for (Index d = 0; d < X.cols(); ++d) sq += X(i, d) * X(i, d);
      if (sq == 0.0) zero[static_cast<size_t>(i)] = true;
      else U.row(i) /= std::sqrt(sq);
    }
  std::vector<RefList> out(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) {
    RefList all;
    for (Index j = 0; j < n; ++j) {
      if (j == i) continue;
      double d2 = 0.0;
      for (Index d = 0; d < X.cols(); ++d) d2 += (U(i, d) - U(j, d)) * (U(i, d) - U(j, d));
      if (cosine) d2 = (zero[static_cast<size_t>(i)] || zero[static_cast<size_t>(j)]) ? 1.0 : d2 / 2.0;
      all.push_back({d2, static_cast<int32_t>(j)});
    }
    std::sort(all.begin(), all.end());
    all.resize(std::min<size_t>(all.size(), static_cast<size_t>(k)));
    out[static_cast<size_t>(i)] = std::move(all);
  }
  return out;
}

RealMatrix smallIntegers(Index n, Index dims, int range, uint64_t seed) {
  Rng rng(seed);
  RealMatrix X(n, dims);
  for (Index i = 0; i < X.size(); ++i)
    X.data()[i] = static_cast<double>(rng.uniformBelow(static_cast<uint64_t>(2 * range + 1))) - range;
  return X;
}

RealMatrix gaussianRows(Index n, Index dims, uint64_t seed) {
  Rng rng(seed);
  RealMatrix X(n, dims);
  for (Index i = 0; i < X.size(); ++i) {
    double s = 0.0;
    for (int t = 0; t < 12; ++t) s += rng.uniform01();
    X.data()[i] = s - 6.0;
  }
  return X;
}

bool sameBits(const NeighborGraph& a, const NeighborGraph& b) {
  return a.k == b.k && a.rows() == b.rows() && a.exact == b.exact && a.indices == b.indices &&
         a.distances.size() == b.distances.size() &&
         std::memcmp(a.distances.data(), b.distances.data(), a.distances.size() * sizeof(float)) == 0;
}

// Concatenation of queryRows over the ranges cut at `cuts` (which start at 0 and end at N).
NeighborGraph concatenated(const NeighborIndex& index, const std::vector<Index>& cuts) {
  NeighborGraph all;
  for (size_t c = 0; c + 1 < cuts.size(); ++c) {
    Result<NeighborGraph> part = index.queryRows(cuts[c], cuts[c + 1]);
    REQUIRE(part.ok());
    REQUIRE(part.value().rows() == cuts[c + 1] - cuts[c]);
    all.k = part.value().k;
    all.exact = part.value().exact;
    all.rowCount += part.value().rows();
    all.indices.insert(all.indices.end(), part.value().indices.begin(), part.value().indices.end());
    all.distances.insert(all.distances.end(), part.value().distances.begin(), part.value().distances.end());
  }
  return all;
}


double recallAt(const NeighborGraph& g, const std::vector<RefList>& truth) {
  Index hit = 0, total = 0;
  for (Index i = 0; i < g.rows(); ++i)
    for (const auto& t : truth[static_cast<size_t>(i)]) {
      ++total;
      for (int j = 0; j < g.k; ++j) hit += g.neighbor(i, j) == t.second;
    }
  return static_cast<double>(hit) / static_cast<double>(total);
}

// The lists of a graph (rows only) as the truth recallAt compares with.
std::vector<RefList> listsOf(const NeighborGraph& e) {
  std::vector<RefList> truth(static_cast<size_t>(e.rows()));
  for (Index i = 0; i < e.rows(); ++i)
    for (int j = 0; j < e.k; ++j) truth[static_cast<size_t>(i)].push_back({0.0, e.neighbor(i, j)});
  return truth;
}

// Two builds with the same seed: identical. Another seed: another graph, recall >= minRecall.
void checkSeeds(const RealMatrix& X, NeighborGraphOptions o, const NeighborGraph& built,
                const std::vector<RefList>& truth, double minRecall) {
  Result<NeighborGraph> again = buildNeighborGraph(X, o);
  REQUIRE(again.ok());
  CHECK(sameBits(again.value(), built));
  o.seed = 99;
  Result<NeighborGraph> other = buildNeighborGraph(X, o);
  REQUIRE(other.ok());
  CHECK_FALSE(sameBits(other.value(), built));
  CHECK(recallAt(other.value(), truth) >= minRecall);
}

}  // namespace

TEST_CASE("graph: exact search equals the naive reference to the bit on integer data", "[graph]") {
  // Small integers: every difference, square and sum is exact in float32, so float and double
  // agree exactly and the many ties must go to the lower row index.
  RealMatrix X = smallIntegers(300, 5, 2, 11);
  X.row(17) = X.row(250);  // exact duplicates
  X.row(18) = X.row(250);
  for (int k : {1, 7, 20}) {
    NeighborGraphOptions o;
    o.k = k;
    o.method = NeighborMethod::Exact;
    Result<NeighborGraph> g = buildNeighborGraph(X, o);
    REQUIRE(g.ok());
    REQUIRE(g.value().exact);
    REQUIRE(g.value().k == k);
    REQUIRE(g.value().rows() == 300);
    const std::vector<RefList> ref = naiveGraph(X, k, false);
    Index mismatches = 0;
    for (Index i = 0; i < 300; ++i)
      for (int j = 0; j < k; ++j) {
        mismatches += g.value().neighbor(i, j) != ref[static_cast<size_t>(i)][static_cast<size_t>(j)].second;
        mismatches += g.value().distance(i, j) !=
                      static_cast<float>(std::sqrt(ref[static_cast<size_t>(i)][static_cast<size_t>(j)].first));
      }
    CHECK(mismatches == 0);
  }
  // Duplicates come first, at distance 0, in index order; a row is never its own neighbour.
  Result<NeighborGraph> g = buildNeighborGraph(X, {});
  REQUIRE(g.ok());
  CHECK(g.value().neighbor(250, 0) == 17);
  CHECK(g.value().neighbor(250, 1) == 18);
  CHECK(g.value().distance(250, 1) == 0.0f);
  CHECK(g.value().neighbor(17, 0) == 18);
  CHECK(g.value().neighbor(17, 1) == 250);
  for (Index i = 0; i < 300; ++i)
    for (int j = 0; j < g.value().k; ++j) CHECK(g.value().neighbor(i, j) != i);
}

TEST_CASE("graph: ties go to the lower row index, near-ties by the float32 distance", "[graph]") {
  // Row 0 at 0; rows 1..4 at +1, -1, +2, -2: distance ties 1, 1, 2, 2.
  RealMatrix X(5, 1);
  X << 0, 1, -1, 2, -2;
  Result<NeighborGraph> g = buildNeighborGraph(X, {});
  REQUIRE(g.ok());
  REQUIRE(g.value().k == 4);
  CHECK(std::vector<int32_t>(g.value().indices.begin(), g.value().indices.begin() + 4) ==
        std::vector<int32_t>{1, 2, 3, 4});

  // A near-tie below float32 resolution is a tie: row 1 is nearer than row 2 in double
  // (1 - 1e-12 vs 1), but both round to distance 1 in float32, so the lower row index (1) wins
  // even when the farther row has it - deterministically, on every platform.
  RealMatrix Y(3, 1);
  Y << 0, 1.0, 1.0 - 1e-12;
  Result<NeighborGraph> h = buildNeighborGraph(Y, {});
  REQUIRE(h.ok());
  CHECK(h.value().neighbor(0, 0) == 1);
  CHECK(h.value().neighbor(0, 1) == 2);
  CHECK(h.value().distance(0, 0) == h.value().distance(0, 1));
}

TEST_CASE("graph: exact search on continuous data agrees with double within float rounding", "[graph]") {
  const RealMatrix X = gaussianRows(700, 9, 3);
  const int k = 10;
  NeighborGraphOptions o;
  o.k = k;
  o.method = NeighborMethod::Exact;
  for (KnnMetric metric : {KnnMetric::Euclidean, KnnMetric::Cosine}) {
    o.metric = metric;
    const bool cosine = metric == KnnMetric::Cosine;
    Result<NeighborGraph> g = buildNeighborGraph(X, o);
    REQUIRE(g.ok());
    const std::vector<RefList> ref = naiveGraph(X, static_cast<int>(X.rows()), cosine);  // full order
    const double tol = 1e-5;
    Index wrong = 0, sameLists = 0;
    for (Index i = 0; i < X.rows(); ++i) {
      const RefList& r = ref[static_cast<size_t>(i)];
      std::vector<double> refDist(static_cast<size_t>(X.rows()), 0.0);
      for (const auto& e : r) refDist[static_cast<size_t>(e.second)] = cosine ? e.first : std::sqrt(e.first);
      const double kth = cosine ? r[k - 1].first : std::sqrt(r[k - 1].first);
      bool same = true;
      for (int j = 0; j < k; ++j) {
        const int32_t c = g.value().neighbor(i, j);
        same = same && c == r[static_cast<size_t>(j)].second;
        // Each reported distance is the pair's distance, and no listed row is farther than the
        // true k-th beyond float rounding (so a missed row can only be a near-tie).
        wrong += std::abs(g.value().distance(i, j) - refDist[static_cast<size_t>(c)]) > tol * (1.0 + refDist[c]);
        wrong += refDist[static_cast<size_t>(c)] > kth * (1.0 + tol) + 1e-12;
      }
      sameLists += same;
    }
    CHECK(wrong == 0);
    CHECK(sameLists >= X.rows() - 5);  // near-ties at float resolution are rare
  }
}

TEST_CASE("graph: k is clamped to N - 1, one row gives an empty graph", "[graph]") {
  const RealMatrix X = smallIntegers(6, 3, 5, 2);
  NeighborGraphOptions o;
  o.k = 50;
  Result<NeighborGraph> g = buildNeighborGraph(X, o);
  REQUIRE(g.ok());
  REQUIRE(g.value().k == 5);
  const std::vector<RefList> ref = naiveGraph(X, 5, false);
  for (Index i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) CHECK(g.value().neighbor(i, j) == ref[static_cast<size_t>(i)][static_cast<size_t>(j)].second);
  o.method = NeighborMethod::Approximate;  // all rows: the same lists
  Result<NeighborGraph> a = buildNeighborGraph(X, o);
  REQUIRE(a.ok());
  CHECK(a.value().indices == g.value().indices);

  Result<NeighborGraph> one = buildNeighborGraph(X.topRows(1), {});
  REQUIRE(one.ok());
  CHECK(one.value().k == 0);
  CHECK(one.value().rows() == 1);
  CHECK(one.value().indices.empty());
}

TEST_CASE("graph: cosine rows of zeros are at distance 1 from every row", "[graph]") {
  RealMatrix X(5, 2);
  X << 1, 0,  //
      0, 0,   // no direction
      2, 0.1, //
      0, 0,   // no direction
      -1, 0;  // opposite to row 0: distance 2
  NeighborGraphOptions o;
  o.metric = KnnMetric::Cosine;
  for (int mode = 0; mode < 3; ++mode) {
    o.method = mode == 0 ? NeighborMethod::Exact : NeighborMethod::Approximate;
    o.approximate = mode == 2 ? ApproximateIndex::Clusters : ApproximateIndex::Hnsw;
    Result<NeighborGraph> g = buildNeighborGraph(X, o);
    REQUIRE(g.ok());
    REQUIRE(g.value().k == 4);
    // Row 0: row 2 (nearly parallel), then the zero rows 1 and 3 at 1, then row 4 at 2.
    CHECK(std::vector<int32_t>(g.value().indices.begin(), g.value().indices.begin() + 4) ==
          std::vector<int32_t>{2, 1, 3, 4});
    CHECK(g.value().distance(0, 1) == 1.0f);
    CHECK(g.value().distance(0, 3) == Approx(2.0));
    // A zero row: every other row at 1, in index order.
    CHECK(std::vector<int32_t>(g.value().indices.begin() + 4, g.value().indices.begin() + 8) ==
          std::vector<int32_t>{0, 2, 3, 4});
    for (int j = 0; j < 4; ++j) CHECK(g.value().distance(1, j) == 1.0f);
    // The same as sparse rows (exact cosine in double).
    Result<NeighborGraph> s = buildNeighborGraph(test::sparseOf(X), o);
    REQUIRE(s.ok());
    CHECK(s.value().indices == g.value().indices);
  }
  // knn.hpp on the same kernel: nearestNeighbors and KnnClassifier, dense as sparse.
  Result<Neighbors> dense = nearestNeighbors(X, {0, 1, 4}, 4, KnnMetric::Cosine);
  Result<Neighbors> sparse = nearestNeighbors(test::sparseOf(X), {0, 1, 4}, 4);
  REQUIRE(dense.ok());
  REQUIRE(sparse.ok());
  CHECK(dense.value().indices == sparse.value().indices);
  CHECK((dense.value().distances - sparse.value().distances).cwiseAbs().maxCoeff() < 1e-12);
  KnnParams p;
  p.k = 2;
  p.metric = KnnMetric::Cosine;
  p.smoothing = 0.0;
  LabelVector y(5);
  y << 0, 1, 0, 1, 1;
  KnnClassifier kd(p), ks(p);
  REQUIRE(kd.fit(X, y, 2).ok());
  REQUIRE(ks.fit(test::sparseOf(X), y, 2).ok());
  RealMatrix q(3, 2);
  q << 0, 0,  // no direction: the first two training rows (0, 1) at distance 1
      3, 0,   // rows 0 and 2
      0, 1;   // row 2 (0.95), then row 0 (rows 0, 1, 3, 4 all at 1: the lowest index)
  const RealMatrix pd = kd.predictProba(q), ps = ks.predictProba(test::sparseOf(q));
  CHECK((pd - ps).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(pd(0, 0) == 0.5);
  CHECK(pd(1, 0) == 1.0);
  CHECK(pd(2, 0) == 1.0);
}

TEST_CASE("graph: sparse rows equal a naive cosine reference to the bit", "[graph]") {
  // Sparse random rows (about 30% non-zero, a few empty rows), integer-valued so that ties occur.
  Rng rng(5);
  RealMatrix X = RealMatrix::Zero(250, 12);
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j)
      if (i % 50 != 7 && rng.uniformBelow(10) < 3) X(i, j) = static_cast<double>(1 + rng.uniformBelow(3));
  const SparseRows S = test::sparseOf(X);
  NeighborGraphOptions o;
  o.k = 8;
  o.method = NeighborMethod::Approximate;  // ignored for sparse rows: always exact
  Result<NeighborGraph> g = buildNeighborGraph(S, o);
  REQUIRE(g.ok());
  CHECK(g.value().exact);
  // Reference: unit rows (values times 1 / norm), similarity summed over the query's entries in
  // their order (as the inverted index does), distance 1 - similarity, sorted by (distance, row).
  SparseRows U = S;
  for (Index i = 0; i < U.rows(); ++i) {
    double sq = 0.0;
    for (int64_t p = U.rowPtr[i]; p < U.rowPtr[i + 1]; ++p) sq += U.values[p] * U.values[p];
    const double inv = sq > 0 ? 1.0 / std::sqrt(sq) : 1.0;
    for (int64_t p = U.rowPtr[i]; p < U.rowPtr[i + 1]; ++p) U.values[p] *= inv;
  }
  Index mismatches = 0;
  for (Index i = 0; i < U.rows(); ++i) {
    RefList all;
    for (Index j = 0; j < U.rows(); ++j) {
      if (j == i) continue;
      double sim = 0.0;
      for (int64_t p = U.rowPtr[i]; p < U.rowPtr[i + 1]; ++p)
        for (int64_t q = U.rowPtr[j]; q < U.rowPtr[j + 1]; ++q)
          if (U.cols[q] == U.cols[p]) sim += U.values[p] * U.values[q];
      all.push_back({-sim, static_cast<int32_t>(j)});
    }
    std::sort(all.begin(), all.end());
    for (int a = 0; a < 8; ++a) {
      mismatches += g.value().neighbor(i, a) != all[static_cast<size_t>(a)].second;
      mismatches += g.value().distance(i, a) != static_cast<float>(1.0 + all[static_cast<size_t>(a)].first);
    }
  }
  CHECK(mismatches == 0);

  // nearestNeighbors (the explanations) gives the same rows.
  std::vector<Index> queries = {0, 7, 100, 249};
  Result<Neighbors> nb = nearestNeighbors(S, queries, 8);
  REQUIRE(nb.ok());
  for (size_t q = 0; q < queries.size(); ++q)
    for (int a = 0; a < 8; ++a) CHECK(nb.value().indices(static_cast<Index>(q), a) == g.value().neighbor(queries[q], a));
}

TEST_CASE("graph: ranges of rows, concatenated, equal the whole graph to the bit", "[graph]") {
  RealMatrix X = gaussianRows(1500, 6, 8);
  X.row(3) = X.row(1400);
  X.row(900).setZero();  // a cosine row without direction
  const std::vector<Index> cuts = {0, 1, 7, 333, 334, 1021, 1499, 1500};
  for (int mode = 0; mode < 3; ++mode)
    for (KnnMetric metric : {KnnMetric::Euclidean, KnnMetric::Cosine}) {
      NeighborGraphOptions o;
      o.k = 12;
      o.method = mode == 0 ? NeighborMethod::Exact : NeighborMethod::Approximate;
      o.approximate = mode == 2 ? ApproximateIndex::Clusters : ApproximateIndex::Hnsw;
      o.metric = metric;
      Result<NeighborIndex> index = NeighborIndex::build(X, o);
      REQUIRE(index.ok());
      CHECK(index.value().exact() == (mode == 0));
      Result<NeighborGraph> whole = buildNeighborGraph(X, o);
      REQUIRE(whole.ok());
      CHECK(sameBits(concatenated(index.value(), cuts), whole.value()));
      CHECK(sameBits(concatenated(index.value(), {0, 750, 1500}), whole.value()));
      // An index built again (another instance) answers the same.
      Result<NeighborIndex> again = NeighborIndex::build(X, o);
      REQUIRE(again.ok());
      CHECK(sameBits(concatenated(again.value(), {0, 1200, 1500}), whole.value()));
      // Exact and HNSW indexes search in their queries; the clustered build found every list.
      if (mode == 0 || (mode == 1 && kHnswBuilt)) CHECK(index.value().estimatedCost(0, 1500) > 0.0);
      else CHECK(index.value().estimatedCost(0, 1500) == 0.0);
    }
  Result<NeighborIndex> sparse = NeighborIndex::build(test::sparseOf(X), {});
  REQUIRE(sparse.ok());
  Result<NeighborGraph> whole = buildNeighborGraph(test::sparseOf(X), {});
  REQUIRE(whole.ok());
  CHECK(sameBits(concatenated(sparse.value(), cuts), whole.value()));
}

TEST_CASE("graph: approximate search finds most true neighbours, deterministically", "[graph]") {
  // 4,000 rows of 8 well-separated classes in 10 dimensions.
  const test::ModelsData d = test::makeBlobs(4000, 10, 8, 6.0, 21);
  NeighborGraphOptions o;
  o.method = NeighborMethod::Approximate;
  Result<NeighborGraph> a = buildNeighborGraph(d.X, o);
  REQUIRE(a.ok());
  CHECK_FALSE(a.value().exact);
  o.method = NeighborMethod::Exact;
  Result<NeighborGraph> e = buildNeighborGraph(d.X, o);
  REQUIRE(e.ok());
  const std::vector<RefList> truth = listsOf(e.value());
  const double recall = recallAt(a.value(), truth);
  INFO("recall@10 " << recall);
  CHECK(recall >= 0.97);
  // Found pairs carry the exact search's distance to the bit.
  for (Index i = 0; i < d.X.rows(); i += 97)
    for (int j = 0; j < a.value().k; ++j)
      for (int t = 0; t < e.value().k; ++t)
        if (e.value().neighbor(i, t) == a.value().neighbor(i, j)) CHECK(e.value().distance(i, t) == a.value().distance(i, j));

  o.method = NeighborMethod::Approximate;
  checkSeeds(d.X, o, a.value(), truth, 0.97);
}

TEST_CASE("graph: the clustered search finds most true neighbours, deterministically", "[graph]") {
  const test::ModelsData d = test::makeBlobs(4000, 10, 8, 6.0, 21);
  NeighborGraphOptions o;
  o.method = NeighborMethod::Exact;
  Result<NeighborGraph> e = buildNeighborGraph(d.X, o);
  REQUIRE(e.ok());
  const std::vector<RefList> truth = listsOf(e.value());
  o.method = NeighborMethod::Approximate;
  o.approximate = ApproximateIndex::Clusters;
  Result<NeighborGraph> a = buildNeighborGraph(d.X, o);
  REQUIRE(a.ok());
  CHECK_FALSE(a.value().exact);
  const double recall = recallAt(a.value(), truth);
  INFO("recall@10 " << recall);
  CHECK(recall >= 0.9);
  // Every list full, sorted, without the row itself or a repeat; found pairs carry the exact
  // search's distance to the bit.
  for (Index i = 0; i < d.X.rows(); ++i) {
    std::vector<int32_t> seen;
    for (int j = 0; j < a.value().k; ++j) {
      const int32_t r = a.value().neighbor(i, j);
      REQUIRE(r >= 0);
      CHECK(r != i);
      if (j > 0) CHECK(a.value().distance(i, j - 1) <= a.value().distance(i, j));
      CHECK(std::find(seen.begin(), seen.end(), r) == seen.end());
      seen.push_back(r);
      for (int t = 0; t < e.value().k; ++t)
        if (e.value().neighbor(i, t) == r) CHECK(e.value().distance(i, t) == a.value().distance(i, j));
    }
  }
  checkSeeds(d.X, o, a.value(), truth, 0.9);
}

TEST_CASE("graph: the clustered search of a file of copies equals the exact graph", "[graph]") {
  // 3,000 rows of only 7 distinct values (k-means cannot split copies): every row's neighbours
  // are its copies at distance 0, the lowest rows first, exactly as the exact search ranks them;
  // with few copies the next group follows at its distance.
  RealMatrix X(3000, 3);
  for (Index i = 0; i < X.rows(); ++i) {
    const int v = static_cast<int>((i * 7919) % 7);
    X.row(i) << v, 2 * v, v % 3;
  }
  X.row(5) << 100, 100, 100;  // one row alone, two rows with a single copy
  X.row(6) << 50, 50, 50;
  X.row(7) << 50, 50, 50;
  for (KnnMetric metric : {KnnMetric::Euclidean, KnnMetric::Cosine})
    for (bool first : {false, true}) {
      NeighborGraphOptions o;
      o.metric = metric;
      o.duplicatesFirst = first;
      o.method = NeighborMethod::Exact;
      Result<NeighborGraph> e = buildNeighborGraph(X, o);
      o.method = NeighborMethod::Approximate;
      o.approximate = ApproximateIndex::Clusters;
      Result<NeighborGraph> a = buildNeighborGraph(X, o);
      REQUIRE(e.ok());
      REQUIRE(a.ok());
      CHECK(a.value().indices == e.value().indices);
      CHECK(a.value().distances == e.value().distances);
    }
}

TEST_CASE("graph: the clustered search of tiny inputs", "[graph]") {
  for (Index n : {2, 3, 5, 11, 12, 30}) {
    const RealMatrix X = gaussianRows(n, 3, static_cast<uint64_t>(n));
    NeighborGraphOptions o;
    o.method = NeighborMethod::Exact;
    Result<NeighborGraph> e = buildNeighborGraph(X, o);
    o.method = NeighborMethod::Approximate;
    o.approximate = ApproximateIndex::Clusters;
    Result<NeighborGraph> a = buildNeighborGraph(X, o);
    REQUIRE(e.ok());
    REQUIRE(a.ok());
    INFO("n " << n);
    CHECK(a.value().k == e.value().k);
    // At most sqrt(2n) cells, each row in two: below about 12 rows every pair shares a cell.
    if (n <= 5) CHECK(a.value().indices == e.value().indices);
    for (int32_t r : a.value().indices) CHECK(r >= 0);
  }
}

TEST_CASE("graph: Auto is exact up to exactMaxCost, approximate above", "[graph]") {
  const RealMatrix X = gaussianRows(200, 8, 1);
  NeighborGraphOptions o;  // 200^2 x 8 = 3.2e5, far below the default
  Result<NeighborGraph> g = buildNeighborGraph(X, o);
  REQUIRE(g.ok());
  CHECK(g.value().exact);
  o.exactMaxCost = 3.2e5;  // <=: still exact
  CHECK(buildNeighborGraph(X, o).value().exact);
  o.exactMaxCost = 3.2e5 - 1;
  CHECK_FALSE(buildNeighborGraph(X, o).value().exact);
  // Fewer dimensions than kExactMinCostDims cost as many: 200 x 4 as 200 x 6 (2.4e5).
  const RealMatrix narrow = gaussianRows(200, 4, 1);
  o.exactMaxCost = 2.4e5;
  CHECK(buildNeighborGraph(narrow, o).value().exact);
  o.exactMaxCost = 2.4e5 - 1;
  CHECK_FALSE(buildNeighborGraph(narrow, o).value().exact);
  CHECK(NeighborIndex::estimatedGraphCost(50000, 1) == NeighborIndex::estimatedGraphCost(50000, 6));  // exact, each
  CHECK(NeighborIndex::estimatedGraphCost(50000, 8) > NeighborIndex::estimatedGraphCost(50000, 6));
  CHECK(buildNeighborGraph(test::sparseOf(X), o).value().exact);  // sparse: always exact

  // The cost model: positive, the whole graph cheaper than its halves searched apart (each
  // pair once), the approximate graph cheaper than the exact one at scale.
  Result<NeighborIndex> index = NeighborIndex::build(X, {});
  REQUIRE(index.ok());
  const double whole = index.value().estimatedCost(0, 200);
  CHECK(whole > 0.0);
  CHECK(whole < index.value().estimatedCost(0, 100) + index.value().estimatedCost(100, 200));
  CHECK(whole == Approx(NeighborIndex::estimatedGraphCost(200, 8)));
  NeighborGraphOptions approx;
  approx.method = NeighborMethod::Approximate;
  NeighborGraphOptions exact;
  exact.method = NeighborMethod::Exact;
  CHECK(NeighborIndex::estimatedGraphCost(1000000, 20, approx) < NeighborIndex::estimatedGraphCost(1000000, 20, exact) / 5);
  NeighborGraphOptions clustered = approx;
  clustered.approximate = ApproximateIndex::Clusters;
  if (kHnswBuilt)
    CHECK(NeighborIndex::estimatedGraphCost(100000, 20, clustered) < NeighborIndex::estimatedGraphCost(100000, 20, approx) / 4);
  else  // approximate = Hnsw takes the clustered search
    CHECK(NeighborIndex::estimatedGraphCost(100000, 20, clustered) == NeighborIndex::estimatedGraphCost(100000, 20, approx));
  CHECK(NeighborIndex::estimatedGraphCost(100000, 20, clustered) > 0.0);
}

TEST_CASE("graph: the Float4 kernels compute what plain scalar code computes, bit for bit", "[graph]") {
  // The panel kernel's distances are the sequential float sum; the lane distance is four
  // interleaved sums combined as documented. Whatever Float4 compiles to (SSE2 here, WebAssembly
  // SIMD or scalar elsewhere), these must hold.
  INFO("Float4 = " << detail::kFloat4Name);
  const RealMatrix X = gaussianRows(103, 23, 4) * 37.0;
  const detail::RowSource src(X.data(), X.rows(), X.cols(), X.outerStride(), false);
  detail::FloatPanels panels;
  detail::FloatRows rows;
  REQUIRE(detail::toPanels(src, nullptr, X.rows(), panels));
  REQUIRE(detail::toRows(src, rows));
  detail::NeighborLists lists;
  detail::exactSelfSearch(panels, 0, X.rows(), nullptr, static_cast<int>(X.rows()) - 1, lists);
  Index mismatches = 0;
  for (Index i = 0; i < X.rows(); ++i)
    for (int j = 0; j < lists.k(); ++j) {
      const int32_t c = lists.rows(i)[j];
      mismatches += lists.keys(i)[j] != detail::sequentialSquaredDistance(rows.row(i), rows.row(c), rows.dims);
    }
  CHECK(mismatches == 0);
  for (Index i = 0; i + 1 < X.rows(); ++i) {
    const float* a = rows.row(i);
    const float* b = rows.row(i + 1);
    float acc[2][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
    int d = 0;
    for (; d + 8 <= rows.stride; d += 8)
      for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 4; ++l) {
          const float t = a[d + 4 * h + l] - b[d + 4 * h + l];
          acc[h][l] += t * t;
        }
    for (int l = 0; d < rows.stride && l < 4; ++l) {
      const float t = a[d + l] - b[d + l];
      acc[0][l] += t * t;
    }
    float s[4];
    for (int l = 0; l < 4; ++l) s[l] = acc[0][l] + acc[1][l];
    CHECK(detail::laneSquaredDistance(a, b, rows.stride) == (s[0] + s[2]) + (s[1] + s[3]));
  }
  // Four rows at once (transposed into lanes): each the sequential sum. 23 columns: the last
  // group of four holds padding, which must add nothing.
  mismatches = 0;
  for (Index i = 0; i + 4 < X.rows(); ++i) {
    const float* four[4] = {rows.row(i + 1), rows.row((i * 7) % X.rows()), rows.row(X.rows() - 1 - i), rows.row(i)};
    float keys[4];
    detail::sequentialSquaredDistances4(rows.row(i), four, rows.stride, keys);
    for (int l = 0; l < 4; ++l) mismatches += keys[l] != detail::sequentialSquaredDistance(rows.row(i), four[l], rows.dims);
  }
  CHECK(mismatches == 0);
}

TEST_CASE("graph: led searches of overlapping cells fill shared lists as one search of all their pairs", "[graph]") {
  // Small integers: many keys tie. Each "cell" is a set of rows in its own order, its first
  // rows leading; rows sit in several cells, so pairs recur and a list's content bounds the
  // later searches. The lists must equal those of every pair the cells form, each offered once.
  const RealMatrix X = smallIntegers(131, 4, 1, 8);
  const detail::RowSource src(X.data(), X.rows(), X.cols(), X.outerStride(), false);
  detail::FloatRows rows;
  REQUIRE(detail::toRows(src, rows));
  const int k = 6;
  Rng rng(3);
  detail::NeighborLists got, want;
  got.reset(X.rows(), k);
  want.reset(X.rows(), k);
  std::set<std::pair<Index, Index>> pairs;
  for (int cell = 0; cell < 9; ++cell) {
    std::vector<Index> ids;
    for (Index r = 0; r < X.rows(); ++r)
      if (rng.uniformBelow(3) == 0) ids.push_back(r);
    for (size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[static_cast<size_t>(rng.uniformBelow(i))]);
    const Index count = static_cast<Index>(ids.size());
    const Index leaders = static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(count)));
    detail::FloatPanels panels;
    REQUIRE(detail::toPanels(src, ids.data(), count, panels));
    detail::exactLedSelfSearch(panels, leaders, ids.data(), got);
    const Index led = std::min<Index>((leaders + 3) / 4 * 4, count);
    for (Index a = 0; a < led; ++a)
      for (Index b = a + 1; b < count; ++b)
        pairs.insert({std::min(ids[static_cast<size_t>(a)], ids[static_cast<size_t>(b)]),
                      std::max(ids[static_cast<size_t>(a)], ids[static_cast<size_t>(b)])});
  }
  for (const auto& [i, j] : pairs) {
    const float key = detail::sequentialSquaredDistance(rows.row(i), rows.row(j), rows.dims);
    want.offer(i, key, static_cast<int32_t>(j));
    want.offer(j, key, static_cast<int32_t>(i));
  }
  Index mismatches = 0, filled = 0;
  for (Index i = 0; i < X.rows(); ++i)
    for (int j = 0; j < k; ++j) {
      mismatches += got.rows(i)[j] != want.rows(i)[j] || got.keys(i)[j] != want.keys(i)[j];
      filled += got.rows(i)[j] != detail::NeighborLists::kEmpty;
    }
  CHECK(mismatches == 0);
  CHECK(filled > X.rows() * k / 2);
}

TEST_CASE("graph: invalid input is reported", "[graph]") {
  RealMatrix X = gaussianRows(20, 3, 2);
  NeighborGraphOptions o;
  CHECK(buildNeighborGraph(RealMatrix(0, 3), o).error().status == Status::EmptyInput);
  o.k = 0;
  CHECK(buildNeighborGraph(X, o).error().status == Status::InvalidArgument);
  o = {};
  o.m = 1;
  CHECK(buildNeighborGraph(X, o).error().status == Status::InvalidArgument);
  o = {};
  o.efConstruction = 0;
  CHECK(buildNeighborGraph(X, o).error().status == Status::InvalidArgument);
  o = {};
  o.efSearch = -1;
  CHECK(buildNeighborGraph(X, o).error().status == Status::InvalidArgument);
  o = {};
  o.exactMaxCost = std::nan("");
  CHECK(buildNeighborGraph(X, o).error().status == Status::InvalidArgument);
  o = {};
  RealMatrix bad = X;
  bad(4, 1) = std::nan("");
  CHECK(buildNeighborGraph(bad, o).error().status == Status::NonFiniteValue);
  bad(4, 1) = std::numeric_limits<double>::infinity();
  CHECK(buildNeighborGraph(bad, o).error().status == Status::NonFiniteValue);
  bad(4, 1) = 1e300;  // finite in double, not in float32
  CHECK(buildNeighborGraph(bad, o).error().status == Status::NonFiniteValue);
  o.method = NeighborMethod::Approximate;
  CHECK(buildNeighborGraph(bad, o).error().status == Status::NonFiniteValue);
  SparseRows s = test::sparseOf(X);
  s.cols[0] = 99;
  CHECK(buildNeighborGraph(s, {}).error().status == Status::InvalidArgument);
  CHECK(buildNeighborGraph(SparseRows{}, {}).error().status == Status::EmptyInput);
  Result<NeighborIndex> index = NeighborIndex::build(X, {});
  REQUIRE(index.ok());
  CHECK(index.value().queryRows(-1, 3).error().status == Status::InvalidArgument);
  CHECK(index.value().queryRows(5, 21).error().status == Status::InvalidArgument);
  CHECK(index.value().queryRows(6, 5).error().status == Status::InvalidArgument);
  Result<NeighborGraph> empty = index.value().queryRows(5, 5);
  REQUIRE(empty.ok());
  CHECK(empty.value().rows() == 0);
  CHECK(empty.value().indices.empty());
}
