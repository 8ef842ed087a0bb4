// Clean, then refit: cross-validated probabilities from models trained without the rows a first
// pass flagged as label issues.
//
// Pass 1 is estimateCvPredictedProbabilities + findLabelIssues. Pass 2 repeats the same
// cross-validation (same folds, repeats and seed) with the flagged rows left out of every fold's
// training set; every row, flagged or not, is still predicted by the model of its own fold, so
// its probabilities stay out-of-sample. Label issues found on pass 2's probabilities (with the
// given labels, as before) are the result.
//
// Why: a model fitted on noisy labels learns part of the noise, so it gives mislabelled rows a
// lower probability for their true class than a model fitted on clean rows would, and fewer of
// them clear Confident Learning's per-class thresholds. Leaving pass 1's issues out of training
// brings the training sets nearer to clean. On the 24 noisy files of ../shared/datasets it raised
// the mean F1 from 0.795 to 0.813 (bench/README.md). But it is not a general win, so the pipeline
// leaves it off by default: where classes overlap, pass 1 also flags correct rows near the
// boundary, pass 2's models (trained without them) are overconfident there, and more correct
// rows get flagged - hpc lost 0.005-0.03 F1, Gaussian blobs 0.005-0.04 (100k x 20, logistic:
// 0.873 -> 0.833, below scikit-learn's one-pass 0.872 - 0.02). Confident Learning's counts
// assume probabilities of the noisy label given x, which pass 2 no longer estimates.
//
// The blend is not chosen again: pass 2 uses pass 1's weights (re-choosing them by log loss
// against the noisy labels drifted to kNN and lost F1 on spambase), and runs only the model
// that had all the weight when one had. Cost: pass 2 roughly doubles the cross-validation time; it is
// skipped when pass 1 flags nothing (it would reproduce pass 1 exactly).
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const CvOptions& cvOptions; const FindLabelIssuesOptions& issueOptions
//   Result<CleanRefitResult> r = cleanThenRefit(X, labels, K, cvOptions, issueOptions);
//   if (!r) return r.error();
//   const RealMatrix& predProbs = r.value().cv.predProbs;   // pass 2 (pass 1 if nothing flagged)
//   ```
#pragma once

#include "labelcheck/cross_validation.hpp"
#include "labelcheck/filter.hpp"

namespace labelcheck {

struct CleanRefitResult {
  CvResult cv;                          // pass 2's probabilities, accuracy, log loss and folds
  std::vector<CvModelScore> models;     // pass 1's models and the blend weights chosen there
  std::string modelChoice;              // pass 1's choice
  Index excludedRows = 0;               // rows pass 1 flagged; 0 = no second pass was run
};

// Progress: one "crossValidation" stage over both passes. Pass 1 reports its units against
// twice its own total, pass 2 continues from there against the real sum, so the fraction never
// goes back; when no pass 2 runs, a last report has done == total. Failures: those of
// estimateCvPredictedProbabilities and findLabelIssues (issueOptions.rankBy is ignored).
Result<CleanRefitResult> cleanThenRefit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                        const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions);
Result<CleanRefitResult> cleanThenRefit(const SparseRows& X, const LabelVector& labels, int K,
                                        const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions);

// Pass 2 alone, from pass 1's result (the pipeline runs pass 1's units itself, possibly
// elsewhere). firstPassUnits: the units pass 1 reported progress against (its plan's units), so
// that pass 2's progress continues after them.
Result<CleanRefitResult> refitAfterFirstPass(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                             const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions,
                                             CvResult pass1, int firstPassUnits);
Result<CleanRefitResult> refitAfterFirstPass(const SparseRows& X, const LabelVector& labels, int K,
                                             const CvOptions& cvOptions, const FindLabelIssuesOptions& issueOptions,
                                             CvResult pass1, int firstPassUnits);

}  // namespace labelcheck
