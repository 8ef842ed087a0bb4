#include "labelcheck/health.hpp"

#include <algorithm>
#include <cmath>

#include "detail/calibrate.hpp"
#include "detail/counting.hpp"
#include "detail/numeric.hpp"
#include "labelcheck/noise.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {

namespace {
int64_t roundedCount(double probability, Index n) {
  return static_cast<int64_t>(detail::roundHalfEven(probability * static_cast<double>(n)));
}

// Descending by key with NaN last, stable (the reference's order among equal keys is
// unspecified; row order is as good as any).
template <typename Row, typename Key>
void sortRows(std::vector<Row>& rows, Key key, bool ascending) {
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    const double ka = key(a), kb = key(b);
    if (std::isnan(ka) || std::isnan(kb)) return !std::isnan(ka) && std::isnan(kb);
    return ascending ? ka < kb : ka > kb;
  });
}

RealMatrix jointOf(Labels labels, const PredProbs& predProbs) {
  return detail::jointFromCalibrated(detail::confidentJoint(labels, predProbs, true, false).joint);
}
}  // namespace

std::vector<ClassLabelQuality> rankClassesByLabelQuality(const RealMatrix& joint, Index numExamples) {
  const Index K = joint.rows();
  std::vector<ClassLabelQuality> rows(static_cast<size_t>(K));
  for (Index k = 0; k < K; ++k) {
    const double givenTotal = detail::pairwiseSum<double>([&](Index t) { return joint(k, t); }, K);
    double trueTotal = 0;
    for (Index g = 0; g < K; ++g) trueTotal += joint(g, k);
    const double givenNoise = givenTotal - joint(k, k);
    const double trueNoise = trueTotal - joint(k, k);
    ClassLabelQuality& r = rows[k];
    r.classIndex = k;
    r.labelIssues = roundedCount(givenNoise, numExamples);
    r.inverseLabelIssues = roundedCount(trueNoise, numExamples);
    // An absent class (no given or no true mass) has no noise rather than 0 / 0.
    r.labelNoise = givenTotal == 0.0 ? 0.0 : givenNoise / givenTotal;
    r.inverseLabelNoise = trueTotal == 0.0 ? 0.0 : trueNoise / trueTotal;
    r.labelQualityScore = 1.0 - r.labelNoise;
  }
  sortRows(rows, [](const ClassLabelQuality& r) { return r.labelQualityScore; }, true);
  return rows;
}

std::vector<OverlappingClasses> findOverlappingClasses(const RealMatrix& joint, Index numExamples, bool asymmetric) {
  const Index K = joint.rows();
  std::vector<OverlappingClasses> rows;
  for (Index a = 0; a < K; ++a)
    for (Index b = 0; b < K; ++b) {
      if (asymmetric ? a == b : a >= b) continue;
      OverlappingClasses r;
      r.classIndexA = a;
      r.classIndexB = b;
      r.jointProbability = asymmetric ? joint(a, b) : joint(a, b) + joint(b, a);
      r.numOverlappingExamples = roundedCount(r.jointProbability, numExamples);
      rows.push_back(r);
    }
  sortRows(rows, [](const OverlappingClasses& r) { return r.jointProbability; }, false);
  return rows;
}

Result<std::vector<ClassLabelQuality>> rankClassesByLabelQuality(Labels labels, const PredProbs& predProbs) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return rankClassesByLabelQuality(jointOf(labels, predProbs), labels.size);
}

Result<std::vector<OverlappingClasses>> findOverlappingClasses(Labels labels, const PredProbs& predProbs,
                                                               bool asymmetric) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return findOverlappingClasses(jointOf(labels, predProbs), labels.size, asymmetric);
}

Result<double> overallLabelHealthScore(Labels labels, const PredProbs& predProbs) {
  auto issues = numLabelIssues(labels, predProbs, NumLabelIssuesMethod::OffDiagonal);
  if (!issues.ok()) return std::move(issues).error();
  return 1.0 - static_cast<double>(issues.value()) / static_cast<double>(labels.size);
}

Result<HealthSummary> healthSummary(Labels labels, const PredProbs& predProbs, bool asymmetric) {
  auto score = overallLabelHealthScore(labels, predProbs);
  if (!score.ok()) return std::move(score).error();
  HealthSummary out;
  out.overallLabelHealthScore = score.value();
  out.joint = jointOf(labels, predProbs);
  out.classesByLabelQuality = rankClassesByLabelQuality(out.joint, labels.size);
  out.overlappingClasses = findOverlappingClasses(out.joint, labels.size, asymmetric);
  return out;
}

}  // namespace labelcheck
