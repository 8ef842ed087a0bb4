// How a file was read, for a person. See labelcheck/reading_warnings.hpp.
#include "labelcheck/reading_warnings.hpp"

#include <cmath>

#include "detail/column_typing.hpp"

namespace labelcheck {

namespace {

constexpr size_t kRenamedShown = 5;

// Half or more of the column names are numbers, and they do not count 0, 1, 2, ... (or 1, 2,
// 3, ...: a table exported without names, whose header holds the columns' positions).
bool headerLooksLikeData(const Table& t, Index& numbers) {
  std::vector<double> values;
  for (const Column& c : t.columns) {
    double v = 0;
    if (detail::readNumericCell(trimAscii(c.name), t.meta.delimiter != ',', v) == detail::NumericCell::Finite)
      values.push_back(v);
  }
  numbers = static_cast<Index>(values.size());
  if (t.columnCount() < 2 || 2 * numbers < t.columnCount()) return false;
  bool counting = std::floor(values[0]) == values[0];
  for (size_t i = 1; i < values.size() && counting; ++i) counting = values[i] == values[i - 1] + 1;
  return !counting;
}

}  // namespace

std::vector<std::string> readingWarnings(const Table& t) {
  std::vector<std::string> w;
  if (t.meta.encoding == TextEncoding::Latin1) w.push_back("the file is not UTF-8; it was read as Latin-1 (ISO-8859-1)");
  // The first few renamed columns one by one (a header of 100,000 empty names is one line).
  const std::vector<RenamedColumn>& renamed = t.meta.renamedColumns;
  for (size_t i = 0; i < renamed.size() && i < kRenamedShown; ++i)
    w.push_back("column " + std::to_string(renamed[i].index + 1) +
                (renamed[i].original.empty() ? " has no name" : " repeats the name \"" + renamed[i].original + "\"") +
                ": called \"" + renamed[i].name + "\"");
  if (renamed.size() > kRenamedShown)
    w.push_back(std::to_string(renamed.size() - kRenamedShown) + " more columns renamed (csv.renamedColumns lists them all)");
  Index numbers = 0;
  if (headerLooksLikeData(t, numbers))
    w.push_back("the first line was read as column names, but " + std::to_string(numbers) + " of " +
                std::to_string(t.columnCount()) +
                " are numbers: if it is a data row, it is not checked (add a line of column names)");
  return w;
}

namespace {

// "class "a" has" / "classes "a", "b", ... (2 more) have", for up to 5 names.
std::string classesHave(const std::vector<std::string>& names) {
  std::string list;
  for (size_t k = 0; k < names.size() && k < 5; ++k) list += (k ? ", \"" : "\"") + names[k] + "\"";
  if (names.size() > 5) list += ", ... (" + std::to_string(names.size() - 5) + " more)";
  return (names.size() == 1 ? "class " + list + " has" : "classes " + list + " have");
}

}  // namespace

std::vector<std::string> classWarnings(const std::vector<std::string>& classNames, const LabelVector& labels) {
  std::vector<Index> counts(classNames.size(), 0);
  for (Index i = 0; i < labels.size(); ++i)
    if (labels[i] >= 0 && static_cast<size_t>(labels[i]) < counts.size()) ++counts[static_cast<size_t>(labels[i])];
  std::vector<std::string> none, single;
  for (size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) none.push_back(classNames[k]);
    if (counts[k] == 1) single.push_back(classNames[k]);
  }
  std::vector<std::string> w;
  if (!none.empty())
    w.push_back(classesHave(none) + " no row labelled with it (a probability column for a class the labels do not use)");
  if (!single.empty())
    w.push_back(classesHave(single) + " a single row: a threshold from one row is unreliable, and so are the issues it decides");
  return w;
}

}  // namespace labelcheck
