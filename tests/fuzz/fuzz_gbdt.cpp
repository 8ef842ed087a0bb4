// libFuzzer target: see fuzzGbdt in harness_gbdt.hpp for how the bytes are read and what is checked.
#include <cstdio>
#include <cstdlib>

#include "harness_gbdt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = labelcheck::fuzz::fuzzGbdt(data, size);
  if (!failure.empty()) {
    std::fprintf(stderr, "invariant failed: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
