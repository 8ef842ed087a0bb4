// The held-out blend's weights (detail/blend.hpp): the minimum of the log loss on the simplex,
// checked by its optimality conditions and against a grid, not against the solver's own output.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "detail/blend.hpp"
#include "labelcheck/random.hpp"

using namespace labelcheck;

namespace {

double meanLoss(const std::vector<double>& q, int M, const std::vector<Index>& rows, const std::vector<double>& w) {
  double loss = 0.0;
  for (Index i : rows) {
    double mix = 0.0;
    for (int m = 0; m < M; ++m) mix += w[m] * q[i * M + m];
    loss -= std::log(mix);
  }
  return loss / static_cast<double>(rows.size());
}

// n rows of M models' probabilities of the given label: model m right (probability near 0.9)
// with chance accuracy[m], else near 0.1; a zero accuracy is a model that only ever misleads.
std::vector<double> probabilities(Index n, const std::vector<double>& accuracy, uint64_t seed) {
  const int M = static_cast<int>(accuracy.size());
  Rng rng(seed);
  std::vector<double> q(static_cast<size_t>(n * M));
  for (Index i = 0; i < n; ++i)
    for (int m = 0; m < M; ++m) {
      const double u = rng.uniform01();
      q[i * M + m] = (rng.uniform01() < accuracy[m] ? 0.85 : 0.05) + 0.1 * u;
    }
  return q;
}

std::vector<Index> allRows(Index n) {
  std::vector<Index> rows(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

}  // namespace

TEST_CASE("blend: the weights meet the optimality conditions of the log loss on the simplex", "[blend]") {
  // g_m = -mean(q_im / mix_i); w . g = -1 always; at the optimum g_m = -1 where w_m > 0 and
  // g_m >= -1 where w_m = 0 (before the final dust removal, which only zeroes weights < 1e-4).
  for (const std::vector<double>& accuracy :
       {std::vector<double>{0.7, 0.8}, std::vector<double>{0.6, 0.75, 0.9}, std::vector<double>{0.8, 0.0, 0.7, 0.75}}) {
    const int M = static_cast<int>(accuracy.size());
    const Index n = 3000;
    const std::vector<double> q = probabilities(n, accuracy, 7 + M);
    const std::vector<Index> rows = allRows(n);
    const std::vector<double> w = detail::mixtureWeights(q, M, rows);
    double sum = 0.0;
    for (double v : w) {
      REQUIRE(v >= 0.0);
      sum += v;
    }
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    for (int m = 0; m < M; ++m) {
      double g = 0.0;
      for (Index i : rows) {
        double mix = 0.0;
        for (int l = 0; l < M; ++l) mix += w[l] * q[i * M + l];
        g -= q[i * M + m] / mix;
      }
      g /= static_cast<double>(n);
      INFO("model " << m << " of " << M << ", weight " << w[m]);
      if (w[m] > 0.0) CHECK(g == Approx(-1.0).epsilon(1e-6));
      else CHECK(g >= -1.0 - 1e-3);  // a zeroed weight below 1e-4 may leave a tiny pull
    }
    if (M == 4) CHECK(w[1] == 0.0);  // the misleading model gets nothing
  }
}

TEST_CASE("blend: no grid point of the simplex has a lower log loss", "[blend]") {
  const std::vector<double> accuracy = {0.65, 0.8, 0.72};
  const Index n = 2000;
  const std::vector<double> q = probabilities(n, accuracy, 3);
  // Only every other row counts (the held-out blend passes the other folds' rows).
  std::vector<Index> rows;
  for (Index i = 0; i < n; i += 2) rows.push_back(i);
  const std::vector<double> w = detail::mixtureWeights(q, 3, rows);
  const double best = meanLoss(q, 3, rows, w);
  for (int a = 0; a <= 50; ++a)
    for (int b = 0; a + b <= 50; ++b) {
      const std::vector<double> grid = {a / 50.0, b / 50.0, (50 - a - b) / 50.0};
      if (grid[0] == 0.0 && grid[1] == 0.0 && grid[2] == 0.0) continue;
      CHECK(best <= meanLoss(q, 3, rows, grid) + 1e-12);
    }
}

TEST_CASE("blend: identical models share, one model keeps everything, and results repeat", "[blend]") {
  const Index n = 500;
  std::vector<double> one = probabilities(n, {0.8}, 11), twice(static_cast<size_t>(2 * n));
  for (Index i = 0; i < n; ++i) twice[2 * i] = twice[2 * i + 1] = one[i];
  const std::vector<double> w = detail::mixtureWeights(twice, 2, allRows(n));
  CHECK(w[0] == Approx(0.5));  // a flat direction: the start (uniform) is already optimal
  CHECK(w[1] == Approx(0.5));
  CHECK(detail::mixtureWeights(one, 1, allRows(n)) == std::vector<double>{1.0});
  const std::vector<double> q = probabilities(n, {0.6, 0.9}, 5);
  CHECK(detail::mixtureWeights(q, 2, allRows(n)) == detail::mixtureWeights(q, 2, allRows(n)));
}
