#include "labelcheck/filter.hpp"

#include <cmath>
#include <string>

#include "detail/calibrate.hpp"
#include "detail/counting.hpp"
#include "detail/numeric.hpp"
#include "detail/scores.hpp"
#include "detail/thresholds.hpp"
#include "labelcheck/noise.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {

namespace {

bool isPruneFilter(FilterBy f) {
  return f == FilterBy::PruneByNoiseRate || f == FilterBy::PruneByClass || f == FilterBy::Both;
}

Outcome checkOptions(const FindLabelIssuesOptions& o, Index K) {
  if (!(o.fracNoise > 0.0 && o.fracNoise <= 1.0))
    return makeError(Status::InvalidArgument, "frac_noise must be in (0, 1]; got " + std::to_string(o.fracNoise));
  if (o.minExamplesPerClass < 0)
    return makeError(Status::InvalidArgument, "min_examples_per_class must be >= 0");
  if (!o.numToRemovePerClass.empty()) {
    if (!isPruneFilter(o.filterBy))
      return makeError(Status::InvalidArgument, std::string("num_to_remove_per_class is not supported with filter_by '") +
                                                    filterByName(o.filterBy) + "'");
    if (static_cast<Index>(o.numToRemovePerClass.size()) != K)
      return makeError(Status::ShapeMismatch, "num_to_remove_per_class must have one entry per class (" +
                                                  std::to_string(K) + ")");
    for (int64_t v : o.numToRemovePerClass)
      if (v < 0) return makeError(Status::InvalidArgument, "num_to_remove_per_class entries must be >= 0");
  }
  if (o.rankBy == ScoreMethod::ConfidenceWeightedEntropy && o.adjustPredProbs)
    return makeError(Status::Unsupported, "adjust_pred_probs is not supported for confidence_weighted_entropy");
  return {};
}

// Column sums of a K x K matrix in numpy's order for this layout (pairwise along a column).
double columnSum(const RealMatrix& m, Index c) {
  return detail::pairwiseSum<double>([&](Index r) { return m(r, c); }, m.rows());
}

// cleanlab's _keep_at_least_n_per_class + _reduce_prune_counts on prune = cj^T, where
// prune(t, g) counts rows given g and believed t: raise each diagonal to n, take the increase
// evenly out of the non-zero entries of its column, scale off-diagonals by fracNoise and move
// what was removed onto the diagonal; truncate to integers.
CountMatrix pruneCounts(const CountMatrix& cj, int64_t n, double fracNoise) {
  const Index K = cj.rows();
  const RealMatrix prune = cj.transpose().cast<double>();
  RealMatrix kept(K, K);
  for (Index c = 0; c < K; ++c) {
    const double diagonal = prune(c, c);
    const double raised = std::max(diagonal, static_cast<double>(n));
    Index nonZero = 0;
    for (Index r = 0; r < K; ++r) nonZero += prune(r, c) != 0.0;
    const double share = (raised - diagonal) / std::max(static_cast<double>(nonZero) - 1.0, 1.0);
    for (Index r = 0; r < K; ++r) kept(r, c) = std::max(prune(r, c) - share, 0.0);
    kept(c, c) = raised;
  }
  RealMatrix scaled = kept * fracNoise;
  for (Index c = 0; c < K; ++c) scaled(c, c) = kept(c, c);
  const RealMatrix removed = kept - scaled;
  for (Index c = 0; c < K; ++c) scaled(c, c) = kept(c, c) + columnSum(removed, c);
  return scaled.unaryExpr([](double v) { return std::trunc(v); }).cast<int64_t>();
}

// cleanlab's literal num_to_remove_per_class rescaling of the prune counts.
CountMatrix pruneCountsForRequestedRemovals(const CountMatrix& prune, const std::vector<int64_t>& numToRemove,
                                            const std::vector<int64_t>& counts) {
  const Index K = prune.rows();
  const RealMatrix pcm = prune.cast<double>();
  RealVector rowSums(K);
  for (Index r = 0; r < K; ++r) rowSums[r] = pcm.row(r).sum();
  RealMatrix psy(K, K);  // column j divided by the sum of row j (numpy broadcasting)
  for (Index r = 0; r < K; ++r)
    for (Index c = 0; c < K; ++c) psy(r, c) = pcm(r, c) / rowSums[c];
  RealMatrix target(K, K);
  for (Index r = 0; r < K; ++r) {
    double rowTotal = 0;
    for (Index c = 0; c < K; ++c) rowTotal += psy(r, c);
    const double noisePerRow = rowTotal - psy(r, r);
    for (Index c = 0; c < K; ++c)
      target(r, c) = psy(r, c) * static_cast<double>(numToRemove[r]) / noisePerRow;
    target(r, r) = static_cast<double>(counts[r] - numToRemove[r]);
  }
  return detail::roundPreservingRowTotals(target);
}

// The `take` smallest keys offered, equal keys in the order offered: exactly the first `take`
// entries of a stable argsort when keys are offered in row order. A bounded max-heap of
// (key, position) pairs; once full, most keys are rejected by one comparison.
template <typename K>
class StableSmallest {
 public:
  void reset(Index take) {
    m_take = take;
    m_heap.clear();
  }
  bool active() const { return m_take > 0; }
  void offer(K key, Index position) {
    if (static_cast<Index>(m_heap.size()) < m_take) {
      m_heap.emplace_back(key, position);
      std::push_heap(m_heap.begin(), m_heap.end());
    } else if (key < m_heap.front().first) {  // an equal key offered later never wins
      std::pop_heap(m_heap.begin(), m_heap.end());
      m_heap.back() = {key, position};
      std::push_heap(m_heap.begin(), m_heap.end());
    }
  }
  void mark(std::vector<uint8_t>& mask) const {
    for (const auto& e : m_heap) mask[e.second] = 1;
  }

 private:
  Index m_take = 0;
  std::vector<std::pair<K, Index>> m_heap;
};

// prune_by_noise_rate / prune_by_class: one sequential pass over all rows feeds, for each
// row's given class k, every selection of that class at once. Rows are offered in row order,
// which is the order within each class, so ties break as a stable sort would; nothing is
// copied (the WebAssembly heap budget is the input plus half of it).
template <typename T>
void pruneMasks(Labels labels, ConstRowMatrixMap<T> p, const CountMatrix& prune, const std::vector<int64_t>& counts,
                const FindLabelIssuesOptions& o, std::vector<uint8_t>& byNoiseRate, std::vector<uint8_t>& byClass) {
  const Index K = p.cols();
  const bool wantNoiseRate = o.filterBy != FilterBy::PruneByClass;
  const bool wantClass = o.filterBy != FilterBy::PruneByNoiseRate;
  // selection (k, j): rows given k; j != k: the prune[j][k] rows with the largest p[j] - p[k]
  // (argsort(-margin): ascending negated margin); j == k: the n_k - prune[k][k] rows with the
  // smallest p[k].
  std::vector<StableSmallest<T>> select(static_cast<size_t>(K * K));
  std::vector<std::vector<Index>> active(static_cast<size_t>(K));  // j with a selection, per k
  bool any = false;
  for (Index k = 0; k < K; ++k) {
    // A class at or below the minimum is left alone; a one-row class is never flagged.
    if (counts[k] <= o.minExamplesPerClass || counts[k] <= 1) continue;
    for (Index j = 0; j < K; ++j) {
      Index take = 0;
      if (j == k && wantClass) take = detail::pythonSliceStop(counts[k] - prune(k, k), counts[k]);
      if (j != k && wantNoiseRate) take = std::max<int64_t>(prune(j, k), 0);
      select[k * K + j].reset(take);
      if (take > 0) active[k].push_back(j);
    }
    any = any || !active[k].empty();
  }
  if (!any) return;
  for (Index i = 0; i < p.rows(); ++i) {
    const Index k = labels[i];
    const T* row = p.data() + i * K;
    for (Index j : active[k])
      select[k * K + j].offer(j == k ? row[k] : -static_cast<T>(row[j] - row[k]), i);
  }
  for (Index k = 0; k < K; ++k)
    for (Index j : active[k]) select[k * K + j].mark(j == k ? byClass : byNoiseRate);
}

template <typename T>
void predictedNeqGiven(Labels labels, ConstRowMatrixMap<T> p, std::vector<uint8_t>& mask) {
  const Index K = p.cols();
  for (Index i = 0; i < p.rows(); ++i) {
    const T* row = p.data() + i * K;
    Index best = 0;
    for (Index k = 1; k < K; ++k)
      if (row[k] > row[best]) best = k;
    mask[i] = best != labels[i];
  }
}

}  // namespace

Result<FilterBy> parseFilterBy(std::string_view name) {
  for (FilterBy f : {FilterBy::PruneByNoiseRate, FilterBy::PruneByClass, FilterBy::Both, FilterBy::ConfidentLearning,
                     FilterBy::PredictedNeqGiven, FilterBy::LowNormalizedMargin, FilterBy::LowSelfConfidence})
    if (name == filterByName(f)) return f;
  return makeError(Status::InvalidArgument,
                   "filter_by must be one of prune_by_noise_rate, prune_by_class, both, confident_learning, "
                   "predicted_neq_given, low_normalized_margin, low_self_confidence; got '" + std::string(name) + "'");
}

const char* filterByName(FilterBy f) {
  switch (f) {
    case FilterBy::PruneByNoiseRate: return "prune_by_noise_rate";
    case FilterBy::PruneByClass: return "prune_by_class";
    case FilterBy::Both: return "both";
    case FilterBy::ConfidentLearning: return "confident_learning";
    case FilterBy::PredictedNeqGiven: return "predicted_neq_given";
    case FilterBy::LowNormalizedMargin: return "low_normalized_margin";
    case FilterBy::LowSelfConfidence: return "low_self_confidence";
  }
  return "?";
}

Result<LabelIssues> findLabelIssues(Labels labels, const PredProbs& predProbs, const FindLabelIssuesOptions& o) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AtLeastTwoUnlessAllZero));
  const Index N = labels.size, K = predProbs.cols;
  LABELCHECK_TRY(checkOptions(o, K));
  std::vector<uint8_t> mask(static_cast<size_t>(N), 0);

  switch (o.filterBy) {
    case FilterBy::LowNormalizedMargin:
    case FilterBy::LowSelfConfidence: {
      auto numIssues = numLabelIssues(labels, predProbs, NumLabelIssuesMethod::OffDiagonal);
      if (!numIssues.ok()) return std::move(numIssues).error();
      ScoreOptions so;
      so.method = o.filterBy == FilterBy::LowNormalizedMargin ? ScoreMethod::NormalizedMargin : ScoreMethod::SelfConfidence;
      auto scores = detail::labelQualityScores(labels, predProbs, so);
      if (!scores.ok()) return std::move(scores).error();
      const RealVector& s = scores.value();
      std::vector<Index> rows(static_cast<size_t>(N));
      for (Index i = 0; i < N; ++i) rows[i] = i;
      const Index take = std::min<Index>(numIssues.value(), N);
      detail::selectSmallestStable(rows, take, [&](Index i) { return s[i]; });
      for (Index c = 0; c < take; ++c) mask[rows[c]] = 1;
      break;  // no reduction step for these two, as in cleanlab
    }
    case FilterBy::PredictedNeqGiven:
      // cleanlab's find_predicted_neq_given validates without allow_one_class: a single class
      // (even all labels 0, which the other filters accept) is "at least 2 classes" there.
      LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AtLeastTwo));
      visitPredProbs(predProbs, [&](auto p) { predictedNeqGiven(labels, p, mask); });
      detail::dropRowsWherePredictionMatchesLabel(labels, predProbs, mask);
      break;
    case FilterBy::ConfidentLearning: {
      const ConfidentJoint cj = detail::confidentJoint(labels, predProbs, true, true);
      for (Index i : cj.offDiagonalRows) mask[i] = 1;
      detail::dropRowsWherePredictionMatchesLabel(labels, predProbs, mask);
      break;
    }
    case FilterBy::PruneByNoiseRate:
    case FilterBy::PruneByClass:
    case FilterBy::Both: {
      const std::vector<int64_t> counts = detail::labelCounts(labels, K);
      const ConfidentJoint cj = detail::confidentJoint(labels, predProbs, true, false);
      CountMatrix prune = pruneCounts(cj.joint, o.minExamplesPerClass, o.fracNoise);
      if (!o.numToRemovePerClass.empty()) prune = pruneCountsForRequestedRemovals(prune, o.numToRemovePerClass, counts);
      std::vector<uint8_t> byClass(static_cast<size_t>(N), 0);
      visitPredProbs(predProbs, [&](auto p) { pruneMasks(labels, p, prune, counts, o, mask, byClass); });
      if (o.filterBy == FilterBy::PruneByClass) mask.swap(byClass);
      if (o.filterBy == FilterBy::Both)
        for (Index i = 0; i < N; ++i) mask[i] = mask[i] & byClass[i];
      detail::dropRowsWherePredictionMatchesLabel(labels, predProbs, mask);
      break;
    }
  }

  LabelIssues out;
  if (o.rankBy) {
    ScoreOptions so{*o.rankBy, o.adjustPredProbs};
    auto scores = detail::labelQualityScores(labels, predProbs, so);
    if (!scores.ok()) return std::move(scores).error();
    out.indices = detail::orderByScore(mask, scores.value());
  } else {
    Index n = 0;
    for (uint8_t m : mask) n += m;
    out.indices.resize(n);
    for (Index i = 0, j = 0; i < N; ++i)
      if (mask[i]) out.indices[j++] = i;
  }
  out.isLabelIssue = std::move(mask);
  return out;
}

}  // namespace labelcheck
