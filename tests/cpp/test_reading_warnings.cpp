// readingWarnings and classWarnings (reading_warnings.hpp), and where they show: previewCsv and
// checkLabels.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "labelcheck/csv.hpp"
#include "labelcheck/csv_preview.hpp"
#include "labelcheck/pipeline.hpp"
#include "labelcheck/reading_warnings.hpp"

using namespace labelcheck;

namespace {

std::vector<std::string> warningsOf(const std::string& text, CsvOptions o = {}) {
  auto t = parseCsv(text, o);
  REQUIRE(t.ok());
  return readingWarnings(t.value());
}

// Rows "i,i%3,x|y" with the given header line.
std::string rowsUnder(const std::string& header, int rows = 12) {
  std::string s = header + "\n";
  for (int i = 0; i < rows; ++i) s += std::to_string(i) + "," + std::to_string(i % 3) + "," + (i % 2 ? "x" : "y") + "\n";
  return s;
}

}  // namespace

TEST_CASE("readingWarnings: nothing for a plain file", "[reading_warnings]") {
  CHECK(warningsOf(rowsUnder("a,b,label")).empty());
  // Names counting the positions are a header of a table exported without names.
  CHECK(warningsOf(rowsUnder("0,1,2")).empty());
  CHECK(warningsOf(rowsUnder("1,2,3")).empty());
  // One number among three names: a year, a code.
  CHECK(warningsOf(rowsUnder("2019,b,label")).empty());
}

TEST_CASE("readingWarnings: Latin-1, renamed columns, skipped records, a data row read as the header", "[reading_warnings]") {
  CHECK(warningsOf("a,b,label\n1,2,caf\xe9\n") ==
        std::vector<std::string>{"the file is not UTF-8; it was read as Latin-1 (ISO-8859-1)"});
  CHECK(warningsOf("a,,a\n1,2,3\n") ==
        std::vector<std::string>{"column 2 has no name: called \"column_2\"", "column 3 repeats the name \"a\": called \"a_2\""});
  const auto many = warningsOf(",,,,,,,,\n1,2,3,4,5,6,7,8,9\n");
  REQUIRE(many.size() == 6);
  CHECK(many[4] == "column 5 has no name: called \"column_5\"");
  CHECK(many[5] == "4 more columns renamed (csv.renamedColumns lists them all)");
  // Skipped records are the caller's to show (the preview says them; a check lists them in csv).
  CsvOptions skip;
  skip.onBadRow = BadRowPolicy::Skip;
  CHECK(warningsOf("a,b\n1,2\n3\n4,5,6\n", skip).empty());
  PreviewOptions o;
  o.csv = skip;
  auto p = previewCsv("a,b\n1,2\n3\n4,5,6\n", o);
  REQUIRE(p.ok());
  REQUIRE(!p.value().warnings.empty());  // then: no column looks like a label
  CHECK(p.value().warnings[0].rfind("2 malformed records left out (the first: ", 0) == 0);
  // A file without its header line: its first row became the names.
  CHECK(warningsOf(rowsUnder("1.5,2,x")) ==
        std::vector<std::string>{"the first line was read as column names, but 2 of 3 are numbers: if it is a data row, it is not checked (add a line of column names)"});
  CHECK(warningsOf("2;0,5;x\n1;0,25;y\n").size() == 1);  // decimal commas read as numbers here too
}

TEST_CASE("readingWarnings: a column of numbers read as categories or text because of a few cells", "[reading_warnings]") {
  // 200 numbers (100 distinct) and one "unknown" on line 52: said, with the cell and its line.
  std::string text = "x,code,label\n";
  for (int i = 0; i < 200; ++i)
    text += (i == 50 ? std::string("unknown") : std::to_string(i / 2) + ".5") + "," + std::to_string(i % 4) + "," + (i % 2 ? "a" : "b") + "\n";
  CHECK(warningsOf(text) == std::vector<std::string>{
                                "column \"x\" holds numbers but for 1 cell (the first: \"unknown\" on line 52), so it is read as "
                                "categories: if such a cell means a missing value, leave it empty (or write NA) and its numbers are used as numbers"});
  // Every value distinct: an identifier, said so.
  std::string unique = "x,label\n";
  for (int i = 0; i < 200; ++i) unique += (i == 9 ? std::string("<0.01") : std::to_string(i) + ".5") + "," + (i % 2 ? "a" : "b") + "\n";
  CHECK(warningsOf(unique) == std::vector<std::string>{
                                  "column \"x\" holds numbers but for 1 cell (the first: \"<0.01\" on line 11), so it is read as "
                                  "an identifier (not a feature): if such a cell means a missing value, leave it empty (or write NA) and its numbers are used as numbers"});
  // A spreadsheet's error value is a missing cell: the column stays numeric, nothing to say.
  std::string excel = text;
  excel.replace(excel.find("unknown"), 7, "#DIV/0!");
  auto t = parseCsv(excel, {});
  REQUIRE(t.ok());
  CHECK(t.value().columns[0].kind == ColumnKind::Numeric);
  CHECK(t.value().columns[0].missing == 1);
  CHECK(readingWarnings(t.value()).empty());
  // Codes (20 distinct numbers or fewer, a label's classes) with a word among them: not a measurement.
  std::string codes = "x,label\n";
  for (int i = 0; i < 200; ++i) codes += std::to_string(i) + "," + (i == 7 ? std::string("other") : std::to_string(i % 5)) + "\n";
  CHECK(warningsOf(codes).empty());
  // More than 1% of the cells are words: a column of both, not a stray cell.
  std::string mixed = "x,label\n";
  for (int i = 0; i < 200; ++i) mixed += (i % 50 == 0 ? std::string("n.d.") : std::to_string(i)) + "," + (i % 2 ? "a" : "b") + "\n";
  CHECK(warningsOf(mixed).empty());
}

TEST_CASE("classWarnings: class names alike but for letter case or spaces", "[reading_warnings]") {
  LabelVector y(8);
  y << 0, 1, 2, 3, 0, 1, 2, 3;
  CHECK(classWarnings({"No", "Yes", "no", "yes"}, y) ==
        std::vector<std::string>{"classes \"No\", \"no\" differ only in letter case or spaces: if they are one class, write them alike",
                                 "classes \"Yes\", \"yes\" differ only in letter case or spaces: if they are one class, write them alike"});
  y << 0, 1, 2, 0, 1, 2, 0, 1;
  CHECK(classWarnings({"cat", "cats", "dog"}, y).empty());
}

TEST_CASE("classWarnings: classes of a single row", "[reading_warnings]") {
  LabelVector y(5);
  y << 0, 0, 1, 2, 2;
  CHECK(classWarnings({"a", "b", "c"}, y) ==
        std::vector<std::string>{"class \"b\" has a single row: a threshold from one row is unreliable, and so are the issues it decides"});
  y << 0, 1, 2, 3, 3;
  CHECK(classWarnings({"a", "b", "c", "d"}, y)[0].rfind("classes \"a\", \"b\", \"c\" have a single row", 0) == 0);
  y << 0, 0, 1, 1, 1;
  CHECK(classWarnings({"a", "b"}, y).empty());
  LabelVector many(7);
  many << 0, 1, 2, 3, 4, 5, 6;
  CHECK(classWarnings({"a", "b", "c", "d", "e", "f", "g"}, many)[0].find("\"e\", ... (2 more) have") != std::string::npos);
}

TEST_CASE("previewCsv and checkLabels carry the warnings", "[reading_warnings]") {
  // Latin-1, a repeated name, and a class of one row among 30.
  std::string text = "x,x,label\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i) + "," + std::to_string((i * 7) % 11) + "," + (i == 29 ? "caf\xe9" : i % 2 ? "a" : "b") + "\n";
  auto p = previewCsv(text);
  REQUIRE(p.ok());
  CHECK(p.value().warnings == std::vector<std::string>{"the file is not UTF-8; it was read as Latin-1 (ISO-8859-1)",
                                                       "column 2 repeats the name \"x\": called \"x_2\""});
  PipelineOptions o;
  o.label = ColumnRef::byName("label");
  o.audit = false;
  auto r = checkLabels(text, o);
  REQUIRE(r.ok());
  CHECK(r.value().warnings == std::vector<std::string>{
                                  "the file is not UTF-8; it was read as Latin-1 (ISO-8859-1)",
                                  "column 2 repeats the name \"x\": called \"x_2\"",
                                  "class \"caf\xc3\xa9\" has a single row: a threshold from one row is unreliable, and so are the issues it decides"});
}
