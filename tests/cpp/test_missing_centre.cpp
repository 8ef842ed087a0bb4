// The audit's view of the features: marked missing cells moved to their column's centre
// (missing_centre.hpp), dense and sparse alike, and the pipeline's audit reading that view.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "labelcheck/audit.hpp"
#include "labelcheck/csv.hpp"
#include "labelcheck/missing_centre.hpp"
#include "labelcheck/pipeline.hpp"
#include "support/require_ok.hpp"
#include "support/sparse_of.hpp"

using namespace labelcheck;
using test::requireOk;
using test::sparseOf;

namespace {

// Columns: x, x=<missing>, c=a, c=b, c=<missing>; x's median is already in place.
RealMatrix example() {
  RealMatrix X(4, 5);
  X << 0.5, 0, 1, 0, 0,  //
      0.0, 1, 0, 1, 0,   // x missing
      -1.5, 0, 0, 0, 1,  // c missing
      0.0, 1, 0, 0, 1;   // both
  return X;
}

const std::vector<MissingMarker> kMarkers{{1, 0, {}}, {4, 2, {0.75, 0.25}}};


}  // namespace

TEST_CASE("missing cells: a marked cell moves to its column's centre, the rest stays", "[encode][audit]") {
  RealMatrix expected(4, 5);
  expected << 0.5, 0, 1, 0, 0,  //
      0.0, 0, 0, 1, 0,          //
      -1.5, 0, 0.75, 0.25, 0,   //
      0.0, 0, 0.75, 0.25, 0;
  const RealMatrix dense = requireOk(centreMissingCells(example(), kMarkers));
  CHECK(dense == expected);

  SECTION("sparse rows give the same values, columns sorted, no zeros kept") {
    const SparseRows s = requireOk(centreMissingCells(sparseOf(example()), kMarkers));
    CHECK(isValidSparseRows(s));
    CHECK(s.rowPtr == sparseOf(expected).rowPtr);
    CHECK(s.cols == sparseOf(expected).cols);
    CHECK(s.values == sparseOf(expected).values);
  }
  SECTION("no markers: a plain copy") { CHECK(requireOk(centreMissingCells(example(), {})) == example()); }
  SECTION("a marker that does not fit the columns is refused") {
    for (const MissingMarker& bad : {MissingMarker{5, 0, {}}, MissingMarker{4, 3, {0.5, 0.5}}, MissingMarker{3, 2, {0.5, 0.5}}, MissingMarker{4, 1, {0.5, 0.5}},
                                     MissingMarker{-1, 0, {}}}) {
      CHECK(centreMissingCells(example(), {bad}).error().status == Status::InvalidArgument);
      CHECK(centreMissingCells(sparseOf(example()), {bad}).error().status == Status::InvalidArgument);
    }
  }
}

TEST_CASE("missing cells: checkLabels audits the rows by their values, the models read the markers", "[audit][pipeline]") {
  // Two numeric columns in three groups and a category that follows the group; every 19th row
  // lacks its category. Those rows sit at the category's level shares in the audit's view.
  std::string csv = "u,v,c,label\n";
  const char* levels[] = {"p", "q", "r"};
  for (int i = 0; i < 190; ++i) {
    const int g = i % 3;
    const double u = g * 2.0 + 0.15 * (i % 17 - 8), v = -g + 0.2 * (i % 11 - 5);
    csv += std::to_string(u) + "," + std::to_string(v) + "," + (i % 19 == 5 ? "" : levels[g]) + "," + (g == 2 ? "b" : "a") + "\n";
  }
  PipelineOptions o;
  o.label = ColumnRef::byName("label");
  o.cv.model = CvModel::Logistic;
  const PipelineResult r = requireOk(checkLabels(csv, o));
  REQUIRE(r.audited);

  FeatureSpec spec;
  spec.label = ColumnRef::byName("label");
  const EncodedFeatures e = requireOk(encodeFeatures(requireOk(parseCsv(csv)), spec));
  REQUIRE(e.missingMarkers.size() == 1);
  const RealMatrix centred = requireOk(centreMissingCells(e.features.dense, e.missingMarkers));
  const MissingCells none;
  const AuditResult asCentred = requireOk(auditDataset(centred, e.labels, 2, none));
  const AuditResult asEncoded = requireOk(auditDataset(e.features.dense, e.labels, 2, none));
  CHECK(r.audit.result.outliers.meanDistance == asCentred.outliers.meanDistance);
  CHECK(r.audit.result.outliers.meanDistance != asEncoded.outliers.meanDistance);
  // With a level of their own (sqrt(2) from each level) the rows lacking a category stand
  // apart; at the level shares (0.82 from their own) they are nearer their neighbours.
  for (Index i = 5; i < 190; i += 19) {
    INFO("row " << i);
    CHECK(asCentred.outliers.meanDistance[i] < 0.6 * asEncoded.outliers.meanDistance[i]);
  }
}
