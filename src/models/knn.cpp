// Brute-force k-nearest neighbours: the float32 panel kernel of the neighbour graph for dense
// rows (detail/exact_search), an inverted index for sparse cosine (detail/sparse_search), and
// uniform smoothed votes. See labelcheck/knn.hpp.
#include "labelcheck/knn.hpp"

#include "detail/exact_search.hpp"
#include "detail/float_rows.hpp"
#include "detail/neighbor_lists.hpp"
#include "detail/sparse_search.hpp"
#include "labelcheck/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace labelcheck {
namespace {

const char* kTooLarge = "a feature value is too large for float32 (|x| > 3.4e38)";

detail::RowSource rowSource(const Eigen::Ref<const RealMatrix>& X, bool cosine) {
  return detail::RowSource(X.data(), X.rows(), X.cols(), X.outerStride(), cosine);
}

// Rows of zeros (cosine only): flags and the ascending list; both empty when there is none.
void findZeroRows(const detail::RowSource& src, std::vector<uint8_t>& flags, std::vector<int32_t>& rows) {
  flags.clear();
  rows.clear();
  for (Index i = 0; i < src.rows(); ++i)
    if (src.scale(i) == 0.0) rows.push_back(static_cast<int32_t>(i));
  if (rows.empty()) return;
  flags.assign(static_cast<size_t>(src.rows()), 0);
  for (int32_t r : rows) flags[static_cast<size_t>(r)] = 1;
}

// Lists (squared-distance keys) to Neighbors: euclidean sqrt(key), cosine key / 2; the float
// values are those of the neighbour graph for the same pairs.
Neighbors toNeighbors(detail::NeighborLists& lists, bool cosine) {
  const Index n = lists.lists();
  const int k = lists.k();
  std::vector<int32_t> rows;
  std::vector<float> keys;
  lists.finish(rows, keys);
  Neighbors nb;
  nb.indices.resize(n, k);
  nb.distances.resize(n, k);
  for (Index i = 0; i < n * k; ++i) {
    nb.indices.data()[i] = rows[static_cast<size_t>(i)];
    const float key = keys[static_cast<size_t>(i)];
    nb.distances.data()[i] = static_cast<double>(cosine ? 0.5f * key : std::sqrt(key));
  }
  return nb;
}

Neighbors searchSparse(const detail::InvertedIndex& inv, const SparseRows& queries,
                       const std::vector<Index>* queryRows, int k, bool skipSelf) {
  const Index nq = queryRows ? static_cast<Index>(queryRows->size()) : queries.rows();
  Neighbors nb;
  nb.indices.resize(nq, k);
  nb.distances.resize(nq, k);
  detail::SparseCosineSearch search(inv);
  for (Index j = 0; j < nq; ++j) {
    const Index r = queryRows ? (*queryRows)[j] : j;
    search.query(queries, r, skipSelf ? r : -1, k, nb.distances.data() + j * k, nb.indices.data() + j * k);
  }
  return nb;
}

Outcome checkTraining(Index rows, const LabelVector& y, int K, const KnnParams& p) {
  if (p.k < 1 || !(p.smoothing >= 0.0) || K < 1)
    return makeError(Status::InvalidArgument, "kNN needs k >= 1, smoothing >= 0 and K >= 1");
  if (rows == 0) return makeError(Status::EmptyInput, "no training rows");
  if (y.size() != rows)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) +
                                                " values for " + std::to_string(rows) + " rows");
  if (rows >= std::numeric_limits<int32_t>::max())
    return makeError(Status::LimitExceeded, "kNN: at most 2^31 - 2 training rows");
  return checkLabelRange(Labels::of(y), K);
}

}  // namespace

Outcome KnnClassifier::fit(RealMatrix X, const LabelVector& y, int K) {
  Outcome ok = checkTraining(X.rows(), y, K, m_params);
  if (!ok.ok()) return ok;
  if (!X.allFinite()) return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");
  const bool cosine = m_params.metric == KnnMetric::Cosine;
  const detail::RowSource src = rowSource(X, cosine);
  auto panels = std::make_shared<detail::FloatPanels>();
  if (!detail::toPanels(src, nullptr, X.rows(), *panels)) return makeError(Status::NonFiniteValue, kTooLarge);
  if (cosine) findZeroRows(src, m_zero, m_zeroRows);
  else {
    m_zero.clear();
    m_zeroRows.clear();
  }
  m_sparse = false;
  m_dense = std::move(panels);
  m_rows = SparseRows{};
  m_labels = y;
  m_classes = K;
  return {};
}

Outcome KnnClassifier::fit(SparseRows X, const LabelVector& y, int K) {
  if (!isValidSparseRows(X))
    return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
  Outcome ok = checkTraining(X.rows(), y, K, m_params);
  if (!ok.ok()) return ok;
  m_sparse = true;
  m_rows = std::move(X);
  detail::normalizeSparseRows(m_rows);
  m_dense.reset();
  m_zero.clear();
  m_zeroRows.clear();
  m_labels = y;
  m_classes = K;
  return {};
}

RealMatrix KnnClassifier::votesToProba(const NeighborIndexMatrix& idx) const {
  const Index n = idx.rows();
  const double s = m_params.smoothing;
  RealMatrix p(n, m_classes);
  for (Index i = 0; i < n; ++i) {
    p.row(i).setConstant(s / m_classes);
    double total = s;
    for (Index j = 0; j < idx.cols(); ++j) {
      if (idx(i, j) < 0) continue;
      p(i, m_labels[idx(i, j)]) += 1.0;
      total += 1.0;
    }
    if (total > 0.0) p.row(i) /= total;
    else p.row(i).setConstant(1.0 / m_classes);  // smoothing 0 and no neighbour: uniform
  }
  return p;
}

RealMatrix KnnClassifier::predictProba(const Eigen::Ref<const RealMatrix>& X) const {
  if (m_classes == 0 || m_sparse || !m_dense || X.cols() != m_dense->dims) return {};
  const bool cosine = m_params.metric == KnnMetric::Cosine;
  const int k = static_cast<int>(std::min<Index>(m_params.k, m_dense->rows));
  const detail::RowSource src = rowSource(X, cosine);
  detail::FloatPanels queries;
  if (!detail::toPanels(src, nullptr, X.rows(), queries)) return {};
  detail::NeighborLists lists;
  detail::exactCrossSearch(queries, *m_dense, nullptr, m_zero.empty() ? nullptr : m_zero.data(), k, lists);
  if (cosine && !m_zeroRows.empty()) {
    std::vector<uint8_t> zeroQuery;
    std::vector<int32_t> unused;
    findZeroRows(src, zeroQuery, unused);
    detail::mergeDirectionless(
        lists, m_zeroRows, m_dense->rows, [&](Index j) { return !zeroQuery.empty() && zeroQuery[j]; },
        [](Index) { return Index(-1); });
  }
  return votesToProba(toNeighbors(lists, cosine).indices);
}

RealMatrix KnnClassifier::predictProba(const SparseRows& X) const {
  if (m_classes == 0 || !m_sparse || X.nCols != m_rows.nCols || !isValidSparseRows(X)) return {};
  const int k = static_cast<int>(std::min<Index>(m_params.k, m_rows.rows()));
  SparseRows q = X;
  detail::normalizeSparseRows(q);
  return votesToProba(searchSparse(detail::InvertedIndex::of(m_rows), q, nullptr, k, false).indices);
}

namespace {
Outcome checkQueries(Index rows, const std::vector<Index>& queryRows, int k) {
  if (rows == 0) return makeError(Status::EmptyInput, "no rows");
  if (k < 1) return makeError(Status::InvalidArgument, "k must be >= 1");
  for (Index r : queryRows)
    if (r < 0 || r >= rows) {
      Error e = makeError(Status::InvalidArgument, "query row " + std::to_string(r) + " is out of range");
      e.row = r;
      return e;
    }
  return {};
}
}  // namespace

Result<Neighbors> nearestNeighbors(const Eigen::Ref<const RealMatrix>& X,
                                   const std::vector<Index>& queryRows, int k, KnnMetric metric) {
  Outcome ok = checkQueries(X.rows(), queryRows, k);
  if (!ok.ok()) return std::move(ok).error();
  if (!X.allFinite()) return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");
  if (X.rows() >= std::numeric_limits<int32_t>::max())
    return makeError(Status::LimitExceeded, "nearest neighbours: at most 2^31 - 2 rows");
  const int kk = static_cast<int>(std::min<Index>(k, std::max<Index>(X.rows() - 1, 1)));
  const bool cosine = metric == KnnMetric::Cosine;
  // The candidates are X itself, converted to float32 a chunk at a time: no copy of the data
  // (it may be most of the memory). Only the query rows are copied.
  const detail::RowSource src = rowSource(X, cosine);
  detail::FloatPanels queries;
  if (!detail::toPanels(src, queryRows.data(), static_cast<Index>(queryRows.size()), queries))
    return makeError(Status::NonFiniteValue, kTooLarge);
  std::vector<uint8_t> zero;
  std::vector<int32_t> zeroRows;
  if (cosine) findZeroRows(src, zero, zeroRows);
  detail::NeighborLists lists;
  if (!detail::exactCrossSearch(queries, src, queryRows.data(), zero.empty() ? nullptr : zero.data(), kk, lists))
    return makeError(Status::NonFiniteValue, kTooLarge);
  detail::mergeDirectionless(
      lists, zeroRows, X.rows(), [&](Index j) { return !zero.empty() && zero[static_cast<size_t>(queryRows[j])]; },
      [&](Index j) { return queryRows[static_cast<size_t>(j)]; });
  Neighbors nb = toNeighbors(lists, cosine);
  // Report the distances of the pairs found in double (they explain a row to a person); the
  // order stays that of the float32 ranking.
  for (Index j = 0; j < nb.indices.rows(); ++j) {
    const Index q = queryRows[static_cast<size_t>(j)];
    const double* xq = src.row(q);
    const double sq = src.scale(q);
    for (Index a = 0; a < nb.indices.cols(); ++a) {
      const Index c = nb.indices(j, a);
      if (c < 0) continue;
      if (cosine && (sq == 0.0 || src.scale(c) == 0.0)) {
        nb.distances(j, a) = 1.0;
        continue;
      }
      const double* xc = src.row(c);
      const double sc = src.scale(c);
      double d2 = 0.0;
      for (Index d = 0; d < X.cols(); ++d) {
        const double t = xq[d] * sq - xc[d] * sc;
        d2 += t * t;
      }
      nb.distances(j, a) = cosine ? 0.5 * d2 : std::sqrt(d2);
    }
  }
  return nb;
}

Result<Neighbors> nearestNeighbors(const SparseRows& X, const std::vector<Index>& queryRows, int k) {
  if (!isValidSparseRows(X))
    return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
  Outcome ok = checkQueries(X.rows(), queryRows, k);
  if (!ok.ok()) return std::move(ok).error();
  const int kk = static_cast<int>(std::min<Index>(k, std::max<Index>(X.rows() - 1, 1)));
  SparseRows unit = X;
  detail::normalizeSparseRows(unit);
  return searchSparse(detail::InvertedIndex::of(unit), unit, &queryRows, kk, true);
}

}  // namespace labelcheck
