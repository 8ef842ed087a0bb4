// What the fuzz_gbdt target does with one input, shared by the libFuzzer target (fuzz_gbdt.cpp)
// and the Catch2 replay of its corpus and regressions (tests/cpp/test_gbdt.cpp). Kept apart from
// harness.hpp (same conventions, same ByteReader) so that the boosted trees' harness can change
// without touching the others'. Returns "" when the input was handled, else the broken invariant.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "harness.hpp"
#include "labelcheck/gbdt.hpp"

namespace labelcheck::fuzz {

inline bool sameMatrixBits(const RealMatrix& a, const RealMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * size_t(a.size())) == 0;
}

// byte 0: bits 0-2 K - 1 (1..8 classes), bits 3-5 D - 1 (1..8 features)
// byte 1: flags: bit 0 raw labels (may be out of range), bit 1 special feature values (NaN, +-inf,
//         +-1e300, the smallest subnormal) for feature bytes >= 240, bit 2 fit on a subset of the
//         rows through `rows` (and compare with a copy), bit 3 tile the rows 40 times with a
//         deterministic jitter (larger fits, and an early-stopping slice of useful size),
//         bit 4 a depth limit, bit 5 validationFraction 0.5 (else 0.1), bit 6 no early stopping,
//         bit 7 l2 = 0
// byte 2: maxLeafNodes = 2 + b % 32; byte 3: minSamplesLeaf = 1 + b % 25
// byte 4: maxBins = min(255, 2 + 4 (b & 63)); with the depth limit, maxDepth = 1 + (b >> 6)
// byte 5: maxIter = 1 + b % 12, nIterNoChange = 1 + (b >> 4) % 4; byte 6: seed
// Then per row: a label byte and D feature bytes (signed, / 16). N = remaining / (D + 1), <= 48.
inline std::string fuzzGbdt(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  const uint8_t shape = in.byte(), flags = in.byte(), leafByte = in.byte(), minLeafByte = in.byte();
  const uint8_t binByte = in.byte(), iterByte = in.byte(), seed = in.byte();
  const int K = 1 + (shape & 7);
  const Index D = 1 + ((shape >> 3) & 7);
  const Index base = std::min<Index>(Index(in.remaining() / size_t(D + 1)), 48);
  if (base == 0) return "";
  const Index tiles = (flags & 8) ? 40 : 1, N = base * tiles;
  LabelVector y(N);
  RealMatrix X(N, D);
  for (Index i = 0; i < base; ++i) {
    const uint8_t lb = in.byte();
    y[i] = (flags & 1) ? int32_t(int8_t(lb)) : int32_t(lb % K);
    for (Index d = 0; d < D; ++d) {
      const uint8_t b = in.byte();
      X(i, d) = (flags & 2) && b >= 240 ? specialValue(b) : double(int8_t(b)) / 16.0;
    }
  }
  for (Index i = base; i < N; ++i) {  // tiles: the same rows, nudged so that values differ
    y[i] = y[i % base];
    for (Index d = 0; d < D; ++d) X(i, d) = X(i % base, d) + double((i * 7 + d * 13) % 11) / 64.0;
  }

  GbdtParams p;
  p.maxLeafNodes = 2 + leafByte % 32;
  p.minSamplesLeaf = 1 + minLeafByte % 25;
  p.maxBins = std::min(255, 2 + (binByte & 63) * 4);
  p.maxDepth = (flags & 16) ? 1 + (binByte >> 6) : 0;
  p.maxIter = 1 + iterByte % 12;
  p.nIterNoChange = 1 + (iterByte >> 4) % 4;
  p.validationFraction = (flags & 64) ? 0.0 : (flags & 32) ? 0.5 : 0.1;
  p.l2 = (flags & 128) ? 0.0 : 1.0;
  p.seed = seed;

  bool labelsValid = true, finite = true;
  for (Index i = 0; i < N; ++i) labelsValid = labelsValid && y[i] >= 0 && y[i] < K;
  for (Index i = 0; i < X.size(); ++i) finite = finite && !std::isinf(X.data()[i]);

  GradientBoostedTrees gbdt(p);
  const Outcome o = gbdt.fit(X, y, K);
  if (!o.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(o.error()));
    LABELCHECK_FUZZ_EXPECT(!labelsValid || !finite);
    LABELCHECK_FUZZ_EXPECT(gbdt.predictProba(X).size() == 0);
    return "";
  }
  LABELCHECK_FUZZ_EXPECT(labelsValid && finite);
  const RealMatrix proba = gbdt.predictProba(X);
  LABELCHECK_FUZZ_PASS(checkProba(proba, N, K));
  std::vector<uint8_t> present(size_t(K), 0);
  for (Index i = 0; i < N; ++i) present[size_t(y[i])] = 1;
  for (Index i = 0; i < N; ++i)
    for (int k = 0; k < K; ++k)
      if (!present[size_t(k)]) LABELCHECK_FUZZ_EXPECT(proba(i, k) == 0.0);
  LABELCHECK_FUZZ_EXPECT(gbdt.iterations() >= 0 && gbdt.iterations() <= p.maxIter);
  for (const GbdtTreeStats& t : gbdt.treeStats()) {
    LABELCHECK_FUZZ_EXPECT(t.leaves >= 1 && t.leaves <= p.maxLeafNodes);
    LABELCHECK_FUZZ_EXPECT(t.minLeafRows >= p.minSamplesLeaf || t.leaves == 1);
    if (p.maxDepth > 0) LABELCHECK_FUZZ_EXPECT(t.depth <= p.maxDepth);
    LABELCHECK_FUZZ_EXPECT(t.round < gbdt.iterations() && present[size_t(t.classIndex)]);
  }

  // Same inputs, same bits; infinite values at prediction land in the outer bins.
  GradientBoostedTrees again(p);
  LABELCHECK_FUZZ_EXPECT(again.fit(X, y, K).ok());
  LABELCHECK_FUZZ_EXPECT(sameMatrixBits(again.predictProba(X), proba));
  RealMatrix extreme = X;
  for (Index i = 0; i < N; i += 3) extreme(i, i % D) = (i % 2) ? std::numeric_limits<double>::infinity() : -1e308;
  LABELCHECK_FUZZ_PASS(checkProba(gbdt.predictProba(extreme), N, K));

  if (flags & 4) {  // a subset through `rows`, in a scrambled order, against a copy of it
    std::vector<Index> rows;
    for (Index i = 0; i < N; ++i)
      if ((i * 5 + seed) % 3 != 0) rows.push_back((i * 17 + seed) % N);
    if (rows.empty()) return "";
    RealMatrix Xc(Index(rows.size()), D);
    LabelVector yc(Index(rows.size()));
    for (size_t q = 0; q < rows.size(); ++q) {
      Xc.row(Index(q)) = X.row(rows[q]);
      yc[Index(q)] = y[rows[q]];
    }
    GradientBoostedTrees viaRows(p), viaCopy(p);
    const Outcome a = viaRows.fit(X, y, K, &rows), b = viaCopy.fit(Xc, yc, K);
    LABELCHECK_FUZZ_EXPECT(a.ok() && b.ok());
    LABELCHECK_FUZZ_EXPECT(viaRows.iterations() == viaCopy.iterations());
    LABELCHECK_FUZZ_EXPECT(sameMatrixBits(viaRows.predictProba(X), viaCopy.predictProba(X)));
    LABELCHECK_FUZZ_EXPECT(sameMatrixBits(viaRows.predictProba(X, &rows), viaCopy.predictProba(Xc)));
  }
  return "";
}

}  // namespace labelcheck::fuzz
