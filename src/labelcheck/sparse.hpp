// Compressed sparse rows (CSR): the feature matrix of text columns (TF-IDF and the like).
//
// Row i holds values[rowPtr[i] .. rowPtr[i+1]) at columns cols[same range]. Columns within a
// row need not be sorted but must be unique and in [0, nCols). rowPtr has rows() + 1 entries,
// starting at 0. Owning and plain, so the encoder and the models can share it without
// depending on each other.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck {

struct SparseRows {
  std::vector<double> values;
  std::vector<int32_t> cols;
  std::vector<int64_t> rowPtr{0};
  Index nCols = 0;

  Index rows() const noexcept { return rowPtr.empty() ? 0 : static_cast<Index>(rowPtr.size()) - 1; }
  int64_t nonZeros() const noexcept { return rowPtr.empty() ? 0 : rowPtr.back(); }
};

// The rows `which` of `x`, in that order (used to build the training part of a fold).
// Inline so that this header stays the whole contract between the encoder and the models.
inline SparseRows selectRows(const SparseRows& x, const std::vector<Index>& which) {
  SparseRows out;
  out.nCols = x.nCols;
  int64_t nnz = 0;
  for (Index r : which) nnz += x.rowPtr[r + 1] - x.rowPtr[r];
  out.values.reserve(static_cast<size_t>(nnz));
  out.cols.reserve(static_cast<size_t>(nnz));
  out.rowPtr.reserve(which.size() + 1);
  for (Index r : which) {
    for (int64_t p = x.rowPtr[r]; p < x.rowPtr[r + 1]; ++p) {
      out.values.push_back(x.values[p]);
      out.cols.push_back(x.cols[p]);
    }
    out.rowPtr.push_back(static_cast<int64_t>(out.values.size()));
  }
  return out;
}

// True when the arrays are consistent (sizes, monotone rowPtr, columns in range, finite values).
inline bool isValidSparseRows(const SparseRows& x) {
  if (x.rowPtr.empty() || x.rowPtr.front() != 0 || x.nCols < 0) return false;
  if (x.values.size() != x.cols.size() || static_cast<size_t>(x.rowPtr.back()) != x.values.size())
    return false;
  for (size_t i = 1; i < x.rowPtr.size(); ++i)
    if (x.rowPtr[i] < x.rowPtr[i - 1]) return false;
  for (size_t p = 0; p < x.values.size(); ++p) {
    if (x.cols[p] < 0 || x.cols[p] >= x.nCols) return false;
    if (!std::isfinite(x.values[p])) return false;
  }
  return true;
}

}  // namespace labelcheck
