// Brute-force k-nearest neighbours: blocked GEMM distances for dense rows, an inverted index for
// sparse cosine, and a small sorted top-k per query. See labelcheck/knn.hpp.
#include "labelcheck/knn.hpp"

#include "labelcheck/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace labelcheck {
namespace {

// Block sizes: 64 queries x 2048 training rows of dot products is 1 MiB of doubles, which stays
// in L2 while the top-k scan reads it back.
constexpr Index kQueryBlock = 64;
constexpr Index kTrainBlock = 2048;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The k smallest keys seen per query, kept sorted. Scanning training rows in index order and
// shifting only past strictly larger keys puts equal keys in index order: ties go to the lower
// row index.
class TopK {
 public:
  TopK(NeighborIndexMatrix& idx, RealMatrix& key, Index rows, int k) : m_idx(idx), m_key(key), m_k(k) {
    m_idx.setConstant(rows, k, -1);
    m_key.setConstant(rows, k, kInf);
  }
  void offer(Index q, double key, int64_t row) {
    double* kq = m_key.data() + q * m_k;
    if (!(key < kq[m_k - 1])) return;
    int64_t* iq = m_idx.data() + q * m_k;
    int pos = m_k - 1;
    while (pos > 0 && kq[pos - 1] > key) {
      kq[pos] = kq[pos - 1];
      iq[pos] = iq[pos - 1];
      --pos;
    }
    kq[pos] = key;
    iq[pos] = row;
  }

 private:
  NeighborIndexMatrix& m_idx;
  RealMatrix& m_key;
  int m_k;
};

void normalizeRows(RealMatrix& x) {
  for (Index i = 0; i < x.rows(); ++i) {
    const double norm = x.row(i).norm();
    if (norm > 0.0) x.row(i) /= norm;
  }
}

void normalizeRows(SparseRows& x) {
  for (Index i = 0; i < x.rows(); ++i) {
    double sq = 0.0;
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) sq += x.values[p] * x.values[p];
    if (sq <= 0.0) continue;
    const double inv = 1.0 / std::sqrt(sq);
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) x.values[p] *= inv;
  }
}

// Dense search. `train` rows are unit length for cosine. `queries` are raw (normalised here per
// block for cosine). exclude[q] is a training row that query q must skip (itself), or -1.
void searchDense(const Eigen::Ref<const RealMatrix>& train, const RealVector& trainSq,
                 const Eigen::Ref<const RealMatrix>& queries, bool cosine, int k,
                 const std::vector<Index>* exclude, Neighbors& out) {
  const Index nq = queries.rows(), nt = train.rows();
  TopK top(out.indices, out.distances, nq, k);
  RealMatrix qBlock, dots(kQueryBlock, kTrainBlock);
  RealVector qSq;
  for (Index q0 = 0; q0 < nq; q0 += kQueryBlock) {
    const Index bq = std::min(kQueryBlock, nq - q0);
    qBlock = queries.middleRows(q0, bq);
    if (cosine) normalizeRows(qBlock);
    for (Index t0 = 0; t0 < nt; t0 += kTrainBlock) {
      const Index bt = std::min(kTrainBlock, nt - t0);
      auto g = dots.topLeftCorner(bq, bt);
      g.noalias() = qBlock * train.middleRows(t0, bt).transpose();
      for (Index a = 0; a < bq; ++a) {
        const Index skip = exclude ? (*exclude)[q0 + a] : -1;
        const double* ga = dots.data() + a * kTrainBlock;
        // The ranking key leaves out ||q||^2 (constant per query); it is added back below.
        for (Index b = 0; b < bt; ++b) {
          const double key = cosine ? -ga[b] : trainSq[t0 + b] - 2.0 * ga[b];
          if (t0 + b == skip) continue;
          top.offer(q0 + a, key, t0 + b);
        }
      }
    }
    for (Index a = 0; a < bq; ++a) {
      const double qn = qBlock.row(a).squaredNorm();
      for (int j = 0; j < k; ++j) {
        double& d = out.distances(q0 + a, j);
        if (out.indices(q0 + a, j) < 0) continue;
        d = cosine ? 1.0 + d : std::sqrt(std::max(0.0, qn + d));
      }
    }
  }
}

// Column-major copy of the training rows: for each column, the rows using it and their values.
struct InvertedIndex {
  std::vector<int64_t> colPtr;
  std::vector<int32_t> rows;
  std::vector<double> values;
};

InvertedIndex invert(const SparseRows& x) {
  InvertedIndex inv;
  inv.colPtr.assign(static_cast<size_t>(x.nCols) + 1, 0);
  for (int32_t c : x.cols) ++inv.colPtr[c + 1];
  for (Index c = 0; c < x.nCols; ++c) inv.colPtr[c + 1] += inv.colPtr[c];
  inv.rows.resize(x.values.size());
  inv.values.resize(x.values.size());
  std::vector<int64_t> next(inv.colPtr.begin(), inv.colPtr.end() - 1);
  for (Index i = 0; i < x.rows(); ++i)
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) {
      const int64_t at = next[x.cols[p]]++;
      inv.rows[at] = static_cast<int32_t>(i);
      inv.values[at] = x.values[p];
    }
  return inv;
}

// Sparse cosine search. `train` and `queries` rows are unit length. Query j is row
// queryRows[j] of `queries` (or row j when queryRows is null).
void searchSparse(const InvertedIndex& inv, Index nt, const SparseRows& queries,
                  const std::vector<Index>* queryRows, int k, const std::vector<Index>* exclude,
                  Neighbors& out) {
  const Index nq = queryRows ? static_cast<Index>(queryRows->size()) : queries.rows();
  TopK top(out.indices, out.distances, nq, k);
  std::vector<double> sim(static_cast<size_t>(nt));
  for (Index j = 0; j < nq; ++j) {
    const Index r = queryRows ? (*queryRows)[j] : j;
    std::fill(sim.begin(), sim.end(), 0.0);
    for (int64_t p = queries.rowPtr[r]; p < queries.rowPtr[r + 1]; ++p) {
      const int32_t c = queries.cols[p];
      if (c < 0 || c >= static_cast<int32_t>(inv.colPtr.size()) - 1) continue;
      const double v = queries.values[p];
      for (int64_t q = inv.colPtr[c]; q < inv.colPtr[c + 1]; ++q) sim[inv.rows[q]] += v * inv.values[q];
    }
    const Index skip = exclude ? (*exclude)[j] : -1;
    for (Index t = 0; t < nt; ++t)
      if (t != skip) top.offer(j, -sim[t], t);
    for (int a = 0; a < k; ++a)
      if (out.indices(j, a) >= 0) out.distances(j, a) = 1.0 + out.distances(j, a);
  }
}

Outcome checkTraining(Index rows, const LabelVector& y, int K, const KnnParams& p) {
  if (p.k < 1 || !(p.smoothing >= 0.0) || K < 1)
    return makeError(Status::InvalidArgument, "kNN needs k >= 1, smoothing >= 0 and K >= 1");
  if (rows == 0) return makeError(Status::EmptyInput, "no training rows");
  if (y.size() != rows)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) +
                                                " values for " + std::to_string(rows) + " rows");
  return checkLabelRange(Labels::of(y), K);
}

}  // namespace

Outcome KnnClassifier::fit(RealMatrix X, const LabelVector& y, int K) {
  Outcome ok = checkTraining(X.rows(), y, K, m_params);
  if (!ok.ok()) return ok;
  if (!X.allFinite()) return makeError(Status::NonFiniteValue, "a feature value is NaN or infinite");
  m_sparse = false;
  m_dense = std::move(X);
  if (m_params.metric == KnnMetric::Cosine) normalizeRows(m_dense);
  m_sqNorms = m_dense.rowwise().squaredNorm();
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
  normalizeRows(m_rows);
  m_dense.resize(0, 0);
  m_sqNorms.resize(0);
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
  if (m_classes == 0 || m_sparse || X.cols() != m_dense.cols()) return {};
  const int k = static_cast<int>(std::min<Index>(m_params.k, m_dense.rows()));
  Neighbors nb;
  searchDense(m_dense, m_sqNorms, X, m_params.metric == KnnMetric::Cosine, k, nullptr, nb);
  return votesToProba(nb.indices);
}

RealMatrix KnnClassifier::predictProba(const SparseRows& X) const {
  if (m_classes == 0 || !m_sparse || X.nCols != m_rows.nCols || !isValidSparseRows(X)) return {};
  const int k = static_cast<int>(std::min<Index>(m_params.k, m_rows.rows()));
  SparseRows q = X;
  normalizeRows(q);
  Neighbors nb;
  searchSparse(invert(m_rows), m_rows.rows(), q, nullptr, k, nullptr, nb);
  return votesToProba(nb.indices);
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
  const int kk = static_cast<int>(std::min<Index>(k, std::max<Index>(X.rows() - 1, 1)));
  const bool cosine = metric == KnnMetric::Cosine;
  Neighbors nb;
  RealMatrix queries(static_cast<Index>(queryRows.size()), X.cols());
  if (!cosine) {  // search X in place: no copy of the data (it may be most of the memory)
    const RealVector sq = X.rowwise().squaredNorm();
    for (size_t j = 0; j < queryRows.size(); ++j) queries.row(j) = X.row(queryRows[j]);
    searchDense(X, sq, queries, false, kk, &queryRows, nb);
    return nb;
  }
  RealMatrix train = X;
  normalizeRows(train);
  const RealVector sq = train.rowwise().squaredNorm();
  for (size_t j = 0; j < queryRows.size(); ++j) queries.row(j) = train.row(queryRows[j]);
  searchDense(train, sq, queries, true, kk, &queryRows, nb);
  return nb;
}

Result<Neighbors> nearestNeighbors(const SparseRows& X, const std::vector<Index>& queryRows, int k) {
  if (!isValidSparseRows(X))
    return makeError(Status::InvalidArgument, "sparse rows are inconsistent or hold non-finite values");
  Outcome ok = checkQueries(X.rows(), queryRows, k);
  if (!ok.ok()) return std::move(ok).error();
  const int kk = static_cast<int>(std::min<Index>(k, std::max<Index>(X.rows() - 1, 1)));
  SparseRows unit = X;
  normalizeRows(unit);
  Neighbors nb;
  searchSparse(invert(unit), unit.rows(), unit, &queryRows, kk, &queryRows, nb);
  return nb;
}

}  // namespace labelcheck
