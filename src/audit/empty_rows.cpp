// Empty rows and the missing-value pattern per column (Datalab's "null"). See
// labelcheck/audit.hpp.
#include <string>

#include "labelcheck/audit.hpp"

namespace labelcheck {

MissingCells MissingCells::ofMask(const RowMatrix<uint8_t>& mask) {
  MissingCells m;
  m.columns = mask.cols();
  m.perRow.assign(static_cast<size_t>(mask.rows()), 0);
  m.perColumn.assign(static_cast<size_t>(mask.cols()), 0);
  for (Index i = 0; i < mask.rows(); ++i)
    for (Index j = 0; j < mask.cols(); ++j)
      if (mask(i, j)) {
        ++m.perRow[static_cast<size_t>(i)];
        ++m.perColumn[static_cast<size_t>(j)];
      }
  return m;
}

Result<EmptyRowsAudit> findEmptyRows(const MissingCells& missing) {
  EmptyRowsAudit out;
  const Index n = static_cast<Index>(missing.perRow.size()), c = missing.columns;
  if (c < 0 || static_cast<Index>(missing.perColumn.size()) != c)
    return makeError(Status::ShapeMismatch, "empty rows: " + std::to_string(missing.perColumn.size()) +
                                                " column counts for " + std::to_string(c) + " columns");
  out.columns = c;
  if (c == 0) {
    out.nonMissingShare = RealVector::Ones(n);
    return out;
  }
  out.checked = true;
  out.missingPerColumn = missing.perColumn;
  out.nonMissingShare.resize(n);
  for (Index i = 0; i < n; ++i) {
    const int32_t absent = missing.perRow[static_cast<size_t>(i)];
    if (absent < 0 || absent > c)
      return makeError(Status::ShapeMismatch, "empty rows: row " + std::to_string(i) + " has " + std::to_string(absent) +
                                                  " missing cells of " + std::to_string(c));
    out.nonMissingShare[i] = static_cast<double>(c - absent) / static_cast<double>(c);
    if (absent > 0) ++out.rowsWithMissing;
    if (absent == c) out.emptyRows.push_back(static_cast<int32_t>(i));
  }
  return out;
}

}  // namespace labelcheck
