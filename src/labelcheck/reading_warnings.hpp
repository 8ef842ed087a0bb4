// Sentences for a person on how a file was read, when it was not read as one would assume: the
// preview (csv_preview.hpp) and checkLabels (pipeline.hpp) give them, the page and the CLI show
// them. Each is a whole sentence without a final full stop.
#pragma once

#include <string>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/table.hpp"

namespace labelcheck {

// The reader's choices: a Latin-1 fallback, renamed columns, a header line that reads like
// data (half or more of the names are numbers that do not count 0, 1, 2, ...: a file without a
// header line loses its first row to the names), and a column of numbers read as categories or
// text because of a few cells that are not numbers (at most 1%, with at least 20 numbers). Skipped records are not among them: the
// table's meta lists them, and each caller shows them its own way.
std::vector<std::string> readingWarnings(const Table& table);

// Class names that differ only in letter case or surrounding spaces, classes without rows
// (given probabilities can have a column for a class no row is labelled with) and classes with
// a single row: their confident threshold is that row's probability, so
// neither the threshold nor the issues it decides mean much. classNames[k] names class k of labels.
std::vector<std::string> classWarnings(const std::vector<std::string>& classNames, const LabelVector& labels);

}  // namespace labelcheck
