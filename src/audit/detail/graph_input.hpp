// Checks shared by the audit's checks that read a neighbour graph. Private to the audit layer.
#pragma once

#include <cmath>
#include <string>

#include "labelcheck/neighbor_graph.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck::detail {

// A graph the checks can read: at least 2 rows, at least one neighbour per row, arrays of
// rows x k entries.
inline Outcome checkGraph(const NeighborGraph& g, const char* check) {
  if (g.rows() < 2 || g.k < 1)
    return makeError(Status::InvalidArgument, std::string(check) + ": the neighbour graph needs at least 2 rows and k >= 1");
  const size_t entries = static_cast<size_t>(g.rows()) * static_cast<size_t>(g.k);
  if (g.indices.size() != entries || g.distances.size() != entries)
    return makeError(Status::ShapeMismatch, std::string(check) + ": the neighbour graph's arrays are not rows x k");
  for (size_t e = 0; e < entries; ++e)
    if (g.indices[e] >= g.rows() || g.indices[e] < -1 || (g.indices[e] >= 0 && !(g.distances[e] >= 0.0f)))
      return makeError(Status::InvalidArgument, std::string(check) + ": the neighbour graph lists a row out of range or a negative or NaN distance");
  return {};
}

// A number option that must be >= 0 (NaN refused).
inline Outcome checkNonNegative(double v, const char* what) {
  if (!(v >= 0.0) || std::isinf(v)) return makeError(Status::InvalidArgument, std::string(what) + " must be a finite number >= 0");
  return {};
}

}  // namespace labelcheck::detail
