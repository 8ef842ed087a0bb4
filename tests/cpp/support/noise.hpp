// Synthetic data with known label noise: true labels, a model that is right most of the time,
// and given labels flipped at known rows. Deterministic for a seed.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "labelcheck/matrix.hpp"

namespace labelcheck::test {

struct NoisyData {
  LabelVector trueLabels;
  LabelVector givenLabels;
  RealMatrix predProbs;        // N x K, rows sum to 1
  std::vector<Index> flipped;  // ascending
};

// N rows, K classes; `noiseRate` of the rows get a different label. The model puts
// `confidence` of its mass on the true class (spread evenly over the rest), with jitter.
inline NoisyData makeNoisyData(Index n, Index k, double noiseRate, double confidence, uint64_t seed) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&]() {  // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  auto uniform = [&]() { return static_cast<double>(next() >> 11) * 0x1.0p-53; };
  NoisyData d;
  d.trueLabels.resize(n);
  d.givenLabels.resize(n);
  d.predProbs.resize(n, k);
  for (Index i = 0; i < n; ++i) {
    const int32_t y = static_cast<int32_t>(i % k);
    d.trueLabels[i] = y;
    d.givenLabels[i] = y;
    double total = 0;
    for (Index c = 0; c < k; ++c) {
      const double base = c == y ? confidence : (1.0 - confidence) / static_cast<double>(k - 1);
      d.predProbs(i, c) = base * (0.75 + 0.5 * uniform());
      total += d.predProbs(i, c);
    }
    d.predProbs.row(i) /= total;
    if (uniform() < noiseRate) {
      d.givenLabels[i] = static_cast<int32_t>((y + 1 + static_cast<int32_t>(next() % static_cast<uint64_t>(k - 1))) % k);
      d.flipped.push_back(i);
    }
  }
  return d;
}

}  // namespace labelcheck::test
