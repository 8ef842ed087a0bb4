// The data audit (labelcheck/audit.hpp): every formula on hand-worked graphs (outlier threshold
// Q3 + 1.7 IQR with numpy's percentile, near-duplicate sets by the 0.13 m rule made symmetric,
// class imbalance 0.1 / K, empty rows, the kNN vote without the row itself, the non-IID KS
// distance), exact copies first at distance 0 in the graph, order effects on a class-sorted file
// against a shuffled one, determinism, injected outliers and near-duplicates found in a shared
// dataset, and bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "detail/quantiles.hpp"
#include "labelcheck/audit.hpp"
#include "labelcheck/pipeline.hpp"
#include "labelcheck/random.hpp"
#include "support/models_datasets.hpp"
#include "support/require_ok.hpp"

using namespace labelcheck;
using test::requireOk;

namespace {

// A graph written out by hand: lists[i] = {(neighbour, distance), ...}, k = the longest list,
// shorter lists padded with -1 / +inf as the graph pads them.
NeighborGraph handGraph(const std::vector<std::vector<std::pair<int32_t, float>>>& lists) {
  NeighborGraph g;
  g.rowCount = static_cast<Index>(lists.size());
  for (const auto& l : lists) g.k = std::max(g.k, static_cast<int>(l.size()));
  for (const auto& l : lists)
    for (int j = 0; j < g.k; ++j) {
      const bool has = j < static_cast<int>(l.size());
      g.indices.push_back(has ? l[static_cast<size_t>(j)].first : -1);
      g.distances.push_back(has ? l[static_cast<size_t>(j)].second : std::numeric_limits<float>::infinity());
    }
  return g;
}

// A graph where row i's only neighbour is row (i + 1) % n at distance d[i]: its mean distance
// and its nearest distance are both d[i].
NeighborGraph ringGraph(const std::vector<float>& d) {
  std::vector<std::vector<std::pair<int32_t, float>>> lists;
  const int32_t n = static_cast<int32_t>(d.size());
  for (int32_t i = 0; i < n; ++i) lists.push_back({{(i + 1) % n, d[static_cast<size_t>(i)]}});
  return handGraph(lists);
}

std::vector<std::vector<int32_t>> groupsOf(const RowGroups& g) {
  std::vector<std::vector<int32_t>> out;
  for (Index s = 0; s < g.count(); ++s) out.emplace_back(g.begin(s), g.end(s));
  return out;
}

LabelVector labelsOf(std::vector<int32_t> v) { return Eigen::Map<LabelVector>(v.data(), static_cast<Index>(v.size())); }

const MissingCells kNoTable;

}  // namespace

TEST_CASE("audit: numpy's linear percentile and median, with _lerp's two forms", "[audit]") {
  const std::vector<double> x{0.0, 0.01, 0.02, 0.1, 1.1, 5.0};
  // Q3 of 6 values: position 0.75 x 5 = 3.75, t = 0.75 >= 0.5, so b - (b - a)(1 - t) =
  // 1.1 - 1.0 x 0.25 = 0.8500000000000001, where a + (b - a) t would give 0.85.
  CHECK(detail::percentileSorted(x.data(), 6, 0.75) == 0.8500000000000001);
  CHECK(detail::percentileSorted(x.data(), 6, 0.75) != 0.85);
  // Q1: position 1.25, t = 0.25 < 0.5: a + (b - a) t = 0.01 + 0.01 x 0.25.
  CHECK(detail::percentileSorted(x.data(), 6, 0.25) == 0.01 + (0.02 - 0.01) * 0.25);
  CHECK(detail::percentileSorted(x.data(), 6, 1.0) == 5.0);
  CHECK(detail::percentileSorted(x.data(), 6, 0.0) == 0.0);
  CHECK(detail::medianSorted(x.data(), 6) == (0.02 + 0.1) / 2.0);
  CHECK(detail::medianSorted(x.data(), 5) == 0.02);
  CHECK(detail::percentileSorted(x.data(), 1, 0.75) == 0.0);
}

TEST_CASE("audit: outliers are beyond Q3 + 1.7 IQR of the mean neighbour distance", "[audit]") {
  // d-bar = 1, 2, 3, 4, 5, 50. Sorted positions: Q1 at 1.25 -> 2.25, Q3 at 3.75 -> 4.75,
  // IQR 2.5, threshold 4.75 + 1.7 x 2.5 = 9. Median (3 + 4) / 2 = 3.5.
  const OutlierAudit o = requireOk(findOutliers(ringGraph({1, 2, 3, 4, 5, 50})));
  CHECK(o.threshold == Approx(9.0).epsilon(1e-15));
  CHECK(o.isOutlier == std::vector<uint8_t>{0, 0, 0, 0, 0, 1});
  CHECK(o.ranked == std::vector<int32_t>{5});
  CHECK(o.score[0] == std::exp(-1.0 / 3.5));
  CHECK(o.score[5] == std::exp(-50.0 / 3.5));
  CHECK(o.meanDistance[3] == 4.0);

  // Strictly beyond: ten rows at 1 and three beyond (13 rows) give Q1 = 1 (position 3) and
  // Q3 = 1 (position 9, the last 1), IQR 0, threshold 1; the rows at 1 are not outliers. The
  // far rows rank by distance, ties by row.
  const OutlierAudit s = requireOk(findOutliers(ringGraph({3, 1, 1, 7, 1, 1, 1, 3, 1, 1, 1, 1, 1})));
  CHECK(s.threshold == 1.0);
  CHECK(s.ranked == std::vector<int32_t>{3, 0, 7});
  // The multiplier is the option: 0 flags everything above Q3.
  const OutlierAudit z = requireOk(findOutliers(ringGraph({1, 2, 3, 4, 5, 50}), 0.0));
  CHECK(z.ranked == std::vector<int32_t>{5, 4});
  // The mean is over the k listed neighbours.
  const OutlierAudit m = requireOk(findOutliers(handGraph({{{1, 1.0f}, {2, 3.0f}}, {{0, 1.0f}, {2, 2.0f}}, {{1, 2.0f}, {0, 3.0f}}})));
  CHECK(m.meanDistance[0] == 2.0);
  CHECK(m.meanDistance[1] == 1.5);
  CHECK(m.meanDistance[2] == 2.5);
}

TEST_CASE("audit: near-duplicates closer than 0.13 m, made symmetric, in connected sets", "[audit]") {
  // Nearest distances: rows 0, 1 at 0.0625 (a pair), row 6 lists row 7 at 0.0625 but row 7
  // lists only far rows, row 4 -> 5 and 5 -> 2 at 0.125 (a chain 2-5-4), the rest at 1.
  // Sorted d1: 0.0625 x 3, 0.125 x 2, 1 x 4 (rows 2, 3, 7, 8): n = 9, median = the 5th = 0.125.
  // m = 0.125, radius 0.13 m = 0.01625: nothing is that close. With m fixed by the data the
  // radius option 0.6 gives 0.075: the 0.0625 pairs only.
  const NeighborGraph g = handGraph({
      {{1, 0.0625f}, {2, 1.0f}},  // 0
      {{0, 0.0625f}, {3, 1.0f}},  // 1
      {{3, 1.0f}, {0, 1.0f}},     // 2
      {{2, 1.0f}, {1, 1.0f}},     // 3
      {{5, 0.125f}, {3, 1.0f}},   // 4
      {{2, 0.125f}, {4, 0.125f}}, // 5
      {{7, 0.0625f}, {8, 1.0f}},  // 6
      {{8, 1.0f}, {3, 1.0f}},     // 7: does not list 6
      {{7, 1.0f}, {6, 1.0f}},     // 8
  });
  const ExactDuplicates none;
  const NearDuplicateAudit a = requireOk(findNearDuplicates(g, none));
  CHECK(a.medianNearest == 0.125);
  CHECK(a.radius == 0.13 * 0.125);
  CHECK(a.sets.count() == 0);
  CHECK(a.score[0] == 1.0 - std::exp(-0.0625 / 0.125));
  CHECK(a.score[2] == 1.0 - std::exp(-1.0 / 0.125));

  const NearDuplicateAudit b = requireOk(findNearDuplicates(g, none, 0.6));
  CHECK(b.radius == 0.6 * 0.125);
  CHECK(b.isNearDuplicate == std::vector<uint8_t>{1, 1, 0, 0, 0, 0, 1, 1, 0});
  CHECK(groupsOf(b.perRow)[7] == std::vector<int32_t>{6});  // symmetric: 7 gets 6
  CHECK(groupsOf(b.sets) == std::vector<std::vector<int32_t>>{{0, 1}, {6, 7}});

  // Radius 1.0 x 0.125: strictly closer than 0.125, so the chain at exactly 0.125 stays out.
  const NearDuplicateAudit c = requireOk(findNearDuplicates(g, none, 1.0));
  CHECK(c.sets.count() == 2);
  // Radius 1.01: the chain 4-5, 5-2 joins into one set {2, 4, 5} (2 and 4 not listed together).
  const NearDuplicateAudit d = requireOk(findNearDuplicates(g, none, 1.01));
  CHECK(groupsOf(d.sets) == std::vector<std::vector<int32_t>>{{0, 1}, {2, 4, 5}, {6, 7}});
  CHECK(groupsOf(d.perRow)[5] == std::vector<int32_t>{2, 4});
  CHECK(groupsOf(d.perRow)[2] == std::vector<int32_t>{5});
}

TEST_CASE("audit: the near-duplicate median has a floor of 1e-6 and exact copies score 0", "[audit]") {
  // Every row has a copy: d1 = 0 everywhere, m = 1e-6, every row flagged in one set per pair.
  const NeighborGraph g = handGraph({{{1, 0.0f}, {2, 5.0f}}, {{0, 0.0f}, {2, 5.0f}}, {{3, 0.0f}, {0, 5.0f}}, {{2, 0.0f}, {0, 5.0f}}});
  ExactDuplicates copies;
  copies.groupOf = {0, 0, 1, 1};
  const int32_t rows[] = {0, 1, 2, 3};
  copies.groups.add(rows, rows + 2);
  copies.groups.add(rows + 2, rows + 4);
  const NearDuplicateAudit a = requireOk(findNearDuplicates(g, copies));
  CHECK(a.medianNearest == 1e-6);
  CHECK(a.radius == 0.13 * 1e-6);
  CHECK(a.score == RealVector::Zero(4));
  CHECK(groupsOf(a.sets) == std::vector<std::vector<int32_t>>{{0, 1}, {2, 3}});
  CHECK(groupsOf(a.exactSets) == groupsOf(copies.groups));
  // A copy the graph does not list is still paired with the first row of its copies.
  const NeighborGraph far = handGraph({{{2, 1.0f}}, {{2, 1.0f}}, {{0, 1.0f}}, {{0, 1.0f}}});
  const NearDuplicateAudit b = requireOk(findNearDuplicates(far, copies));
  CHECK(groupsOf(b.sets) == std::vector<std::vector<int32_t>>{{0, 1}, {2, 3}});
  CHECK(b.score[0] == 0.0);
}

TEST_CASE("audit: exact copies come first in each other's lists at distance 0", "[audit]") {
  // Rows 1, 4 and 6 are copies; row 3 points the same way as row 1 at twice the length (cosine
  // distance 0, not a copy); rows 0 and 5 are zeros (no direction: 1 from every row under
  // cosine, but copies of each other).
  RealMatrix X(8, 4);
  X << 0, 0, 0, 0,        //
      1, 2, 3, 4,         //
      -1, 0.5, 2, 0,      //
      2, 4, 6, 8,         // parallel to row 1
      1, 2, 3, 4,         //
      0, 0, 0, 0,         //
      1, 2, 3, 4,         //
      3, -1, 0.25, 1;
  for (NeighborMethod method : {NeighborMethod::Exact, NeighborMethod::Approximate}) {
    NeighborGraphOptions o;
    o.k = 4;
    o.metric = KnnMetric::Cosine;
    o.method = method;
    const NeighborGraph plain = requireOk(buildNeighborGraph(X, o));
    // Without the option, row 4 lists 1, 3, 6 at 0 in index order: the parallel row 3 before
    // the copy 6; and the zero row 5 lists row 0 at 1.
    CHECK(std::vector<int32_t>(plain.indices.begin() + 4 * 4, plain.indices.begin() + 4 * 4 + 3) ==
          std::vector<int32_t>{1, 3, 6});
    CHECK(plain.distance(5, 0) == 1.0f);
    o.duplicatesFirst = true;
    const NeighborIndex index = requireOk(NeighborIndex::build(X, o));
    const NeighborGraph g = requireOk(index.queryRows(0, 8));
    CHECK(std::vector<int32_t>(g.indices.begin() + 4 * 4, g.indices.begin() + 4 * 4 + 3) == std::vector<int32_t>{1, 6, 3});
    CHECK(g.distance(4, 0) == 0.0f);
    CHECK(g.distance(4, 1) == 0.0f);
    CHECK(g.neighbor(1, 0) == 4);
    CHECK(g.neighbor(1, 1) == 6);
    CHECK(g.neighbor(5, 0) == 0);
    CHECK(g.distance(5, 0) == 0.0f);
    CHECK(g.distance(5, 1) == 1.0f);
    REQUIRE(index.duplicates() != nullptr);
    CHECK(groupsOf(index.duplicates()->groups) == std::vector<std::vector<int32_t>>{{0, 5}, {1, 4, 6}});
    CHECK(index.duplicates()->groupOf == std::vector<int32_t>{0, 1, -1, -1, 1, 0, 1, -1});
  }
  // Sparse rows: copies in any column order, explicit zeros ignored.
  SparseRows S;
  S.nCols = 5;
  auto addRow = [&](std::vector<std::pair<int32_t, double>> entries) {
    for (auto& e : entries) {
      S.cols.push_back(e.first);
      S.values.push_back(e.second);
    }
    S.rowPtr.push_back(static_cast<int64_t>(S.values.size()));
  };
  addRow({{0, 1.0}, {3, 2.0}});
  addRow({{1, 1.0}});
  addRow({{3, 2.0}, {0, 1.0}, {4, 0.0}});  // a copy of row 0
  addRow({{0, 2.0}, {3, 4.0}});            // parallel to row 0, not a copy
  const ExactDuplicates d = findExactDuplicates(S);
  CHECK(groupsOf(d.groups) == std::vector<std::vector<int32_t>>{{0, 2}});
  NeighborGraphOptions o;
  o.k = 2;
  o.duplicatesFirst = true;
  const NeighborGraph g = requireOk(buildNeighborGraph(S, o));
  CHECK(g.neighbor(0, 0) == 2);   // the copy first (row 3, parallel, is at about 0 too)
  CHECK(g.distance(0, 0) == 0.0f);
  CHECK(g.neighbor(2, 0) == 0);
  CHECK(g.distance(2, 0) == 0.0f);
}

TEST_CASE("audit: class imbalance flags the rarest class below 0.1 / K", "[audit]") {
  std::vector<int32_t> y;
  for (int c = 0; c < 4; ++c) y.insert(y.end(), static_cast<size_t>(std::vector<int>{50, 45, 4, 1}[c]), c);
  const ClassImbalanceAudit a = requireOk(findClassImbalance(labelsOf(y), 4));
  CHECK(a.rarestClass == 3);
  CHECK(a.rarestCount == 1);
  CHECK(a.rarestShare == 0.01);
  CHECK(a.threshold == 0.1 / 4);
  CHECK(a.flagged);
  CHECK(a.score[0] == 0.5);
  CHECK(a.score[99] == 0.01);
  // Share exactly at the threshold is not below it: 1 row of 20 with K = 2 (0.05 = 0.1 / 2).
  std::vector<int32_t> b(20, 0);
  b[7] = 1;
  const ClassImbalanceAudit eq = requireOk(findClassImbalance(labelsOf(b), 2));
  CHECK(eq.rarestShare == eq.threshold);
  CHECK_FALSE(eq.flagged);
  // Ties go to the lower class; a class without rows is the rarest; one class is never flagged.
  const ClassImbalanceAudit tie = requireOk(findClassImbalance(labelsOf({1, 0, 2, 2, 1, 0}), 3));
  CHECK(tie.rarestClass == 0);
  CHECK_FALSE(tie.flagged);
  const ClassImbalanceAudit empty = requireOk(findClassImbalance(labelsOf({0, 0, 1, 1}), 3));
  CHECK(empty.rarestClass == 2);
  CHECK(empty.rarestCount == 0);
  CHECK(empty.flagged);
  CHECK_FALSE(requireOk(findClassImbalance(labelsOf({0, 0, 0}), 1)).flagged);
}

TEST_CASE("audit: empty rows and missing cells per column", "[audit]") {
  RowMatrix<uint8_t> m(4, 3);
  m << 0, 0, 0,  //
      1, 1, 1,   // every cell missing
      0, 1, 0,   //
      0, 1, 0;
  const MissingCells counts = MissingCells::ofMask(m);
  CHECK(counts.perRow == std::vector<int32_t>{0, 3, 1, 1});
  const EmptyRowsAudit a = requireOk(findEmptyRows(counts));
  CHECK(a.checked);
  CHECK(a.emptyRows == std::vector<int32_t>{1});
  CHECK(a.nonMissingShare[0] == 1.0);
  CHECK(a.nonMissingShare[1] == 0.0);
  CHECK(a.nonMissingShare[2] == 2.0 / 3.0);
  CHECK(a.missingPerColumn == std::vector<Index>{1, 3, 1});
  CHECK(a.rowsWithMissing == 3);
  MissingCells noColumns;
  noColumns.perRow.assign(5, 0);
  const EmptyRowsAudit none = requireOk(findEmptyRows(noColumns));
  CHECK_FALSE(none.checked);
  CHECK(none.emptyRows.empty());
  CHECK(none.nonMissingShare == RealVector::Ones(5));
  MissingCells wrong = counts;
  wrong.perRow[2] = 4;  // more missing cells than columns
  CHECK(findEmptyRows(wrong).status() == Status::ShapeMismatch);
  wrong = counts;
  wrong.perColumn.pop_back();
  CHECK(findEmptyRows(wrong).status() == Status::ShapeMismatch);
}

TEST_CASE("audit: the kNN vote counts the nearest other rows, never the row itself", "[audit]") {
  // Hand graph: row 0's neighbours 1, 2, 3 (labels 1, 1, 0); 2 neighbours vote.
  const NeighborGraph g = handGraph({{{1, 1.f}, {2, 2.f}, {3, 3.f}},
                                     {{0, 1.f}, {2, 2.f}, {3, 3.f}},
                                     {{3, 1.f}, {1, 2.f}, {0, 3.f}},
                                     {{2, 1.f}, {0, 3.f}, {1, 3.f}}});
  const LabelVector y = labelsOf({0, 1, 1, 0});
  const RealMatrix v = requireOk(knnVote(g, y, 2, 2));
  CHECK(v(0, 0) == 0.0);  // its own label 0 does not vote
  CHECK(v(0, 1) == 1.0);
  CHECK(v(2, 0) == 0.5);
  CHECK(v(3, 0) == 0.5);
  const RealMatrix all = requireOk(knnVote(g, y, 2, 10));  // clamped to k = 3
  CHECK(all(0, 1) == 2.0 / 3.0);

  // Datalab's rule on real rows: 11 neighbours of a row among all rows minus the row itself.
  // Row 0 sits in a cluster of 11 rows labelled 1 but is labelled 0: its vote is all 1.
  RealMatrix X(22, 2);
  for (Index i = 0; i < 22; ++i) {
    X(i, 0) = (i < 11 ? 0.0 : 100.0) + 0.01 * static_cast<double>(i % 11);
    X(i, 1) = 0.02 * static_cast<double>(i % 5);
  }
  std::vector<int32_t> labels(22, 1);
  labels[0] = 0;
  for (int i = 11; i < 22; ++i) labels[static_cast<size_t>(i)] = 0;
  const AuditResult a = requireOk(auditDataset(X, labelsOf(labels), 2, kNoTable));
  CHECK(a.knnVote(0, 0) == 0.0);
  CHECK(a.knnVote(0, 1) == 1.0);
  CHECK(a.knnVote(1, 1) == 0.9);  // row 1: 9 of the other 10 in its cluster are 1, row 0 is 0
  CHECK(a.knnVote(15, 0) == 1.0);
}

TEST_CASE("audit: the non-IID statistic and per-row scores worked by hand", "[audit]") {
  // 4 rows, each listing its neighbour in the file: every gap is 1. For a shuffled file
  // P(gap <= 1) = (2 x 1 x 4 - 1 x 2) / (4 x 3) = 1/2, so the KS distance is 1 - 1/2.
  const NeighborGraph g = handGraph({{{1, 1.f}}, {{0, 1.f}}, {{3, 1.f}}, {{2, 1.f}}});
  const NonIidAudit a = requireOk(testNonIid(g, 0));
  CHECK(a.statistic == 0.5);
  CHECK(a.pValue == 1.0);
  CHECK_FALSE(a.flagged);
  // Row 0 (first): a random other row is 1 away with probability 1/3, so KS = 2/3, score 1/3.
  // Row 1: 1 away with probability 2/3 (rows 0 and 2): KS 1/3, score 2/3.
  CHECK(a.score[0] == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(a.score[1] == Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(a.score[3] == a.score[0]);
  // p-values are (1 + at least as extreme) / (1 + permutations).
  const NonIidAudit p = requireOk(testNonIid(g, 25));
  CHECK(p.permutations == 25);
  const double scaled = p.pValue * 26.0;
  CHECK(scaled == Approx(std::round(scaled)).margin(1e-12));
  CHECK(p.pValue >= 1.0 / 26.0);
}

// The order-effects KS distance counted listing by listing, written out apart from testNonIid
// (the reference for it).
double listingByListingKs(const NeighborGraph& g, const std::vector<int32_t>& pos) {
  const Index n = g.rows();
  std::vector<int64_t> hist(static_cast<size_t>(n), 0);
  int64_t pairs = 0;
  for (Index i = 0; i < n; ++i)
    for (int j = 0; j < g.k; ++j) {
      const int32_t nb = g.neighbor(i, j);
      if (nb < 0) continue;
      const int32_t a = pos[static_cast<size_t>(i)], b = pos[static_cast<size_t>(nb)];
      ++hist[static_cast<size_t>(a > b ? a - b : b - a)];
      ++pairs;
    }
  double ks = 0.0;
  int64_t below = 0;
  for (Index gap = 1; gap < n; ++gap) {
    below += hist[static_cast<size_t>(gap)];
    const double d = static_cast<double>(gap), m = static_cast<double>(n);
    const double shuffled = (2.0 * d * m - d * (d + 1.0)) / (m * (m - 1.0));
    ks = std::max(ks, std::abs(static_cast<double>(below) / static_cast<double>(pairs) - shuffled));
  }
  return ks;
}

TEST_CASE("audit: the non-IID statistic and p-value equal a count of every listing", "[audit]") {
  // A kNN graph of a class-sorted file (many mutual pairs, a clear effect), and the same graph
  // with a row listing itself and an empty slot; a small graph with a row listing one row twice.
  const test::ModelsData d = test::makeBlobs(400, 5, 3, 2.0, 17);
  NeighborGraphOptions o;
  o.k = 8;
  const NeighborGraph knn = requireOk(buildNeighborGraph(d.X, o));
  NeighborGraph self = knn;
  self.indices[0] = 0;                                     // row 0 lists itself
  self.indices[static_cast<size_t>(2 * knn.k + 1)] = -1;  // row 2 has an empty slot
  // Row 0 lists row 1 twice, and row 1 lists it back: 7 listings at gap 1 and one at gap 3.
  const NeighborGraph twice = handGraph({{{1, 1.f}, {1, 1.f}}, {{0, 1.f}, {2, 1.f}}, {{3, 1.f}, {1, 1.f}}, {{2, 1.f}, {0, 3.f}}});
  for (const NeighborGraph* g : std::vector<const NeighborGraph*>{&knn, &self, &twice}) {
    for (const uint64_t seed : {uint64_t(0), uint64_t(5)}) {
      const Index n = g->rows();
      std::vector<int32_t> pos(static_cast<size_t>(n));
      std::iota(pos.begin(), pos.end(), 0);
      const double statistic = listingByListingKs(*g, pos);
      int atLeast = 0;
      for (int p = 0; p < 25; ++p) {
        std::iota(pos.begin(), pos.end(), 0);
        Rng rng(nonIidPermutationSeed(seed, p));
        rng.shuffle(pos.data(), static_cast<int64_t>(n));
        atLeast += listingByListingKs(*g, pos) >= statistic;
      }
      const NonIidAudit a = requireOk(testNonIid(*g, 25, 0.05, 10, seed));
      CHECK(a.statistic == statistic);
      CHECK(a.reached == atLeast);
      CHECK(a.pValue == (1.0 + atLeast) / 26.0);
    }
  }
  CHECK(requireOk(testNonIid(knn, 0)).statistic > 0.05);
}

TEST_CASE("audit: the non-IID test lists rows only when it flags the file", "[audit]") {
  // A class-sorted file (flagged) and the same rows shuffled (not flagged), at a significance
  // between the two.
  const test::ModelsData d = test::makeBlobs(300, 4, 3, 1.0, 23);
  NeighborGraphOptions o;
  o.k = 6;
  const NeighborGraph sorted = requireOk(buildNeighborGraph(d.X, o));
  std::vector<Index> order(static_cast<size_t>(d.X.rows()));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(3);
  rng.shuffle(order.data(), static_cast<int64_t>(order.size()));
  RealMatrix shuffledX(d.X.rows(), d.X.cols());
  for (Index i = 0; i < d.X.rows(); ++i) shuffledX.row(i) = d.X.row(order[static_cast<size_t>(i)]);
  const NeighborGraph shuffled = requireOk(buildNeighborGraph(shuffledX, o));
  const NonIidAudit a = requireOk(testNonIid(sorted, 7, 0.3, 10, 9));
  CHECK(a.flagged);
  CHECK(a.reached == 0);  // no shuffle looks as ordered: the smallest p-value
  CHECK(a.pValue == 1.0 / 8.0);
  CHECK(a.rows.size() == 10);
  const NonIidAudit b = requireOk(testNonIid(shuffled, 7, 0.3, 10, 9));
  CHECK_FALSE(b.flagged);
  CHECK(b.rows.empty());
  CHECK(b.score.size() == 300);  // the row scores either way
  CHECK(testNonIid(sorted, 7, 0.3, -1, 9).error().status == Status::InvalidArgument);
  CHECK(testNonIid(sorted, -1, 0.3, 10, 9).error().status == Status::InvalidArgument);
}

TEST_CASE("audit: a class-sorted file has order effects, the same rows shuffled do not", "[audit]") {
  const test::ModelsData sorted = test::makeBlobs(600, 6, 3, 6.0, 11);  // classes in row order
  const AuditResult a = requireOk(auditDataset(sorted.X, sorted.y, 3, kNoTable));
  CHECK(a.nonIid.flagged);
  CHECK(a.nonIid.pValue == 1.0 / 26.0);
  CHECK(a.nonIid.statistic > 0.3);
  REQUIRE(a.nonIid.rows.size() == 10);
  for (size_t j = 1; j < a.nonIid.rows.size(); ++j)
    CHECK(a.nonIid.score[a.nonIid.rows[j - 1]] <= a.nonIid.score[a.nonIid.rows[j]]);

  std::vector<Index> order(600);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(5);
  rng.shuffle(order.data(), 600);
  RealMatrix X(600, 6);
  LabelVector y(600);
  for (Index i = 0; i < 600; ++i) {
    X.row(i) = sorted.X.row(order[static_cast<size_t>(i)]);
    y[i] = sorted.y[order[static_cast<size_t>(i)]];
  }
  const AuditResult b = requireOk(auditDataset(X, y, 3, kNoTable));
  CHECK_FALSE(b.nonIid.flagged);
  CHECK(b.nonIid.pValue >= 0.05);
  CHECK(b.nonIid.statistic < 0.05);
  CHECK(b.nonIid.rows.empty());
}

TEST_CASE("audit: the result is a function of the inputs and the seed", "[audit]") {
  const test::ModelsData d = test::makeBlobs(400, 5, 4, 3.0, 3);
  AuditOptions o;
  o.seed = 9;
  o.neighbors.method = NeighborMethod::Approximate;  // the index's own seed too
  o.recallSampleRows = 50;
  const AuditResult a = requireOk(auditDataset(d.X, d.y, 4, kNoTable, o));
  const AuditResult b = requireOk(auditDataset(d.X, d.y, 4, kNoTable, o));
  CHECK_FALSE(a.graph.exact);
  CHECK(a.graph.recallRows == 50);
  CHECK(a.graph.recall > 0.8);
  CHECK(a.graph.recall <= 1.0);
  CHECK(a.graph.recall == b.graph.recall);
  CHECK(a.outliers.meanDistance == b.outliers.meanDistance);
  CHECK(a.outliers.ranked == b.outliers.ranked);
  CHECK(a.nearDuplicates.perRow.rows == b.nearDuplicates.perRow.rows);
  CHECK(a.nonIid.pValue == b.nonIid.pValue);
  CHECK(a.nonIid.score == b.nonIid.score);
  CHECK(a.knnVote == b.knnVote);
  // The exact graph: recall 1 by construction, no sample.
  const AuditResult e = requireOk(auditDataset(d.X, d.y, 4, kNoTable));
  CHECK(e.graph.exact);
  CHECK(e.graph.recall == 1.0);
  CHECK(e.graph.recallRows == 0);
  CHECK(e.graph.cosine);  // 5 columns > 3
  const AuditResult low = requireOk(auditDataset(d.X.leftCols(3), d.y, 4, kNoTable));
  CHECK_FALSE(low.graph.cosine);
}

TEST_CASE("audit: injected outliers and near-duplicate copies are found in breast_cancer", "[audit]") {
  test::ModelsData d;
  if (!test::loadNumericDataset("breast_cancer.clean.csv", "diagnosis", d)) {
    WARN("../shared/datasets/breast_cancer.clean.csv not found; skipped");
    return;
  }
  // 20 copies of random rows with noise of 0.01 standard deviations, and 20 rows far away in a
  // random direction (8 standard deviations per column), appended at known rows.
  const Index n = d.X.rows(), dims = d.X.cols();
  const int copies = 20, outliers = 20;
  RealMatrix X(n + copies + outliers, dims);
  LabelVector y(X.rows());
  X.topRows(n) = d.X;
  y.head(n) = d.y;
  Rng rng(2024);
  auto normal = [&] {
    const double u1 = rng.uniform01() + 1e-300, u2 = rng.uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  };
  std::vector<std::pair<Index, Index>> copyOf;
  for (int c = 0; c < copies; ++c) {
    const Index src = static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(n)));
    for (Index j = 0; j < dims; ++j) X(n + c, j) = d.X(src, j) + 0.01 * normal();
    y[n + c] = d.y[src];
    copyOf.push_back({n + c, src});
  }
  for (int o = 0; o < outliers; ++o) {
    const Index r = n + copies + o;
    for (Index j = 0; j < dims; ++j) X(r, j) = 8.0 * normal();
    y[r] = 0;
  }
  const AuditResult a = requireOk(auditDataset(X, y, d.K, kNoTable));
  int copiesFound = 0, outliersFound = 0;
  for (const auto& [copy, src] : copyOf) {
    const RowGroups& pr = a.nearDuplicates.perRow;
    copiesFound += std::find(pr.begin(copy), pr.end(copy), static_cast<int32_t>(src)) != pr.end(copy);
  }
  for (int o = 0; o < outliers; ++o) outliersFound += a.outliers.isOutlier[static_cast<size_t>(n + copies + o)];
  const Index flaggedOutliers = static_cast<Index>(a.outliers.ranked.size());
  INFO("copies found " << copiesFound << "/" << copies << ", outliers found " << outliersFound << "/" << outliers
                       << ", rows flagged as outliers " << flaggedOutliers);
  // Loose floors: they catch a broken check, not a tuning change (bench/ measures the rest).
  CHECK(copiesFound >= 18);
  CHECK(outliersFound >= 16);
  CHECK(flaggedOutliers <= 4 * outliers);
  // The far rows lead the ranking.
  REQUIRE(!a.outliers.ranked.empty());
  CHECK(a.outliers.ranked.front() >= n + copies);
}

TEST_CASE("audit: bad input gives clear errors, odd input is handled", "[audit]") {
  RealMatrix X(3, 2);
  X << 0, 1, 1, 0, 2, 2;
  const LabelVector y = labelsOf({0, 1, 0});
  CHECK(auditDataset(X.topRows(1), labelsOf({0}), 2, kNoTable).status() == Status::EmptyInput);
  CHECK(auditDataset(X, labelsOf({0, 1}), 2, kNoTable).status() == Status::ShapeMismatch);
  CHECK(auditDataset(X, labelsOf({0, 2, 0}), 2, kNoTable).status() == Status::LabelOutOfRange);
  CHECK(auditDataset(X, y, 0, kNoTable).status() == Status::InvalidArgument);
  CHECK(auditDataset(X, y, 2, MissingCells::ofMask(RowMatrix<uint8_t>::Zero(2, 1))).status() == Status::ShapeMismatch);
  AuditOptions bad;
  bad.nearDuplicateRadius = std::nan("");
  CHECK(auditDataset(X, y, 2, kNoTable, bad).status() == Status::InvalidArgument);
  bad = AuditOptions{};
  bad.k = 0;
  CHECK(auditDataset(X, y, 2, kNoTable, bad).status() == Status::InvalidArgument);
  RealMatrix nanX = X;
  nanX(1, 1) = std::nan("");
  CHECK(auditDataset(nanX, y, 2, kNoTable).status() == Status::NonFiniteValue);
  CHECK(findOutliers(NeighborGraph{}).status() == Status::InvalidArgument);
  CHECK(findOutliers(handGraph({{{5, 1.f}}, {{0, 1.f}}})).status() == Status::InvalidArgument);
  AuditOptions cancel;
  cancel.onProgress = [](const Progress& p) { return p.done < 3; };
  CHECK(auditDataset(X, y, 2, kNoTable, cancel).status() == Status::Cancelled);

  // Two rows (k = 1), one class, all-missing rows and exact copies everywhere: a result.
  RealMatrix same = RealMatrix::Zero(5, 4);
  const MissingCells allMissing = MissingCells::ofMask(RowMatrix<uint8_t>::Ones(5, 2));
  const AuditResult a = requireOk(auditDataset(same, labelsOf({0, 0, 0, 0, 0}), 1, allMissing));
  CHECK(a.graph.k == 4);
  CHECK(a.emptyRows.emptyRows.size() == 5);
  CHECK(groupsOf(a.nearDuplicates.exactSets) == std::vector<std::vector<int32_t>>{{0, 1, 2, 3, 4}});
  CHECK(a.nearDuplicates.sets.count() == 1);
  CHECK(a.outliers.ranked.empty());
  CHECK_FALSE(a.classImbalance.flagged);
  const AuditResult two = requireOk(auditDataset(X.topRows(2), labelsOf({0, 1}), 2, kNoTable));
  CHECK(two.graph.k == 1);
  CHECK(two.knnVote(0, 1) == 1.0);
}

TEST_CASE("audit: checkLabels audits the encoded features, after findIssues, unless told not to", "[audit]") {
  // Two classes in file order (an order effect), rows 3 and 7 equal in every feature, row 12's
  // features all missing (its label is there), row 20 far away.
  std::string csv = "a,b,c,d,label\n";
  for (int i = 0; i < 40; ++i) {
    const int cls = i < 20 ? 0 : 1;
    const double base = cls ? 5.0 : -5.0;
    if (i == 12) {
      csv += ",,,,x\n";
      continue;
    }
    const int src = i == 7 ? 3 : i;
    const double v = i == 20 ? 400.0 : base + 0.37 * (src % 7) - 0.11 * (src % 3);
    csv += std::to_string(v) + "," + std::to_string(base - 0.2 * (src % 5)) + "," + std::to_string(0.3 * (src % 4) + cls) + "," +
           std::to_string(1.0 + 0.05 * src) + "," + (cls ? "y" : "x") + "\n";
  }
  PipelineOptions o;
  o.label = ColumnRef::byName("label");
  o.cv.model = CvModel::Logistic;
  std::vector<std::string> stages;
  o.onProgress = [&](const Progress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.emplace_back(p.stage);
    return true;
  };
  const PipelineResult r = requireOk(checkLabels(csv, o));
  CHECK(stages == std::vector<std::string>{"parse", "encode", "crossValidation", "findIssues", "audit"});
  REQUIRE(r.audited);
  const AuditResult& a = r.audit.result;
  CHECK(a.emptyRows.emptyRows == std::vector<int32_t>{12});
  CHECK(r.audit.missingColumns == std::vector<Index>{0, 1, 2, 3});
  CHECK(a.emptyRows.missingPerColumn == std::vector<Index>{1, 1, 1, 1});
  CHECK(groupsOf(a.nearDuplicates.exactSets) == std::vector<std::vector<int32_t>>{{3, 7}});
  REQUIRE(!a.outliers.ranked.empty());
  CHECK(a.outliers.ranked.front() == 20);
  CHECK(a.nonIid.flagged);
  CHECK(r.audit.knnLabelQuality.size() == 40);
  CHECK(r.timings.auditMs > 0);

  CHECK_FALSE(a.graph.skipped);
  CHECK(r.audit.graphSeconds > 0.0);

  // A budget the graph's estimate is over: the checks that need no neighbours only.
  o.cv.budget = r.audit.graphSeconds / 2;
  const PipelineResult small = requireOk(checkLabels(csv, o));
  const AuditResult& b = small.audit.result;
  CHECK(b.graph.skipped);
  CHECK(b.graph.k == 0);
  CHECK(b.outliers.ranked.empty());
  CHECK(b.outliers.score.size() == 40);
  CHECK(groupsOf(b.nearDuplicates.exactSets) == std::vector<std::vector<int32_t>>{{3, 7}});
  CHECK(groupsOf(b.nearDuplicates.sets) == std::vector<std::vector<int32_t>>{{3, 7}});
  CHECK(b.nearDuplicates.score[3] == 0.0);
  CHECK(b.nearDuplicates.score[4] == 1.0);
  CHECK(b.emptyRows.emptyRows == std::vector<int32_t>{12});
  CHECK(b.classImbalance.rarestCount == a.classImbalance.rarestCount);
  CHECK_FALSE(b.nonIid.flagged);
  CHECK(b.nonIid.pValue == 1.0);
  CHECK(b.knnVote.rows() == 0);
  CHECK(b.outliers.meanDistance.size() == 0);
  CHECK(small.audit.knnLabelQuality.isApproxToConstant(0.5));
  CHECK(small.audit.knnLabelIssues.empty());
  o.cv.budget = -1;  // no limit
  CHECK_FALSE(requireOk(checkLabels(csv, o)).audit.result.graph.skipped);
  o.cv.budget = 12.0;

  o.audit = false;
  stages.clear();
  const PipelineResult off = requireOk(checkLabels(csv, o));
  CHECK_FALSE(off.audited);
  CHECK(stages.back() == "findIssues");
  CHECK(off.audit.result.outliers.score.size() == 0);
}

TEST_CASE("audit: a graph built elsewhere (buildAuditGraph) gives the same audit", "[audit]") {
  const test::ModelsData d = test::makeBlobs(600, 6, 3, 2.5, 5);
  for (const NeighborMethod method : {NeighborMethod::Exact, NeighborMethod::Approximate}) {
    AuditOptions o;
    o.seed = 4;
    o.neighbors.method = method;  // Approximate: the audit's clustered search
    o.recallSampleRows = 40;
    const AuditResult whole = requireOk(auditDataset(d.X, d.y, 3, kNoTable, o));
    AuditNeighbors g = requireOk(buildAuditGraph(d.X, o));
    CHECK(g.info.exact == (method == NeighborMethod::Exact));
    const AuditResult split = requireOk(auditDataset(d.X, d.y, 3, kNoTable, o, std::move(g)));
    CHECK(split.graph.k == whole.graph.k);
    CHECK(split.graph.cosine == whole.graph.cosine);
    CHECK(split.graph.recall == whole.graph.recall);
    CHECK(split.graph.recallRows == whole.graph.recallRows);
    CHECK(split.outliers.meanDistance == whole.outliers.meanDistance);
    CHECK(split.outliers.ranked == whole.outliers.ranked);
    CHECK(split.nearDuplicates.nearestDistance == whole.nearDuplicates.nearestDistance);
    CHECK(groupsOf(split.nearDuplicates.sets) == groupsOf(whole.nearDuplicates.sets));
    CHECK(split.nonIid.pValue == whole.nonIid.pValue);
    CHECK(split.nonIid.score == whole.nonIid.score);
    CHECK(split.knnVote == whole.knnVote);
    // Built without a recall sample: the recall is measured when the graph is used, the same as
    // in one piece.
    AuditOptions noRecall = o;
    noRecall.recallSampleRows = 0;
    AuditNeighbors bare = requireOk(buildAuditGraph(d.X, noRecall));
    CHECK(bare.info.recallRows == 0);
    const AuditResult late = requireOk(auditDataset(d.X, d.y, 3, kNoTable, o, std::move(bare)));
    CHECK(late.graph.recall == whole.graph.recall);
    CHECK(late.graph.recallRows == whole.graph.recallRows);
    CHECK(late.graph.exact == whole.graph.exact);
    if (method == NeighborMethod::Approximate) CHECK(late.graph.recallRows == 40);
  }
  // Prepared before the graph is in (prepareAudit): the same audit, exact copies included.
  RealMatrix X = d.X;
  X.row(7) = X.row(3);
  X.row(11) = X.row(3);
  for (const NeighborMethod method : {NeighborMethod::Exact, NeighborMethod::Approximate}) {
    AuditOptions o;
    o.seed = 9;
    o.neighbors.method = method;
    o.recallSampleRows = 40;
    const AuditResult whole = requireOk(auditDataset(X, d.y, 3, kNoTable, o));
    REQUIRE(whole.nearDuplicates.exactSets.count() == 1);
    AuditPrep prep = requireOk(prepareAudit(X, o, true));
    CHECK(prep.copies.groups.count() == 1);
    CHECK(prep.recallRows.size() == 40);
    const AuditResult early = requireOk(auditDataset(X, d.y, 3, kNoTable, o, requireOk(buildAuditGraph(X, o)), std::move(prep)));
    CHECK(early.graph.recall == whole.graph.recall);
    CHECK(early.graph.recallRows == whole.graph.recallRows);
    if (method == NeighborMethod::Approximate) CHECK(early.graph.recallRows == 40);
    CHECK(early.outliers.meanDistance == whole.outliers.meanDistance);
    CHECK(early.nearDuplicates.nearestDistance == whole.nearDuplicates.nearestDistance);
    CHECK(groupsOf(early.nearDuplicates.sets) == groupsOf(whole.nearDuplicates.sets));
    CHECK(groupsOf(early.nearDuplicates.exactSets) == groupsOf(whole.nearDuplicates.exactSets));
    CHECK(early.knnVote == whole.knnVote);
    // Prepared without the recall sample: an approximate graph then reports none.
    const AuditResult noRecall =
        requireOk(auditDataset(X, d.y, 3, kNoTable, o, requireOk(buildAuditGraph(X, o)), requireOk(prepareAudit(X, o, false))));
    CHECK(noRecall.graph.recallRows == 0);
  }
  {  // A preparation of other rows is refused.
    AuditOptions o;
    const auto wrong = auditDataset(X, d.y, 3, kNoTable, o, requireOk(buildAuditGraph(X, o)),
                                    requireOk(prepareAudit(X.topRows(300), o, true)));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().status == Status::InvalidArgument);
  }
  // A graph of other rows or options is refused, not used.
  AuditOptions o;
  AuditNeighbors g = requireOk(buildAuditGraph(d.X.topRows(300), o));
  const auto wrongRows = auditDataset(d.X, d.y, 3, kNoTable, o, std::move(g));
  REQUIRE_FALSE(wrongRows.ok());
  CHECK(wrongRows.error().status == Status::InvalidArgument);
  AuditOptions k5;
  k5.k = 5;
  const auto wrongK = auditDataset(d.X, d.y, 3, kNoTable, o, requireOk(buildAuditGraph(d.X, k5)));
  CHECK_FALSE(wrongK.ok());
  AuditOptions euclidean;
  euclidean.metric = AuditMetric::Euclidean;
  CHECK_FALSE(auditDataset(d.X, d.y, 3, kNoTable, o, requireOk(buildAuditGraph(d.X, euclidean))).ok());
  AuditOptions none;
  none.neighborChecks = false;
  CHECK_FALSE(buildAuditGraph(d.X, none).ok());
}

TEST_CASE("audit: PipelineRun takes the audit's graph from elsewhere with the same result", "[audit]") {
  std::string csv = "a,b,c,d,e,label\n";
  Rng rng(11);
  for (int i = 0; i < 300; ++i) {
    const int cls = i % 3;
    for (int c = 0; c < 5; ++c) csv += std::to_string(cls * 2.0 + rng.uniform01()) + ",";
    csv += std::string(1, static_cast<char>('p' + cls)) + "\n";
  }
  PipelineOptions o;
  o.label = ColumnRef::byName("label");
  o.cv.model = CvModel::Logistic;
  const PipelineResult whole = requireOk(checkLabels(csv, o));

  PipelineRun run(o);
  REQUIRE(run.feed(csv).ok());
  REQUIRE(run.prepare().ok());
  const AuditPlan* plan = run.auditPlan();
  REQUIRE(plan != nullptr);
  CHECK(plan->graphSeconds > 0.0);
  AuditNeighbors g = requireOk(buildAuditGraph(run.features()->dense, plan->options));
  for (size_t u = 0; u < run.plan()->units.size(); ++u) REQUIRE(run.setUnitOutput(u, requireOk(run.runUnit(u))).ok());
  // Confident Learning first, while the graph is still elsewhere (as js/cv-schedule.js does).
  REQUIRE(run.findIssues().ok());
  REQUIRE(run.findIssues().ok());  // once: a second call changes nothing
  REQUIRE(run.setAuditGraph(std::move(g)).ok());
  const PipelineResult split = requireOk(run.complete());
  CHECK(split.isLabelIssue == whole.isLabelIssue);
  CHECK(split.labelQuality == whole.labelQuality);
  REQUIRE(split.issues.size() == whole.issues.size());
  for (size_t i = 0; i < split.issues.size(); ++i) CHECK(split.issues[i].neighborExamples == whole.issues[i].neighborExamples);
  CHECK_FALSE(run.findIssues().ok());  // after complete()
  CHECK(split.audit.result.outliers.meanDistance == whole.audit.result.outliers.meanDistance);
  CHECK(split.audit.result.nonIid.score == whole.audit.result.nonIid.score);
  CHECK(split.audit.result.knnVote == whole.audit.result.knnVote);
  CHECK(split.audit.knnLabelIssues == whole.audit.knnLabelIssues);

  // Built here, before the units (js/cv-schedule.js when this thread's turn comes to it first):
  // the same result, the order-effects check run by complete().
  {
    PipelineRun here(o);
    REQUIRE(here.feed(csv).ok());
    REQUIRE(here.prepare().ok());
    REQUIRE(here.buildAuditGraph().ok());
    for (size_t u = 0; u < here.plan()->units.size(); ++u) REQUIRE(here.setUnitOutput(u, requireOk(here.runUnit(u))).ok());
    const PipelineResult early = requireOk(here.complete());
    CHECK(early.isLabelIssue == whole.isLabelIssue);
    CHECK(early.audit.result.outliers.meanDistance == whole.audit.result.outliers.meanDistance);
    CHECK(early.audit.result.nearDuplicates.score == whole.audit.result.nearDuplicates.score);
    CHECK(early.audit.result.nonIid.pValue == whole.audit.result.nonIid.pValue);
    CHECK(early.audit.result.nonIid.score == whole.audit.result.nonIid.score);
    CHECK(early.audit.knnLabelIssues == whole.audit.knnLabelIssues);
    CHECK_FALSE(here.buildAuditGraph().ok());  // after complete()
  }

  // The order-effects check elsewhere too (as js/cv-thread-calls.js does), handed over after the
  // other checks ran here or before them; and a result that does not fit is refused: made on
  // another graph (a row short), or with another number of permutations than the options ask.
  enum class Misfit { None, Rows, Permutations };
  auto orderElsewhere = [&](Misfit misfit, bool checksFirst) {
    PipelineRun r(o);
    REQUIRE(r.feed(csv).ok());
    REQUIRE(r.prepare().ok());
    const AuditOptions& ao = r.auditPlan()->options;
    AuditNeighbors g2 = requireOk(buildAuditGraph(r.features()->dense, ao));
    NonIidAudit order = requireOk(auditNonIid(g2, ao));
    CHECK(order.permutations == 25);
    if (misfit == Misfit::Rows) order.score.resize(order.score.size() - 1);
    if (misfit == Misfit::Permutations) order.permutations = 13;
    for (size_t u = 0; u < r.plan()->units.size(); ++u) REQUIRE(r.setUnitOutput(u, requireOk(r.runUnit(u))).ok());
    CHECK_FALSE(r.auditAllButNonIid().ok());  // no graph yet
    REQUIRE(r.setAuditGraph(std::move(g2)).ok());
    if (checksFirst) REQUIRE(r.auditAllButNonIid().ok());
    REQUIRE(r.setAuditNonIid(order).ok());
    return r.complete();
  };
  const NonIidAudit& w = whole.audit.result.nonIid;
  for (const bool checksFirst : {true, false}) {
    const PipelineResult apart = requireOk(orderElsewhere(Misfit::None, checksFirst));
    const NonIidAudit& a = apart.audit.result.nonIid;
    CHECK(a.permutations == 25);
    CHECK(a.reached == w.reached);
    CHECK(a.statistic == w.statistic);
    CHECK(a.pValue == w.pValue);
    CHECK(a.score == w.score);
    CHECK(a.rows == w.rows);
    CHECK(apart.audit.result.outliers.meanDistance == whole.audit.result.outliers.meanDistance);
    CHECK(apart.audit.knnLabelIssues == whole.audit.knnLabelIssues);
    CHECK(apart.isLabelIssue == whole.isLabelIssue);
  }
  for (const Misfit misfit : {Misfit::Rows, Misfit::Permutations}) {
    const auto refused = orderElsewhere(misfit, true);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("order-effects") != std::string::npos);
  }

  // Too early (a unit without its output): an error, and complete() then gives it too.
  PipelineRun early(o);
  REQUIRE(early.feed(csv).ok());
  REQUIRE(early.prepare().ok());
  const Outcome tooEarly = early.findIssues();
  REQUIRE_FALSE(tooEarly.ok());
  CHECK(tooEarly.error().message.find("no output yet") != std::string::npos);
  CHECK(early.complete().error().message == tooEarly.error().message);

  // No graph to build: the audit off, or over the time budget.
  o.audit = false;
  PipelineRun off(o);
  REQUIRE(off.feed(csv).ok());
  REQUIRE(off.prepare().ok());
  CHECK(off.auditPlan() == nullptr);
  CHECK_FALSE(off.setAuditGraph(AuditNeighbors{}).ok());
  CHECK_FALSE(off.buildAuditGraph().ok());
  o.audit = true;
  o.cv.budget = plan->graphSeconds / 2;
  PipelineRun over(o);
  REQUIRE(over.feed(csv).ok());
  REQUIRE(over.prepare().ok());
  CHECK(over.auditPlan() == nullptr);
}

TEST_CASE("audit: beyond the exact search auto's kNN is the audit graph's vote, wherever the graph was built", "[audit][knn]") {
  std::string csv = "a,b,c,d,e,label\n";
  Rng rng(23);
  for (int i = 0; i < 300; ++i) {
    const int cls = i % 3;
    for (int c = 0; c < 5; ++c) csv += std::to_string((c == cls ? 1.5 : 0.0) + rng.uniform01()) + ",";
    csv += std::string(1, static_cast<char>('p' + (rng.uniform01() < 0.1 ? (cls + 1) % 3 : cls))) + "\n";
  }
  PipelineOptions o;
  o.label = ColumnRef::byName("label");
  o.cv.neighbors.exactMaxCost = 0;  // the models' graph beyond the exact search at any size
  const PipelineResult whole = requireOk(checkLabels(csv, o));
  CHECK(whole.models.size() >= 2);
  CHECK(std::string(whole.models[1].name) == "knn");
  for (const std::string& why : whole.modelsSkipped) CHECK(why.rfind("knn", 0) != 0);

  // The graph handed over (a helper built it), or built on the run before the units.
  for (bool handed : {true, false}) {
    PipelineRun run(o);
    REQUIRE(run.feed(csv).ok());
    REQUIRE(run.prepare().ok());
    REQUIRE(run.plan()->knnVote);
    if (handed) REQUIRE(run.setAuditGraph(requireOk(buildAuditGraph(run.features()->dense, run.auditPlan()->options))).ok());
    else REQUIRE(run.buildAuditGraph().ok());
    for (size_t u = 0; u < run.plan()->units.size(); ++u) REQUIRE(run.setUnitOutput(u, requireOk(run.runUnit(u))).ok());
    const RealMatrix X = run.features()->dense;  // the encoded features, before complete()
    const PipelineResult apart = requireOk(run.complete());
    CHECK(apart.predProbs == whole.predProbs);
    CHECK(apart.isLabelIssue == whole.isLabelIssue);
    CHECK(apart.modelChoice == whole.modelChoice);
    // The rows that voted explain the issues: the audit graph's cosine neighbours (5 columns),
    // not a euclidean search.
    REQUIRE_FALSE(apart.issues.empty());
    const Index e = apart.issues.front().example;
    std::vector<std::pair<double, Index>> byCosine;
    for (Index j = 0; j < X.rows(); ++j)
      if (j != e) byCosine.emplace_back(1.0 - X.row(e).dot(X.row(j)) / (X.row(e).norm() * X.row(j).norm()), j);
    std::sort(byCosine.begin(), byCosine.end());
    const std::vector<Index>& shown = apart.issues.front().neighborExamples;
    REQUIRE(shown.size() == 5);
    for (size_t t = 0; t < shown.size(); ++t) CHECK(shown[t] == byCosine[t].second);
  }

  // On one thread the graph is built before the blend, with its progress (stage "audit"), and
  // returning false there cancels.
  std::vector<std::string> stages;
  PipelineOptions watched = o;
  watched.onProgress = [&](const Progress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
    return true;
  };
  requireOk(checkLabels(csv, watched));
  const auto audit = std::find(stages.begin(), stages.end(), "audit");
  const auto issues = std::find(stages.begin(), stages.end(), "findIssues");
  CHECK(audit < issues);
  CHECK(issues != stages.end());
  watched.onProgress = [](const Progress& p) { return std::string(p.stage) != "audit"; };
  const auto cancelled = checkLabels(csv, watched);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().status == Status::Cancelled);

  // Without the audit the graph is built for the vote alone: the same models and label issues,
  // no audit, and the graph's progress as the cross-validation's last step (no stage "audit"),
  // where returning false cancels too.
  PipelineOptions off = watched;
  off.audit = false;
  stages.clear();
  bool graphStep = false;
  std::vector<Progress> cvSteps;
  off.onProgress = [&](const Progress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
    graphStep = graphStep || (std::string(p.stage) == "crossValidation" && std::string(p.detail) == "neighbour graph");
    if (std::string(p.stage) == "crossValidation") cvSteps.push_back(p);
    return true;
  };
  const PipelineResult quiet = requireOk(checkLabels(csv, off));
  CHECK_FALSE(quiet.audited);
  CHECK(std::find(stages.begin(), stages.end(), "audit") == stages.end());
  CHECK(graphStep);
  // The graph is the stage's last unit: one total from the first step to the last, never going back.
  REQUIRE(cvSteps.size() >= 2);
  for (size_t t = 1; t < cvSteps.size(); ++t) {
    CHECK(cvSteps[t].total == cvSteps[0].total);
    CHECK(cvSteps[t].workTotal == cvSteps[0].workTotal);
    CHECK(cvSteps[t].done >= cvSteps[t - 1].done);
    CHECK(cvSteps[t].workDone >= cvSteps[t - 1].workDone);
  }
  CHECK(cvSteps.back().done == cvSteps.back().total);
  CHECK(std::string(cvSteps.back().detail) == "neighbour graph");
  CHECK(cvSteps[cvSteps.size() - 2].done == cvSteps.back().total - 1);
  REQUIRE(quiet.models.size() == whole.models.size());
  for (size_t m = 0; m < whole.models.size(); ++m) {
    CHECK(std::string(quiet.models[m].name) == whole.models[m].name);
    CHECK(quiet.models[m].weight == whole.models[m].weight);
  }
  REQUIRE(quiet.issues.size() == whole.issues.size());
  for (size_t i = 0; i < whole.issues.size(); ++i) CHECK(quiet.issues[i].example == whole.issues[i].example);
  CHECK(quiet.predProbs == whole.predProbs);
  off.onProgress = [](const Progress& p) { return std::string(p.detail) != "neighbour graph"; };
  const auto offCancelled = checkLabels(csv, off);
  REQUIRE_FALSE(offCancelled.ok());
  CHECK(offCancelled.error().status == Status::Cancelled);
  // The same with missing cells (the graph reads the features with them centred, a copy that
  // the run without the audit lets go once the graph is built).
  std::string holes = "a,b,c,d,e,label\n";
  for (int i = 0; i < 300; ++i) {
    const int cls = i % 3;
    for (int c = 0; c < 5; ++c)
      holes += (i % 7 == c ? std::string() : std::to_string((c == cls ? 1.5 : 0.0) + rng.uniform01())) + ",";
    holes += std::string(1, static_cast<char>('p' + (rng.uniform01() < 0.1 ? (cls + 1) % 3 : cls))) + "\n";
  }
  const PipelineResult holesOn = requireOk(checkLabels(holes, o));
  PipelineOptions holesOptions = o;
  holesOptions.audit = false;
  const PipelineResult holesOff = requireOk(checkLabels(holes, holesOptions));
  REQUIRE(holesOn.models.size() >= 2);
  CHECK(std::string(holesOff.models[1].name) == "knn");
  CHECK(holesOff.predProbs == holesOn.predProbs);
  REQUIRE(holesOff.issues.size() == holesOn.issues.size());
  for (size_t i = 0; i < holesOn.issues.size(); ++i) CHECK(holesOff.issues[i].example == holesOn.issues[i].example);

  // Without the audit and without auto's kNN (a model named), no graph is planned at all.
  PipelineOptions named = o;
  named.audit = false;
  named.cv.model = CvModel::Logistic;
  PipelineRun plain(named);
  REQUIRE(plain.feed(csv).ok());
  REQUIRE(plain.prepare().ok());
  CHECK(plain.auditPlan() == nullptr);

  // With refit there is no graph to read (pass 2 leaves rows out of every list): kNN is left out.
  PipelineOptions refit = o;
  refit.refit = true;
  const PipelineResult r = requireOk(checkLabels(csv, refit));
  for (const auto& m : r.models) CHECK(std::string(m.name) != "knn");
  bool said = false;
  for (const std::string& why : r.modelsSkipped) said = said || why.find("reads the data audit's graph") != std::string::npos;
  CHECK(said);
}
