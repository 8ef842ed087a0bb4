// Native timing of the whole pipeline on one CSV, for bench/pipeline.bench.mjs (on demand).
//
//   build/bench/bench/labelcheck_pipeline_native FILE [--label NAME] [--model auto|logistic|knn|gbdt] [--threads N] [--budget S]
//
// Prints one JSON line: wall seconds (read excluded), the pipeline's own stage timings, the
// number of issues, the model used and the process's peak resident memory.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "labelcheck/pipeline.hpp"

using namespace labelcheck;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [--label NAME] [--model auto|logistic|knn|gbdt] [--threads N] [--budget S]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  PipelineOptions o;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--label") o.label = ColumnRef::byName(value);
    if (flag == "--model") o.cv.model = parseCvModel(value).ok() ? parseCvModel(value).value() : CvModel::Auto;
    if (flag == "--threads") o.cv.threads = std::atoi(value.c_str());
    if (flag == "--budget") o.cv.budget = std::atof(value.c_str());
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto r = checkLabels(text, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.ok()) {
    std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
    return 1;
  }
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  const PipelineTimings& t = r.value().timings;
  std::printf(
      "{\"seconds\": %.4f, \"timingsMs\": {\"parse\": %.1f, \"encode\": %.1f, \"crossValidation\": %.1f, "
      "\"findIssues\": %.1f, \"total\": %.1f}, \"issues\": %zu, \"model\": \"%s\", \"csvBytes\": %zu, "
      "\"peakRssBytes\": %ld}\n",
      secs, t.parseMs, t.encodeMs, t.crossValidationMs, t.findIssuesMs, t.totalMs, r.value().issues.size(),
      r.value().modelChoice.c_str(), text.size(), ru.ru_maxrss * 1024L);
  return 0;
}
