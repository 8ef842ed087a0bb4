// One record of a CSV the reader has already delimited (a row span of Table::rowOffsets /
// rowEnds), split into its fields by the reader's rules: a quote opens a quoted field only as
// the field's first byte, "" inside quotes is one quote, spaces and tabs after a closing quote
// are ignored, a quote inside an unquoted field is literal. Used to show rows to a person and to
// rewrite single cells (csv_write.hpp) without parsing the file again.
//
//   std::string_view record = text.substr(t.rowOffsets[r], t.rowEnds[r] - t.rowOffsets[r]);
//   for (const FieldSpan& f : splitRecord(record, ',', '"')) ...
//   std::vector<std::string> cells = recordFields(record, ',', '"', TextEncoding::Utf8);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/table.hpp"

namespace labelcheck {

// A field's bytes within the record, quotes included ([begin, end), relative to the record).
struct FieldSpan {
  uint64_t begin = 0;
  uint64_t end = 0;
};

// The fields of one record (at least one; an empty record is one empty field).
std::vector<FieldSpan> splitRecord(std::string_view record, char delimiter, char quote);

// A field's value as the reader sees it: unquoted (for a quoted field, the text between the
// quotes with "" read as one quote) and, for a Latin-1 file, converted to UTF-8. Untrimmed.
std::string fieldValue(std::string_view rawField, char quote, TextEncoding encoding);

// Every field value of one record.
std::vector<std::string> recordFields(std::string_view record, char delimiter, char quote, TextEncoding encoding);

}  // namespace labelcheck
