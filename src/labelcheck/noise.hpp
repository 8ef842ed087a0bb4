// The latent estimates of Confident Learning: the prior of the true labels py, the noise matrix
// P(given | true) and the inverse noise matrix P(true | given) (cleanlab.count.estimate_latent),
// and the number of label issues (cleanlab.count.num_label_issues).
#pragma once

#include <string_view>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// How py is computed from the confident joint (cleanlab's py_method values):
//   cnt         inverse-noise diagonal / noise diagonal * P(given)  (default; most stable)
//   eqn         inverse(noise matrix) * P(given)  (SINGULAR_MATRIX when not invertible)
//   marginal    column totals of the confident joint, normalised
//   marginal_ps inverse noise matrix * P(given)
enum class PyMethod { Cnt, Eqn, Marginal, MarginalPs };
Result<PyMethod> parsePyMethod(std::string_view name);  // "cnt", "eqn", "marginal", "marginal_ps"

struct LatentEstimates {
  RealVector py;                   // K, sums to 1
  RealMatrix noiseMatrix;          // (g, t) = P(given = g | true = t); columns sum to 1
  RealMatrix inverseNoiseMatrix;   // (t, g) = P(true = t | given = g); columns sum to 1
  CountMatrix confidentJoint;      // the confident joint the estimates came from
};

struct LatentOptions {
  PyMethod pyMethod = PyMethod::Cnt;
  // Alternate 3 x 5 times between the noise matrix, the inverse and py to make them consistent.
  bool convergeLatentEstimates = false;
};

// From a K x K confident joint (counts) and the labels it came from.
// Errors: SHAPE_MISMATCH, EMPTY_INPUT, LABEL_OUT_OF_RANGE, INVALID_ARGUMENT (negative counts),
// SINGULAR_MATRIX (eqn).
Result<LatentEstimates> estimateLatent(const CountMatrix& confidentJoint, Labels labels,
                                       const LatentOptions& options = {});

struct NoiseEstimationOptions {
  PyMethod pyMethod = PyMethod::Cnt;
  bool convergeLatentEstimates = true;  // note: the opposite default of estimateLatent, as in cleanlab
  bool calibrate = true;
};

// computeConfidentJoint followed by estimateLatent.
Result<LatentEstimates> estimatePyAndNoiseMatricesFromProbabilities(Labels labels, const PredProbs& predProbs,
                                                                    const NoiseEstimationOptions& options = {});

enum class NumLabelIssuesMethod {
  OffDiagonal,           // rows off the diagonal of the (uncalibrated) confident joint whose argmax is not the label
  OffDiagonalCalibrated  // round((1 - trace(joint)) * N) with the twice-calibrated joint
};
Result<NumLabelIssuesMethod> parseNumLabelIssuesMethod(std::string_view name);

// Estimated number of label issues. Requires two classes (TOO_FEW_CLASSES) as cleanlab does.
Result<Index> numLabelIssues(Labels labels, const PredProbs& predProbs,
                             NumLabelIssuesMethod method = NumLabelIssuesMethod::OffDiagonal);

}  // namespace labelcheck
