// Byte-exact rewrites (csv_write.hpp), record splitting (csv_record.hpp) and the preview
// (csv_preview.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "labelcheck/csv.hpp"
#include "labelcheck/csv_preview.hpp"
#include "labelcheck/csv_record.hpp"
#include "labelcheck/csv_write.hpp"

using namespace labelcheck;

namespace {
Table read(const std::string& text, BadRowPolicy bad = BadRowPolicy::Error) {
  CsvOptions o;
  o.onBadRow = bad;
  auto t = parseCsv(text, o);
  REQUIRE(t.ok());
  return std::move(t).value();
}
}  // namespace

TEST_CASE("formatShortest writes numbers as JavaScript's String(x)", "[csv_write]") {
  struct Case { double x; const char* text; };
  const Case cases[] = {
      {0.0, "0"}, {-0.0, "0"}, {1.0, "1"}, {0.1, "0.1"}, {0.1 + 0.2, "0.30000000000000004"}, {1.0 / 3, "0.3333333333333333"},
      {123456789012345680000.0, "123456789012345680000"}, {1e21, "1e+21"}, {1.5e-7, "1.5e-7"}, {0.000001, "0.000001"},
      {1e-7, "1e-7"}, {-2.5, "-2.5"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
      {100.0, "100"}, {0.5, "0.5"}, {12.75, "12.75"}};
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(formatShortest(c.x) == c.text);
  }
  CHECK(formatShortest(std::numeric_limits<double>::quiet_NaN()).empty());
  // Always reads back exactly, and no shorter form would.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 2000; ++i) {
    const double x = u(rng) * std::pow(10.0, static_cast<int>(rng() % 40) - 20);
    const std::string s = formatShortest(x);
    CHECK(std::strtod(s.c_str(), nullptr) == x);
  }
}

TEST_CASE("splitRecord and recordFields follow the reader's field rules", "[csv_record]") {
  const std::string r = "a,\"b,c\",\"say \"\"hi\"\"\"  ,5\"10,";
  const auto spans = splitRecord(r, ',', '"');
  REQUIRE(spans.size() == 5);
  CHECK(r.substr(spans[1].begin, spans[1].end - spans[1].begin) == "\"b,c\"");
  CHECK(recordFields(r, ',', '"', TextEncoding::Utf8) == std::vector<std::string>{"a", "b,c", "say \"hi\"", "5\"10", ""});
  CHECK(recordFields("\xe9t\xe9;x", ';', '"', TextEncoding::Latin1) == std::vector<std::string>{"\xc3\xa9t\xc3\xa9", "x"});
  CHECK(recordFields("\"line\nbreak\",2", ',', '"', TextEncoding::Utf8) == std::vector<std::string>{"line\nbreak", "2"});
}

TEST_CASE("annotateCsv keeps every original byte and appends three cells", "[csv_write]") {
  // BOM, CRLF, a blank line, a quoted line break, a row without label, a skipped record, no
  // final line break.
  const std::string text = "\xEF\xBB\xBFx,label\r\n1,a\r\n\r\n\"2\n2\",b\r\n3,\r\n4,a,extra\r\n5,\"b,c\"";
  const Table t = read(text, BadRowPolicy::Skip);
  REQUIRE(t.rowCount() == 4);
  REQUIRE(t.meta.skippedRows.size() == 1);
  const CsvLayout layout = CsvLayout::of(t);
  RowAnnotations a;
  a.sourceRows = {0, 1, 4};  // file rows: the skipped record is row 3
  a.isLabelIssue = {0, 1, 0};
  a.labelQuality = {0.25, 1e-7, 0.1 + 0.2};
  a.suggestedLabel = {0, 1, 2};
  a.classNames = {"a", "b", "b,c"};
  auto out = annotateCsv(text, layout, a);
  REQUIRE(out.ok());
  CHECK(out.value() ==
        "\xEF\xBB\xBFx,label,is_label_issue,label_quality,suggested_label\r\n"
        "1,a,false,0.25,a\r\n\r\n"
        "\"2\n2\",b,true,1e-7,b\r\n"
        "3,,,,\r\n"
        "4,a,extra,,,\r\n"
        "5,\"b,c\",false,0.30000000000000004,\"b,c\"");
  // The annotated file reads back with the same rows plus three columns.
  const Table back = read(out.value(), BadRowPolicy::Skip);
  CHECK(back.columnCount() == 5);
  CHECK(back.rowCount() == 4);
}

TEST_CASE("annotateCsv refuses a layout from other bytes", "[csv_write]") {
  const std::string text = "x,y\n1,a\n2,b\n";
  const CsvLayout layout = CsvLayout::of(read(text));
  RowAnnotations a;
  auto other = annotateCsv("x,y\n1,a\n", layout, a);
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().status == Status::InvalidArgument);
  CHECK(other.error().message.find("does not describe these bytes") != std::string::npos);
  a.sourceRows = {5};
  a.isLabelIssue = {0};
  a.labelQuality = {0.5};
  a.suggestedLabel = {0};
  a.classNames = {"a"};
  CHECK(annotateCsv(text, layout, a).status() == Status::InvalidArgument);
}

TEST_CASE("annotateCsv writes class names in a Latin-1 file's own encoding", "[csv_write]") {
  const std::string text = "x;y\n1;caf\xe9\n2;th\xe9\n";
  const Table t = read(text);
  REQUIRE(t.meta.encoding == TextEncoding::Latin1);
  RowAnnotations a;
  a.sourceRows = {0, 1};
  a.isLabelIssue = {0, 0};
  a.labelQuality = {1, 1};
  a.suggestedLabel = {0, 1};
  a.classNames = {"caf\xc3\xa9", "th\xc3\xa9"};
  CHECK(annotateCsv(text, CsvLayout::of(t), a).value() ==
        "x;y;is_label_issue;label_quality;suggested_label\n1;caf\xe9;false;1;caf\xe9\n2;th\xe9;false;1;th\xe9\n");
}

TEST_CASE("relabelCsv rewrites only the chosen label cells", "[csv_write]") {
  const std::string text = "label,x\r\n\"a\",1\r\nb,2\r\n\r\nc,3";
  const Table t = read(text);
  auto out = relabelCsv(text, CsvLayout::of(t), 0, {{2, "x,y"}, {0, "b"}});
  REQUIRE(out.ok());
  CHECK(out.value() == "label,x\r\nb,1\r\nb,2\r\n\r\n\"x,y\",3");
  CHECK(relabelCsv(text, CsvLayout::of(t), 0, {{3, "z"}}).status() == Status::InvalidArgument);
  CHECK(relabelCsv(text, CsvLayout::of(t), 5, {{0, "z"}}).status() == Status::InvalidArgument);
  CHECK(relabelCsv(text, CsvLayout::of(t), 0, {{0, "z"}, {0, "y"}}).status() == Status::InvalidArgument);
}

TEST_CASE("previewCsv on a prefix: the cut record is left out, an open quote is no error", "[csv_preview]") {
  const std::string text = "a,b,label\n1,2,x\n3,4,y\n5,\"6\n7\",z\n";
  PreviewOptions o;
  o.partial = true;
  o.maxRows = 1;
  // Cut inside the quoted field of the third row.
  auto p = previewCsv(std::string_view(text).substr(0, text.find("\"6") + 3), o);
  REQUIRE(p.ok());
  CHECK(p.value().table.rowCount() == 2);
  CHECK(p.value().rows == std::vector<std::vector<std::string>>{{"1", "2", "x"}});
  CHECK(p.value().guess.label == 2);
  REQUIRE(!p.value().warnings.empty());
  CHECK(p.value().warnings.front() == "only the first 2 rows were read: column types and the label guess come from them");
  // The whole text: an unclosed quote is an error again.
  o.partial = false;
  auto whole = previewCsv("a,b\n1,\"2\n", o);
  REQUIRE_FALSE(whole.ok());
  CHECK(whole.error().status == Status::CsvUnclosedQuote);
}
