// Numbers as spreadsheets print them. See formatted_number.hpp.
#include "labelcheck/formatted_number.hpp"

#include "detail/ascii.hpp"

namespace labelcheck {

namespace {

// Signs, then the ISO 4217 codes of the most traded currencies (bank and accounting exports
// write "EUR 1.234,50").
constexpr std::string_view kCurrencies[] = {"$",   "€",   "£",   "¥",   "₹",   "₩",   "₽",   "₺",   "₪",   "₫",
                                            "₴",   "฿",   "¢",   "USD", "EUR", "GBP", "JPY", "CHF", "CNY", "INR",
                                            "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL",
                                            "MXN", "ZAR", "KRW", "HKD", "SGD", "TRY", "RUB"};
constexpr std::string_view kSpaces[] = {" ", "\u00a0", "\u202f", "\u2009"};
constexpr std::string_view kApostrophes[] = {"'", "\u2019"};

using detail::isDigit;

// A list of tokens to match (one instantiation of `all` per list length, one matcher for all).
struct Options {
  const std::string_view* begin;
  const std::string_view* end;
};
template <size_t N>
Options all(const std::string_view (&options)[N]) {
  return {options, options + N};
}

// If s starts (atEnd: ends) with one of `options`, removes it and returns it; else returns empty.
std::string_view take(std::string_view& s, Options options, bool atEnd) {
  for (const std::string_view* o = options.begin; o != options.end; ++o) {
    if (s.size() < o->size() || s.substr(atEnd ? s.size() - o->size() : 0, o->size()) != *o) continue;
    if (atEnd) s.remove_suffix(o->size());
    else s.remove_prefix(o->size());
    return *o;
  }
  return {};
}
std::string_view takePrefix(std::string_view& s, Options options) { return take(s, options, false); }
std::string_view takeSuffix(std::string_view& s, Options options) { return take(s, options, true); }

// '+', '-', or the minus sign U+2212 (Nordic spreadsheets export it).
bool takeSign(std::string_view& s, bool& negative) {
  if (s.substr(0, 3) == "\u2212") {
    negative = true;
    s.remove_prefix(3);
    return true;
  }
  if (s.empty() || (s[0] != '-' && s[0] != '+')) return false;
  negative = s[0] == '-';
  s.remove_prefix(1);
  return true;
}

// The separator that may follow an integer group at the front of s, or empty: one of the
// spaces, an apostrophe, or the one punctuation mark that is not the decimal mark.
std::string_view groupSeparatorAt(std::string_view s, char groupMark) {
  if (!s.empty() && s[0] == groupMark) return s.substr(0, 1);
  std::string_view rest = s;
  if (std::string_view sp = takePrefix(rest, all(kSpaces)); !sp.empty()) return sp;
  return takePrefix(rest, all(kApostrophes));
}

// digits: appends the number to `out` as a plain decimal ('.' as the mark). False if s is not
// exactly digits by the rule.
bool readDigits(std::string_view s, bool decimalComma, std::string& out, bool& grouped) {
  const char decimalMark = decimalComma ? ',' : '.';
  const char groupMark = decimalComma ? '.' : ',';
  size_t p = 0;
  while (p < s.size() && isDigit(s[p])) out.push_back(s[p++]);
  const size_t firstGroup = p;
  std::string_view separator;
  while (p < s.size()) {
    const std::string_view sep = groupSeparatorAt(s.substr(p), groupMark);
    if (sep.empty()) break;
    if (firstGroup == 0 || firstGroup > 3 || (!separator.empty() && sep != separator)) return false;
    separator = sep;
    p += sep.size();
    for (int i = 0; i < 3; ++i, ++p) {
      if (p >= s.size() || !isDigit(s[p])) return false;
      out.push_back(s[p]);
    }
    if (p < s.size() && isDigit(s[p])) return false;  // a group longer than 3
  }
  grouped = !separator.empty();
  if (p < s.size() && s[p] == decimalMark) {
    out.push_back('.');
    const size_t fracStart = ++p;
    while (p < s.size() && isDigit(s[p])) out.push_back(s[p++]);
    if (p == fracStart) return false;
  } else if (firstGroup == 0) {
    return false;
  }
  return p == s.size();
}

}  // namespace

NumberToken parseFormattedNumber(std::string_view token, bool decimalComma, std::string& scratch,
                                 NumberFormat& format, double& value) {
  format = NumberFormat{};
  std::string_view s = token;
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    format.parenthesised = true;
    s = s.substr(1, s.size() - 2);
  }
  bool negative = false;
  bool signed_ = takeSign(s, negative);
  format.currency = takePrefix(s, all(kCurrencies));
  if (!format.currency.empty()) {
    takePrefix(s, all(kSpaces));
    if (!signed_) signed_ = takeSign(s, negative);
  }
  if (!s.empty() && s.back() == '%') {
    format.percent = true;
    s.remove_suffix(1);
    takeSuffix(s, all(kSpaces));
  }
  if (format.currency.empty()) {
    format.currency = takeSuffix(s, all(kCurrencies));
    if (!format.currency.empty()) takeSuffix(s, all(kSpaces));
  }
  if ((signed_ && format.parenthesised) || (format.percent && !format.currency.empty())) return NumberToken::NotNumber;
  scratch.clear();
  if (negative || format.parenthesised) scratch.push_back('-');
  if (!readDigits(s, decimalComma, scratch, format.grouped)) return NumberToken::NotNumber;
  const NumberToken read = parseNumberToken(scratch, false, value);
  if (read == NumberToken::Finite && format.percent) value /= 100.0;
  return read;
}

}  // namespace labelcheck
