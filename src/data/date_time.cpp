// Dates and times in a cell. See detail/date_time.hpp.
#include "detail/date_time.hpp"

#include "detail/ascii.hpp"

namespace labelcheck::detail {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool looksLikeDateTime(std::string_view t) {
  size_t p = 0;
  auto digits = [&](size_t most) {  // how many digits were read at p (at most `most`)
    size_t n = 0;
    while (p < t.size() && n < most && isDigit(t[p])) ++p, ++n;
    return n;
  };
  auto take = [&](char c) {
    if (p >= t.size() || t[p] != c) return false;
    ++p;
    return true;
  };
  // The date: the year first (2023-01-05, 2023/01/05) or last (05/01/2023, 1/5/23, 05.01.2023).
  const size_t first = digits(4);
  if (p >= t.size()) return false;
  const char s = t[p++];
  if (first == 4 && (s == '-' || s == '/')) {
    if (digits(2) == 0 || !take(s) || digits(2) == 0) return false;
  } else if ((first == 1 || first == 2) && (s == '/' || s == '.')) {
    if (digits(2) == 0 || !take(s)) return false;
    const size_t year = digits(4);
    if (year != 2 && year != 4) return false;
  } else {
    return false;
  }
  if (p == t.size()) return true;
  // The time, then a zone or AM/PM.
  if (!take(' ') && !take('T')) return false;
  if (digits(2) == 0 || !take(':') || digits(2) != 2) return false;
  if (take(':') && digits(2) != 2) return false;
  if (take('.') && digits(9) == 0) return false;
  if (p == t.size()) return true;
  if (take('Z')) return p == t.size();
  if (take('+') || take('-')) {
    if (digits(2) != 2) return false;
    take(':');
    const size_t minutes = digits(2);
    return (minutes == 0 || minutes == 2) && p == t.size();
  }
  take(' ');
  return p + 2 == t.size() && (lower(t[p]) == 'a' || lower(t[p]) == 'p') && lower(t[p + 1]) == 'm';
}

}  // namespace labelcheck::detail
