// Histogram building (the hot loop), subtraction and split scanning. See gbdt_histogram.hpp.
#include "detail/gbdt_histogram.hpp"
#include "detail/gbdt_math.hpp"  // before any arithmetic: no fused multiply-add (see there)

#include <algorithm>
#include <cstring>
#include <limits>

#include "detail/gbdt_simd.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace labelcheck::detail {
namespace {

// (sum g, sum h) of one slot updated with one vector add where the target has one; the same
// two IEEE additions either way, so every build gives the same sums.
#if defined(__wasm_simd128__)
using Pair = v128_t;
// (g, h) of one row: two adjacent float32, widened to float64 exactly.
inline Pair makePair(const float* gh) { return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(gh)); }
inline void addPair(double* p, Pair v) { wasm_v128_store(p, wasm_f64x2_add(wasm_v128_load(p), v)); }
#elif defined(__SSE2__)
using Pair = __m128d;
inline Pair makePair(const float* gh) {
  return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(gh))));
}
inline void addPair(double* p, Pair v) { _mm_storeu_pd(p, _mm_add_pd(_mm_loadu_pd(p), v)); }
#else
struct Pair {
  double g, h;
};
inline Pair makePair(const float* gh) { return {gh[0], gh[1]}; }
inline void addPair(double* p, Pair v) {
  p[0] += v.g;
  p[1] += v.h;
}
#endif

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();
constexpr int kMaxSlotsPerFeature = 256;  // 255 non-missing bins + the missing bin

constexpr double kTinyDenominator = 1e-150;  // keeps rejected candidates free of 0 / 0

// Left sums of "bin <= t" for t = 0 .. nb - 1 of one feature: (sum g, sum h) interleaved, and
// the row counts (exact in a double).
struct Prefix {
  alignas(16) double gh[2 * kMaxSlotsPerFeature];
  alignas(16) double count[kMaxSlotsPerFeature];
};

// Running sums over the nb non-missing bins. A running sum is one long chain of dependent
// additions, so the two halves of the bins are summed side by side (two chains in flight) and
// the first half's total is then added to the second half: a fixed order, so the same bits on
// every platform, at twice the speed of one chain.
void prefixSums(const double* gh, const uint32_t* count, int nb, Prefix& p) {
  using namespace simd;
  const int half = nb / 2;
  F64x2 a = splat(0.0), b = splat(0.0);
  uint32_t ca = 0, cb = 0;
  for (int t = 0; t < half; ++t) {
    const int u = half + t;
    a = a + load(gh + 2 * t);
    b = b + load(gh + 2 * u);
    store(p.gh + 2 * t, a);
    store(p.gh + 2 * u, b);
    ca += count[t];
    cb += count[u];
    p.count[t] = ca;
    p.count[u] = cb;
  }
  if (nb & 1) {
    const int u = nb - 1;
    b = b + load(gh + 2 * u);
    store(p.gh + 2 * u, b);
    cb += count[u];
    p.count[u] = cb;
  }
  for (int u = half; u < nb; ++u) {
    store(p.gh + 2 * u, load(p.gh + 2 * u) + a);
    p.count[u] += ca;
  }
}

struct Candidate {
  double score = kMinusInf;
  int t = -1;
};

// G_L^2 / (H_L + l2) + G_R^2 / (H_R + l2), written over one division; the same expression in
// two lanes and in one, so both give the same bits. Only called on feasible thresholds, whose
// sides have H >= minHessian > 0, so no denominator is 0.
struct Scorer {
  double g, h, c, minRows, minHess, l2;
  double operator()(double gl, double hl) const {
    const double gr = g - gl, dl = hl + l2, dr = (h - hl) + l2;
    return (gl * gl * dr + gr * gr * dl) / (dl * dr);
  }
  simd::F64x2 operator()(simd::F64x2 gl, simd::F64x2 hl) const {
    using namespace simd;
    const F64x2 gr = splat(g) - gl, dl = hl + splat(l2), dr = (splat(h) - hl) + splat(l2);
    return (gl * gl * dr + gr * gr * dl) / (dl * dr);
  }
  // Both sides of left sums (hl, cl) keep minSamplesLeaf rows and minHessian.
  bool leftFeasible(double hl, double cl) const { return cl >= minRows && hl >= minHess; }
  bool rightFeasible(double hl, double cl) const { return c - cl >= minRows && h - hl >= minHess; }
};

// The first t in [lo, hi) where pred turns true (pred false then true along t), else hi.
template <typename Pred>
int firstTrue(int lo, int hi, Pred pred) {
  while (lo < hi) {
    const int mid = lo + (hi - lo) / 2;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// The first t in [0, n) with the largest score of left sums p(t) + (eg, eh, ec) among feasible
// thresholds. The left count and hessian only grow with t (sums of non-negative terms, rounded
// monotonically), so "the left side is big enough" holds from some t on and "the right side is
// big enough" up to some t: the feasible thresholds are one range, found by two binary searches
// on the very expressions a per-threshold test would use. In a deep node most bins fall outside
// it (e.g. beyond the node's values of a feature split on above). Two thresholds per step; each
// lane keeps its first maximum.
Candidate bestThreshold(const Prefix& p, int n, double eg, double eh, double ec, const Scorer& score) {
  using namespace simd;
  const int lo = firstTrue(0, n, [&](int t) { return score.leftFeasible(p.gh[2 * t + 1] + eh, p.count[t] + ec); });
  n = firstTrue(lo, n, [&](int t) { return !score.rightFeasible(p.gh[2 * t + 1] + eh, p.count[t] + ec); });
  const F64x2 addG = splat(eg), addH = splat(eh);
  F64x2 best = splat(kMinusInf), bestT = splat(-1.0), at = make(lo, lo + 1.0);
  int t = lo;
  for (; t + 2 <= n; t += 2) {
    const F64x2 p0 = load(p.gh + 2 * t), p1 = load(p.gh + 2 * t + 2);
    const F64x2 s = score(unpackLo(p0, p1) + addG, unpackHi(p0, p1) + addH);
    const F64x2 better = gt(s, best);
    best = select(better, s, best);
    bestT = select(better, at, bestT);
    at = at + splat(2.0);
  }
  Candidate c;
  const double s0 = lane0(best), s1 = lane1(best), t0 = lane0(bestT), t1 = lane1(bestT);
  if (s0 > s1 || (s0 == s1 && t0 < t1)) {
    c.score = s0;
    c.t = static_cast<int>(t0);
  } else {
    c.score = s1;
    c.t = static_cast<int>(t1);
  }
  if (t < n) {
    const double s = score(p.gh[2 * t] + eg, p.gh[2 * t + 1] + eh);
    if (s > c.score) {
      c.score = s;
      c.t = t;
    }
  }
  if (c.score == kMinusInf) c.t = -1;
  return c;
}

// Adds v to the slots of one row's bins b (and counts them when counting). Four features per
// step: their slots are independent, so four loads and stores are in flight at once; each slot
// still receives the rows in row order, so the sums do not depend on the unrolling.
template <bool Counting>
inline void addRow(const uint8_t* b, const uint32_t* offsets, size_t d, Pair v, double* gh, uint32_t* count) {
  size_t f = 0;
  for (; f + 4 <= d; f += 4) {
    const uint32_t s0 = offsets[f] + b[f], s1 = offsets[f + 1] + b[f + 1];
    const uint32_t s2 = offsets[f + 2] + b[f + 2], s3 = offsets[f + 3] + b[f + 3];
    addPair(gh + 2 * size_t(s0), v);
    addPair(gh + 2 * size_t(s1), v);
    addPair(gh + 2 * size_t(s2), v);
    addPair(gh + 2 * size_t(s3), v);
    if (Counting) {
      ++count[s0];
      ++count[s1];
      ++count[s2];
      ++count[s3];
    }
  }
  for (; f < d; ++f) {
    const uint32_t s = offsets[f] + b[f];
    addPair(gh + 2 * size_t(s), v);
    if (Counting) ++count[s];
  }
}

}  // namespace

void addToHistogram(const uint8_t* bins, int features, const uint32_t* offsets, const uint32_t* rows, uint32_t n,
                    const float* grad, double* gh, uint32_t* count) {
  const size_t d = static_cast<size_t>(features);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t r = rows[i];
#if defined(__GNUC__)
    if (i + 16 < n) {
      const uint32_t a = rows[i + 16];
      __builtin_prefetch(bins + size_t(a) * d);
      __builtin_prefetch(grad + 2 * size_t(a));
    }
#endif
    addRow<true>(bins + size_t(r) * d, offsets, d, makePair(grad + 2 * size_t(r)), gh, count);
  }
}

void addRootToHistogram(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, const float* grad,
                        double* gh) {
  const size_t d = static_cast<size_t>(features);
  for (uint32_t r = 0; r < n; ++r) addRow<false>(bins + size_t(r) * d, offsets, d, makePair(grad + 2 * size_t(r)), gh, nullptr);
}

namespace {

// The root pass for exactly T trees: the T gradient pairs of a row stay in registers, and the T
// slots of one (feature, bin) are adjacent, so one row touches D runs of T pairs.
template <int T>
void rootPass(const uint8_t* bins, size_t d, const uint32_t* offsets, uint32_t n, const float* grad,
              double* interleaved) {
  for (uint32_t r = 0; r < n; ++r) {
    Pair v[T];
    for (int k = 0; k < T; ++k) v[k] = makePair(grad + 2 * (size_t(k) * n + r));
    const uint8_t* b = bins + size_t(r) * d;
    for (size_t f = 0; f < d; ++f) {
      double* slot = interleaved + 2 * size_t(T) * (offsets[f] + b[f]);
      for (int k = 0; k < T; ++k) addPair(slot + 2 * k, v[k]);
    }
  }
}

}  // namespace

void addRootToHistograms(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, int trees,
                         const float* grad, double* interleaved) {
  const size_t d = static_cast<size_t>(features);
  switch (trees) {
    case 1: return rootPass<1>(bins, d, offsets, n, grad, interleaved);
    case 2: return rootPass<2>(bins, d, offsets, n, grad, interleaved);
    case 3: return rootPass<3>(bins, d, offsets, n, grad, interleaved);
    case 4: return rootPass<4>(bins, d, offsets, n, grad, interleaved);
    case 5: return rootPass<5>(bins, d, offsets, n, grad, interleaved);
    case 6: return rootPass<6>(bins, d, offsets, n, grad, interleaved);
    case 7: return rootPass<7>(bins, d, offsets, n, grad, interleaved);
    default: return rootPass<8>(bins, d, offsets, n, grad, interleaved);
  }
}

void rootCounts(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, uint32_t slots,
                uint32_t* count) {
  if (slots == 0) return;  // no features: count may be null, and memset(nullptr, ...) is undefined
  std::memset(count, 0, sizeof(uint32_t) * slots);
  const size_t d = static_cast<size_t>(features);
  for (uint32_t r = 0; r < n; ++r) {
    const uint8_t* b = bins + static_cast<size_t>(r) * d;
    for (size_t f = 0; f < d; ++f) ++count[offsets[f] + b[f]];
  }
}

void subtractHistogram(double* dstGh, uint32_t* dstCount, const double* srcGh, const uint32_t* srcCount,
                       uint32_t slots) {
  for (size_t i = 0; i < 2 * static_cast<size_t>(slots); ++i) dstGh[i] -= srcGh[i];
  for (uint32_t i = 0; i < slots; ++i) dstCount[i] -= srcCount[i];
}

Split findBestSplit(const BinMapper& bins, const double* gh, const uint32_t* count, const NodeSums& node,
                    const SplitRules& rules) {
  Split best;
  double bestScore = kMinusInf;
  const Scorer score{node.g, node.h, static_cast<double>(node.count), static_cast<double>(rules.minSamplesLeaf),
                     rules.minHessian, rules.l2};
  Prefix p;
  for (int f = 0; f < bins.features(); ++f) {
    const uint32_t base = bins.offset(f);
    const int nb = bins.bins(f);
    const uint32_t missing = base + static_cast<uint32_t>(nb);
    const double gm = gh[2 * missing], hm = gh[2 * missing + 1];
    const uint32_t cm = count[missing];
    // With missing rows, t = nb - 1 (every non-missing row left) is a split too.
    const int thresholds = cm > 0 ? nb : nb - 1;
    if (thresholds <= 0) continue;
    prefixSums(gh + 2 * size_t(base), count + base, nb, p);
    const Candidate right = bestThreshold(p, thresholds, 0.0, 0.0, 0.0, score);
    Candidate left;
    if (cm > 0) left = bestThreshold(p, nb - 1, gm, hm, static_cast<double>(cm), score);
    // Candidates in order (t, missing right before missing left): the first maximum wins.
    const bool useLeft = left.score > right.score || (left.score == right.score && left.t >= 0 && left.t < right.t);
    const Candidate& c = useLeft ? left : right;
    if (c.t < 0 || !(c.score > bestScore)) continue;
    bestScore = c.score;
    best.feature = f;
    best.bin = c.t;
    const double ec = useLeft ? static_cast<double>(cm) : 0.0;
    best.left = {p.gh[2 * c.t] + (useLeft ? gm : 0.0), p.gh[2 * c.t + 1] + (useLeft ? hm : 0.0),
                 static_cast<uint32_t>(p.count[c.t] + ec)};
    // No missing rows here: future missing values follow the larger side.
    best.missingLeft = useLeft || (cm == 0 && best.left.count >= node.count - best.left.count);
  }
  if (bestScore == kMinusInf) return best;
  const double parent = node.h + rules.l2;
  best.gain = bestScore - node.g * node.g / (kTinyDenominator > parent ? kTinyDenominator : parent);
  best.valid = best.gain > 0.0;
  best.right = {node.g - best.left.g, node.h - best.left.h, node.count - best.left.count};
  return best;
}

}  // namespace labelcheck::detail
