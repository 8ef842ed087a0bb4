#include "labelcheck/rank.hpp"

#include <cmath>
#include <string>

#include "detail/numeric.hpp"
#include "detail/scores.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {

Result<ScoreMethod> parseScoreMethod(std::string_view name) {
  if (name == "self_confidence") return ScoreMethod::SelfConfidence;
  if (name == "normalized_margin") return ScoreMethod::NormalizedMargin;
  if (name == "confidence_weighted_entropy") return ScoreMethod::ConfidenceWeightedEntropy;
  return makeError(Status::InvalidArgument,
                   "method must be self_confidence, normalized_margin or confidence_weighted_entropy; got '" +
                       std::string(name) + "'");
}

const char* scoreMethodName(ScoreMethod method) {
  switch (method) {
    case ScoreMethod::SelfConfidence: return "self_confidence";
    case ScoreMethod::NormalizedMargin: return "normalized_margin";
    case ScoreMethod::ConfidenceWeightedEntropy: return "confidence_weighted_entropy";
  }
  return "?";
}

Result<RealVector> getLabelQualityScores(Labels labels, const PredProbs& predProbs, const ScoreOptions& options) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return detail::labelQualityScores(labels, predProbs, options);
}

Result<IndexVector> orderLabelIssues(const std::vector<uint8_t>& isLabelIssue, Labels labels,
                                     const PredProbs& predProbs, const ScoreOptions& options) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  if (static_cast<Index>(isLabelIssue.size()) != labels.size)
    return makeError(Status::ShapeMismatch, "the label issue mask must have one entry per row");
  auto scores = detail::labelQualityScores(labels, predProbs, options);
  if (!scores.ok()) return std::move(scores).error();
  return detail::orderByScore(isLabelIssue, scores.value());
}

}  // namespace labelcheck
