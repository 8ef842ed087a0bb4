// Feature encoding: label classes, excluded rows, imputation, scaling, one-hot, TF-IDF.
// Expected values are computed by hand in the comments.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/csv.hpp"
#include "labelcheck/encode.hpp"
#include "labelcheck/random.hpp"
#include "support/paths.hpp"
#include "support/read_file.hpp"
#include "support/require_ok.hpp"

using namespace labelcheck;

namespace {

Table table(std::string_view text) { return test::requireOk(parseCsv(text)); }

FeatureSpec labelled(const std::string& name) {
  FeatureSpec s;
  s.label = ColumnRef::byName(name);
  return s;
}

EncodedFeatures encode(const Table& t, const FeatureSpec& spec) { return test::requireOk(encodeFeatures(t, spec)); }


}  // namespace

TEST_CASE("encode: numeric median, indicator, standardisation", "[encode]") {
  // x = 1, missing, 3, 10. Median of {1, 3, 10} = 3; imputed 1, 3, 3, 10: mean 17/4 = 4.25,
  // variance (3.25^2 + 1.25^2 + 1.25^2 + 5.75^2) / 4 = 46.75 / 4 = 11.6875.
  const Table t = table("y,x\na,1\nb,\na,3\nb,10\n");
  const EncodedFeatures e = encode(t, labelled("y"));
  REQUIRE_FALSE(e.features.isSparse);
  REQUIRE(e.features.dense.rows() == 4);
  REQUIRE(e.features.dense.cols() == 2);
  CHECK(e.featureNames == std::vector<std::string>{"x", "x=<missing>"});
  const double sd = std::sqrt(11.6875);
  const double expectedZ[] = {(1 - 4.25) / sd, (3 - 4.25) / sd, (3 - 4.25) / sd, (10 - 4.25) / sd};
  for (Index i = 0; i < 4; ++i) CHECK(e.features.dense(i, 0) == Approx(expectedZ[i]).epsilon(1e-14));
  CHECK(e.features.dense.col(1).transpose() == Eigen::RowVector4d(0, 1, 0, 0));
  CHECK(e.columns[1].use == ColumnUse::Feature);
  CHECK(e.columns[1].firstFeature == 0);
  CHECK(e.columns[1].featureCount == 2);
  CHECK(e.columns[1].why.find("median 3") != std::string::npos);
  // The indicator marks the missing cell; the value column already holds the median.
  REQUIRE(e.missingMarkers.size() == 1);
  CHECK(e.missingMarkers[0].marker == 1);
  CHECK(e.missingMarkers[0].first == 0);
  CHECK(e.missingMarkers[0].centre.empty());

  SECTION("even count: median is the mean of the two middle values") {
    // {4, 1, 2, 3} -> 2.5; imputed 4, 1, 2.5, 2, 3: mean 2.5, variance (2.25 + 2.25 + 0 + .25 + .25) / 5 = 1.
    const Table t2 = table("y,x\na,4\nb,1\na,NA\nb,2\na,3\n");
    const EncodedFeatures e2 = encode(t2, labelled("y"));
    CHECK(e2.features.dense(2, 0) == 0.0);
    CHECK(e2.features.dense(0, 0) == Approx(1.5));
    CHECK(e2.features.dense(1, 0) == Approx(-1.5));
  }
  SECTION("constant columns are dropped, their indicator stays") {
    const Table t3 = table("y,c,k,x\na,5,7,1\nb,5,,2\na,5,7,3\n");
    const EncodedFeatures e3 = encode(t3, labelled("y"));
    CHECK(e3.featureNames == std::vector<std::string>{"k=<missing>", "x"});
    REQUIRE(e3.missingMarkers.size() == 1);  // the indicator alone: no value column
    CHECK(e3.missingMarkers[0].marker == 0);
    CHECK(e3.missingMarkers[0].centre.empty());
    CHECK(e3.columns[1].use == ColumnUse::Unused);
    CHECK(e3.columns[1].why.find("constant") == 0);
  }
}

TEST_CASE("encode: the standardisation sums in row order so that every build gives the same bits", "[encode]") {
  // 8 columns of 1,001 decimals (not binary fractions: every sum rounds) and 50 missing cells
  // each. The mean and the spread summed row by row, as written here, give every feature to the
  // bit; summed in another order (the one nth_element leaves, the standard library's own) the
  // scale often differed in its last bit, and the native and WebAssembly builds with it.
  constexpr int kCols = 8, kRows = 1051;
  Rng rng(31);
  std::string csv = "y";
  for (int j = 0; j < kCols; ++j) csv += ",x" + std::to_string(j);
  csv += "\n";
  std::vector<std::vector<double>> given(kCols);  // per column, row by row (NaN: missing)
  for (int i = 0; i < kRows; ++i) {
    csv += i % 2 ? "a" : "b";
    for (int j = 0; j < kCols; ++j) {
      csv += ",";
      if ((i + j) % 21 == 20) {
        given[j].push_back(std::nan(""));
        continue;
      }
      // A decimal with 3 places in (-1000, 1000), written from integers (no float printing).
      const int64_t k = static_cast<int64_t>(rng.uniformBelow(1999999)) - 999999;
      const int64_t a = k < 0 ? -k : k;
      const std::string frac = std::to_string(a % 1000 + 1000).substr(1);
      const std::string cell = (k < 0 ? "-" : "") + std::to_string(a / 1000) + "." + frac;
      csv += cell;
      given[j].push_back(std::stod(cell));
    }
    csv += "\n";
  }
  const EncodedFeatures e = encode(table(csv), labelled("y"));
  REQUIRE(e.features.dense.rows() == kRows);
  REQUIRE(e.features.dense.cols() == 2 * kCols);  // a value and a missing indicator per column
  for (int j = 0; j < kCols; ++j) {
    std::vector<double> present;
    for (double v : given[j])
      if (!std::isnan(v)) present.push_back(v);
    REQUIRE(present.size() == 1001);
    std::vector<double> sorted = present;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[500];
    const double missing = 50, n = kRows;
    double sum = 0;
    for (double v : present) sum += v;
    const double mean = (sum + missing * median) / n;
    double ss = missing * (median - mean) * (median - mean);
    for (double v : present) ss += (v - mean) * (v - mean);
    const double scale = std::sqrt(ss / n);
    int same = 0;
    for (Index i = 0; i < kRows; ++i) {
      const double v = std::isnan(given[j][static_cast<size_t>(i)]) ? median : given[j][static_cast<size_t>(i)];
      same += e.features.dense(i, 2 * j) == (v - mean) / scale;
    }
    CHECK(same == kRows);
  }
}

TEST_CASE("encode: labels and excluded rows", "[encode]") {
  SECTION("rows without a label are excluded and reported") {
    const Table t = table("y,x\na,1\n,2\nNA,3\nb,4\n");
    const EncodedFeatures e = encode(t, labelled("y"));
    CHECK(e.sourceRows == std::vector<Index>{0, 3});
    REQUIRE(e.excludedRows.size() == 2);
    CHECK(e.excludedRows[0].row == 1);
    CHECK(e.excludedRows[0].line == 3);
    CHECK(e.excludedRows[0].reason == Status::MissingLabel);
    CHECK(e.excludedRows[0].message == "row 1 (line 3): the label (column \"y\") is missing");
    CHECK(e.excludedRows[1].line == 4);
    CHECK(e.features.dense.rows() == 2);
    // Standardised over the used rows only: x = 1, 4 -> -1, +1.
    CHECK(e.features.dense(0, 0) == Approx(-1.0));
    CHECK(e.features.dense(1, 0) == Approx(1.0));
  }
  SECTION("numeric labels sort numerically") {
    const Table t = table("y,x\n10,1\n2,2\n1,3\n2,4\n");
    const EncodedFeatures e = encode(t, labelled("y"));
    CHECK(e.classNames == std::vector<std::string>{"1", "2", "10"});
    CHECK(e.labels == (LabelVector(4) << 2, 1, 0, 1).finished());
  }
  SECTION("among string labels, the spellings of one number are one class (as in a numeric column)") {
    const Table t = table("y,x\n1,1\n2.0,2\n1.0,3\nunknown,4\n2,5\n1e0,6\n");
    const EncodedFeatures e = encode(t, labelled("y"));
    CHECK(e.classNames == std::vector<std::string>{"1", "2.0", "unknown"});
    CHECK(e.labels == (LabelVector(6) << 0, 1, 0, 2, 1, 0).finished());
    // Text is compared exactly: "01" is a number, "a1" is not.
    CHECK(encode(table("y,x\na1,1\nA1,2\n01,3\n1,4\nz,5\n"), labelled("y")).classNames ==
          std::vector<std::string>{"01", "A1", "a1", "z"});
  }
  SECTION("string labels sort by bytes") {
    const Table t = table("y,x\nb,1\na,2\nB,3\nb,4\n");
    const EncodedFeatures e = encode(t, labelled("y"));
    CHECK(e.classNames == std::vector<std::string>{"B", "a", "b"});
    CHECK(e.labels == (LabelVector(4) << 2, 1, 0, 2).finished());
  }
  SECTION("label by index; identifiers are not features") {
    const Table t = table("id,x,y\n1,5,a\n2,6,b\n3,8,a\n");
    FeatureSpec spec;
    spec.label = ColumnRef::byIndex(2);
    const EncodedFeatures e = encode(t, spec);
    CHECK(e.labelColumn == 2);
    CHECK(e.featureNames == std::vector<std::string>{"x"});
    CHECK(e.columns[0].kind == ColumnKind::Identifier);
    CHECK(e.columns[0].use == ColumnUse::Unused);
    CHECK(e.columns[0].why.find("identifier") == 0);
    CHECK(e.columns[2].use == ColumnUse::Label);
  }
  SECTION("failures") {
    const Table t = table("y,c\na,5\nb,5\n");
    CHECK(encodeFeatures(t, labelled("nope")).status() == Status::ColumnNotFound);
  }
  SECTION("a wrong column name: the message suggests the closest and lists the columns") {
    const Table t = table("sepal length,species,colour\n1,a,x\n2,b,y\n");
    Result<EncodedFeatures> r = encodeFeatures(t, labelled("Species"));
    REQUIRE(r.status() == Status::ColumnNotFound);
    CHECK(r.error().message ==
          "no column named \"Species\" (did you mean \"species\"?); the columns are: sepal length, species, colour");
    r = encodeFeatures(t, labelled("color"));
    REQUIRE(r.status() == Status::ColumnNotFound);
    CHECK(r.error().message.find("(did you mean \"colour\"?)") != std::string::npos);
    r = encodeFeatures(t, labelled("weight"));
    REQUIRE(r.status() == Status::ColumnNotFound);
    CHECK(r.error().message == "no column named \"weight\"; the columns are: sepal length, species, colour");
  }
  SECTION("failures, continued") {
    const Table t = table("y,c\na,5\nb,5\n");
    CHECK(encodeFeatures(t, FeatureSpec{}).status() == Status::InvalidArgument);
    Result<EncodedFeatures> r = encodeFeatures(t, labelled("y"));
    REQUIRE(r.status() == Status::NoFeatures);
    CHECK(r.error().message.find("c: constant") != std::string::npos);
    FeatureSpec self = labelled("y");
    self.features = {ColumnRef::byName("y")};
    CHECK(encodeFeatures(t, self).status() == Status::InvalidArgument);
    const Table noLabels = table("y,c\nNA,5\n,6\n");
    CHECK(encodeFeatures(noLabels, labelled("y")).status() == Status::MissingLabel);
  }
  SECTION("explicit feature list in the given order") {
    const Table t = table("a,b,y\n1,4,p\n2,6,q\n3,9,p\n");
    FeatureSpec spec = labelled("y");
    spec.features = {ColumnRef::byName("b"), ColumnRef::byIndex(0)};
    const EncodedFeatures e = encode(t, spec);
    CHECK(e.featureNames == std::vector<std::string>{"b", "a"});
  }
}

TEST_CASE("encode: a previous run's annotation columns are not features unless named", "[encode]") {
  // What annotateCsv appends: the flags, scores and suggestions of the run before. As features
  // they hand the model that run's answers (a rerun then flags nothing).
  const std::string annotated =
      "x,y,is_label_issue,label_quality,suggested_label\n1,a,false,0.9,a\n2,b,true,0.1,a\n3,a,false,0.8,a\n4,b,false,0.7,b\n";
  SECTION("all three present: unused, with the reason") {
    const Table t = table(annotated);
    const EncodedFeatures e = encode(t, labelled("y"));
    CHECK(e.featureNames == std::vector<std::string>{"x"});
    for (Index j : {2, 3, 4}) {
      INFO(e.columns[static_cast<size_t>(j)].name);
      CHECK(e.columns[static_cast<size_t>(j)].use == ColumnUse::Unused);
      CHECK(e.columns[static_cast<size_t>(j)].featureCount == 0);
      CHECK(e.columns[static_cast<size_t>(j)].why ==
            "added by labelcheck's annotated output (--out / annotateCsv): a previous run's answers, never features");
    }
  }
  SECTION("annotated twice (six columns): every one left out") {
    const Table t = table(
        "x,y,is_label_issue,label_quality,suggested_label,is_label_issue,label_quality,suggested_label\n"
        "1,a,false,0.9,a,false,0.8,a\n2,b,true,0.1,a,true,0.2,a\n3,a,false,0.8,a,false,0.9,a\n");
    CHECK(encode(t, labelled("y")).featureNames == std::vector<std::string>{"x"});
  }
  SECTION("named as features: taken") {
    const Table t = table(annotated);
    FeatureSpec spec = labelled("y");
    spec.features = {ColumnRef::byName("x"), ColumnRef::byName("label_quality")};
    const EncodedFeatures e = encode(t, spec);
    CHECK(e.featureNames == std::vector<std::string>{"x", "label_quality"});
    CHECK(e.columns[3].use == ColumnUse::Feature);
  }
  SECTION("one of them named as the label: the label, the other two left out") {
    const Table t = table(annotated);
    const EncodedFeatures e = encode(t, labelled("suggested_label"));
    CHECK(e.columns[4].use == ColumnUse::Label);
    CHECK(e.featureNames == std::vector<std::string>{"x", "y=a", "y=b"});
    CHECK(e.columns[2].use == ColumnUse::Unused);
    CHECK(e.columns[3].use == ColumnUse::Unused);
  }
  SECTION("one or two of the names alone are the user's own columns: features") {
    const Table t = table("x,y,label_quality,suggested_label\n1,a,0.9,a\n2,b,0.1,b\n3,a,0.8,a\n4,b,0.7,a\n");
    CHECK(encode(t, labelled("y")).featureNames ==
          std::vector<std::string>{"x", "label_quality", "suggested_label=a", "suggested_label=b"});
  }
}

TEST_CASE("encode: one-hot with a level cap", "[encode]") {
  // Frequencies: w 3, v 2, u 1, x 1; cap 2 keeps w, v; u and x pool into <other>; one missing.
  const Table t = table("y,c\np,u\np,v\nq,v\nq,w\np,w\nq,w\np,x\nq,NA\n");
  FeatureSpec spec = labelled("y");
  spec.maxCategories = 2;
  const EncodedFeatures e = encode(t, spec);
  CHECK(e.featureNames == std::vector<std::string>{"c=w", "c=v", "c=<other>", "c=<missing>"});
  RealMatrix expected(8, 4);
  expected << 0, 0, 1, 0,  //
      0, 1, 0, 0,          //
      0, 1, 0, 0,          //
      1, 0, 0, 0,          //
      1, 0, 0, 0,          //
      1, 0, 0, 0,          //
      0, 0, 1, 0,          //
      0, 0, 0, 1;
  CHECK(e.features.dense == expected);
  CHECK(e.columns[1].why == "one-hot: 2 levels + <other> for 2 rarer levels + <missing> (1 rows)");
  // The <missing> level marks the cell; the centre is the block's mean over the 7 rows with a
  // value: w 3/7, v 2/7, <other> 2/7.
  REQUIRE(e.missingMarkers.size() == 1);
  CHECK(e.missingMarkers[0].marker == 3);
  CHECK(e.missingMarkers[0].first == 0);
  CHECK(e.missingMarkers[0].centre == std::vector<double>{3.0 / 7, 2.0 / 7, 2.0 / 7});

  SECTION("transform on another table: unseen levels count as <other>") {
    FeatureEncoder enc;
    std::vector<Index> rows{0, 1, 2, 3, 4, 5, 6, 7};
    REQUIRE(enc.fit(t, spec, rows).ok());
    const Table other = table("c,y\nz,p\nw,q\n");
    Result<FeatureMatrix> x = enc.transform(other, {0, 1});
    REQUIRE(x.ok());
    CHECK(x.value().dense.row(0) == Eigen::RowVector4d(0, 0, 1, 0));
    CHECK(x.value().dense.row(1) == Eigen::RowVector4d(1, 0, 0, 0));
    const Table renamed = table("k,y\nz,p\n");
    CHECK(enc.transform(renamed, {0}).status() == Status::ColumnNotFound);
  }
}

TEST_CASE("encode: hashed TF-IDF on a toy corpus", "[encode]") {
  // n = 3 documents: "The cat", "the dog, THE", "cat". df: the 2, cat 2, dog 1.
  // idf(the) = idf(cat) = ln(4/3) + 1; idf(dog) = ln(4/2) + 1.
  // doc 0: the 1, cat 1 -> equal weights -> 1/sqrt(2) each.
  // doc 1: the tf 2 -> (1 + ln 2) * (ln(4/3) + 1); dog -> 1 * (ln 2 + 1); then L2-normalised.
  // doc 2: cat -> 1.
  Table t = table("label,review\np,The cat\nq,\"the dog, THE\"\np,cat\n");
  // Too short to be typed as text: make it text (typing has its own tests).
  t.columns[1].kind = ColumnKind::Text;
  t.columns[1].levels.clear();
  t.columns[1].codes.clear();
  StringColumn docs;
  docs.push("The cat");
  docs.push("the dog, THE");
  docs.push("cat");
  t.columns[1].strings = std::move(docs);

  FeatureSpec spec = labelled("label");
  spec.textBigrams = false;
  spec.textHashBits = 20;  // wide enough that these three words do not collide
  const EncodedFeatures e = encode(t, spec);
  REQUIRE(e.features.isSparse);
  const SparseRows& x = e.features.sparse;
  REQUIRE(isValidSparseRows(x));
  CHECK(x.nCols == (1 << 20));
  CHECK(e.featureNames.size() == size_t(1) << 20);
  REQUIRE(x.rowPtr == std::vector<int64_t>{0, 2, 4, 5});

  const double idfCommon = std::log(4.0 / 3.0) + 1;
  const double idfDog = std::log(2.0) + 1;
  const double wThe = (1 + std::log(2.0)) * idfCommon;
  const double norm1 = std::sqrt(wThe * wThe + idfDog * idfDog);
  auto valueAt = [&](Index row, int32_t col) {
    for (int64_t p = x.rowPtr[row]; p < x.rowPtr[row + 1]; ++p)
      if (x.cols[p] == col) return x.values[p];
    return 0.0;
  };
  const int32_t cat = x.cols[4];  // doc 2 has only "cat"
  CHECK(x.values[4] == Approx(1.0));
  CHECK(valueAt(0, cat) == Approx(1 / std::sqrt(2.0)));
  const int32_t the = x.cols[0] == cat ? x.cols[1] : x.cols[0];
  CHECK(valueAt(0, the) == Approx(1 / std::sqrt(2.0)));
  CHECK(valueAt(1, the) == Approx(wThe / norm1));
  const int32_t dog = x.cols[2] == the ? x.cols[3] : x.cols[2];
  CHECK(dog != the);
  CHECK(dog != cat);
  CHECK(valueAt(1, dog) == Approx(idfDog / norm1));
  CHECK(x.cols[0] < x.cols[1]);  // sorted within rows
  CHECK(x.cols[2] < x.cols[3]);

  SECTION("bigrams add one term per adjacent pair") {
    FeatureSpec withBigrams = spec;
    withBigrams.textBigrams = true;
    const EncodedFeatures b = encode(t, withBigrams);
    // doc 0: the, cat, "the cat"; doc 1: the, dog, "the dog", "dog the"; doc 2: cat.
    CHECK(b.features.sparse.rowPtr == std::vector<int64_t>{0, 3, 7, 8});
  }
  SECTION("mixed with numeric columns: one sparse matrix, same as dense") {
    Table mixed = table("label,n,review\np,1,a b\nq,2,b c\np,3,\n");
    mixed.columns[2].kind = ColumnKind::Text;  // force: too short to be typed as text
    StringColumn s;
    for (const char* d : {"a b", "b c", ""}) s.push(d);
    mixed.columns[2].strings = std::move(s);
    mixed.columns[2].levels.clear();
    mixed.columns[2].codes.clear();
    FeatureSpec m = labelled("label");
    m.textHashBits = 4;
    const EncodedFeatures me = encode(mixed, m);
    REQUIRE(me.features.isSparse);
    CHECK(me.features.cols() == 1 + 16);
    const RealMatrix dense = me.features.toDense();
    CHECK(dense(0, 0) == Approx(-std::sqrt(1.5)));
    CHECK(dense(1, 0) == 0.0);
    CHECK(dense.row(2).tail(16).isZero());  // empty text: zero row
    CHECK(dense.row(0).tail(16).norm() == Approx(1.0));
  }
}

TEST_CASE("encode: the shared datasets", "[encode][datasets]") {
  auto load = [](const char* name) { return table(test::readFile(test::sharedDir() + "/datasets/" + name + ".clean.csv")); };
  SECTION("iris") {
    const Table t = load("iris");
    const EncodedFeatures e = encode(t, labelled("species"));
    CHECK(e.features.dense.rows() == 150);
    CHECK(e.features.dense.cols() == 4);
    CHECK(e.classNames == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    const RealMatrix& x = e.features.dense;
    for (Index j = 0; j < 4; ++j) {
      CHECK(std::abs(x.col(j).mean()) < 1e-12);
      CHECK(std::sqrt(x.col(j).squaredNorm() / 150) == Approx(1.0));
    }
  }
  SECTION("penguins: label first, missing numbers and categories") {
    const Table t = load("penguins");
    const EncodedFeatures e = encode(t, labelled("species"));
    CHECK(e.labels.size() == 344);
    CHECK(e.classNames == std::vector<std::string>{"Adelie", "Chinstrap", "Gentoo"});
    // 4 measurements with indicators (8) + year (1) + island (3) + sex male/female/<missing> (3).
    CHECK(e.features.dense.cols() == 15);
    CHECK(e.features.dense.allFinite());
  }
  SECTION("digits: numeric labels are classes") {
    const Table t = load("digits");
    const EncodedFeatures e = encode(t, labelled("digit"));
    CHECK(e.classNames == std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
    CHECK(e.features.dense.cols() <= 64);  // constant pixel columns are dropped
  }
  SECTION("fine_foods: sparse text") {
    const Table t = load("fine_foods");
    const EncodedFeatures e = encode(t, labelled("rating"));
    REQUIRE(e.features.isSparse);
    CHECK(e.features.rows() == 5000);
    CHECK(e.features.cols() == 16384);
    CHECK(isValidSparseRows(e.features.sparse));
    CHECK(e.classNames == std::vector<std::string>{"great", "other"});
  }
}
