// The whole pipeline (CSV text -> issues) on the shared datasets with injected noise: the
// flagged rows must match the flipped rows well enough that a broken parser, encoder, model or
// filter would fail. Floors sit well below the Python pipeline's LR figures
// (../shared/datasets/README.md), so they catch breakage, not tuning.
#include "labelcheck/pipeline.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/paths.hpp"
#include "support/read_file.hpp"

using namespace labelcheck;

namespace {

struct Score {
  double precision, recall, f1;
};

Score scoreAgainstTruth(const PipelineResult& r, const nlohmann::json& truth) {
  std::set<Index> flipped;
  for (const auto& v : truth["flipped_rows"]) flipped.insert(v.get<Index>());
  Index hits = 0;
  for (const auto& issue : r.issues) hits += flipped.count(issue.row);
  const double p = r.issues.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(r.issues.size());
  const double rec = static_cast<double>(hits) / static_cast<double>(flipped.size());
  return {p, rec, p + rec > 0 ? 2 * p * rec / (p + rec) : 0.0};
}
}  // namespace

TEST_CASE("pipeline finds injected noise in the small shared datasets", "[pipeline]") {
  const std::string dir = test::sharedDir() + "/datasets/";
  struct Case {
    const char* name;
    const char* label;
    double floor;
  };
  // iris 0.76, penguins 0.85, breast_cancer 0.86, hpc 0.31 (LR, worst variant) in the README.
  const char* const variants[] = {"uniform10", "uniform30", "asym20"};
  int dataset = 0;
  for (const Case& c : {Case{"iris", "species", 0.6}, Case{"penguins", "species", 0.7},
                        Case{"breast_cancer", "diagnosis", 0.7}, Case{"hpc", "class", 0.2}}) {
    ++dataset;
    for (int v = 0; v < 3; ++v) {
#ifndef NDEBUG
      // Builds with assertions (the sanitizers', the debug WebAssembly) are 3-7x slower and
      // look for memory errors, not F1: each dataset through one variant, the three variants in
      // turn, so that every file kind and noise kind still goes through the checked build.
      if (v != dataset % 3) continue;
#endif
      const char* variant = variants[v];
      const std::string stem = dir + c.name + "." + variant;
      PipelineOptions o;
      o.label = ColumnRef::byName(c.label);
      auto r = checkLabels(test::readFile(stem + ".csv"), o);
      REQUIRE(r.ok());
      const auto truth = nlohmann::json::parse(test::readFile(stem + ".truth.json"));
      const Score s = scoreAgainstTruth(r.value(), truth);
      INFO(c.name << "." << variant << " precision " << s.precision << " recall " << s.recall << " F1 " << s.f1
                  << " model " << r.value().modelChoice);
      CHECK(s.f1 >= c.floor);
      CHECK(r.value().rowCount == truth["n_rows"].get<Index>());
    }
  }
}

TEST_CASE("pipeline result is consistent and deterministic", "[pipeline]") {
  const std::string text = test::readFile(test::sharedDir() + "/datasets/iris.uniform10.csv");
  PipelineOptions o;  // label detected: "species"
  auto a = checkLabels(text, o);
  auto b = checkLabels(text, o);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const PipelineResult& r = a.value();
  CHECK(r.classNames == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(r.columns[r.labelColumn].name == "species");
  CHECK(r.predProbs.rows() == 150);
  CHECK(r.predProbs == b.value().predProbs);
  REQUIRE(!r.issues.empty());
  for (size_t i = 1; i < r.issues.size(); ++i) CHECK(r.issues[i - 1].labelQuality <= r.issues[i].labelQuality);
  for (const auto& issue : r.issues) {
    CHECK(issue.suggestedLabel != issue.givenLabel);
    CHECK(issue.line == issue.row + 2);  // header on line 1, no multi-line fields
    CHECK(r.isLabelIssue[issue.example] == 1);
    CHECK(issue.neighborExamples.size() == 5);
  }
  CHECK(r.projection.rows() == 150);
  CHECK(r.health.joint.sum() == Approx(1.0));
}

TEST_CASE("PipelineRun fed in chunks gives checkLabels' result, errors and cancellation stick", "[pipeline]") {
  const std::string text = test::readFile(test::sharedDir() + "/datasets/iris.uniform30.csv");
  PipelineOptions o;
  auto whole = checkLabels(text, o);
  REQUIRE(whole.ok());
  for (size_t chunk : {size_t(1), size_t(7), size_t(4096)}) {
    PipelineRun run(o);
    for (size_t at = 0; at < text.size(); at += chunk) REQUIRE(run.feed(std::string_view(text).substr(at, chunk)).ok());
    auto r = run.finish();
    REQUIRE(r.ok());
    INFO("chunk " << chunk);
    CHECK(r.value().predProbs == whole.value().predProbs);
    CHECK(r.value().isLabelIssue == whole.value().isLabelIssue);
    CHECK(r.value().rowSpans.offsets == whole.value().rowSpans.offsets);
  }
  PipelineRun bad(o);
  CHECK(bad.feed("a,b\n1,\"x").ok());
  auto unclosed = bad.finish();
  REQUIRE(!unclosed.ok());
  CHECK(unclosed.error().status == Status::CsvUnclosedQuote);

  int calls = 0;
  PipelineOptions cancelling = o;
  cancelling.onProgress = [&](const Progress&) { return ++calls > 1; };  // refuses the first, "parse" 0/1
  PipelineRun cancelled(cancelling);
  CHECK(cancelled.feed(text).error().status == Status::Cancelled);
  CHECK(cancelled.feed(text).error().status == Status::Cancelled);
  CHECK(cancelled.finish().status() == Status::Cancelled);
  CHECK(calls == 1);
}

TEST_CASE("skipped records keep their row numbers: every row is the file's 0-based data row", "[pipeline]") {
  // iris with a short line 11 and a long line 21 (data rows 9 and 19), read with onBadRow skip:
  // the rows after them keep the numbers they have in the file (row = line - 2 here).
  std::istringstream in(test::readFile(test::sharedDir() + "/datasets/iris.uniform10.csv"));
  std::string text, line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n == 11) line = "5.1,3.5";
    if (n == 21) line += ",9.9";
    text += line + "\n";
  }
  PipelineOptions o;
  o.csv.onBadRow = BadRowPolicy::Skip;
  auto r = checkLabels(text, o);
  REQUIRE(r.ok());
  const PipelineResult& p = r.value();
  CHECK(p.rowCount == 150);
  REQUIRE(p.csv.skippedRows.size() == 2);
  CHECK(p.csv.skippedRows[0].row == 9);
  CHECK(p.csv.skippedRows[0].line == 11);
  CHECK(p.csv.skippedRows[1].row == 19);
  CHECK(p.csv.skippedRows[1].line == 21);
  CHECK(p.sourceRows.size() == 148);
  for (Index row : p.sourceRows) CHECK((row != 9 && row != 19));
  REQUIRE(!p.issues.empty());
  for (const auto& issue : p.issues) {
    CHECK(issue.line == issue.row + 2);
    CHECK(p.sourceRows[static_cast<size_t>(issue.example)] == issue.row);
  }
  for (Index row = 0; row < p.rowCount; ++row) CHECK(p.rowSpans.lines[static_cast<size_t>(row)] == row + 2);
}

TEST_CASE("probabilities-given mode equals findLabelIssues on the same numbers", "[pipeline]") {
  const std::string text =
      "label,p_0,p_1,p_2\n"
      "0,0.9,0.05,0.05\n0,0.8,0.1,0.1\n0,0.1,0.85,0.05\n1,0.1,0.8,0.1\n1,0.2,0.7,0.1\n"
      "1,0.05,0.05,0.9\n2,0.1,0.1,0.8\n2,0.05,0.15,0.8\n2,0.7,0.2,0.1\n0,0.6,0.3,0.1\n";
  auto r = checkLabels(text, {});
  REQUIRE(r.ok());
  CHECK(r.value().mode == PipelineMode::ProbabilitiesGiven);
  CHECK(r.value().modelChoice == "given");
  auto direct = findLabelIssues(Labels::of(r.value().labels), PredProbs::of(r.value().predProbs));
  REQUIRE(direct.ok());
  CHECK(r.value().isLabelIssue == direct.value().isLabelIssue);
  std::set<Index> rows;
  for (const auto& i : r.value().issues) rows.insert(i.row);
  CHECK(rows == std::set<Index>{2, 5, 8});
}

TEST_CASE("pipeline errors", "[pipeline][errors]") {
  CHECK(checkLabels("a,b\n1,x\n2,y\n", [] {
          PipelineOptions o;
          o.label = ColumnRef::byName("nope");
          return o;
        }())
            .status() == Status::ColumnNotFound);
  auto bad = checkLabels("label,p_0,p_1\n0,0.5,0.9\n1,0.2,0.8\n", [] {
    PipelineOptions o;
    o.mode = PipelineMode::ProbabilitiesGiven;
    return o;
  }());
  CHECK(bad.status() == Status::ProbabilityOutOfRange);
  CHECK(bad.error().line == 2);
  auto unclosed = checkLabels("x,label\n1,\"a\n2,b\n", {});
  CHECK(unclosed.status() == Status::CsvUnclosedQuote);
  PipelineOptions cancel;
  cancel.onProgress = [](const Progress& p) { return std::string(p.stage) != "crossValidation"; };
  CHECK(checkLabels(test::readFile(test::sharedDir() + "/datasets/iris.clean.csv"), cancel).status() == Status::Cancelled);
}

TEST_CASE("pipeline: columns named as probabilities with a value out of [0, 1]", "[pipeline][errors]") {
  // p_0 holds 1.5 on line 4 (by far more than the tolerance): the columns do not qualify.
  const std::string text = "label,p_0,p_1\n0,0.9,0.1\n1,0.2,0.8\n0,1.5,-0.5\n1,0.3,0.7\n0,0.8,0.2\n1,0.1,0.9\n";
  // Probabilities mode: the named columns are taken, and the values check names the line (it
  // said "needs one probability column per class", no line).
  PipelineOptions given;
  given.mode = PipelineMode::ProbabilitiesGiven;
  auto bad = checkLabels(text, given);
  CHECK(bad.status() == Status::ProbabilityOutOfRange);
  CHECK(bad.error().line == 4);
  CHECK_THAT(bad.error().message, Catch::Contains("\"p_0\"") && Catch::Contains("outside [0, 1]"));
  // Auto: trained on them as features, as before, and said.
  auto trained = checkLabels(text, {});
  REQUIRE(trained.ok());
  CHECK(trained.value().mode == PipelineMode::Train);
  REQUIRE(trained.value().warnings.size() == 1);
  CHECK(trained.value().warnings[0] ==
        "columns \"p_0\", \"p_1\" are named as the classes' probabilities but are read as features: line 4 has 1.5 in "
        "\"p_0\" (probabilities are numbers in [0, 1] in every row)");
  // Columns named after the classes alone are features' names as often: no fallback, no note.
  const std::string bare = "label,0,1\n0,0.9,0.1\n1,0.2,0.8\n0,1.5,-0.5\n1,0.3,0.7\n0,0.8,0.2\n1,0.1,0.9\n";
  CHECK(checkLabels(bare, given).status() == Status::ColumnNotFound);
  auto bareTrained = checkLabels(bare, {});
  REQUIRE(bareTrained.ok());
  CHECK(bareTrained.value().warnings.empty());
}

TEST_CASE("pipeline limits: classes and rows x classes, in both modes", "[pipeline][errors]") {
  const std::string iris = test::readFile(test::sharedDir() + "/datasets/iris.clean.csv");  // 150 rows, 3 classes
  const std::string given =
      "label,p_0,p_1,p_2\n0,0.9,0.05,0.05\n1,0.1,0.8,0.1\n2,0.1,0.1,0.8\n0,0.6,0.3,0.1\n";
  for (const std::string* text : {&iris, &given}) {
    PipelineOptions atLimit;
    atLimit.maxClasses = 3;
    CHECK(checkLabels(*text, atLimit).ok());
    PipelineOptions fewerClasses;
    fewerClasses.maxClasses = 2;
    auto r = checkLabels(*text, fewerClasses);
    CHECK(r.status() == Status::LimitExceeded);
    CHECK_THAT(r.error().message, Catch::Contains("3 classes") && Catch::Contains("at most 2"));
    PipelineOptions fewerValues;
    fewerValues.maxProbabilityValues = 3 * 4 - 1;  // the given file: 4 rows x 3 classes
    CHECK(checkLabels(*text, fewerValues).status() == Status::LimitExceeded);
  }
}

TEST_CASE("pipeline: clean, then refit is off by default and can be turned on", "[pipeline][refit]") {
  const std::string text = test::readFile(test::sharedDir() + "/datasets/penguins.uniform10.csv");
  PipelineOptions o;
  CHECK(!o.refit);
  auto off = checkLabels(text, o);
  o.refit = true;
  auto on = checkLabels(text, o);
  REQUIRE(on.ok());
  REQUIRE(off.ok());
  CHECK(off.value().refitExcludedRows == 0);
  // Pass 1 of the default run is the one-pass run: its issues are the rows left out.
  CHECK(on.value().refitExcludedRows == static_cast<Index>(off.value().issues.size()));
  CHECK(on.value().models[0].weight == off.value().models[0].weight);
  CHECK(on.value().predProbs != off.value().predProbs);
}
