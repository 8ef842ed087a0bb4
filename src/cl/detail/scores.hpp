// Unchecked score computations shared by rank and filter (inputs already validated).
#pragma once

#include <vector>

#include "labelcheck/rank.hpp"

namespace labelcheck::detail {

// Checks only the method-specific conditions (adjusted entropy, entropy range, K = 1 margin).
Result<RealVector> labelQualityScores(Labels labels, const PredProbs& predProbs, const ScoreOptions& options);

// Flagged rows ordered by score ascending, ties by row.
IndexVector orderByScore(const std::vector<uint8_t>& mask, const RealVector& scores);

}  // namespace labelcheck::detail
