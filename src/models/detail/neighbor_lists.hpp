// Bounded sorted neighbour lists: the k best (key, row) pairs per list, under the strict total
// order "smaller key first, then smaller row". Because the order is total and every other row
// is offered at most once, a list's content does not depend on the order of the offers - which
// is what lets the exact search visit pairs in any blocking (and each pair once for two lists),
// and lets a range of rows be searched alone with the same result as the whole graph.
//
// Keys are squared distances (float32). Empty slots hold key +inf and row kEmpty (above every
// real row, so a real row at +inf distance still gets in); finish() turns them into -1.
// Private to the core.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

class NeighborLists {
 public:
  static constexpr int32_t kEmpty = std::numeric_limits<int32_t>::max();

  void reset(Index lists, int k) {
    m_lists = lists;
    m_k = k;
    m_keys.assign(static_cast<size_t>(lists * k), std::numeric_limits<float>::infinity());
    m_rows.assign(static_cast<size_t>(lists * k), kEmpty);
  }

  Index lists() const noexcept { return m_lists; }
  int k() const noexcept { return m_k; }
  // The key a candidate must not exceed to have a chance (ties are settled by offer()).
  float worst(Index list) const noexcept { return m_keys[static_cast<size_t>(list * m_k + m_k - 1)]; }
  bool full(Index list) const noexcept { return m_rows[static_cast<size_t>(list * m_k + m_k - 1)] != kEmpty; }
  const float* keys(Index list) const noexcept { return m_keys.data() + list * m_k; }
  const int32_t* rows(Index list) const noexcept { return m_rows.data() + list * m_k; }
  size_t memoryBytes() const noexcept { return m_keys.capacity() * sizeof(float) + m_rows.capacity() * sizeof(int32_t); }

  // Inserts (key, row) if it is among the k best; true if it was.
  bool offer(Index list, float key, int32_t row) noexcept {
    float* kk = m_keys.data() + list * m_k;
    int32_t* rr = m_rows.data() + list * m_k;
    const int last = m_k - 1;
    if (!(key < kk[last] || (key == kk[last] && row < rr[last]))) return false;
    int pos = last;
    while (pos > 0 && (kk[pos - 1] > key || (kk[pos - 1] == key && rr[pos - 1] > row))) {
      kk[pos] = kk[pos - 1];
      rr[pos] = rr[pos - 1];
      --pos;
    }
    kk[pos] = key;
    rr[pos] = row;
    return true;
  }

  // As offer(), for a source that may offer a row the list already holds (with the same key,
  // keys being a function of the pair): such an offer changes nothing.
  bool offerOnce(Index list, float key, int32_t row) noexcept {
    const float* kk = m_keys.data() + list * m_k;
    const int32_t* rr = m_rows.data() + list * m_k;
    const int last = m_k - 1;
    if (!(key < kk[last] || (key == kk[last] && row < rr[last]))) return false;
    for (int j = 0; j < m_k && kk[j] <= key; ++j)
      if (rr[j] == row) return false;
    return offer(list, key, row);
  }

  // List `list` becomes a copy of list `fromList` of `from` (the same k).
  void copyList(Index list, const NeighborLists& from, Index fromList) noexcept {
    const float* kk = from.keys(fromList);
    const int32_t* rr = from.rows(fromList);
    for (int j = 0; j < m_k; ++j) {
      m_keys[static_cast<size_t>(list * m_k + j)] = kk[j];
      m_rows[static_cast<size_t>(list * m_k + j)] = rr[j];
    }
  }

  // Empties one list.
  void clear(Index list) noexcept {
    for (int j = 0; j < m_k; ++j) {
      m_keys[static_cast<size_t>(list * m_k + j)] = std::numeric_limits<float>::infinity();
      m_rows[static_cast<size_t>(list * m_k + j)] = kEmpty;
    }
  }

  // Moves the lists out: rows with -1 for empty slots, keys as they are (+inf when empty).
  void finish(std::vector<int32_t>& rows, std::vector<float>& keys) {
    for (int32_t& r : m_rows)
      if (r == kEmpty) r = -1;
    rows = std::move(m_rows);
    keys = std::move(m_keys);
    m_rows.clear();
    m_keys.clear();
    m_lists = 0;
  }

 private:
  Index m_lists = 0;
  int m_k = 0;
  std::vector<float> m_keys;
  std::vector<int32_t> m_rows;
};

}  // namespace labelcheck::detail
