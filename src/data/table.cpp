// Column typing: numbers, missing tokens, and the numeric / categorical / text / identifier rule.
#include "labelcheck/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "detail/ascii.hpp"
#include "detail/column_typing.hpp"
#include "detail/date_time.hpp"
#include "labelcheck/formatted_number.hpp"

// libstdc++ >= 11 has std::from_chars for double; Emscripten 3.1.6's libc++ 13 declares it only
// in a comment, so there the slow path uses strtod (musl's strtod always uses '.', whatever
// the locale, and rounds correctly).
#include <charconv>
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#define LABELCHECK_HAVE_FLOAT_FROM_CHARS 1
#else
#define LABELCHECK_HAVE_FLOAT_FROM_CHARS 0
#endif

namespace labelcheck {

namespace {

using detail::isDigit;
char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

// Exact powers of ten: 10^0..10^22 are representable, so m * 10^e with m < 2^53 is correctly
// rounded by one multiplication or division (Clinger's fast path).
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Correctly rounded conversion of an already validated decimal (ASCII, '.' as the point).
// Returns false if it overflowed to infinity.
bool slowConvert(const char* begin, const char* end, long long decimalExponent, double& value) {
#if LABELCHECK_HAVE_FLOAT_FROM_CHARS
  const char* p = begin;
  const bool negative = *p == '-';
  if (*p == '+' || *p == '-') ++p;  // from_chars does not take '+', and we add the sign
  double v = 0;
  const std::from_chars_result r = std::from_chars(p, end, v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Out of range: decide by the magnitude whether it overflowed or underflowed.
    v = decimalExponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  value = negative ? -v : v;
#else
  (void)decimalExponent;
  std::string buffer(begin, end);  // strtod needs a terminator; only on the rare slow path
  value = std::strtod(buffer.c_str(), nullptr);
#endif
  return std::isfinite(value);
}

// Every value of `raw` read by the formatted-number rule (formatted_number.hpp), or false. One
// currency sign per column: amounts in different currencies are not one scale. `what` lists the
// forms seen, for the column's reason.
bool readFormattedColumn(const StringColumn& raw, bool decimalComma, std::vector<double>& numbers, Index& missing,
                         Index& nonFinite, std::string& what) {
  const Index n = raw.size();
  numbers.clear();  // sized at the first number: a string column costs no copy
  missing = nonFinite = 0;
  std::string scratch;
  std::string_view currency;
  bool grouped = false, percent = false, parenthesised = false;
  for (Index i = 0; i < n; ++i) {
    const std::string_view t = trimAscii(raw.at(i));
    if (isMissingToken(t)) {
      ++missing;
      continue;
    }
    NumberFormat f;
    double v = 0;
    const NumberToken read = parseFormattedNumber(t, decimalComma, scratch, f, v);
    if (read == NumberToken::NotNumber) return false;
    if (numbers.empty()) numbers.assign(static_cast<size_t>(n), std::numeric_limits<double>::quiet_NaN());
    if (read == NumberToken::Finite) {
      numbers[static_cast<size_t>(i)] = v;
    } else {  // NonFinite: stays NaN, counted as missing as for plain numbers
      ++nonFinite;
      ++missing;
    }
    if (!f.currency.empty()) {
      if (!currency.empty() && currency != f.currency) return false;
      currency = f.currency;
    }
    grouped = grouped || f.grouped;
    percent = percent || f.percent;
    parenthesised = parenthesised || f.parenthesised;
  }
  if (numbers.empty()) numbers.assign(static_cast<size_t>(n), std::numeric_limits<double>::quiet_NaN());
  // "a, b and c"
  const int count = !currency.empty() + grouped + percent + parenthesised;
  int listed = 0;
  const auto add = [&](std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    if (listed > 0) what += listed + 1 == count ? " and " : ", ";
    ++listed;
    what.append(a).append(b).append(c);
  };
  what.clear();
  if (!currency.empty()) add("a currency sign (", currency, ")");
  if (grouped) add("thousands separators");
  if (percent) add("percent signs (12.5% read as 0.125)");
  if (parenthesised) add("accounting negatives ((5) read as -5)");
  return true;
}

}  // namespace

const char* columnKindName(ColumnKind kind) noexcept {
  switch (kind) {
    case ColumnKind::Numeric: return "numeric";
    case ColumnKind::Categorical: return "categorical";
    case ColumnKind::Text: return "text";
    case ColumnKind::Identifier: return "identifier";
  }
  return "unknown";
}

std::string_view trimAscii(std::string_view s) noexcept {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t b = 0, e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool isMissingToken(std::string_view t) noexcept {
  switch (t.size()) {
    case 0: return true;
    case 1: return t[0] == '?' || t[0] == '-';
    case 2: return t == "NA";
    case 3: return t == "N/A" || t == "n/a" || t == "NaN" || t == "nan";
    case 4: return t == "null" || t == "NULL" || t == "None" || t == "#N/A";
    // A spreadsheet's error values: a formula's result that is no value (never data).
    case 5: return t == "#REF!" || t == "#NUM!";
    case 6: return t == "#NAME?" || t == "#NULL!";
    case 7: return t == "#DIV/0!" || t == "#VALUE!" || t == "#SPILL!";
    default: return false;
  }
}

NumberToken parseNumberToken(std::string_view t, bool decimalComma, double& value) {
  const char* const begin = t.data();
  const char* const end = begin + t.size();
  const char* p = begin;
  if (p == end) return NumberToken::NotNumber;
  const bool negative = *p == '-';
  if (*p == '+' || *p == '-') ++p;
  if (p == end) return NumberToken::NotNumber;

  if (!isDigit(*p) && *p != '.' && *p != ',') {
    const std::string_view rest(p, static_cast<size_t>(end - p));
    if (equalsIgnoreCase(rest, "inf") || equalsIgnoreCase(rest, "infinity")) {
      value = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      return NumberToken::NonFinite;
    }
    return NumberToken::NotNumber;
  }

  // Grammar check and fast-path mantissa in one scan.
  uint64_t mantissa = 0;
  int significant = 0;       // digits accumulated into mantissa (after leading zeros)
  long long dropped = 0;     // integer digits not accumulated (beyond 19)
  long long fracUsed = 0;    // fraction digits accumulated
  bool truncated = false;
  long long intDigits = 0, fracDigits = 0;
  long long leadingIntZerosOrDigits = 0;
  const char* point = nullptr;
  for (; p != end && isDigit(*p); ++p, ++intDigits) {
    if (significant == 0 && *p == '0') continue;
    if (significant < 19) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
      ++significant;
    } else {
      ++dropped;
      truncated = truncated || *p != '0';
    }
  }
  leadingIntZerosOrDigits = intDigits;
  if (p != end && (*p == '.' || (decimalComma && *p == ','))) {
    point = p++;
    for (; p != end && isDigit(*p); ++p, ++fracDigits) {
      if (significant == 0 && *p == '0') {
        ++fracUsed;
        continue;
      }
      if (significant < 19) {
        mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
        ++significant;
        ++fracUsed;
      } else {
        truncated = truncated || *p != '0';
      }
    }
  }
  if (intDigits + fracDigits == 0) return NumberToken::NotNumber;
  long long exponent = 0;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool expNegative = false;
    if (p != end && (*p == '+' || *p == '-')) expNegative = *p++ == '-';
    if (p == end || !isDigit(*p)) return NumberToken::NotNumber;
    for (; p != end && isDigit(*p); ++p)
      if (exponent < 100000) exponent = exponent * 10 + (*p - '0');  // saturate: 1e999999 is inf
    if (expNegative) exponent = -exponent;
  }
  if (p != end) return NumberToken::NotNumber;

  const long long e10 = exponent + dropped - fracUsed;
  if (mantissa == 0 && !truncated) {
    value = negative ? -0.0 : 0.0;
    return NumberToken::Finite;
  }
  if (!truncated && significant <= 15 && e10 >= -22 && e10 <= 22) {
    double v = static_cast<double>(mantissa);
    v = e10 >= 0 ? v * kPow10[e10] : v / kPow10[-e10];
    value = negative ? -v : v;
    return NumberToken::Finite;
  }
  // Rare: many digits or a large exponent. Normalise the comma and convert exactly.
  const long long magnitude = exponent + leadingIntZerosOrDigits;
  bool finite;
  if (point != nullptr && *point == ',') {
    std::string copy(t);
    copy[static_cast<size_t>(point - begin)] = '.';
    finite = slowConvert(copy.data(), copy.data() + copy.size(), magnitude, value);
  } else {
    finite = slowConvert(begin, end, magnitude, value);
  }
  return finite ? NumberToken::Finite : NumberToken::NonFinite;
}

bool looksLikeIdName(std::string_view rawName) noexcept {
  const std::string_view name = trimAscii(rawName);
  static constexpr std::string_view kExact[] = {"",       "id",     "idx",        "index",  "row",
                                                "rowid",  "row_id", "row_number", "rownum", "key",
                                                "uuid",   "guid",   "unnamed: 0", "#"};
  for (std::string_view k : kExact)
    if (equalsIgnoreCase(name, k)) return true;
  const size_t n = name.size();
  if (n > 3) {
    const std::string_view tail = name.substr(n - 3);
    if (equalsIgnoreCase(tail, "_id") || equalsIgnoreCase(tail, "-id") || equalsIgnoreCase(tail, " id"))
      return true;
    const std::string_view head = name.substr(0, 3);
    if (equalsIgnoreCase(head, "id_") || equalsIgnoreCase(head, "id-") || equalsIgnoreCase(head, "id ")) return true;
  }
  // camelCase: userId, customerID
  if (n > 2 && name[n - 2] == 'I' && (name[n - 1] == 'd' || name[n - 1] == 'D') && name[n - 3] >= 'a' &&
      name[n - 3] <= 'z')
    return true;
  return false;
}

Index Column::size() const noexcept {
  switch (kind) {
    case ColumnKind::Numeric: return static_cast<Index>(numbers.size());
    case ColumnKind::Categorical: return static_cast<Index>(codes.size());
    default: return strings.size();
  }
}

bool Column::isMissing(Index i) const {
  switch (kind) {
    case ColumnKind::Numeric: return std::isnan(numbers[static_cast<size_t>(i)]);
    case ColumnKind::Categorical: return codes[static_cast<size_t>(i)] < 0;
    default: return isMissingToken(trimAscii(strings.at(i)));
  }
}

Index Table::findColumn(std::string_view name) const noexcept {
  for (size_t j = 0; j < columns.size(); ++j)
    if (columns[j].name == name) return static_cast<Index>(j);
  return -1;
}

Index Table::fileRow(Index tableRow) const noexcept {
  // Skipped record i is file row s_i, with s_i - i table rows before it (non-decreasing in i):
  // table row r has every skipped record with s_i - i <= r before it.
  const std::vector<SkippedRow>& s = meta.skippedRows;
  size_t lo = 0, hi = s.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (s[mid].row - static_cast<Index>(mid) <= tableRow) lo = mid + 1;
    else hi = mid;
  }
  return tableRow + static_cast<Index>(lo);
}

RowSpans fileRowSpans(const Table& t) {
  RowSpans out;
  const size_t n = static_cast<size_t>(t.fileRowCount());
  out.offsets.reserve(n);
  out.ends.reserve(n);
  out.lines.reserve(n);
  size_t kept = 0;
  for (const SkippedRow& s : t.meta.skippedRows) {
    for (; kept < t.rowOffsets.size() && static_cast<Index>(out.offsets.size()) < s.row; ++kept) {
      out.offsets.push_back(t.rowOffsets[kept]);
      out.ends.push_back(t.rowEnds[kept]);
      out.lines.push_back(t.rowLines[kept]);
    }
    out.offsets.push_back(s.offset);
    out.ends.push_back(s.end);
    out.lines.push_back(s.line);
  }
  out.offsets.insert(out.offsets.end(), t.rowOffsets.begin() + static_cast<std::ptrdiff_t>(kept), t.rowOffsets.end());
  out.ends.insert(out.ends.end(), t.rowEnds.begin() + static_cast<std::ptrdiff_t>(kept), t.rowEnds.end());
  out.lines.insert(out.lines.end(), t.rowLines.begin() + static_cast<std::ptrdiff_t>(kept), t.rowLines.end());
  return out;
}

namespace detail {

NumericCell readNumericCell(std::string_view t, bool decimalComma, double& v) {
  if (isMissingToken(t)) {
    v = std::numeric_limits<double>::quiet_NaN();
    return NumericCell::Missing;
  }
  switch (parseNumberToken(t, decimalComma, v)) {
    case NumberToken::NotNumber: return NumericCell::NotNumber;
    case NumberToken::Finite: return NumericCell::Finite;
    case NumberToken::NonFinite: break;
  }
  v = std::numeric_limits<double>::quiet_NaN();
  return NumericCell::NonFinite;
}

bool isNumericIdentifier(std::string_view name, const std::vector<double>& numbers, Index missing,
                         const TypingOptions& options) {
  return options.detectIdentifiers && (isRowCounter(numbers, missing) || (increasingIntegers(numbers, missing) && looksLikeIdName(name)));
}

bool increasingIntegers(const std::vector<double>& numbers, Index missing) {
  const Index n = static_cast<Index>(numbers.size());
  bool increasing = missing == 0 && n >= 2;
  for (Index i = 0; i < n && increasing; ++i) {
    const double v = numbers[static_cast<size_t>(i)];
    increasing = v == std::floor(v) && (i == 0 || v > numbers[static_cast<size_t>(i) - 1]);
  }
  return increasing;
}

bool isRowCounter(const std::vector<double>& numbers, Index missing) {
  const Index n = static_cast<Index>(numbers.size());
  if (missing != 0 || n < kRowCounterMinRows || (numbers[0] != 0.0 && numbers[0] != 1.0)) return false;
  for (Index i = 1; i < n; ++i)
    if (numbers[static_cast<size_t>(i)] != numbers[static_cast<size_t>(i) - 1] + 1.0) return false;
  return true;
}

Column numericColumn(std::string name, std::vector<double> numbers, Index missing, Index nonFinite) {
  Column col;
  col.name = std::move(name);
  const Index n = static_cast<Index>(numbers.size());
  col.missing = missing;
  col.nonFinite = nonFinite;
  col.kind = ColumnKind::Numeric;
  col.numbers = std::move(numbers);
  if (missing == n) {
    col.reason = "no values (every cell is missing)";
  } else {
    col.reason = "all " + std::to_string(n - missing) + " non-missing values are numbers";
    if (nonFinite > 0)
      col.reason += "; " + std::to_string(nonFinite) + " infinite or overflowing values counted as missing";
  }
  return col;
}

Column numericIdentifierColumn(std::string name, StringColumn raw, bool rowCounter) {
  Column col;
  col.name = std::move(name);
  col.kind = ColumnKind::Identifier;
  col.distinct = raw.size();
  col.reason = rowCounter ? "counts the rows (0, 1, 2, ... or 1, 2, 3, ...): a row number, whatever its name"
                          : "named like an identifier and holds strictly increasing integers";
  col.strings = std::move(raw);
  return col;
}

}  // namespace detail

Column typeColumn(std::string name, StringColumn raw, const TypingOptions& options) {
  const Index n = raw.size();

  // 1. Numbers: every non-missing value must parse.
  {
    std::vector<double> numbers(static_cast<size_t>(n));
    Index missing = 0, nonFinite = 0;
    bool numeric = true;
    for (Index i = 0; i < n && numeric; ++i) {
      double& v = numbers[static_cast<size_t>(i)];
      switch (detail::readNumericCell(trimAscii(raw.at(i)), options.decimalComma, v)) {
        case detail::NumericCell::NotNumber: numeric = false; break;
        case detail::NumericCell::Finite: break;
        case detail::NumericCell::Missing: ++missing; break;
        case detail::NumericCell::NonFinite:
          ++nonFinite;
          ++missing;
          break;
      }
    }
    if (numeric) {
      if (detail::isNumericIdentifier(name, numbers, missing, options))
        return detail::numericIdentifierColumn(std::move(name), std::move(raw), detail::isRowCounter(numbers, missing));
      return detail::numericColumn(std::move(name), std::move(numbers), missing, nonFinite);
    }
  }

  // 2. Numbers as spreadsheets print them ("$1,234.50", "12.5%"): every non-missing value.
  {
    std::vector<double> numbers;
    Index missing = 0, nonFinite = 0;
    std::string what;
    if (readFormattedColumn(raw, options.decimalComma, numbers, missing, nonFinite, what)) {
      if (detail::isNumericIdentifier(name, numbers, missing, options))
        return detail::numericIdentifierColumn(std::move(name), std::move(raw), detail::isRowCounter(numbers, missing));
      Column col = detail::numericColumn(std::move(name), std::move(numbers), missing, nonFinite);
      // The forms go before the count of non-finite values ("; ..."), if any.
      const size_t semicolon = std::min(col.reason.find("; "), col.reason.size());
      if (!what.empty()) col.reason.insert(semicolon, ", written with " + what);
      return col;
    }
  }

  Column col;
  col.name = std::move(name);
  // 3. Strings: distinct values in order of first appearance, lengths, spaces.
  std::vector<int32_t> codes(static_cast<size_t>(n));
  std::vector<std::string_view> levels;
  Index missing = 0, withSpace = 0;
  uint64_t totalLength = 0;
  {
    std::unordered_map<std::string_view, int32_t> seen;
    for (Index i = 0; i < n; ++i) {
      const std::string_view t = trimAscii(raw.at(i));
      if (isMissingToken(t)) {
        codes[static_cast<size_t>(i)] = -1;
        ++missing;
        continue;
      }
      totalLength += t.size();
      if (t.find(' ') != std::string_view::npos) ++withSpace;
      auto [it, inserted] = seen.emplace(t, static_cast<int32_t>(levels.size()));
      if (inserted) levels.push_back(t);
      codes[static_cast<size_t>(i)] = it->second;
    }
  }
  const Index values = n - missing;
  const Index distinct = static_cast<Index>(levels.size());
  const Index limit = std::max<Index>(options.minCategoricalLimit,
                                      static_cast<Index>(std::ceil(options.categoricalFraction * values)));
  const double meanLength = values > 0 ? static_cast<double>(totalLength) / values : 0.0;
  col.missing = missing;
  col.distinct = distinct;
  auto fmt = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return std::string(buf);
  };

  // Every value a date or a time: when a row was collected, which a model would learn the
  // file's order from (in a file sorted by label, the labels), read as words (hashed TF-IDF)
  // otherwise. Left out, as identifiers are.
  bool dates = options.detectIdentifiers && values > 0;
  for (size_t l = 0; l < levels.size() && dates; ++l) dates = detail::looksLikeDateTime(levels[l]);
  if (dates) {
    col.kind = ColumnKind::Identifier;
    col.reason = "dates or times (\"" + std::string(levels[0].substr(0, 40)) +
                 "\"): when a row was collected, left out of the features (a model would learn the file's order from them)";
  } else if (values > 0 && meanLength >= options.textMeanLength) {
    col.kind = ColumnKind::Text;
    col.reason = "strings with mean length " + fmt(meanLength) + " >= " + fmt(options.textMeanLength);
  } else if (distinct > limit && withSpace * 2 >= values) {
    col.kind = ColumnKind::Text;
    col.reason = std::to_string(distinct) + " distinct values (more than " + std::to_string(limit) +
                 "), most containing spaces";
  } else if (options.detectIdentifiers && missing == 0 && n >= 2 && distinct == n &&
             (looksLikeIdName(col.name) || distinct > limit)) {
    col.kind = ColumnKind::Identifier;
    col.reason = looksLikeIdName(col.name) ? "named like an identifier and unique in every row"
                                           : "a different short value in every row";
  } else {
    col.kind = ColumnKind::Categorical;
    col.reason = distinct <= limit ? std::to_string(distinct) + " distinct values (at most " +
                                         std::to_string(limit) + ")"
                                   : "high cardinality: " + std::to_string(distinct) +
                                         " distinct values (more than " + std::to_string(limit) + ")";
    col.levels.reserve(levels.size());
    for (std::string_view l : levels) col.levels.emplace_back(l);
    col.codes = std::move(codes);
    return col;
  }
  col.strings = std::move(raw);
  return col;
}

}  // namespace labelcheck
