// The neighbour graph of all rows: option checks, the choice between exact and approximate
// search, and the conversion of squared distances. See labelcheck/neighbor_graph.hpp.
#include "labelcheck/neighbor_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "detail/cluster_search.hpp"
#include "detail/exact_search.hpp"
#include "detail/float_rows.hpp"
#include "detail/hnsw.hpp"
#include "detail/neighbor_lists.hpp"
#include "detail/sparse_search.hpp"
#include "labelcheck/validate.hpp"

// The WebAssembly build leaves the HNSW index out: nothing the package offers asks for it (the
// audit and the models take the clustered search), and it would take about 5 KB of the package's
// 400 KB gzipped budget. There approximate = Hnsw takes the clustered search (neighbor_graph.hpp).
#ifdef __EMSCRIPTEN__
#define LABELCHECK_HNSW 0
#else
#define LABELCHECK_HNSW 1
#endif

namespace labelcheck {

namespace detail {

struct NeighborIndexData {
  enum class Kind { DenseExact, DenseApproximate, DenseClustered, Sparse };
  Kind kind = Kind::DenseExact;
  Index n = 0;
  int dims = 0;
  int k = 0;
  bool cosine = false;
  int efSearch = 0;
  int m = 0;
  int efConstruction = 0;
  std::vector<uint8_t> zero;       // cosine: 1 for a row without direction (empty when none)
  std::vector<int32_t> zeroRows;   // the rows flagged in `zero`, ascending
  FloatPanels panels;              // DenseExact
#if LABELCHECK_HNSW
  Hnsw graph;                      // DenseApproximate (holds the rows)
#endif
  NeighborLists buildLists;        // DenseApproximate: every row's list as found by the build;
                                   // DenseClustered: every row's final list
  SparseRows unit;                 // Sparse: unit-length rows
  InvertedIndex inverted;          // Sparse
  bool duplicatesFirst = false;
  ExactDuplicates duplicates;      // with duplicatesFirst
};

}  // namespace detail

namespace {

using detail::NeighborIndexData;
using Kind = NeighborIndexData::Kind;

// The cost model: native single-threaded milliseconds on the machine of bench/README.md, fitted
// to bench/neighbor_graph_bench.cpp (see there). Exact: per pair and dimension (each pair once
// within the searched rows). Approximate, at m = 16, efConstruction 40, efSearch 20, per row:
// (kApproxBaseUs + kApproxPerDimUs D) microseconds at 10,000 rows, growing as rows^0.25 (cache
// misses), three quarters build and one quarter queries, each proportional to its beam width.
// Sparse: per posting walked.
constexpr double kExactMsPerPairDim = 1.5e-10 * 1e3;
constexpr double kApproxBaseUs = 28.5;
constexpr double kApproxPerDimUs = 0.175;
constexpr double kSparseMsPerPosting = 2e-9 * 1e3;

double approxRowMs(Index n, int dims, int m, int efConstruction, int efSearch, bool withBuild) {
  const double base = (kApproxBaseUs + kApproxPerDimUs * dims) * std::pow(std::max<double>(n, 1e4) / 1e4, 0.25) *
                      std::sqrt(m / 16.0) * 1e-3;
  return base * ((withBuild ? 0.75 * efConstruction / 40.0 : 0.0) + 0.25 * efSearch / 20.0);
}

// Clustered: the centroid search (n sqrt(n) pairs) and the searches inside the cells (about
// 2.5 n sqrt(n) pairs), whose offers grow with the lists' length k (about as n k: the longer a
// list, the more of a cell's candidates get in), then the neighbour-of-neighbour round, 2 hops^2
// candidate pairs per row (mostly cache misses). Fitted on 25,000 to 1,000,000 x 20 blobs at
// k = 10 and 42 (bench/README.md): within 10% from 100,000 rows, 25% above at 25,000.
constexpr double kClusterMsPerPairDim = 0.45e-6;
constexpr double kClusterOfferMsPerRowK = 3.7e-4;
constexpr double kClusterRoundMsPerPair = 0.75e-5;

// The approximate search these options take: the clustered one, or HNSW where it is built.
bool takesClusters(const NeighborGraphOptions& o) { return !LABELCHECK_HNSW || o.approximate == ApproximateIndex::Clusters; }

double clusteredMs(double n, int dims, int k) {
  const double hops = std::min(k, detail::ClusterParams{}.hops);
  return n * std::sqrt(n) * dims * kClusterMsPerPairDim + n * k * kClusterOfferMsPerRowK +
         n * 2.0 * hops * hops * kClusterRoundMsPerPair;
}

double exactMs(double searched, double n, int dims) {
  return (searched * searched / 2.0 + searched * (n - searched)) * exactCostDims(dims) * kExactMsPerPairDim;
}

Outcome checkOptions(const NeighborGraphOptions& o) {
  if (o.k < 1) return makeError(Status::InvalidArgument, "neighbour graph: k must be >= 1");
  if (o.m < 2 || o.m > 1000) return makeError(Status::InvalidArgument, "neighbour graph: m must be in [2, 1000]");
  if (o.efConstruction < 1) return makeError(Status::InvalidArgument, "neighbour graph: efConstruction must be >= 1");
  if (o.efSearch < 0) return makeError(Status::InvalidArgument, "neighbour graph: efSearch must be >= 0");
  if (!(o.exactMaxCost >= 0.0))
    return makeError(Status::InvalidArgument, "neighbour graph: exactMaxCost must be a number >= 0");
  return {};
}

Outcome checkRows(Index n) {
  if (n == 0) return makeError(Status::EmptyInput, "neighbour graph: no rows");
  if (n >= std::numeric_limits<int32_t>::max())
    return makeError(Status::LimitExceeded, "neighbour graph: " + std::to_string(n) + " rows (at most 2^31 - 2)");
  return {};
}

int effectiveEf(const NeighborGraphOptions& o, int k) {
  return o.efSearch > 0 ? std::max(o.efSearch, k) : 2 * k;
}

void keysToGraph(const NeighborIndexData& d, detail::NeighborLists& lists, NeighborGraph& g) {
  lists.finish(g.indices, g.distances);
  for (float& x : g.distances) x = d.cosine ? 0.5f * x : std::sqrt(x);
}

// duplicatesFirst: each listed row's copies (ascending, at distance 0) go first, then the
// search's other neighbours in their order, the list cut at k. One scratch list for all rows.
void putDuplicatesFirst(const ExactDuplicates& dup, Index begin, NeighborGraph& g) {
  if (dup.groups.count() == 0 || g.k == 0) return;
  std::vector<int32_t> rows(static_cast<size_t>(g.k));
  std::vector<float> dist(static_cast<size_t>(g.k));
  for (Index r = begin; r < begin + g.rows(); ++r) {
    const int32_t group = dup.groupOf[static_cast<size_t>(r)];
    if (group < 0) continue;
    int filled = 0;
    for (const int32_t* c = dup.groups.begin(group); c != dup.groups.end(group) && filled < g.k; ++c)
      if (*c != r) {
        rows[static_cast<size_t>(filled)] = *c;
        dist[static_cast<size_t>(filled++)] = 0.0f;
      }
    int32_t* list = g.indices.data() + (r - begin) * g.k;
    float* listDist = g.distances.data() + (r - begin) * g.k;
    for (int j = 0; j < g.k && filled < g.k; ++j)
      if (list[j] >= 0 && dup.groupOf[static_cast<size_t>(list[j])] != group) {
        rows[static_cast<size_t>(filled)] = list[j];
        dist[static_cast<size_t>(filled++)] = listDist[j];
      }
    for (; filled < g.k; ++filled) {
      rows[static_cast<size_t>(filled)] = -1;
      dist[static_cast<size_t>(filled)] = std::numeric_limits<float>::infinity();
    }
    std::copy(rows.begin(), rows.end(), list);
    std::copy(dist.begin(), dist.end(), listDist);
  }
}

// The clustered search (detail/cluster_search.hpp) over one row of each group of exact copies:
// k-means cannot split identical rows, so a file of many copies would make one cell of them and
// an exact search of its square. Then every row of a group is offered its copies at distance 0
// and its group's first row's list, and a list holding a group's first row is offered the
// group's other rows at the same distance (as the search would have found them, ties in row
// order).
bool clusteredLists(const Eigen::Ref<const RealMatrix>& X, const detail::RowSource& src, const NeighborGraphOptions& o,
                    std::vector<int32_t> members, NeighborIndexData& d) {
  const ExactDuplicates local = o.duplicatesFirst ? ExactDuplicates() : findExactDuplicates(X);
  const ExactDuplicates& dup = o.duplicatesFirst ? d.duplicates : local;
  const auto firstOf = [&](int32_t r) {
    const int32_t g = dup.groupOf[static_cast<size_t>(r)];
    return g < 0 ? r : *dup.groups.begin(g);
  };
  if (dup.groups.count() > 0)
    members.erase(std::remove_if(members.begin(), members.end(), [&](int32_t r) { return firstOf(r) != r; }),
                  members.end());
  detail::ClusterParams p;
  p.seed = o.seed;
  detail::NeighborLists& lists = d.buildLists;
  if (!detail::clusteredSelfSearch(src, members, d.k, p, lists)) return false;
  if (dup.groups.count() == 0) return true;
  std::vector<float> keys(static_cast<size_t>(d.k));
  std::vector<int32_t> rows(static_cast<size_t>(d.k));
  for (Index r = 0; r < d.n; ++r) {
    const int32_t g = dup.groupOf[static_cast<size_t>(r)];
    if (g < 0 || (!d.zero.empty() && d.zero[static_cast<size_t>(r)])) continue;  // zero rows: merged later
    // The row's copies at distance 0 (the same floats), lowest rows first.
    for (const int32_t* c = dup.groups.begin(g); c != dup.groups.end(g); ++c)
      if (*c != r && !lists.offerOnce(r, 0.0f, *c)) break;
    const int32_t first = *dup.groups.begin(g);
    if (first == r) continue;
    // A copy: then its group's first row's list (complete: rows go in ascending order).
    std::copy(lists.keys(first), lists.keys(first) + d.k, keys.begin());
    std::copy(lists.rows(first), lists.rows(first) + d.k, rows.begin());
    for (int j = 0; j < d.k && rows[static_cast<size_t>(j)] != detail::NeighborLists::kEmpty; ++j)
      if (rows[static_cast<size_t>(j)] != r) lists.offerOnce(r, keys[static_cast<size_t>(j)], rows[static_cast<size_t>(j)]);
  }
  for (Index r = 0; r < d.n; ++r) {
    std::copy(lists.keys(r), lists.keys(r) + d.k, keys.begin());
    std::copy(lists.rows(r), lists.rows(r) + d.k, rows.begin());
    for (int j = 0; j < d.k && rows[static_cast<size_t>(j)] != detail::NeighborLists::kEmpty; ++j) {
      const int32_t g = dup.groupOf[static_cast<size_t>(rows[static_cast<size_t>(j)])];
      if (g < 0) continue;
      for (const int32_t* c = dup.groups.begin(g); c != dup.groups.end(g); ++c)
        if (*c != r && !lists.offerOnce(r, keys[static_cast<size_t>(j)], *c) && *c > rows[static_cast<size_t>(j)]) break;
    }
  }
  return true;
}

}  // namespace

NeighborIndex::NeighborIndex(std::unique_ptr<detail::NeighborIndexData> data) : m_data(std::move(data)) {}
NeighborIndex::NeighborIndex(NeighborIndex&&) noexcept = default;
NeighborIndex& NeighborIndex::operator=(NeighborIndex&&) noexcept = default;
NeighborIndex::~NeighborIndex() = default;

Index NeighborIndex::rows() const noexcept { return m_data->n; }
int NeighborIndex::k() const noexcept { return m_data->k; }
bool NeighborIndex::exact() const noexcept {
  return m_data->kind != Kind::DenseApproximate && m_data->kind != Kind::DenseClustered;
}

size_t NeighborIndex::memoryBytes() const noexcept {
  const NeighborIndexData& d = *m_data;
  return d.panels.data.capacity() * sizeof(float) +
#if LABELCHECK_HNSW
         d.graph.memoryBytes() +
#endif
         d.buildLists.memoryBytes() +
         d.zero.capacity() + d.zeroRows.capacity() * sizeof(int32_t) + d.unit.values.capacity() * sizeof(double) +
         d.unit.cols.capacity() * sizeof(int32_t) + d.unit.rowPtr.capacity() * sizeof(int64_t) +
         d.inverted.rows.capacity() * sizeof(int32_t) + d.inverted.values.capacity() * sizeof(double) +
         d.inverted.colPtr.capacity() * sizeof(int64_t) + d.duplicates.groupOf.capacity() * sizeof(int32_t) +
         d.duplicates.groups.rows.capacity() * sizeof(int32_t) + d.duplicates.groups.starts.capacity() * sizeof(int64_t);
}

const ExactDuplicates* NeighborIndex::duplicates() const noexcept {
  return m_data->duplicatesFirst ? &m_data->duplicates : nullptr;
}

Result<NeighborIndex> NeighborIndex::build(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& o) {
  Outcome ok = checkOptions(o);
  if (!ok.ok()) return std::move(ok).error();
  ok = checkRows(X.rows());
  if (!ok.ok()) return std::move(ok).error();
  if (!X.allFinite()) return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");

  auto d = std::make_unique<NeighborIndexData>();
  d->n = X.rows();
  d->dims = static_cast<int>(X.cols());
  d->k = static_cast<int>(std::min<Index>(o.k, d->n - 1));
  d->cosine = o.metric == KnnMetric::Cosine;
  d->efSearch = effectiveEf(o, d->k);
  d->duplicatesFirst = o.duplicatesFirst;
  if (o.duplicatesFirst) d->duplicates = findExactDuplicates(X);
  const detail::RowSource src(X.data(), X.rows(), X.cols(), X.outerStride(), d->cosine);
  if (d->cosine) {
    d->zero.assign(static_cast<size_t>(d->n), 0);
    for (Index i = 0; i < d->n; ++i)
      if (src.scale(i) == 0.0) {
        d->zero[static_cast<size_t>(i)] = 1;
        d->zeroRows.push_back(static_cast<int32_t>(i));
      }
    if (d->zeroRows.empty()) d->zero.clear();
  }
  const double cost = exactSearchCost(static_cast<double>(d->n), static_cast<double>(d->dims));
  const bool exact = o.method == NeighborMethod::Exact || d->k == 0 ||
                     (o.method == NeighborMethod::Auto && cost <= o.exactMaxCost);
  const char* tooLarge = "a feature value is too large for float32 (|x| > 3.4e38)";
  if (exact) {
    d->kind = Kind::DenseExact;
    if (!detail::toPanels(src, nullptr, d->n, d->panels)) return makeError(Status::NonFiniteValue, tooLarge);
  } else {
    std::vector<int32_t> members;
    members.reserve(static_cast<size_t>(d->n));
    for (Index i = 0; i < d->n; ++i)
      if (d->zero.empty() || !d->zero[static_cast<size_t>(i)]) members.push_back(static_cast<int32_t>(i));
    if (takesClusters(o)) {
      d->kind = Kind::DenseClustered;
      if (!clusteredLists(X, src, o, members, *d)) return makeError(Status::NonFiniteValue, tooLarge);
      return NeighborIndex(std::move(d));
    }
#if LABELCHECK_HNSW
    d->kind = Kind::DenseApproximate;
    d->m = o.m;
    d->efConstruction = o.efConstruction;
    detail::Hnsw::Params p;
    p.m = o.m;
    p.efConstruction = o.efConstruction;
    p.seed = o.seed;
    d->buildLists.reset(d->n, d->k);
    if (!d->graph.build(src, members, p, &d->buildLists)) return makeError(Status::NonFiniteValue, tooLarge);
#endif
  }
  return NeighborIndex(std::move(d));
}

Result<NeighborIndex> NeighborIndex::build(const SparseRows& X, const NeighborGraphOptions& o) {
  Outcome ok = checkOptions(o);
  if (!ok.ok()) return std::move(ok).error();
  if (!isValidSparseRows(X))
    return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
  ok = checkRows(X.rows());
  if (!ok.ok()) return std::move(ok).error();
  auto d = std::make_unique<NeighborIndexData>();
  d->kind = Kind::Sparse;
  d->n = X.rows();
  d->dims = static_cast<int>(X.nCols);
  d->k = static_cast<int>(std::min<Index>(o.k, d->n - 1));
  d->cosine = true;
  d->duplicatesFirst = o.duplicatesFirst;
  if (o.duplicatesFirst) d->duplicates = findExactDuplicates(X);
  d->unit = X;
  detail::normalizeSparseRows(d->unit);
  d->inverted = detail::InvertedIndex::of(d->unit);
  return NeighborIndex(std::move(d));
}

Result<NeighborGraph> NeighborIndex::queryRows(Index begin, Index end) const {
  const NeighborIndexData& d = *m_data;
  if (begin < 0 || end > d.n || begin > end)
    return makeError(Status::InvalidArgument, "neighbour graph: rows [" + std::to_string(begin) + ", " +
                                                  std::to_string(end) + ") are not within [0, " +
                                                  std::to_string(d.n) + ")");
  NeighborGraph g;
  g.k = d.k;
  g.rowCount = end - begin;
  g.exact = d.kind != Kind::DenseApproximate && d.kind != Kind::DenseClustered;
  if (d.k == 0 || begin == end) return g;

  if (d.kind == Kind::Sparse) {
    const size_t total = static_cast<size_t>((end - begin) * d.k);
    g.indices.resize(total);
    g.distances.resize(total);
    detail::SparseCosineSearch search(d.inverted);
    std::vector<double> dist(static_cast<size_t>(d.k));
    for (Index r = begin; r < end; ++r) {
      int32_t* rows = g.indices.data() + (r - begin) * d.k;
      search.query(d.unit, r, r, d.k, dist.data(), rows);
      for (int j = 0; j < d.k; ++j) g.distances[static_cast<size_t>((r - begin) * d.k + j)] = static_cast<float>(dist[j]);
    }
    if (d.duplicatesFirst) putDuplicatesFirst(d.duplicates, begin, g);
    return g;
  }

  detail::NeighborLists lists;
  const uint8_t* zero = d.zero.empty() ? nullptr : d.zero.data();
  if (d.kind == Kind::DenseExact) {
    detail::exactSelfSearch(d.panels, begin, end, zero, d.k, lists);
  } else if (d.kind == Kind::DenseClustered && d.zeroRows.empty()) {
    // The build's lists as they are, straight into the graph (no second copy of the lists).
    const size_t total = static_cast<size_t>((end - begin) * d.k);
    g.indices.resize(total);
    g.distances.resize(total);
    const float* keys = d.buildLists.keys(begin);
    const int32_t* rows = d.buildLists.rows(begin);
    for (size_t i = 0; i < total; ++i) {
      g.indices[i] = rows[i] == detail::NeighborLists::kEmpty ? -1 : rows[i];
      g.distances[i] = d.cosine ? 0.5f * keys[i] : std::sqrt(keys[i]);
    }
    if (d.duplicatesFirst) putDuplicatesFirst(d.duplicates, begin, g);
    return g;
  } else if (d.kind == Kind::DenseClustered) {
    lists.reset(end - begin, d.k);
    for (Index r = begin; r < end; ++r) {
      const float* keys = d.buildLists.keys(r);
      const int32_t* rows = d.buildLists.rows(r);
      for (int j = 0; j < d.k && rows[j] != detail::NeighborLists::kEmpty; ++j) lists.offer(r - begin, keys[j], rows[j]);
    }
  } else {
#if LABELCHECK_HNSW
    lists.reset(end - begin, d.k);
    detail::Hnsw::Scratch scratch;
    // Rows in the graph's space-filling order: each search then finds most of what it reads in
    // cache (30% faster at 100,000 x 20). The order changes no result.
    for (int32_t r : d.graph.spatialOrder()) {
      if (r < begin || r >= end) continue;
      const float* keys = d.buildLists.keys(r);
      const int32_t* rows = d.buildLists.rows(r);
      for (int j = 0; j < d.k && rows[j] != detail::NeighborLists::kEmpty; ++j) lists.offer(r - begin, keys[j], rows[j]);
      d.graph.searchFromRow(static_cast<int32_t>(r), d.efSearch, scratch);
      // Rank the beam by the exact (sequential) distance, so that a pair has the same distance
      // in exact and approximate graphs.
      const float* x = d.graph.row(static_cast<int32_t>(r));
      for (const detail::Hnsw::Candidate& c : scratch.sorted)
        lists.offerOnce(r - begin, detail::sequentialSquaredDistance(x, d.graph.row(c.second), d.dims), c.second);
    }
#endif
  }
  detail::mergeDirectionless(
      lists, d.zeroRows, d.n, [&](Index j) { return zero && zero[begin + j]; }, [&](Index j) { return begin + j; });
  keysToGraph(d, lists, g);
  if (d.duplicatesFirst) putDuplicatesFirst(d.duplicates, begin, g);
  return g;
}

double NeighborIndex::estimatedCost(Index begin, Index end) const {
  const NeighborIndexData& d = *m_data;
  begin = std::max<Index>(begin, 0);
  end = std::min(end, d.n);
  if (end <= begin) return 0.0;
  const double r = static_cast<double>(end - begin);
  switch (d.kind) {
    case Kind::DenseExact:
      return exactMs(r, static_cast<double>(d.n), d.dims);
    case Kind::DenseClustered:
      return 0.0;  // the build found every list; a query copies them
    case Kind::DenseApproximate:
      return r * approxRowMs(d.n, d.dims, d.m, d.efConstruction, d.efSearch, false);
    case Kind::Sparse: {
      double postings = 0.0;
      for (Index i = begin; i < end; ++i) postings += d.inverted.postingsOf(d.unit, i);
      return postings * kSparseMsPerPosting;
    }
  }
  return 0.0;
}

double NeighborIndex::estimatedGraphCost(Index rows, Index dims, const NeighborGraphOptions& o) {
  if (rows < 2 || dims < 0) return 0.0;
  const double n = static_cast<double>(rows);
  const int k = static_cast<int>(std::min<Index>(std::max(o.k, 1), rows - 1));
  const bool exact = o.method == NeighborMethod::Exact ||
                     (o.method == NeighborMethod::Auto && exactSearchCost(n, static_cast<double>(dims)) <= o.exactMaxCost);
  if (exact) return exactMs(n, n, static_cast<int>(dims));
  if (takesClusters(o)) return clusteredMs(n, static_cast<int>(dims), k);
  const int ef = o.efSearch > 0 ? std::max(o.efSearch, k) : 2 * k;
  return n * approxRowMs(rows, static_cast<int>(dims), std::max(o.m, 2), std::max(o.efConstruction, 1), ef, true);
}

Result<NeighborGraph> buildNeighborGraph(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& options) {
  Result<NeighborIndex> index = NeighborIndex::build(X, options);
  if (!index.ok()) return std::move(index).error();
  return index.value().queryRows(0, index.value().rows());
}

Result<NeighborGraph> buildNeighborGraph(const SparseRows& X, const NeighborGraphOptions& options) {
  Result<NeighborIndex> index = NeighborIndex::build(X, options);
  if (!index.ok()) return std::move(index).error();
  return index.value().queryRows(0, index.value().rows());
}

}  // namespace labelcheck
