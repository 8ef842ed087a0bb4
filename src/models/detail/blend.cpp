// Mixture weights by EM; see blend.hpp.
#include "detail/blend.hpp"

#include <algorithm>
#include <cmath>

namespace labelcheck::detail {

std::vector<double> mixtureWeights(const std::vector<double>& q, int M, const std::vector<Index>& rows) {
  std::vector<double> w(static_cast<size_t>(M), 1.0 / M), next(static_cast<size_t>(M));
  if (M <= 1 || rows.empty()) return w;
  const double invN = 1.0 / static_cast<double>(rows.size());
  for (int step = 0; step < 1000; ++step) {
    std::fill(next.begin(), next.end(), 0.0);
    for (Index i : rows) {
      const double* qi = q.data() + i * M;
      double mix = 0.0;
      for (int m = 0; m < M; ++m) mix += w[m] * qi[m];
      const double inv = 1.0 / mix;
      for (int m = 0; m < M; ++m) next[m] += qi[m] * inv;
    }
    double moved = 0.0;
    for (int m = 0; m < M; ++m) {
      next[m] *= w[m] * invN;
      moved = std::max(moved, std::abs(next[m] - w[m]));
    }
    w.swap(next);
    if (moved <= 1e-9) break;
  }
  double sum = 0.0;
  for (double& v : w) {
    if (v < 1e-4) v = 0.0;
    sum += v;
  }
  for (double& v : w) v /= sum;
  return w;
}

}  // namespace labelcheck::detail
