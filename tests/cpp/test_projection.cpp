// The 2-D picture: the top two principal components, by an exact eigen-decomposition for few
// features and by subspace iteration for many (and for sparse rows), which must agree.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>

#include "labelcheck/projection.hpp"
#include "support/require_ok.hpp"
#include "support/sparse_of.hpp"

using namespace labelcheck;
using test::requireOk;
using test::sparseOf;

namespace {

// N rows in D dimensions: two latent factors of variance about 9 and 4 along two directions,
// plus a little deterministic noise in every dimension.
RealMatrix twoFactors(Index N, Index D) {
  RealMatrix X(N, D);
  for (Index i = 0; i < N; ++i) {
    const double a = 3.0 * std::sin(0.7 * static_cast<double>(i)), b = 2.0 * std::cos(1.3 * static_cast<double>(i) + 0.2);
    for (Index d = 0; d < D; ++d) {
      const double u = std::cos(0.05 * static_cast<double>(d)), v = std::sin(0.11 * static_cast<double>(d) + 1.0);
      X(i, d) = (a * u + b * v) / std::sqrt(static_cast<double>(D)) + 0.01 * std::sin(static_cast<double>(i * D + d));
    }
  }
  return X;
}

// The exact answer: the covariance's top two eigenvectors, signs as projection.hpp fixes them.
RealMatrix exactProjection(const RealMatrix& X) {
  const Eigen::RowVectorXd mean = X.colwise().mean();
  const Eigen::MatrixXd centred = X.rowwise() - mean;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(centred.transpose() * centred);
  const Index D = X.cols();
  Eigen::MatrixXd V(D, 2);
  V.col(0) = eig.eigenvectors().col(D - 1);
  V.col(1) = eig.eigenvectors().col(D - 2);
  for (int c = 0; c < 2; ++c) {
    Index arg;
    V.col(c).cwiseAbs().maxCoeff(&arg);
    if (V(arg, c) < 0) V.col(c) = -V.col(c);
  }
  return centred * V;
}


}  // namespace

TEST_CASE("projection: the top two principal components, exact and by subspace iteration", "[projection]") {
  SECTION("few features: the eigen-decomposition") {
    const RealMatrix X = twoFactors(200, 12);
    const RealMatrix p = requireOk(principalComponents2d(X));
    CHECK((p - exactProjection(X)).cwiseAbs().maxCoeff() < 1e-9);
  }
  SECTION("many features (above 512) and sparse rows: subspace iteration gives the same picture") {
    const RealMatrix X = twoFactors(150, 600);
    const RealMatrix exact = exactProjection(X);
    const RealMatrix dense = requireOk(principalComponents2d(X));
    const RealMatrix sparse = requireOk(principalComponents2d(sparseOf(X)));
    CHECK((dense - exact).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((sparse - exact).cwiseAbs().maxCoeff() < 1e-6);
    // The two columns are uncorrelated (orthogonal directions of the centred data).
    CHECK(std::abs(dense.col(0).dot(dense.col(1))) < 1e-6 * dense.col(0).norm() * dense.col(1).norm());
  }
}
