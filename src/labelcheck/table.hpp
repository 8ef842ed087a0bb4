// Table: the parsed CSV, column by column, each column typed (numeric, categorical, text or
// identifier) and able to say why it got its kind.
//
// A Table owns its data and does not point into the CSV text. Rows keep the byte offsets of
// their record in the original input and their 1-based line, so a result can point back to the
// line a user sees in an editor and the original text can be re-emitted byte for byte:
//
//   ```cpp given: std::string_view text; size_t r
//   Result<Table> parsed = parseCsv(text);
//   if (!parsed) return parsed.error();
//   const Table& t = parsed.value();            // not parseCsv(text).value(): that one dangles
//   Index j = t.findColumn("species");          // -1 if absent
//   if (j >= 0 && t.columns[j].kind == ColumnKind::Categorical) use(t.columns[j].levels);
//   std::string_view original = text.substr(t.rowOffsets[r], t.rowEnds[r] - t.rowOffsets[r]);
//   ```
//
// Typing rules (typeColumn), applied to each value after trimming ASCII spaces, tabs, CR, LF:
//  * Missing tokens: "", NA, N/A, n/a, #N/A, NaN, nan, null, NULL, None, ?, -, and the
//    spreadsheet error values #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!, #SPILL! (a
//    formula that gave no value: one such cell used to make a numeric column categorical).
//  * Number: [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?  ("1e5", "-0", "+3",
//    ".5", "5."). Rejected: hex ("0x10"), currency signs, thousands separators and percent
//    signs (but see "Formatted numbers" below), anything else. "inf", "-Infinity" (any case)
//    and values that overflow a double ("1e400") are numbers but not finite: they are stored as
//    NaN and counted in both `missing` and `nonFinite`, so a column stays numeric and the
//    encoder imputes them like missing cells.
//  * Decimal comma: when the delimiter is not ',' (TypingOptions::decimalComma), a value like
//    "3,14" or "-1,5e3" (one comma, no '.') is read as 3.14; "1.5" is still accepted.
//  * Numeric: every non-missing value is a number (a column with no value at all is numeric too,
//    all NaN, reason "no values").
//  * Formatted numbers (formatted_number.hpp): a column that is not numeric by the rule above is
//    numeric when every non-missing value reads as a number as spreadsheets print them
//    ("$1,234.50", "12.5%" = 0.125, "(300.00)" = -300, "1.234,50 €" where ',' is the decimal
//    mark), with one currency sign in the whole column; its reason says which forms it met.
//    Every value is read by that rule then, so "1e5" in such a column keeps it a string column.
//  * Identifier (checked first for numbers): name looks like an id (id, idx, index, row, key,
//    "unnamed: 0", an empty header, *_id, id_*, *Id) and the values are integers, strictly
//    increasing, none missing; for strings: every value distinct, none missing, and either the
//    name looks like an id or there are more distinct values than the categorical limit and
//    the values are short words (no spaces, mean length < textMeanLength).
//  * Text: strings with mean length >= textMeanLength (30), or more distinct values than the
//    categorical limit where at least half of the values contain a space.
//  * Categorical: any other string column. The "few distinct values" rule is
//    distinct <= max(minCategoricalLimit = 20, categoricalFraction = 5% of non-missing values);
//    columns above it that are neither text nor identifier stay categorical and are reported
//    as "high cardinality" (the encoder keeps only the most frequent levels).
// Categorical levels are the trimmed values in order of first appearance; text and identifier
// columns keep the untrimmed field text (after CSV unquoting and Latin-1 decoding, if any).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

enum class ColumnKind { Numeric, Categorical, Text, Identifier };

// "numeric", "categorical", "text", "identifier".
const char* columnKindName(ColumnKind kind) noexcept;

// Many strings in one buffer: string i is bytes[ends[i-1], ends[i]) (ends[-1] = 0). One
// allocation per column instead of one per cell. 32-bit ends halve the cost per cell; a
// column holds at most the input (at most 2 GiB, see CsvOptions::maxBytes) transcoded.
struct StringColumn {
  std::string bytes;
  std::vector<uint32_t> ends;

  Index size() const noexcept { return static_cast<Index>(ends.size()); }
  std::string_view at(Index i) const noexcept {
    const uint64_t begin = i == 0 ? 0 : ends[static_cast<size_t>(i) - 1];
    return std::string_view(bytes).substr(begin, ends[static_cast<size_t>(i)] - begin);
  }
  void push(std::string_view s) {
    bytes.append(s.data(), s.size());
    ends.push_back(static_cast<uint32_t>(bytes.size()));
  }
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::Numeric;
  Index missing = 0;    // cells with a missing token (plus non-finite numbers)
  Index nonFinite = 0;  // numeric only: inf / overflowing values, stored as NaN
  Index distinct = 0;   // distinct non-missing values (numeric: not counted, 0)
  std::string reason;   // why this kind, one sentence for reports

  std::vector<double> numbers;      // Numeric: one per row, NaN = missing
  std::vector<int32_t> codes;       // Categorical: one per row, index into levels, -1 = missing
  std::vector<std::string> levels;  // Categorical: trimmed values, in order of first appearance
  StringColumn strings;             // Text, Identifier: the field text of each row

  Index size() const noexcept;
  // Whether row i is missing (any kind); for text and identifier: a missing token.
  bool isMissing(Index i) const;
};

// A column the reader renamed because its header was empty or repeated.
struct RenamedColumn {
  Index index = 0;        // 0-based column
  std::string original;   // as in the header ("" for an empty name)
  std::string name;       // the name used, e.g. "column_3" or "name_2"
};

// A data record that was not made into a row (onBadRow = skip). Never dropped silently.
struct SkippedRow {
  Index row = 0;              // 0-based data row of the file (skipped records count as rows)
  long long line = 0;         // 1-based line where the record starts
  long long column = 0;       // 1-based byte column of the problem (as in the error)
  uint64_t offset = 0;        // byte offset of the record in the input
  uint64_t end = 0;           // offset just past its last byte (before the line break)
  Status reason = Status::CsvFieldCount;
  std::string message;        // "line 17, column 4: expected 5 fields, found 6"
};

enum class TextEncoding { Utf8, Latin1 };

struct CsvMeta {
  char delimiter = ',';
  bool delimiterDetected = false;   // true when chosen by auto-detection
  bool delimiterHint = false;       // the first line was Excel's "sep=X": X is the delimiter (unless
                                    //   the options named one), and the line is no record
  std::string linebreak;            // first line break seen: "\n", "\r\n" or "\r" ("" if none)
  TextEncoding encoding = TextEncoding::Utf8;  // Latin1: bytes were decoded as ISO-8859-1
  bool bomStripped = false;
  uint64_t bytes = 0;               // input size
  long long headerLine = 0;         // 1-based line of the header (0 without header)
  uint64_t headerOffset = 0;        // byte span of the header record (before its line break;
  uint64_t headerEnd = 0;           //   both 0 without header)
  long long blankLines = 0;         // empty (or whitespace-only) lines that were skipped
  std::vector<RenamedColumn> renamedColumns;
  std::vector<SkippedRow> skippedRows;
};

struct Table {
  std::vector<Column> columns;
  // One entry per data row: byte offset of the record start, offset just past its last byte
  // (before the line break), and the 1-based line where it starts.
  std::vector<uint64_t> rowOffsets;
  std::vector<uint64_t> rowEnds;
  std::vector<long long> rowLines;
  CsvMeta meta;

  Index rowCount() const noexcept { return static_cast<Index>(rowOffsets.size()); }
  Index columnCount() const noexcept { return static_cast<Index>(columns.size()); }
  // Index of the first column with exactly this name, or -1.
  Index findColumn(std::string_view name) const noexcept;

  // Rows as the user counts them. With onBadRow = skip the table leaves malformed records out,
  // so table row r can be a later data row of the file; every row a result reports (issues,
  // excluded rows, errors, spans) is the file's 0-based data row, which stays true whatever was
  // skipped. fileRow costs a binary search over meta.skippedRows (no memory per row).
  Index fileRow(Index tableRow) const noexcept;
  Index fileRowCount() const noexcept { return rowCount() + static_cast<Index>(meta.skippedRows.size()); }
};

// Byte span [offsets[r], ends[r]) and 1-based line of every data row r of the file, skipped
// records included (in file order): what a result's rowSpans hold and what rewrites index.
struct RowSpans {
  std::vector<uint64_t> offsets;
  std::vector<uint64_t> ends;
  std::vector<long long> lines;
};
RowSpans fileRowSpans(const Table& table);

struct TypingOptions {
  bool decimalComma = false;         // accept "3,14"; the reader sets it when delimiter != ','
  bool detectIdentifiers = true;     // false: identifier-like columns become categorical/numeric
  Index minCategoricalLimit = 20;    // categorical if distinct <= max(this, fraction * values)
  double categoricalFraction = 0.05;
  double textMeanLength = 30.0;      // text if mean value length (bytes) >= this
};

// Outcome of reading one trimmed token as a number.
enum class NumberToken { NotNumber, Finite, NonFinite };

// Parses a whole token (already trimmed) by the rules above; locale-independent and exact
// (correctly rounded). `value` is set for Finite (and to +-inf for NonFinite).
NumberToken parseNumberToken(std::string_view token, bool decimalComma, double& value);
// True for the missing tokens above (token already trimmed).
bool isMissingToken(std::string_view token) noexcept;
// Trims ASCII spaces, tabs, CR and LF at both ends.
std::string_view trimAscii(std::string_view s) noexcept;
// Whether a column name looks like a row identifier (the name part of the identifier rule).
bool looksLikeIdName(std::string_view name) noexcept;

// Types one column of raw field text (consumed). The CSV reader calls this for every column;
// exposed so typing can be tested and reused on other sources.
Column typeColumn(std::string name, StringColumn raw, const TypingOptions& options);

}  // namespace labelcheck
