// Every golden case in ../shared/fixtures/cleanlab/ through the core, with the fixture README's
// comparison rules: identical masks, indices and counts; floats within 1e-9 relative (float64)
// or 1e-6 relative / 1e-7 absolute (float32); either cleanlab's tie order or the stable one.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "cleanlab_contract.hpp"
#include "support/golden.hpp"
#include "support/paths.hpp"

namespace fs = std::filesystem;
using labelcheck::test::json;

namespace {
std::vector<fs::path> fixtureFiles() {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(labelcheck::test::sharedDir()) / "fixtures" / "cleanlab";
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".json" && entry.path().filename() != "index.json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

TEST_CASE("every cleanlab golden case agrees with the core", "[golden]") {
  const auto files = fixtureFiles();
  REQUIRE(files.size() >= 90);  // the visible set has 95 cases
  std::map<std::string, int> failuresByCall;
  int calls = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    const json c = json::parse(in);
    json request = {{"labels", c["inputs"]["labels"]},
                    {"pred_probs", c["inputs"]["pred_probs"]},
                    {"pred_probs_dtype", c["inputs"]["pred_probs_dtype"]},
                    {"calls", json::array()}};
    for (const auto& call : c["calls"]) request["calls"].push_back({{"id", call["id"]}, {"call", call["call"]}, {"args", call["args"]}});
    const json response = labelcheck::contract::answerRequest(request);
    const bool f32 = c["inputs"]["pred_probs_dtype"] == "float32";
    const labelcheck::test::Tolerance tol = f32 ? labelcheck::test::Tolerance{1e-6, 1e-7} : labelcheck::test::Tolerance{};
    REQUIRE(response["results"].size() == c["calls"].size());
    for (size_t i = 0; i < c["calls"].size(); ++i) {
      const json& record = c["calls"][i];
      ++calls;
      const std::string diff = labelcheck::test::compareCall(record, response["results"][i], tol);
      if (!diff.empty()) {
        ++failuresByCall[record["call"].get<std::string>()];
        UNSCOPED_INFO(c["case_id"].get<std::string>() << " :: " << record["id"].get<std::string>() << ": " << diff);
      }
    }
  }
  CAPTURE(calls);
  CHECK(failuresByCall.empty());
}
