// Splitting one already-delimited record into fields (csv_record.hpp): the reader's field rules
// without its record, line and typing bookkeeping.
#include "labelcheck/csv_record.hpp"

namespace labelcheck {

std::vector<FieldSpan> splitRecord(std::string_view record, char delimiter, char quote) {
  std::vector<FieldSpan> fields;
  uint64_t start = 0;
  bool inQuotes = false;
  bool quoted = false;  // the current field started with a quote
  for (uint64_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (inQuotes) {
      if (c != quote) continue;
      if (i + 1 < record.size() && record[i + 1] == quote) {
        ++i;  // "" inside quotes
        continue;
      }
      inQuotes = false;
      continue;
    }
    if (c == quote && i == start && !quoted) {
      inQuotes = quoted = true;
      continue;
    }
    if (c == delimiter) {
      fields.push_back({start, i});
      start = i + 1;
      quoted = false;
    }
  }
  fields.push_back({start, record.size()});
  return fields;
}

namespace {
void appendLatin1(std::string& out, char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x80) {
    out.push_back(c);
    return;
  }
  out.push_back(static_cast<char>(0xC0 | (u >> 6)));
  out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
}
}  // namespace

std::string fieldValue(std::string_view raw, char quote, TextEncoding encoding) {
  std::string out;
  auto put = [&](char c) {
    if (encoding == TextEncoding::Latin1) appendLatin1(out, c);
    else out.push_back(c);
  };
  if (raw.empty() || raw.front() != quote) {
    for (char c : raw) put(c);
    return out;
  }
  // Quoted: up to the closing quote; what follows it (spaces, tabs) is not part of the value.
  for (size_t i = 1; i < raw.size(); ++i) {
    if (raw[i] == quote) {
      if (i + 1 < raw.size() && raw[i + 1] == quote) {
        put(quote);
        ++i;
        continue;
      }
      break;
    }
    put(raw[i]);
  }
  return out;
}

std::vector<std::string> recordFields(std::string_view record, char delimiter, char quote, TextEncoding encoding) {
  std::vector<std::string> out;
  for (const FieldSpan& f : splitRecord(record, delimiter, quote))
    out.push_back(fieldValue(record.substr(f.begin, f.end - f.begin), quote, encoding));
  return out;
}

}  // namespace labelcheck
