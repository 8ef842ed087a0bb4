// The libFuzzer entry point of every fuzz target: tests/fuzz/CMakeLists.txt builds this file once
// per target with LABELCHECK_FUZZ_HEADER (the harness header) and LABELCHECK_FUZZ_FUNCTION (the
// harness function, e.g. fuzzCsv): see that function for how the bytes are read and what is checked.
#include <cstdio>
#include <cstdlib>

#include LABELCHECK_FUZZ_HEADER

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = labelcheck::fuzz::LABELCHECK_FUZZ_FUNCTION(data, size);
  if (!failure.empty()) {
    std::fprintf(stderr, "invariant failed: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
