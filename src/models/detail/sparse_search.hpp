// Exact cosine neighbours of sparse rows through an inverted index (column -> rows using it).
//
// A query walks the postings of its own columns and accumulates dot products only for the
// rows it touches (marked with an epoch number, not a cleared N-long array), so the cost of one
// query is the number of postings of its columns, sum over c in row of n_c (n_c = rows using
// column c), plus k: over all rows, sum over columns of n_c^2. Rows that share no column with
// the query have similarity 0 (distance 1) and fill the list in index order when fewer than k
// rows are touched. Similarities are in double; distance = 1 - similarity, ties to the lower
// row index. Used by KnnClassifier, nearestNeighbors and the neighbour graph.
// Private to the core.
#pragma once

#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"

namespace labelcheck::detail {

// Scales each row to unit length (zero rows stay zero); a sequential sum, the same everywhere.
void normalizeSparseRows(SparseRows& x);

struct InvertedIndex {
  std::vector<int64_t> colPtr;  // nCols + 1
  std::vector<int32_t> rows;
  std::vector<double> values;
  Index nRows = 0;

  static InvertedIndex of(const SparseRows& x);
  // Postings walked by a query of row r of `q` (its cost).
  double postingsOf(const SparseRows& q, Index r) const;
};

class SparseCosineSearch {
 public:
  explicit SparseCosineSearch(const InvertedIndex& index);

  // The k nearest indexed rows to row r of `q` (unit length), leaving out row `skip` (or -1):
  // distances 1 - cos ascending, ties to the lower row, written to dist[0..k) and rows[0..k);
  // padded with +inf and -1 when fewer rows exist.
  template <typename RowIndex>
  void query(const SparseRows& q, Index r, Index skip, int k, double* dist, RowIndex* rows);

 private:
  void accumulate(const SparseRows& q, Index r);
  bool offer(double key, int32_t row, int k);

  const InvertedIndex& m_index;
  std::vector<double> m_sim;
  std::vector<uint32_t> m_mark;
  std::vector<int32_t> m_touched;
  std::vector<double> m_keys;   // the current list: -similarity, ascending
  std::vector<int32_t> m_rows;
  uint32_t m_epoch = 0;
};

extern template void SparseCosineSearch::query<int32_t>(const SparseRows&, Index, Index, int, double*, int32_t*);
extern template void SparseCosineSearch::query<int64_t>(const SparseRows&, Index, Index, int, double*, int64_t*);

}  // namespace labelcheck::detail
