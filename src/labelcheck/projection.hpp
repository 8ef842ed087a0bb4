// A 2-D picture of the examples: their coordinates on the first two principal components.
#pragma once

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// N x 2 coordinates (centred data projected on the top two principal directions, found by
// deterministic subspace iteration; signs fixed so the largest loading is positive).
// A single feature gives a second column of zeros. Errors: EMPTY_INPUT.
Result<RealMatrix> principalComponents2d(const Eigen::Ref<const RealMatrix>& X);
Result<RealMatrix> principalComponents2d(const SparseRows& X);

}  // namespace labelcheck
