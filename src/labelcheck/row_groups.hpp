// Groups of rows in one flat array (CSR): group g is rows[starts[g] .. starts[g + 1]). Used for
// sets of duplicate rows and per-row lists of near-duplicates, where a vector per group would
// be one allocation per group (a million rows can have hundreds of thousands of groups).
// Header-only: it belongs to no layer.
#pragma once

#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck {

struct RowGroups {
  std::vector<int64_t> starts{0};  // count() + 1 entries, starting at 0
  std::vector<int32_t> rows;

  Index count() const noexcept { return static_cast<Index>(starts.size()) - 1; }
  Index size(Index g) const noexcept { return static_cast<Index>(starts[g + 1] - starts[g]); }
  const int32_t* begin(Index g) const noexcept { return rows.data() + starts[g]; }
  const int32_t* end(Index g) const noexcept { return rows.data() + starts[g + 1]; }
  // Appends rows[first .. last) as the next group.
  void add(const int32_t* first, const int32_t* last) {
    rows.insert(rows.end(), first, last);
    starts.push_back(static_cast<int64_t>(rows.size()));
  }
};

}  // namespace labelcheck
