#include "detail/column_builder.hpp"

#include <cstdio>
#include <utility>
#include <vector>

#include "detail/ascii.hpp"
#include "detail/column_typing.hpp"

namespace labelcheck::detail {

namespace {

// Format byte of a numeric-mode cell. Unless kVerbatim, the text is the number printed with
// "%.*f" and the low bits as the precision, '.' replaced by ',' if kComma; kEmpty: "".
constexpr uint8_t kDigitsMask = 0x1F;
constexpr uint8_t kComma = 0x20;
constexpr uint8_t kEmpty = 0x40;
constexpr uint8_t kVerbatim = 0x80;

// At most 15 digits: a decimal with up to 15 significant digits comes back unchanged from the
// correctly rounded double printed with its own number of fraction digits (the double is
// within 2^-53 relative of it, far less than half a unit in its last place).
constexpr int kMaxDigits = 15;

// Appends with growth by a quarter instead of libc++'s doubling: a column that outgrows its
// estimate (or has none) wastes at most a quarter of its size.
template <typename T>
void append(std::vector<T>& v, T x) {
  if (v.size() == v.capacity()) v.reserve(v.capacity() + v.capacity() / 4 + 16);
  v.push_back(x);
}

// The format byte if `field` (untrimmed) is exactly what printing its number gives back:
// -?(0|[1-9][0-9]*)([.,][0-9]+)?, ',' only with a decimal comma, at most 15 digits. Else
// kVerbatim. Only called for fields that parsed as finite numbers.
uint8_t formatOf(std::string_view field, bool decimalComma) {
  size_t p = 0;
  const size_t n = field.size();
  if (p < n && field[p] == '-') ++p;
  const size_t intStart = p;
  while (p < n && isDigit(field[p])) ++p;
  const size_t intDigits = p - intStart;
  if (intDigits == 0 || (intDigits > 1 && field[intStart] == '0')) return kVerbatim;
  size_t fracDigits = 0;
  uint8_t comma = 0;
  if (p < n && (field[p] == '.' || (decimalComma && field[p] == ','))) {
    comma = field[p] == ',' ? kComma : 0;
    const size_t fracStart = ++p;
    while (p < n && isDigit(field[p])) ++p;
    fracDigits = p - fracStart;
    if (fracDigits == 0) return kVerbatim;
  }
  if (p != n || intDigits + fracDigits > static_cast<size_t>(kMaxDigits)) return kVerbatim;
  return static_cast<uint8_t>(fracDigits | comma);
}

// The field text of every row of a numeric-mode column (only when it turns out to be text or an
// identifier, so speed matters little).
StringColumn rebuildText(const std::vector<double>& numbers, const std::vector<uint8_t>& formats,
                         const StringColumn& verbatim) {
  StringColumn text;
  text.ends.reserve(numbers.size());
  Index nextVerbatim = 0;
  char buffer[48];  // |value| < 1e15 with at most 15 fraction digits: under 40 characters
  for (size_t i = 0; i < numbers.size(); ++i) {
    const uint8_t f = formats[i];
    if (f & kVerbatim) {
      text.push(verbatim.at(nextVerbatim++));
    } else if (f & kEmpty) {
      text.push({});
    } else {
      const int len = std::snprintf(buffer, sizeof buffer, "%.*f", static_cast<int>(f & kDigitsMask), numbers[i]);
      if (f & kComma)
        for (int k = 0; k < len; ++k)
          if (buffer[k] == '.') buffer[k] = ',';
      text.push(std::string_view(buffer, static_cast<size_t>(len)));
    }
  }
  return text;
}

}  // namespace

void ColumnBuilder::push(std::string_view field) {
  if (m_numeric) {
    const std::string_view trimmed = trimAscii(field);
    double v = 0;
    uint8_t format = kVerbatim;
    switch (readNumericCell(trimmed, m_decimalComma, v)) {
      case NumericCell::NotNumber:
        switchToText();
        m_text.push(field);
        return;
      case NumericCell::Finite:
        format = formatOf(field, m_decimalComma);
        break;
      case NumericCell::Missing:
        ++m_missing;
        if (field.empty()) format = kEmpty;
        break;
      case NumericCell::NonFinite:
        ++m_nonFinite;
        ++m_missing;
        break;
    }
    append(m_numbers, v);
    append(m_formats, format);
    if (format == kVerbatim) m_verbatim.push(field);
    return;
  }
  m_text.push(field);
}

void ColumnBuilder::reserve(size_t rows) {
  if (m_numeric) {
    m_numbers.reserve(rows);
    m_formats.reserve(rows);
    return;
  }
  // Text: as many bytes per row as so far.
  const size_t have = m_text.ends.size();
  if (have > 0 && rows > have) m_text.bytes.reserve(m_text.bytes.size() / have * rows + m_text.bytes.size() % have);
  m_text.ends.reserve(rows);
}

void ColumnBuilder::switchToText() {
  m_text = rebuildText(m_numbers, m_formats, m_verbatim);
  m_numbers = {};
  m_formats = {};
  m_verbatim = {};
  m_numeric = false;
}

Column ColumnBuilder::finish(std::string headerName, const TypingOptions& options) {
  ColumnBuilder spent = std::move(*this);
  *this = ColumnBuilder(spent.m_decimalComma);
  if (!spent.m_numeric) return typeColumn(std::move(headerName), std::move(spent.m_text), options);
  if (isNumericIdentifier(headerName, spent.m_numbers, spent.m_missing, options)) {
    // The identifier keeps its field text, as typeColumn does.
    const bool counter = isRowCounter(spent.m_numbers, spent.m_missing);
    return numericIdentifierColumn(std::move(headerName),
                                   rebuildText(spent.m_numbers, spent.m_formats, spent.m_verbatim), counter);
  }
  // The numbers move into the column as they are: no copy (reserve() sized them).
  return numericColumn(std::move(headerName), std::move(spent.m_numbers), spent.m_missing, spent.m_nonFinite);
}

}  // namespace labelcheck::detail
