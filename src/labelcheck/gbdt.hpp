// STAND-IN (replaced by the gbdt branch): the API of the histogram gradient-boosted trees, with
// a placeholder model that predicts the training rows' class frequencies, so that
// cross-validation can be integrated before the learner lands.
#pragma once

#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

struct GbdtParams {
  int maxIter = 100;
  double learningRate = 0.1;
  int maxLeafNodes = 31;
  int maxDepth = 0;
  int minSamplesLeaf = 20;
  double l2 = 1.0;
  int maxBins = 255;
  double validationFraction = 0.1;
  int nIterNoChange = 10;
  double tol = 1e-7;
  uint64_t seed = 0;
};

class GradientBoostedTrees {
 public:
  explicit GradientBoostedTrees(const GbdtParams& params = {}) : m_params(params) {}
  Outcome fit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& y, int K, const std::vector<Index>* rows = nullptr);
  RealMatrix predictProba(const Eigen::Ref<const RealMatrix>& X, const std::vector<Index>* rows = nullptr) const;
  int iterations() const { return 0; }
  bool earlyStopped() const { return false; }
  const GbdtParams& params() const { return m_params; }

 private:
  GbdtParams m_params;
  RealVector m_prior;
};

}  // namespace labelcheck
