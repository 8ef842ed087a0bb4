// Mixture weights by Newton's method on the simplex; see blend.hpp.
#include "detail/blend.hpp"

#include <algorithm>
#include <cmath>

namespace labelcheck::detail {

namespace {

constexpr int kMaxSteps = 100;
// Converged when the Newton step's predicted decrease of the mean log loss is below this.
constexpr double kDecreaseTolerance = 1e-14;

// The slope of the mean log loss at w along d: -mean_i (q_i . d) / (q_i . w). Only +, * and /
// (no log), so that every decision below comes out the same in every build (a log differs by an
// ulp between C libraries, and a loss compared at that level would steer native and
// WebAssembly builds apart).
double slope(const std::vector<double>& q, int M, const std::vector<Index>& rows, const std::vector<double>& w,
             const std::vector<double>& d) {
  double sum = 0.0;
  for (Index i : rows) {
    const double* qi = q.data() + i * M;
    double mix = 0.0, along = 0.0;
    for (int m = 0; m < M; ++m) {
      mix += w[m] * qi[m];
      along += d[m] * qi[m];
    }
    sum -= along / mix;
  }
  return sum / static_cast<double>(rows.size());
}

// Solves the symmetric system a x = b (n x n, row-major) by Gaussian elimination with partial
// pivoting, in place; false if it is singular to working precision.
bool solve(std::vector<double>& a, std::vector<double>& b, int n) {
  for (int c = 0; c < n; ++c) {
    int pivot = c;
    for (int r = c + 1; r < n; ++r)
      if (std::abs(a[r * n + c]) > std::abs(a[pivot * n + c])) pivot = r;
    if (!(std::abs(a[pivot * n + c]) > 1e-300)) return false;
    if (pivot != c) {
      for (int j = 0; j < n; ++j) std::swap(a[c * n + j], a[pivot * n + j]);
      std::swap(b[c], b[pivot]);
    }
    for (int r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (int j = c; j < n; ++j) a[r * n + j] -= f * a[c * n + j];
      b[r] -= f * b[c];
    }
  }
  for (int c = n - 1; c >= 0; --c) {
    double s = b[c];
    for (int j = c + 1; j < n; ++j) s -= a[c * n + j] * b[j];
    b[c] = s / a[c * n + c];
  }
  return true;
}

}  // namespace

std::vector<double> mixtureWeights(const std::vector<double>& q, int M, const std::vector<Index>& rows) {
  std::vector<double> w(static_cast<size_t>(M), 1.0 / M);
  if (M <= 1 || rows.empty()) return w;
  const double invN = 1.0 / static_cast<double>(rows.size());
  std::vector<double> g(static_cast<size_t>(M)), h(static_cast<size_t>(M * M)), a(static_cast<size_t>(M)), d(static_cast<size_t>(M)),
      trial(static_cast<size_t>(M));
  std::vector<int> free;
  std::vector<double> kkt, rhs;
  for (int step = 0; step < kMaxSteps; ++step) {
    // Gradient and Hessian of the mean loss: g_m = -mean(q_im / mix_i), H_ml = mean(q_im q_il / mix_i^2).
    std::fill(g.begin(), g.end(), 0.0);
    std::fill(h.begin(), h.end(), 0.0);
    for (Index i : rows) {
      const double* qi = q.data() + i * M;
      double mix = 0.0;
      for (int m = 0; m < M; ++m) mix += w[m] * qi[m];
      const double inv = 1.0 / mix;
      for (int m = 0; m < M; ++m) a[m] = qi[m] * inv;
      for (int m = 0; m < M; ++m) {
        g[m] -= a[m];
        for (int l = 0; l <= m; ++l) h[m * M + l] += a[m] * a[l];
      }
    }
    for (int m = 0; m < M; ++m) {
      g[m] *= invN;
      for (int l = 0; l <= m; ++l) h[l * M + m] = h[m * M + l] *= invN;
    }
    // The weights that may move: the positive ones, and a zero one whose direction lowers the
    // loss (w . g = -1 for any w, so moving weight towards model m changes the loss at rate
    // g_m + 1). A zero weight the step would push below zero stays out, and the step is solved again.
    free.clear();
    for (int m = 0; m < M; ++m)
      if (w[m] > 0.0 || g[m] + 1.0 < -kDecreaseTolerance) free.push_back(m);
    bool solved = false;
    while (!solved && free.size() >= 2) {
      // Newton's step within sum(d) = 0: [H_FF 1; 1' 0] [d_F; nu] = [-g_F; 0], with a ridge of
      // 1e-12 of H's scale so that two models with the same probabilities do not make it singular.
      const int f = static_cast<int>(free.size()), n = f + 1;
      double scale = 0.0;
      for (int m : free) scale = std::max(scale, h[m * M + m]);
      kkt.assign(static_cast<size_t>(n * n), 0.0);
      rhs.assign(static_cast<size_t>(n), 0.0);
      for (int r = 0; r < f; ++r) {
        for (int c = 0; c < f; ++c) kkt[r * n + c] = h[free[r] * M + free[c]];
        kkt[r * n + r] += 1e-12 * scale;
        kkt[r * n + f] = kkt[f * n + r] = 1.0;
        rhs[r] = -g[free[r]];
      }
      if (!solve(kkt, rhs, n)) break;
      std::fill(d.begin(), d.end(), 0.0);
      for (int r = 0; r < f; ++r) d[free[r]] = rhs[r];
      const auto blocked = std::find_if(free.begin(), free.end(), [&](int m) { return w[m] == 0.0 && d[m] < 0.0; });
      if (blocked == free.end()) solved = true;
      else free.erase(blocked);
    }
    if (!solved) break;
    double decrease = 0.0;  // g . d (negative)
    for (int m = 0; m < M; ++m) decrease += g[m] * d[m];
    if (!(-decrease > kDecreaseTolerance)) break;
    // The longest step that keeps every weight >= 0 (at most the full one), taken when the loss
    // still falls at its end (the slope along d is not positive there: the loss is convex, so it
    // fell all the way). Otherwise the step ends past the minimum along d, and a point short of
    // it is found from slopes alone (regula falsi, Illinois variant, between 0 and the step's
    // end): the first whose slope is not positive and at most a tenth of the start's. Halving
    // the step instead (at most half-way to the minimum each time) took three times the steps.
    double t = 1.0;
    int hits = -1;
    for (int m = 0; m < M; ++m)
      if (d[m] < 0.0 && w[m] + t * d[m] < 0.0) {
        t = -w[m] / d[m];
        hits = m;
      }
    const auto slopeAt = [&](double at, int zeroed) {
      double sum = 0.0;
      for (int m = 0; m < M; ++m) sum += trial[m] = std::max(0.0, w[m] + at * d[m]);
      if (zeroed >= 0) sum -= trial[zeroed], trial[zeroed] = 0.0;
      for (double& v : trial) v /= sum;
      return slope(q, M, rows, trial, d);
    };
    double hi = t, slopeHi = slopeAt(t, hits);
    bool moved = slopeHi <= 0.0;
    double lo = 0.0, slopeLo = decrease;  // the slope at w along d is g . d
    int kept = 0;                         // which end the last point replaced (-1 lo, +1 hi)
    for (int tries = 0; tries < 60 && !moved; ++tries) {
      double at = lo - slopeLo * (hi - lo) / (slopeHi - slopeLo);
      if (!(at > lo && at < hi)) at = 0.5 * (lo + hi);
      const double sl = slopeAt(at, -1);
      if (sl <= 0.0) {
        lo = at;
        slopeLo = sl;
        moved = sl >= 0.1 * decrease;
        if (kept == -1) slopeHi *= 0.5;
        kept = -1;
      } else {
        hi = at;
        slopeHi = sl;
        if (kept == 1) slopeLo *= 0.5;
        kept = 1;
      }
    }
    // Out of tries: the last point short of the minimum, if any (trial set to it again).
    if (!moved && lo > 0.0) {
      (void)slopeAt(lo, -1);
      moved = true;
    }
    if (!moved) break;
    w.swap(trial);
  }
  // A model that does not help leaves no dust.
  double sum = 0.0;
  for (double& v : w) {
    if (v < 1e-4) v = 0.0;
    sum += v;
  }
  for (double& v : w) v /= sum;
  return w;
}

}  // namespace labelcheck::detail
