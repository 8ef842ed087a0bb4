// Feature binning for the gradient-boosted trees: each feature's values become small integers
// (bins), learned once per fit from the training rows, so that the trees work on uint8 codes
// and a histogram per node replaces sorting.
//
// Per feature, with m the non-missing training values (a seeded subsample of at most sampleCap
// rows when there are more):
//   - at most maxBins distinct values: one bin per value, the edges being the midpoints between
//     consecutive distinct values;
//   - more: edges at the quantiles b / maxBins (b = 1 .. maxBins - 1) of the sorted values, each
//     the midpoint between the two values around the cut (or the value itself when the cut
//     falls inside a run of ties, which then stays in one bin); equal edges are merged.
// A value x goes to bin = the number of edges < x, so values beyond the training range fall in
// the first or last bin, and bins <= t exactly when x <= edge t. NaN (missing) goes to its own
// bin, numbered bins(f), right after the non-missing bins of that feature.
#pragma once

#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// Some rows of a row-major matrix, by X row index: position p is row rows[p]. Non-owning.
struct FeatureRows {
  const double* data = nullptr;
  Index stride = 0;  // distance between rows, in doubles
  Index cols = 0;
  const Index* rows = nullptr;
  Index n = 0;
  const double* row(Index p) const { return data + rows[p] * stride; }
};

class BinMapper {
 public:
  // Learns the edges of every feature from x. maxBins in [2, 255]; when x has more than
  // sampleCap rows, the edges come from a sample of sampleCap of them drawn with `seed`.
  void fit(const FeatureRows& x, int maxBins, Index sampleCap, uint64_t seed);

  // Bins of the rows of x, row-major x.n x features() into out (which must hold that many).
  void transform(const FeatureRows& x, uint8_t* out) const;

  // The bin of one value of feature f (NaN: the missing bin).
  uint8_t binOf(int f, double x) const;
  // The bins of one row's features() values.
  void binRow(const double* row, uint8_t* out) const {
    for (int f = 0; f < features(); ++f) out[f] = binOf(f, row[f]);
  }

  int features() const noexcept { return static_cast<int>(m_bins.size()); }
  // Non-missing bins of feature f (>= 1); the missing bin's number is bins(f).
  int bins(int f) const noexcept { return m_bins[static_cast<size_t>(f)]; }
  // Histogram slots: feature f owns slots offset(f) .. offset(f) + bins(f), the last for NaN.
  uint32_t offset(int f) const noexcept { return m_offsets[static_cast<size_t>(f)]; }
  const uint32_t* offsets() const noexcept { return m_offsets.data(); }
  uint32_t totalSlots() const noexcept { return m_offsets.empty() ? 0 : m_offsets.back(); }
  // The raw-value threshold of "bin <= t": x <= threshold(f, t); +inf for the last bin.
  double threshold(int f, int t) const;

 private:
  std::vector<int> m_bins;           // non-missing bins per feature
  std::vector<uint32_t> m_offsets;   // features + 1 histogram offsets
  // Per feature, its edges padded with +inf to searchSize - 1 entries (a power of two minus
  // one), so the lookup is a branch-free binary search of fixed length.
  std::vector<double> m_edges;
  std::vector<uint32_t> m_edgeStart;  // features + 1
  std::vector<uint32_t> m_searchSize;
};

}  // namespace labelcheck::detail
