#include "labelcheck/confident_joint.hpp"

#include "detail/calibrate.hpp"
#include "detail/counting.hpp"
#include "detail/numeric.hpp"
#include "detail/thresholds.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {

namespace detail {

// One pass over the rows: which classes are confident for each row, and where it is counted.
template <typename T, typename C>
ConfidentJoint countConfidentJoint(Labels labels, ConstRowMatrixMap<T> p, const ThresholdSet& thresholds,
                                   bool wantIndices) {
  const Index N = p.rows(), K = p.cols();
  std::vector<C> cut(static_cast<size_t>(K));
  for (Index k = 0; k < K; ++k) cut[k] = static_cast<C>(thresholds.values[k]) - static_cast<C>(kCountingSlack);
  ConfidentJoint out;
  out.joint = CountMatrix::Zero(K, K);
  for (Index i = 0; i < N; ++i) {
    const T* row = p.data() + i * K;
    Index confident = 0, firstConfident = -1;
    for (Index k = 0; k < K; ++k) {
      if (static_cast<C>(row[k]) >= cut[k]) {
        if (confident == 0) firstConfident = k;
        ++confident;
      }
    }
    if (confident == 0) continue;
    Index guess = firstConfident;
    if (confident > 1) {  // the argmax of the whole row, which need not be a confident class
      guess = 0;
      for (Index k = 1; k < K; ++k)
        if (row[k] > row[guess]) guess = k;
    }
    const Index given = labels[i];
    ++out.joint(given, guess);
    if (wantIndices && guess != given) out.offDiagonalRows.push_back(i);
  }
  for (Index k = 0; k < K; ++k) out.joint(k, k) = std::max<int64_t>(out.joint(k, k), 1);
  return out;
}

ConfidentJoint confidentJoint(Labels labels, const PredProbs& predProbs, bool calibrated, bool wantIndices) {
  return visitPredProbs(predProbs, [&](auto p) {
    using T = typename decltype(p)::Scalar;
    const ClassRows classRows(labels, p.cols());
    const ThresholdSet thresholds = computeThresholds<T>(labels, p, classRows);
    ConfidentJoint cj = withComputeType<T>(thresholds, [&](auto c) {
      return countConfidentJoint<T, decltype(c)>(labels, p, thresholds, wantIndices);
    });
    if (calibrated) cj.joint = calibrate(cj.joint, labelCounts(labels, p.cols()));
    return cj;
  });
}

}  // namespace detail

Result<RealVector> getConfidentThresholds(Labels labels, const PredProbs& predProbs) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return visitPredProbs(predProbs, [&](auto p) {
    using T = typename decltype(p)::Scalar;
    const detail::ClassRows classRows(labels, p.cols());
    const auto t = detail::computeThresholds<T>(labels, p, classRows);
    return RealVector(Eigen::Map<const RealVector>(t.values.data(), p.cols()));
  });
}

Result<ConfidentJoint> computeConfidentJoint(Labels labels, const PredProbs& predProbs,
                                             const ConfidentJointOptions& options) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return detail::confidentJoint(labels, predProbs, options.calibrate, options.returnIndicesOfOffDiagonals);
}

namespace {
Outcome checkConfidentJoint(const CountMatrix& cj, Labels labels) {
  if (cj.rows() == 0 || cj.rows() != cj.cols())
    return makeError(Status::ShapeMismatch, "the confident joint must be a non-empty square matrix");
  if (labels.size == 0) return makeError(Status::EmptyInput, "labels must not be empty");
  for (Index i = 0; i < labels.size; ++i)
    if (labels[i] < 0 || labels[i] >= cj.rows()) {
      Error e = makeError(Status::LabelOutOfRange, "label " + std::to_string(labels[i]) + " at row " +
                                                       std::to_string(i) + " is not a class of the confident joint");
      e.row = i;
      return e;
    }
  if ((cj.array() < 0).any()) return makeError(Status::InvalidArgument, "confident joint counts must be >= 0");
  return {};
}
}  // namespace

Result<CountMatrix> calibrateConfidentJoint(const CountMatrix& confidentJoint, Labels labels) {
  LABELCHECK_TRY(checkConfidentJoint(confidentJoint, labels));
  return detail::calibrate(confidentJoint, detail::labelCounts(labels, confidentJoint.rows()));
}

Result<RealMatrix> estimateJoint(Labels labels, const PredProbs& predProbs) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  return detail::jointFromCalibrated(detail::confidentJoint(labels, predProbs, true, false).joint);
}

Result<RealMatrix> estimateJoint(const CountMatrix& confidentJoint, Labels labels) {
  auto calibrated = calibrateConfidentJoint(confidentJoint, labels);
  if (!calibrated.ok()) return std::move(calibrated).error();
  return detail::jointFromCalibrated(calibrated.value());
}

}  // namespace labelcheck
