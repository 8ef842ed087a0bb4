#include "labelcheck/noise.hpp"

#include <cmath>
#include <string>

#include "detail/calibrate.hpp"
#include "detail/counting.hpp"
#include "detail/numeric.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck {

namespace {
constexpr double kTiny = 1e-100;
constexpr double kPyLowerBound = 1e-6;     // no class may have prior 0
constexpr double kConvergedPyLowerBound = 1e-5;  // the tighter bound applied after converging
constexpr double kMaxNoiseRate = 0.9999;   // off-diagonal noise rates are clipped to [0, 0.9999]
constexpr int kNoiseMatrixIterations = 3;
constexpr int kInverseNoiseMatrixIterations = 5;

double vectorSum(const RealVector& v) {
  return detail::pairwiseSum<double>([&](Index i) { return v[i]; }, v.size());
}

// Clip to [low, high], then rescale to sum to newSum (cleanlab's clip_values).
RealVector clipValues(const RealVector& x, double low, double high, double newSum) {
  RealVector out = x.cwiseMax(low).cwiseMin(high);
  const double total = std::max(vectorSum(out), kTiny);
  for (Index i = 0; i < out.size(); ++i) out[i] = out[i] * newSum / total;
  return out;
}

// Off-diagonal rates clipped to [0, 0.9999], diagonal kept, then columns renormalised.
RealMatrix clipNoiseRates(const RealMatrix& m) {
  RealMatrix out = m;
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c)
      if (r != c) out(r, c) = std::min(std::max(m(r, c), 0.0), kMaxNoiseRate);
  for (Index c = 0; c < m.cols(); ++c) {
    double colSum = 0;
    for (Index r = 0; r < m.rows(); ++r) colSum += out(r, c);
    colSum = std::max(colSum, kTiny);
    for (Index r = 0; r < m.rows(); ++r) out(r, c) /= colSum;
  }
  return out;
}

// Inverse by LU with partial pivoting; fails only on an exactly zero pivot, as LAPACK's getrf.
bool invert(const RealMatrix& a, RealMatrix& inverse) {
  const Index n = a.rows();
  RealMatrix lu = a;
  std::vector<Index> perm(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) perm[i] = i;
  for (Index col = 0; col < n; ++col) {
    Index pivot = col;
    for (Index r = col + 1; r < n; ++r)
      if (std::abs(lu(r, col)) > std::abs(lu(pivot, col))) pivot = r;
    if (lu(pivot, col) == 0.0) return false;
    if (pivot != col) { lu.row(pivot).swap(lu.row(col)); std::swap(perm[pivot], perm[col]); }
    for (Index r = col + 1; r < n; ++r) {
      lu(r, col) /= lu(col, col);
      for (Index c = col + 1; c < n; ++c) lu(r, c) -= lu(r, col) * lu(col, c);
    }
  }
  inverse.resize(n, n);
  for (Index j = 0; j < n; ++j) {  // solve A x = e_j
    std::vector<double> x(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
      double s = perm[i] == j ? 1.0 : 0.0;
      for (Index k = 0; k < i; ++k) s -= lu(i, k) * x[k];
      x[i] = s;
    }
    for (Index i = n - 1; i >= 0; --i) {
      double s = x[i];
      for (Index k = i + 1; k < n; ++k) s -= lu(i, k) * x[k];
      x[i] = s / lu(i, i);
    }
    for (Index i = 0; i < n; ++i) inverse(i, j) = x[i];
  }
  return true;
}

Result<RealVector> computePy(const RealVector& ps, const RealMatrix& noise, const RealMatrix& inverseNoise,
                             PyMethod method, const RealVector& trueLabelCounts) {
  const Index K = ps.size();
  RealVector py(K);
  switch (method) {
    case PyMethod::Cnt:
      for (Index k = 0; k < K; ++k) py[k] = inverseNoise(k, k) / std::max(noise(k, k), kTiny) * ps[k];
      break;
    case PyMethod::Eqn: {
      RealMatrix inv;
      if (!invert(noise, inv)) return makeError(Status::SingularMatrix, "Singular matrix: the noise matrix cannot be inverted (py_method 'eqn')");
      py = inv * ps;
      break;
    }
    case PyMethod::Marginal: {
      const double total = vectorSum(trueLabelCounts);
      py = trueLabelCounts / total;
      break;
    }
    case PyMethod::MarginalPs:
      py = inverseNoise * ps;
      break;
  }
  return clipValues(py, kPyLowerBound, 1.0, 1.0);
}

// P(true | given) from P(given | true), py and P(given).
RealMatrix inverseNoiseFrom(const RealVector& py, const RealMatrix& noise, const RealVector& ps) {
  const Index K = py.size();
  RealMatrix inv(K, K);
  for (Index t = 0; t < K; ++t)
    for (Index g = 0; g < K; ++g) inv(t, g) = noise(g, t) * py[t] / std::max(ps[g], kTiny);
  return clipNoiseRates(inv);
}

// P(given | true) from P(true | given), P(given) and py.
RealMatrix noiseFromInverse(const RealVector& ps, const RealMatrix& inverseNoise, const RealVector& py) {
  const Index K = py.size();
  RealMatrix noise(K, K);
  for (Index g = 0; g < K; ++g)
    for (Index t = 0; t < K; ++t) noise(g, t) = inverseNoise(t, g) * ps[g] / std::max(py[t], kTiny);
  return clipNoiseRates(noise);
}
}  // namespace

Result<PyMethod> parsePyMethod(std::string_view name) {
  if (name == "cnt") return PyMethod::Cnt;
  if (name == "eqn") return PyMethod::Eqn;
  if (name == "marginal") return PyMethod::Marginal;
  if (name == "marginal_ps") return PyMethod::MarginalPs;
  return makeError(Status::InvalidArgument, "py_method must be one of cnt, eqn, marginal, marginal_ps; got '" +
                                                std::string(name) + "'");
}

Result<LatentEstimates> estimateLatent(const CountMatrix& confidentJoint, Labels labels, const LatentOptions& options) {
  const Index K = confidentJoint.rows();
  if (K == 0 || confidentJoint.cols() != K)
    return makeError(Status::ShapeMismatch, "the confident joint must be a non-empty square matrix");
  if (labels.size == 0) return makeError(Status::EmptyInput, "labels must not be empty");
  for (Index i = 0; i < labels.size; ++i)
    if (labels[i] < 0 || labels[i] >= K) {
      Error e = makeError(Status::LabelOutOfRange, "label " + std::to_string(labels[i]) + " at row " +
                                                       std::to_string(i) + " is not a class of the confident joint");
      e.row = i;
      return e;
    }
  if ((confidentJoint.array() < 0).any())
    return makeError(Status::InvalidArgument, "confident joint counts must be >= 0");

  const std::vector<int64_t> counts = detail::labelCounts(labels, K);
  RealVector ps(K);
  for (Index k = 0; k < K; ++k) ps[k] = static_cast<double>(counts[k]) / static_cast<double>(labels.size);
  const RealMatrix cj = confidentJoint.cast<double>();
  const RealVector givenCounts = cj.rowwise().sum();
  const RealVector trueCounts = cj.colwise().sum().transpose();

  RealMatrix noise(K, K), inverse(K, K);
  for (Index g = 0; g < K; ++g)
    for (Index t = 0; t < K; ++t) {
      noise(g, t) = cj(g, t) / std::max(trueCounts[t], kTiny);
      inverse(t, g) = cj(g, t) / std::max(givenCounts[g], kTiny);
    }
  auto py = computePy(ps, noise, inverse, options.pyMethod, trueCounts);
  if (!py.ok()) return std::move(py).error();
  LatentEstimates out;
  out.py = std::move(py).value();
  out.noiseMatrix = clipNoiseRates(noise);
  out.inverseNoiseMatrix = clipNoiseRates(inverse);
  out.confidentJoint = confidentJoint;
  if (options.convergeLatentEstimates) {
    for (int j = 0; j < kNoiseMatrixIterations; ++j) {
      for (int i = 0; i < kInverseNoiseMatrixIterations; ++i) {
        out.inverseNoiseMatrix = inverseNoiseFrom(out.py, out.noiseMatrix, ps);
        auto next = computePy(ps, out.noiseMatrix, out.inverseNoiseMatrix, PyMethod::Cnt, trueCounts);
        out.py = std::move(next).value();  // cnt cannot fail
      }
      out.noiseMatrix = noiseFromInverse(ps, out.inverseNoiseMatrix, out.py);
    }
    out.py = clipValues(out.py, kConvergedPyLowerBound, 1.0, 1.0);
    out.noiseMatrix = clipNoiseRates(out.noiseMatrix);
    out.inverseNoiseMatrix = clipNoiseRates(out.inverseNoiseMatrix);
  }
  return out;
}

Result<LatentEstimates> estimatePyAndNoiseMatricesFromProbabilities(Labels labels, const PredProbs& predProbs,
                                                                    const NoiseEstimationOptions& options) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AnyCount));
  const ConfidentJoint cj = detail::confidentJoint(labels, predProbs, options.calibrate, false);
  return estimateLatent(cj.joint, labels, {options.pyMethod, options.convergeLatentEstimates});
}

Result<NumLabelIssuesMethod> parseNumLabelIssuesMethod(std::string_view name) {
  if (name == "off_diagonal") return NumLabelIssuesMethod::OffDiagonal;
  if (name == "off_diagonal_calibrated") return NumLabelIssuesMethod::OffDiagonalCalibrated;
  return makeError(Status::InvalidArgument,
                   "estimation_method must be off_diagonal or off_diagonal_calibrated; got '" + std::string(name) + "'");
}

Result<Index> numLabelIssues(Labels labels, const PredProbs& predProbs, NumLabelIssuesMethod method) {
  LABELCHECK_TRY(validateInputs(labels, predProbs, ClassCountRule::AtLeastTwo));
  if (method == NumLabelIssuesMethod::OffDiagonal) return detail::countOffDiagonalIssues(labels, predProbs);
  // The reference calibrates the already calibrated joint a second time before normalising.
  const ConfidentJoint cj = detail::confidentJoint(labels, predProbs, true, false);
  const RealMatrix joint =
      detail::jointFromCalibrated(detail::calibrate(cj.joint, detail::labelCounts(labels, predProbs.cols)));
  const double trace = detail::pairwiseSum<double>([&](Index k) { return joint(k, k); }, joint.rows());
  return static_cast<Index>(detail::roundHalfEven((1.0 - trace) * static_cast<double>(labels.size)));
}

}  // namespace labelcheck
