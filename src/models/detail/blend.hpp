// Mixture weights for blending models' probabilities: the w on the simplex that minimises the
// log loss -sum_i log(sum_m w_m q_im) of the given rows, where q_im is model m's probability of
// row i's given label.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// q: n x M row-major (q[i * M + m]), every entry > 0. rows: the rows that count (indices into
// q). EM for mixture weights (each step cannot raise the loss; the problem is convex, so it
// converges to the optimum), from uniform weights, until no weight moves by more than 1e-9 or
// after 1000 steps. Weights below 1e-4 are then set to 0 and the rest renormalised, so that a
// model that does not help leaves no dust. Deterministic: fixed order of every sum.
std::vector<double> mixtureWeights(const std::vector<double>& q, int M, const std::vector<Index>& rows);

}  // namespace labelcheck::detail
