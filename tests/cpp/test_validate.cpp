#include "labelcheck/validate.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "detail/numeric.hpp"

using namespace labelcheck;

TEST_CASE("labels from numbers", "[validate][errors]") {
  const double good[] = {0, 1, 2, 1};
  auto r = labelsFromNumbers(good, 4);
  REQUIRE(r.ok());
  CHECK(r.value()[2] == 2);
  const double fractional[] = {0, 1.5};
  auto f = labelsFromNumbers(fractional, 2);
  CHECK(f.status() == Status::LabelNotInteger);
  CHECK(f.error().row == 1);
  const double nan[] = {std::nan("")};
  CHECK(labelsFromNumbers(nan, 1).status() == Status::LabelNotInteger);
  const double negative[] = {-1};
  CHECK(labelsFromNumbers(negative, 1).status() == Status::LabelOutOfRange);
}

TEST_CASE("error codes have stable names and messages", "[validate]") {
  CHECK(std::string(statusCode(Status::ShapeMismatch)) == "SHAPE_MISMATCH");
  CHECK(std::string(statusCode(Status::Internal)) == "INTERNAL");
  CHECK(std::string(statusMessage(Status::CsvUnclosedQuote)).find("quoted") != std::string::npos);
}

TEST_CASE("numpy's pairwise summation order", "[validate][numeric]") {
  // Below 8 values: plain left-to-right. 1e16 + 1 + ... loses the ones one by one.
  std::vector<double> v = {1e16, 1, 1, 1, 1, 1, 1};
  auto get = [&](Index i) { return v[i]; };
  CHECK(detail::pairwiseSum<double>(get, 7) == 1e16);
  // From 8 values: eight partial sums, so the ones are added to each other first.
  v = {1e16, 1, 1, 1, 1, 1, 1, 1, 1};
  CHECK(detail::pairwiseSum<double>(get, 9) == ((1e16 + 1) + (1.0 + 1)) + ((1.0 + 1) + (1.0 + 1)) + 1);
  CHECK(detail::roundHalfEven(2.5) == 2.0);
  CHECK(detail::roundHalfEven(3.5) == 4.0);
  CHECK(detail::pythonSliceStop(-2, 5) == 3);
}
