// previewCsv (csv_preview.hpp): the reader, the guess and the first rows' text.
#include "labelcheck/csv_preview.hpp"

#include <algorithm>

#include "labelcheck/csv_record.hpp"
#include "labelcheck/reading_warnings.hpp"

namespace labelcheck {

namespace {

std::vector<std::string> warningsOf(const Table& t, const ColumnGuess& g, const PreviewOptions& o) {
  std::vector<std::string> w;
  if (o.partial)
    w.push_back("only the first " + std::to_string(t.rowCount()) +
                " rows were read: column types and the label guess come from them");
  for (std::string& r : readingWarnings(t)) w.push_back(std::move(r));
  if (!t.meta.skippedRows.empty())
    w.push_back(std::to_string(t.meta.skippedRows.size()) + " malformed record" + (t.meta.skippedRows.size() == 1 ? "" : "s") +
                " left out (the first: " + t.meta.skippedRows.front().message + ")");
  if (g.label < 0) w.push_back("no column looks like a label: choose one");
  return w;
}

}  // namespace

Result<CsvPreview> previewCsv(std::string_view input, const PreviewOptions& o) {
  CsvOptions csv = o.csv;
  csv.sizeHint = input.size();
  CsvReader reader(csv);
  LABELCHECK_TRY(reader.feed(input));
  auto read = o.partial ? reader.finishPrefix() : reader.finish();
  if (!read.ok()) return std::move(read).error();
  CsvPreview p;
  p.table = std::move(read).value();
  const Table& t = p.table;
  const Index shown = std::min<Index>(std::max<Index>(o.maxRows, 0), t.rowCount());
  for (Index r = 0; r < shown; ++r) {
    const std::string_view record = input.substr(t.rowOffsets[static_cast<size_t>(r)],
                                                 t.rowEnds[static_cast<size_t>(r)] - t.rowOffsets[static_cast<size_t>(r)]);
    p.rows.push_back(recordFields(record, t.meta.delimiter, csv.quote, t.meta.encoding));
  }
  GuessOptions g;
  g.partial = o.partial;
  p.guess = guessColumns(t, g);
  p.warnings = warningsOf(t, p.guess, o);
  return p;
}

}  // namespace labelcheck
