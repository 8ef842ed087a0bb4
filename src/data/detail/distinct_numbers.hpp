// Counting the distinct numbers of a column (the label guess profiles every numeric column): an
// open-addressing set of the values' bits, linear probing, sized once for the values it may
// take. std::unordered_set<double> allocated a node per value and took about 36 ns an insert
// natively (a 100,000-row file with 20 numeric columns spent 73 ms there, 115 ms in
// WebAssembly); this takes a few. Values compare as == does: -0 and +0 are one value; NaN is
// never inserted (the caller skips missing cells), so a NaN pattern marks empty slots.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace labelcheck::detail {

class DistinctNumbers {
 public:
  // At most `capacity` values are kept; insert() refuses more.
  explicit DistinctNumbers(size_t capacity) : m_capacity(capacity) {
    size_t slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    m_slots.assign(slots, kEmpty);
    m_shift = 64;
    for (size_t s = slots; s > 1; s /= 2) --m_shift;
  }

  // Adds v (not NaN) unless present or full; false when it was not added.
  bool insert(double v) {
    if (v == 0.0) v = 0.0;  // -0 == +0
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = static_cast<size_t>((bits * 0x9E3779B97F4A7C15ull) >> m_shift);; i = (i + 1) & mask) {
      if (m_slots[i] == bits) return false;
      if (m_slots[i] == kEmpty) {
        if (m_size == m_capacity) return false;
        m_slots[i] = bits;
        ++m_size;
        return true;
      }
    }
  }

  size_t size() const noexcept { return m_size; }

 private:
  static constexpr uint64_t kEmpty = 0x7FF8DEADBEEF0001ull;  // a quiet NaN: never a value here
  std::vector<uint64_t> m_slots;
  size_t m_capacity;
  size_t m_size = 0;
  int m_shift = 60;
};

}  // namespace labelcheck::detail
