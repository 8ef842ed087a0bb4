// The JSON contract of ../shared/fixtures/cleanlab/README.md answered by the core: one
// cleanlab call (or a batch of calls on one input) in, cleanlab-shaped results out.
// Used by the cleanlab-contract command and by the golden-fixture test.
#pragma once

#include <nlohmann/json.hpp>

namespace labelcheck::contract {

using nlohmann::json;

// single: {"labels", "pred_probs", "pred_probs_dtype", "call", "args"} -> {"ok", "result" | "error"}
// batch:  {"labels", "pred_probs", "pred_probs_dtype", "calls": [{"id", "call", "args"}]}
//         -> {"results": [{"id", "ok", ...}]}
// Throws nlohmann::json exceptions on requests that do not have this shape.
json answerRequest(const json& request);

}  // namespace labelcheck::contract
