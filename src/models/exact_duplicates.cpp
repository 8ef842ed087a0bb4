// Exact copies among rows: hash, sort, confirm. See labelcheck/exact_duplicates.hpp.
#include "labelcheck/exact_duplicates.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace labelcheck {

namespace {

// splitmix64's finaliser: spreads every input bit over the whole word.
uint64_t mix(uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t bitsOf(double v) noexcept {
  if (v == 0.0) v = 0.0;  // -0 and 0 are the same value
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Groups rows with equal hashes whose values `same(a, b)` confirms equal. `hashes` holds one
// hash per row; the order is by (hash, row), so within a hash run rows come ascending and each
// joins the first earlier row it equals.
template <typename Same>
ExactDuplicates groupByHash(const std::vector<uint64_t>& hashes, Same&& same) {
  const Index n = static_cast<Index>(hashes.size());
  ExactDuplicates out;
  out.groupOf.assign(static_cast<size_t>(n), -1);
  std::vector<int32_t> order(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) order[static_cast<size_t>(i)] = static_cast<int32_t>(i);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return hashes[static_cast<size_t>(a)] != hashes[static_cast<size_t>(b)]
               ? hashes[static_cast<size_t>(a)] < hashes[static_cast<size_t>(b)]
               : a < b;
  });
  // leaderOf[r]: the first row of r's copies (r itself when it has none earlier).
  std::vector<int32_t> leaderOf(static_cast<size_t>(n));
  for (size_t a = 0; a < order.size();) {
    size_t b = a + 1;
    while (b < order.size() && hashes[static_cast<size_t>(order[b])] == hashes[static_cast<size_t>(order[a])]) ++b;
    for (size_t i = a; i < b; ++i) {
      const int32_t r = order[i];
      leaderOf[static_cast<size_t>(r)] = r;
      for (size_t j = a; j < i; ++j)
        if (leaderOf[static_cast<size_t>(order[j])] == order[j] && same(order[j], r)) {
          leaderOf[static_cast<size_t>(r)] = order[j];
          break;
        }
    }
    a = b;
  }
  // Groups in the order of their first row; members ascending (rows are visited ascending).
  std::vector<int32_t> sizeOf(static_cast<size_t>(n), 0);
  for (Index r = 0; r < n; ++r) ++sizeOf[static_cast<size_t>(leaderOf[static_cast<size_t>(r)])];
  std::vector<int64_t> slot(static_cast<size_t>(n), -1);  // leader -> group
  for (Index r = 0; r < n; ++r) {
    const int32_t l = leaderOf[static_cast<size_t>(r)];
    if (sizeOf[static_cast<size_t>(l)] < 2) continue;
    if (l == r) {
      slot[static_cast<size_t>(r)] = out.groups.count();
      out.groups.starts.push_back(out.groups.starts.back() + sizeOf[static_cast<size_t>(r)]);
    }
  }
  out.groups.rows.assign(static_cast<size_t>(out.groups.starts.back()), -1);
  std::vector<int64_t> fill(out.groups.starts.begin(), out.groups.starts.end() - 1);
  for (Index r = 0; r < n; ++r) {
    const int64_t g = slot[static_cast<size_t>(leaderOf[static_cast<size_t>(r)])];
    if (g < 0) continue;
    out.groups.rows[static_cast<size_t>(fill[static_cast<size_t>(g)]++)] = static_cast<int32_t>(r);
    out.groupOf[static_cast<size_t>(r)] = static_cast<int32_t>(g);
  }
  return out;
}

}  // namespace

ExactDuplicates findExactDuplicates(const Eigen::Ref<const RealMatrix>& X) {
  const Index n = X.rows(), d = X.cols();
  std::vector<uint64_t> hashes(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (Index c = 0; c < d; ++c) h = mix(h ^ bitsOf(X(i, c)));
    hashes[static_cast<size_t>(i)] = h;
  }
  return groupByHash(hashes, [&](int32_t a, int32_t b) {
    for (Index c = 0; c < d; ++c)
      if (!(X(a, c) == X(b, c))) return false;
    return true;
  });
}

ExactDuplicates findExactDuplicates(const SparseRows& X) {
  const Index n = X.rows();
  // Order-independent: the sum of one hash per non-zero (column, value).
  std::vector<uint64_t> hashes(static_cast<size_t>(n));
  for (Index i = 0; i < n; ++i) {
    uint64_t h = 0;
    for (int64_t p = X.rowPtr[i]; p < X.rowPtr[i + 1]; ++p)
      if (X.values[p] != 0.0) h += mix(mix(static_cast<uint64_t>(X.cols[p]) + 1) ^ bitsOf(X.values[p]));
    hashes[static_cast<size_t>(i)] = h;
  }
  // Comparing rows whose columns may be in any order: row a scattered into a dense scratch
  // (one per call, made at the first equal hash, cleared after each use), row b checked on it.
  std::vector<double> scratch;
  return groupByHash(hashes, [&](int32_t a, int32_t b) {
    if (scratch.empty()) scratch.assign(static_cast<size_t>(X.nCols), 0.0);
    int64_t nonZeroA = 0, nonZeroB = 0;
    for (int64_t p = X.rowPtr[a]; p < X.rowPtr[a + 1]; ++p)
      if (X.values[p] != 0.0) {
        scratch[static_cast<size_t>(X.cols[p])] = X.values[p];
        ++nonZeroA;
      }
    bool same = true;
    for (int64_t p = X.rowPtr[b]; p < X.rowPtr[b + 1] && same; ++p)
      if (X.values[p] != 0.0) {
        ++nonZeroB;
        same = scratch[static_cast<size_t>(X.cols[p])] == X.values[p];
      }
    for (int64_t p = X.rowPtr[a]; p < X.rowPtr[a + 1]; ++p) scratch[static_cast<size_t>(X.cols[p])] = 0.0;
    return same && nonZeroA == nonZeroB;
  });
}

}  // namespace labelcheck
