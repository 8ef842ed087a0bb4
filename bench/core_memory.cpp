// Peak memory of findLabelIssues (prune_by_noise_rate) on N = 1e6, K = 10 float64, against the
// input size. Run `labelcheck_core_memory gen` once (writes data.bin in the current folder), then
// without arguments: the input is read straight into its final buffers, so the peak RSS is the
// input plus the working memory.
#include "labelcheck/labelcheck.hpp"
#include "support/noise.hpp"
#include <sys/resource.h>
#include <cstdio>
#include <cstring>

using namespace labelcheck;
static long peakKb() { rusage u; getrusage(RUSAGE_SELF, &u); return u.ru_maxrss; }
int main(int argc, char** argv) {
  const long N = 1000000, K = 10;
  if (argc > 1 && !strcmp(argv[1], "gen")) {
    auto d = test::makeNoisyData(N, K, 0.1, 0.7, 42);
    FILE* f = fopen("data.bin", "wb"); fwrite(d.givenLabels.data(), 4, N, f); fwrite(d.predProbs.data(), 8, N*K, f); fclose(f); return 0;
  }
  LabelVector y(N); RealMatrix p(N, K);
  FILE* f = fopen("data.bin", "rb"); if (fread(y.data(), 4, N, f) != (size_t)N || fread(p.data(), 8, N*K, f) != (size_t)(N*K)) return 1; fclose(f);
  long peak0 = peakKb();
  auto r = findLabelIssues(Labels::of(y), PredProbs::of(p));
  long peak1 = peakKb();
  std::printf("input %.1f MB; peak RSS with input loaded %.1f MB; peak after findLabelIssues %.1f MB (%.2fx input); flagged %ld\n", (p.size()*8 + N*4)/1e6, peak0/1e3, peak1/1e3, peak1 / ((p.size()*8 + N*4)/1e3), (long)r.value().indices.size());
}
