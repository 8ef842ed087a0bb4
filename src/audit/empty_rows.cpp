// Empty rows and the missing-value pattern per column (Datalab's "null"). See
// labelcheck/audit.hpp.
#include "labelcheck/audit.hpp"

namespace labelcheck {

EmptyRowsAudit findEmptyRows(const MissingMask& missing) {
  EmptyRowsAudit out;
  const Index n = missing.rows(), c = missing.cols();
  if (c == 0) {
    out.nonMissingShare = RealVector::Ones(n);
    return out;
  }
  out.checked = true;
  out.nonMissingShare.resize(n);
  out.missingPerColumn.assign(static_cast<size_t>(c), 0);
  for (Index i = 0; i < n; ++i) {
    Index absent = 0;
    for (Index j = 0; j < c; ++j)
      if (missing(i, j)) {
        ++absent;
        ++out.missingPerColumn[static_cast<size_t>(j)];
      }
    out.nonMissingShare[i] = static_cast<double>(c - absent) / static_cast<double>(c);
    if (absent > 0) ++out.rowsWithMissing;
    if (absent == c) out.emptyRows.push_back(static_cast<int32_t>(i));
  }
  return out;
}

}  // namespace labelcheck
