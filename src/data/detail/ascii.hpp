// ASCII character classes for the data layer's readers: locale-free (std::isdigit depends on
// the C locale and is undefined for negative chars, which UTF-8 bytes are). Private to the core.
#pragma once

namespace labelcheck::detail {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace labelcheck::detail
