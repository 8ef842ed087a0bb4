// Outliers: rows far from their k nearest neighbours (Datalab's "outlier" on features).
// See labelcheck/audit.hpp.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include "detail/graph_input.hpp"
#include "detail/quantiles.hpp"
#include "labelcheck/audit.hpp"

namespace labelcheck {

Result<OutlierAudit> findOutliers(const NeighborGraph& g, double iqrMultiplier) {
  LABELCHECK_TRY(detail::checkGraph(g, "outliers"));
  LABELCHECK_TRY(detail::checkNonNegative(iqrMultiplier, "outliers: the IQR multiplier"));
  const Index n = g.rows();
  OutlierAudit out;
  out.meanDistance.resize(n);
  // d-bar over the listed neighbours (all k whenever k <= N - 1; a row listing none is
  // infinitely far: flagged, score 0, left out of the quantiles).
  for (Index i = 0; i < n; ++i) {
    double sum = 0.0;
    int count = 0;
    for (int j = 0; j < g.k; ++j)
      if (g.neighbor(i, j) >= 0) {
        sum += static_cast<double>(g.distance(i, j));
        ++count;
      }
    out.meanDistance[i] = count ? sum / count : std::numeric_limits<double>::infinity();
  }
  std::vector<double> sorted;
  detail::sortedFinite(out.meanDistance.data(), n, sorted);
  const Index m = static_cast<Index>(sorted.size());
  double median = 0.0;
  out.threshold = std::numeric_limits<double>::infinity();
  if (m > 0) {
    const double q1 = detail::percentileSorted(sorted.data(), m, 0.25);
    const double q3 = detail::percentileSorted(sorted.data(), m, 0.75);
    out.threshold = q3 + iqrMultiplier * (q3 - q1);
    median = detail::medianSorted(sorted.data(), m);
  }
  // cleanlab's scaling factor: the median, kept off 0 (more than half the rows with k exact
  // copies) by 100 machine epsilons.
  const double scale = std::max(median, 100.0 * DBL_EPSILON);
  out.score.resize(n);
  out.isOutlier.assign(static_cast<size_t>(n), 0);
  for (Index i = 0; i < n; ++i) {
    out.score[i] = std::exp(-out.meanDistance[i] / scale);
    if (out.meanDistance[i] > out.threshold) {
      out.isOutlier[static_cast<size_t>(i)] = 1;
      out.ranked.push_back(static_cast<int32_t>(i));
    }
  }
  std::sort(out.ranked.begin(), out.ranked.end(), [&](int32_t a, int32_t b) {
    return out.meanDistance[a] != out.meanDistance[b] ? out.meanDistance[a] > out.meanDistance[b] : a < b;
  });
  return out;
}

}  // namespace labelcheck
