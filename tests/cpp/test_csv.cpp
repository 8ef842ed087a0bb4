// CSV reader and column typing. Parser edge cases are table-driven, Papa Parse style:
// {description, input, options, expected}.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/csv.hpp"
#include "labelcheck/formatted_number.hpp"
#include "support/paths.hpp"
#include "support/read_file.hpp"
#include "support/require_ok.hpp"

using namespace labelcheck;

namespace {

// A cell as text, whatever the column kind (numbers printed with %g, missing as "<NA>").
std::string cellText(const Column& c, Index i) {
  switch (c.kind) {
    case ColumnKind::Numeric: {
      const double v = c.numbers[static_cast<size_t>(i)];
      if (std::isnan(v)) return "<NA>";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", v);
      return buf;
    }
    case ColumnKind::Categorical: {
      const int32_t code = c.codes[static_cast<size_t>(i)];
      return code < 0 ? "<NA>" : c.levels[static_cast<size_t>(code)];
    }
    default: return std::string(c.strings.at(i));
  }
}

using Rows = std::vector<std::vector<std::string>>;

struct CsvCase {
  const char* description;
  std::string input;
  CsvOptions options;
  Status status = Status::Ok;        // expected outcome
  long long line = -1, column = -1;  // expected error position
  std::vector<std::string> names;    // expected header (when ok)
  Rows cells;                        // expected cells (when ok)
};

CsvOptions withDelimiter(char d) {
  CsvOptions o;
  o.delimiter = d;
  return o;
}
CsvOptions skipBadRows() {
  CsvOptions o;
  o.onBadRow = BadRowPolicy::Skip;
  return o;
}
CsvOptions noHeader() {
  CsvOptions o;
  o.header = false;
  return o;
}

Status ok = Status::Ok;

std::vector<CsvCase> parserCases() {
  return {
      {"simple", "a,b\n1,2\n3,4\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
      {"no final line break", "a,b\n1,2\n3,4", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
      {"quoted field with delimiter", "a,b\n\"x,y\",2\n\"z\",3\n", {}, ok, -1, -1, {"a", "b"}, {{"x,y", "2"}, {"z", "3"}}},
      {"doubled quotes", "a,b\n\"say \"\"hi\"\"\",2\n\"\"\"\",3\n", {}, ok, -1, -1, {"a", "b"},
       {{"say \"hi\"", "2"}, {"\"", "3"}}},
      {"embedded LF and CRLF", "a,b\n\"one\ntwo\",2\n\"x\r\ny\",3\n", {}, ok, -1, -1, {"a", "b"},
       {{"one\ntwo", "2"}, {"x\r\ny", "3"}}},
      {"CRLF", "a,b\r\n1,2\r\n3,4\r\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
      {"lone CR", "a,b\r1,2\r3,4\r", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
      {"mixed line ends", "a,b\r\n1,2\n3,4\r5,6", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}, {"5", "6"}}},
      {"UTF-8 BOM", "\xEF\xBB\xBF" "a,b\n1,2\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}}},
      {"semicolon detected", "a;b;c\n1;2;3\n", {}, ok, -1, -1, {"a", "b", "c"}, {{"1", "2", "3"}}},
      {"tab detected", "a\tb\n1\t2\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}}},
      {"pipe detected", "a|b\nx,y|2\n", {}, ok, -1, -1, {"a", "b"}, {{"x,y", "2"}}},
      {"commas inside quotes do not fool detection", "a;b\n\"1,2,3\";4\n\"5,6,7\";8\n", {}, ok, -1, -1, {"a", "b"},
       {{"1,2,3", "4"}, {"5,6,7", "8"}}},
      {"explicit delimiter", "a;b\n1;2\n", withDelimiter(';'), ok, -1, -1, {"a", "b"}, {{"1", "2"}}},
      {"single column", "a\n1\n2\n", {}, ok, -1, -1, {"a"}, {{"1"}, {"2"}}},
      {"header only", "a,b\n", {}, Status::CsvEmpty},
      {"empty file", "", {}, Status::CsvEmpty},
      {"only blank lines", "\n\r\n\n", {}, Status::CsvEmpty},
      {"trailing blank lines ignored", "a,b\n1,2\n\n\r\n\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}}},
      {"blank line in the middle skipped", "a,b\n1,2\n\n3,4\n", {}, ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
      {"too many fields", "a,b,c\n1,2,3\n4,5,6,7\n", {}, Status::CsvFieldCount, 3, 7},
      {"too few fields", "a,b,c\n1,2,3\n1,2\n", {}, Status::CsvFieldCount, 3, 4},
      {"too few fields at end of input", "a,b,c\n1,2", {}, Status::CsvFieldCount, 2, 4},
      {"ragged row after a multi-line field", "a,b\n\"x\ny\",2,3\n", {}, Status::CsvFieldCount, 3, 6},
      {"ragged rows skipped", "a,b\n1,2\n3,4,5\n6\n7,8\n", skipBadRows(), ok, -1, -1, {"a", "b"}, {{"1", "2"}, {"7", "8"}}},
      {"unclosed quote", "a,b\n1,\"oops\n2,3\n", {}, Status::CsvUnclosedQuote, 2, 3},
      {"unclosed quote at the very end", "a,b\n1,2\n3,\"", {}, Status::CsvUnclosedQuote, 3, 3},
      {"text after closing quote", "a,b\n\"x\"y,2\n", {}, Status::CsvInvalidQuote, 2, 4},
      {"spaces after closing quote are ignored", "a,b\n\"x\"  ,2\n", {}, ok, -1, -1, {"a", "b"}, {{"x", "2"}}},
      {"quote inside unquoted field is literal", "a,b\n5\"10,O\"Brien\n", {}, ok, -1, -1, {"a", "b"},
       {{"5\"10", "O\"Brien"}}},
      {"NUL byte", std::string("a,b\n1,\0\n", 8), {}, Status::CsvEncoding, 2, 3},
      {"PNG image", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20), {}, Status::CsvEncoding, 1, 1},
      {"UTF-16 text (NULs)", std::string("a\0,\0b\0\n\0", 8), {}, Status::CsvEncoding, 1, 2},
      {"UTF-16 text without a BOM", std::string("x\0,\0y\0\n\0" "1\0,\0" "2\0\n\0", 16), {}, Status::CsvEncoding, 1, 2},
      {"NUL byte in a cell, row skipped", std::string("a,b\n1,\0\n2,x\n", 12), skipBadRows(), ok, -1, -1,
       {"a", "b"}, {{"2", "x"}}},
      {"UTF-16 BOM", std::string("\xFF\xFE" "a\0,\0", 6), {}, Status::CsvEncoding, 1, 1},
      {"Latin-1 decoded", "name,city\nx,Z\xFCrich\ny,S\xE3o Paulo\n", {}, ok, -1, -1, {"name", "city"},
       {{"x", "Z\xC3\xBCrich"}, {"y", "S\xC3\xA3o Paulo"}}},
      {"UTF-8 kept", "name,city\nx,Z\xC3\xBCrich\n", {}, ok, -1, -1, {"name", "city"}, {{"x", "Z\xC3\xBCrich"}}},
      {"duplicate and empty header names", "a,,a,b,a\n1,2,3,4,5\n", {}, ok, -1, -1,
       {"a", "column_2", "a_2", "b", "a_3"}, {{"1", "2", "3", "4", "5"}}},
      {"no header", "1,2\n3,4\n", noHeader(), ok, -1, -1, {"column_1", "column_2"}, {{"1", "2"}, {"3", "4"}}},
      {"whitespace kept in text, trimmed for typing", "a,b\n x , 1 \n y ,2\n", {}, ok, -1, -1, {"a", "b"},
       {{"x", "1"}, {"y", "2"}}},
      {"empty quoted field", "a,b\n\"\",2\n", {}, ok, -1, -1, {"a", "b"}, {{"<NA>", "2"}}},
  };
}

Table parseOk(std::string_view text, const CsvOptions& options = {}) { return test::requireOk(parseCsv(text, options)); }


}  // namespace

TEST_CASE("csv: a stray NUL spoils one cell, many NULs mean the file is not text", "[csv]") {
  // One NUL in a field: that row is bad (error by default, skipped on request), not the file.
  std::string one = "a,b\n1,x\n2,y\n3,z\n";
  one[10] = '\0';  // the "y"
  Result<Table> strict = parseCsv(one, {});
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().status == Status::CsvEncoding);
  CHECK(strict.error().line == 3);
  CHECK(strict.error().message.find("NUL byte in a field") != std::string::npos);
  CsvOptions skip;
  skip.onBadRow = BadRowPolicy::Skip;
  Table t = parseOk(one, skip);
  CHECK(t.rowCount() == 2);
  REQUIRE(t.meta.skippedRows.size() == 1);
  CHECK(t.meta.skippedRows[0].row == 1);
  CHECK(t.meta.skippedRows[0].reason == Status::CsvEncoding);
  // A NUL in every few fields: binary data, refused as a whole even when bad rows are skipped.
  std::string many = "a,b\n";
  for (int i = 0; i < 200; ++i) many += std::to_string(i) + std::string(1, '\0') + ",x\n";
  Result<Table> binary = parseCsv(many, skip);
  REQUIRE_FALSE(binary.ok());
  CHECK(binary.error().status == Status::CsvEncoding);
  CHECK(binary.error().message.find("does not look like text") != std::string::npos);
}

TEST_CASE("csv: parseCsv, table of edge cases", "[csv]") {
  for (const CsvCase& c : parserCases()) {
    INFO("case: " << c.description);
    Result<Table> r = parseCsv(c.input, c.options);
    if (c.status != Status::Ok) {
      REQUIRE_FALSE(r.ok());
      INFO("message: " << r.error().message);
      CHECK(r.error().status == c.status);
      if (c.line >= 0) {
        CHECK(r.error().line == c.line);
        CHECK(r.error().column == c.column);
        const std::string prefix = "line " + std::to_string(c.line) + ", column " + std::to_string(c.column) + ": ";
        CHECK(r.error().message.rfind(prefix, 0) == 0);
      }
      continue;
    }
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    const Table& t = r.value();
    REQUIRE(t.columnCount() == static_cast<Index>(c.names.size()));
    for (size_t j = 0; j < c.names.size(); ++j) CHECK(t.columns[j].name == c.names[j]);
    REQUIRE(t.rowCount() == static_cast<Index>(c.cells.size()));
    for (size_t i = 0; i < c.cells.size(); ++i)
      for (size_t j = 0; j < c.names.size(); ++j) {
        INFO("row " << i << " column " << j);
        CHECK(cellText(t.columns[j], static_cast<Index>(i)) == c.cells[i][j]);
      }
  }
}

TEST_CASE("csv: parseCsv, rows point back to their line and bytes", "[csv]") {
  const std::string text = "\xEF\xBB\xBFid,x\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n";
  Table t = parseOk(text);
  REQUIRE(t.rowCount() == 2);
  CHECK(t.meta.bomStripped);
  CHECK(t.meta.linebreak == "\r\n");
  CHECK(t.meta.headerLine == 1);
  CHECK(t.meta.blankLines == 1);
  CHECK(t.rowLines == std::vector<long long>{2, 5});
  CHECK(text.substr(t.rowOffsets[0], t.rowEnds[0] - t.rowOffsets[0]) == "1,\"a\r\nb\"");
  CHECK(text.substr(t.rowOffsets[1], t.rowEnds[1] - t.rowOffsets[1]) == "2,c");
  CHECK(t.columns[1].kind == ColumnKind::Categorical);
  CHECK(t.columns[1].levels[0] == "a\r\nb");
}

TEST_CASE("csv: parseCsv, metadata", "[csv]") {
  SECTION("delimiter and line break") {
    Table t = parseOk("a;b\r1;2\r");
    CHECK(t.meta.delimiter == ';');
    CHECK(t.meta.delimiterDetected);
    CHECK(t.meta.linebreak == "\r");
  }
  SECTION("renamed columns are reported") {
    Table t = parseOk("a,,a\n1,2,3\n");
    REQUIRE(t.meta.renamedColumns.size() == 2);
    CHECK(t.meta.renamedColumns[0].index == 1);
    CHECK(t.meta.renamedColumns[0].original.empty());
    CHECK(t.meta.renamedColumns[0].name == "column_2");
    CHECK(t.meta.renamedColumns[1].original == "a");
    CHECK(t.meta.renamedColumns[1].name == "a_2");
  }
  SECTION("skipped rows keep line and reason") {
    Table t = parseOk("a,b\n1,2\n3,4,5\n6\n7,8\n", skipBadRows());
    REQUIRE(t.meta.skippedRows.size() == 2);
    CHECK(t.meta.skippedRows[0].line == 3);
    CHECK(t.meta.skippedRows[0].column == 5);
    CHECK(t.meta.skippedRows[0].reason == Status::CsvFieldCount);
    CHECK(t.meta.skippedRows[0].message == "line 3, column 5: expected 2 fields, found 3");
    CHECK(t.meta.skippedRows[1].line == 4);
    CHECK(t.meta.skippedRows[1].message == "line 4, column 2: expected 2 fields, found 1");
    CHECK(t.rowLines == std::vector<long long>{2, 5});
  }
  SECTION("Latin-1 is reported") {
    Table t = parseOk("a\n\xE9t\xE9\n");
    CHECK(t.meta.encoding == TextEncoding::Latin1);
    CHECK(t.columns[0].levels[0] == "\xC3\xA9t\xC3\xA9");
  }
  SECTION("error message of a ragged row") {
    Result<Table> r = parseCsv("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "line 3, column 11: expected 5 fields, found 6");
  }
  SECTION("one empty field too many: a delimiter at the end of the line, said") {
    Result<Table> r = parseCsv("a,b,c\n1,2,3,\n4,5,6,\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "line 2, column 7: expected 3 fields, found 4 (the last one empty: a delimiter at the end of the line?)");
    Result<Table> all = parseCsv("a,b,c\n1,2,3,\n4,5,6,\n", skipBadRows());
    REQUIRE_FALSE(all.ok());
    CHECK_THAT(all.error().message, Catch::Contains("every data row was skipped") && Catch::Contains("a delimiter at the end of the line?"));
    CHECK(parseCsv("a,b,c\n1,2,3,4\n").error().message.find("delimiter at the end") == std::string::npos);
  }
  SECTION("bad options") {
    CsvOptions o;
    o.delimiter = 'x';
    CHECK(parseCsv("a\n1\n", o).status() == Status::InvalidArgument);
  }
}

TEST_CASE("csv: CsvReader, chunked input gives the same table", "[csv]") {
  std::string text = "\xEF\xBB\xBFname;score;note\r\n";
  for (int i = 0; i < 200; ++i)
    text += "n" + std::to_string(i) + ";" + std::to_string(i % 7) + ",5;\"multi\r\nline \"\"" + std::to_string(i % 3) +
            "\"\"\"\r\n";
  const Table whole = parseOk(text);
  for (size_t chunk : {size_t(1), size_t(2), size_t(3), size_t(7), size_t(4096)}) {
    INFO("chunk size " << chunk);
    CsvReader reader;
    for (size_t at = 0; at < text.size(); at += chunk) REQUIRE(reader.feed(std::string_view(text).substr(at, chunk)).ok());
    Result<Table> r = reader.finish();
    REQUIRE(r.ok());
    const Table& t = r.value();
    REQUIRE(t.rowCount() == 200);
    CHECK(t.meta.delimiter == ';');
    CHECK(t.rowOffsets == whole.rowOffsets);
    CHECK(t.rowLines == whole.rowLines);
    for (Index j = 0; j < 3; ++j)
      for (Index i = 0; i < 200; i += 17) CHECK(cellText(t.columns[j], i) == cellText(whole.columns[j], i));
  }
  CHECK(whole.columns[1].kind == ColumnKind::Numeric);  // decimal comma with ';'
  CHECK(whole.columns[1].numbers[3] == 3.5);
  CHECK(whole.rowLines[1] == 4);
}

TEST_CASE("csv: Excel's delimiter hint (a first line sep=X) names the delimiter and is no record", "[csv]") {
  SECTION("the hint's delimiter, the decimal comma with it, lines counted from the hint") {
    const std::string text = "sep=;\na;b;label\n1,5;2;x\n3;4;y\n";
    const Table t = parseOk(text);
    CHECK(t.meta.delimiterHint);
    CHECK_FALSE(t.meta.delimiterDetected);
    CHECK(t.meta.delimiter == ';');
    REQUIRE(t.columnCount() == 3);
    CHECK(t.columns[0].name == "a");
    CHECK(t.columns[0].numbers == std::vector<double>{1.5, 3.0});
    CHECK(t.meta.headerLine == 2);
    CHECK(t.meta.headerOffset == 6);
    CHECK(t.rowLines == std::vector<long long>{3, 4});
    // Fed byte by byte: the same table.
    CsvReader reader;
    for (char c : text) REQUIRE(reader.feed(std::string_view(&c, 1)).ok());
    const Table bytes = test::requireOk(reader.finish());
    CHECK(bytes.meta.delimiterHint);
    CHECK(bytes.rowOffsets == t.rowOffsets);
    CHECK(bytes.columns[0].numbers == t.columns[0].numbers);
  }
  SECTION("after a BOM, with CRLF and a tab") {
    const Table t = parseOk("\xEF\xBB\xBFsep=\t\r\na\tb\r\n1\t2\r\n");
    CHECK(t.meta.delimiterHint);
    CHECK(t.meta.delimiter == '\t');
    CHECK(t.meta.headerLine == 2);
    CHECK(t.columns[1].numbers == std::vector<double>{2.0});
  }
  SECTION("a delimiter set in the options wins; the hint line is still no record") {
    CsvOptions o;
    o.delimiter = ',';
    const Table t = parseOk("sep=;\na,b\n1,2\n", o);
    CHECK(t.meta.delimiterHint);
    CHECK(t.meta.delimiter == ',');
    CHECK(t.columns[0].name == "a");
  }
  SECTION("errors name the file's lines") {
    const Error e = parseCsv("sep=;\na;b\n1;2\n1;2;3\n").error();
    CHECK(e.status == Status::CsvFieldCount);
    CHECK(e.line == 4);
  }
  SECTION("not a hint: another character, text after it, not on the first line") {
    for (const char* text : {"sep=x\n1\n", "sep=;a\n1;2\n", "a\nsep=;\n"}) {
      INFO(text);
      const Table t = parseOk(text);
      CHECK_FALSE(t.meta.delimiterHint);
      CHECK(t.meta.headerLine == 1);
    }
  }
}

TEST_CASE("csv: CsvReader, errors are sticky and limits hold", "[csv]") {
  SECTION("maxBytes") {
    CsvOptions o;
    o.maxBytes = 10;
    CsvReader reader(o);
    REQUIRE(reader.feed("a,b\n").ok());
    Outcome second = reader.feed("1,2\n3,4\n");
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().status == Status::LimitExceeded);
    CHECK(reader.finish().status() == Status::LimitExceeded);
  }
  SECTION("maxRows") {
    CsvOptions o;
    o.maxRows = 2;
    Result<Table> r = parseCsv("a\n1\n2\n3\n", o);
    CHECK(r.status() == Status::LimitExceeded);
    CHECK(r.error().line == 4);
  }
  SECTION("maxColumns") {
    CsvOptions o;
    o.maxColumns = 3;
    CHECK(parseCsv("a,b,c,d\n1,2,3,4\n", o).status() == Status::LimitExceeded);
  }
  SECTION("maxFieldBytes, e.g. a quote never closed in a large file") {
    CsvOptions o;
    o.maxFieldBytes = 100;
    std::string text = "a,b\n1,\"" + std::string(500, 'x') + "\n";
    Result<Table> r = parseCsv(text, o);
    REQUIRE(r.status() == Status::LimitExceeded);
    CHECK(r.error().line == 2);
    CHECK(r.error().column == 3);
    CHECK(r.error().message.find("closing quote") != std::string::npos);
  }
}

TEST_CASE("csv: parseCsv, large fields and wide tables", "[csv]") {
  SECTION("a 1 MB quoted field") {
    std::string big(1 << 20, 'a');
    for (size_t i = 0; i < big.size(); i += 100) big[i] = ' ';
    big[500] = ',';
    big[700] = '\n';
    const std::string text = "label,text\nx,\"" + big + "\"\ny,short text\n";
    Table t = parseOk(text);
    REQUIRE(t.rowCount() == 2);
    CHECK(t.columns[1].kind == ColumnKind::Text);
    CHECK(t.columns[1].strings.at(0) == big);
    CHECK(t.rowLines[1] == 4);
  }
  SECTION("10,000 columns") {
    const int cols = 10000;
    std::string text;
    for (int j = 0; j < cols; ++j) text += (j ? ",c" : "c") + std::to_string(j);
    text += '\n';
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < cols; ++j) text += (j ? "," : "") + std::to_string(i * j);
      text += '\n';
    }
    Table t = parseOk(text);
    REQUIRE(t.columnCount() == cols);
    REQUIRE(t.rowCount() == 3);
    CHECK(t.columns[9999].name == "c9999");
    CHECK(t.columns[9999].numbers[2] == 19998.0);
  }
}

TEST_CASE("csv: typing, missing tokens and numbers", "[csv]") {
  SECTION("missing tokens") {
    Table t = parseOk("x,y\n1,a\nNA,b\nN/A,a\nNaN,\nnan,null\nNULL,None\n?,-\n,a\n 2 , b \n");
    const Column& x = t.columns[0];
    CHECK(x.kind == ColumnKind::Numeric);
    CHECK(x.missing == 7);
    CHECK(x.numbers[8] == 2.0);
    const Column& y = t.columns[1];
    CHECK(y.kind == ColumnKind::Categorical);
    CHECK(y.missing == 4);
    CHECK(y.levels == std::vector<std::string>{"a", "b"});
    CHECK(y.codes == std::vector<int32_t>{0, 1, 0, -1, -1, -1, -1, 0, 1});
  }
  SECTION("number forms") {
    Table t = parseOk("x\n1e5\n-0\n+3\n.5\n5.\n-1.25E-2\n007\n");
    const Column& x = t.columns[0];
    REQUIRE(x.kind == ColumnKind::Numeric);
    CHECK(x.numbers == std::vector<double>{1e5, 0.0, 3.0, 0.5, 5.0, -0.0125, 7.0});
    CHECK(std::signbit(x.numbers[1]));
  }
  SECTION("1e400 and inf are non-finite: missing with a count") {
    Table t = parseOk("x\n1\n1e400\n-inf\nInfinity\n2\n1e-400\n");
    const Column& x = t.columns[0];
    REQUIRE(x.kind == ColumnKind::Numeric);
    CHECK(x.missing == 3);
    CHECK(x.nonFinite == 3);
    CHECK(std::isnan(x.numbers[1]));
    CHECK(x.numbers[4] == 2.0);
    CHECK(x.numbers[5] == 0.0);
    CHECK(x.reason.find("3 infinite") != std::string::npos);
  }
  SECTION("hex is not a number") {
    Table t = parseOk("x\n0x10\n1\n");
    CHECK(t.columns[0].kind == ColumnKind::Categorical);
  }
  SECTION("thousands separators are numbers; a comma that is no thousands separator is not") {
    Table t = parseOk("x,y,z\n\"1,000\",1,\"1,5\"\n\"2,000\",2,\"2,25\"\n");
    REQUIRE(t.columns[0].kind == ColumnKind::Numeric);
    CHECK(t.columns[0].numbers == std::vector<double>{1000.0, 2000.0});
    CHECK(t.columns[2].kind == ColumnKind::Categorical);
  }
  SECTION("decimal comma with ';'") {
    Table t = parseOk("x;y\n3,14;1.5\n-2,5e1;2\n;3\n");
    const Column& x = t.columns[0];
    REQUIRE(x.kind == ColumnKind::Numeric);
    CHECK(x.numbers[0] == 3.14);
    CHECK(x.numbers[1] == -25.0);
    CHECK(x.missing == 1);
  }
  SECTION("parseNumberToken is exact") {
    double v = 0;
    CHECK(parseNumberToken("0.1", false, v) == NumberToken::Finite);
    CHECK(v == 0.1);
    CHECK(parseNumberToken("3.141592653589793238462643383279", false, v) == NumberToken::Finite);
    CHECK(v == 3.141592653589793);
    CHECK(parseNumberToken("1.7976931348623157e308", false, v) == NumberToken::Finite);
    CHECK(v == 1.7976931348623157e308);
    CHECK(parseNumberToken("4.9e-324", false, v) == NumberToken::Finite);
    CHECK(v == 4.9e-324);
    CHECK(parseNumberToken("123456789012345678", false, v) == NumberToken::Finite);
    CHECK(v == 123456789012345678.0);
    CHECK(parseNumberToken("2,5", false, v) == NumberToken::NotNumber);
    CHECK(parseNumberToken("2,5", true, v) == NumberToken::Finite);
    CHECK(v == 2.5);
    for (const char* bad : {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "1 2", "--1", "1,5,2"})
      CHECK(parseNumberToken(bad, true, v) == NumberToken::NotNumber);
  }
}

TEST_CASE("csv: typing, column kinds", "[csv]") {
  auto typed = [](const std::string& name, const std::vector<std::string>& values) {
    StringColumn raw;
    for (const std::string& v : values) raw.push(v);
    return typeColumn(name, std::move(raw), TypingOptions{});
  };
  std::vector<std::string> ints, words, sentences, codes;
  for (int i = 0; i < 100; ++i) {
    ints.push_back(std::to_string(i + 1));
    words.push_back("user" + std::to_string(i * 7 % 100));
    sentences.push_back("this is review number " + std::to_string(i) + " and it is fine");
    codes.push_back(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue");
  }
  CHECK(typed("id", ints).kind == ColumnKind::Identifier);
  CHECK(typed("row_id", ints).kind == ColumnKind::Identifier);
  CHECK(typed("userId", ints).kind == ColumnKind::Identifier);
  CHECK(typed("", ints).kind == ColumnKind::Identifier);  // a saved data-frame index
  // 1, 2, ..., 100 counts the rows whatever the column's name: a row number, not a feature.
  const Column counter = typed("count", ints);
  CHECK(counter.kind == ColumnKind::Identifier);
  CHECK(counter.reason == "counts the rows (0, 1, 2, ... or 1, 2, 3, ...): a row number, whatever its name");
  std::vector<std::string> evens, fromTwo, few;
  for (int i = 0; i < 100; ++i) evens.push_back(std::to_string(2 * i + 2));
  for (int i = 0; i < 100; ++i) fromTwo.push_back(std::to_string(i + 2));
  for (int i = 0; i < 19; ++i) few.push_back(std::to_string(i + 1));
  CHECK(typed("count", evens).kind == ColumnKind::Numeric);    // increasing, not by one
  CHECK(typed("count", fromTwo).kind == ColumnKind::Numeric);  // not from 0 or 1
  CHECK(typed("count", few).kind == ColumnKind::Numeric);      // too few rows to tell
  // Dates and times: when a row was collected, left out (as text they were hashed words, and in
  // a file sorted by label the models learned the order from them).
  const std::vector<std::vector<std::string>> dateColumns = {
      {"2023-01-05", "2023-01-06", "2023-02-10"},
      {"2023-01-05 10:00:00", "2023-01-05T10:00:01.5Z", "2023-01-06 09:30"},
      {"2023-01-05T10:00:00+01:00", "2023/01/05", "2023-1-5 9:05:00-0500"},
      {"05/01/2023", "1/5/23", "12/31/2023 11:59 PM", "05.01.2023 08:00"}};
  for (const auto& values : dateColumns) {
    const Column when = typed("when", values);
    CHECK(when.kind == ColumnKind::Identifier);
    CHECK(when.reason.rfind("dates or times (\"" + values[0] + "\")", 0) == 0);
  }
  // Not dates: a word among them, a year and month only, numbers, fractions, versions.
  for (const std::vector<std::string>& values : std::vector<std::vector<std::string>>{
           {"2023-01-05", "soon"}, {"2023-01", "2023-02"}, {"1/2/3", "4/5/6"}, {"1.2.3", "1.2.4"}, {"2023-01-05 10", "x"}})
    CHECK(typed("when", values).kind != ColumnKind::Identifier);
  std::vector<std::string> notIncreasing = ints;
  std::swap(notIncreasing[3], notIncreasing[4]);
  CHECK(typed("id", notIncreasing).kind == ColumnKind::Numeric);
  CHECK(typed("user", words).kind == ColumnKind::Identifier);
  CHECK(typed("review", sentences).kind == ColumnKind::Text);
  const Column colour = typed("colour", codes);
  CHECK(colour.kind == ColumnKind::Categorical);
  CHECK(colour.levels == std::vector<std::string>{"red", "green", "blue"});
  CHECK(colour.distinct == 3);
  CHECK_FALSE(colour.reason.empty());
  // Few rows: distinct short strings are categorical, not identifiers.
  CHECK(typed("name", {"a", "b", "c"}).kind == ColumnKind::Categorical);
  // High cardinality without spaces and with repeats stays categorical.
  std::vector<std::string> many;
  for (int i = 0; i < 1000; ++i) many.push_back("city" + std::to_string(i % 300));
  const Column city = typed("city", many);
  CHECK(city.kind == ColumnKind::Categorical);
  CHECK(city.reason.find("high cardinality") == 0);
  CHECK(typed("empty", {"", "NA", ""}).kind == ColumnKind::Numeric);
}

namespace {
struct DatasetCounts {
  const char* name;
  Index rows;
  Index columns;
  Index missing;
};
}  // namespace

TEST_CASE("csv: parseCsv, the shared datasets", "[csv][datasets]") {
  // From ../shared/datasets/datasets.json (n_rows; n_feature_columns + the label; cells_missing).
  const DatasetCounts expected[] = {
      {"iris", 150, 5, 0},       {"penguins", 344, 8, 19}, {"breast_cancer", 569, 31, 0}, {"digits", 1797, 65, 0},
      {"hpc", 4331, 8, 0},       {"spambase", 4601, 58, 0}, {"letter", 20000, 17, 0},     {"fine_foods", 5000, 2, 0},
  };
  for (const DatasetCounts& d : expected) {
    for (const char* variant : {"clean", "uniform10", "uniform30", "asym20"}) {
      const std::string path = test::sharedDir() + "/datasets/" + d.name + "." + variant + ".csv";
      INFO(path);
      const std::string text = test::readFile(path);
      REQUIRE_FALSE(text.empty());
      Table t = parseOk(text);
      CHECK(t.rowCount() == d.rows);
      CHECK(t.columnCount() == d.columns);
      CHECK(t.meta.delimiter == ',');
      CHECK(t.meta.skippedRows.empty());
      Index missing = 0;
      for (const Column& c : t.columns) missing += c.missing;
      CHECK(missing == d.missing);
    }
  }
  SECTION("kinds") {
    Table penguins = parseOk(test::readFile(test::sharedDir() + "/datasets/penguins.clean.csv"));
    CHECK(penguins.columns[0].kind == ColumnKind::Categorical);  // species
    CHECK(penguins.columns[1].kind == ColumnKind::Categorical);  // island
    CHECK(penguins.columns[6].kind == ColumnKind::Categorical);  // sex
    CHECK(penguins.columns[6].missing == 11);
    Index numeric = 0;
    for (const Column& c : penguins.columns) numeric += c.kind == ColumnKind::Numeric;
    CHECK(numeric == 5);  // 4 measurements + year
    Table foods = parseOk(test::readFile(test::sharedDir() + "/datasets/fine_foods.clean.csv"));
    CHECK(foods.columns[0].kind == ColumnKind::Text);
    CHECK(foods.columns[1].kind == ColumnKind::Categorical);
    Table digits = parseOk(test::readFile(test::sharedDir() + "/datasets/digits.clean.csv"));
    CHECK(digits.columns[64].name == "digit");
  }
  SECTION("label-errors probabilities") {
    const std::pair<const char*, Index> files[] = {
        {"mnist", 10}, {"cifar10", 10}, {"imdb", 2}, {"20news", 20}};
    const Index rows[] = {10000, 10000, 25000, 7532};
    for (size_t k = 0; k < 4; ++k) {
      Table t = parseOk(test::readFile(test::sharedDir() + "/datasets/label-errors/" + files[k].first + "_test_pred_probs.csv"));
      CHECK(t.rowCount() == rows[k]);
      CHECK(t.columnCount() == files[k].second + 1);
      for (const Column& c : t.columns) CHECK(c.kind == ColumnKind::Numeric);
    }
  }
}

// The time is reported, not asserted (speed is measured by bench/, where the load is known; a
// timed unit test fails on a busy machine).
TEST_CASE("csv: parseCsv, 100k rows x 20 numeric columns parse and type", "[csv][speed]") {
  std::string text;
  for (int j = 0; j < 20; ++j) text += (j ? ",f" : "f") + std::to_string(j);
  text += '\n';
  char buf[32];
  for (int i = 0; i < 100000; ++i) {
    for (int j = 0; j < 20; ++j) {
      std::snprintf(buf, sizeof buf, "%s%.5f", j ? "," : "", (i * 31 + j * 17) % 1000 / 7.0 - 50);
      text += buf;
    }
    text += '\n';
  }
  const auto start = std::chrono::steady_clock::now();
  Table t = parseOk(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("parse + type of " << text.size() / 1e6 << " MB: " << seconds * 1e3 << " ms");
  CHECK(t.rowCount() == 100000);
  CHECK(t.columns[19].kind == ColumnKind::Numeric);
}

TEST_CASE("csv: CsvReader, random inputs: no crash, chunks agree with the whole", "[csv]") {
  // Small random texts over the bytes that matter to the state machine.
  static const char kAlphabet[] = {'a', ',', ';', '"', '\n', '\r', ' ', '1', '.', '\xC3', '\xA9', '\xE9', '\t'};
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = next() % 40;
    for (size_t i = 0; i < length; ++i) text += kAlphabet[next() % sizeof kAlphabet];
    CsvOptions options;
    options.delimiter = ',';
    options.onBadRow = round % 2 ? BadRowPolicy::Skip : BadRowPolicy::Error;
    Result<Table> whole = parseCsv(text, options);
    Result<Table> detected = parseCsv(text);  // auto delimiter: must not crash either
    if (!detected.ok()) CHECK(detected.error().status != Status::Internal);
    CsvReader reader(options);
    const size_t chunk = 1 + next() % 5;
    bool fedOk = true;
    for (size_t at = 0; at < text.size() && fedOk; at += chunk) fedOk = reader.feed(std::string_view(text).substr(at, chunk)).ok();
    Result<Table> chunked = reader.finish();
    INFO("round " << round << " chunk " << chunk);
    REQUIRE(whole.status() == chunked.status());
    if (!whole.ok()) {
      CHECK(whole.error().message == chunked.error().message);
      if (whole.error().line >= 0) CHECK(whole.error().column >= 1);
      continue;
    }
    const Table& a = whole.value();
    const Table& b = chunked.value();
    REQUIRE(a.rowCount() == b.rowCount());
    REQUIRE(a.columnCount() == b.columnCount());
    CHECK(a.rowOffsets == b.rowOffsets);
    CHECK(a.rowEnds == b.rowEnds);
    CHECK(a.rowLines == b.rowLines);
    CHECK(a.meta.skippedRows.size() == b.meta.skippedRows.size());
    for (Index j = 0; j < a.columnCount(); ++j)
      for (Index i = 0; i < a.rowCount(); ++i) CHECK(cellText(a.columns[j], i) == cellText(b.columns[j], i));
    // Every row's bytes lie inside the input.
    for (Index i = 0; i < a.rowCount(); ++i) CHECK(a.rowEnds[i] <= text.size());
  }
}

namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

// The table column equals typeColumn over the same cells' text: every field, not only the kind.
void requireSameColumn(const Column& got, const Column& want) {
  REQUIRE(columnKindName(got.kind) == std::string(columnKindName(want.kind)));
  CHECK(got.reason == want.reason);
  CHECK(got.missing == want.missing);
  CHECK(got.nonFinite == want.nonFinite);
  CHECK(got.distinct == want.distinct);
  REQUIRE(got.numbers.size() == want.numbers.size());
  for (size_t i = 0; i < got.numbers.size(); ++i) {
    INFO("row " << i << ": " << got.numbers[i] << " vs " << want.numbers[i]);
    CHECK(sameBits(got.numbers[i], want.numbers[i]));
  }
  CHECK(got.codes == want.codes);
  CHECK(got.levels == want.levels);
  CHECK(got.strings.bytes == want.strings.bytes);
  CHECK(got.strings.ends == want.strings.ends);
}

}  // namespace

TEST_CASE("csv: typing while reading gives what typeColumn gives on the column's text", "[csv]") {
  // Numeric-looking cells of every shape the reader keeps as numbers, rebuilds from numbers, or
  // keeps verbatim; each column ends (or not) with a cell that makes it text, so the rows read
  // as numbers must come back as their exact text.
  static const char* const kCells[] = {
      "1.50", "-0",  "0",    "007",  "1e5",   " 3",   "3 ",   "NA",    "",       "inf",  "-Infinity", "1e400",
      "+2",   ".5",  "5.",   "-0.000", "0.1", "12345678901234", "123456789012345", "1234567890123456",
      "0.000000000000001", "99999999999999.9", "-7.25", "?", "-", "null", "None", "nan", "N/A", "1,5", "2,25",
      "3,1,4", "10",  "11",  "12"};
  constexpr size_t kCount = sizeof kCells / sizeof kCells[0];
  uint32_t state = 777;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (char delimiter : {',', ';'}) {
    for (int round = 0; round < 40; ++round) {
      const int columns = 6, rows = 1 + static_cast<int>(next() % 60);
      std::vector<std::string> names = {"x", "id", "value", "row_id", "y", "index"};
      std::vector<std::vector<std::string>> cells(columns);
      for (int j = 0; j < columns; ++j) {
        const int ending = static_cast<int>(next() % 4);  // 0: a word at the end, 1: in the middle
        for (int i = 0; i < rows; ++i) {
          std::string c = kCells[next() % kCount];
          if (j == 1 || j == 3) c = std::to_string(i + 1) + (next() % 5 == 0 ? ".0" : "");  // identifier-like
          if (delimiter == ',' && c.find(',') != std::string::npos) c = "4";
          if (ending == 0 && i == rows - 1) c = "word";
          if (ending == 1 && i == rows / 2) c = "other words";
          cells[j].push_back(c);
        }
      }
      std::string text;
      for (int j = 0; j < columns; ++j) text += (j ? std::string(1, delimiter) : "") + names[j];
      text += "\n";
      for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < columns; ++j) text += (j ? std::string(1, delimiter) : "") + cells[j][i];
        text += "\n";
      }
      CsvOptions options;
      options.delimiter = delimiter;
      Result<Table> t = parseCsv(text, options);
      INFO("round " << round << " delimiter " << delimiter << "\n" << text);
      REQUIRE(t.ok());
      REQUIRE(t.value().columnCount() == columns);
      TypingOptions typing;
      typing.decimalComma = delimiter != ',';
      for (int j = 0; j < columns; ++j) {
        StringColumn raw;
        for (const std::string& c : cells[j]) raw.push(c);
        INFO("column " << j);
        requireSameColumn(t.value().columns[static_cast<size_t>(j)], typeColumn(names[j], std::move(raw), typing));
      }
    }
  }
}

TEST_CASE("csv: numbers as spreadsheets print them", "[csv]") {
  SECTION("currency, thousands, percent and accounting negatives make numeric columns") {
    Table t = parseOk(
        "price,share,balance,label\n"
        "\"$1,234.50\",12.5%,(300.00),a\n"
        "$99,-3%,\"1,000\",b\n"
        "NA,100%,-5,a\n"
        "\"$ 1,000,000\",0.5%,,b\n");
    const Column& price = t.columns[0];
    REQUIRE(price.kind == ColumnKind::Numeric);
    CHECK(price.numbers[0] == 1234.5);
    CHECK(price.numbers[1] == 99.0);
    CHECK(std::isnan(price.numbers[2]));
    CHECK(price.numbers[3] == 1e6);
    CHECK(price.missing == 1);
    CHECK(price.reason.find("a currency sign ($) and thousands separators") != std::string::npos);
    Table three = parseOk("x\n\"($1,000)\"\n$5\n");
    CHECK(three.columns[0].reason ==
          "all 2 non-missing values are numbers, written with a currency sign ($), thousands separators and "
          "accounting negatives ((5) read as -5)");
    CHECK(three.columns[0].numbers == std::vector<double>{-1000.0, 5.0});
    const Column& share = t.columns[1];
    REQUIRE(share.kind == ColumnKind::Numeric);
    CHECK(share.numbers == std::vector<double>{0.125, -0.03, 1.0, 0.005});
    CHECK(share.reason.find("percent signs") != std::string::npos);
    const Column& balance = t.columns[2];
    REQUIRE(balance.kind == ColumnKind::Numeric);
    CHECK(balance.numbers[0] == -300.0);
    CHECK(balance.numbers[1] == 1000.0);
    CHECK(balance.numbers[2] == -5.0);
    CHECK(balance.reason ==
          "all 3 non-missing values are numbers, written with thousands separators and accounting negatives ((5) read as -5)");
  }
  SECTION("decimal comma files: '.' or a space groups, ',' is the mark, the sign may follow") {
    Table t = parseOk("x;y\n1.234,50 €;1\n-2\u202f000 €;2\n12,5 €;3\n");
    const Column& x = t.columns[0];
    REQUIRE(x.kind == ColumnKind::Numeric);
    CHECK(x.numbers == std::vector<double>{1234.5, -2000.0, 12.5});
  }
  SECTION("columns that stay strings") {
    // Two currencies, Indian grouping, a bad group, a comma decimal in a '.' file, currency
    // with percent, a sign inside parentheses, words.
    for (const char* text : {"x\n$5\n\u20ac5\n", "x\n\"12,34,567\"\n1\n", "x\n\"1,2345\"\n1\n",
                             "x\n\"1,5\"\n\"1,000\"\n", "x\n$5%\n1\n", "x\n(-5)\n1\n", "x\n$5\nabc\n",
                             "x\n$\n1\n", "x\n1e5\n$5\n"}) {
      INFO(text);
      Table t = parseOk(text);
      CHECK(t.columns[0].kind != ColumnKind::Numeric);
    }
  }
  SECTION("an id column of grouped integers is still an identifier") {
    Table t = parseOk("id,x\n\"1,001\",1\n\"1,002\",2\n\"1,003\",3\n");
    CHECK(t.columns[0].kind == ColumnKind::Identifier);
  }
  SECTION("parseFormattedNumber") {
    std::string scratch;
    NumberFormat f;
    double v = 0;
    CHECK(parseFormattedNumber("\u00a3-1'234.5", false, scratch, f, v) == NumberToken::Finite);
    CHECK(v == -1234.5);
    CHECK(f.currency == "\u00a3");
    CHECK(f.grouped);
    CHECK(parseFormattedNumber("EUR \u22121.234,50", true, scratch, f, v) == NumberToken::Finite);
    CHECK(v == -1234.5);
    CHECK(f.currency == "EUR");
    CHECK(parseFormattedNumber("1,234.50 USD", false, scratch, f, v) == NumberToken::Finite);
    CHECK(v == 1234.5);
    CHECK(parseFormattedNumber("\u221212%", false, scratch, f, v) == NumberToken::Finite);
    CHECK(v == -0.12);
    CHECK(parseFormattedNumber("0.1%", false, scratch, f, v) == NumberToken::Finite);
    CHECK(v == 0.1 / 100.0);
    CHECK(parseFormattedNumber("1 234 567", false, scratch, f, v) == NumberToken::Finite);
    CHECK(v == 1234567.0);
    CHECK(parseFormattedNumber("1.234", true, scratch, f, v) == NumberToken::Finite);
    CHECK(v == 1234.0);
    std::string huge = "$1";
    for (int i = 0; i < 120; ++i) huge += ",000";
    CHECK(parseFormattedNumber(huge, false, scratch, f, v) == NumberToken::NonFinite);
    for (const char* bad : {"", "$", "%", "()", "1,", ",123", "1,,234", "1,234,", "1.234.567,", "$$5", "5$$", "1 234 5678",
                            "1e5", "inf", "$inf", "--5", "5-", "1,234 567", "12.5 %%", "( 5)x", "XYZ 5", "usd 5",
                            "\u2212\u22125", "USD"})
      CHECK(parseFormattedNumber(bad, false, scratch, f, v) == NumberToken::NotNumber);
  }
}
