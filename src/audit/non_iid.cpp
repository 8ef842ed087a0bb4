// Order effects: whether rows near each other in the file are near each other in feature space
// more than a shuffled file would allow (Datalab's "non_iid"; Cummings, Snorrason and Mueller,
// "Detecting Dataset Drift and Non-IID Sampling via k-Nearest Neighbors", 2023).
// See labelcheck/audit.hpp.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "core/detail/separate_call.hpp"
#include "detail/graph_input.hpp"
#include "labelcheck/audit.hpp"
#include "labelcheck/random.hpp"

namespace labelcheck {

namespace {

// The loops below run once per permutation and per block of rows, each a call of its own, so
// that WebAssembly runs most of them optimised (core/detail/separate_call.hpp; the test took
// twice as long on a fresh instance as on a warm one).
constexpr Index kScoreBlock = 4096;

// P(|I - J| <= g) for two distinct rows drawn uniformly from n: 2 sum_{t=1..g} (n - t) ordered
// pairs of the n (n - 1). Exact in double up to n of about 6e7 (2 g n < 2^53).
double shuffledGapCdf(double g, double n) { return (2.0 * g * n - g * (g + 1.0)) / (n * (n - 1.0)); }

// KS distance between the gaps of all listed pairs (histogram `hist`, gaps 1..n-1, `pairs` in
// all) and the shuffled-file distribution. Both are step functions on the integers, so the
// supremum is the largest difference at an integer.
double gapStatistic(const std::vector<uint32_t>& hist, int64_t pairs, Index n) {
  if (pairs == 0) return 0.0;
  double ks = 0.0;
  int64_t below = 0;
  for (Index g = 1; g < n; ++g) {
    below += hist[static_cast<size_t>(g)];
    const double observed = static_cast<double>(below) / static_cast<double>(pairs);
    ks = std::max(ks, std::abs(observed - shuffledGapCdf(static_cast<double>(g), static_cast<double>(n))));
  }
  return ks;
}

// The gaps of every listed pair with the rows at positions `pos` (the identity: the file's order).
// The gap is std::abs of the difference, not a comparison and two subtractions: which of two
// shuffled positions is the larger is a coin toss, and as a branch it was mispredicted half the
// time (4.6x slower natively, bench/README.md).
int64_t gapHistogram(const NeighborGraph& g, const int32_t* pos, std::vector<uint32_t>& hist) {
  std::fill(hist.begin(), hist.end(), 0);
  uint32_t* counts = hist.data();
  int64_t pairs = 0;
  for (Index i = 0; i < g.rows(); ++i) {
    const int32_t a = pos[i];
    const int32_t* listed = g.indices.data() + i * g.k;
    for (int j = 0; j < g.k; ++j) {
      const int32_t nb = listed[j];
      if (nb < 0) continue;
      ++counts[static_cast<uint32_t>(std::abs(a - pos[nb]))];
      ++pairs;
    }
  }
  return pairs;
}

// Row i's own KS distance: its listed gaps (sorted, `gaps`) against the gaps a random other row
// would have from position i: P(gap <= g) = (min(g, i) + min(g, n - 1 - i)) / (n - 1). The
// supremum over integers is at an observed gap a (counting gaps <= a) or just below it (gaps < a).
double rowStatistic(const int32_t* gaps, int count, Index i, Index n) {
  auto expected = [&](double g) {
    return (std::min<double>(g, static_cast<double>(i)) + std::min<double>(g, static_cast<double>(n - 1 - i))) /
           static_cast<double>(n - 1);
  };
  double ks = 0.0;
  for (int t = 0; t < count;) {
    int u = t;
    while (u < count && gaps[u] == gaps[t]) ++u;
    const double a = gaps[t];
    ks = std::max(ks, std::abs(static_cast<double>(u) / count - expected(a)));
    ks = std::max(ks, std::abs(static_cast<double>(t) / count - expected(a - 1.0)));
    t = u;
  }
  return ks;
}

// score[i] for the rows [begin, end): 1 - the row's own KS distance.
void rowScores(const NeighborGraph& g, Index begin, Index end, std::vector<int32_t>& gaps, RealVector& score) {
  const Index n = g.rows();
  for (Index i = begin; i < end; ++i) {
    int count = 0;
    for (int j = 0; j < g.k; ++j) {
      const int32_t nb = g.neighbor(i, j);
      if (nb >= 0) gaps[static_cast<size_t>(count++)] = static_cast<int32_t>(std::abs(nb - i));
    }
    std::sort(gaps.begin(), gaps.begin() + count);
    score[i] = count ? 1.0 - rowStatistic(gaps.data(), count, i, n) : 1.0;
  }
}

// How many of the first `permutations` shuffles reach `observed` (`pairs` listed pairs in all).
// `pos`: n entries of scratch.
int reaching(const NeighborGraph& g, int64_t pairs, double observed, int permutations, uint64_t seed,
             std::vector<int32_t>& pos, std::vector<uint32_t>& hist) {
  const Index n = g.rows();
  const auto histogram = detail::separateCall(gapHistogram);
  const auto statistic = detail::separateCall(gapStatistic);
  int reached = 0;
  for (int p = 0; p < permutations; ++p) {
    // Each permutation a shuffle of the file's order by its own seed (nonIidPermutationSeed), so
    // that any one of them can be reproduced alone.
    std::iota(pos.begin(), pos.end(), 0);
    Rng rng(nonIidPermutationSeed(seed, p));
    rng.shuffle(pos.data(), static_cast<int64_t>(n));
    histogram(g, pos.data(), hist);
    reached += statistic(hist, pairs, n) >= observed;
  }
  return reached;
}

}  // namespace

Result<NonIidAudit> testNonIid(const NeighborGraph& g, int permutations, double significance, int maxRows,
                               uint64_t seed) {
  LABELCHECK_TRY(detail::checkNonNegative(significance, "non-IID: the significance"));
  if (permutations < 0 || maxRows < 0)
    return makeError(Status::InvalidArgument, "non-IID: permutations and maxRows must be >= 0");
  LABELCHECK_TRY(detail::checkGraph(g, "non-IID"));
  const Index n = g.rows();
  NonIidAudit out;
  out.permutations = permutations;

  // Counts per gap in 32 bits (at most n k pairs in all, far below 2^32 at any size the heap
  // holds): the permutations update it at random gaps, and half the bytes stay in cache.
  std::vector<uint32_t> hist(static_cast<size_t>(n), 0);
  std::vector<int32_t> pos(static_cast<size_t>(n));
  std::iota(pos.begin(), pos.end(), 0);
  const int64_t pairs = detail::separateCall(gapHistogram)(g, pos.data(), hist);
  out.statistic = detail::separateCall(gapStatistic)(hist, pairs, n);
  out.reached = reaching(g, pairs, out.statistic, permutations, seed, pos, hist);
  out.pValue = (1.0 + out.reached) / (1.0 + permutations);
  out.flagged = out.pValue < significance;

  out.score.resize(n);
  std::vector<int32_t> gaps(static_cast<size_t>(g.k));
  const auto scores = detail::separateCall(rowScores);
  for (Index b = 0; b < n; b += kScoreBlock) scores(g, b, std::min(n, b + kScoreBlock), gaps, out.score);
  // The rows where the effect is strongest, listed only when the test flags the file.
  if (!out.flagged) return out;
  std::vector<int32_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const size_t shown = std::min<size_t>(static_cast<size_t>(maxRows), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](int32_t a, int32_t b) { return out.score[a] != out.score[b] ? out.score[a] < out.score[b] : a < b; });
  out.rows.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown));
  return out;
}

}  // namespace labelcheck
