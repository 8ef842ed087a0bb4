// Calibration and integer rounding of count matrices, shared by the confident joint, the
// prune counts and num_to_remove_per_class.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// Rounds every row of `m` to integers whose sum is the rounded row total: round half to even,
// then +1 to the largest remainders (ties: higher column first) or -1 to the smallest
// (ties: lower column first) until the total matches, as cleanlab's round_preserving_row_totals.
CountMatrix roundPreservingRowTotals(const RealMatrix& m);

// Number of rows per class 0..K-1.
std::vector<int64_t> labelCounts(Labels labels, Index numClasses);

// The calibrated confident joint (see calibrateConfidentJoint) without input checks.
CountMatrix calibrate(const CountMatrix& cj, const std::vector<int64_t>& counts);

// calibrated / total, as estimateJoint.
RealMatrix jointFromCalibrated(const CountMatrix& calibrated);

}  // namespace labelcheck::detail
