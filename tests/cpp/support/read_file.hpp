// How tests and benchmarks read a file (a CSV of ../shared/datasets, a corpus case, a README).
#pragma once
#include <fstream>
#include <sstream>
#include <string>

namespace labelcheck::test {
// The bytes of a file; empty if it cannot be read (the caller's checks on the content then fail).
inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace labelcheck::test
