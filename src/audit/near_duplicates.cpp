// Near-duplicates: rows much closer to a neighbour than rows usually are (Datalab's
// "near_duplicate"), and the sets they form. See labelcheck/audit.hpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "detail/graph_input.hpp"
#include "detail/quantiles.hpp"
#include "labelcheck/audit.hpp"

namespace labelcheck {

namespace {

// The floor of the median nearest-neighbour distance (a file where most rows have a copy).
constexpr double kMedianFloor = 1e-6;

// Each row's near-duplicates made symmetric: every listed pair (i, j) closer than `radius`
// counted for both rows, then each row's segment sorted and deduplicated in place. An exact copy
// is also paired with the first row of its copies, so that copies are near-duplicates even in
// a graph that missed them (with duplicatesFirst that pair is listed already).
RowGroups symmetricPairs(const NeighborGraph& g, const ExactDuplicates& copies, double radius) {
  const Index n = g.rows();
  auto close = [&](Index i, int j) {
    return g.neighbor(i, j) >= 0 && static_cast<double>(g.distance(i, j)) < radius;
  };
  auto firstCopy = [&](Index i) -> int32_t {
    if (copies.groupOf.empty() || copies.groupOf[static_cast<size_t>(i)] < 0) return -1;
    const int32_t first = *copies.groups.begin(copies.groupOf[static_cast<size_t>(i)]);
    return first == i ? -1 : first;
  };
  std::vector<int64_t> count(static_cast<size_t>(n) + 1, 0);
  auto countPair = [&](Index a, int32_t b) {
    ++count[static_cast<size_t>(a) + 1];
    ++count[static_cast<size_t>(b) + 1];
  };
  for (Index i = 0; i < n; ++i) {
    for (int j = 0; j < g.k; ++j)
      if (close(i, j)) countPair(i, g.neighbor(i, j));
    if (firstCopy(i) >= 0) countPair(i, firstCopy(i));
  }
  for (Index i = 0; i < n; ++i) count[static_cast<size_t>(i) + 1] += count[static_cast<size_t>(i)];
  std::vector<int32_t> pairs(static_cast<size_t>(count.back()));
  std::vector<int64_t> fill(count.begin(), count.end() - 1);
  auto addPair = [&](Index a, int32_t b) {
    pairs[static_cast<size_t>(fill[static_cast<size_t>(a)]++)] = b;
    pairs[static_cast<size_t>(fill[static_cast<size_t>(b)]++)] = static_cast<int32_t>(a);
  };
  for (Index i = 0; i < n; ++i) {
    for (int j = 0; j < g.k; ++j)
      if (close(i, j)) addPair(i, g.neighbor(i, j));
    if (firstCopy(i) >= 0) addPair(i, firstCopy(i));
  }
  RowGroups out;
  out.starts.reserve(static_cast<size_t>(n) + 1);
  out.rows.reserve(pairs.size());
  for (Index i = 0; i < n; ++i) {
    int32_t* first = pairs.data() + count[static_cast<size_t>(i)];
    int32_t* last = pairs.data() + count[static_cast<size_t>(i) + 1];
    std::sort(first, last);
    out.add(first, std::unique(first, last));
  }
  return out;
}

int32_t findRoot(std::vector<int32_t>& parent, int32_t r) {
  while (parent[static_cast<size_t>(r)] != r) {
    parent[static_cast<size_t>(r)] = parent[static_cast<size_t>(parent[static_cast<size_t>(r)])];  // path halving
    r = parent[static_cast<size_t>(r)];
  }
  return r;
}

// The connected sets of the symmetric relation (2+ rows), members ascending, by first row.
RowGroups connectedSets(const RowGroups& perRow) {
  const Index n = perRow.count();
  std::vector<int32_t> parent(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) parent[static_cast<size_t>(i)] = static_cast<int32_t>(i);
  for (Index i = 0; i < n; ++i)
    for (const int32_t* j = perRow.begin(i); j != perRow.end(i); ++j) {
      const int32_t a = findRoot(parent, static_cast<int32_t>(i)), b = findRoot(parent, *j);
      if (a != b) parent[static_cast<size_t>(std::max(a, b))] = std::min(a, b);  // the lower row is the root
    }
  // The root of each set is its first row; sets numbered in the order of their roots.
  std::vector<int32_t> setOf(static_cast<size_t>(n), -1);
  std::vector<int64_t> sizes;
  for (Index i = 0; i < n; ++i) {
    if (perRow.size(i) == 0) continue;
    const int32_t root = findRoot(parent, static_cast<int32_t>(i));
    if (setOf[static_cast<size_t>(root)] < 0) {
      setOf[static_cast<size_t>(root)] = static_cast<int32_t>(sizes.size());
      sizes.push_back(0);
    }
    ++sizes[static_cast<size_t>(setOf[static_cast<size_t>(root)])];
  }
  RowGroups out;
  for (int64_t s : sizes) out.starts.push_back(out.starts.back() + s);
  out.rows.assign(static_cast<size_t>(out.starts.back()), -1);
  std::vector<int64_t> fill(out.starts.begin(), out.starts.end() - 1);
  for (Index i = 0; i < n; ++i) {
    if (perRow.size(i) == 0) continue;
    const int32_t set = setOf[static_cast<size_t>(findRoot(parent, static_cast<int32_t>(i)))];
    out.rows[static_cast<size_t>(fill[static_cast<size_t>(set)]++)] = static_cast<int32_t>(i);
  }
  return out;
}

}  // namespace

Result<NearDuplicateAudit> findNearDuplicates(const NeighborGraph& g, const ExactDuplicates& copies, double radius) {
  LABELCHECK_TRY(detail::checkGraph(g, "near-duplicates"));
  LABELCHECK_TRY(detail::checkNonNegative(radius, "near-duplicates: the radius"));
  const Index n = g.rows();
  if (!copies.groupOf.empty() && static_cast<Index>(copies.groupOf.size()) != n)
    return makeError(Status::ShapeMismatch, "near-duplicates: the exact copies are of " +
                                                std::to_string(copies.groupOf.size()) + " rows, the graph of " +
                                                std::to_string(n));
  NearDuplicateAudit out;
  out.nearestDistance.resize(n);
  for (Index i = 0; i < n; ++i) {
    out.nearestDistance[i] = std::numeric_limits<double>::infinity();
    for (int j = 0; j < g.k; ++j)
      if (g.neighbor(i, j) >= 0) {
        out.nearestDistance[i] = static_cast<double>(g.distance(i, j));
        break;
      }
  }
  std::vector<double> sorted;
  detail::sortedFinite(out.nearestDistance.data(), n, sorted);
  const double median = sorted.empty() ? 0.0 : detail::medianSorted(sorted.data(), static_cast<Index>(sorted.size()));
  out.medianNearest = std::max(median, kMedianFloor);
  out.radius = radius * out.medianNearest;
  out.score.resize(n);
  for (Index i = 0; i < n; ++i) {
    const bool copy = !copies.groupOf.empty() && copies.groupOf[static_cast<size_t>(i)] >= 0;
    out.score[i] = copy ? 0.0 : 1.0 - std::exp(-out.nearestDistance[i] / out.medianNearest);
  }
  out.perRow = symmetricPairs(g, copies, out.radius);
  out.isNearDuplicate.assign(static_cast<size_t>(n), 0);
  for (Index i = 0; i < n; ++i) out.isNearDuplicate[static_cast<size_t>(i)] = out.perRow.size(i) > 0;
  out.sets = connectedSets(out.perRow);
  out.exactSets = copies.groups;
  return out;
}

}  // namespace labelcheck
