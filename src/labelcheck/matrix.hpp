// Matrix and view types shared by the whole core.
//
// Inputs are non-owning, row-major views (the caller keeps the memory alive for the call);
// outputs are owning Eigen matrices. Probabilities may be float32 or float64: the browser often
// holds float32, and Confident Learning on float32 input computes thresholds, margins and scores
// in float32 exactly as the reference does, so the element type is kept, not converted.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace labelcheck {

using Index = Eigen::Index;

template <typename Scalar>
using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RealMatrix = RowMatrix<double>;      // K x K probabilities, noise matrices, N x D features
using CountMatrix = RowMatrix<int64_t>;    // K x K confident joints and prune counts
using RealVector = Eigen::VectorXd;
using LabelVector = Eigen::Matrix<int32_t, Eigen::Dynamic, 1>;
using IndexVector = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;

template <typename Scalar>
using ConstRowMatrixMap = Eigen::Map<const RowMatrix<Scalar>>;

enum class Dtype { Float32, Float64 };

// N x K out-of-sample predicted probabilities, row-major, float32 or float64. Non-owning.
struct PredProbs {
  const void* data = nullptr;
  Index rows = 0;
  Index cols = 0;
  Dtype dtype = Dtype::Float64;

  static PredProbs f64(const double* p, Index rows, Index cols) { return {p, rows, cols, Dtype::Float64}; }
  static PredProbs f32(const float* p, Index rows, Index cols) { return {p, rows, cols, Dtype::Float32}; }
  template <typename Derived>
  static PredProbs of(const Eigen::PlainObjectBase<Derived>& m) {
    static_assert(Derived::IsRowMajor || Derived::ColsAtCompileTime == 1, "pred_probs must be row-major");
    using S = typename Derived::Scalar;
    static_assert(std::is_same<S, double>::value || std::is_same<S, float>::value, "float or double");
    return {m.data(), m.rows(), m.cols(), std::is_same<S, float>::value ? Dtype::Float32 : Dtype::Float64};
  }
};

// N given labels, integers in [0, K). Non-owning.
struct Labels {
  const int32_t* data = nullptr;
  Index size = 0;
  int32_t operator[](Index i) const { return data[i]; }
  static Labels of(const LabelVector& v) { return {v.data(), v.size()}; }
};

// Calls f(ConstRowMatrixMap<float>) or f(ConstRowMatrixMap<double>) by the view's dtype.
template <typename F>
decltype(auto) visitPredProbs(const PredProbs& p, F&& f) {
  if (p.dtype == Dtype::Float32)
    return f(ConstRowMatrixMap<float>(static_cast<const float*>(p.data), p.rows, p.cols));
  return f(ConstRowMatrixMap<double>(static_cast<const double*>(p.data), p.rows, p.cols));
}

}  // namespace labelcheck
