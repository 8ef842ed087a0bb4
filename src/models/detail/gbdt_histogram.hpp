// Gradient histograms of tree nodes and the best split of a node, for the boosted trees.
//
// A histogram holds, for every (feature, bin) slot of a BinMapper, the sums of the gradients g
// and hessians h of the node's rows in that bin (float64, interleaved: gh[2s] = sum g,
// gh[2s + 1] = sum h) and their number (count[s]). Sums run over the rows in a fixed order, so
// a histogram is the same on every platform. Building one is the hot loop of the whole model:
// for each row, its D bins (row-major uint8, contiguous) each add (g, h) to one slot, and the D
// slots of a row are independent, so the loads and stores of many slots are in flight at once.
#pragma once

#include <cstdint>
#include <vector>

#include "detail/gbdt_binning.hpp"

namespace labelcheck::detail {

// Gradients come as float32 pairs, grad[2r] = g and grad[2r + 1] = h of row r, so that a row's
// pair is one load even when the rows are visited out of order.
//
// Adds (g, h, 1) of the rows rows[0 .. n) to the histogram, slot offsets[f] + bin for each
// feature f. bins: row-major, `features` codes per row.
void addToHistogram(const uint8_t* bins, int features, const uint32_t* offsets, const uint32_t* rows, uint32_t n,
                    const float* grad, double* gh, uint32_t* count);

// The same for rows 0 .. n - 1 in order, gradient sums only: a root's counts are the same for
// every tree of a fit and are copied from rootCounts().
void addRootToHistogram(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, const float* grad,
                        double* gh);

// The root histograms of several trees (1 to 8) in one pass over the bins: softmax grows one
// tree per class, all on the same rows, so each row's bins are read once for all of them. Tree k
// adds the pair grad[2 (k n + r)]; its sums land in interleaved[2 * (trees * slot + k)] (g) and
// the next double (h), which must be zeroed first: the trees of one slot share cache lines.
void addRootToHistograms(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, int trees,
                         const float* grad, double* interleaved);

// Per slot, the number of rows 0 .. n - 1 in it (zeroed first).
void rootCounts(const uint8_t* bins, int features, const uint32_t* offsets, uint32_t n, uint32_t slots,
                uint32_t* count);

// dst -= src over `slots` slots: the sibling of a child whose histogram was built from its rows.
void subtractHistogram(double* dstGh, uint32_t* dstCount, const double* srcGh, const uint32_t* srcCount,
                       uint32_t slots);

// The rows, gradient sum and hessian sum of a node.
struct NodeSums {
  double g = 0.0;
  double h = 0.0;
  uint32_t count = 0;
};

struct SplitRules {
  uint32_t minSamplesLeaf = 20;  // rows on each side
  double minHessian = 1e-3;      // hessian sum on each side
  double l2 = 1.0;               // lambda
};

// "bin <= bin goes left" on `feature`; the missing bin goes left when missingLeft.
struct Split {
  bool valid = false;
  double gain = 0.0;
  int feature = 0;
  int bin = 0;
  bool missingLeft = false;
  NodeSums left, right;
};

// The split of the node with the largest gain
//   G_L^2 / (H_L + l2) + G_R^2 / (H_R + l2) - G^2 / (H + l2)
// (no factor 1/2: that would scale every gain alike; the second-order loss decrease is half of
// this) among those leaving minSamplesLeaf rows and minHessian on each side; valid only when
// that gain is > 0. Every threshold bin is tried with the missing rows on the right, then (when
// the node has missing rows for the feature) on the left; a node without missing rows for the
// chosen feature sends future missing values to the side with more rows (left on a tie). Equal
// gains go to the lowest feature, then the lowest bin, then missing right.
Split findBestSplit(const BinMapper& bins, const double* gh, const uint32_t* count, const NodeSums& node,
                    const SplitRules& rules);

}  // namespace labelcheck::detail
