// The features as the data audit compares rows: every missing cell at its column's centre.
//
// The encoder marks a missing cell for the models (a numeric column's "name=<missing>"
// indicator, a categorical column's "<missing>" level: missingness can predict the label). The
// audit asks another question, which rows are unusual or copies of each other by their values,
// and answers it with distances; there a marker would count a missing cell as a difference of
// its own (a categorical "<missing>" level sits sqrt(2) from every level, the distance between
// two levels). So the audit reads a copy with each marked cell moved to its column's centre: the
// marker 0, a numeric value at the median (already there), a categorical one-hot block at its
// levels' shares (the block's mean over the rows that have a value). Missing cells are reported
// by the audit's empty-row check and its per-column counts.
#pragma once

#include <vector>

#include "labelcheck/encode.hpp"

namespace labelcheck {

// The rows with every marked cell at its column's centre. `markers` come from the encoder that
// made the features (EncodedFeatures::missingMarkers); InvalidArgument if one is outside the
// columns, or a categorical marker does not follow its value columns (the encoder's layout).
// A sparse row keeps its order (columns sorted stay sorted).
Result<RealMatrix> centreMissingCells(const Eigen::Ref<const RealMatrix>& X, const std::vector<MissingMarker>& markers);
Result<SparseRows> centreMissingCells(const SparseRows& X, const std::vector<MissingMarker>& markers);

}  // namespace labelcheck
