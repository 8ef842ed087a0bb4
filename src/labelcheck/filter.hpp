// Finding label issues (cleanlab.filter.find_label_issues): which rows are likely mislabeled.
//
//   ```cpp given: Labels labels; const PredProbs& predProbs
//   FindLabelIssuesOptions o;                 // prune_by_noise_rate, fracNoise 1, minExamplesPerClass 1
//   o.rankBy = ScoreMethod::SelfConfidence;   // optional: indices ranked, most likely wrong first
//   auto issues = findLabelIssues(labels, predProbs, o);
//   if (!issues.ok()) return issues.error();
//   for (Index row : issues.value().indices) use(row);
//   ```
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/rank.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class FilterBy {
  PruneByNoiseRate,   // per given class k and other class j: the cj[k][j] rows with largest p[j] - p[k]
  PruneByClass,       // per given class k: the n_k - cj[k][k] rows with smallest p[k]
  Both,               // rows flagged by both of the above
  ConfidentLearning,  // the rows off the diagonal of the confident joint
  PredictedNeqGiven,  // argmax != given label
  LowNormalizedMargin,  // the num_label_issues rows with the lowest normalized margin
  LowSelfConfidence     // the num_label_issues rows with the lowest self-confidence
};
Result<FilterBy> parseFilterBy(std::string_view name);  // cleanlab's names, verbatim
const char* filterByName(FilterBy filterBy);

struct FindLabelIssuesOptions {
  FilterBy filterBy = FilterBy::PruneByNoiseRate;
  // Fraction of the estimated issues to flag (prune_* filters only), in (0, 1].
  double fracNoise = 1.0;
  // Flag exactly this many rows per given class (prune_* filters only); empty = estimate them.
  std::vector<int64_t> numToRemovePerClass;
  // Keep at least this many rows of every class; a class with this many rows or fewer is
  // never flagged (prune_* filters only).
  int64_t minExamplesPerClass = 1;
  // When set, `indices` is ordered by this score (lowest first) instead of by row.
  std::optional<ScoreMethod> rankBy;
  bool adjustPredProbs = false;  // for rankBy, as ScoreOptions::adjustPredProbs
};

struct LabelIssues {
  std::vector<uint8_t> isLabelIssue;  // N entries, 1 = flagged
  IndexVector indices;                // the flagged rows: ascending, or ranked when rankBy is set
};

// Errors: those of validateInputs (all-zero labels accepted; other single-class labels are
// TOO_FEW_CLASSES); INVALID_ARGUMENT for options out of range or numToRemovePerClass with a
// filter that does not use it; UNSUPPORTED for adjusted entropy ranking.
Result<LabelIssues> findLabelIssues(Labels labels, const PredProbs& predProbs,
                                    const FindLabelIssuesOptions& options = {});

}  // namespace labelcheck
