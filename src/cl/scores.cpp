#include "detail/scores.hpp"

#include <cmath>

#include "detail/numeric.hpp"
#include "detail/numpy_log.hpp"
#include "detail/thresholds.hpp"

namespace labelcheck::detail {

namespace {
constexpr double kMinAllowed = 1e-6;  // entropy score: floor for self-confidence and the score

// Scores of one row held in compute type C (float for float32 input with float32 thresholds).
template <typename C>
C normalizedMargin(const C* row, Index K, Index given) {
  C other = -std::numeric_limits<C>::infinity();
  for (Index k = 0; k < K; ++k)
    if (k != given) other = std::max(other, row[k]);
  return static_cast<C>(static_cast<C>(row[given] - other) + C(1)) / C(2);
}

// confidence_weighted_entropy, every step in C as the reference computes it (float32 input stays
// float32 throughout: numpy keeps the array's type when dividing by the float64 log(K)).
// xlogy(p, p) = p log p with 0 log 0 = 0, formed in double and stored in C (scipy's float loop).
template <typename C>
double weightedEntropy(const C* row, Index K, Index given, C logK) {
  const C negEntropy = pairwiseSum<C>(
      [&](Index k) {
        const double p = static_cast<double>(row[k]);
        return static_cast<C>(p == 0.0 ? 0.0 : p * std::log(p));
      },
      K);
  const C entropy = static_cast<C>(-negEntropy) / logK;
  const C selfConfidence = std::max(row[given], static_cast<C>(kMinAllowed));
  const C s = entropy / selfConfidence;
  const C clipped = std::max(s, static_cast<C>(kMinAllowed));
  return static_cast<double>(static_cast<C>(std::log(static_cast<C>(s + C(1)))) / clipped);
}

template <typename T, typename C>
void scoreRows(Labels labels, ConstRowMatrixMap<T> p, const ScoreOptions& options, const ThresholdSet* thresholds,
               RealVector& out) {
  const Index N = p.rows(), K = p.cols();
  std::vector<C> row(static_cast<size_t>(K));
  C maxThreshold = C(0);
  std::vector<C> t;
  if (thresholds) {
    t.resize(static_cast<size_t>(K));
    for (Index k = 0; k < K; ++k) t[k] = static_cast<C>(thresholds->values[k]);
    maxThreshold = *std::max_element(t.begin(), t.end());
  }
  const C logK = static_cast<C>(numpyLogOfCount(K));
  for (Index i = 0; i < N; ++i) {
    const T* src = p.data() + i * K;
    if (thresholds) {  // p - t + max(t), then each row divided by its sum
      for (Index k = 0; k < K; ++k) row[k] = static_cast<C>(static_cast<C>(src[k]) - t[k]) + maxThreshold;
      const C sum = pairwiseSum<C>([&](Index k) { return row[k]; }, K);
      for (Index k = 0; k < K; ++k) row[k] = row[k] / sum;
    } else {
      for (Index k = 0; k < K; ++k) row[k] = static_cast<C>(src[k]);
    }
    const Index given = labels[i];
    switch (options.method) {
      case ScoreMethod::SelfConfidence: out[i] = static_cast<double>(row[given]); break;
      case ScoreMethod::NormalizedMargin: out[i] = static_cast<double>(normalizedMargin(row.data(), K, given)); break;
      case ScoreMethod::ConfidenceWeightedEntropy: out[i] = weightedEntropy(row.data(), K, given, logK); break;
    }
  }
}
}  // namespace

Result<RealVector> labelQualityScores(Labels labels, const PredProbs& predProbs, const ScoreOptions& options) {
  if (options.method == ScoreMethod::ConfidenceWeightedEntropy && options.adjustPredProbs)
    return makeError(Status::Unsupported, "adjust_pred_probs is not supported for confidence_weighted_entropy");
  if (options.method == ScoreMethod::NormalizedMargin && predProbs.cols < 2)
    return makeError(Status::TooFewClasses, "normalized_margin needs at least 2 classes (columns of pred_probs)");
  return visitPredProbs(predProbs, [&](auto p) -> Result<RealVector> {
    using T = typename decltype(p)::Scalar;
    if (options.method == ScoreMethod::ConfidenceWeightedEntropy) {
      for (Index i = 0; i < p.size(); ++i) {
        const T v = p.data()[i];
        if (v < T(0) || v > T(1)) {
          Error e = makeError(Status::ProbabilityOutOfRange,
                              "confidence_weighted_entropy requires every probability to be between 0 and 1");
          e.row = i / p.cols();
          return e;
        }
      }
    }
    RealVector out(p.rows());
    if (!options.adjustPredProbs) {
      scoreRows<T, T>(labels, p, options, nullptr, out);
      return out;
    }
    const ClassRows classRows(labels, p.cols());
    const ThresholdSet thresholds = computeThresholds<T>(labels, p, classRows);
    withComputeType<T>(thresholds, [&](auto c) { scoreRows<T, decltype(c)>(labels, p, options, &thresholds, out); });
    return out;
  });
}

IndexVector orderByScore(const std::vector<uint8_t>& mask, const RealVector& scores) {
  std::vector<Index> rows;
  for (Index i = 0; i < static_cast<Index>(mask.size()); ++i)
    if (mask[i]) rows.push_back(i);
  // NaN scores (K = 1 entropy, unnormalised rows) go last, as numpy's argsort puts them.
  std::stable_sort(rows.begin(), rows.end(), [&](Index a, Index b) { return nanLast(scores[a], scores[b]); });
  IndexVector out(static_cast<Index>(rows.size()));
  for (Index i = 0; i < out.size(); ++i) out[i] = rows[i];
  return out;
}

}  // namespace labelcheck::detail
