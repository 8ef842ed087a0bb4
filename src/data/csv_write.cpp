// Byte-exact rewrites of a checked CSV (csv_write.hpp).
#include "labelcheck/csv_write.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "labelcheck/csv_record.hpp"

namespace labelcheck {

namespace {

Error misfit(const std::string& what) {
  return makeError(Status::InvalidArgument, "the result does not describe these bytes: " + what);
}

// The spans must lie in the input, in order, one after another.
Outcome checkLayout(std::string_view input, const CsvLayout& l) {
  if (l.bytes != input.size())
    return misfit("it was made from " + std::to_string(l.bytes) + " bytes, these are " + std::to_string(input.size()));
  if (l.rowOffsets.size() != l.rowEnds.size()) return misfit("row offsets and ends differ in length");
  if (l.headerEnd > input.size()) return misfit("the header ends past the input");
  uint64_t previous = l.header ? l.headerEnd : 0;
  for (size_t r = 0; r < l.rowOffsets.size(); ++r) {
    if (l.rowOffsets[r] < previous || l.rowEnds[r] < l.rowOffsets[r] || l.rowEnds[r] > input.size())
      return misfit("row " + std::to_string(r) + " lies outside the input or out of order");
    previous = l.rowEnds[r];
  }
  return {};
}

// UTF-8 text in the file's encoding: Latin-1 files get one byte per code point ('?' for what
// Latin-1 lacks; class names read from a Latin-1 file always fit).
std::string encodeFor(std::string_view utf8, TextEncoding encoding) {
  if (encoding == TextEncoding::Utf8) return std::string(utf8);
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto u = static_cast<unsigned char>(utf8[i]);
    if (u < 0x80) {
      out.push_back(static_cast<char>(u));
      ++i;
    } else if ((u & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      const unsigned cp = ((u & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      out.push_back(cp < 0x100 ? static_cast<char>(cp) : '?');
      i += 2;
    } else {
      out.push_back('?');
      ++i;
      while (i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

struct Insertion {
  uint64_t at;
  std::string text;
};

std::string splice(std::string_view input, std::vector<Insertion>& insertions) {
  std::stable_sort(insertions.begin(), insertions.end(), [](const Insertion& a, const Insertion& b) { return a.at < b.at; });
  size_t extra = 0;
  for (const Insertion& i : insertions) extra += i.text.size();
  std::string out;
  out.reserve(input.size() + extra);
  uint64_t pos = 0;
  for (const Insertion& i : insertions) {
    out.append(input.substr(pos, i.at - pos));
    out.append(i.text);
    pos = i.at;
  }
  out.append(input.substr(pos));
  return out;
}

}  // namespace

CsvLayout CsvLayout::of(const Table& t) {
  CsvLayout l;
  l.delimiter = t.meta.delimiter;
  l.encoding = t.meta.encoding;
  l.bytes = t.meta.bytes;
  l.header = t.meta.headerLine > 0;
  l.headerEnd = t.meta.headerEnd;
  RowSpans spans = fileRowSpans(t);
  l.rowOffsets = std::move(spans.offsets);
  l.rowEnds = std::move(spans.ends);
  return l;
}

std::string formatShortest(double x) {
  if (!std::isfinite(x)) return "";
  if (x == 0) return "0";
  // The shortest digits: for a normal double, 15 significant digits always read back when any
  // <= 15 do (it has more than 15.9 digits of precision), and 17 always do; a subnormal has
  // fewer, so every precision is tried. Correct rounding at the first precision that reads back
  // gives the closest such decimal, as JavaScript chooses.
  char buf[40];
  const bool subnormal = std::fabs(x) < std::numeric_limits<double>::min();
  for (int digits = subnormal ? 1 : 15; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  // buf: [-]d.ddddde[+-]XX -> sign, digits without trailing zeros, decimal exponent n (x = 0.digits * 10^n).
  std::string s(buf);
  std::string out;
  size_t i = 0;
  if (s[0] == '-') {
    out.push_back('-');
    i = 1;
  }
  const size_t e = s.find('e');
  std::string digits;
  for (size_t k = i; k < e; ++k)
    if (s[k] != '.') digits.push_back(s[k]);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int n = std::atoi(s.c_str() + e + 1) + 1;
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e";
    out += n - 1 >= 0 ? "+" : "-";
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string csvField(std::string_view value, char delimiter, char quote) {
  const bool needs = value.find_first_of(std::string{delimiter, quote, '\r', '\n'}) != std::string_view::npos;
  if (!needs) return std::string(value);
  std::string out(1, quote);
  for (char c : value) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
  return out;
}

std::vector<bool> annotationColumnMask(const Table& table) {
  const size_t n = table.columns.size();
  // Names as in the header: a file annotated twice has each name twice, and the reader calls
  // the second is_label_issue_2 (and so on).
  std::vector<std::string_view> header(n);
  for (size_t j = 0; j < n; ++j) header[j] = table.columns[j].name;
  for (const RenamedColumn& r : table.meta.renamedColumns)
    if (r.index >= 0 && static_cast<size_t>(r.index) < n) header[static_cast<size_t>(r.index)] = r.original;
  std::vector<bool> mask(n, false);
  bool present[3] = {false, false, false};
  for (size_t j = 0; j < n; ++j)
    for (size_t k = 0; k < 3; ++k)
      if (header[j] == kAnnotationColumns[k]) mask[j] = present[k] = true;
  if (!(present[0] && present[1] && present[2])) mask.assign(n, false);
  return mask;
}

Result<std::string> annotateCsv(std::string_view input, const CsvLayout& l, const RowAnnotations& a) {
  LABELCHECK_TRY(checkLayout(input, l));
  const size_t n = a.sourceRows.size();
  if (a.isLabelIssue.size() != n || a.labelQuality.size() != n || a.suggestedLabel.size() != n)
    return misfit("the examples' arrays differ in length");
  const std::string d(1, l.delimiter);
  std::vector<std::string> classCells;
  for (const std::string& name : a.classNames) classCells.push_back(csvField(encodeFor(name, l.encoding), l.delimiter, l.quote));

  std::vector<Insertion> insertions;
  insertions.reserve(l.rowEnds.size() + 1);
  if (l.header)
    insertions.push_back({l.headerEnd, d + kAnnotationColumns[0] + d + kAnnotationColumns[1] + d + kAnnotationColumns[2]});
  const std::string empty = d + d + d;
  size_t e = 0;
  for (size_t r = 0; r < l.rowEnds.size(); ++r) {
    if (e < n && a.sourceRows[e] < static_cast<int64_t>(r)) return misfit("the example rows are not increasing");
    if (e < n && a.sourceRows[e] == static_cast<int64_t>(r)) {
      const int32_t k = a.suggestedLabel[e];
      if (k < 0 || static_cast<size_t>(k) >= classCells.size()) return misfit("a suggested class is out of range");
      insertions.push_back({l.rowEnds[r], d + (a.isLabelIssue[e] ? "true" : "false") + d +
                                              formatShortest(a.labelQuality[e]) + d + classCells[static_cast<size_t>(k)]});
      ++e;
    } else {
      insertions.push_back({l.rowEnds[r], empty});
    }
  }
  if (e != n) return misfit("an example's row is not a data row");
  return splice(input, insertions);
}

Result<std::string> relabelCsv(std::string_view input, const CsvLayout& l, int64_t column, std::vector<LabelChange> changes) {
  LABELCHECK_TRY(checkLayout(input, l));
  if (column < 0) return makeError(Status::InvalidArgument, "relabelCsv: the column must be a 0-based index");
  std::stable_sort(changes.begin(), changes.end(), [](const LabelChange& a, const LabelChange& b) { return a.row < b.row; });
  std::vector<Insertion> cuts;  // the new cell, spliced in place of the old one (recorded by its span)
  std::vector<std::pair<uint64_t, uint64_t>> removed;
  for (size_t i = 0; i < changes.size(); ++i) {
    const int64_t r = changes[i].row;
    if (r < 0 || static_cast<uint64_t>(r) >= l.rowOffsets.size())
      return makeError(Status::InvalidArgument, "relabelCsv: no data row " + std::to_string(r) + " (the file has " +
                                                    std::to_string(l.rowOffsets.size()) + ")");
    if (i > 0 && changes[i - 1].row == r)
      return makeError(Status::InvalidArgument, "relabelCsv: row " + std::to_string(r) + " is changed twice");
    const uint64_t begin = l.rowOffsets[static_cast<size_t>(r)];
    const std::string_view record = input.substr(begin, l.rowEnds[static_cast<size_t>(r)] - begin);
    const std::vector<FieldSpan> fields = splitRecord(record, l.delimiter, l.quote);
    if (static_cast<uint64_t>(column) >= fields.size())
      return makeError(Status::InvalidArgument, "relabelCsv: row " + std::to_string(r) + " has no column " + std::to_string(column));
    const FieldSpan f = fields[static_cast<size_t>(column)];
    removed.push_back({begin + f.begin, begin + f.end});
    cuts.push_back({begin + f.begin, csvField(encodeFor(changes[i].value, l.encoding), l.delimiter, l.quote)});
  }
  std::string out;
  out.reserve(input.size() + 16 * changes.size());
  uint64_t pos = 0;
  for (size_t i = 0; i < cuts.size(); ++i) {
    out.append(input.substr(pos, removed[i].first - pos));
    out.append(cuts[i].text);
    pos = removed[i].second;
  }
  out.append(input.substr(pos));
  return out;
}

}  // namespace labelcheck
