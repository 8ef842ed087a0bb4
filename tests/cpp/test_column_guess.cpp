// The label-column guess (column_guess.hpp): each signal on small hand-made tables, the
// continuous-label verdict, and the guess on every shared dataset against its README.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "labelcheck/column_guess.hpp"
#include "labelcheck/csv.hpp"
#include "labelcheck/pipeline.hpp"
#include "support/paths.hpp"
#include "support/read_file.hpp"

using namespace labelcheck;

namespace {

Table table(const std::string& csv) {
  auto t = parseCsv(csv);
  REQUIRE(t.ok());
  return std::move(t).value();
}

std::string guessedName(const std::string& csv) {
  const Table t = table(csv);
  const ColumnGuess g = guessColumns(t);
  return g.label < 0 ? std::string("<none>") : t.columns[static_cast<size_t>(g.label)].name;
}

// A CSV of `header` and n rows, row(i) each.
std::string rows(int n, const std::string& header, const std::function<std::string(int)>& row) {
  std::string s = header + "\n";
  for (int i = 0; i < n; ++i) s += row(i) + "\n";
  return s;
}

const LabelCandidate& candidate(const ColumnGuess& g, Index column) {
  for (const LabelCandidate& c : g.candidates)
    if (c.column == column) return c;
  FAIL("no candidate for column " << column);
  return g.candidates.front();
}

}  // namespace

TEST_CASE("guess: a label name beats position and type", "[guess]") {
  // Status is first and categorical; Job is last and categorical: the name decides.
  const std::string csv = rows(60, "Status,Age,Job", [](int i) {
    return std::string(i % 3 ? "good" : "bad") + "," + std::to_string(20 + i % 40) + "." + std::to_string(i % 7) + "," +
           (i % 4 == 0 ? "skilled" : i % 4 == 1 ? "unskilled" : i % 4 == 2 ? "management" : "none");
  });
  CHECK(guessedName(csv) == "Status");
  const Table t = table(csv);
  const ColumnGuess g = guessColumns(t);
  REQUIRE(!g.labelReasons.empty());
  CHECK(g.labelReasons.front() == "named like a label (\"Status\")");
}

TEST_CASE("guess: words inside a name count, and model outputs count against", "[guess]") {
  CHECK(guessedName(rows(30, "x,true_label,z", [](int i) {
          return std::to_string(i) + ".5," + (i % 2 ? "a" : "b") + "," + (i % 3 ? "u" : "v");
        })) == "true_label");
  // An annotated file: the original label keeps winning over suggested_label and is_label_issue.
  CHECK(guessedName(rows(40, "species,f,is_label_issue,label_quality,suggested_label", [](int i) {
          const std::string s = i % 2 ? "cat" : "dog";
          return s + "," + std::to_string(i) + ".25,false,0." + std::to_string(i + 10) + "," + s;
        })) == "species");
}

TEST_CASE("guess: without names, the categorical column at an end wins", "[guess]") {
  // Numeric features with fractions, a category last (breast-cancer-like).
  CHECK(guessedName(rows(50, "m1,m2,diagnosis", [](int i) {
          return std::to_string(i) + ".1," + std::to_string(i * 2) + ".3," + (i % 3 ? "benign" : "malignant");
        })) == "diagnosis");
  // The only categorical column, first, among whole-number features with 16 values each
  // (letter-like): type outweighs the last column's position.
  CHECK(guessedName(rows(400, "lettr,a,b,c", [](int i) {
          return std::string(1, static_cast<char>('A' + i % 26)) + "," + std::to_string(i % 16) + "," +
                 std::to_string((i / 3) % 16) + "," + std::to_string((i / 7) % 16);
        })) == "lettr");
}

TEST_CASE("guess: numbers only, the last column of class codes wins (digits-like)", "[guess]") {
  CHECK(guessedName(rows(300, "p0,p1,p2,digit", [](int i) {
          return std::to_string(i % 17) + "," + std::to_string((i * 7) % 17) + "," + std::to_string((i / 5) % 17) + "," +
                 std::to_string(i % 10);
        })) == "digit");
}

TEST_CASE("guess: text, identifiers, constants and measurements are never chosen", "[guess]") {
  const std::string csv = rows(200, "id,review,constant,hour", [](int i) {
    return std::to_string(i) + ",this is a long review text with words number " + std::to_string(i) + ",1," +
           std::to_string(i % 24) + "." + std::to_string(i % 97);
  });
  const Table t = table(csv);
  const ColumnGuess g = guessColumns(t);
  CHECK(g.label == -1);
  for (const LabelCandidate& c : g.candidates) CHECK_FALSE(c.eligible);
  CHECK(candidate(g, 3).continuous);
  CHECK(candidate(g, 3).reasons.back().find("looks continuous") != std::string::npos);
  CHECK(candidate(g, 2).reasons.back() == "a single value: nothing to check");
  // In a preview a single value may be the first class of a sorted file: kept, penalised.
  GuessOptions partial;
  partial.partial = true;
  CHECK(candidate(guessColumns(t, partial), 2).eligible);
}

TEST_CASE("labelLooksContinuous: measurements yes, class codes and few values no", "[guess]") {
  auto numeric = [](std::vector<double> v) {
    Column c;
    c.kind = ColumnKind::Numeric;
    c.numbers = std::move(v);
    return c;
  };
  std::vector<double> hours, codes, many, sparseInts;
  for (int i = 0; i < 1000; ++i) {
    hours.push_back(i * 0.37);
    codes.push_back(i % 100);       // 0..99, every code present: classes
    many.push_back(i % 30 + 0.5);   // 30 values with fractions: a measurement
    sparseInts.push_back(i % 300 + 1000);  // 300 whole numbers, about 3 rows each
  }
  CHECK(labelLooksContinuous(numeric(hours)).continuous);
  CHECK(labelLooksContinuous(numeric(hours)).reason == "1000 distinct numbers with fractions in 1000 rows");
  CHECK_FALSE(labelLooksContinuous(numeric(codes)).continuous);
  CHECK(labelLooksContinuous(numeric(many)).continuous);
  CHECK(labelLooksContinuous(numeric(sparseInts)).continuous);
  CHECK_FALSE(labelLooksContinuous(numeric({1, 2, 2.5, 3})).continuous);

  // Distinct values as == counts them: -0 and +0 are one, missing cells (NaN) none, repeats
  // once; the count stops at 100,000 ("over").
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> signedZeros;
  for (int i = 0; i < 200; ++i) signedZeros.push_back(i % 4 == 0 ? 0.0 : i % 4 == 1 ? -0.0 : i % 4 == 2 ? nan : 0.25 * (i % 80));
  CHECK(labelLooksContinuous(numeric(signedZeros)).reason == "21 distinct numbers with fractions in 150 rows");
  std::vector<double> huge;
  for (int i = 0; i < 250000; ++i) huge.push_back(i % 150000 + 0.5);
  CHECK(labelLooksContinuous(numeric(huge)).reason == "over 100000 distinct numbers with fractions in 250000 rows");
}

TEST_CASE("guess: probability columns are matched to the label's classes", "[guess]") {
  const Table t = table("label,p_0,p_1\n0,0.9,0.1\n1,0.2,0.8\n1,0.4,0.6\n");
  const ColumnGuess g = guessColumns(t);
  CHECK(g.label == 0);
  CHECK(g.probabilityColumns == std::vector<Index>{1, 2});
}

TEST_CASE("guess: a class no row has keeps a file of probabilities one (columns sharing a prefix)", "[guess][pipeline]") {
  // Three classes of probabilities, labels of two: p_2 is a class without rows.
  const std::string csv = "label,p_0,p_1,p_2\n0,0.8,0.1,0.1\n1,0.2,0.7,0.1\n0,0.6,0.3,0.1\n1,0.5,0.4,0.1\n0,0.1,0.2,0.7\n";
  const ColumnGuess g = guessColumns(table(csv));
  CHECK(g.label == 0);
  CHECK(g.probabilityColumns == std::vector<Index>{1, 2, 3});
  PipelineOptions o;
  auto r = checkLabels(csv, o);
  REQUIRE(r.ok());
  CHECK(r.value().mode == PipelineMode::ProbabilitiesGiven);
  CHECK(r.value().classNames == std::vector<std::string>{"0", "1", "2"});
  o.mode = PipelineMode::ProbabilitiesGiven;  // what the caller gets by asking for this mode
  auto asked = checkLabels(csv, o);
  REQUIRE(asked.ok());
  CHECK(r.value().isLabelIssue == asked.value().isLabelIssue);
  CHECK(r.value().probabilityColumns == asked.value().probabilityColumns);
  CHECK(r.value().warnings == std::vector<std::string>{"class \"2\" has no row labelled with it (a probability column for a class the labels do not use)"});
  // A further [0, 1] column named otherwise may be a feature: the file is trained on.
  const std::string other = "label,p_0,p_1,ratio\n0,0.8,0.2,0.1\n1,0.3,0.7,0.1\n0,0.6,0.4,0.1\n1,0.5,0.5,0.9\n";
  CHECK(guessColumns(table(other)).probabilityColumns.empty());
  // Classes matched without a prefix ("0", "1") give no prefix to share.
  CHECK(guessColumns(table("label,0,1,p_2\n0,0.8,0.2,0.1\n1,0.3,0.7,0.1\n0,0.6,0.4,0.1\n")).probabilityColumns.empty());
}

TEST_CASE("pipeline: a continuous label is refused before training unless allowed", "[guess][pipeline]") {
  const std::string csv = rows(300, "f,hour", [](int i) {
    return std::to_string(i % 5) + "," + std::to_string(i % 24) + "." + std::to_string(i % 97);
  });
  PipelineOptions o;
  o.label = ColumnRef::byName("hour");
  auto r = checkLabels(csv, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().status == Status::LabelLooksContinuous);
  CHECK(r.error().message.find("looks like a measurement, not a label") != std::string::npos);
  o.allowContinuousLabel = true;
  o.maxClasses = 5;  // allowed, it goes on to the class limit (and would train otherwise)
  auto allowed = checkLabels(csv, o);
  REQUIRE_FALSE(allowed.ok());
  CHECK(allowed.error().status == Status::LimitExceeded);
}

TEST_CASE("pipeline: the guess's reasons travel with the result", "[guess][pipeline]") {
  const std::string csv = rows(60, "a,b,class", [](int i) {
    return std::to_string(i % 7) + "." + std::to_string(i % 3) + "," + std::to_string(i % 5) + ".5," + (i % 2 ? "x" : "y");
  });
  PipelineOptions o;
  o.cv.model = CvModel::Logistic;
  auto r = checkLabels(csv, o);
  REQUIRE(r.ok());
  CHECK(r.value().labelColumn == 2);
  REQUIRE(!r.value().labelReasons.empty());
  CHECK(r.value().labelReasons.front() == "named as the label (\"class\")");
  o.label = ColumnRef::byIndex(2);
  CHECK(checkLabels(csv, o).value().labelReasons == std::vector<std::string>{"named by the caller"});
}

TEST_CASE("guess: every shared dataset's documented label column", "[guess][datasets]") {
  // ../shared/datasets/README.md, the "label column" of the datasets table.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"iris", "species"},    {"penguins", "species"}, {"breast_cancer", "diagnosis"}, {"digits", "digit"},
      {"hpc", "class"},       {"spambase", "type"},    {"letter", "lettr"},            {"fine_foods", "rating"}};
  for (const auto& [name, label] : expected) {
    for (const char* variant : {"clean", "uniform10", "uniform30", "asym20"}) {
      const std::string text = test::readFile(test::sharedDir() + "/datasets/" + name + "." + variant + ".csv");
      REQUIRE(!text.empty());
      auto t = parseCsv(text);
      REQUIRE(t.ok());
      const ColumnGuess g = guessColumns(t.value());
      INFO(name << "." << variant);
      REQUIRE(g.label >= 0);
      CHECK(t.value().columns[static_cast<size_t>(g.label)].name == label);
      CHECK(g.probabilityColumns.empty());
    }
  }
  // The bring-your-own-probabilities files: label, then p_0..p_{K-1}.
  for (const char* name : {"mnist", "imdb"}) {
    const std::string text = test::readFile(test::sharedDir() + "/datasets/label-errors/" + name + "_test_pred_probs.csv");
    auto t = parseCsv(text);
    REQUIRE(t.ok());
    const ColumnGuess g = guessColumns(t.value());
    CHECK(g.label == 0);
    CHECK(g.probabilityColumns.size() == t.value().columns.size() - 1);
  }
}

TEST_CASE("guess: a column named as the label is taken even when unusable, so the check says why", "[guess]") {
  // "label" beats an earlier "y" whatever their cardinality.
  CHECK(guessedName(rows(60, "y,label", [](int i) { return std::to_string(i % 3) + ",k" + std::to_string(i % 20); })) == "label");
  // A single class, or no value at all: still the label; the pipeline then reports it.
  CHECK(guessedName(rows(30, "x,label,z", [](int i) { return std::to_string(i % 4) + ",a," + (i % 2 ? "u" : "v"); })) == "label");
  PipelineOptions o;
  auto r = checkLabels(rows(30, "x,label,z", [](int i) { return std::to_string(i % 4) + ",a," + (i % 2 ? "u" : "v"); }), o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().status == Status::TooFewClasses);
  // A name that only suggests a label does not override: a constant "species" is passed over.
  CHECK(guessedName(rows(30, "species,x,kind", [](int i) { return "cat," + std::to_string(i % 4) + "," + (i % 2 ? "u" : "v"); })) == "kind");
}

TEST_CASE("guess: a previous run's annotation columns are never the label", "[guess]") {
  // The label named like a feature, in the middle: suggested_label (categorical, few values,
  // last, "label" in its name) would otherwise outscore it.
  const std::string annotated = rows(60, "m1,kind,m2,is_label_issue,label_quality,suggested_label", [](int i) {
    const std::string k = i % 3 == 0 ? "u" : i % 3 == 1 ? "v" : "w";
    return std::to_string(i) + ".1," + k + "," + std::to_string(i * 2) + ".3," + (i % 7 ? "false" : "true") + ",0." +
           std::to_string(i + 10) + "," + k;
  });
  CHECK(guessedName(annotated) == "kind");
  const Table t = table(annotated);
  const ColumnGuess g = guessColumns(t);
  for (Index j : {3, 4, 5}) {
    INFO(t.columns[static_cast<size_t>(j)].name);
    CHECK_FALSE(candidate(g, j).eligible);
    CHECK(candidate(g, j).reasons ==
          std::vector<std::string>{"added by labelcheck's annotated output (--out / annotateCsv): a previous run's "
                                   "answers, not a label"});
  }
  // "the only categorical column" as before the file was annotated.
  const std::vector<std::string>& kind = candidate(g, 1).reasons;
  CHECK(std::find(kind.begin(), kind.end(), "the only categorical column") != kind.end());
  // One or two of the names alone may be the user's own columns: scored as any other.
  const Table partial = table("f,suggested_label\n1.5,a\n2.5,b\n3.5,a\n");
  CHECK(guessColumns(partial).label == 1);

  // Given probabilities, annotated: label_quality (numbers in [0, 1]) is not one more class.
  const Table probs = table(
      "label,p_0,p_1,is_label_issue,label_quality,suggested_label\n"
      "0,0.9,0.1,false,0.9,0\n1,0.2,0.8,false,0.8,1\n1,0.4,0.6,false,0.6,1\n0,0.3,0.7,true,0.3,1\n");
  const ColumnGuess pg = guessColumns(probs);
  CHECK(pg.label == 0);
  CHECK(pg.probabilityColumns == std::vector<Index>{1, 2});
}

TEST_CASE("guess: a column with nearly one value per row is never guessed", "[guess]") {
  // x: the codes 0..299 out of order (one per row; in order they would count the rows, an
  // identifier); label: 150 numbers with fractions.
  const std::string csv = rows(300, "x,label", [](int i) { return std::to_string(i * 7 % 300) + "," + std::to_string(i / 2) + ".5"; });
  const Table t = table(csv);
  const ColumnGuess g = guessColumns(t);
  CHECK(g.label == -1);
  CHECK_FALSE(candidate(g, 0).eligible);
  CHECK(candidate(g, 0).reasons.back() == "300 values in 300 rows: nearly one per row, too few to check any class");
  CHECK(candidate(g, 1).continuous);
  // The pipeline then says no column looks like a label, instead of failing on 300 classes.
  PipelineOptions o;
  auto r = checkLabels(csv, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().status == Status::ColumnNotFound);
  CHECK(r.error().message.find("no label column found") == 0);
  CHECK(r.error().message.find("nearly one per row") != std::string::npos);

  // Categorical too: 200 levels in 300 rows (not an identifier, some repeat).
  CHECK(guessedName(rows(300, "f,kind", [](int i) { return std::to_string(i) + ".25,k" + std::to_string(i * 2 / 3); })) ==
        "<none>");
  // In a preview the classes may repeat further on: penalised, not ruled out.
  GuessOptions preview;
  preview.partial = true;
  CHECK(candidate(guessColumns(t, preview), 0).eligible);
  // Named as the label: taken all the same, so that the check says what is wrong with it.
  CHECK(guessedName(rows(300, "f,label", [](int i) { return std::to_string(i) + ".25,k" + std::to_string(i * 2 / 3); })) ==
        "label");
  // Two or more rows per value on average: penalised as before, still a candidate.
  CHECK(guessedName(rows(300, "f,kind", [](int i) { return std::to_string(i) + ".25,k" + std::to_string(i / 3); })) ==
        "kind");
}

TEST_CASE("pipeline: every class on a single row names the label column, and whether it was guessed", "[guess][pipeline]") {
  PipelineOptions o;
  auto r = checkLabels("a,b\n1,2\n3,4\n5,6\n", o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().status == Status::TooFewExamplesPerFold);
  CHECK(r.error().message == "the label column \"b\" (guessed): every class has a single row: nothing to cross-validate");
  o.label = ColumnRef::byName("a");
  r = checkLabels("a,b\n1,2\n3,4\n5,6\n", o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "the label column \"a\": every class has a single row: nothing to cross-validate");
}
