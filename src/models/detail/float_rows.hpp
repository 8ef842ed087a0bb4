// Dense rows converted to float32 for the neighbour search, in the two layouts it uses.
//
// Why float32: the search is bound by arithmetic and memory traffic, and float32 doubles the
// SIMD lanes (4 per 128-bit register, in SSE2 and WebAssembly SIMD alike) and halves the bytes
// per row. Features are standardised, so 24 bits of mantissa rank neighbours the same as 53
// except where two distances agree to about 1e-7 relative (tests/cpp/test_neighbor_graph.cpp
// bounds the difference against a double reference).
//
// * FloatPanels: groups of 4 rows ("panels"), dimension-major inside a panel: panel p holds
//   rows 4p..4p+3 as dims x 4 floats, so one 4-lane load reads one dimension of 4 rows. The
//   exact kernel computes 4 x 8 distances per step without any horizontal sum (exact_search).
// * FloatRows: row-major, each row padded with zeros to a multiple of 4 floats, for one-pair
//   distances with lanes over the dimensions (the approximate index, hnsw).
//
// Rows past the end of the last panel and the padding dimensions are 0: they add exactly 0 to a
// squared distance. Private to the core.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "detail/float4.hpp"
#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

struct FloatPanels {
  Index rows = 0;
  int dims = 0;
  std::vector<float> data;  // panels() * dims * 4

  Index panels() const noexcept { return (rows + 3) / 4; }
  const float* panel(Index p) const noexcept { return data.data() + p * static_cast<Index>(dims) * 4; }
  float at(Index row, int d) const noexcept { return panel(row / 4)[4 * d + row % 4]; }
};

struct FloatRows {
  Index rows = 0;
  int dims = 0;
  int stride = 0;  // dims rounded up to a multiple of 4
  std::vector<float> data;

  const float* row(Index i) const noexcept { return data.data() + i * static_cast<Index>(stride); }
};

// Source rows for the conversion: row i of a row-major double matrix, optionally scaled to unit
// length (cosine). The norm is a plain sequential sum, so it is the same on every platform
// (Eigen's vectorised norm sums in an order that depends on the SIMD width).
class RowSource {
 public:
  RowSource(const double* data, Index rows, Index cols, Index outerStride, bool unitLength)
      : m_data(data), m_rows(rows), m_cols(cols), m_stride(outerStride), m_unit(unitLength) {}
  Index rows() const noexcept { return m_rows; }
  Index cols() const noexcept { return m_cols; }
  const double* row(Index i) const noexcept { return m_data + i * m_stride; }
  // 1 / ||row||, or 1 without scaling; 0 for a zero row under unitLength (it stays zero).
  double scale(Index i) const noexcept {
    if (!m_unit) return 1.0;
    const double* r = row(i);
    double sq = 0.0;
    for (Index d = 0; d < m_cols; ++d) sq += r[d] * r[d];
    return sq > 0.0 ? 1.0 / std::sqrt(sq) : 0.0;
  }

 private:
  const double* m_data;
  Index m_rows, m_cols, m_stride;
  bool m_unit;
};

// rows[i] of `src` (all rows when `which` is null) as panels. Returns false if a converted
// value is not finite in float32 (|x| > 3.4e38).
inline bool toPanels(const RowSource& src, const Index* which, Index count, FloatPanels& out) {
  out.rows = count;
  out.dims = static_cast<int>(src.cols());
  out.data.assign(static_cast<size_t>(out.panels() * out.dims * 4), 0.0f);
  bool finite = true;
  for (Index i = 0; i < count; ++i) {
    const Index r = which ? which[i] : i;
    const double s = src.scale(r);
    const double* x = src.row(r);
    float* p = out.data.data() + (i / 4) * out.dims * 4 + i % 4;
    for (int d = 0; d < out.dims; ++d) {
      const float v = static_cast<float>(x[d] * s);
      finite = finite && std::isfinite(v);
      p[4 * d] = v;
    }
  }
  return finite;
}

// rows[i] of `src` (all rows when `which` is null) as FloatRows; false as toPanels.
inline bool toRows(const RowSource& src, const Index* which, Index count, FloatRows& out) {
  out.rows = count;
  out.dims = static_cast<int>(src.cols());
  out.stride = (out.dims + 3) / 4 * 4;
  out.data.assign(static_cast<size_t>(out.rows * out.stride), 0.0f);
  bool finite = true;
  for (Index i = 0; i < out.rows; ++i) {
    const Index r = which ? which[i] : i;
    const double s = src.scale(r);
    const double* x = src.row(r);
    float* p = out.data.data() + i * out.stride;
    for (int d = 0; d < out.dims; ++d) {
      p[d] = static_cast<float>(x[d] * s);
      finite = finite && std::isfinite(p[d]);
    }
  }
  return finite;
}

inline bool toRows(const RowSource& src, FloatRows& out) { return toRows(src, nullptr, src.rows(), out); }

// The squared distance every search reports: a sequential float sum over the dimensions,
// sum_d (a_d - b_d)^2 in order d = 0, 1, ... - exactly what each lane of the panel kernel forms,
// so exact and approximate results agree to the bit for the same pair.
inline float sequentialSquaredDistance(const float* a, const float* b, int dims) noexcept {
  float s = 0.0f;
  for (int d = 0; d < dims; ++d) {
    const float t = a[d] - b[d];
    s += t * t;
  }
  return s;
}

// sequentialSquaredDistance of row `a` to four rows `b` at once, all of them FloatRows rows (zero
// from dims up to `stride`, a multiple of 4): lane l sums (a[d] - b[l][d])^2 in the order of d,
// so its key is sequentialSquaredDistance's to the bit (the padding adds +0). Four dimensions
// of the four rows are turned into lanes at a time (transpose4), so the arithmetic takes a
// quarter of the scalar version's instructions (the neighbour round: 221 -> 187 ms in
// WebAssembly at 100,000 x 20; the rest of it is the lists' offers and the rows' reads).
inline void sequentialSquaredDistances4(const float* a, const float* const b[4], int stride, float out[4]) noexcept {
  Float4 acc = splat4(0.0f);
  for (int d = 0; d < stride; d += 4) {
    Float4 c0 = load4(b[0] + d), c1 = load4(b[1] + d), c2 = load4(b[2] + d), c3 = load4(b[3] + d);
    transpose4(c0, c1, c2, c3);  // c<j>: dimension d + j of the four rows
    const Float4 q = load4(a + d);
    Float4 t = sub4(lane4<0>(q), c0);
    acc = add4(acc, mul4(t, t));
    t = sub4(lane4<1>(q), c1);
    acc = add4(acc, mul4(t, t));
    t = sub4(lane4<2>(q), c2);
    acc = add4(acc, mul4(t, t));
    t = sub4(lane4<3>(q), c3);
    acc = add4(acc, mul4(t, t));
  }
  store4(out, acc);
}

// A faster squared distance for navigating the approximate index: 4 lanes over the dimensions
// in two accumulators (even and odd groups of 4), then (acc0 + acc1) and horizontalSum4. The
// rounding differs from sequentialSquaredDistance in the last bits, but is the same on every
// platform. `stride` is a multiple of 4 and the padding is zero.
inline float laneSquaredDistance(const float* a, const float* b, int stride) noexcept {
  Float4 acc0 = splat4(0.0f), acc1 = splat4(0.0f);
  int d = 0;
  for (; d + 8 <= stride; d += 8) {
    const Float4 t0 = sub4(load4(a + d), load4(b + d));
    const Float4 t1 = sub4(load4(a + d + 4), load4(b + d + 4));
    acc0 = add4(acc0, mul4(t0, t0));
    acc1 = add4(acc1, mul4(t1, t1));
  }
  if (d < stride) {
    const Float4 t0 = sub4(load4(a + d), load4(b + d));
    acc0 = add4(acc0, mul4(t0, t0));
  }
  return horizontalSum4(add4(acc0, acc1));
}

}  // namespace labelcheck::detail
