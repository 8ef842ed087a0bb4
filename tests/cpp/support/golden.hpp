// The comparison rules of ../shared/fixtures/cleanlab/README.md ("Comparison rules", "Ties"):
// does an answer of ours agree with what cleanlab returned for one call?
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace labelcheck::test {

using nlohmann::json;

struct Tolerance {
  double rtol = 1e-9;
  double atol = 1e-12;
};

// "" when `got` (a contract response {"ok", "result" | "error"}) agrees with the call record
// (`expected`, `alternatives`, `reject_ok`, `compare`); otherwise where and how it differs.
std::string compareCall(const json& record, const json& got, const Tolerance& tol);

}  // namespace labelcheck::test
