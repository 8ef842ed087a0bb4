// Building blocks shared by filter, noise and health: unchecked versions of the public calls.
// Inputs must already have passed validateInputs.
#pragma once

#include <vector>

#include "labelcheck/confident_joint.hpp"

namespace labelcheck::detail {

ConfidentJoint confidentJoint(Labels labels, const PredProbs& predProbs, bool calibrated, bool wantIndices);

// Drops flagged rows whose given label is the argmax once it gets a 1e-6 head start
// (cleanlab's _reduce_issues): the model agrees with the label, so it is not an issue.
void dropRowsWherePredictionMatchesLabel(Labels labels, const PredProbs& predProbs, std::vector<uint8_t>& mask);

// num_label_issues(estimation_method="off_diagonal"): the confident-learning rows after the
// reduction above, counted.
Index countOffDiagonalIssues(Labels labels, const PredProbs& predProbs);

}  // namespace labelcheck::detail
