// Bin edges from sorted training values, and the branch-free lookup. See gbdt_binning.hpp.
#include "detail/gbdt_binning.hpp"
#include "detail/gbdt_math.hpp"  // before any arithmetic: no fused multiply-add (see there)

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "labelcheck/random.hpp"

namespace labelcheck::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A point in [lo, hi) that separates lo from hi (lo < hi): the midpoint, computed so that it
// cannot overflow; lo itself when rounding leaves no double in between.
double separator(double lo, double hi) {
  const double mid = lo * 0.5 + hi * 0.5;
  return (mid >= lo && mid < hi) ? mid : lo;
}

// Sorts non-NaN doubles ascending: least-significant-digit radix sort of keys whose unsigned
// order is the doubles' order (sign bit flipped for positives, all bits for negatives), 11 bits
// per pass, a pass skipped when every key has the same digit (the exponent bits of most
// columns). About 4x faster than std::sort on 80,000 values, which made binning a visible part of
// a fit. The result is the sorted multiset, so edges do not depend on the method. -0 sorts
// before +0; they compare equal as doubles, which is all edgesOf looks at.
void sortValues(std::vector<double>& values, std::vector<uint64_t>& keys, std::vector<uint64_t>& buffer) {
  const size_t m = values.size();
  keys.resize(m);
  buffer.resize(m);
  for (size_t i = 0; i < m; ++i) {
    const uint64_t b = doubleToBits(values[i]);
    keys[i] = (b >> 63) ? ~b : b | (uint64_t(1) << 63);
  }
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t(1) << kBits;
  std::vector<uint32_t> count(kBuckets);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0u);
    for (size_t i = 0; i < m; ++i) ++count[(keys[i] >> shift) & (kBuckets - 1)];
    if (m == 0 || count[(keys[0] >> shift) & (kBuckets - 1)] == m) continue;  // one digit: nothing moves
    uint32_t sum = 0;
    for (uint32_t& c : count) {
      const uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (size_t i = 0; i < m; ++i) buffer[count[(keys[i] >> shift) & (kBuckets - 1)]++] = keys[i];
    keys.swap(buffer);
  }
  for (size_t i = 0; i < m; ++i) {
    const uint64_t k = keys[i];
    values[i] = bitsToDouble((k >> 63) ? k & ~(uint64_t(1) << 63) : ~k);
  }
}

// Edges of one feature from its sorted non-missing values.
void edgesOf(const std::vector<double>& v, int maxBins, std::vector<double>& edges) {
  edges.clear();
  const size_t m = v.size();
  size_t distinct = m > 0 ? 1 : 0;
  for (size_t i = 1; i < m && distinct <= static_cast<size_t>(maxBins); ++i) distinct += v[i] != v[i - 1];
  if (distinct <= static_cast<size_t>(maxBins)) {
    for (size_t i = 1; i < m; ++i)
      if (v[i] != v[i - 1]) edges.push_back(separator(v[i - 1], v[i]));
    return;
  }
  for (int b = 1; b < maxBins; ++b) {
    const size_t cut = static_cast<size_t>(static_cast<uint64_t>(b) * m / static_cast<uint64_t>(maxBins));
    const double lo = v[cut - 1], hi = v[cut];
    const double edge = lo < hi ? separator(lo, hi) : hi;  // inside a run of ties: keep the run left
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  }
}

}  // namespace

void BinMapper::fit(const FeatureRows& x, int maxBins, Index sampleCap, uint64_t seed) {
  const int d = static_cast<int>(x.cols);
  m_bins.assign(static_cast<size_t>(d), 1);
  m_offsets.assign(static_cast<size_t>(d) + 1, 0);
  m_edges.clear();
  m_edgeStart.assign(static_cast<size_t>(d) + 1, 0);
  m_searchSize.assign(static_cast<size_t>(d), 1);

  // The positions the edges are learned from: all, or a seeded sample in ascending order.
  std::vector<Index> sample;
  if (x.n > sampleCap) {
    std::vector<Index> all(static_cast<size_t>(x.n));
    std::iota(all.begin(), all.end(), Index(0));
    Rng rng(seed);
    for (Index i = 0; i < sampleCap; ++i) {  // partial Fisher-Yates: the first sampleCap are the sample
      const Index j = i + static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(x.n - i)));
      std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(j)]);
    }
    sample.assign(all.begin(), all.begin() + sampleCap);
    std::sort(sample.begin(), sample.end());
  }
  const Index m = sample.empty() ? x.n : static_cast<Index>(sample.size());

  std::vector<double> values, edges;
  std::vector<uint64_t> keys, buffer;
  values.reserve(static_cast<size_t>(m));
  uint32_t slots = 0;
  for (int f = 0; f < d; ++f) {
    values.clear();
    for (Index i = 0; i < m; ++i) {
      const double v = x.row(sample.empty() ? i : sample[static_cast<size_t>(i)])[f];
      if (!std::isnan(v)) values.push_back(v);
    }
    sortValues(values, keys, buffer);
    edgesOf(values, maxBins, edges);
    const int bins = static_cast<int>(edges.size()) + 1;
    uint32_t search = 1;
    while (search < static_cast<uint32_t>(bins)) search <<= 1;
    m_bins[static_cast<size_t>(f)] = bins;
    m_searchSize[static_cast<size_t>(f)] = search;
    m_offsets[static_cast<size_t>(f)] = slots;
    slots += static_cast<uint32_t>(bins) + 1;  // + the missing bin
    m_edges.insert(m_edges.end(), edges.begin(), edges.end());
    m_edges.insert(m_edges.end(), search - 1 - edges.size(), kInf);
    m_edgeStart[static_cast<size_t>(f) + 1] = static_cast<uint32_t>(m_edges.size());
  }
  m_offsets[static_cast<size_t>(d)] = slots;
}

uint8_t BinMapper::binOf(int f, double x) const {
  if (std::isnan(x)) return static_cast<uint8_t>(m_bins[static_cast<size_t>(f)]);
  const double* e = m_edges.data() + m_edgeStart[static_cast<size_t>(f)];
  // Counts the edges < x: a binary search of fixed length log2(searchSize), no branches.
  uint32_t pos = 0;
  for (uint32_t step = m_searchSize[static_cast<size_t>(f)] >> 1; step > 0; step >>= 1)
    pos += e[pos + step - 1] < x ? step : 0;
  return static_cast<uint8_t>(pos);
}

void BinMapper::transform(const FeatureRows& x, uint8_t* out) const {
  const int d = features();
  for (Index p = 0; p < x.n; ++p) binRow(x.row(p), out + static_cast<size_t>(p) * static_cast<size_t>(d));
}

double BinMapper::threshold(int f, int t) const {
  const uint32_t edges = static_cast<uint32_t>(m_bins[static_cast<size_t>(f)] - 1);
  return static_cast<uint32_t>(t) < edges ? m_edges[m_edgeStart[static_cast<size_t>(f)] + static_cast<uint32_t>(t)] : kInf;
}

}  // namespace labelcheck::detail
