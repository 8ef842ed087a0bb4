// Input checks shared by every Confident Learning entry point.
//
// cleanlab validates in some functions and not in others; labelcheck checks what could make it
// read out of bounds or compute garbage everywhere (shapes, label range, NaN/Infinity,
// probabilities outside [-1e-6, 1 + 1e-6]) and applies cleanlab's "at least two classes" rule
// exactly where cleanlab applies it, so that results agree wherever cleanlab returns one.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// Probabilities may exceed [0, 1] by this much (float rounding in the producer), as in cleanlab.
inline constexpr double kProbabilityTolerance = 1e-6;

enum class ClassCountRule {
  AnyCount,              // one class is fine
  AtLeastTwo,            // fewer than two distinct labels is TOO_FEW_CLASSES
  AtLeastTwoUnlessAllZero  // find_label_issues: all-zero labels are accepted
};

// Checks N > 0, K > 0, labels.size == rows, 0 <= label < K, finite probabilities within
// [-kProbabilityTolerance, 1 + kProbabilityTolerance], and the class-count rule.
// Errors: EMPTY_INPUT, SHAPE_MISMATCH, LABEL_OUT_OF_RANGE, NON_FINITE_VALUE (row set),
// PROBABILITY_OUT_OF_RANGE (row set), TOO_FEW_CLASSES.
Outcome validateInputs(Labels labels, const PredProbs& predProbs, ClassCountRule rule);

// Converts labels held as numbers (JSON, JS arrays) to int32 class indices.
// Errors: LABEL_NOT_INTEGER (row set) for 1.5, NaN or Infinity; LABEL_OUT_OF_RANGE for
// values below 0 or above 2^31 - 1.
Result<LabelVector> labelsFromNumbers(const double* values, Index n);

// Every label in [0, numClasses). Error: LABEL_OUT_OF_RANGE with the row.
Outcome checkLabelRange(Labels labels, Index numClasses);

// Number of distinct values among the labels (labels must be in [0, numClasses)).
Index countDistinctLabels(Labels labels, Index numClasses);

}  // namespace labelcheck
