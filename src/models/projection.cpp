#include "labelcheck/projection.hpp"

#include <Eigen/Dense>

namespace labelcheck {

namespace {
constexpr int kIterations = 40;
constexpr Index kMaxDenseCovariance = 512;  // above this many features, subspace iteration

// The sign of an eigenvector is arbitrary: make the largest loading positive so pictures do
// not flip between runs.
void fixSigns(Eigen::MatrixXd& V) {
  for (int c = 0; c < V.cols(); ++c) {
    Index arg;
    V.col(c).cwiseAbs().maxCoeff(&arg);
    if (V(arg, c) < 0) V.col(c) = -V.col(c);
  }
}

// W's two columns made orthonormal: Gram-Schmidt, the second column cleared of the first twice
// ("twice is enough" for a column nearly parallel to the first). A QR's Q gives the same columns
// up to their signs, which the iteration does not care about (fixSigns settles them at the end);
// Eigen's HouseholderQR took 15 KB of the WebAssembly module for it. A zero column stays zero.
void orthonormalise(Eigen::MatrixXd& W) {
  W.col(0).normalize();
  for (int pass = 0; pass < 2; ++pass) W.col(1) -= W.col(0).dot(W.col(1)) * W.col(0);
  W.col(1).normalize();
}

// Subspace iteration on the covariance C = (X - mean)^T (X - mean) without forming C:
// apply(V) computes C V for a D x 2 block. Deterministic start (no randomness).
template <typename Apply>
Eigen::MatrixXd topTwoDirections(Index D, const Apply& apply) {
  Eigen::MatrixXd V(D, 2);
  for (Index d = 0; d < D; ++d) {
    V(d, 0) = 1.0 + 0.01 * static_cast<double>(d % 7);
    V(d, 1) = (d % 2 == 0 ? 1.0 : -1.0) * (1.0 + 0.01 * static_cast<double>(d % 5));
  }
  for (int it = 0; it < kIterations; ++it) {
    V = apply(V);
    orthonormalise(V);
  }
  fixSigns(V);
  return V;
}
}  // namespace

Result<RealMatrix> principalComponents2d(const Eigen::Ref<const RealMatrix>& X) {
  const Index N = X.rows(), D = X.cols();
  if (N == 0 || D == 0) return makeError(Status::EmptyInput, "no data to project");
  if (D == 1) {
    RealMatrix out = RealMatrix::Zero(N, 2);
    out.col(0) = X.col(0).array() - X.col(0).mean();
    return out;
  }
  const Eigen::RowVectorXd mean = X.colwise().mean();
  if (D <= kMaxDenseCovariance) {
    // Few features: the D x D covariance in one pass (X^T X - N mean^T mean; the features are
    // standardised, so no cancellation to fear), then an exact eigen-decomposition.
    const Eigen::MatrixXd cov = X.transpose() * X - static_cast<double>(N) * mean.transpose() * mean;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    Eigen::MatrixXd V(D, 2);
    V.col(0) = eig.eigenvectors().col(D - 1);  // eigenvalues ascend
    V.col(1) = eig.eigenvectors().col(D - 2);
    fixSigns(V);
    return RealMatrix((X * V).rowwise() - mean * V);
  }
  auto apply = [&](const Eigen::MatrixXd& V) -> Eigen::MatrixXd {
    const Eigen::MatrixXd XV = (X * V).rowwise() - mean * V;  // (X - 1 mean) V
    return X.transpose() * XV - mean.transpose() * XV.colwise().sum();
  };
  const Eigen::MatrixXd V = topTwoDirections(D, apply);
  RealMatrix out = (X * V).rowwise() - mean * V;
  return out;
}

Result<RealMatrix> principalComponents2d(const SparseRows& X) {
  const Index N = X.rows(), D = X.nCols;
  if (N == 0 || D < 2) return makeError(Status::EmptyInput, "no data to project");
  Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(D);
  for (Index i = 0; i < N; ++i)
    for (int64_t p = X.rowPtr[i]; p < X.rowPtr[i + 1]; ++p) mean[X.cols[p]] += X.values[p];
  mean /= static_cast<double>(N);
  auto times = [&](const Eigen::MatrixXd& V) {  // X V, N x 2
    Eigen::MatrixXd XV = Eigen::MatrixXd::Zero(N, 2);
    for (Index i = 0; i < N; ++i)
      for (int64_t p = X.rowPtr[i]; p < X.rowPtr[i + 1]; ++p) XV.row(i) += X.values[p] * V.row(X.cols[p]);
    return XV;
  };
  auto apply = [&](const Eigen::MatrixXd& V) -> Eigen::MatrixXd {
    Eigen::MatrixXd XV = times(V).rowwise() - mean * V;
    Eigen::MatrixXd out = -mean.transpose() * XV.colwise().sum();
    for (Index i = 0; i < N; ++i)
      for (int64_t p = X.rowPtr[i]; p < X.rowPtr[i + 1]; ++p) out.row(X.cols[p]) += X.values[p] * XV.row(i);
    return out;
  };
  const Eigen::MatrixXd V = topTwoDirections(D, apply);
  RealMatrix out = times(V).rowwise() - mean * V;
  return out;
}

}  // namespace labelcheck
