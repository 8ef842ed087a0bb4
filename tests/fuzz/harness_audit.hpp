// What the fuzz_audit target does with one input, shared by the libFuzzer target and the Catch2
// replay of its corpus and regressions (tests/cpp/test_regressions.cpp): the neighbour-graph
// builder (exact and approximate, dense and sparse, exact copies first) and the data audit on
// top of it. Same conventions as harness.hpp. Returns "" when the input was handled, else the
// broken invariant.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "harness.hpp"
#include "labelcheck/audit.hpp"
#include "labelcheck/neighbor_graph.hpp"

namespace labelcheck::fuzz {

// The lists of a graph of n rows: in range, never the row itself, no row twice, distances
// non-negative and non-decreasing, padding (-1, +inf) only at the end.
inline std::string checkGraphLists(const NeighborGraph& g, Index n, int k, bool cosine) {
  LABELCHECK_FUZZ_EXPECT(g.rows() == n && g.k == k);
  LABELCHECK_FUZZ_EXPECT(g.indices.size() == size_t(n * k) && g.distances.size() == size_t(n * k));
  for (Index i = 0; i < n; ++i) {
    bool padding = false;
    for (int j = 0; j < k; ++j) {
      const int32_t r = g.neighbor(i, j);
      const float d = g.distance(i, j);
      if (r < 0) {
        LABELCHECK_FUZZ_EXPECT(r == -1 && std::isinf(d));
        padding = true;
        continue;
      }
      LABELCHECK_FUZZ_EXPECT(!padding && r < n && r != i);
      LABELCHECK_FUZZ_EXPECT(d >= 0.0f && std::isfinite(d) && (!cosine || d <= 2.0f + 1e-5f));
      if (j > 0) LABELCHECK_FUZZ_EXPECT(g.distance(i, j - 1) <= d);
      for (int q = 0; q < j; ++q) LABELCHECK_FUZZ_EXPECT(g.neighbor(i, q) != r);
    }
  }
  return "";
}

// With duplicatesFirst: a row's exact copies come first, in index order, at distance exactly 0.
inline std::string checkCopiesFirst(const NeighborGraph& g, const ExactDuplicates& d) {
  for (Index i = 0; i < g.rows(); ++i) {
    const int32_t group = d.groupOf[size_t(i)];
    if (group < 0) continue;
    int j = 0;
    for (const int32_t* r = d.groups.begin(group); r != d.groups.end(group) && j < g.k; ++r) {
      if (*r == i) continue;
      LABELCHECK_FUZZ_EXPECT(g.neighbor(i, j) == *r && g.distance(i, j) == 0.0f);
      ++j;
    }
  }
  return "";
}

// Every output of the audit in its range and consistent with the others.
inline std::string checkAudit(const AuditResult& a, Index n, int K, const MissingCells& missing, int permutations) {
  LABELCHECK_FUZZ_EXPECT(a.outliers.score.size() == n && a.outliers.isOutlier.size() == size_t(n));
  LABELCHECK_FUZZ_EXPECT(!std::isnan(a.outliers.threshold));
  Index flagged = 0;
  for (Index i = 0; i < n; ++i) {
    LABELCHECK_FUZZ_EXPECT(a.outliers.score[i] >= 0.0 && a.outliers.score[i] <= 1.0);
    LABELCHECK_FUZZ_EXPECT(a.outliers.isOutlier[size_t(i)] == (a.outliers.meanDistance[i] > a.outliers.threshold));
    flagged += a.outliers.isOutlier[size_t(i)];
  }
  LABELCHECK_FUZZ_EXPECT(Index(a.outliers.ranked.size()) == flagged);
  for (size_t q = 0; q < a.outliers.ranked.size(); ++q) {
    const int32_t r = a.outliers.ranked[q];
    LABELCHECK_FUZZ_EXPECT(r >= 0 && r < n && a.outliers.isOutlier[size_t(r)]);
    if (q) LABELCHECK_FUZZ_EXPECT(a.outliers.meanDistance[a.outliers.ranked[q - 1]] >= a.outliers.meanDistance[r]);
  }

  const NearDuplicateAudit& nd = a.nearDuplicates;
  LABELCHECK_FUZZ_EXPECT(nd.medianNearest >= 1e-6 && nd.perRow.count() == n);
  std::vector<int> setOf(static_cast<size_t>(n), -1);
  for (Index s = 0; s < nd.sets.count(); ++s) {
    LABELCHECK_FUZZ_EXPECT(nd.sets.size(s) >= 2);
    for (const int32_t* r = nd.sets.begin(s); r != nd.sets.end(s); ++r) {
      LABELCHECK_FUZZ_EXPECT(*r >= 0 && *r < n && setOf[size_t(*r)] == -1 && nd.isNearDuplicate[size_t(*r)]);
      if (r != nd.sets.begin(s)) LABELCHECK_FUZZ_EXPECT(r[-1] < *r);
      setOf[size_t(*r)] = int(s);
    }
  }
  for (Index i = 0; i < n; ++i) {
    LABELCHECK_FUZZ_EXPECT(nd.score[i] >= 0.0 && nd.score[i] <= 1.0);
    LABELCHECK_FUZZ_EXPECT(bool(nd.isNearDuplicate[size_t(i)]) == (setOf[size_t(i)] >= 0));
    for (const int32_t* r = nd.perRow.begin(i); r != nd.perRow.end(i); ++r)
      LABELCHECK_FUZZ_EXPECT(*r != i && setOf[size_t(*r)] == setOf[size_t(i)]);
  }
  for (Index s = 0; s < nd.exactSets.count(); ++s) {  // copies are near-duplicates of each other
    LABELCHECK_FUZZ_EXPECT(nd.exactSets.size(s) >= 2);
    for (const int32_t* r = nd.exactSets.begin(s); r != nd.exactSets.end(s); ++r) {
      LABELCHECK_FUZZ_EXPECT(nd.score[*r] == 0.0 && setOf[size_t(*r)] == setOf[size_t(*nd.exactSets.begin(s))]);
    }
  }

  const ClassImbalanceAudit& ci = a.classImbalance;
  LABELCHECK_FUZZ_EXPECT(ci.rarestClass >= 0 && ci.rarestClass < K && ci.rarestCount >= 0 && ci.rarestCount <= n);
  LABELCHECK_FUZZ_EXPECT(ci.flagged == (ci.rarestShare < ci.threshold));

  const NonIidAudit& ni = a.nonIid;
  LABELCHECK_FUZZ_EXPECT(ni.permutations == permutations && ni.statistic >= 0.0 && ni.statistic <= 1.0 + 1e-12);
  LABELCHECK_FUZZ_EXPECT(ni.pValue >= 1.0 / (1.0 + permutations) && ni.pValue <= 1.0);
  for (Index i = 0; i < n; ++i) LABELCHECK_FUZZ_EXPECT(ni.score[i] >= -1e-12 && ni.score[i] <= 1.0);
  for (int32_t r : ni.rows) LABELCHECK_FUZZ_EXPECT(ni.flagged && r >= 0 && r < n);

  const EmptyRowsAudit& e = a.emptyRows;
  LABELCHECK_FUZZ_EXPECT(e.nonMissingShare.size() == n);
  for (int32_t r : e.emptyRows) LABELCHECK_FUZZ_EXPECT(missing.columns > 0 && missing.perRow[size_t(r)] == missing.columns);
  if (missing.columns > 0) {
    Index empty = 0;
    for (Index i = 0; i < n; ++i) empty += missing.perRow[size_t(i)] == missing.columns;
    LABELCHECK_FUZZ_EXPECT(Index(e.emptyRows.size()) == empty);
  }

  LABELCHECK_FUZZ_EXPECT(a.knnVote.rows() == n && a.knnVote.cols() == K);
  for (Index i = 0; i < n; ++i) {
    LABELCHECK_FUZZ_EXPECT(a.knnVote.row(i).minCoeff() >= 0.0);
    LABELCHECK_FUZZ_EXPECT(std::abs(a.knnVote.row(i).sum() - 1.0) < 1e-9);
  }
  LABELCHECK_FUZZ_EXPECT(a.graph.recall >= 0.0 && a.graph.recall <= 1.0);
  return "";
}

// byte 0: bits 0-2 D - 1 (1..8 columns), bits 3-4 K - 1 (1..4 classes), bit 5 cosine,
//         bit 6 approximate search (HNSW or the clustered search, by the seed), bit 7 sparse rows
// byte 1: bits 0-3 k - 1 (1..16), bit 4 special feature values (NaN, inf, 1e300...) for bytes
//         >= 248, bit 5 tile the rows 12 times (copies, larger graphs), bit 6 a jitter on the
//         tiles (near-duplicates instead of copies), bit 7 missing-cell counts from the label bytes
// byte 2: seed (bit 0: the clustered search, else HNSW); byte 3: HNSW m = 2 + b % 15, efConstruction = 1 + (b >> 4) * 4
// Then per row: a label byte and D feature bytes (signed, / 16: many ties and copies).
// N = remaining / (D + 1), <= 40 before tiling.
inline std::string fuzzAudit(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  const uint8_t shape = in.byte(), flags = in.byte(), seed = in.byte(), hnsw = in.byte();
  const Index D = 1 + (shape & 7);
  const int K = 1 + ((shape >> 3) & 3);
  const Index base = std::min<Index>(Index(in.remaining() / size_t(D + 1)), 40);
  if (base == 0) return "";
  const Index tiles = (flags & 32) ? 12 : 1, n = base * tiles;
  LabelVector y(n);
  RealMatrix X(n, D);
  std::vector<uint8_t> labelBytes(static_cast<size_t>(base));
  for (Index i = 0; i < base; ++i) {
    labelBytes[size_t(i)] = in.byte();
    y[i] = int32_t(labelBytes[size_t(i)] % K);
    for (Index d = 0; d < D; ++d) {
      const uint8_t b = in.byte();
      X(i, d) = (flags & 16) && b >= 248 ? specialValue(b) : double(int8_t(b)) / 16.0;
    }
  }
  for (Index i = base; i < n; ++i) {
    y[i] = y[i % base];
    for (Index d = 0; d < D; ++d) X(i, d) = X(i % base, d) + ((flags & 64) ? double((i * 7 + d * 13) % 5) / 4096.0 : 0.0);
  }
  const bool finite = X.allFinite();
  // The graph keeps float32 rows: values beyond float32's range are refused like NaN.
  const bool representable = finite && X.cwiseAbs().maxCoeff() <= double(std::numeric_limits<float>::max());
  const SparseRows S = sparseOf(X);
  const bool sparse = shape & 128;
  const bool cosine = sparse || (shape & 32);

  NeighborGraphOptions go;
  go.k = 1 + (flags & 15);
  go.metric = cosine ? KnnMetric::Cosine : KnnMetric::Euclidean;
  go.method = (shape & 64) ? NeighborMethod::Approximate : NeighborMethod::Exact;
  go.approximate = (seed & 1) ? ApproximateIndex::Clusters : ApproximateIndex::Hnsw;  // the audit's, the models'
  go.m = 2 + hnsw % 15;
  go.efConstruction = 1 + (hnsw >> 4) * 4;
  go.seed = seed;
  go.duplicatesFirst = true;
  const int k = int(std::min<Index>(go.k, n - 1));

  // The graph: built twice (same bits), and as two ranges of one index (the same lists).
  auto built = sparse ? buildNeighborGraph(S, go) : buildNeighborGraph(X, go);
  if (!built.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(built.error()));
    LABELCHECK_FUZZ_EXPECT(!representable || n < 2);
  } else {
    LABELCHECK_FUZZ_EXPECT(finite);
    const NeighborGraph& g = built.value();
    LABELCHECK_FUZZ_PASS(checkGraphLists(g, n, k, cosine));
    auto again = sparse ? buildNeighborGraph(S, go) : buildNeighborGraph(X, go);
    LABELCHECK_FUZZ_EXPECT(again.ok() && again.value().indices == g.indices && again.value().distances == g.distances);
    auto index = sparse ? NeighborIndex::build(S, go) : NeighborIndex::build(X, go);
    LABELCHECK_FUZZ_EXPECT(index.ok());
    LABELCHECK_FUZZ_PASS(checkCopiesFirst(g, *index.value().duplicates()));
    const Index cut = n * seed / 256;
    auto a = index.value().queryRows(0, cut), b = index.value().queryRows(cut, n);
    LABELCHECK_FUZZ_EXPECT(a.ok() && b.ok());
    std::vector<int32_t> joined = a.value().indices;
    joined.insert(joined.end(), b.value().indices.begin(), b.value().indices.end());
    LABELCHECK_FUZZ_EXPECT(joined == g.indices);
    if (g.exact && !sparse && k > 0) {  // exact search: each list's distances are the true k smallest
      std::vector<Index> all(static_cast<size_t>(n));
      for (Index i = 0; i < n; ++i) all[size_t(i)] = i;
      const Result<Neighbors> search = nearestNeighbors(X, all, k, go.metric);
      LABELCHECK_FUZZ_EXPECT(search.ok());
      const Neighbors& truth = search.value();
      const ExactDuplicates& copies = *index.value().duplicates();
      for (Index i = 0; i < n; ++i) {
        // Under cosine, copies of a row of zeros are at 0 here (copies first) and at 1 in the search.
        if (cosine && copies.groupOf[size_t(i)] >= 0) continue;
        for (int j = 0; j < k; ++j) {
          const double want = truth.distances(i, j), got = g.distance(i, j);
          LABELCHECK_FUZZ_EXPECT(std::abs(got - want) <= 1e-4 * std::max(1.0, std::abs(want)));
        }
      }
    }
  }

  // The audit on the same rows.
  MissingCells missing;
  if (flags & 128) {
    missing.columns = D;
    missing.perColumn.assign(size_t(D), 0);
    for (Index i = 0; i < n; ++i) {
      const int32_t m = int32_t(labelBytes[size_t(i % base)] >> 4) % int32_t(D + 1);
      missing.perRow.push_back(m);
      for (int32_t c = 0; c < m; ++c) ++missing.perColumn[size_t(c)];
    }
  }
  AuditOptions ao;
  ao.k = go.k;
  ao.metric = cosine ? AuditMetric::Cosine : AuditMetric::Euclidean;
  ao.neighbors = go;
  ao.nonIidPermutations = seed % 30;
  ao.voteNeighbors = 1 + hnsw % 12;
  ao.recallSampleRows = 1 + seed % 20;
  ao.seed = seed;
  auto audited = sparse ? auditDataset(S, y, K, missing, ao) : auditDataset(X, y, K, missing, ao);
  if (!audited.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(audited.error()));
    LABELCHECK_FUZZ_EXPECT(!representable || n < 2);
    return "";
  }
  LABELCHECK_FUZZ_EXPECT(finite && n >= 2);
  LABELCHECK_FUZZ_PASS(checkAudit(audited.value(), n, K, missing, ao.nonIidPermutations));
  auto twice = sparse ? auditDataset(S, y, K, missing, ao) : auditDataset(X, y, K, missing, ao);
  LABELCHECK_FUZZ_EXPECT(twice.ok() && twice.value().outliers.ranked == audited.value().outliers.ranked &&
                         twice.value().nearDuplicates.sets.rows == audited.value().nearDuplicates.sets.rows &&
                         twice.value().nonIid.pValue == audited.value().nonIid.pValue);
  // The graph built apart (as a helper thread does) and handed over: the same audit.
  auto apart = sparse ? buildAuditGraph(S, ao) : buildAuditGraph(X, ao);
  LABELCHECK_FUZZ_EXPECT(apart.ok());
  auto handed = sparse ? auditDataset(S, y, K, missing, ao, std::move(apart).value())
                       : auditDataset(X, y, K, missing, ao, std::move(apart).value());
  LABELCHECK_FUZZ_EXPECT(handed.ok() && handed.value().outliers.ranked == audited.value().outliers.ranked &&
                         handed.value().nearDuplicates.sets.rows == audited.value().nearDuplicates.sets.rows &&
                         handed.value().nonIid.score == audited.value().nonIid.score &&
                         handed.value().knnVote == audited.value().knnVote);
  return "";
}

}  // namespace labelcheck::fuzz
