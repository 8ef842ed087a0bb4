// The log loss of the boosted trees: gradients for each round, validation loss, probabilities.
//
// Raw scores are float64 and laid out tree-major (trees x n): one tree per class for the
// multinomial softmax (Kp >= 3 present classes), one tree for the binary logistic loss (Kp = 2,
// raw score = log odds of the second present class). Gradients and hessians are float32,
//   g = p - [y == k],  h = max(p (1 - p), 1e-16)
// computed with expFloat (gbdt_math.hpp) in loops that vectorise. The loss and probabilities use
// expDouble / logDouble, so that every platform gets the same bits.
#pragma once

#include <cstddef>
#include <cstdint>

namespace labelcheck::detail {

// Smallest hessian per row: keeps leaf values finite for rows the model is sure of (p = 0 or 1
// in float32) when l2 = 0.
constexpr float kMinRowHessian = 1e-16f;

// Floats of scratch space logLossGradients needs.
size_t gradientScratchSize(int trees);

// Gradients at raw (trees x n) for labels y in [0, trees) (trees >= 3: softmax) or in {0, 1}
// (trees == 1: logistic), as float32 pairs: grad[2 (k n + r)] = g and the next float = h of
// tree k, row r (histograms read a row's pair with one load).
void logLossGradients(const double* raw, int trees, uint32_t n, const int32_t* y, float* grad, float* scratch);

// Mean log loss over the n rows at raw (trees x n, tree-major).
double meanLogLoss(const double* raw, int trees, uint32_t n, const int32_t* y);

// Probabilities of the Kp = max(trees, 2) present classes from one row's raw scores (trees
// values); they sum to 1 up to rounding.
void probabilitiesOf(const double* raw, int trees, double* p);

}  // namespace labelcheck::detail
