#include "detail/calibrate.hpp"

#include <cmath>

#include "detail/numeric.hpp"

namespace labelcheck::detail {

namespace {
constexpr double kTiny = 1e-100;  // cleanlab's TINY_VALUE: guards divisions by a zero total

void roundRowPreservingSum(const double* floats, int64_t* out, Index n, std::vector<double>& ints,
                           std::vector<double>& residual) {
  ints.resize(static_cast<size_t>(n));
  residual.resize(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) ints[i] = roundHalfEven(floats[i]);
  const double origSum = roundHalfEven(pairwiseSum<double>([&](Index i) { return floats[i]; }, n));
  double intSum = roundHalfEven(pairwiseSum<double>([&](Index i) { return ints[i]; }, n));
  while (std::abs(intSum - origSum) >= 1) {
    const double diff = roundHalfEven(origSum - intSum);
    const int increment = diff < 0 ? -1 : 1;
    const Index changes = std::min<Index>(static_cast<Index>(std::abs(diff)), n);
    for (Index i = 0; i < n; ++i) residual[i] = floats[i] - ints[i];
    const std::vector<Index> order = stableArgsort(residual);
    for (Index c = 0; c < changes; ++c) {
      // Increments walk the ascending order backwards: largest remainder first, and among equal
      // remainders the highest column (a reversed stable sort).
      const Index i = increment > 0 ? order[n - 1 - c] : order[c];
      ints[i] += increment;
    }
    intSum = roundHalfEven(pairwiseSum<double>([&](Index i) { return ints[i]; }, n));
  }
  for (Index i = 0; i < n; ++i) out[i] = numpyToInt64(ints[i]);  // NaN rows: INT64_MIN, as numpy
}
}  // namespace

CountMatrix roundPreservingRowTotals(const RealMatrix& m) {
  CountMatrix out(m.rows(), m.cols());
  std::vector<double> ints, residual;
  for (Index r = 0; r < m.rows(); ++r)
    roundRowPreservingSum(m.data() + r * m.cols(), out.data() + r * m.cols(), m.cols(), ints, residual);
  return out;
}

std::vector<int64_t> labelCounts(Labels labels, Index numClasses) {
  std::vector<int64_t> counts(static_cast<size_t>(numClasses), 0);
  for (Index i = 0; i < labels.size; ++i) ++counts[labels[i]];
  return counts;
}

CountMatrix calibrate(const CountMatrix& cj, const std::vector<int64_t>& counts) {
  const Index K = cj.rows();
  int64_t n = 0;
  for (int64_t c : counts) n += c;
  RealMatrix cal(K, K);
  for (Index g = 0; g < K; ++g) {
    const double rowSum = std::max(static_cast<double>(cj.row(g).sum()), kTiny);
    for (Index t = 0; t < K; ++t)
      cal(g, t) = static_cast<double>(cj(g, t)) / rowSum * static_cast<double>(counts[g]);
  }
  // The reference's scaled matrix is laid out column-major (it is built as a transpose), and
  // numpy sums it in memory order; the order decides which remainders tie when rounding.
  const double total =
      std::max(pairwiseSum<double>([&](Index i) { return cal(i % K, i / K); }, K * K), kTiny);
  for (Index i = 0; i < K * K; ++i) cal.data()[i] = cal.data()[i] / total * static_cast<double>(n);
  return roundPreservingRowTotals(cal);
}

RealMatrix jointFromCalibrated(const CountMatrix& calibrated) {
  const double total = std::max(static_cast<double>(calibrated.sum()), kTiny);
  return calibrated.cast<double>() / total;
}

}  // namespace labelcheck::detail
