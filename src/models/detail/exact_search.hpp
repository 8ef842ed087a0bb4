// Exact k-nearest-neighbour search over float32 panels (see float_rows.hpp), by brute force.
//
// The kernel takes one panel of 4 query rows and two panels of 4 candidate rows and forms the
// 32 squared distances dimension by dimension: one 4-lane load per candidate panel, one splat
// per query row, then (x - q)^2 added into 8 accumulators. Every lane sums its dimensions in
// order d = 0, 1, ..., so each distance is exactly sequentialSquaredDistance() of the pair, on
// every platform and with or without SIMD. A lane-wise compare against each list's current
// worst key skips the lists a block cannot change; the rare survivors go through
// NeighborLists::offer, which settles ties by row index.
//
// Within the searched rows of a self search each pair is computed once and offered to both of
// its rows (half the work of a full graph). Candidate rows are walked in chunks of about
// 128 KiB so that they stay in L2 while a block of 32 query rows passes over them.
// Private to the core.
#pragma once

#include <cstdint>
#include <vector>

#include "detail/float_rows.hpp"
#include "detail/neighbor_lists.hpp"

namespace labelcheck::detail {

// Rows [begin, end) of x against every row of x. List r - begin of `out` receives the k nearest
// other rows of row r (keys: squared distances). Rows flagged in `skip` (may be null) are never
// candidates, and their own lists are left empty.
void exactSelfSearch(const FloatPanels& x, Index begin, Index end, const uint8_t* skip, int k,
                     NeighborLists& out);

// The pairs of rows of x that hold at least one of the first `leaders` rows (pairs of two later
// rows are not formed; leaders are taken in whole panels: `leaders` rounded up to a multiple of
// 4), each offered to both of its rows' lists in `lists`, which keep what they hold: row r's
// list is ids[r], and it is named ids[r] in the others (ids null: r and r). A list's worst key
// bounds the search (pairs beyond it are skipped), and a row it already holds is not taken twice
// (NeighborLists::offerOnce), so several searches over overlapping sets of rows can fill the
// same lists one after another.
void exactLedSelfSearch(const FloatPanels& x, Index leaders, const Index* ids, NeighborLists& lists);

// Every row of `queries` against every row of `cands`: list j receives the k nearest candidates
// of query j, leaving out candidate selfRow[j] (when selfRow is not null and the entry >= 0)
// and candidates flagged in `skip` (may be null).
void exactCrossSearch(const FloatPanels& queries, const FloatPanels& cands, const Index* selfRow,
                      const uint8_t* skip, int k, NeighborLists& out);
// The same with the candidates read from double rows and converted to panels one 128 KiB chunk
// at a time, so that no float copy of all candidates is made. Returns false if a converted
// value is not finite in float32.
bool exactCrossSearch(const FloatPanels& queries, const RowSource& cands, const Index* selfRow,
                      const uint8_t* skip, int k, NeighborLists& out);

// Rows of zeros under cosine have no direction: they are at distance 1 (key 2) from every other
// row, including other zero rows, and take no part in the kernel (flag them in `skip`). This
// puts them back: every non-zero list is offered the zero candidates `zeroCands` (ascending),
// and the list of a zero query becomes its first k candidates in index order.
// isZero(j): list j belongs to a zero row; selfOf(j): the candidate list j must leave out, or -1.
template <typename IsZero, typename SelfOf>
void mergeDirectionless(NeighborLists& lists, const std::vector<int32_t>& zeroCands, Index nCands,
                        IsZero isZero, SelfOf selfOf) {
  if (zeroCands.empty()) return;
  for (Index j = 0; j < lists.lists(); ++j) {
    const Index self = selfOf(j);
    if (isZero(j)) {
      lists.clear(j);
      for (Index c = 0; c < nCands; ++c)
        if (c != self && !lists.offer(j, 2.0f, static_cast<int32_t>(c))) break;
    } else {
      for (int32_t c : zeroCands)
        if (c != self && !lists.offer(j, 2.0f, c)) break;
    }
  }
}

}  // namespace labelcheck::detail
