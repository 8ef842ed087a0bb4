// One regression tree of the boosted model: its node layout, best-first growth on binned rows,
// and evaluation on binned or raw rows.
//
// Growth (TreeGrower::grow): the leaf whose best split has the largest gain is split next, until
// maxLeafNodes leaves, maxDepth, or no leaf has a split with positive gain (ties: the leaf
// created first). The rows of a node are a range of one index array, partitioned in place
// (stably, so every range stays in ascending row order and the bins are read front to back).
// Of two new children only the smaller one's histogram is built from its rows; the larger one's
// is its parent's minus the smaller's, computed in the parent's buffer. Histogram buffers and
// index arrays are allocated once per fit; growing a tree allocates nothing.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "detail/gbdt_binning.hpp"
#include "detail/gbdt_histogram.hpp"

namespace labelcheck::detail {

// 24 bytes. A row goes left when its bin is <= binThreshold, and rows in the feature's missing
// bin go left when missingLeft (a bin <= t is a value <= the t-th edge, see BinMapper, so a
// tree works on raw values by binning them first). The right child is always left + 1, so a
// step is `node = left + goesRight`; a leaf is its own left child with binThreshold 255 and
// missingLeft, so every row stays on it and walking a fixed number of steps (at most the
// tree's depth) ends on the row's leaf without a data-dependent branch.
struct TreeNode {
  double value = 0.0;       // leaves: raw-score increment, learning rate included
  int32_t feature = 0;
  int32_t left = 0;
  uint8_t binThreshold = 255;
  uint8_t missingBin = 0;   // the feature's missing bin
  uint8_t missingLeft = 1;
  uint8_t isLeaf = 1;
};

struct Tree {
  std::vector<TreeNode> nodes;  // nodes[0] is the root
  int depth = 0;                // edges on the longest root-to-leaf path
  int leaves = 0;
  uint32_t minLeafRows = 0;     // training rows in the smallest leaf
};

struct GrowerParams {
  int maxLeafNodes = 31;
  int maxDepth = 0;  // 0 = no limit
  SplitRules rules;
  double learningRate = 0.1;
};

class TreeGrower {
 public:
  // Prepares to grow trees on n rows whose bins (row-major n x mapper.features(), kept alive by
  // the caller) were made by mapper; `trees` is the number of trees per round. Allocates
  // everything the growth needs.
  void init(const BinMapper& mapper, const uint8_t* bins, uint32_t n, int trees, const GrowerParams& params);

  // Starts a boosting round with gradients grad (tree k, row r: g at grad[2 (k n + r)], h next
  // to it): builds the root histograms of all trees in one pass over the bins when they fit the
  // memory budget.
  void beginRound(const float* grad);

  // Grows tree k of the round into `tree` (its leaves' values set).
  void grow(int k, Tree& tree);

  // out[r] += the value of row r's leaf, for every row of the tree grown last.
  void addLeafValues(const Tree& tree, double* out) const;

 private:
  struct Leaf {
    int node = 0;
    uint32_t begin = 0, end = 0;
    NodeSums sums;
    int depth = 0;
    int slot = -1;  // histogram, while the leaf may still be split
    Split split;
  };

  int acquireSlot();
  void releaseSlot(int& slot);
  double* gh(int slot) { return m_gh.data() + static_cast<size_t>(slot) * 2 * m_slots; }
  uint32_t* count(int slot) { return m_count.data() + static_cast<size_t>(slot) * m_slots; }
  int buildRoot(int k);
  bool splittable(const Leaf& leaf) const;
  uint32_t partition(const Leaf& leaf);

  const BinMapper* m_mapper = nullptr;
  const uint8_t* m_bins = nullptr;
  uint32_t m_n = 0;
  int m_features = 0;
  int m_trees = 1;
  uint32_t m_slots = 0;  // histogram slots (all features' bins)
  GrowerParams m_params;
  const float* m_grad = nullptr;

  std::vector<uint8_t> m_columns;           // the bins again, column-major: partitions read one feature
  std::vector<uint32_t> m_rows, m_scratch;  // the row partition and the partition's buffer
  std::vector<double> m_rootSums;           // the round's root histograms, slot-major (see addRootToHistograms)
  std::vector<double> m_gh;                 // histogram pool: slot s at 2 * m_slots * s
  std::vector<uint32_t> m_count;
  std::vector<uint32_t> m_rootCount;        // counts of the root (the same for every tree)
  std::vector<int> m_free;                  // free histogram slots
  std::vector<int> m_rootSlot;              // per tree of the round: its prebuilt root, or -1
  std::vector<Leaf> m_leaves;
};

// Rows walked through a tree together (see addTreeBinned).
constexpr int kTreeBlock = 64;

// out[p * stride] += the leaf value of binned row p (n rows, row-major, `features` bins each).
// Blocks of kTreeBlock rows advance one level at a time, all rows per level, so that their
// walks overlap; a block stops when no row moved in a level (all are on leaves).
void addTreeBinned(const Tree& tree, const uint8_t* bins, int features, uint32_t n, double* out, size_t stride);

}  // namespace labelcheck::detail
