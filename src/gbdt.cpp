// STAND-IN (replaced by the gbdt branch); see labelcheck/gbdt.hpp.
#include "labelcheck/gbdt.hpp"

#include "labelcheck/validate.hpp"

namespace labelcheck {

Outcome GradientBoostedTrees::fit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& y, int K,
                                  const std::vector<Index>* rows) {
  if (K < 1) return makeError(Status::InvalidArgument, "K must be at least 1");
  if (y.size() != X.rows()) return makeError(Status::ShapeMismatch, "labels and rows differ");
  m_prior = RealVector::Zero(K);
  const Index n = rows ? static_cast<Index>(rows->size()) : X.rows();
  if (n == 0) return makeError(Status::EmptyInput, "no rows");
  for (Index j = 0; j < n; ++j) m_prior[y[rows ? (*rows)[j] : j]] += 1.0;
  m_prior /= static_cast<double>(n);
  return {};
}

RealMatrix GradientBoostedTrees::predictProba(const Eigen::Ref<const RealMatrix>& X, const std::vector<Index>* rows) const {
  const Index n = rows ? static_cast<Index>(rows->size()) : X.rows();
  RealMatrix p(n, m_prior.size());
  for (Index i = 0; i < n; ++i) p.row(i) = m_prior.transpose();
  return p;
}

}  // namespace labelcheck
