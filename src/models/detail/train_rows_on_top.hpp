// Moves the training rows of one fold to the top of X in place, so that a model trains on
// X.topRows(...) without a copy of (nFolds - 1) / nFolds of the data.
#pragma once

#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

// The train rows of one fold (every row not in `test`, in their order) go to the top of X: the
// same rows, in the same order, starting at the same (aligned) address as a fresh copy would,
// hence bit-identical results. The test rows are copied aside (the model predicts them from
// there). The destructor puts every row back, so X is unchanged after each fold, also when a
// fold fails or is cancelled. `test` must be in increasing order and outlive this object.
class TrainRowsOnTop {
 public:
  TrainRowsOnTop(RealMatrix& x, const std::vector<Index>& test) : m_x(x), m_testRows(test), m_test(test.size(), x.cols()) {
    for (size_t j = 0; j < test.size(); ++j) m_test.row(static_cast<Index>(j)) = x.row(test[j]);
    Index write = 0;
    size_t t = 0;
    for (Index i = 0; i < m_x.rows(); ++i) {
      if (t < m_testRows.size() && m_testRows[t] == i) {
        ++t;
        continue;
      }
      if (write != i) m_x.row(write) = m_x.row(i);
      ++write;
    }
  }
  ~TrainRowsOnTop() {
    // Backwards, each row goes to its place from a position at or above it not yet rewritten.
    Index read = trainCount() - 1;
    size_t t = m_testRows.size();
    for (Index i = m_x.rows() - 1; i >= 0; --i) {
      if (t > 0 && m_testRows[t - 1] == i) {
        m_x.row(i) = m_test.row(static_cast<Index>(--t));
      } else {
        if (read != i) m_x.row(i) = m_x.row(read);
        --read;
      }
    }
  }
  TrainRowsOnTop(const TrainRowsOnTop&) = delete;
  TrainRowsOnTop& operator=(const TrainRowsOnTop&) = delete;

  Index trainCount() const { return m_x.rows() - static_cast<Index>(m_testRows.size()); }
  auto train() const { return m_x.topRows(trainCount()); }
  const RealMatrix& test() const { return m_test; }

 private:
  RealMatrix& m_x;
  const std::vector<Index>& m_testRows;
  RealMatrix m_test;
};

}  // namespace labelcheck::detail
