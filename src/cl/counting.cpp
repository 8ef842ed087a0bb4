#include "detail/counting.hpp"

#include "detail/thresholds.hpp"

namespace labelcheck::detail {

namespace {
constexpr double kLabelHeadStart = 1e-6;

template <typename T>
void dropAgreeing(Labels labels, ConstRowMatrixMap<T> p, std::vector<uint8_t>& mask) {
  const Index K = p.cols();
  for (Index i = 0; i < p.rows(); ++i) {
    if (!mask[i]) continue;
    const T* row = p.data() + i * K;
    const Index given = labels[i];
    // p[given] + 1e-6 in the input's precision; argmax ties go to the lower index.
    const T boosted = static_cast<T>(row[given] + static_cast<T>(kLabelHeadStart));
    Index best = 0;
    T bestValue = given == 0 ? boosted : row[0];
    for (Index k = 1; k < K; ++k) {
      const T v = k == given ? boosted : row[k];
      if (v > bestValue) { bestValue = v; best = k; }
    }
    if (best == given) mask[i] = 0;
  }
}
}  // namespace

void dropRowsWherePredictionMatchesLabel(Labels labels, const PredProbs& predProbs, std::vector<uint8_t>& mask) {
  visitPredProbs(predProbs, [&](auto p) { dropAgreeing(labels, p, mask); });
}

Index countOffDiagonalIssues(Labels labels, const PredProbs& predProbs) {
  const ConfidentJoint cj = confidentJoint(labels, predProbs, false, true);
  std::vector<uint8_t> mask(static_cast<size_t>(labels.size), 0);
  for (Index i : cj.offDiagonalRows) mask[i] = 1;
  dropRowsWherePredictionMatchesLabel(labels, predProbs, mask);
  Index n = 0;
  for (uint8_t m : mask) n += m;
  return n;
}

}  // namespace labelcheck::detail
