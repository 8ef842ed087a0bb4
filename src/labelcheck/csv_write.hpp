// Writing a checked CSV back, byte for byte: the annotated copy (three columns appended) and a
// copy with some label cells changed. Both splice new bytes into the original at positions the
// reader recorded (header span, row spans, skipped records), so every other byte is kept: the
// BOM, quoting, line breaks (CRLF, LF, CR, mixed), blank lines, the encoding.
//
//   CsvLayout layout = CsvLayout::of(table);               // or from a checkLabels result
//   Result<std::string> out = annotateCsv(text, layout, annotations);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/status.hpp"
#include "labelcheck/table.hpp"

namespace labelcheck {

// Where the reader found things in the input.
struct CsvLayout {
  char delimiter = ',';
  char quote = '"';
  TextEncoding encoding = TextEncoding::Utf8;
  uint64_t bytes = 0;                 // the input's size (a different input is refused)
  bool header = true;
  uint64_t headerEnd = 0;             // just past the header record (before its line break)
  std::vector<uint64_t> rowOffsets;   // every data row of the file, skipped records included
  std::vector<uint64_t> rowEnds;      //   (fileRowSpans): rows are the file's data rows

  static CsvLayout of(const Table& table);
};

// The three columns appended by annotateCsv, in this order.
inline constexpr const char* kAnnotationColumns[] = {"is_label_issue", "label_quality", "suggested_label"};

// Which columns of a table are a previous run's annotations: true for every column whose header
// is exactly one of kAnnotationColumns (before the reader renamed a repeated one: a file
// annotated twice), when the header has all three names (one or two alone may be the user's
// own columns); all false otherwise. The file is then annotateCsv's output, and those columns
// hold that run's answers (flags, scores, suggested classes): learning from them would leak the
// answers into the next run, so the encoder leaves them out unless they are named as features,
// and the label guess and the probability columns never take them. A label column named as
// one of them stays the label (callers check the label first).
std::vector<bool> annotationColumnMask(const Table& table);
// The start of the reason such a column gives (in a column report, a guess candidate).
inline constexpr const char* kAnnotationColumnWhy =
    "added by labelcheck's annotated output (--out / annotateCsv): a previous run's answers";

// What annotateCsv writes for the checked rows: example i is file row sourceRows[i] (the
// file's data row, as in a result: skipped records count).
struct RowAnnotations {
  std::vector<int64_t> sourceRows;      // N, increasing
  std::vector<uint8_t> isLabelIssue;    // N
  std::vector<double> labelQuality;     // N
  std::vector<int32_t> suggestedLabel;  // N, indices into classNames
  std::vector<std::string> classNames;  // K, UTF-8
};

// The input with ",is_label_issue,label_quality,suggested_label" (the file's delimiter) after
// the header and, after every data row, its three cells: "true"/"false", the label quality in
// formatShortest, the suggested class (quoted when it holds the delimiter, a quote or a line
// break; in the file's encoding). Rows that are not examples (no label, or skipped records) get
// three empty cells. Without a header no header cells are added.
// Errors: InvalidArgument when the layout does not fit the input (size, spans out of order or
// out of range) or the annotations do not fit the layout.
Result<std::string> annotateCsv(std::string_view input, const CsvLayout& layout, const RowAnnotations& rows);

struct LabelChange {
  int64_t row = 0;     // 0-based data row
  std::string value;   // the new cell value, UTF-8 (written quoted if it needs quotes)
};

// The input with the cell of `column` replaced in the given rows; every other byte is kept.
// Errors: InvalidArgument (layout not fitting the input, a row out of range or changed twice,
// a row without that column).
Result<std::string> relabelCsv(std::string_view input, const CsvLayout& layout, int64_t column,
                               std::vector<LabelChange> changes);

// The number as JavaScript's String(x) writes it: the shortest digits that read back as exactly
// x, plain from 1e-6 to below 1e21, else "1.5e-7" / "1e+21"; "0" for +-0. Non-finite: "".
// The one number format of written CSVs (and of the CLI).
std::string formatShortest(double x);

// A value as a CSV field: quoted (quotes doubled) when it holds the delimiter, the quote, CR or LF.
std::string csvField(std::string_view value, char delimiter, char quote = '"');

}  // namespace labelcheck
