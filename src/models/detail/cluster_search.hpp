// Approximate neighbour lists of all rows by clustering: a cheap graph for data audits of large
// files, where the HNSW index (hnsw.hpp) costs several times a logistic regression's CV.
//
// The inverted-file idea (Jégou, Douze & Schmid 2011; FAISS's IVF), used for a self-join:
//  1. about sqrt(n) centroids by Lloyd's k-means on a seeded sample of the rows (16 rows per
//     centroid), started from sampled rows; an emptied centroid moves to a sampled row;
//  2. every row joins the cells of its `assign` nearest centroids (the exact panel kernel
//     against the centroids), so two close rows on either side of a cell border usually still
//     share a cell; a row *leads* the cell of its nearest centroid;
//  3. inside each cell, the exact search of every pair that holds one of its leaders (the panel
//     kernel, exactLedSelfSearch): two rows that only joined a cell meet in the cells they lead
//     or share, if at all. Every pair found goes straight to both rows' lists (a pair met in
//     two cells comes twice: offerOnce), and a row's list so far bounds its search in a later
//     cell, so that the further cells cost little beyond the distances;
//  4. `rounds` rounds of neighbour-of-neighbour refinement (NN-descent's local join): each row
//     is offered its nearest neighbours' nearest neighbours, and each of those is offered the row.
// With C = sqrt(n) cells and 3 cells per row, the centroid search and the cells cost about
// sqrt(n) and 2.5 sqrt(n) pairs per row (a cell of L leaders and 2 L joiners: L^2 / 2 + 2 L^2
// pairs), so the whole graph grows as n^1.5 with a small constant; the refinement adds hops^2
// pairs per row and round. Measured on 100,000 x 20 blobs (bench/README.md): every pair of a
// cell's members, 2 cells per row, recall@10 0.72 in 571 ms; the leaders' pairs, 3 cells per
// row, 0.80 in 613 ms (2 cells per row: 0.66 in 500 ms). (sqrt(2 n) cells took the same time
// for a lower recall once the bound made the further cells cheap.) Keys are squared distances
// computed as sequentialSquaredDistance (float_rows.hpp), like every other search, so a pair has
// the same key in all modes. Deterministic for a seed, single-threaded. Private to the core.
#pragma once

#include <cstdint>
#include <vector>

#include "detail/float_rows.hpp"
#include "detail/neighbor_lists.hpp"

namespace labelcheck::detail {

struct ClusterParams {
  int assign = 3;      // cells per row (the first one led)
  int iterations = 4;  // Lloyd iterations on the sample
  int rounds = 1;      // neighbour-of-neighbour rounds
  // A round offers each row its nearest `hops` neighbours' nearest `hops`: about hops^2
  // candidates a row whatever k (all k^2 at k = 42, the kNN model's lists, made the round 57%
  // of the graph's time; the nearest ones hold most of what it finds).
  int hops = 10;
  uint64_t seed = 0;   // sample and starting centroids
};

// The k nearest rows of every row in `members` (ascending row indices of src), searched among
// `members` only, into `out` (src.rows() lists; lists of rows not in members stay empty).
// Returns false if a converted value is not finite in float32.
bool clusteredSelfSearch(const RowSource& src, const std::vector<int32_t>& members, int k,
                         const ClusterParams& params, NeighborLists& out);

}  // namespace labelcheck::detail
