#include "labelcheck/missing_centre.hpp"

#include <algorithm>

namespace labelcheck {

namespace {

// Each marker inside the columns; a categorical one (with a centre) right after its value
// columns, as the encoder lays a block out, so that its centre takes the marker's place in a
// sparse row without reordering it.
Outcome checkMarkers(const std::vector<MissingMarker>& markers, Index cols) {
  for (const MissingMarker& m : markers) {
    const Index width = static_cast<Index>(m.centre.size());
    const bool fits = m.marker >= 0 && m.marker < cols && m.first >= 0 && (width == 0 || m.marker == m.first + width);
    if (!fits) return makeError(Status::InvalidArgument, "centreMissingCells: a marker does not fit the feature columns");
  }
  return {};
}

}  // namespace

Result<RealMatrix> centreMissingCells(const Eigen::Ref<const RealMatrix>& X, const std::vector<MissingMarker>& markers) {
  LABELCHECK_TRY(checkMarkers(markers, X.cols()));
  RealMatrix out(X.rows(), X.cols());
  for (Index i = 0; i < X.rows(); ++i) std::copy(X.row(i).data(), X.row(i).data() + X.cols(), out.row(i).data());
  for (const MissingMarker& m : markers) {
    for (Index i = 0; i < out.rows(); ++i) {
      double* row = out.row(i).data();
      if (row[m.marker] == 0.0) continue;
      row[m.marker] = 0.0;
      std::copy(m.centre.begin(), m.centre.end(), row + m.first);
    }
  }
  return out;
}

Result<SparseRows> centreMissingCells(const SparseRows& X, const std::vector<MissingMarker>& markers) {
  LABELCHECK_TRY(checkMarkers(markers, X.nCols));
  // Which marker a column is, if any.
  std::vector<int32_t> markerOf(static_cast<size_t>(X.nCols), -1);
  for (size_t k = 0; k < markers.size(); ++k) markerOf[static_cast<size_t>(markers[k].marker)] = static_cast<int32_t>(k);
  SparseRows out;
  out.nCols = X.nCols;
  out.values.reserve(X.values.size());
  out.cols.reserve(X.cols.size());
  out.rowPtr.reserve(X.rowPtr.size());
  for (Index i = 0; i < X.rows(); ++i) {
    for (int64_t p = X.rowPtr[i]; p < X.rowPtr[i + 1]; ++p) {
      const int32_t k = markerOf[static_cast<size_t>(X.cols[p])];
      if (k < 0) {
        out.cols.push_back(X.cols[p]);
        out.values.push_back(X.values[p]);
        continue;
      }
      // A marked cell: its value columns, just before the marker, hold nothing in this row (the
      // marker is their level), so the centre goes where the marker was.
      const MissingMarker& m = markers[static_cast<size_t>(k)];
      for (size_t q = 0; q < m.centre.size(); ++q) {
        if (m.centre[q] == 0.0) continue;
        out.cols.push_back(static_cast<int32_t>(m.first + static_cast<Index>(q)));
        out.values.push_back(m.centre[q]);
      }
    }
    out.rowPtr.push_back(static_cast<int64_t>(out.values.size()));
  }
  return out;
}

}  // namespace labelcheck
