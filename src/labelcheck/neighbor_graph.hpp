// STAND-IN (replaced by the knn-graph branch): the API of the neighbour graph, exact only, built
// on nearestNeighbors (knn.hpp), so that cross-validation can be integrated before it lands.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "labelcheck/knn.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class NeighborMethod { Auto, Exact, Approximate };

struct NeighborGraphOptions {
  int k = 10;
  KnnMetric metric = KnnMetric::Euclidean;
  NeighborMethod method = NeighborMethod::Auto;
  double exactMaxCost = 2e10;
  uint64_t seed = 0;
};

struct NeighborGraph {
  int k = 0;
  std::vector<int32_t> indices;
  std::vector<float> distances;
  bool exact = true;
  Index rows() const { return k == 0 ? 0 : static_cast<Index>(indices.size()) / k; }
};

class NeighborIndex {
 public:
  static Result<NeighborIndex> build(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& options = {});
  static Result<NeighborIndex> build(const SparseRows& X, const NeighborGraphOptions& options = {});
  Result<NeighborGraph> queryRows(Index begin, Index end) const;
  bool exact() const { return true; }

 private:
  const Eigen::Ref<const RealMatrix>* m_dense = nullptr;
  std::shared_ptr<RealMatrix> m_denseCopy;
  std::shared_ptr<SparseRows> m_sparse;
  NeighborGraphOptions m_options;
};

Result<NeighborGraph> buildNeighborGraph(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& options = {});
Result<NeighborGraph> buildNeighborGraph(const SparseRows& X, const NeighborGraphOptions& options = {});

}  // namespace labelcheck
