// Arithmetic helpers that reproduce the reference implementation's floating-point behaviour.
//
// Confident Learning rounds, truncates and compares floats (calibration rounding, prune counts,
// the counting cut-off threshold - 1e-6). To agree exactly with cleanlab, sums must be formed in
// the same order as numpy forms them and sorts must break ties the same way. Private to the core.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// numpy's add.reduce over a 1-D run of n values: pairwise summation with 8 partial sums in
// blocks of up to 128 values (numpy's PW_BLOCKSIZE), recursing on halves rounded to a multiple
// of 8 above that. `get(i)` returns the i-th value as T; the sum is formed in T.
template <typename T, typename Get>
T pairwiseSum(const Get& get, Index begin, Index n) {
  if (n < 8) {
    T res = T(0);
    for (Index i = 0; i < n; ++i) res += get(begin + i);
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (int j = 0; j < 8; ++j) r[j] = get(begin + j);
    Index i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += get(begin + i + j);
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += get(begin + i);
    return res;
  }
  Index n2 = n / 2;
  n2 -= n2 % 8;
  return pairwiseSum<T>(get, begin, n2) + pairwiseSum<T>(get, begin + n2, n - n2);
}

template <typename T, typename Get>
T pairwiseSum(const Get& get, Index n) {
  return pairwiseSum<T>(get, 0, n);
}

// Round half to even, as numpy's round() / rint() do (the default FP rounding mode).
inline double roundHalfEven(double x) { return std::nearbyint(x); }

// numpy's astype(int64) of a double on x86-64: truncation toward zero, and INT64_MIN (the
// "integer indefinite" value of cvttsd2si) for NaN, infinities and values outside the int64
// range. A plain static_cast is undefined behaviour for those; the reference produces them when
// it divides by a zero total (e.g. num_to_remove_per_class with a class that has no noise).
inline int64_t numpyToInt64(double x) {
  // 2^63 is exactly representable; every double in [-2^63, 2^63) converts without overflow.
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(x);
}

// a < b with NaN after every number, as numpy sorts; a strict weak order even with NaN.
template <typename T>
bool nanLast(T a, T b) {
  return a < b || (!std::isnan(a) && std::isnan(b));
}

// Indices 0..n-1 ordered by key ascending, equal keys by ascending index: the order of a stable
// sort. numpy's default argsort is unstable for n > 16; the fixtures accept the stable order.
template <typename Key>
std::vector<Index> stableArgsort(const std::vector<Key>& key) {
  std::vector<Index> order(key.size());
  std::iota(order.begin(), order.end(), Index(0));
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return nanLast(key[a], key[b]); });
  return order;
}

// The first `count` entries of `candidates` in the order (key ascending, index ascending), i.e.
// stable_argsort(key)[:count], found in O(n + count log count) rather than a full sort.
// Reorders `candidates`; the selected entries end up sorted at its front.
template <typename KeyOf>
void selectSmallestStable(std::vector<Index>& candidates, Index count, const KeyOf& keyOf) {
  count = std::min<Index>(count, static_cast<Index>(candidates.size()));
  if (count <= 0) return;
  auto less = [&](Index a, Index b) {
    const auto ka = keyOf(a), kb = keyOf(b);
    if (nanLast(ka, kb)) return true;
    if (nanLast(kb, ka)) return false;
    return a < b;
  };
  if (count < static_cast<Index>(candidates.size()))
    std::nth_element(candidates.begin(), candidates.begin() + count, candidates.end(), less);
  std::sort(candidates.begin(), candidates.begin() + count, less);
}

// Python slice arithmetic for `seq[:stop]` on a sequence of length n (negative stop counts
// from the end), which the reference applies to counts that can come out negative.
inline Index pythonSliceStop(Index stop, Index n) {
  if (stop < 0) stop += n;
  return std::clamp<Index>(stop, 0, n);
}

// Rows of each class, ascending within a class: a counting sort of the labels. Built once per
// call and shared by every per-class pass so that no pass scans all N rows per class.
struct ClassRows {
  std::vector<Index> offsets;  // K + 1 entries; rows of class k are rows[offsets[k] .. offsets[k+1])
  std::vector<Index> rows;     // N entries

  ClassRows(Labels labels, Index numClasses) : offsets(numClasses + 1, 0), rows(labels.size) {
    for (Index i = 0; i < labels.size; ++i) ++offsets[labels[i] + 1];
    for (Index k = 0; k < numClasses; ++k) offsets[k + 1] += offsets[k];
    std::vector<Index> next(offsets.begin(), offsets.end() - 1);
    for (Index i = 0; i < labels.size; ++i) rows[next[labels[i]]++] = i;
  }
  Index count(Index k) const { return offsets[k + 1] - offsets[k]; }
  const Index* begin(Index k) const { return rows.data() + offsets[k]; }
};

}  // namespace labelcheck::detail
