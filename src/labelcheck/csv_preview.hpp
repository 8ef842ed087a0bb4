// The first look at a CSV, for a person choosing the label: typed columns with the reason for
// each type, the first rows as text, the label-column guess with its reasons, and warnings.
// Works on a whole file or on its first bytes (a page previews the first MiB of a big file):
//
//   PreviewOptions o;
//   o.partial = fileSize > prefix.size();
//   Result<CsvPreview> p = previewCsv(prefix, o);
//   p.value().guess.label   // the column checkLabels would take (on the whole file: see below)
//
// The guess is guessColumns (column_guess.hpp) on the rows read, so on a whole file it is the
// guess checkLabels makes; on a prefix it is the same rule over fewer rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/column_guess.hpp"
#include "labelcheck/csv.hpp"

namespace labelcheck {

struct PreviewOptions {
  CsvOptions csv;
  Index maxRows = 20;    // rows returned as text (typing and the guess use every row read)
  bool partial = false;  // the input is the start of a longer one (CsvReader::finishPrefix)
};

struct CsvPreview {
  Table table;                                 // every row read, typed
  std::vector<std::vector<std::string>> rows;  // the first maxRows rows, field by field (UTF-8)
  ColumnGuess guess;
  std::vector<std::string> warnings;           // for a person: a prefix only, readingWarnings
                                               // (reading_warnings.hpp), no label column found
};

// Errors: those of the CSV reader (line, column).
Result<CsvPreview> previewCsv(std::string_view input, const PreviewOptions& options = {});

}  // namespace labelcheck
