// STAND-IN (replaced by the knn-graph branch); see labelcheck/neighbor_graph.hpp.
#include "labelcheck/neighbor_graph.hpp"

#include <utility>

namespace labelcheck {

Result<NeighborIndex> NeighborIndex::build(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& options) {
  NeighborIndex ix;
  ix.m_denseCopy = std::make_shared<RealMatrix>(X);
  ix.m_options = options;
  return ix;
}

Result<NeighborIndex> NeighborIndex::build(const SparseRows& X, const NeighborGraphOptions& options) {
  NeighborIndex ix;
  ix.m_sparse = std::make_shared<SparseRows>(X);
  ix.m_options = options;
  return ix;
}

Result<NeighborGraph> NeighborIndex::queryRows(Index begin, Index end) const {
  std::vector<Index> q;
  for (Index i = begin; i < end; ++i) q.push_back(i);
  const Index n = m_sparse ? m_sparse->rows() : m_denseCopy->rows();
  const int k = static_cast<int>(std::min<Index>(m_options.k, std::max<Index>(n - 1, 1)));
  auto nb = m_sparse ? nearestNeighbors(*m_sparse, q, k) : nearestNeighbors(*m_denseCopy, q, k, m_options.metric);
  if (!nb.ok()) return std::move(nb).error();
  NeighborGraph g;
  g.k = k;
  for (Index j = 0; j < static_cast<Index>(q.size()); ++j)
    for (int c = 0; c < k; ++c) {
      g.indices.push_back(static_cast<int32_t>(nb.value().indices(j, c)));
      g.distances.push_back(static_cast<float>(nb.value().distances(j, c)));
    }
  return g;
}

Result<NeighborGraph> buildNeighborGraph(const Eigen::Ref<const RealMatrix>& X, const NeighborGraphOptions& options) {
  auto ix = NeighborIndex::build(X, options);
  if (!ix.ok()) return std::move(ix).error();
  return ix.value().queryRows(0, X.rows());
}

Result<NeighborGraph> buildNeighborGraph(const SparseRows& X, const NeighborGraphOptions& options) {
  auto ix = NeighborIndex::build(X, options);
  if (!ix.ok()) return std::move(ix).error();
  return ix.value().queryRows(0, X.rows());
}

}  // namespace labelcheck
