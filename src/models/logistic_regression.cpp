// Multinomial logistic regression: the objective (dense and sparse designs), L-BFGS with a
// strong-Wolfe line search, and prediction. See labelcheck/logistic_regression.hpp.
#include "labelcheck/logistic_regression.hpp"

#include "labelcheck/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/detail/separate_call.hpp"

namespace labelcheck {
namespace {

using ConstMatMap = Eigen::Map<const RealMatrix>;
using MatMap = Eigen::Map<RealMatrix>;

// The two products that dominate the cost, for a dense row-major X. Eigen's GEMM does both;
// X^T R reads the row-major X as a column-major D x N matrix, so neither copies X.
struct DenseDesign {
  const DenseRowsRef& x;
  Index rows() const { return x.rows(); }
  Index cols() const { return x.cols(); }
  void times(const ConstMatMap& w, RealMatrix& z) const { z.noalias() = x * w; }
  void transposeTimes(const RealMatrix& r, MatMap g) const { g.noalias() = x.transpose() * r; }
  bool allFinite() const { return x.allFinite(); }
};

// The same products for CSR rows: one pass over the non-zeros each, no transposed copy.
struct SparseDesign {
  const SparseRows& x;
  Index rows() const { return x.rows(); }
  Index cols() const { return x.nCols; }
  void times(const ConstMatMap& w, RealMatrix& z) const {
    const Index k = w.cols();
    z.setZero();
    for (Index i = 0; i < rows(); ++i) {
      double* zi = z.data() + i * k;
      for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) {
        const double v = x.values[p];
        const double* wr = w.data() + static_cast<Index>(x.cols[p]) * k;
        for (Index c = 0; c < k; ++c) zi[c] += v * wr[c];
      }
    }
  }
  void transposeTimes(const RealMatrix& r, MatMap g) const {
    const Index k = r.cols();
    g.setZero();
    for (Index i = 0; i < rows(); ++i) {
      const double* ri = r.data() + i * k;
      for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) {
        const double v = x.values[p];
        double* gr = g.data() + static_cast<Index>(x.cols[p]) * k;
        for (Index c = 0; c < k; ++c) gr[c] += v * ri[c];
      }
    }
  }
  bool allFinite() const { return isValidSparseRows(x); }
};

// The mean penalised log loss over the present classes and its gradient. Parameters are one
// vector: D x Kp coefficients (row-major), then Kp intercepts when fitted. Buffers are
// allocated once and reused by every evaluation.
template <typename Design>
class Objective {
 public:
  Objective(const Design& x, const std::vector<int32_t>& y, Index kp, double lambda, bool intercept)
      : m_x(x), m_y(y), m_kp(kp), m_lambda(lambda), m_intercept(intercept),
        m_z(x.rows(), kp), m_invN(1.0 / static_cast<double>(x.rows())) {}

  Index size() const { return m_x.cols() * m_kp + (m_intercept ? m_kp : 0); }

  // One evaluation is a call of its own (core/detail/separate_call.hpp): inlined, the whole
  // L-BFGS fit was one call, so a fresh WebAssembly instance ran its first fit unoptimised.
  double operator()(const RealVector& theta, RealVector& grad) {
    const auto evaluate = detail::separateCall(&Objective::evaluate);
    return evaluate(*this, theta, grad);
  }

 private:
  static double evaluate(Objective& o, const RealVector& theta, RealVector& grad) { return o.lossAndGradient(theta, grad); }

  double lossAndGradient(const RealVector& theta, RealVector& grad) {
    const Index d = m_x.cols(), n = m_x.rows(), k = m_kp;
    ConstMatMap w(theta.data(), d, k);
    m_x.times(w, m_z);
    if (m_intercept) m_z.rowwise() += theta.tail(k).transpose();

    // Softmax row by row with the row maximum subtracted; the loss is log-sum-exp - z[y]. The
    // residual P - Y overwrites Z in place.
    double loss = 0.0;
    for (Index i = 0; i < n; ++i) {
      double* zi = m_z.data() + i * k;
      double mx = zi[0];
      for (Index c = 1; c < k; ++c) mx = std::max(mx, zi[c]);
      double sum = 0.0;
      const double zy = zi[m_y[i]];
      for (Index c = 0; c < k; ++c) {
        zi[c] = std::exp(zi[c] - mx);
        sum += zi[c];
      }
      loss += mx + std::log(sum) - zy;
      const double inv = 1.0 / sum;
      for (Index c = 0; c < k; ++c) zi[c] *= inv;
      zi[m_y[i]] -= 1.0;
    }

    grad.resize(size());
    MatMap gw(grad.data(), d, k);
    m_x.transposeTimes(m_z, gw);
    const auto wv = theta.head(d * k);
    auto gv = grad.head(d * k);
    gv = gv * m_invN + (m_lambda * m_invN) * wv;
    if (m_intercept) grad.tail(k) = m_z.colwise().sum().transpose() * m_invN;
    return loss * m_invN + 0.5 * m_lambda * m_invN * wv.squaredNorm();
  }

  const Design& m_x;
  const std::vector<int32_t>& m_y;
  Index m_kp;
  double m_lambda;
  bool m_intercept;
  RealMatrix m_z;
  double m_invN;
};

struct LbfgsResult {
  double f = 0.0;
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
};

// Strong-Wolfe line search along d from x (Nocedal & Wright, Algorithms 3.5 and 3.6, with
// safeguarded cubic interpolation in the zoom). On success xt/gt/ft hold the accepted point.
template <typename F>
bool lineSearch(F& fun, const RealVector& x, double f0, const RealVector& g0, const RealVector& d,
                double step, RealVector& xt, RealVector& gt, double& ft, int& evals) {
  constexpr double c1 = 1e-4, c2 = 0.9;
  constexpr int maxEvals = 30;
  const double dphi0 = g0.dot(d);
  if (!(dphi0 < 0.0)) return false;

  auto evalAt = [&](double a, double& fa, double& dpa) {
    xt = x + a * d;
    fa = fun(xt, gt);
    dpa = gt.dot(d);
    ++evals;
  };
  auto cubicMin = [](double a, double fa, double da, double b, double fb, double db) {
    // Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when it has none.
    const double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    const double disc = d1 * d1 - da * db;
    if (!(disc >= 0.0)) return std::numeric_limits<double>::quiet_NaN();
    const double d2 = (b > a ? 1.0 : -1.0) * std::sqrt(disc);
    return b - (b - a) * (db + d2 - d1) / (db - da + 2.0 * d2);
  };

  double aPrev = 0.0, fPrev = f0, dPrev = dphi0;
  double a = step;
  double lo = 0, hi = 0, fLo = 0, fHi = 0, dLo = 0, dHi = 0;
  bool zoom = false;
  int used = 0;
  for (; used < maxEvals; ++used) {
    double fa, da;
    evalAt(a, fa, da);
    if (!std::isfinite(fa) || fa > f0 + c1 * a * dphi0 || (used > 0 && fa >= fPrev)) {
      lo = aPrev; fLo = fPrev; dLo = dPrev; hi = a; fHi = fa; dHi = da;
      zoom = true;
      break;
    }
    if (std::abs(da) <= -c2 * dphi0) { ft = fa; return true; }
    if (da >= 0.0) {
      lo = a; fLo = fa; dLo = da; hi = aPrev; fHi = fPrev; dHi = dPrev;
      zoom = true;
      break;
    }
    aPrev = a; fPrev = fa; dPrev = da;
    a *= 4.0;  // still descending steeply: extrapolate
  }
  if (!zoom) return false;

  for (++used; used < maxEvals; ++used) {
    const double width = hi - lo;
    double trial = std::isfinite(fHi) ? cubicMin(lo, fLo, dLo, hi, fHi, dHi)
                                      : std::numeric_limits<double>::quiet_NaN();
    const double lower = std::min(lo, hi) + 0.1 * std::abs(width);
    const double upper = std::max(lo, hi) - 0.1 * std::abs(width);
    if (!std::isfinite(trial) || trial < lower || trial > upper) trial = lo + 0.5 * width;
    double fa, da;
    evalAt(trial, fa, da);
    if (!std::isfinite(fa) || fa > f0 + c1 * trial * dphi0 || fa >= fLo) {
      hi = trial; fHi = fa; dHi = da;
    } else {
      if (std::abs(da) <= -c2 * dphi0) { ft = fa; return true; }
      if (da * width >= 0.0) { hi = lo; fHi = fLo; dHi = dLo; }
      lo = trial; fLo = fa; dLo = da;
    }
    if (std::abs(hi - lo) <= 1e-16 * std::max(1.0, std::abs(lo))) break;
  }
  // No strong-Wolfe point within the budget: take the best sufficient-decrease point if any.
  if (lo > 0.0 && fLo < f0) {
    double fa, da;
    evalAt(lo, fa, da);
    ft = fa;
    return fa < f0;
  }
  return false;
}

// Limited-memory BFGS (two-loop recursion). Minimises fun from x in place.
template <typename F>
LbfgsResult lbfgs(F& fun, RealVector& x, int maxIter, double tol, int memory) {
  const Index n = x.size();
  const int m = std::max(1, memory);
  RealMatrix s(m, n), yv(m, n);
  std::vector<double> rho(m), alpha(m);
  int stored = 0, head = 0;  // ring buffer: entries head-stored .. head-1

  LbfgsResult res;
  RealVector g(n), d(n), xt(n), gt(n);
  double f = fun(x, g);
  res.evaluations = 1;
  const double ftol = 64.0 * std::numeric_limits<double>::epsilon();
  bool justReset = false;
  for (res.iterations = 0; res.iterations < maxIter;) {
    if (g.size() == 0 || g.lpNorm<Eigen::Infinity>() <= tol) { res.converged = true; break; }

    // d = -H g
    d = -g;
    for (int j = 0; j < stored; ++j) {
      const int idx = (head - 1 - j + 2 * m) % m;
      alpha[idx] = rho[idx] * s.row(idx).dot(d);
      d -= alpha[idx] * yv.row(idx).transpose();
    }
    double step = 1.0;
    if (stored > 0) {
      const int last = (head - 1 + m) % m;
      d *= s.row(last).dot(yv.row(last)) / yv.row(last).squaredNorm();
    } else {
      step = std::min(1.0, 1.0 / std::max(g.lpNorm<Eigen::Infinity>(), 1e-300));
    }
    for (int j = stored - 1; j >= 0; --j) {
      const int idx = (head - 1 - j + 2 * m) % m;
      const double beta = rho[idx] * yv.row(idx).dot(d);
      d += (alpha[idx] - beta) * s.row(idx).transpose();
    }

    double ft = f;
    int evals = 0;
    const bool ok = lineSearch(fun, x, f, g, d, step, xt, gt, ft, evals);
    res.evaluations += evals;
    if (!ok) {
      if (stored == 0 || justReset) break;  // steepest descent failed too: no progress possible
      stored = 0;                           // drop curvature pairs and retry along -g
      justReset = true;
      continue;
    }
    justReset = false;
    ++res.iterations;

    const int idx = head;
    s.row(idx) = (xt - x).transpose();
    yv.row(idx) = (gt - g).transpose();
    const double sy = s.row(idx).dot(yv.row(idx));
    if (sy > 1e-12 * yv.row(idx).squaredNorm()) {  // keep H positive definite
      rho[idx] = 1.0 / sy;
      head = (head + 1) % m;
      stored = std::min(stored + 1, m);
    }
    const double fPrev = f;
    x.swap(xt);
    g.swap(gt);
    f = ft;
    if ((fPrev - f) <= ftol * std::max({std::abs(fPrev), std::abs(f), 1.0})) {
      // The objective no longer changes beyond rounding: as good as it gets in double.
      res.converged = true;
      break;
    }
  }
  if (!res.converged && g.lpNorm<Eigen::Infinity>() <= tol) res.converged = true;
  res.f = f;
  return res;
}

}  // namespace

void LogisticRegression::setWarmStart(const RealMatrix& coefficients, const RealVector& intercepts) {
  m_warmCoef = coefficients;
  m_warmIntercept = intercepts;
}

void LogisticRegression::clearWarmStart() {
  m_warmCoef.resize(0, 0);
  m_warmIntercept.resize(0);
}

Outcome LogisticRegression::fit(const DenseRowsRef& X, const LabelVector& y, int K) {
  return fitImpl(DenseDesign{X}, y, K);
}

Outcome LogisticRegression::fit(const SparseRows& X, const LabelVector& y, int K) {
  if (!isValidSparseRows(X))
    return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
  return fitImpl(SparseDesign{X}, y, K);
}

template <typename Design>
Outcome LogisticRegression::fitImpl(const Design& X, const LabelVector& y, int K) {
  m_fitted = false;
  const LogisticRegressionParams& p = m_params;
  if (!(p.C > 0.0) || p.maxIter < 1 || !(p.tol >= 0.0) || K < 1)
    return makeError(Status::InvalidArgument,
                     "logistic regression needs C > 0, maxIter >= 1, tol >= 0 and K >= 1");
  const Index n = X.rows(), d = X.cols();
  if (n == 0) return makeError(Status::EmptyInput, "no training rows");
  if (y.size() != n)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) +
                                                " values for " + std::to_string(n) + " rows");
  if (!X.allFinite()) return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");

  if (Outcome range = checkLabelRange(Labels::of(y), K); !range.ok()) return range;
  // Present classes get compact ids 0..Kp-1.
  m_present = Eigen::VectorXi::Zero(K);
  for (Index i = 0; i < n; ++i) {
    m_present[y[i]] = 1;
  }
  std::vector<int> compactOf(K, -1), classOf;
  for (int c = 0; c < K; ++c)
    if (m_present[c]) {
      compactOf[c] = static_cast<int>(classOf.size());
      classOf.push_back(c);
    }
  const Index kp = static_cast<Index>(classOf.size());

  m_coef = RealMatrix::Zero(d, K);
  m_intercept = RealVector::Zero(K);
  m_iterations = 0;
  m_evaluations = 0;
  m_objective = 0.0;
  m_converged = true;
  if (kp == 1) {  // one class: probability 1, nothing to fit
    m_fitted = true;
    return {};
  }

  std::vector<int32_t> yc(static_cast<size_t>(n));
  std::vector<double> counts(kp, 0.0);
  for (Index i = 0; i < n; ++i) {
    yc[i] = compactOf[y[i]];
    counts[yc[i]] += 1.0;
  }

  const bool icpt = p.fitIntercept;
  RealVector theta = RealVector::Zero(d * kp + (icpt ? kp : 0));
  const bool warm = m_warmCoef.rows() == d && m_warmCoef.cols() == K && m_warmIntercept.size() == K;
  if (warm) {
    for (Index c = 0; c < kp; ++c) {
      for (Index j = 0; j < d; ++j) theta[j * kp + c] = m_warmCoef(j, classOf[c]);
      if (icpt) theta[d * kp + c] = m_warmIntercept[classOf[c]];
    }
  } else if (icpt) {
    // Cold start from the class priors: the optimum of the intercept-only model.
    double mean = 0.0;
    for (Index c = 0; c < kp; ++c) mean += std::log(counts[c]);
    mean /= static_cast<double>(kp);
    for (Index c = 0; c < kp; ++c) theta[d * kp + c] = std::log(counts[c]) - mean;
  }

  Objective<Design> objective(X, yc, kp, 1.0 / p.C, icpt);
  const LbfgsResult r = lbfgs(objective, theta, p.maxIter, p.tol, p.memory);

  for (Index c = 0; c < kp; ++c) {
    for (Index j = 0; j < d; ++j) m_coef(j, classOf[c]) = theta[j * kp + c];
    if (icpt) m_intercept[classOf[c]] = theta[d * kp + c];
  }
  m_iterations = r.iterations;
  m_evaluations = r.evaluations;
  m_converged = r.converged;
  m_objective = r.f * static_cast<double>(n);
  m_fitted = true;
  return {};
}

RealMatrix LogisticRegression::predictProba(const DenseRowsRef& X) const {
  if (!m_fitted || X.cols() != m_coef.rows()) return {};
  return predictImpl(DenseDesign{X});
}

RealMatrix LogisticRegression::predictProba(const SparseRows& X) const {
  if (!m_fitted || X.nCols != m_coef.rows() || !isValidSparseRows(X)) return {};
  return predictImpl(SparseDesign{X});
}

template <typename Design>
RealMatrix LogisticRegression::predictImpl(const Design& X) const {
  const Index n = X.rows(), k = m_coef.cols();
  RealMatrix z(n, k);
  X.times(ConstMatMap(m_coef.data(), m_coef.rows(), k), z);
  z.rowwise() += m_intercept.transpose();
  for (Index i = 0; i < n; ++i) {
    double* zi = z.data() + i * k;
    double mx = -std::numeric_limits<double>::infinity();
    for (Index c = 0; c < k; ++c)
      if (m_present[c]) mx = std::max(mx, zi[c]);
    double sum = 0.0;
    for (Index c = 0; c < k; ++c) {
      zi[c] = m_present[c] ? std::exp(zi[c] - mx) : 0.0;
      sum += zi[c];
    }
    const double inv = 1.0 / sum;
    for (Index c = 0; c < k; ++c) zi[c] *= inv;
  }
  return z;
}

double logisticObjective(const DenseRowsRef& X, const LabelVector& y, const RealMatrix& coefficients,
                         const RealVector& intercepts, double C, RealMatrix* gradCoefficients,
                         RealVector* gradIntercepts) {
  const Index n = X.rows(), d = X.cols(), k = coefficients.cols();
  if (n == 0 || y.size() != n || coefficients.rows() != d || intercepts.size() != k || k < 1 || !(C > 0.0))
    return std::numeric_limits<double>::quiet_NaN();
  std::vector<int32_t> labels(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) {
    if (y[i] < 0 || y[i] >= k) return std::numeric_limits<double>::quiet_NaN();
    labels[i] = y[i];
  }
  RealVector theta(d * k + k), grad;
  theta.head(d * k) = Eigen::Map<const RealVector>(coefficients.data(), d * k);
  theta.tail(k) = intercepts;
  const DenseDesign design{X};
  Objective<DenseDesign> objective(design, labels, k, 1.0 / C, true);
  const double f = objective(theta, grad) * static_cast<double>(n);
  grad *= static_cast<double>(n);
  if (gradCoefficients) *gradCoefficients = Eigen::Map<const RealMatrix>(grad.data(), d, k);
  if (gradIntercepts) *gradIntercepts = grad.tail(k);
  return f;
}

}  // namespace labelcheck
