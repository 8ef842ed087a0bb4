#include "labelcheck/validate.hpp"

#include <cmath>
#include <string>

namespace labelcheck {

namespace {
template <typename T>
Outcome checkProbabilities(ConstRowMatrixMap<T> p) {
  const T* data = p.data();
  const Index total = p.size();
  const T lo = static_cast<T>(-kProbabilityTolerance), hi = static_cast<T>(1.0 + kProbabilityTolerance);
  // Fast path with Eigen's vectorised reductions: any NaN or Infinity makes the sum non-finite,
  // and min/max bound the rest. Only a failing input is scanned again to locate the cell.
  // Done in one pass over the data: 4 independent sums/extremes per step keep it memory-bound.
  T sum[4] = {0, 0, 0, 0}, mn[4] = {lo, lo, lo, lo}, mx[4] = {hi, hi, hi, hi};
  Index i = 0;
  for (; i + 4 <= total; i += 4)
    for (int j = 0; j < 4; ++j) {
      const T v = data[i + j];
      sum[j] += v;
      mn[j] = v < mn[j] ? v : mn[j];
      mx[j] = v > mx[j] ? v : mx[j];
    }
  for (; i < total; ++i) {
    sum[0] += data[i];
    mn[0] = data[i] < mn[0] ? data[i] : mn[0];
    mx[0] = data[i] > mx[0] ? data[i] : mx[0];
  }
  const T lowest = std::min(std::min(mn[0], mn[1]), std::min(mn[2], mn[3]));
  const T highest = std::max(std::max(mx[0], mx[1]), std::max(mx[2], mx[3]));
  if (std::isfinite(static_cast<double>(sum[0] + sum[1] + sum[2] + sum[3])) && lowest >= lo && highest <= hi) return {};
  for (Index i = 0; i < total; ++i) {
    const double v = static_cast<double>(data[i]);
    if (!(v >= -kProbabilityTolerance && v <= 1.0 + kProbabilityTolerance)) {
      Error e;
      e.row = i / p.cols();
      const bool finite = std::isfinite(v);
      e.status = finite ? Status::ProbabilityOutOfRange : Status::NonFiniteValue;
      e.message = (finite ? "pred_probs values must be between 0 and 1; row "
                          : "pred_probs must not contain NaN or Infinity; row ") +
                  std::to_string(e.row) + ", column " + std::to_string(i % p.cols()) + " is " +
                  std::to_string(v);
      return e;
    }
  }
  return {};
}
}  // namespace

Outcome checkLabelRange(Labels labels, Index numClasses) {
  for (Index i = 0; i < labels.size; ++i)
    if (labels[i] < 0 || labels[i] >= numClasses) {
      Error e = makeError(Status::LabelOutOfRange, "label " + std::to_string(labels[i]) + " is outside [0, " +
                                                       std::to_string(numClasses) + ")");
      e.row = i;
      return e;
    }
  return {};
}

Index countDistinctLabels(Labels labels, Index numClasses) {
  std::vector<char> seen(static_cast<size_t>(numClasses), 0);
  Index distinct = 0;
  for (Index i = 0; i < labels.size; ++i) {
    char& s = seen[labels[i]];
    if (!s) { s = 1; ++distinct; }
  }
  return distinct;
}

Outcome validateInputs(Labels labels, const PredProbs& predProbs, ClassCountRule rule) {
  if (labels.size == 0 || predProbs.rows == 0)
    return makeError(Status::EmptyInput, "labels and pred_probs must have at least one row");
  if (predProbs.cols == 0) return makeError(Status::EmptyInput, "pred_probs must have at least one column");
  if (labels.size != predProbs.rows)
    return makeError(Status::ShapeMismatch, "pred_probs and labels must have the same length: " +
                                                std::to_string(predProbs.rows) + " rows of pred_probs, " +
                                                std::to_string(labels.size) + " labels");
  int32_t maxLabel = 0;
  for (Index i = 0; i < labels.size; ++i) {
    const int32_t y = labels[i];
    if (y < 0) {
      Error e = makeError(Status::LabelOutOfRange, "labels must be non-negative class indices; row " +
                                                       std::to_string(i) + " has label " + std::to_string(y));
      e.row = i;
      return e;
    }
    maxLabel = std::max(maxLabel, y);
  }
  if (maxLabel >= predProbs.cols)
    return makeError(Status::LabelOutOfRange,
                     "pred_probs must have at least " + std::to_string(int64_t(maxLabel) + 1) +
                         " columns, based on the largest class index which appears in labels; it has " +
                         std::to_string(predProbs.cols));
  Outcome probs = visitPredProbs(predProbs, [](auto p) { return checkProbabilities(p); });
  if (!probs.ok()) return probs;
  if (rule != ClassCountRule::AnyCount && countDistinctLabels(labels, predProbs.cols) < 2) {
    const bool allZero = maxLabel == 0;
    if (!(rule == ClassCountRule::AtLeastTwoUnlessAllZero && allZero))
      return makeError(Status::TooFewClasses, "labels must contain at least 2 classes");
  }
  return {};
}

Result<LabelVector> labelsFromNumbers(const double* values, Index n) {
  LabelVector out(n);
  for (Index i = 0; i < n; ++i) {
    const double v = values[i];
    if (!std::isfinite(v) || v != std::floor(v)) {
      Error e = makeError(Status::LabelNotInteger, "labels must be zero-indexed integers; row " +
                                                       std::to_string(i) + " has " + std::to_string(v));
      e.row = i;
      return e;
    }
    if (v < 0 || v > 2147483647.0) {
      Error e = makeError(Status::LabelOutOfRange, "labels must be non-negative class indices; row " +
                                                       std::to_string(i) + " has " + std::to_string(v));
      e.row = i;
      return e;
    }
    out[i] = static_cast<int32_t>(v);
  }
  return out;
}

}  // namespace labelcheck
