// k-nearest-neighbour classification and neighbour look-up, by brute force.
//
// Distances: euclidean on dense (standardised) features, or cosine distance 1 - cos(a, b) on
// dense or sparse rows (sparse rows always use cosine: it is the usual choice for TF-IDF and
// does not depend on document length). Dense rows are ranked by the exact float32 kernel of the
// neighbour graph (see neighbor_graph.hpp: squared distances summed dimension by dimension in
// float32, 4 SIMD lanes, the same bits natively and in WebAssembly), so a fold's kNN and the
// all-rows neighbour graph rank rows identically; sparse cosine uses an inverted index over the
// training columns (similarities in double). Ties in distance go to the lower row index, so
// results are deterministic. A row of zeros has no direction: under cosine it is at distance 1
// from every row.
//
// Votes are uniform over the k nearest training rows (scikit-learn's default, and the kNN of
// the reference pipeline): distance weighting would hand whole probability mass to exact
// duplicate rows, which several real tables have. Probabilities are smoothed so no class is
// exactly 0 (Confident Learning and log loss both need the whole range):
//   p_c = (votes_c + s / K) / (k + s),  s = smoothing (default 1, i.e. one pseudo-vote spread
// evenly over the K classes; with k = 10 a unanimous vote gives 1 - (K-1)/(11 K)).
//
//   ```cpp given: const RealMatrix& Xtrain; const LabelVector& ytrain; int K; const RealMatrix& Xtest
//   KnnClassifier knn;                         // k = 10, euclidean
//   if (Outcome o = knn.fit(Xtrain, ytrain, K); !o.ok()) return o;
//   RealMatrix p = knn.predictProba(Xtest);    // N x K, rows sum to 1
//   ```
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

namespace detail {
struct FloatPanels;
}

enum class KnnMetric { Euclidean, Cosine };

struct KnnParams {
  int k = 10;                                // neighbours; clamped to the training size
  KnnMetric metric = KnnMetric::Euclidean;   // for dense rows; sparse rows use cosine
  double smoothing = 1.0;                    // total pseudo-votes, spread evenly over classes
};

using NeighborIndexMatrix = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// For each query, its nearest rows (nearest first) and their distances (euclidean, or
// 1 - cosine similarity). Where fewer than k rows exist the row is padded with index -1 and
// distance +infinity.
struct Neighbors {
  NeighborIndexMatrix indices;  // Q x k
  RealMatrix distances;         // Q x k
};

class KnnClassifier {
 public:
  explicit KnnClassifier(const KnnParams& params = {}) : m_params(params) {}

  // Keeps a copy of the training rows (pass an rvalue to move). Failures: InvalidArgument
  // (k < 1, smoothing < 0, K < 1, inconsistent sparse rows), EmptyInput (no rows),
  // ShapeMismatch (y.size() != rows), LabelOutOfRange, NonFiniteValue.
  Outcome fit(RealMatrix X, const LabelVector& y, int K);
  Outcome fit(SparseRows X, const LabelVector& y, int K);

  // N x K smoothed vote shares. Empty matrix before fit() or with the wrong column count (or
  // when the kind of rows, dense or sparse, differs from the training rows).
  RealMatrix predictProba(const Eigen::Ref<const RealMatrix>& X) const;
  RealMatrix predictProba(const SparseRows& X) const;

  const KnnParams& params() const noexcept { return m_params; }

 private:
  RealMatrix votesToProba(const NeighborIndexMatrix& idx) const;

  KnnParams m_params;
  bool m_sparse = false;
  std::shared_ptr<const detail::FloatPanels> m_dense;  // training rows, float32 (unit length for cosine)
  std::vector<uint8_t> m_zero;       // cosine: 1 for a training row of zeros (empty when none)
  std::vector<int32_t> m_zeroRows;   // those rows, ascending
  SparseRows m_rows;         // sparse training rows, unit length
  LabelVector m_labels;
  int m_classes = 0;
};

// The k nearest rows of X to each of the rows queryRows of X itself (the row is not its own
// neighbour; exact duplicates are, at distance 0). Used to explain a flagged row by its
// neighbours' labels. k is clamped to rows - 1. Dense rows are ranked in float32 (as above)
// and the distances of the pairs found reported in double, so two neighbours whose distances
// agree to about 1e-7 relative may be listed out of order. X is read in place (no copy). Failures: EmptyInput, InvalidArgument (k < 1,
// a query row out of range, inconsistent sparse rows), NonFiniteValue.
Result<Neighbors> nearestNeighbors(const Eigen::Ref<const RealMatrix>& X,
                                   const std::vector<Index>& queryRows, int k,
                                   KnnMetric metric = KnnMetric::Euclidean);
Result<Neighbors> nearestNeighbors(const SparseRows& X, const std::vector<Index>& queryRows, int k);

}  // namespace labelcheck
