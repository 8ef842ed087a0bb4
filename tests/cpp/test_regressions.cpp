// Inputs found by fuzzing (tests/fuzz/regressions/<target>/) and the fuzzers' seed corpus
// (tests/fuzz/corpus/<target>/), replayed through the same harness code the libFuzzer targets
// run (tests/fuzz/harness.hpp, harness_gbdt.hpp, harness_audit.hpp). Under scripts/test-hardening.sh this binary is built with ASan
// and UBSan, so a crash or undefined behaviour on any of these files fails the suite; natively,
// the harness's own invariants (chunked CSV = whole CSV, shapes, index ranges...) are checked.
// A regression test per fixed bug, with the input spelled out, follows the replay.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../fuzz/harness.hpp"
#include "../fuzz/harness_audit.hpp"
#include "../fuzz/harness_gbdt.hpp"

namespace fs = std::filesystem;
using namespace labelcheck;

namespace {

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using Harness = std::string (*)(const uint8_t*, size_t);

// Every file under tests/fuzz/{regressions,corpus}/<target>, in name order.
void replay(const char* target, Harness harness) {
  std::vector<fs::path> files;
  for (const char* kind : {"regressions", "corpus"}) {
    const fs::path dir = fs::path(LABELCHECK_REPO_DIR) / "tests" / "fuzz" / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  for (const fs::path& file : files) {
    INFO(file.string());
    const std::string bytes = readBytes(file);
    CHECK(harness(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == "");
  }
}

}  // namespace

TEST_CASE("regressions: fuzz_csv inputs", "[regressions][csv]") { replay("fuzz_csv", fuzz::fuzzCsv); }
TEST_CASE("regressions: fuzz_encode inputs", "[regressions][encode]") { replay("fuzz_encode", fuzz::fuzzEncode); }
TEST_CASE("regressions: fuzz_confident_learning inputs", "[regressions][cj]") {
  replay("fuzz_confident_learning", fuzz::fuzzConfidentLearning);
}
TEST_CASE("regressions: fuzz_models inputs", "[regressions][models]") { replay("fuzz_models", fuzz::fuzzModels); }
TEST_CASE("regressions: fuzz_gbdt inputs", "[regressions][gbdt]") { replay("fuzz_gbdt", fuzz::fuzzGbdt); }
TEST_CASE("regressions: fuzz_audit inputs", "[regressions][audit]") { replay("fuzz_audit", fuzz::fuzzAudit); }

// fuzz_csv: the chunked reader started parsing after 20 '\n' bytes, which blank lines (or line
// breaks inside quotes) reach before 10 records, so it detected the delimiter on fewer records
// than parseCsv on the whole text and could choose another one.
TEST_CASE("regressions: delimiter detection does not depend on chunking", "[regressions][csv]") {
  // The first two records alone are consistent with ',' (chosen first on a tie); all ten are
  // only consistent with '|'.
  std::string text = "x,y|z\n1,5|2\n";
  text += std::string(30, '\n');
  for (int i = 0; i < 10; ++i) text += "3|4\n";
  Result<Table> whole = parseCsv(text);
  REQUIRE(whole.ok());
  CsvReader reader;
  for (char c : text) REQUIRE(reader.feed(std::string_view(&c, 1)).ok());
  Result<Table> chunked = reader.finish();
  REQUIRE(chunked.ok());
  CHECK(whole.value().meta.delimiter == '|');
  CHECK(chunked.value().meta.delimiter == whole.value().meta.delimiter);
  CHECK(chunked.value().columnCount() == whole.value().columnCount());
}
