// Confident thresholds together with the precision the reference computes with them.
#pragma once

#include <vector>

#include "detail/numeric.hpp"
#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

inline constexpr double kThresholdLowerBound = 2e-6;  // cleanlab: 2 x its 1e-6 float tolerance
inline constexpr double kAbsentClassThreshold = 2.0;  // above any probability: never confident
inline constexpr double kCountingSlack = 1e-6;        // p >= threshold - 1e-6 counts

// Thresholds as doubles, and whether the reference keeps them in the input's float32 precision:
// with float32 input it does, unless a class is absent (its threshold, the integer 2, turns the
// array into float64). `inputPrecision` is meaningless for float64 input.
struct ThresholdSet {
  std::vector<double> values;
  bool inputPrecision = true;
};

template <typename T>
ThresholdSet computeThresholds(Labels labels, ConstRowMatrixMap<T> p, const ClassRows& classRows) {
  const Index K = p.cols();
  // Each row's probability of its own label, grouped by class in row order, in one sequential
  // pass over the probabilities (a per-class gather would read them K times out of order).
  std::vector<T> own(static_cast<size_t>(labels.size));
  std::vector<Index> next(classRows.offsets.begin(), classRows.offsets.end() - 1);
  for (Index i = 0; i < labels.size; ++i) own[next[labels[i]]++] = p(i, labels[i]);
  ThresholdSet out;
  out.values.resize(static_cast<size_t>(K));
  for (Index k = 0; k < K; ++k) {
    const Index n = classRows.count(k);
    if (n == 0) {
      out.values[k] = kAbsentClassThreshold;
      out.inputPrecision = false;
      continue;
    }
    const T* values = own.data() + classRows.offsets[k];
    // numpy's mean: pairwise sum in the array's type, then one division done in double and
    // stored back in the array's type.
    const T sum = pairwiseSum<T>([&](Index i) { return values[i]; }, n);
    out.values[k] = static_cast<double>(static_cast<T>(static_cast<double>(sum) / static_cast<double>(n)));
  }
  for (double& t : out.values) {
    const double bound = std::is_same<T, float>::value && out.inputPrecision
                             ? static_cast<double>(static_cast<float>(kThresholdLowerBound))
                             : kThresholdLowerBound;
    t = std::max(t, bound);
  }
  return out;
}

// Calls f.template operator()<C>() with C = the type the reference uses for arithmetic between
// probabilities of type T and these thresholds: float only for float32 input with float32
// thresholds, double otherwise.
template <typename T, typename F>
decltype(auto) withComputeType(const ThresholdSet& t, F&& f) {
  if constexpr (std::is_same<T, float>::value) {
    if (t.inputPrecision) return f(float{});
  }
  return f(double{});
}

}  // namespace labelcheck::detail
