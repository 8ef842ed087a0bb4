// CSV reader (RFC 4180 plus what real files do), producing a typed, column-oriented Table.
//
//   ```cpp given: std::string_view text
//   Result<Table> t = parseCsv(text);                 // whole text at once
//   ```
//   ```cpp given: const CsvOptions& options; const std::vector<std::string>& chunks
//   CsvReader reader(options);                        // or chunk by chunk (files, streams)
//   for (const std::string& chunk : chunks) if (Outcome o = reader.feed(chunk); !o.ok()) return o.error();
//   Result<Table> t = reader.finish();
//   ```
//
// Memory: the reader keeps the current record and the columns parsed so far, never the whole
// input. A column is kept as doubles (plus one format byte a cell) while every cell is a number
// or a missing token, and as text (one buffer per column, no allocation per cell) from its
// first cell that is not; typing at finish() then replaces the text of categorical columns by
// int32 codes. The typing results are those of typeColumn on each column's whole text.
//
// What it accepts:
//  * Quoted fields ("a, b"), doubled quotes inside them ("say ""hi"""), line breaks inside them.
//  * Line ends CRLF, LF or a lone CR, mixed. A UTF-8 BOM at the start is skipped.
//  * Delimiter ',', ';', tab or '|', detected when CsvOptions::delimiter is 0 (below).
//  * Excel's delimiter hint: a first line "sep=;" (after a BOM, if any; one of the four
//    delimiters) names the delimiter when CsvOptions::delimiter is 0, and is no record either
//    way (meta.delimiterHint). Lines are still counted from the file's first line.
//  * Empty lines (or lines of only spaces/tabs when the table has several columns) are skipped
//    wherever they are, and counted in meta.blankLines.
//  * A quote inside an unquoted field (5"10, O"Brien) is kept literally, as Papa Parse and
//    Excel do. A quote opens a quoted field only as the very first byte of the field.
//  * Spaces and tabs between a closing quote and the delimiter are ignored ("a"  ,b).
//  * Whitespace around unquoted values stays in the text; typing trims it.
//  * A NUL byte inside a record makes that record a bad row (CsvEncoding at the NUL), handled
//    by onBadRow like a wrong field count: an error by default, or skipped. Only many NULs
//    make the whole input "not text" (below).
//  * Latin-1: if the bytes are not valid UTF-8 (but do not look binary),
//    the whole input is decoded as ISO-8859-1 (every byte one code point) and converted to
//    UTF-8; meta.encoding says so. Offsets and columns still count bytes of the original.
//
// Delimiter detection (delimiter = 0): over the first up-to-10 records within the first 64 KiB
// (quotes respected; the same choice however the input is split into chunks),
// each candidate ',' ';' '\t' '|' gives a field count per record; a candidate is consistent if
// all records have the same count and it is > 1. The consistent candidate with the most fields
// wins (ties in the order , ; \t |). If none is consistent, the candidate whose count of the
// first record is > 1 and matched by the most records wins; otherwise ','.
//
// Failures (Error.line / Error.column = 1-based line and byte column within the line; the
// message starts with "line L, column C: "):
//  * CsvEmpty: no header, or a header but no data rows (or every row skipped).
//  * CsvFieldCount: a record with more or fewer fields than the header (onBadRow = Error). The
//    position is the start of the first extra field, or the end of a short record.
//  * CsvUnclosedQuote: a quoted field never closed; the position is the opening quote.
//  * CsvInvalidQuote: text after a closing quote, before the delimiter or line end.
//  * CsvEncoding: a known binary signature (PNG, GZIP, ZIP, JPEG, PDF), a UTF-16 byte order
//    mark, NUL bytes that are many (at least 4, and with the control characters more than 1%
//    of the bytes; "UTF-16" when nine in ten sit on the same byte parity), or more than 1% of
//    bytes being control characters other than tab, CR, LF, FF, VT and ESC. These rules are
//    checked at the end of the input, and also when a bad row (field count, NUL in a field or
//    in the header) or a quote error is found, on the bytes read so far (at least 4 control or
//    NUL bytes and more than 1%): then the error is CsvEncoding at the first such byte (binary
//    data makes ragged "rows"; the file is what is wrong). Judged on the bytes up to the
//    error, never on how the input was cut into chunks. Otherwise a NUL in a record
//    (onBadRow = Error) is CsvEncoding at that byte.
//  * LimitExceeded: one of the limits below.
//  * InvalidArgument: a delimiter or quote option that is not allowed.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "labelcheck/status.hpp"
#include "labelcheck/table.hpp"

namespace labelcheck {

enum class BadRowPolicy {
  Error,  // stop at the first record with a wrong field count (default)
  Skip,   // leave it out and record it in meta.skippedRows with its line and reason
};

struct CsvOptions {
  char delimiter = 0;       // 0 = auto-detect among , ; \t |; or one of those four
  char quote = '"';         // the quote character
  bool header = true;       // first record = column names; false: names column_1, column_2...
  BadRowPolicy onBadRow = BadRowPolicy::Error;
  // Limits, checked while reading so that a huge or hostile input fails before memory does.
  uint64_t maxBytes = uint64_t(1) << 30;       // 1 GiB of input (at most 2 GiB is honoured)
  uint64_t maxRows = 10'000'000;               // data rows
  uint64_t maxColumns = 100'000;               // fields per record
  uint64_t maxFieldBytes = uint64_t(64) << 20; // 64 MiB in one field
  // The whole input's size in bytes when known beforehand (0 = unknown; parseCsv sets it).
  // After the first 1024 data rows the reader then reserves column storage for the rows the
  // rest of the input will likely hold, instead of growing it step by step (each step copies
  // a column and leaves a hole in the heap). Only memory use depends on it, never the result.
  uint64_t sizeHint = 0;
  TypingOptions typing;  // decimalComma is set from the delimiter (true unless ',')
};

// Incremental reader: feed() chunks of any size (a record may span chunks), then finish().
// After a failure every later call returns the same error.
class CsvReader {
 public:
  explicit CsvReader(const CsvOptions& options = {});
  ~CsvReader();
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Consumes the next bytes of the input. The chunk need not outlive the call.
  Outcome feed(std::string_view chunk);
  // Ends the input: completes the last record, types the columns and returns the table.
  // Call once; the reader is spent afterwards.
  Result<Table> finish();
  // Ends a prefix of a longer input (a preview of the first bytes of a big file): as finish(),
  // except that the last record is left out unless a line break ended it (it may be cut
  // anywhere, even inside quotes or a UTF-8 sequence), and an open quote at the end is no error.
  // Call it instead of finish(), once.
  Result<Table> finishPrefix();

  uint64_t bytesRead() const noexcept;  // bytes fed so far
  Index rowsRead() const noexcept;      // data rows accepted so far

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// The whole input at once: CsvReader(options).feed(text) then finish().
Result<Table> parseCsv(std::string_view text, const CsvOptions& options = {});

}  // namespace labelcheck
