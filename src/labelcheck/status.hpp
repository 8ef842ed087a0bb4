// Errors as values: every fallible entry point of the core returns Status or Result<T>.
// The core is built without exceptions (WebAssembly builds use -fno-exceptions), so nothing
// here throws; the JS layer turns an Error into a LabelcheckError with the same code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace labelcheck {

// One code per kind of failure. The string form (statusCode) is the stable `code` that JS
// users see; keep names and order stable, add new codes at the end of their group.
enum class Status : int {
  Ok = 0,
  // Arguments and shapes
  InvalidArgument,        // an option value that is not allowed
  ShapeMismatch,          // labels and pred_probs lengths differ, or a matrix has the wrong shape
  EmptyInput,             // N = 0 or K = 0
  LabelOutOfRange,        // a label < 0 or >= K
  LabelNotInteger,        // a label such as 1.5
  TooFewClasses,          // fewer than two distinct labels where the method needs two
  NonFiniteValue,         // NaN or +-Infinity in probabilities or features
  ProbabilityOutOfRange,  // a probability outside [-1e-6, 1 + 1e-6]
  SingularMatrix,         // py_method "eqn" with a singular noise matrix
  Unsupported,            // a combination the method does not define (e.g. adjusted entropy)
  EmptyClass,             // a class with no rows where one is needed
  // CSV and tables
  CsvEmpty,               // no header / no data
  CsvUnclosedQuote,       // a quoted field runs to the end of the file
  CsvFieldCount,          // a row with more or fewer fields than the header
  CsvInvalidQuote,        // a quote inside an unquoted field, or text after a closing quote
  CsvEncoding,            // bytes that are not text (NUL, invalid UTF-8 where it matters)
  ColumnNotFound,         // a named column does not exist
  NoFeatures,             // no usable feature column
  MissingLabel,           // a row without a label (reported, the row is excluded)
  LabelLooksContinuous,   // the label column holds measurements, not classes (column_guess.hpp)
  // Models and pipeline
  TooFewExamplesPerFold,  // a class too small for the requested number of folds
  NotConverged,           // an iterative solver stopped at its limit (informational)
  Cancelled,              // a progress callback asked to stop
  LimitExceeded,          // input larger than the documented limits
  OutOfMemory,            // an allocation failed
  Internal,               // a bug: an invariant did not hold
};

// "SHAPE_MISMATCH" etc.: the stable code string.
const char* statusCode(Status s) noexcept;
// A short generic sentence for the code; specific messages are built at the failure site.
const char* statusMessage(Status s) noexcept;

// A failure: code, readable message, and where in the input it happened when known
// (1-based line and column of a CSV; 0-based row of the data). -1 means "not applicable".
struct Error {
  Status status = Status::Internal;
  std::string message;
  long long line = -1;
  long long column = -1;
  long long row = -1;
};

inline Error makeError(Status s, std::string message) {
  Error e;
  e.status = s;
  e.message = std::move(message);
  return e;
}

// Result<T>: a value or an Error. Check ok() before value(); value() on an error is a bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : m_error(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return m_value.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return *m_value; }
  const T& value() const& { return *m_value; }
  T&& value() && { return std::move(*m_value); }
  const Error& error() const& { return m_error; }
  Error&& error() && { return std::move(m_error); }
  Status status() const noexcept { return ok() ? Status::Ok : m_error.status; }

 private:
  std::optional<T> m_value;
  Error m_error;
};

// Propagate an error from a Result or an optional<Error> in one line.
#define LABELCHECK_TRY(expr)                     \
  do {                                           \
    auto&& lc_try_ = (expr);                     \
    if (!lc_try_.ok()) return lc_try_.error();   \
  } while (0)

// A Status-only outcome, for functions that return nothing on success.
class [[nodiscard]] Outcome {
 public:
  Outcome() = default;
  Outcome(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT
  bool ok() const noexcept { return !m_failed; }
  const Error& error() const& { return m_error; }
  Error&& error() && { return std::move(m_error); }

 private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace labelcheck
