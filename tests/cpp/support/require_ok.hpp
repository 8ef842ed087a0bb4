// The value of a Result the test needs, or a failed REQUIRE that shows the error's message.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "labelcheck/status.hpp"

namespace labelcheck::test {

template <class T>
T requireOk(Result<T> r) {
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace labelcheck::test
