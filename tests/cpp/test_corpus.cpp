// The hostile-input corpus (tests/corpus/cases.json) through checkLabels: every case gives its
// documented outcome (result counts, CSV facts, column kinds; or error code, line, column, row
// and a piece of the message), and every accepted row is accounted for. The same manifest runs
// through the JS API, the CLI and the page (tests/js/corpus.test.js, tests/web/corpus.test.js).
#include <algorithm>
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "labelcheck/pipeline.hpp"
#include "support/paths.hpp"
#include "support/read_file.hpp"

using namespace labelcheck;
using nlohmann::json;

namespace {

std::string corpusDir() { return test::repoDir() + "/tests/corpus"; }


// The generators of tests/corpus/generators.js, byte for byte (cases.json holds their sizes
// and FNV-1a checksums, checked below).
const char* const kBase[8][3] = {{"1.0", "2.1", "a"}, {"1.2", "1.9", "a"}, {"0.9", "2.2", "a"}, {"1.1", "2.0", "a"},
                                 {"3.0", "4.1", "b"}, {"3.2", "3.9", "b"}, {"2.9", "4.2", "b"}, {"3.1", "4.0", "b"}};

std::string garbage(size_t n, bool noNul) {
  std::string out(n, '\0');
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    unsigned char b = static_cast<unsigned char>(x & 0xff);
    if (noNul && b == 0) b = 1;
    out[i] = static_cast<char>(b);
  }
  return out;
}

std::string generate(const std::string& name) {
  std::string s;
  if (name == "binary-garbage") return garbage(65536, false);
  if (name == "binary-no-nul") return garbage(65536, true);
  if (name == "field-1mb") {
    const std::string unit = "lorem ipsum, dolor\nsit amet ";
    std::string big;
    while (big.size() < 1048576) big += unit;
    big.resize(1048576);
    s = "x,note,label";
    for (int i = 0; i < 8; ++i)
      s += "\n" + std::string(kBase[i][0]) + "," +
           (i == 0 ? "\"" + big + "\"" : "short note number " + std::to_string(i) + " for this row") + "," + kBase[i][2];
    return s + "\n";
  }
  if (name == "wide-10000") {
    for (int j = 1; j < 10000; ++j) s += "c" + std::to_string(j) + ",";
    s += "label";
    const int tenths[8] = {10, 12, 9, 11, 30, 32, 29, 31};
    for (int i = 0; i < 8; ++i) {
      s += "\n";
      for (int j = 1; j < 10000; ++j) {
        const int t = tenths[i] + (i * 7 + j) % 5;
        s += std::to_string(t / 10) + "." + std::to_string(t % 10) + ",";
      }
      s += kBase[i][2];
    }
    return s + "\n";
  }
  if (name == "classes-250") {
    s = "x,y,label";
    for (int r = 0; r < 3; ++r)
      for (int k = 0; k < 250; ++k)
        s += "\n" + std::to_string(k) + "." + std::to_string(r) + "," + std::to_string((k * 7 + r) % 11) + ",k" +
             std::to_string(k);
    return s + "\n";
  }
  if (name == "classes-1001") {
    s = "x,label";
    for (int r = 0; r < 2; ++r)
      for (int k = 0; k <= 1000; ++k) s += "\n" + std::to_string(k) + "." + std::to_string(r) + ",c" + std::to_string(k);
    return s + "\n";
  }
  if (name == "text-columns-70") {
    for (int j = 0; j < 70; ++j) s += "t" + std::to_string(j) + ",";
    s += "label";
    for (int i = 0; i < 8; ++i) {
      s += "\n";
      for (int j = 0; j < 70; ++j)
        s += "word" + std::to_string(i) + " other" + std::to_string(j) + " a longer piece of free text here,";
      s += kBase[i][2];
    }
    return s + "\n";
  }
  FAIL("unknown corpus generator " << name);
  return s;
}

uint32_t fnv1a(const std::string& bytes) {
  uint32_t h = 0x811c9dc5u;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x01000193u;
  }
  return h;
}

PipelineOptions optionsOf(const json& o) {
  PipelineOptions p;
  if (o.contains("label")) p.label = ColumnRef::byName(o["label"].get<std::string>());
  if (o.contains("delimiter")) p.csv.delimiter = o["delimiter"].get<std::string>()[0];
  if (o.contains("onBadRow")) p.csv.onBadRow = o["onBadRow"] == "skip" ? BadRowPolicy::Skip : BadRowPolicy::Error;
  if (o.contains("mode")) p.mode = parsePipelineMode(o["mode"].get<std::string>()).value();
  if (o.contains("probabilityColumns"))
    for (const auto& c : o["probabilityColumns"]) p.probabilityColumns.push_back(ColumnRef::byName(c.get<std::string>()));
  if (o.contains("maxBytes")) p.csv.maxBytes = o["maxBytes"].get<uint64_t>();
  if (o.contains("maxRows")) p.csv.maxRows = o["maxRows"].get<uint64_t>();
  if (o.contains("maxColumns")) p.csv.maxColumns = o["maxColumns"].get<uint64_t>();
  if (o.contains("maxFieldBytes")) p.csv.maxFieldBytes = o["maxFieldBytes"].get<uint64_t>();
  return p;
}

const json& manifest() {
  static const json m = json::parse(test::readFile(corpusDir() + "/cases.json"));
  return m;
}

}  // namespace

TEST_CASE("corpus: generated inputs match generators.js", "[corpus]") {
  for (const auto& [name, want] : manifest()["generators"].items()) {
    INFO(name);
    const std::string bytes = generate(name);
    CHECK(bytes.size() == want["size"].get<size_t>());
    CHECK(fnv1a(bytes) == want["fnv1a"].get<uint32_t>());
  }
}

TEST_CASE("corpus: every case gives its documented outcome through checkLabels", "[corpus]") {
  for (const json& c : manifest()["cases"]) {
    const std::string name = c["name"];
    INFO("case: " << name);
    const std::string file = c.contains("generate") ? "" : corpusDir() + "/files/" + c["file"].get<std::string>();
    if (!file.empty()) REQUIRE(std::ifstream(file).good());
    const std::string text = file.empty() ? generate(c["generate"]) : test::readFile(file);
    const json& e = c["expect"];
    const auto r = checkLabels(text, optionsOf(c.value("options", json::object())));
    if (!e["ok"].get<bool>()) {
      REQUIRE_FALSE(r.ok());
      const Error& err = r.error();
      INFO("message: " << err.message);
      CHECK(statusCode(err.status) == e["code"].get<std::string>());
      CHECK(err.status != Status::Internal);
      if (e.contains("line")) CHECK(err.line == e["line"].get<long long>());
      if (e.contains("column")) CHECK(err.column == e["column"].get<long long>());
      if (e.contains("row")) CHECK(err.row == e["row"].get<long long>());
      if (e.contains("messageIncludes"))
        CHECK(err.message.find(e["messageIncludes"].get<std::string>()) != std::string::npos);
      if (err.line > 0) CHECK(err.message.rfind("line " + std::to_string(err.line), 0) == 0);
      continue;
    }
    if (!r.ok()) FAIL(statusCode(r.error().status) << ": " << r.error().message);
    const PipelineResult& p = r.value();
    CHECK(p.rowCount == e["rows"].get<Index>());
    CHECK(static_cast<Index>(p.sourceRows.size()) == e["checked"].get<Index>());
    CHECK(p.classNames.size() == e["classes"].get<size_t>());
    CHECK(p.excludedRows.size() == e["excludedRows"].get<size_t>());
    CHECK(p.csv.skippedRows.size() == e["skippedRows"].get<size_t>());
    // Nothing lost: every data row of the file is checked, excluded or skipped (with a reason),
    // once, under its own row number.
    std::vector<int> seen(static_cast<size_t>(p.rowCount), 0);
    for (Index r : p.sourceRows) ++seen.at(static_cast<size_t>(r));
    for (const ExcludedRow& x : p.excludedRows) ++seen.at(static_cast<size_t>(x.row));
    for (const SkippedRow& x : p.csv.skippedRows) ++seen.at(static_cast<size_t>(x.row));
    CHECK(std::count(seen.begin(), seen.end(), 1) == p.rowCount);
    for (const ExcludedRow& x : p.excludedRows) CHECK(x.reason == Status::MissingLabel);
    REQUIRE(p.rowSpans.offsets.size() == static_cast<size_t>(p.rowCount));
    REQUIRE(p.rowSpans.lines.size() == static_cast<size_t>(p.rowCount));
    for (Index i = 0; i < p.rowCount; ++i) {
      CHECK(p.rowSpans.offsets[i] < p.rowSpans.ends[i]);
      CHECK(p.rowSpans.ends[i] <= text.size());
      if (i > 0) CHECK(p.rowSpans.ends[i - 1] < p.rowSpans.offsets[i]);
    }
    for (const ExcludedRow& x : p.excludedRows) CHECK(p.rowSpans.lines[static_cast<size_t>(x.row)] == x.line);
    for (const SkippedRow& x : p.csv.skippedRows) CHECK(p.rowSpans.lines[static_cast<size_t>(x.row)] == x.line);
    if (e.contains("mode")) CHECK((p.mode == PipelineMode::ProbabilitiesGiven ? "probabilities" : "train") == e["mode"]);
    if (e.contains("delimiter")) CHECK(std::string(1, p.csv.delimiter) == e["delimiter"].get<std::string>());
    if (e.contains("encoding"))
      CHECK((p.csv.encoding == TextEncoding::Latin1 ? "latin-1" : "utf-8") == e["encoding"].get<std::string>());
    if (e.contains("bomStripped")) CHECK(p.csv.bomStripped == e["bomStripped"].get<bool>());
    if (e.contains("linebreak")) CHECK(p.csv.linebreak == e["linebreak"].get<std::string>());
    if (e.contains("blankLines")) CHECK(p.csv.blankLines == e["blankLines"].get<long long>());
    if (e.contains("renamed")) {
      std::vector<std::string> names;
      for (const RenamedColumn& rc : p.csv.renamedColumns) names.push_back(rc.name);
      CHECK(names == e["renamed"].get<std::vector<std::string>>());
    }
    if (e.contains("columns"))
      for (const auto& item : e["columns"].items()) {
        const std::string col = item.key();  // a plain copy: clang 14 cannot capture a structured binding
        const auto& want = item.value();
        INFO("column " << col);
        auto it = std::find_if(p.columns.begin(), p.columns.end(), [&](const ColumnReport& cr) { return cr.name == col; });
        REQUIRE(it != p.columns.end());
        CHECK(std::string(columnKindName(it->kind)) + ":" + columnUseName(it->use) == want.get<std::string>());
      }
  }
}
