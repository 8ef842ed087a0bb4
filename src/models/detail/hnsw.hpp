// A compact, deterministic HNSW graph (Malkov & Yashunin, "Efficient and robust approximate
// nearest neighbor search using Hierarchical Navigable Small World graphs", 2018) over float32
// rows, for the approximate neighbour graph of all rows of a table.
//
// Same algorithm as hnswlib (greedy descent through the upper layers, beam search of width
// efConstruction at each layer of the new row, the "heuristic" neighbour selection for new and
// shrunk link lists, m links per row above layer 0 and 2m at layer 0), written for this core:
//  * deterministic on every platform: layers are drawn with the portable Rng (hnswlib uses
//    std::default_random_engine, a different generator in libstdc++ and libc++), insertion is
//    single-threaded in a seeded order, distances use Float4 (the same bits with SSE2,
//    WebAssembly SIMD or scalar code), and every comparison orders (distance, row) totally, so
//    heap and sort implementations cannot differ;
//  * no allocation per search: searches work in a Scratch whose buffers keep their capacity;
//    the visited set is a bitset (N / 8 bytes, so it stays in cache) cleared through the list
//    of rows it marked;
//  * compact and cache-friendly: each row's float32 values and its layer-0 links (count + 2m
//    int32) sit side by side in one block of a flat array (as in hnswlib: the search reads a
//    row's links right after its values, so the links are usually in cache already); upper
//    layers (about one row in m) share a second flat array; no per-row mutex, label map or
//    pointer;
//  * no exceptions: built with the rest of the core under -fno-exceptions.
//
// The all-rows graph comes largely from the build: the beam search that inserts row q at layer
// 0 returns the efConstruction nearest rows inserted before q, and each of those pairs is
// offered to both rows' lists (build(..., lists)), so a pair of true neighbours is found when the
// later of the two is inserted. searchFromRow() then refines a row's list with a beam search that
// starts from the row's own layer-0 links (no descent needed). Rows are inserted in a seeded
// random order; spatialOrder() lists them in a space-filling order (a random-projection tree,
// chosen without regard to element order, so libstdc++ and libc++ agree) in which searching
// them reuses the cache.
// Private to the core.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "detail/float_rows.hpp"
#include "detail/neighbor_lists.hpp"
#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

class Hnsw {
 public:
  struct Params {
    int m = 16;               // links per row and layer (2m at layer 0)
    int efConstruction = 40;  // beam width while inserting
    uint64_t seed = 0;        // insertion order and layers
  };
  using Candidate = std::pair<float, int32_t>;  // (navigation distance, row)

  // Working memory of searches; reuse it (no allocation once its buffers have grown).
  class Scratch {
   public:
    std::vector<Candidate> frontier;  // min-heap of rows to expand
    std::vector<Candidate> best;      // max-heap of the ef best so far
    std::vector<Candidate> sorted;    // a search's result, ascending
    std::vector<int32_t> selected;
    std::vector<int32_t> chosen;      // the new row's links while its neighbours are updated

    void reset(Index rows);           // empty visited set for `rows` rows
    bool visit(int32_t r) noexcept {  // marks r; false if it was marked already
      uint64_t& w = m_bits[static_cast<size_t>(r) >> 6];
      const uint64_t bit = uint64_t(1) << (r & 63);
      if (w & bit) return false;
      w |= bit;
      m_marked.push_back(r);
      return true;
    }

   private:
    std::vector<uint64_t> m_bits;
    std::vector<int32_t> m_marked;
  };

  // Converts `rows` to float32 (zero-padded to a multiple of 4) and inserts the rows `members`
  // in a seeded order; rows not listed are not in the graph (but keep their values: row() works
  // for every row). When `lists` is not null (one list per row), each row and each of the
  // efConstruction nearest rows found while inserting it are offered to each other's list, keyed
  // by sequentialSquaredDistance. Returns false (and builds nothing) if a value is not finite
  // in float32.
  bool build(const RowSource& rows, const std::vector<int32_t>& members, const Params& params,
             NeighborLists* lists);

  // The up to ef nearest graph rows of graph row q (q itself left out), nearest first, by
  // navigation distance (laneSquaredDistance), into s.sorted.
  void searchFromRow(int32_t q, int ef, Scratch& s) const;

  const float* row(int32_t r) const noexcept {
    return reinterpret_cast<const float*>(m_nodes.data() + static_cast<size_t>(r) * m_block);
  }
  int dims() const noexcept { return m_dims; }
  int stride() const noexcept { return m_stride; }
  // The graph's rows in a space-filling order (empty if not computed).
  const std::vector<int32_t>& spatialOrder() const noexcept { return m_spatial; }
  Index rows() const noexcept { return m_n; }

  // Bytes held by the graph (rows, links, layers and the space-filling order).
  size_t memoryBytes() const noexcept;

 private:
  float distance(const float* a, int32_t b) const noexcept { return laneSquaredDistance(a, row(b), m_stride); }
  int32_t* links(int32_t row, int level) noexcept;
  const int32_t* links(int32_t row, int level) const noexcept;
  int maxLinks(int level) const noexcept { return level == 0 ? 2 * m_m : m_m; }
  void insert(int32_t q, int level, Scratch& s, NeighborLists* lists);
  int32_t greedy(const float* x, int32_t from, int level) const noexcept;
  void searchLayer(const float* x, int level, int ef, Scratch& s) const;
  // Keeps at most `keep` of s.sorted (ascending) by the HNSW heuristic, into s.selected.
  void selectNeighbors(int keep, Scratch& s) const;
  void connect(int32_t from, int32_t to, int level, Scratch& s);

  int m_m = 16;
  int m_ef = 64;
  Index m_n = 0;
  int m_dims = 0;
  int m_stride = 0;                // floats per row, a multiple of 4
  size_t m_block = 0;              // bytes per row: stride floats, then 1 + 2m int32
  // N blocks of m_block bytes (a multiple of 4; the buffer comes from operator new, aligned for
  // float and int32). Each block is only ever accessed as the floats and int32 build() wrote.
  std::vector<unsigned char> m_nodes;
  std::vector<int8_t> m_level;     // top layer of each row, -1 when not in the graph
  std::vector<int32_t> m_upperAt;  // first block in m_upper of a row with level >= 1, else -1
  std::vector<int32_t> m_upper;    // per such row, levels 1..L of (1 + m): count, then links
  int32_t m_entry = -1;
  int m_maxLevel = -1;
  std::vector<int32_t> m_spatial;
};

}  // namespace labelcheck::detail
