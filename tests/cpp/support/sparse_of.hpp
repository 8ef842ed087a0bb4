// A dense matrix as sparse rows (its non-zero values, columns ascending): for tests that check
// the sparse path of a function against its dense one.
#pragma once

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"

namespace labelcheck::test {

inline SparseRows sparseOf(const RealMatrix& X) {
  SparseRows s;
  s.nCols = X.cols();
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.cols(); ++j) {
      if (X(i, j) == 0.0) continue;
      s.values.push_back(X(i, j));
      s.cols.push_back(static_cast<int32_t>(j));
    }
    s.rowPtr.push_back(static_cast<int64_t>(s.values.size()));
  }
  return s;
}

}  // namespace labelcheck::test
