// An append-only sequence stored in blocks: appending never moves what is stored, so a column
// that grows row by row costs its size (not the up to 2x capacity, plus the old and new buffers
// side by side while growing, of a std::vector), and becomes a std::vector at the end one block
// at a time (the copy holds at most one block twice).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace labelcheck::detail {

template <typename T>
class BlockList {
 public:
  size_t size() const noexcept { return m_size; }

  void push(T value) {
    if (m_blocks.empty() || m_used == m_capacity) grow();
    m_blocks.back()[m_used++] = value;
    ++m_size;
  }

  // The elements as one vector; the list is empty afterwards (blocks are freed as copied).
  std::vector<T> release() {
    std::vector<T> out;
    out.reserve(m_size);
    size_t left = m_size;
    size_t capacity = kFirstBlock;
    for (std::unique_ptr<T[]>& block : m_blocks) {
      const size_t n = std::min(left, capacity);
      out.insert(out.end(), block.get(), block.get() + n);
      block.reset();
      left -= n;
      capacity = nextCapacity(capacity);
    }
    *this = BlockList();
    return out;
  }

 private:
  // Small first blocks keep a wide table of few rows small; then blocks of a fixed size, so the
  // waste is at most one block per column.
  static constexpr size_t kFirstBlock = 16;
  static constexpr size_t kLastBlock = 8192;
  static size_t nextCapacity(size_t c) noexcept { return std::min(c * 2, kLastBlock); }

  void grow() {
    m_capacity = m_blocks.empty() ? kFirstBlock : nextCapacity(m_capacity);
    m_blocks.emplace_back(new T[m_capacity]);  // not zero-filled: every slot is written before read
    m_used = 0;
  }

  std::vector<std::unique_ptr<T[]>> m_blocks;
  size_t m_capacity = 0;  // of the last block
  size_t m_used = 0;      // in the last block
  size_t m_size = 0;
};

}  // namespace labelcheck::detail
