// The neighbours' vote: each row's class shares among its nearest other rows, a model-free
// estimate of its label (Datalab's label check from a kNN graph: 11 neighbours of a row among
// all rows include the row itself, whose vote is removed; here the graph never lists the row).
// See labelcheck/audit.hpp.
#include <algorithm>
#include <string>

#include "detail/graph_input.hpp"
#include "labelcheck/audit.hpp"

namespace labelcheck {

Result<RealMatrix> knnVote(const NeighborGraph& g, const LabelVector& labels, int K, int neighbors) {
  LABELCHECK_TRY(detail::checkGraph(g, "kNN vote"));
  if (neighbors < 1 || K < 1) return makeError(Status::InvalidArgument, "kNN vote: neighbours and K must be >= 1");
  const Index n = g.rows();
  if (labels.size() != n)
    return makeError(Status::ShapeMismatch, "kNN vote: " + std::to_string(labels.size()) + " labels for " +
                                                std::to_string(n) + " rows");
  for (Index i = 0; i < n; ++i)
    if (labels[i] < 0 || labels[i] >= K)
      return makeError(Status::LabelOutOfRange, "kNN vote: label " + std::to_string(labels[i]) + " at row " +
                                                    std::to_string(i) + " is not in [0, " + std::to_string(K) + ")");
  const int used = std::min(neighbors, g.k);
  RealMatrix votes = RealMatrix::Zero(n, K);
  for (Index i = 0; i < n; ++i) {
    int present = 0;
    for (int j = 0; j < used; ++j) {
      const int32_t nb = g.neighbor(i, j);
      if (nb < 0) continue;
      votes(i, labels[nb]) += 1.0;
      ++present;
    }
    if (present) votes.row(i) /= static_cast<double>(present);
    else votes.row(i).setConstant(1.0 / K);
  }
  return votes;
}

}  // namespace labelcheck
