// What the usage snippets of the public headers may use besides their `given:` inputs (see
// tests/cpp/header_snippets.cmake for the marker format).
#pragma once

namespace labelcheck_snippets {

// use(x, ...): stands for the caller's own code doing something with the values.
template <typename... T>
void use(const T&...) {}

}  // namespace labelcheck_snippets
