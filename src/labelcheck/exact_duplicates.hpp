// Rows that are exact copies of each other: every value equal, compared as doubles (-0 equals
// 0), before any conversion to float32 or scaling to unit length. Two rows that agree only in
// float32, or (cosine) point the same way at different lengths, are at distance 0 in the
// neighbour graph too but are not copies; this tells them apart.
//
//   ```cpp given: const RealMatrix& X
//   ExactDuplicates d = findExactDuplicates(X);
//   for (Index g = 0; g < d.groups.count(); ++g)
//     for (const int32_t* r = d.groups.begin(g); r != d.groups.end(g); ++r) use(*r);   // ascending
//   ```
//
// Cost: one hash per row (O(N D), or O(non-zeros) for sparse rows), a sort of N (hash, row)
// pairs, and a value-by-value comparison within equal hashes; memory 16 bytes per row while
// running, 4 per row kept (groupOf). No allocation per row.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/row_groups.hpp"
#include "labelcheck/sparse.hpp"

namespace labelcheck {

struct ExactDuplicates {
  // Groups of two or more identical rows, members ascending, groups ordered by their first row.
  RowGroups groups;
  std::vector<int32_t> groupOf;  // N: the row's group, or -1 for a row without a copy

  Index rowsInGroups() const noexcept { return static_cast<Index>(groups.rows.size()); }
};

// Dense rows. NaN never equals anything (callers reject non-finite features before this).
ExactDuplicates findExactDuplicates(const Eigen::Ref<const RealMatrix>& X);
// Sparse rows: equal as vectors (the same non-zero values at the same columns, in any order;
// explicit zeros are ignored). Rows must be consistent (isValidSparseRows).
ExactDuplicates findExactDuplicates(const SparseRows& X);

}  // namespace labelcheck
