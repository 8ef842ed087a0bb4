// cleanlab-contract: answers the JSON contract of ../shared/fixtures/cleanlab/README.md with the
// native core, so that compare.py (and anyone else) can check labelcheck against cleanlab.
// The protocol (single or batch) is chosen by the request's shape. Reads stdin, writes stdout.
#include <iostream>
#include <iterator>
#include <string>

#include "cleanlab_contract.hpp"

int main() {
  using labelcheck::contract::json;
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  json request = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded()) {
    std::cout << R"({"ok": false, "error": {"type": "INVALID_ARGUMENT", "message": "request is not JSON"}})" << "\n";
    return 2;
  }
  try {
    const json response = labelcheck::contract::answerRequest(request);
    std::cout << response.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  } catch (const std::exception& e) {
    std::cout << json{{"ok", false}, {"error", {{"type", "INVALID_ARGUMENT"}, {"message", e.what()}}}}.dump() << "\n";
    return 2;
  }
  return 0;
}
