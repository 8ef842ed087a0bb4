#include "labelcheck/status.hpp"

namespace labelcheck {

namespace {
struct StatusText {
  const char* code;
  const char* message;
};

// One table, indexed by the enum value (simdjson's error_message idea).
constexpr StatusText kStatusText[] = {
    {"OK", "no error"},
    {"INVALID_ARGUMENT", "an option has a value that is not allowed"},
    {"SHAPE_MISMATCH", "the inputs do not have matching shapes"},
    {"EMPTY_INPUT", "the input has no rows or no columns"},
    {"LABEL_OUT_OF_RANGE", "a label is negative or not below the number of classes"},
    {"LABEL_NOT_INTEGER", "a label is not a whole number"},
    {"TOO_FEW_CLASSES", "the labels must contain at least two classes"},
    {"NON_FINITE_VALUE", "a value is NaN or infinite"},
    {"PROBABILITY_OUT_OF_RANGE", "a probability is outside [0, 1]"},
    {"SINGULAR_MATRIX", "the noise matrix is singular"},
    {"UNSUPPORTED", "this combination of options is not supported"},
    {"EMPTY_CLASS", "a class has no rows"},
    {"CSV_EMPTY", "the CSV has no data"},
    {"CSV_UNCLOSED_QUOTE", "a quoted field is not closed"},
    {"CSV_FIELD_COUNT", "a row has a different number of fields than the header"},
    {"CSV_INVALID_QUOTE", "a quote character appears where it is not allowed"},
    {"CSV_ENCODING", "the file is not text"},
    {"COLUMN_NOT_FOUND", "no column has that name"},
    {"NO_FEATURES", "no usable feature column"},
    {"MISSING_LABEL", "a row has no label"},
    {"LABEL_LOOKS_CONTINUOUS", "the label column looks like a measurement, not classes"},
    {"TOO_FEW_EXAMPLES_PER_FOLD", "a class has too few rows for cross-validation"},
    {"NOT_CONVERGED", "the solver did not converge"},
    {"CANCELLED", "the operation was cancelled"},
    {"LIMIT_EXCEEDED", "the input is larger than the documented limits"},
    {"OUT_OF_MEMORY", "not enough memory"},
    {"INTERNAL", "internal error"},
};

constexpr int kStatusCount = static_cast<int>(sizeof(kStatusText) / sizeof(kStatusText[0]));
static_assert(kStatusCount == static_cast<int>(Status::Internal) + 1,
              "every Status needs one row in kStatusText");

const StatusText& textOf(Status s) noexcept {
  const int i = static_cast<int>(s);
  return kStatusText[(i >= 0 && i < kStatusCount) ? i : kStatusCount - 1];
}
}  // namespace

const char* statusCode(Status s) noexcept { return textOf(s).code; }
const char* statusMessage(Status s) noexcept { return textOf(s).message; }

}  // namespace labelcheck
