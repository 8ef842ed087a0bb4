// Clean, then refit: a second cross-validation without the first pass's label issues in the
// training sets. See labelcheck/clean_refit.hpp.
#include "labelcheck/clean_refit.hpp"

#include <algorithm>
#include <utility>

namespace labelcheck {
namespace {

// Pass 1's units count against twice its total (pass 2 is about as long), pass 2's continue
// after them: the reported fraction only grows. The estimated work is not carried across the
// passes (pass 2's plan differs): workDone/workTotal are 0 there, and the fraction is done/total.
ProgressFn scaledProgress(const ProgressFn& fn, int* firstTotal, bool second) {
  if (!fn) return {};
  return [fn, firstTotal, second](const Progress& p) {
    Progress q = p;
    if (!second) {
      *firstTotal = p.total;
      q.total = 2 * p.total;
      q.workTotal = 2 * p.workTotal;
    } else {
      q.done = *firstTotal + p.done;
      q.total = *firstTotal + p.total;
      q.workDone = q.workTotal = 0.0;
    }
    return fn(q);
  };
}

template <typename Features>
Result<CleanRefitResult> secondPass(const Features& x, const LabelVector& y, int K, const CvOptions& cvOptions,
                                    const FindLabelIssuesOptions& issueOptions, CvResult pass1, int firstTotal) {
  FindLabelIssuesOptions fo = issueOptions;
  fo.rankBy.reset();
  auto found = findLabelIssues(Labels::of(y), PredProbs::of(pass1.predProbs), fo);
  if (!found) return std::move(found).error();

  CleanRefitResult out;
  out.models = pass1.models;
  out.modelChoice = pass1.modelChoice;
  for (uint8_t flagged : found.value().isLabelIssue) out.excludedRows += flagged != 0;
  if (out.excludedRows == 0) {
    // Nothing to leave out: pass 2 would repeat pass 1 bit for bit.
    if (!reportProgress(cvOptions.onProgress, "crossValidation", firstTotal, firstTotal)) {
      return makeError(Status::Cancelled, "cross-validation was cancelled");
    }
    out.cv = std::move(pass1);
    return out;
  }

  pass1.predProbs = RealMatrix();  // pass 1's N x K is not needed any more: free it before pass 2
  CvOptions second = cvOptions;
  second.onProgress = scaledProgress(cvOptions.onProgress, &firstTotal, true);
  second.excludeFromTraining = std::move(found.value().isLabelIssue);
  // Same blend as pass 1 (its component weights fixed); only the model that had all the weight
  // when one had.
  int weighted = 0;
  for (const CvModelScore& m : out.models) weighted += m.weight > 0.0;
  size_t at = 0;  // components of pass1.models[m] start here
  for (const CvModelScore& m : out.models) {
    const CvModel model = parseCvModel(m.name).value();
    const size_t parts = model == CvModel::Knn ? std::max<size_t>(cvOptions.knnScales.size(), 1) : 1;
    if (weighted == 1 && m.weight > 0.0) {
      second.model = model;
      if (parts > 1)
        second.fixedWeights.assign(pass1.componentWeights.begin() + static_cast<std::ptrdiff_t>(at),
                                   pass1.componentWeights.begin() + static_cast<std::ptrdiff_t>(at + parts));
    }
    at += parts;
  }
  if (weighted > 1) second.fixedWeights = pass1.componentWeights;
  Result<CvResult> pass2 = estimateCvPredictedProbabilities(x, y, K, second);
  if (!pass2) return std::move(pass2).error();
  out.cv = std::move(pass2).value();
  return out;
}

template <typename Features>
Result<CleanRefitResult> run(const Features& x, const LabelVector& y, int K, const CvOptions& cvOptions,
                             const FindLabelIssuesOptions& issueOptions) {
  int firstTotal = 0;
  CvOptions first = cvOptions;
  first.onProgress = scaledProgress(cvOptions.onProgress, &firstTotal, false);
  Result<CvResult> pass1 = estimateCvPredictedProbabilities(x, y, K, first);
  if (!pass1) return std::move(pass1).error();
  return secondPass(x, y, K, cvOptions, issueOptions, std::move(pass1).value(), firstTotal);
}

}  // namespace

Result<CleanRefitResult> cleanThenRefit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                        const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions) {
  return run(X, labels, K, cvOptions, issueOptions);
}

Result<CleanRefitResult> cleanThenRefit(const SparseRows& X, const LabelVector& labels, int K,
                                        const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions) {
  return run(X, labels, K, cvOptions, issueOptions);
}

}  // namespace labelcheck

namespace labelcheck {

Result<CleanRefitResult> refitAfterFirstPass(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                             const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions,
                                             CvResult pass1, int firstPassUnits) {
  return secondPass(X, labels, K, cvOptions, issueOptions, std::move(pass1), firstPassUnits);
}

Result<CleanRefitResult> refitAfterFirstPass(const SparseRows& X, const LabelVector& labels, int K,
                                             const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions,
                                             CvResult pass1, int firstPassUnits) {
  return secondPass(X, labels, K, cvOptions, issueOptions, std::move(pass1), firstPassUnits);
}

}  // namespace labelcheck
