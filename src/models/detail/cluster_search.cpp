// Clustered approximate neighbour lists. See cluster_search.hpp.
#include "detail/cluster_search.hpp"

#include <algorithm>
#include <cmath>

#include "core/detail/separate_call.hpp"
#include "detail/exact_search.hpp"
#include "labelcheck/random.hpp"

namespace labelcheck::detail {

namespace {

constexpr Index kSamplePerCell = 16;  // k-means sample rows per centroid
constexpr Index kMaxCellOverMean = 8;  // a cell's slices (step 3), in mean cell sizes
constexpr Index kAssignChunk = 4096;  // rows assigned to centroids per panel conversion
// Rows per call of the neighbour-of-neighbour round and of the lists' renumbering, so that
// WebAssembly runs most of them optimised (core/detail/separate_call.hpp).
constexpr Index kRefineBlock = 4096;
// rows.row(which[i]) (row i when `which` is null) as panels: the float values as they are.
void gatherPanels(const FloatRows& rows, const Index* which, Index count, FloatPanels& out) {
  out.rows = count;
  out.dims = rows.dims;
  out.data.assign(static_cast<size_t>(out.panels() * out.dims * 4), 0.0f);
  for (Index i = 0; i < count; ++i) {
    const float* x = rows.row(which ? which[i] : i);
    float* p = out.data.data() + (i / 4) * out.dims * 4 + i % 4;
    for (int d = 0; d < out.dims; ++d) p[4 * d] = x[d];
  }
}

// Lloyd's k-means on the sample's panels: `cells` centroids, started from the first `cells`
// sample rows (the sample is in random order).
FloatRows kMeans(const FloatPanels& sample, Index cells, int iterations, Rng& rng) {
  const int dims = sample.dims;
  FloatRows centroids;
  centroids.rows = cells;
  centroids.dims = dims;
  centroids.stride = (dims + 3) / 4 * 4;
  centroids.data.assign(static_cast<size_t>(cells * centroids.stride), 0.0f);
  float* cen = centroids.data.data();
  for (Index c = 0; c < cells; ++c)
    for (int d = 0; d < dims; ++d) cen[c * centroids.stride + d] = sample.at(c, d);
  FloatPanels cp;
  NeighborLists nearest;
  std::vector<double> sums(static_cast<size_t>(cells * dims));
  std::vector<Index> counts(static_cast<size_t>(cells));
  for (int it = 0; it < iterations; ++it) {
    gatherPanels(centroids, nullptr, cells, cp);
    exactCrossSearch(sample, cp, nullptr, nullptr, 1, nearest);
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0);
    for (Index i = 0; i < sample.rows; ++i) {
      const Index c = nearest.rows(i)[0];
      if (c == NeighborLists::kEmpty) continue;  // every distance overflowed float32 (values near its limit): no centroid
      ++counts[static_cast<size_t>(c)];
      for (int d = 0; d < dims; ++d) sums[static_cast<size_t>(c * dims + d)] += sample.at(i, d);
    }
    for (Index c = 0; c < cells; ++c) {
      const Index from = counts[static_cast<size_t>(c)] > 0 ? -1 : static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(sample.rows)));
      for (int d = 0; d < dims; ++d)
        cen[c * centroids.stride + d] =
            from < 0 ? static_cast<float>(sums[static_cast<size_t>(c * dims + d)] / static_cast<double>(counts[static_cast<size_t>(c)]))
                     : sample.at(from, d);
    }
  }
  return centroids;
}

// Rows [begin, end) of one neighbour-of-neighbour round: each row is offered its `hops` nearest
// neighbours' distinct `hops` nearest neighbours (as the lists are when its turn comes), and each
// of those is offered the row. `seenBy` (one entry per row, -1 at first) marks the rows already taken for a row; the
// keys are computed four at a time, one row per lane (sequentialSquaredDistances4).
void refineRows(const FloatRows& x, Index begin, Index end, int hops, NeighborLists& lists, std::vector<float>& worstOf,
                std::vector<int32_t>& seenBy, std::vector<int32_t>& hop) {
  const int k = lists.k();
  for (Index r = begin; r < end; ++r) {
    hop.clear();
    seenBy[static_cast<size_t>(r)] = static_cast<int32_t>(r);
    const int32_t* mine = lists.rows(r);
    // The row's own neighbours are no news to it, nor it to them (when a pair was found, each
    // row that could keep the other was offered it).
    for (int i = 0; i < k && mine[i] != NeighborLists::kEmpty; ++i) seenBy[static_cast<size_t>(mine[i])] = static_cast<int32_t>(r);
    for (int i = 0; i < hops && mine[i] != NeighborLists::kEmpty; ++i) {
      const int32_t* theirs = lists.rows(mine[i]);
      for (int j = 0; j < hops && theirs[j] != NeighborLists::kEmpty; ++j) {
        int32_t& seen = seenBy[static_cast<size_t>(theirs[j])];
        if (seen == r) continue;
        seen = static_cast<int32_t>(r);
        hop.push_back(theirs[j]);
      }
    }
    const float* xr = x.row(r);
    for (size_t t = 0; t < hop.size(); t += 4) {
      const size_t n = std::min<size_t>(4, hop.size() - t);
      const float* rows4[4];
      for (size_t i = 0; i < 4; ++i) rows4[i] = x.row(hop[t + std::min(i, n - 1)]);
      float keys[4];
      sequentialSquaredDistances4(xr, rows4, x.stride, keys);
      for (size_t i = 0; i < n; ++i) {
        const int32_t h = hop[t + i];
        if (keys[i] <= worstOf[static_cast<size_t>(r)] && lists.offerOnce(r, keys[i], h))
          worstOf[static_cast<size_t>(r)] = lists.worst(r);
        if (keys[i] <= worstOf[static_cast<size_t>(h)] && lists.offerOnce(h, keys[i], static_cast<int32_t>(r)))
          worstOf[static_cast<size_t>(h)] = lists.worst(h);
      }
    }
  }
}

// The exact search among the rows `ids` (count >= 2), the pairs that hold one of the first
// `leaders`, straight into the rows' lists. One call per cell (separate_call.hpp).
void searchCell(const FloatRows& x, const Index* ids, Index count, Index leaders, FloatPanels& panels,
                NeighborLists& lists) {
  gatherPanels(x, ids, count, panels);
  exactLedSelfSearch(panels, leaders, ids, lists);
}

// The lists of ids [begin, end) back in the caller's rows (`order`: id -> row); ties between
// equal keys then go to the lower row, as elsewhere.
void toCallerRows(const NeighborLists& lists, const std::vector<Index>& order, Index begin, Index end,
                  NeighborLists& out) {
  for (Index id = begin; id < end; ++id) {
    const float* keys = lists.keys(id);
    const int32_t* found = lists.rows(id);
    for (int j = 0; j < lists.k() && found[j] != NeighborLists::kEmpty; ++j)
      out.offer(order[static_cast<size_t>(id)], keys[j], static_cast<int32_t>(order[static_cast<size_t>(found[j])]));
  }
}

}  // namespace

bool clusteredSelfSearch(const RowSource& src, const std::vector<int32_t>& members, int k,
                         const ClusterParams& params, NeighborLists& out) {
  const Index m = static_cast<Index>(members.size());
  if (m < 2 || k < 1) {
    out.reset(src.rows(), k);
    return true;
  }
  bool finite = true;
  const Index cells = std::clamp<Index>(static_cast<Index>(std::lround(std::sqrt(static_cast<double>(m)))), 1, m);
  const int assign = static_cast<int>(std::min<Index>(std::max(params.assign, 1), cells));
  Rng rng(params.seed);

  // 1. Centroids from a random sample (partial Fisher-Yates over the members).
  std::vector<Index> pool(members.begin(), members.end());
  const Index sampleSize = std::min(m, kSamplePerCell * cells);
  for (Index i = 0; i < sampleSize; ++i)
    std::swap(pool[static_cast<size_t>(i)], pool[static_cast<size_t>(i + static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(m - i))))]);
  FloatPanels panels;
  finite = toPanels(src, pool.data(), sampleSize, panels) && finite;
  FloatPanels cp;
  gatherPanels(kMeans(panels, cells, params.iterations, rng), nullptr, cells, cp);

  // 2. Each member's `assign` nearest centroids.
  std::vector<int32_t> cellOf(static_cast<size_t>(m * assign));
  NeighborLists nearest;
  for (Index b = 0; b < m; b += kAssignChunk) {
    const Index count = std::min(kAssignChunk, m - b);
    for (Index i = 0; i < count; ++i) pool[static_cast<size_t>(i)] = members[static_cast<size_t>(b + i)];
    finite = toPanels(src, pool.data(), count, panels) && finite;
    exactCrossSearch(panels, cp, nullptr, nullptr, assign, nearest);
    for (Index i = 0; i < count; ++i) {
      int32_t* mine = cellOf.data() + (b + i) * assign;
      for (int j = 0; j < assign; ++j) mine[j] = nearest.rows(i)[j];
      // A row whose distances to the centroids overflow float32 lists fewer than `assign`: it
      // takes the first cells it does not have yet (its cells must differ, or it would meet itself).
      for (int j = 0, next = 0; j < assign; ++j)
        if (mine[j] == NeighborLists::kEmpty) {
          while (std::find(mine, mine + assign, next) != mine + assign) ++next;
          mine[j] = next;
        }
    }
  }

  // The work below jumps from a row to its neighbours and theirs: it runs on the members
  // renumbered by nearest cell (member ids in that order, `order[id]` = the row), so that a
  // row's neighbours mostly sit near it in memory. Rows then back to the caller's numbering.
  std::vector<Index> start(static_cast<size_t>(cells + 1), 0);
  for (Index i = 0; i < m; ++i) ++start[static_cast<size_t>(cellOf[static_cast<size_t>(i * assign)] + 1)];
  for (Index c = 0; c < cells; ++c) start[static_cast<size_t>(c + 1)] += start[static_cast<size_t>(c)];
  std::vector<Index> order(static_cast<size_t>(m));
  std::vector<int32_t> idOf(static_cast<size_t>(m));  // member index -> id
  {
    std::vector<Index> fill(start.begin(), start.end() - 1);
    for (Index i = 0; i < m; ++i) {
      const Index id = fill[static_cast<size_t>(cellOf[static_cast<size_t>(i * assign)])]++;
      order[static_cast<size_t>(id)] = members[static_cast<size_t>(i)];
      idOf[static_cast<size_t>(i)] = static_cast<int32_t>(id);
    }
  }
  FloatRows x;
  finite = toRows(src, order.data(), m, x) && finite;
  if (!finite) return false;
  // Cells as lists of ids: first the rows whose nearest cell it is (the cell's leaders: ids
  // block[c] .. block[c + 1] - 1), then those that joined it as a further cell, in id order.
  const std::vector<Index> block = start;
  std::fill(start.begin(), start.end(), 0);
  for (int32_t c : cellOf) ++start[static_cast<size_t>(c + 1)];
  for (Index c = 0; c < cells; ++c) start[static_cast<size_t>(c + 1)] += start[static_cast<size_t>(c)];
  std::vector<Index> cellIds(cellOf.size());
  {
    std::vector<Index> fill(start.begin(), start.end() - 1);
    for (Index c = 0; c < cells; ++c)
      for (Index id = block[static_cast<size_t>(c)]; id < block[static_cast<size_t>(c + 1)]; ++id)
        cellIds[static_cast<size_t>(fill[static_cast<size_t>(c)]++)] = id;
    std::vector<int32_t> memberOf(static_cast<size_t>(m));
    for (Index i = 0; i < m; ++i) memberOf[static_cast<size_t>(idOf[static_cast<size_t>(i)])] = static_cast<int32_t>(i);
    for (Index id = 0; id < m; ++id) {
      const Index i = memberOf[static_cast<size_t>(id)];
      for (int j = 1; j < assign; ++j) cellIds[static_cast<size_t>(fill[static_cast<size_t>(cellOf[static_cast<size_t>(i * assign + j)])]++)] = id;
    }
  }

  // 3. The exact search inside each cell: every pair with a leader (two rows that only joined
  // the cell meet in their nearer cells, if at all); its pairs go to both rows' lists.
  // A cell far above the mean size (rows k-means cannot split: near-copies of one another) is
  // searched in slices of kMaxCellOverMean x the mean, all pairs within a slice, so that the
  // cost stays bounded; the neighbour-of-neighbour round then links the slices.
  const Index maxCell = std::max<Index>(kMaxCellOverMean * static_cast<Index>(cellIds.size()) / cells, 2 * (k + 1));
  NeighborLists lists;
  lists.reset(m, k);
  const auto cellSearch = separateCall(searchCell);
  for (Index c = 0; c < cells; ++c) {
    const Index size = start[static_cast<size_t>(c + 1)] - start[static_cast<size_t>(c)];
    const Index leaders = block[static_cast<size_t>(c + 1)] - block[static_cast<size_t>(c)];
    for (Index s0 = start[static_cast<size_t>(c)]; s0 < start[static_cast<size_t>(c + 1)]; s0 += maxCell) {
      const Index* ids = cellIds.data() + s0;
      const Index count = std::min(maxCell, start[static_cast<size_t>(c + 1)] - s0);
      if (count >= 2) cellSearch(x, ids, count, size <= maxCell ? leaders : count, panels, lists);
    }
  }

  // 4. Neighbours of neighbours, both ways.
  const auto refine = separateCall(refineRows);
  std::vector<int32_t> hop;
  const int hops = std::clamp(params.hops, 1, k);
  hop.reserve(static_cast<size_t>(hops) * static_cast<size_t>(hops));
  std::vector<int32_t> seenBy(static_cast<size_t>(m));
  std::vector<float> worstOf(static_cast<size_t>(m));  // lists.worst(r), dense: read for every candidate
  for (int round = 0; round < params.rounds; ++round) {
    std::fill(seenBy.begin(), seenBy.end(), -1);  // marks are rows: a new round starts clean
    for (Index r = 0; r < m; ++r) worstOf[static_cast<size_t>(r)] = lists.worst(r);
    for (Index r = 0; r < m; r += kRefineBlock) refine(x, r, std::min(m, r + kRefineBlock), hops, lists, worstOf, seenBy, hop);
  }

  x = FloatRows();
  panels = FloatPanels();
  out.reset(src.rows(), k);
  const auto back = separateCall(toCallerRows);
  for (Index id = 0; id < m; id += kRefineBlock) back(lists, order, id, std::min(m, id + kRefineBlock), out);
  return true;
}

}  // namespace labelcheck::detail
