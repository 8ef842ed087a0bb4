// Brute-force neighbour search over float32 panels. See exact_search.hpp.
#include "detail/exact_search.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "detail/float4.hpp"

namespace labelcheck::detail {
namespace {

constexpr Index kQueryPanels = 8;        // 32 query rows per block
constexpr Index kChunkFloats = 32768;    // 128 KiB of candidate rows per chunk
constexpr float kInf = std::numeric_limits<float>::infinity();

// acc[a * NC + h] = squared distances of query row a of panel q to the 4 rows of panel c[h].
// The first dimension starts the sums (t * t is the same bits as 0 + t * t; no dimension: all
// 0): zeroing the array first compiled to a memset of its stack copy, 9% of the kernel's time
// natively.
template <int NC>
inline void distanceBlock(const float* q, const float* const* c, int dims, Float4* acc) {
  {
    Float4 x[NC];
    for (int h = 0; h < NC; ++h) x[h] = dims > 0 ? load4(c[h]) : splat4(0.0f);
    for (int a = 0; a < 4; ++a) {
      const Float4 qa = splat4(dims > 0 ? q[a] : 0.0f);
      for (int h = 0; h < NC; ++h) {
        const Float4 t = sub4(x[h], qa);
        acc[a * NC + h] = mul4(t, t);
      }
    }
  }
  for (int d = 1; d < dims; ++d) {
    Float4 x[NC];
    for (int h = 0; h < NC; ++h) x[h] = load4(c[h] + 4 * d);
    for (int a = 0; a < 4; ++a) {
      const Float4 qa = splat4(q[4 * d + a]);
      for (int h = 0; h < NC; ++h) {
        const Float4 t = sub4(x[h], qa);
        acc[a * NC + h] = add4(acc[a * NC + h], mul4(t, t));
      }
    }
  }
}

class PanelSearch {
 public:
  PanelSearch(const FloatPanels& queries, const FloatPanels& cands, Index listBase,
              const Index* selfRow, const uint8_t* skip, NeighborLists& out, std::vector<float>& worst)
      : m_q(queries), m_c(&cands), m_listBase(listBase), m_selfRow(selfRow), m_skip(skip), m_out(out),
        m_worst(worst), m_same(&queries == &cands) {}

  // Self search only: row r is named names[r] in the lists, which may already hold it (offerOnce).
  void setNames(const Index* names) { m_names = names; }

  // Cross search only: the candidates are now `chunk`, whose row 0 is candidate row `firstRow`
  // of `totalRows`.
  void setCandidateChunk(const FloatPanels& chunk, Index firstRow, Index totalRows) {
    m_c = &chunk;
    m_cBase = firstRow;
    m_cRows = totalRows;
  }

  // Query panel p against candidate panels [from, to), offering to the query rows only.
  void oneSided(Index p, Index from, Index to) {
    Index c = from;
    for (; c + 2 <= to; c += 2) block<2>(p, c, false);
    if (c < to) block<1>(p, c, false);
  }

  // Query panel p against candidate panels [from, to) of the same rows, from >= p: each pair is
  // offered to both rows (the diagonal block c == p to the query side only, which covers both).
  void symmetric(Index p, Index from, Index to) {
    Index c = from;
    if (c == p && c < to) {
      block<1>(p, c, false);
      ++c;
    }
    for (; c + 2 <= to; c += 2) block<2>(p, c, true);
    if (c < to) block<1>(p, c, true);
  }

 private:
  template <int NC>
  void block(Index p, Index c0, bool bothSides) {
    const float* cp[NC];
    for (int h = 0; h < NC; ++h) cp[h] = m_c->panel(c0 + h);
    Float4 acc[4 * NC];
    distanceBlock<NC>(m_q.panel(p), cp, m_q.dims, acc);
    alignas(16) float lane[4];
    for (int a = 0; a < 4; ++a) {
      const Index q = 4 * p + a;
      float& w = m_worst[static_cast<size_t>(q)];
      if (w < 0.0f) continue;  // no list for this row
      const Index self = m_same ? q : (m_selfRow ? m_selfRow[q] : -1);
      for (int h = 0; h < NC; ++h) {
        const int mask = lessEqualMask4(acc[a * NC + h], splat4(w));
        if (mask == 0) continue;
        store4(lane, acc[a * NC + h]);
        for (int l = 0; l < 4; ++l) {
          const Index c = m_cBase + 4 * (c0 + h) + l;
          if (!((mask >> l) & 1) || c >= (m_cRows < 0 ? m_c->rows : m_cRows) || c == self || (m_skip && m_skip[c]))
            continue;
          if (offerTo(q, lane[l], c)) w = m_out.worst(listOf(q));
        }
      }
    }
    if (!bothSides) return;
    for (int h = 0; h < NC; ++h) {
      const Index cRow0 = 4 * (c0 + h);
      const Float4 m = min4(min4(acc[h], acc[NC + h]), min4(acc[2 * NC + h], acc[3 * NC + h]));
      const int mask = lessEqualMask4(m, load4(m_worst.data() + cRow0));
      if (mask == 0) continue;
      for (int l = 0; l < 4; ++l) {
        if (!((mask >> l) & 1)) continue;
        const Index c = cRow0 + l;  // worst >= 0: a searched row
        float& w = m_worst[static_cast<size_t>(c)];
        for (int a = 0; a < 4; ++a) {
          const Index q = 4 * p + a;
          store4(lane, acc[a * NC + h]);
          // The mask tested the least of the 4 rows; test each against w before touching the list.
          if (lane[l] > w || q >= m_q.rows || (m_skip && m_skip[q])) continue;
          if (offerTo(c, lane[l], q)) w = m_out.worst(listOf(c));
        }
      }
    }
  }

  Index listOf(Index r) const { return r - m_listBase; }
  // Out of line: one copy for every instantiation of block (2 KB of the package gzipped); the
  // call costs nothing measurable next to the distances (bench/README.md).
  [[gnu::noinline]] bool offerTo(Index r, float key, Index c) {
    if (m_names) return m_out.offerOnce(r - m_listBase, key, static_cast<int32_t>(m_names[c]));
    return m_out.offer(r - m_listBase, key, static_cast<int32_t>(c));
  }

  const FloatPanels& m_q;
  const FloatPanels* m_c;
  Index m_cBase = 0;   // candidate row of m_c's row 0 (chunked cross search)
  Index m_cRows = -1;  // candidate rows in all (chunked cross search), -1: m_c->rows
  Index m_listBase;
  const Index* m_selfRow;
  const uint8_t* m_skip;
  NeighborLists& m_out;
  std::vector<float>& m_worst;  // per query row: its list's worst key, or -1 when it has no list
  bool m_same;
  const Index* m_names = nullptr;  // setNames
};

Index chunkPanels(int dims) {
  const Index c = kChunkFloats / (4 * std::max(dims, 1));
  return std::max<Index>(2, c & ~Index(1));
}

}  // namespace

void exactSelfSearch(const FloatPanels& x, Index begin, Index end, const uint8_t* skip, int k,
                     NeighborLists& out) {
  out.reset(end - begin, k);
  if (k < 1 || begin >= end) return;
  const Index np = x.panels();
  std::vector<float> worst(static_cast<size_t>(np * 4), -1.0f);
  for (Index r = begin; r < end; ++r)
    if (!(skip && skip[r])) worst[static_cast<size_t>(r)] = kInf;
  PanelSearch search(x, x, begin, nullptr, skip, out, worst);
  const Index p0 = begin / 4, p1 = (end + 3) / 4, chunk = chunkPanels(x.dims);
  for (Index qb = p0; qb < p1; qb += kQueryPanels) {
    const Index qe = std::min(qb + kQueryPanels, p1);
    for (Index cb = 0; cb < np; cb += chunk) {
      const Index ce = std::min(cb + chunk, np);
      for (Index p = qb; p < qe; ++p) {
        // Panels of searched rows before p were paired with p when they were the query.
        search.oneSided(p, cb, std::min(ce, p0));
        search.symmetric(p, std::max(cb, p), std::min(ce, p1));
        search.oneSided(p, std::max(cb, p1), ce);
      }
    }
  }
}

void exactLedSelfSearch(const FloatPanels& x, Index leaders, const Index* ids, NeighborLists& lists) {
  if (lists.k() < 1 || x.rows == 0) return;
  const Index np = x.panels();
  // With ids, the rows' lists are copied next to one another for the search, then back: ids
  // scatter them over all the lists, and the offers are many (a list fills from empty in a row's
  // first cell), each a cache miss there.
  NeighborLists near;
  if (ids) {
    near.reset(x.rows, lists.k());
    for (Index r = 0; r < x.rows; ++r) near.copyList(r, lists, ids[r]);
  }
  NeighborLists& target = ids ? near : lists;
  std::vector<float> worst(static_cast<size_t>(np * 4), -1.0f);
  for (Index r = 0; r < x.rows; ++r) worst[static_cast<size_t>(r)] = target.worst(r);
  PanelSearch search(x, x, 0, nullptr, nullptr, target, worst);
  search.setNames(ids);
  // Leader panels are the queries; each is paired with itself and every later panel, both ways.
  const Index p1 = (std::min(leaders, x.rows) + 3) / 4, chunk = chunkPanels(x.dims);
  for (Index qb = 0; qb < p1; qb += kQueryPanels) {
    const Index qe = std::min(qb + kQueryPanels, p1);
    for (Index cb = 0; cb < np; cb += chunk) {
      const Index ce = std::min(cb + chunk, np);
      for (Index p = qb; p < qe; ++p) search.symmetric(p, std::max(cb, p), ce);
    }
  }
  if (ids)
    for (Index r = 0; r < x.rows; ++r) lists.copyList(ids[r], near, r);
}

void exactCrossSearch(const FloatPanels& queries, const FloatPanels& cands, const Index* selfRow,
                      const uint8_t* skip, int k, NeighborLists& out) {
  out.reset(queries.rows, k);
  if (k < 1 || queries.rows == 0 || cands.rows == 0) return;
  std::vector<float> worst(static_cast<size_t>(queries.panels() * 4), -1.0f);
  std::fill(worst.begin(), worst.begin() + queries.rows, kInf);
  PanelSearch search(queries, cands, 0, selfRow, skip, out, worst);
  const Index np = cands.panels(), nq = queries.panels(), chunk = chunkPanels(cands.dims);
  for (Index qb = 0; qb < nq; qb += kQueryPanels) {
    const Index qe = std::min(qb + kQueryPanels, nq);
    for (Index cb = 0; cb < np; cb += chunk) {
      const Index ce = std::min(cb + chunk, np);
      for (Index p = qb; p < qe; ++p) search.oneSided(p, cb, ce);
    }
  }
}

bool exactCrossSearch(const FloatPanels& queries, const RowSource& cands, const Index* selfRow,
                      const uint8_t* skip, int k, NeighborLists& out) {
  out.reset(queries.rows, k);
  if (k < 1 || queries.rows == 0 || cands.rows() == 0) return true;
  std::vector<float> worst(static_cast<size_t>(queries.panels() * 4), -1.0f);
  std::fill(worst.begin(), worst.begin() + queries.rows, kInf);
  FloatPanels chunk;
  PanelSearch search(queries, chunk, 0, selfRow, skip, out, worst);
  const Index chunkRows = 4 * chunkPanels(static_cast<int>(cands.cols())), nq = queries.panels();
  std::vector<Index> which;
  bool finite = true;
  for (Index c0 = 0; c0 < cands.rows(); c0 += chunkRows) {
    const Index count = std::min(chunkRows, cands.rows() - c0);
    which.resize(static_cast<size_t>(count));
    for (Index i = 0; i < count; ++i) which[static_cast<size_t>(i)] = c0 + i;
    finite = toPanels(cands, which.data(), count, chunk) && finite;
    search.setCandidateChunk(chunk, c0, cands.rows());
    for (Index p = 0; p < nq; ++p) search.oneSided(p, 0, chunk.panels());
  }
  return finite;
}

}  // namespace labelcheck::detail
