// Class imbalance: the rarest class when it is much rarer than an even split (Datalab's
// "class_imbalance"). See labelcheck/audit.hpp.
#include <cmath>
#include <string>
#include <vector>

#include "labelcheck/audit.hpp"

namespace labelcheck {

Result<ClassImbalanceAudit> findClassImbalance(const LabelVector& labels, int K, double threshold) {
  if (K < 1) return makeError(Status::InvalidArgument, "class imbalance: K must be >= 1");
  if (!(threshold >= 0.0) || std::isinf(threshold))
    return makeError(Status::InvalidArgument, "class imbalance: the threshold must be a finite number >= 0");
  const Index n = labels.size();
  if (n == 0) return makeError(Status::EmptyInput, "class imbalance: no labels");
  std::vector<Index> counts(static_cast<size_t>(K), 0);
  for (Index i = 0; i < n; ++i) {
    const int32_t y = labels[i];
    if (y < 0 || y >= K)
      return makeError(Status::LabelOutOfRange, "class imbalance: label " + std::to_string(y) + " at row " +
                                                    std::to_string(i) + " is not in [0, " + std::to_string(K) + ")");
    ++counts[static_cast<size_t>(y)];
  }
  ClassImbalanceAudit out;
  out.rarestClass = 0;
  for (int c = 1; c < K; ++c)
    if (counts[static_cast<size_t>(c)] < counts[static_cast<size_t>(out.rarestClass)]) out.rarestClass = c;
  out.rarestCount = counts[static_cast<size_t>(out.rarestClass)];
  out.rarestShare = static_cast<double>(out.rarestCount) / static_cast<double>(n);
  out.threshold = threshold / K;
  out.flagged = out.rarestShare < out.threshold;
  out.score.resize(n);
  for (Index i = 0; i < n; ++i)
    out.score[i] = static_cast<double>(counts[static_cast<size_t>(labels[i])]) / static_cast<double>(n);
  return out;
}

}  // namespace labelcheck
