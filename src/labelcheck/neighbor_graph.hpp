// The k-nearest-neighbour graph of all rows of a table: each row's k nearest *other* rows,
// computed once per file and shared by the kNN model of every cross-validation fold (a fold
// takes the first k graph neighbours of a test row that are training rows of that fold), the
// explanations (the nearest rows of a flagged row) and data audits (outliers, near-duplicates).
//
//   ```cpp given: const RealMatrix& X; Index i
//   NeighborGraphOptions opt;                       // k = 10, euclidean, method Auto
//   Result<NeighborGraph> r = buildNeighborGraph(X, opt);
//   if (!r) return r.error();                       // e.g. NON_FINITE_VALUE
//   const NeighborGraph& g = r.value();
//   for (int j = 0; j < g.k; ++j) use(g.neighbor(i, j), g.distance(i, j));   // nearest first
//   ```
//
// Exact search (dense rows). Brute force with a hand-written SIMD kernel in float32 (4 lanes;
// SSE2 natively, WebAssembly SIMD with em++ -msimd128, plain scalar code otherwise, the same
// bits in all three): each squared distance is the sequential float sum over the dimensions
// sum_d (x_d - y_d)^2, rows ranked by it, ties (equal float32 squared distances) to the lower
// row index; each pair is computed once for both rows. Against a double reference the lists
// agree except where two distances agree to about 1e-7 relative (float rounding);
// tests/cpp/test_neighbor_graph.cpp checks that bound, and exact equality where float is exact
// (small integers). Cost: 0.15 ns per pair and dimension natively, N^2 D / 2 pairs x dimensions
// (letter, 20,000 x 16: 0.47 s natively, 0.63 s in WebAssembly; the former Eigen GEMM in double
// took 1.06 s and 3.9 s, bench/README.md). KnnClassifier and nearestNeighbors (knn.hpp) use the
// same kernel, so a fold's brute-force kNN ranks exactly as this graph does.
//
// Approximate search (dense rows). An HNSW graph (detail/hnsw.hpp: our own, deterministic,
// compact, no allocation per query; hnswlib was measured and not taken, see bench/README.md) is
// built over all rows in a seeded random order; every pair its insertion searches find is offered
// to both rows' lists, then each row's list is refined by a beam search of efSearch rows from the
// row's own layer-0 links and ranked by the exact distance above (so a pair has the same distance
// in both modes). The result is a function of X and the options only: identical across runs,
// across range splits (NeighborIndex), and between the native and WebAssembly builds. At the
// defaults: recall@10 0.956-0.999 on the shared real datasets, 0.94 on 100,000 x 20 Gaussian
// blobs and 0.86 on 1,000,000 x 20 (nearly isotropic noise: the hard case); 100,000 x 20 takes
// about 5 s natively and 7 s in WebAssembly, 1,000,000 x 20 about 2 and 3 minutes. Memory: about
// 4 D + 4 (2m + 1) + 8k + 14 bytes per row for the index (306 at D = 20, m = 16, k = 10), plus the
// graph, 8k bytes per row.
//
// The WebAssembly build has no HNSW index (nothing the package offers asks for it; it would take
// 5 KB of its size budget): there approximate = Hnsw takes the clustered search below.
//
// Clustered search (dense rows, option approximate = Clusters; data audits, and the kNN model's
// graph beyond the exact search): k-means cells, an exact search of the pairs with a row that
// leads each, one neighbour-of-neighbour round (detail/cluster_search.hpp); the build finds every
// list, queries copy them. Deterministic for a seed. 100,000 x 20 blobs: about 0.7 s natively at
// recall@10 0.80 (HNSW: about 5 s at 0.94), k = 42 about 1.7 s at recall@42 0.71; the shared
// datasets 0.979-0.995 at k = 10.
//
// Sparse rows (TF-IDF and the like) are always searched exactly, by cosine, through an inverted
// index (similarities in double): the cost is sum over columns of n_c^2 for n_c rows using
// column c, i.e. linear in N for rare terms but quadratic when a column is used by a fixed share
// of the rows (stop words, a one-hot numeric column): 100,000 rows that all share one column
// cost 1e10 multiply-adds, like the dense exact search at D = 1. There is no approximate mode
// for sparse rows (method Approximate is ignored; NeighborGraph::exact stays true): reduce the
// columns (e.g. drop very common terms) or project to dense first. NeighborIndex::estimatedCost
// states the cost before any search runs.
//
// Distances: euclidean, or cosine distance 1 - cos(a, b). Dense cosine ranks unit-length rows
// by squared euclidean distance (||a - b||^2 / 2 = 1 - cos, no cancellation for near-duplicates);
// a dense or sparse row of zeros has no direction and is at distance 1 from every other row
// (including other zero rows), like scikit-learn's cosine_distances.
//
// Exact copies (option duplicatesFirst, for data audits): rows equal value for value
// (exact_duplicates.hpp) come first in each other's lists, in index order, at distance exactly
// 0, whatever the metric and the method; the search's other neighbours follow. Without it a
// copy is at distance 0 where the metric makes it so (euclidean; cosine of non-zero dense rows),
// sharing that distance with rows equal only in float32 or, under cosine, pointing the same way;
// two rows of zeros under cosine stay at 1; sparse cosine of two copies may be 1e-16, not 0; and
// the approximate search may miss some copies.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "labelcheck/exact_duplicates.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class NeighborMethod { Auto, Exact, Approximate };
// The approximate search's kind: the HNSW index (higher recall; what the models use), or the
// clustered search (detail/cluster_search.hpp: k-means cells searched exactly, then one round
// of neighbours of neighbours; much cheaper to build, lower recall; what data audits of large
// files use, where every row's list is wanted once and a missed far neighbour changes little).
enum class ApproximateIndex { Hnsw, Clusters };

// The exact search's work as N * N * D, with D at least kExactMinCostDims: below that a pair
// costs about as much as at 6 dimensions (the comparisons and list offers, not the distance;
// measured natively on blobs of 100,000 rows: 0.63 ns a pair at 1 dimension, 0.95 at 4, 2.7 at
// 20, bench/README.md), so 200,000 x 1 is no cheaper than 200,000 x 6 (it took 62 s where the
// plan said 4.6).
inline constexpr double kExactMinCostDims = 6.0;
inline double exactCostDims(double dims) { return dims > kExactMinCostDims ? dims : kExactMinCostDims; }
inline double exactSearchCost(double rows, double dims) { return rows * rows * exactCostDims(dims); }

struct NeighborGraphOptions {
  int k = 10;                               // neighbours per row (clamped to N - 1)
  KnnMetric metric = KnnMetric::Euclidean;  // dense rows; sparse rows are always cosine
  NeighborMethod method = NeighborMethod::Auto;
  // Auto: exact when exactSearchCost(N, D) (N * N * D, D at least kExactMinCostDims) <=
  // exactMaxCost, approximate above. At 5e10 (50,000 rows x 20,
  // 25,000 x 80) the exact graph takes about 3.4 s natively and 5.2 s in WebAssembly, 1.6 times
  // the approximate one; below about 2e10 it is as fast as the approximate one; above, it grows
  // as N^2 and the approximate one about as N^1.25 (measured, bench/README.md).
  double exactMaxCost = 5e10;
  ApproximateIndex approximate = ApproximateIndex::Hnsw;
  // Approximate index (HNSW). Links per row and layer (2m on the bottom layer): more links give
  // higher recall on data of high intrinsic dimension, at 8 bytes per row per unit of m and a
  // slower build and search (m 24: recall 0.957 instead of 0.946 on 100,000 x 20 blobs, 1.5x
  // the time; m 12: 0.928).
  int m = 16;
  // Beam width while inserting a row: a wider beam finds better links and more of each row's
  // neighbours during the build, at a build time roughly proportional to it (24: recall 0.869 on
  // the blobs and 0.903 on spambase; 40: 0.946 / 0.956; 64: 0.977 / 0.967 at 1.9x the build).
  int efConstruction = 40;
  // Beam width of each row's refining search, at least k: query time roughly proportional to it
  // (40 instead of 20: recall 0.971 on the blobs, 2x the query time). The queries are the only
  // part that splits across NeighborIndex instances, so raise this before efConstruction when
  // the work is split. 0 = automatic: 2k.
  int efSearch = 0;
  uint64_t seed = 0;  // insertion order and layers of the approximate index
  // Exact copies first in each other's lists, at distance 0 (see above). Costs one hash per row
  // and 4 bytes per row in the index. Off for the models: a fold's kNN already sees copies at
  // distance 0 (euclidean) and the lists must stay those of the plain search.
  bool duplicatesFirst = false;
};

struct NeighborGraph {
  int k = 0;
  std::vector<int32_t> indices;  // rows() x k row-major, nearest first; -1 padding when fewer exist
  std::vector<float> distances;  // rows() x k (euclidean, or 1 - cosine similarity); +inf padding
  bool exact = true;
  Index rowCount = 0;

  Index rows() const noexcept { return rowCount; }
  int32_t neighbor(Index row, int j) const noexcept { return indices[static_cast<size_t>(row * k + j)]; }
  float distance(Index row, int j) const noexcept { return distances[static_cast<size_t>(row * k + j)]; }
};

namespace detail {
struct NeighborIndexData;
}

// An index of all rows, built once, then queried for ranges of rows. For parallel work split
// across processes or WebAssembly instances without shared memory: every instance builds the
// index from the same X and options and gets the identical index (the build is deterministic),
// then queries its own range. A row's list does not depend on the range it is queried in, so
// any split of [0, N) into ranges, concatenated, equals buildNeighborGraph bit for bit.
// The index keeps its own float32 copy of X (4 D bytes per row; the caller's X may go away),
// plus for the approximate method the links and the lists its build collected (see above).
// The split pays off for exact search (the build is a conversion; all the work is in the
// queries) and for the query part of approximate search; the approximate build (about three
// quarters of its time at the defaults) is repeated by every instance. queryRows is const and
// uses only its own working memory, so one index may also serve several threads.
//
//   ```cpp given: const RealMatrix& X; const NeighborGraphOptions& opt; Index begin; Index end
//   Result<NeighborIndex> index = NeighborIndex::build(X, opt);      // in every instance
//   if (!index) return index.error();
//   Result<NeighborGraph> part = index.value().queryRows(begin, end); // this instance's rows
//   ```
class NeighborIndex {
 public:
  // Failures: EmptyInput (no rows), InvalidArgument (k < 1, m outside [2, 1000], efConstruction < 1,
  // efSearch < 0, exactMaxCost NaN or negative, inconsistent sparse rows), NonFiniteValue (NaN
  // or infinity in X, or a value beyond float32 range), LimitExceeded (2^31 - 1 rows or more).
  static Result<NeighborIndex> build(const Eigen::Ref<const RealMatrix>& X,
                                     const NeighborGraphOptions& options = {});
  static Result<NeighborIndex> build(const SparseRows& X, const NeighborGraphOptions& options = {});

  // Rows [begin, end): end - begin lists in the NeighborGraph format (rowCount = end - begin).
  // Failures: InvalidArgument (not 0 <= begin <= end <= rows()).
  Result<NeighborGraph> queryRows(Index begin, Index end) const;

  // The cost model, in milliseconds of native single-threaded time on the machine of
  // bench/README.md (the WebAssembly build with SIMD takes about 1.3-1.5 times as long; the
  // model is within about 30% there, more on a loaded machine). Predicted time of
  // queryRows(begin, end) on this index (for an approximate index only the query part: the build
  // is done):
  double estimatedCost(Index begin, Index end) const;
  // Predicted time of buildNeighborGraph for `rows` dense rows of `dims` columns with these
  // options (the method Auto would choose), before any work: e.g. whether to run kNN at all.
  static double estimatedGraphCost(Index rows, Index dims, const NeighborGraphOptions& options = {});

  Index rows() const noexcept;
  int k() const noexcept;
  bool exact() const noexcept;
  size_t memoryBytes() const noexcept;  // what the index holds (rows, links)
  // The groups of exact copies found at build time with duplicatesFirst, else null.
  const ExactDuplicates* duplicates() const noexcept;

  NeighborIndex(NeighborIndex&&) noexcept;
  NeighborIndex& operator=(NeighborIndex&&) noexcept;
  ~NeighborIndex();

 private:
  explicit NeighborIndex(std::unique_ptr<detail::NeighborIndexData> data);
  std::unique_ptr<detail::NeighborIndexData> m_data;
};

// Each row's k nearest other rows (a row is never its own neighbour; exact duplicates are, at
// distance 0, and come first). Ties in distance go to the lower row index. Equal to
// NeighborIndex::build(X, options) then queryRows(0, N). Failures: as NeighborIndex::build.
Result<NeighborGraph> buildNeighborGraph(const Eigen::Ref<const RealMatrix>& X,
                                         const NeighborGraphOptions& options = {});
Result<NeighborGraph> buildNeighborGraph(const SparseRows& X, const NeighborGraphOptions& options = {});

}  // namespace labelcheck
