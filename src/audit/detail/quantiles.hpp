// numpy's quantiles on sorted values, for thresholds that must match cleanlab's: np.percentile
// with its default "linear" method and np.median. Private to the audit layer.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// np.percentile(x, 100 q) for x sorted ascending, n >= 1: the virtual position q (n - 1), its
// floor and the next position (clipped to n - 1), and numpy's _lerp(a, b, t), which for t >= 0.5
// computes b - (b - a)(1 - t) instead of a + (b - a) t (the two differ in the last bit).
inline double percentileSorted(const double* sorted, Index n, double q) {
  const double position = q * static_cast<double>(n - 1);
  const double below = std::floor(position);
  const Index lo = std::clamp<Index>(static_cast<Index>(below), 0, n - 1);
  const Index hi = std::min<Index>(lo + 1, n - 1);
  const double t = position - below;
  const double a = sorted[lo], b = sorted[hi];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// np.median for x sorted ascending, n >= 1: the middle value, or the mean of the two middle ones.
inline double medianSorted(const double* sorted, Index n) {
  const Index mid = n / 2;
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
}

// The finite values of `v`, sorted ascending, into `out` (reused storage).
inline void sortedFinite(const double* v, Index n, std::vector<double>& out) {
  out.clear();
  for (Index i = 0; i < n; ++i)
    if (std::isfinite(v[i])) out.push_back(v[i]);
  std::sort(out.begin(), out.end());
}

}  // namespace labelcheck::detail
