// Speed of the Confident Learning core on synthetic noisy probabilities (on demand):
//
//   cmake -S . -B build/bench -DLABELCHECK_BENCH=ON && cmake --build build/bench -j2
//   build/bench/bench/labelcheck_core_bench --benchmark_min_time=0.5
//
// Arguments: N, K, dtype (32 or 64). Data: 10% of labels flipped uniformly, a model that puts
// ~70% of its mass on the true class with jitter (tests/cpp/support/noise.hpp).
#include <benchmark/benchmark.h>

#include <map>
#include <tuple>

#include "labelcheck/labelcheck.hpp"
#include "support/noise.hpp"

using namespace labelcheck;

namespace {
struct Data {
  LabelVector labels;
  RealMatrix p64;
  RowMatrix<float> p32;
  PredProbs view(int bits) const { return bits == 32 ? PredProbs::of(p32) : PredProbs::of(p64); }
};

const Data& data(Index n, Index k) {
  static std::map<std::pair<Index, Index>, Data> cache;
  auto it = cache.find({n, k});
  if (it == cache.end()) {
    auto d = test::makeNoisyData(n, k, 0.1, 0.7, 42);
    Data out{std::move(d.givenLabels), std::move(d.predProbs), {}};
    out.p32 = out.p64.cast<float>();
    it = cache.emplace(std::make_pair(n, k), std::move(out)).first;
  }
  return it->second;
}

template <typename Fn>
void run(benchmark::State& state, Fn&& fn) {
  const Data& d = data(state.range(0), state.range(1));
  const PredProbs pp = d.view(static_cast<int>(state.range(2)));
  for (auto _ : state) benchmark::DoNotOptimize(fn(Labels::of(d.labels), pp));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int bits : {64, 32}) {
    for (Index n : {10000, 100000, 1000000}) b->Args({n, 10, bits});
    b->Args({100000, 100, bits});
  }
  b->Unit(benchmark::kMillisecond);
}

void computeConfidentJoint(benchmark::State& s) {
  run(s, [](Labels l, const PredProbs& p) { return labelcheck::computeConfidentJoint(l, p).ok(); });
}
void findLabelIssuesPruneByNoiseRate(benchmark::State& s) {
  run(s, [](Labels l, const PredProbs& p) { return findLabelIssues(l, p).ok(); });
}
void findLabelIssuesBoth(benchmark::State& s) {
  FindLabelIssuesOptions o;
  o.filterBy = FilterBy::Both;
  run(s, [&](Labels l, const PredProbs& p) { return findLabelIssues(l, p, o).ok(); });
}
void findLabelIssuesRankedBySelfConfidence(benchmark::State& s) {
  FindLabelIssuesOptions o;
  o.rankBy = ScoreMethod::SelfConfidence;
  run(s, [&](Labels l, const PredProbs& p) { return findLabelIssues(l, p, o).ok(); });
}
void getLabelQualityScores(benchmark::State& s) {
  run(s, [](Labels l, const PredProbs& p) { return labelcheck::getLabelQualityScores(l, p).ok(); });
}
}  // namespace

BENCHMARK(computeConfidentJoint)->Apply(sizes);
BENCHMARK(findLabelIssuesPruneByNoiseRate)->Apply(sizes);
BENCHMARK(findLabelIssuesBoth)->Apply(sizes);
BENCHMARK(findLabelIssuesRankedBySelfConfidence)->Apply(sizes);
BENCHMARK(getLabelQualityScores)->Apply(sizes);
BENCHMARK_MAIN();
