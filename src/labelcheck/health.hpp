// Dataset-level health figures (cleanlab.dataset): which classes are noisiest, which pairs of
// classes overlap, and one overall score. They return data; formatting is the caller's job.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

struct ClassLabelQuality {
  Index classIndex = 0;
  int64_t labelIssues = 0;         // round(N * P(given = k, true != k))
  int64_t inverseLabelIssues = 0;  // round(N * P(given != k, true = k))
  double labelNoise = 0;           // P(true != k | given = k); 0 for an absent class
  double inverseLabelNoise = 0;    // P(given != k | true = k)
  double labelQualityScore = 0;    // 1 - labelNoise
};

struct OverlappingClasses {
  Index classIndexA = 0;
  Index classIndexB = 0;
  int64_t numOverlappingExamples = 0;  // round(N * jointProbability)
  double jointProbability = 0;         // symmetric: joint[a][b] + joint[b][a]; asymmetric: joint[a][b]
};

// One row per class, ascending labelQualityScore. Inputs as computeConfidentJoint.
Result<std::vector<ClassLabelQuality>> rankClassesByLabelQuality(Labels labels, const PredProbs& predProbs);
// From an estimated joint (K x K) and the number of rows.
std::vector<ClassLabelQuality> rankClassesByLabelQuality(const RealMatrix& joint, Index numExamples);

// Symmetric: one row per pair a < b; asymmetric: one per ordered pair a != b. Descending
// jointProbability.
Result<std::vector<OverlappingClasses>> findOverlappingClasses(Labels labels, const PredProbs& predProbs,
                                                               bool asymmetric = false);
std::vector<OverlappingClasses> findOverlappingClasses(const RealMatrix& joint, Index numExamples, bool asymmetric);

// 1 - numLabelIssues / N. Requires two classes (TOO_FEW_CLASSES).
Result<double> overallLabelHealthScore(Labels labels, const PredProbs& predProbs);

struct HealthSummary {
  double overallLabelHealthScore = 0;
  RealMatrix joint;  // K x K estimated joint, (given, true)
  std::vector<ClassLabelQuality> classesByLabelQuality;
  std::vector<OverlappingClasses> overlappingClasses;
};

// All of the above from one confident joint. Requires two classes (TOO_FEW_CLASSES).
Result<HealthSummary> healthSummary(Labels labels, const PredProbs& predProbs, bool asymmetric = false);

}  // namespace labelcheck
