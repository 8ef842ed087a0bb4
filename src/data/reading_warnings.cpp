// How a file was read, for a person. See labelcheck/reading_warnings.hpp.
#include "labelcheck/reading_warnings.hpp"

#include <cmath>
#include <string_view>

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

// A column of numbers but for a few cells (at most 1% of its values, at least 20 numbers, more
// than 20 distinct ones: a measurement, not codes such as a label's classes): read as
// categories or text, so its numbers are not numbers to the models. Said with the first such
// cell, so that a stray "unknown" or "<0.01" does not silently cost the column.
constexpr double kStrayShare = 0.01;
constexpr Index kStrayMinNumbers = 20;
constexpr Index kStrayMinDistinct = 20;

std::string strayTextWarning(const Table& t, const Column& c) {
  if (c.kind == ColumnKind::Numeric) return {};
  const bool comma = t.meta.delimiter != ',';
  const Index n = c.size();
  Index numbers = 0, others = 0, first = -1, distinctNumbers = 0;
  std::string_view example;
  auto count = [&](std::string_view cell, Index row, Index times) {
    double v = 0;
    const detail::NumericCell kind = detail::readNumericCell(trimAscii(cell), comma, v);
    if (kind == detail::NumericCell::Missing) return;
    if (kind != detail::NumericCell::NotNumber) {
      numbers += times;
      ++distinctNumbers;  // a level (categories); a row (text, identifiers: nearly all distinct)
      return;
    }
    others += times;
    if (first < 0 || row < first) {
      first = row;
      example = trimAscii(cell);
    }
  };
  if (c.kind == ColumnKind::Categorical) {
    // Per level, counted over its rows (a level's first row for the example).
    std::vector<Index> rows(c.levels.size(), 0), firstRow(c.levels.size(), -1);
    for (Index i = 0; i < n; ++i) {
      const int32_t code = c.codes[static_cast<size_t>(i)];
      if (code < 0) continue;
      if (rows[static_cast<size_t>(code)]++ == 0) firstRow[static_cast<size_t>(code)] = i;
    }
    for (size_t l = 0; l < c.levels.size(); ++l) count(c.levels[l], firstRow[l], rows[l]);
  } else {
    for (Index i = 0; i < n; ++i) count(c.strings.at(i), i, 1);
  }
  if (others == 0 || numbers < kStrayMinNumbers || distinctNumbers <= kStrayMinDistinct || static_cast<double>(others) > kStrayShare * static_cast<double>(numbers + others))
    return {};
  std::string shown(example.substr(0, 40));
  if (example.size() > 40) shown += "...";
  return "column \"" + c.name + "\" holds numbers but for " + std::to_string(others) + (others == 1 ? " cell" : " cells") +
         " (the first: \"" + shown + "\" on line " + std::to_string(t.rowLines[static_cast<size_t>(first)]) +
         "), so it is read as " +
         (c.kind == ColumnKind::Categorical ? "categories" : c.kind == ColumnKind::Text ? "text" : "an identifier (not a feature)") +
         ": if such a cell means a missing value, leave it empty (or write NA) and its numbers are used as numbers";
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
  for (const Column& c : t.columns)
    if (std::string s = strayTextWarning(t, c); !s.empty()) w.push_back(std::move(s));
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
  // Names alike but for letter case and spaces ("yes", "Yes", "YES "): one class to a person,
  // several to the models, which then flag the rows written the rarer way.
  std::vector<std::string> keys(classNames.size());  // lower case, trimmed
  for (size_t k = 0; k < classNames.size(); ++k)
    for (char ch : trimAscii(classNames[k])) keys[k] += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  std::vector<bool> said(classNames.size(), false);
  for (size_t k = 0; k < keys.size(); ++k) {  // K <= the class limit (1000): pairs are cheap
    if (said[k]) continue;
    std::string list = "\"" + classNames[k] + "\"";
    for (size_t m = k + 1; m < keys.size(); ++m)
      if (!said[m] && keys[m] == keys[k]) {
        said[m] = true;
        list += ", \"" + classNames[m] + "\"";
      }
    if (list.size() > classNames[k].size() + 2)
      w.push_back("classes " + list + " differ only in letter case or spaces: if they are one class, write them alike");
  }
  if (!none.empty())
    w.push_back(classesHave(none) + " no row labelled with it (a probability column for a class the labels do not use)");
  if (!single.empty())
    w.push_back(classesHave(single) + " a single row: a threshold from one row is unreliable, and so are the issues it decides");
  return w;
}

}  // namespace labelcheck
