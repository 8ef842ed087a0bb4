// Label quality scores (cleanlab.rank): one score per row, higher = the given label is more
// likely correct, and the ordering of flagged rows by that score.
#pragma once

#include <string_view>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class ScoreMethod {
  SelfConfidence,            // p[label]
  NormalizedMargin,          // (p[label] - max_{k != label} p[k] + 1) / 2
  ConfidenceWeightedEntropy  // log(s + 1) / max(s, 1e-6), s = normalised entropy / max(p[label], 1e-6)
};
Result<ScoreMethod> parseScoreMethod(std::string_view name);  // cleanlab's names, verbatim
const char* scoreMethodName(ScoreMethod method);

struct ScoreOptions {
  ScoreMethod method = ScoreMethod::SelfConfidence;
  // Subtract each class's confident threshold and renormalise before scoring, which removes a
  // model's bias towards some classes. Not defined for confidence_weighted_entropy (UNSUPPORTED).
  bool adjustPredProbs = false;
};

// N scores, computed in the input's precision (float32 input gives float32-exact scores).
// Errors: those of validateInputs (one class is accepted); UNSUPPORTED for adjusted entropy;
// PROBABILITY_OUT_OF_RANGE for entropy with any probability outside [0, 1] (no tolerance);
// TOO_FEW_CLASSES for normalized_margin with K = 1.
Result<RealVector> getLabelQualityScores(Labels labels, const PredProbs& predProbs, const ScoreOptions& options = {});

// The rows where isLabelIssue is non-zero, ordered by score ascending (most likely wrong first);
// equal scores keep row order. isLabelIssue has N entries.
Result<IndexVector> orderLabelIssues(const std::vector<uint8_t>& isLabelIssue, Labels labels,
                                     const PredProbs& predProbs, const ScoreOptions& options = {});

}  // namespace labelcheck
