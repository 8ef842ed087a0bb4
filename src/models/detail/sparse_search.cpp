// Exact sparse cosine search through an inverted index. See sparse_search.hpp.
#include "detail/sparse_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace labelcheck::detail {

void normalizeSparseRows(SparseRows& x) {
  for (Index i = 0; i < x.rows(); ++i) {
    double sq = 0.0;
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) sq += x.values[p] * x.values[p];
    if (sq <= 0.0) continue;
    const double inv = 1.0 / std::sqrt(sq);
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) x.values[p] *= inv;
  }
}

InvertedIndex InvertedIndex::of(const SparseRows& x) {
  InvertedIndex inv;
  inv.nRows = x.rows();
  inv.colPtr.assign(static_cast<size_t>(x.nCols) + 1, 0);
  for (int32_t c : x.cols) ++inv.colPtr[static_cast<size_t>(c) + 1];
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

double InvertedIndex::postingsOf(const SparseRows& q, Index r) const {
  double n = 0.0;
  for (int64_t p = q.rowPtr[r]; p < q.rowPtr[r + 1]; ++p) {
    const int32_t c = q.cols[p];
    if (c >= 0 && c + 1 < static_cast<int64_t>(colPtr.size()))
      n += static_cast<double>(colPtr[c + 1] - colPtr[c]);
  }
  return n;
}

SparseCosineSearch::SparseCosineSearch(const InvertedIndex& index)
    : m_index(index),
      m_sim(static_cast<size_t>(index.nRows), 0.0),
      m_mark(static_cast<size_t>(index.nRows), 0) {}

void SparseCosineSearch::accumulate(const SparseRows& q, Index r) {
  if (++m_epoch == 0) {
    std::fill(m_mark.begin(), m_mark.end(), 0);
    m_epoch = 1;
  }
  m_touched.clear();
  const int64_t nCols = static_cast<int64_t>(m_index.colPtr.size()) - 1;
  for (int64_t p = q.rowPtr[r]; p < q.rowPtr[r + 1]; ++p) {
    const int32_t c = q.cols[p];
    if (c < 0 || c >= nCols) continue;
    const double v = q.values[p];
    for (int64_t s = m_index.colPtr[c]; s < m_index.colPtr[c + 1]; ++s) {
      const int32_t t = m_index.rows[s];
      if (m_mark[t] != m_epoch) {
        m_mark[t] = m_epoch;
        m_sim[t] = 0.0;
        m_touched.push_back(t);
      }
      m_sim[t] += v * m_index.values[s];
    }
  }
}

bool SparseCosineSearch::offer(double key, int32_t row, int k) {
  const int last = k - 1;
  if (!(key < m_keys[last] || (key == m_keys[last] && row < m_rows[last]))) return false;
  int pos = last;
  while (pos > 0 && (m_keys[pos - 1] > key || (m_keys[pos - 1] == key && m_rows[pos - 1] > row))) {
    m_keys[pos] = m_keys[pos - 1];
    m_rows[pos] = m_rows[pos - 1];
    --pos;
  }
  m_keys[pos] = key;
  m_rows[pos] = row;
  return true;
}

template <typename RowIndex>
void SparseCosineSearch::query(const SparseRows& q, Index r, Index skip, int k, double* dist, RowIndex* rows) {
  if (k < 1) return;
  constexpr int32_t kEmpty = std::numeric_limits<int32_t>::max();
  m_keys.assign(static_cast<size_t>(k), std::numeric_limits<double>::infinity());
  m_rows.assign(static_cast<size_t>(k), kEmpty);
  accumulate(q, r);
  for (int32_t t : m_touched)
    if (t != skip) offer(-m_sim[t], t, k);
  // Untouched rows: similarity 0, offered in index order until one cannot enter (no later one can).
  for (Index t = 0; t < m_index.nRows; ++t) {
    if (t == skip || m_mark[t] == m_epoch) continue;
    if (!offer(-0.0, static_cast<int32_t>(t), k)) break;
  }
  for (int j = 0; j < k; ++j) {
    const bool empty = m_rows[j] == kEmpty;
    rows[j] = empty ? RowIndex(-1) : RowIndex(m_rows[j]);
    // 1 - cos, never below 0: rows pointing the same way can have a similarity of 1 + 2e-16.
    dist[j] = empty ? std::numeric_limits<double>::infinity() : std::max(0.0, 1.0 + m_keys[j]);
  }
}

template void SparseCosineSearch::query<int32_t>(const SparseRows&, Index, Index, int, double*, int32_t*);
template void SparseCosineSearch::query<int64_t>(const SparseRows&, Index, Index, int, double*, int64_t*);

}  // namespace labelcheck::detail
