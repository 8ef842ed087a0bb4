// Mixture weights for blending models' probabilities: the w on the simplex that minimises the
// log loss -sum_i log(sum_m w_m q_im) of the given rows, where q_im is model m's probability of
// row i's given label.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// q: n x M row-major (q[i * M + m]), every entry > 0. rows: the rows that count (indices into
// q). The problem is convex: Newton's method on the simplex (the step within sum(w) = 1 over the
// weights that may move, clipped at the boundary, shortened by regula falsi on the slope when it
// passes the minimum along its direction, so that the loss falls; a weight joins
// when moving towards its model lowers the loss), from uniform weights, until the step's
// predicted decrease of the mean loss is below 1e-14 (a handful of steps; EM took 500-1000
// and stopped short of the optimum at 100,000 rows). Weights below 1e-4 are then set to 0 and the
// rest renormalised, so that a model that does not help leaves no dust. Deterministic: fixed
// order of every sum.
std::vector<double> mixtureWeights(const std::vector<double>& q, int M, const std::vector<Index>& rows);

}  // namespace labelcheck::detail
