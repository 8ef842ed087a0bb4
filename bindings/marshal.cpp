#include "marshal.hpp"

#include <cstdlib>
#include <string>

#include "labelcheck/health.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck::wasm {

using emscripten::typed_memory_view;

Inputs readInputs(uintptr_t labelsPtr, int labelsKind, int n, uintptr_t probsPtr, int probsKind, int rows, int cols) {
  Inputs in;
  if (static_cast<LabelsKind>(labelsKind) == LabelsKind::Float64) {
    auto converted = labelsFromNumbers(reinterpret_cast<const double*>(labelsPtr), n);
    if (!converted.ok()) {
      in.error = std::move(converted).error();
      return in;
    }
    in.ownedLabels = std::move(converted).value();
    in.labels = Labels::of(in.ownedLabels);
  } else {
    in.labels = Labels{reinterpret_cast<const int32_t*>(labelsPtr), n};
  }
  if (static_cast<ProbsKind>(probsKind) == ProbsKind::Float32)
    in.predProbs = PredProbs::f32(reinterpret_cast<const float*>(probsPtr), rows, cols);
  else
    in.predProbs = PredProbs::f64(reinterpret_cast<const double*>(probsPtr), rows, cols);
  return in;
}

val errorValue(const Error& e) {
  val out = val::object();
  out.set("ok", false);
  out.set("code", std::string(statusCode(e.status)));
  out.set("message", e.message.empty() ? std::string(statusMessage(e.status)) : e.message);
  out.set("row", static_cast<double>(e.row));
  out.set("line", static_cast<double>(e.line));
  out.set("column", static_cast<double>(e.column));
  return out;
}

val okValue() {
  val out = val::object();
  out.set("ok", true);
  return out;
}

val float64Array(const double* p, size_t n) { return val::global("Float64Array").new_(typed_memory_view(n, p)); }
val int32Array(const int32_t* p, size_t n) { return val::global("Int32Array").new_(typed_memory_view(n, p)); }
val float32Array(const float* p, size_t n) { return val::global("Float32Array").new_(typed_memory_view(n, p)); }
val uint8Array(const uint8_t* p, size_t n) { return val::global("Uint8Array").new_(typed_memory_view(n, p)); }
val float64Array(const RealVector& v) { return float64Array(v.data(), static_cast<size_t>(v.size())); }

val int32ArrayFromIndices(IndexVector& v) {
  // Writing int32 slot i (bytes 4i..4i+3) never overwrites an int64 not yet read (bytes >= 8i).
  auto* narrow = reinterpret_cast<int32_t*>(v.data());
  const Index n = v.size();
  for (Index i = 0; i < n; ++i) narrow[i] = static_cast<int32_t>(v[i]);
  return int32Array(narrow, static_cast<size_t>(n));
}

val int32ArrayFromIndices(const std::vector<Index>& v) {
  static_assert(sizeof(Index) == sizeof(int32_t), "wasm32: Eigen::Index is 32-bit");
  return int32Array(reinterpret_cast<const int32_t*>(v.data()), v.size());
}

val realMatrixValue(const RealMatrix& m) {
  val out = val::object();
  out.set("data", float64Array(m.data(), static_cast<size_t>(m.size())));
  out.set("rows", static_cast<int>(m.rows()));
  out.set("cols", static_cast<int>(m.cols()));
  return out;
}

val countMatrixValue(const CountMatrix& m) {
  std::vector<int32_t> narrow(static_cast<size_t>(m.size()));
  for (Index i = 0; i < m.size(); ++i) narrow[static_cast<size_t>(i)] = static_cast<int32_t>(m.data()[i]);
  val out = val::object();
  out.set("data", int32Array(narrow.data(), narrow.size()));
  out.set("rows", static_cast<int>(m.rows()));
  out.set("cols", static_cast<int>(m.cols()));
  return out;
}

Outcome reserveWorkspace(double bytes) {
  if (!(bytes > 0)) return {};
  if (bytes > 2.0e9)
    return makeError(Status::OutOfMemory, "the input needs about " + std::to_string(static_cast<long long>(bytes / 1e6)) +
                                              " MB of working memory; WebAssembly allows at most 2 GB per block");
  // Through a volatile pointer: an unused malloc/free pair is otherwise removed by the optimiser.
  static void* volatile probe = nullptr;
  probe = std::malloc(static_cast<size_t>(bytes));
  void* p = probe;
  if (p == nullptr)
    return makeError(Status::OutOfMemory, "not enough memory: could not reserve " +
                                              std::to_string(static_cast<long long>(bytes / 1e6)) +
                                              " MB of working memory (the WebAssembly memory cannot grow further)");
  std::free(p);
  return {};
}

double workspaceBytes(Index rows, Index cols, int probsKind) {
  (void)probsKind;
  // What the core allocates for most calls (measured with N = 1e6, K = 10 and N = 1e5, K = 100:
  // 10-15 bytes a row, a few K x K matrices). Deliberately not more: WASM memory never shrinks, so
  // a generous reserve would stay in the heap for good. Calls that need more (ranking, adjusted
  // scores: about 27 bytes a row) grow the heap further as usual.
  return static_cast<double>(rows) * 12.0 + static_cast<double>(cols) * static_cast<double>(cols) * 64.0 + 65536.0;
}

// Dataset health tables as arrays of plain objects (cleanlab's columns in camelCase).
val classRowsValue(const std::vector<ClassLabelQuality>& rows, const std::vector<std::string>* classNames) {
  return objectArray(rows, [classNames](val& row, const ClassLabelQuality& r) {
    row.set("classIndex", static_cast<int>(r.classIndex));
    if (classNames) row.set("className", (*classNames)[static_cast<size_t>(r.classIndex)]);
    row.set("labelIssues", static_cast<double>(r.labelIssues));
    row.set("inverseLabelIssues", static_cast<double>(r.inverseLabelIssues));
    row.set("labelNoise", r.labelNoise);
    row.set("inverseLabelNoise", r.inverseLabelNoise);
    row.set("labelQualityScore", r.labelQualityScore);
  });
}

val overlapRowsValue(const std::vector<OverlappingClasses>& rows, const std::vector<std::string>* classNames) {
  return objectArray(rows, [classNames](val& row, const OverlappingClasses& r) {
    row.set("classIndexA", static_cast<int>(r.classIndexA));
    row.set("classIndexB", static_cast<int>(r.classIndexB));
    if (classNames) {
      row.set("classNameA", (*classNames)[static_cast<size_t>(r.classIndexA)]);
      row.set("classNameB", (*classNames)[static_cast<size_t>(r.classIndexB)]);
    }
    row.set("numOverlappingExamples", static_cast<double>(r.numOverlappingExamples));
    row.set("jointProbability", r.jointProbability);
  });
}

std::optional<std::vector<std::string>> classNamesOption(const val& options) {
  const val names = options["classNames"];
  if (names.isNull() || names.isUndefined()) return std::nullopt;
  return emscripten::vecFromJSArray<std::string>(names);
}

namespace {
Outcome classNameMissing(size_t names, Index classIndex) {
  return makeError(Status::ShapeMismatch, "classNames has " + std::to_string(names) + " names but class " +
                                              std::to_string(classIndex) + " exists");
}
}  // namespace

Outcome checkClassNames(const std::vector<ClassLabelQuality>& rows, const std::vector<std::string>* classNames) {
  if (!classNames) return {};
  for (const ClassLabelQuality& r : rows)
    if (static_cast<size_t>(r.classIndex) >= classNames->size()) return classNameMissing(classNames->size(), r.classIndex);
  return {};
}

Outcome checkClassNames(const std::vector<OverlappingClasses>& rows, const std::vector<std::string>* classNames) {
  if (!classNames) return {};
  for (const OverlappingClasses& r : rows)
    for (Index k : {r.classIndexA, r.classIndexB})
      if (static_cast<size_t>(k) >= classNames->size()) return classNameMissing(classNames->size(), k);
  return {};
}

}  // namespace labelcheck::wasm
