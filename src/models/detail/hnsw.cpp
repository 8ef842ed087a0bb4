// A compact deterministic HNSW graph. See hnsw.hpp.
#include "detail/hnsw.hpp"

#include <algorithm>
#include <cmath>

#include "labelcheck/random.hpp"

namespace labelcheck::detail {
namespace {

constexpr int kMaxLevel = 16;

// The total order of every comparison: distance, then row. Function objects, so that the heap
// and sort calls inline them.
struct Closer {
  bool operator()(const Hnsw::Candidate& a, const Hnsw::Candidate& b) const noexcept {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  }
};
struct Farther {
  bool operator()(const Hnsw::Candidate& a, const Hnsw::Candidate& b) const noexcept { return Closer()(b, a); }
};
constexpr Closer closer;
constexpr Farther farther;

// A hint to load memory before it is needed (native only: WebAssembly has no prefetch).
inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) && !defined(__EMSCRIPTEN__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

// Rows in a space-filling order: a random-projection tree (split each set by the hyperplane
// halfway between two of its rows, at the median, until 32 rows are left), leaves in depth-first
// order, rows of a leaf by index. Consecutive rows are then near each other, so inserting and
// searching in this order reuses what the previous row brought into cache. Every choice depends
// on the set, never on the order of its elements, so libstdc++ and libc++ agree.
class SpatialOrder {
 public:
  SpatialOrder(const Hnsw& g, uint64_t seed) : m_g(g), m_seed(seed) {}

  void sort(std::vector<int32_t>& rows) {
    m_key.resize(rows.size());
    split(rows.data(), static_cast<int64_t>(rows.size()), 0);
  }

 private:
  // A row's hash at one depth: picks the two rows that define a split, independent of order.
  uint64_t hash(int32_t r, int depth) const noexcept {
    uint64_t s = m_seed ^ (static_cast<uint64_t>(static_cast<uint32_t>(r)) << 8) ^ static_cast<uint64_t>(depth);
    return Rng::splitMix64(s);
  }

  void split(int32_t* rows, int64_t n, int depth) {
    constexpr int64_t kLeaf = 32;
    if (n <= kLeaf || depth > 60) {
      std::sort(rows, rows + n);
      return;
    }
    int32_t a = rows[0], b = rows[1];
    uint64_t ha = hash(a, depth), hb = hash(b, depth);
    if (hb < ha) {
      std::swap(a, b);
      std::swap(ha, hb);
    }
    for (int64_t i = 2; i < n; ++i) {
      const uint64_t h = hash(rows[i], depth);
      if (h < ha) {
        b = a;
        hb = ha;
        a = rows[i];
        ha = h;
      } else if (h < hb) {
        b = rows[i];
        hb = h;
      }
    }
    const float* xa = m_g.row(a);
    const float* xb = m_g.row(b);
    Candidate* key = m_key.data();
    for (int64_t i = 0; i < n; ++i) {
      const float* x = m_g.row(rows[i]);
      key[i] = {laneSquaredDistance(x, xa, m_g.stride()) - laneSquaredDistance(x, xb, m_g.stride()), rows[i]};
    }
    const int64_t half = n / 2;
    std::nth_element(key, key + half, key + n, closer);
    for (int64_t i = 0; i < n; ++i) rows[i] = key[i].second;
    split(rows, half, depth + 1);
    split(rows + half, n - half, depth + 1);
  }

  using Candidate = Hnsw::Candidate;
  const Hnsw& m_g;
  uint64_t m_seed;
  std::vector<Candidate> m_key;
};

}  // namespace

void Hnsw::Scratch::reset(Index rows) {
  const size_t words = (static_cast<size_t>(rows) + 63) / 64;
  if (m_bits.size() != words) {
    m_bits.assign(words, 0);
    m_marked.clear();
    return;
  }
  for (int32_t r : m_marked) m_bits[static_cast<size_t>(r) >> 6] = 0;
  m_marked.clear();
}

int32_t* Hnsw::links(int32_t r, int level) noexcept {
  if (level == 0)
    return reinterpret_cast<int32_t*>(m_nodes.data() + static_cast<size_t>(r) * m_block + sizeof(float) * m_stride);
  return m_upper.data() + (static_cast<size_t>(m_upperAt[r]) + level - 1) * (1 + m_m);
}

const int32_t* Hnsw::links(int32_t row, int level) const noexcept {
  return const_cast<Hnsw*>(this)->links(row, level);
}

size_t Hnsw::memoryBytes() const noexcept {
  return m_nodes.capacity() + m_level.capacity() + m_upperAt.capacity() * sizeof(int32_t) +
         m_upper.capacity() * sizeof(int32_t) + m_spatial.capacity() * sizeof(int32_t);
}

bool Hnsw::build(const RowSource& rows, const std::vector<int32_t>& members, const Params& params,
                 NeighborLists* lists) {
  m_m = params.m;
  m_ef = params.efConstruction;
  m_n = rows.rows();
  m_dims = static_cast<int>(rows.cols());
  m_stride = (m_dims + 3) / 4 * 4;
  m_block = sizeof(float) * static_cast<size_t>(m_stride) + sizeof(int32_t) * (1 + 2 * static_cast<size_t>(m_m));
  const size_t n = static_cast<size_t>(m_n);
  m_nodes.assign(n * m_block, 0);  // zero bytes: padding 0.0f, link counts 0
  bool finite = true;
  for (size_t i = 0; i < n; ++i) {
    const double* x = rows.row(static_cast<Index>(i));
    const double s = rows.scale(static_cast<Index>(i));
    float* out = reinterpret_cast<float*>(m_nodes.data() + i * m_block);
    for (int d = 0; d < m_dims; ++d) {
      out[d] = static_cast<float>(x[d] * s);
      finite = finite && std::isfinite(out[d]);
    }
  }
  if (!finite) return false;
  m_level.assign(n, -1);
  m_upperAt.assign(n, -1);
  m_upper.clear();
  m_entry = -1;
  m_maxLevel = -1;

  // A seeded insertion order (a file sorted by class would otherwise build one class after the
  // other) and the layer of each row: level L with probability (1/m)^L (1 - 1/m), the
  // distribution of floor(-ln(u) / ln(m)) in the paper, drawn with integers only.
  Rng rng(params.seed);
  std::vector<int32_t> order = members;
  rng.shuffle(order.data(), static_cast<int64_t>(order.size()));
  // (Inserting in the space-filling order instead would build 25% faster, but lowered recall@10
  // on spambase from 0.956 to 0.913 and on hpc from 0.991 to 0.937: random order it is.)
  m_spatial = members;
  SpatialOrder(*this, params.seed).sort(m_spatial);
  int32_t upperBlocks = 0;
  for (int32_t r : order) {
    int level = 0;
    while (level < kMaxLevel && rng.uniformBelow(static_cast<uint64_t>(m_m)) == 0) ++level;
    m_level[r] = static_cast<int8_t>(level);
    if (level > 0) {
      m_upperAt[r] = upperBlocks;
      upperBlocks += level;
    }
  }
  m_upper.assign(static_cast<size_t>(upperBlocks) * (1 + m_m), 0);

  Scratch s;
  for (int32_t r : order) insert(r, m_level[r], s, lists);
  return true;
}

int32_t Hnsw::greedy(const float* x, int32_t from, int level) const noexcept {
  int32_t cur = from;
  float curD = distance(x, cur);
  for (bool changed = true; changed;) {
    changed = false;
    const int32_t* l = links(cur, level);
    for (int i = 1; i <= l[0]; ++i) {
      const float d = distance(x, l[i]);
      if (d < curD || (d == curD && l[i] < cur)) {
        cur = l[i];
        curD = d;
        changed = true;
      }
    }
  }
  return cur;
}

// Beam search at one layer from the entry points already in s.frontier and s.best (and marked
// visited). Leaves the ef best in s.sorted, ascending.
void Hnsw::searchLayer(const float* x, int level, int ef, Scratch& s) const {
  const size_t cap = static_cast<size_t>(ef);
  std::make_heap(s.frontier.begin(), s.frontier.end(), farther);
  std::make_heap(s.best.begin(), s.best.end(), closer);
  while (s.best.size() > cap) {
    std::pop_heap(s.best.begin(), s.best.end(), closer);
    s.best.pop_back();
  }
  while (!s.frontier.empty()) {
    std::pop_heap(s.frontier.begin(), s.frontier.end(), farther);
    const Candidate c = s.frontier.back();
    s.frontier.pop_back();
    if (s.best.size() >= cap && closer(s.best.front(), c)) break;
    const int32_t* l = links(c.second, level);
    for (int i = 1; i <= l[0]; ++i) prefetch(row(l[i]));
    for (int i = 1; i <= l[0]; ++i) {
      const int32_t nb = l[i];
      if (!s.visit(nb)) continue;
      const Candidate cand{distance(x, nb), nb};
      if (s.best.size() < cap || closer(cand, s.best.front())) {
        s.frontier.push_back(cand);
        std::push_heap(s.frontier.begin(), s.frontier.end(), farther);
        s.best.push_back(cand);
        std::push_heap(s.best.begin(), s.best.end(), closer);
        if (s.best.size() > cap) {
          std::pop_heap(s.best.begin(), s.best.end(), closer);
          s.best.pop_back();
        }
      }
    }
  }
  s.sorted.assign(s.best.begin(), s.best.end());
  std::sort(s.sorted.begin(), s.sorted.end(), closer);
}

void Hnsw::selectNeighbors(int keep, Scratch& s) const {
  s.selected.clear();
  if (s.sorted.size() < static_cast<size_t>(keep)) {
    for (const Candidate& c : s.sorted) s.selected.push_back(c.second);
    return;
  }
  // Keep a candidate only if it is closer to the base row than to every row already kept:
  // links then point in diverse directions instead of all into the nearest cluster.
  for (const Candidate& c : s.sorted) {
    if (s.selected.size() >= static_cast<size_t>(keep)) break;
    const float* xc = row(c.second);
    bool good = true;
    for (int32_t r : s.selected)
      if (distance(xc, r) < c.first) {
        good = false;
        break;
      }
    if (good) s.selected.push_back(c.second);
  }
}

void Hnsw::connect(int32_t from, int32_t to, int level, Scratch& s) {
  int32_t* l = links(from, level);
  const int cap = maxLinks(level);
  if (l[0] < cap) {
    l[1 + l[0]] = to;
    ++l[0];
    return;
  }
  const float* x = row(from);
  s.sorted.clear();
  s.sorted.push_back({distance(x, to), to});
  for (int i = 1; i <= l[0]; ++i) s.sorted.push_back({distance(x, l[i]), l[i]});
  std::sort(s.sorted.begin(), s.sorted.end(), closer);
  selectNeighbors(cap, s);
  l[0] = static_cast<int32_t>(s.selected.size());
  for (size_t i = 0; i < s.selected.size(); ++i) l[1 + i] = s.selected[i];
}

void Hnsw::insert(int32_t q, int level, Scratch& s, NeighborLists* lists) {
  if (m_entry < 0) {
    m_entry = q;
    m_maxLevel = level;
    return;
  }
  const float* x = row(q);
  int32_t ep = m_entry;
  for (int lc = m_maxLevel; lc > level; --lc) ep = greedy(x, ep, lc);
  for (int lc = std::min(level, m_maxLevel); lc >= 0; --lc) {
    s.reset(m_n);
    s.visit(ep);
    s.frontier.assign(1, {distance(x, ep), ep});
    s.best = s.frontier;
    searchLayer(x, lc, m_ef, s);
    if (lc == 0 && lists)
      for (const Candidate& c : s.sorted) {
        const float key = sequentialSquaredDistance(x, row(c.second), m_dims);
        lists->offer(q, key, c.second);
        lists->offer(c.second, key, q);
      }
    const int32_t next = s.sorted.front().second;
    selectNeighbors(m_m, s);
    s.chosen.assign(s.selected.begin(), s.selected.end());
    int32_t* l = links(q, lc);
    l[0] = static_cast<int32_t>(s.chosen.size());
    for (size_t i = 0; i < s.chosen.size(); ++i) l[1 + i] = s.chosen[i];
    for (int32_t nb : s.chosen) connect(nb, q, lc, s);
    ep = next;
  }
  if (level > m_maxLevel) {
    m_entry = q;
    m_maxLevel = level;
  }
}

void Hnsw::searchFromRow(int32_t q, int ef, Scratch& s) const {
  s.reset(m_n);
  s.visit(q);
  s.frontier.clear();
  const float* x = row(q);
  const int32_t* l = links(q, 0);
  for (int i = 1; i <= l[0]; ++i) prefetch(row(l[i]));
  for (int i = 1; i <= l[0]; ++i)
    if (s.visit(l[i])) s.frontier.push_back({distance(x, l[i]), l[i]});
  if (s.frontier.empty() && m_entry >= 0 && m_entry != q) {
    // No links (a graph of one row): enter from the top.
    int32_t ep = m_entry;
    for (int lc = m_maxLevel; lc > 0; --lc) ep = greedy(x, ep, lc);
    if (ep == q) ep = m_entry;
    s.visit(ep);
    s.frontier.push_back({distance(x, ep), ep});
  }
  s.best = s.frontier;
  searchLayer(x, 0, ef, s);
}

}  // namespace labelcheck::detail
