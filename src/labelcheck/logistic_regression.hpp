// Multinomial logistic regression with an L2 penalty, fitted by L-BFGS.
//
// Minimises, like scikit-learn's LogisticRegression(multi_class='multinomial', solver='lbfgs'),
//   sum_i -log softmax(x_i W + b)[y_i]  +  0.5 / C * ||W||_F^2
// with the intercept b not penalised. The solver works on the objective divided by the number of
// training rows (same optimum, better scaled), with a strong-Wolfe line search, and stops when
// the largest absolute gradient entry of that mean objective is <= tol, when the objective stops
// decreasing (relative change < 64 eps, as scikit-learn asks of L-BFGS-B), or after maxIter
// iterations. The run is deterministic: no randomness, fixed summation order.
//
// Classes absent from the training rows are left out of the fit (as scikit-learn does, since an
// unpenalised intercept would run to -infinity for them); their predicted probability is exactly
// 0 and their coefficients are 0. predictProba always returns K columns.
//
//   ```cpp given: const RealMatrix& X; const LabelVector& y; int K; const RealMatrix& Xtest
//   LogisticRegression lr;                       // C = 1, maxIter = 200, tol = 1e-4
//   Outcome o = lr.fit(X, y, K);                 // X: N x D row-major, y in [0, K)
//   RealMatrix p = lr.predictProba(Xtest);       // rows sum to 1
//   if (!lr.converged()) use(p);                 // informational; p is still usable
//   ```
#pragma once

#include <Eigen/Core>

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

struct LogisticRegressionParams {
  double C = 1.0;            // inverse L2 strength (scikit-learn's C); must be > 0
  int maxIter = 200;         // L-BFGS iterations at most
  // Converged when max |gradient| of the per-row mean objective is <= tol. 1e-4 is
  // scikit-learn's default value; on the shared noisy datasets 1e-5 gave the same
  // label-issue F1 for 60% more iterations.
  double tol = 1e-4;
  bool fitIntercept = true;  // one unpenalised intercept per class
  int memory = 10;           // L-BFGS history pairs
};

using DenseRowsRef = Eigen::Ref<const RealMatrix>;

class LogisticRegression {
 public:
  explicit LogisticRegression(const LogisticRegressionParams& params = {}) : m_params(params) {}

  // Fits on X (N x D) and labels y in [0, K). Failures: InvalidArgument (C <= 0, maxIter < 1,
  // tol < 0, K < 1), ShapeMismatch (y.size() != N), EmptyInput (N == 0), LabelOutOfRange,
  // NonFiniteValue (a feature is NaN or infinite). Not converging is not a failure: see
  // converged(). If a warm start was set with matching shape, the solver starts from it.
  Outcome fit(const DenseRowsRef& X, const LabelVector& y, int K);
  Outcome fit(const SparseRows& X, const LabelVector& y, int K);

  // N x K probabilities for new rows with the D columns of the training data. Before fit(), or
  // with a wrong column count, returns an empty matrix.
  RealMatrix predictProba(const DenseRowsRef& X) const;
  RealMatrix predictProba(const SparseRows& X) const;

  // Start the next fit from these parameters (D x K coefficients and K intercepts), e.g. the
  // previous cross-validation fold's solution: folds share most rows, so it saves iterations.
  void setWarmStart(const RealMatrix& coefficients, const RealVector& intercepts);
  void clearWarmStart();

  const RealMatrix& coefficients() const noexcept { return m_coef; }  // D x K
  const RealVector& intercepts() const noexcept { return m_intercept; }  // K (0 if absent class)
  bool converged() const noexcept { return m_converged; }
  int iterations() const noexcept { return m_iterations; }
  int functionEvaluations() const noexcept { return m_evaluations; }
  double objective() const noexcept { return m_objective; }  // sum of log loss + penalty
  const LogisticRegressionParams& params() const noexcept { return m_params; }

 private:
  template <typename Design>
  Outcome fitImpl(const Design& X, const LabelVector& y, int K);
  template <typename Design>
  RealMatrix predictImpl(const Design& X) const;

  LogisticRegressionParams m_params;
  RealMatrix m_coef;                 // D x K
  RealVector m_intercept;            // K
  Eigen::VectorXi m_present;         // K flags: class seen in training
  RealMatrix m_warmCoef;
  RealVector m_warmIntercept;
  bool m_fitted = false;
  bool m_converged = false;
  int m_iterations = 0;
  int m_evaluations = 0;
  double m_objective = 0.0;
};

// The objective LogisticRegression minimises, sum_i -log softmax(x_i W + b)[y_i] + 0.5 / C ||W||^2,
// at given coefficients (D x K) and intercepts (K), over all K classes; when the gradient
// pointers are set, also its gradient. For tests (finite differences, optimality) and
// diagnostics; shapes must match (an empty result is NaN).
double logisticObjective(const DenseRowsRef& X, const LabelVector& y, const RealMatrix& coefficients,
                         const RealVector& intercepts, double C, RealMatrix* gradCoefficients = nullptr,
                         RealVector* gradIntercepts = nullptr);

}  // namespace labelcheck
