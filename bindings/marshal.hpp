// Moving data across the WebAssembly boundary: the few helpers every bind_*.cpp file uses.
//
// Inputs arrive as pointers into the WASM heap (the JS side copies each typed array in once with
// _malloc + HEAP*.set and frees it after the call); outputs leave as JS-owned typed-array copies
// inside plain objects, so nothing handed to users points into WASM memory or needs .delete().
// Failures are returned as {ok: false, code, message, row, line, column}; nothing here throws
// and nothing aborts (see ../shared/TOOLCHAIN.md section 2.1).
#pragma once

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/health.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck::wasm {

using emscripten::val;

// How the labels were copied in (must match js/marshal.js).
enum class LabelsKind : int {
  Int32 = 0,    // Int32Array: used in place
  Float64 = 1,  // anything else, as doubles: converted (and checked) by labelsFromNumbers
};

// How the probabilities were copied in (must match js/marshal.js).
enum class ProbsKind : int { Float64 = 0, Float32 = 1 };

// The (labels, predProbs) pair most calls take, viewed or converted once.
struct Inputs {
  std::optional<Error> error;
  LabelVector ownedLabels;  // filled only for LabelsKind::Float64
  Labels labels;
  PredProbs predProbs;
};

Inputs readInputs(uintptr_t labelsPtr, int labelsKind, int n, uintptr_t probsPtr, int probsKind, int rows, int cols);

// {ok: false, code: "SHAPE_MISMATCH", message, row, line, column} (-1 = not applicable).
val errorValue(const Error& e);
// A fresh object {ok: true}; the caller adds the result fields.
val okValue();

// JS-owned copies (new TypedArray(typed_memory_view(...))).
val float64Array(const double* p, size_t n);
val int32Array(const int32_t* p, size_t n);
val uint8Array(const uint8_t* p, size_t n);
val float32Array(const float* p, size_t n);
val float64Array(const RealVector& v);
// int64 indices narrowed in place to int32 (valid: N < 2^31), then copied out as an Int32Array.
val int32ArrayFromIndices(IndexVector& v);
val int32ArrayFromIndices(const std::vector<Index>& v);

// {data: Float64Array, rows, cols} and {data: Int32Array, rows, cols} (row-major).
val realMatrixValue(const RealMatrix& m);
val countMatrixValue(const CountMatrix& m);
// Health tables: one object per row, fields named as in cleanlab (camelCase).
// A JS array of plain objects, one per item; `fill(object, item)` sets the object's fields.
template <typename T, typename Fill>
val objectArray(const std::vector<T>& items, Fill fill) {
  val out = val::array();
  for (const T& item : items) {
    val object = val::object();
    fill(object, item);
    out.call<void>("push", object);
  }
  return out;
}

// With `classNames`, each row also gets className (classNameA, classNameB): the result leaves
// the binding with its final keys (index.d.ts ClassLabelQuality, OverlappingClasses).
val classRowsValue(const std::vector<ClassLabelQuality>& rows, const std::vector<std::string>* classNames = nullptr);
val overlapRowsValue(const std::vector<OverlappingClasses>& rows, const std::vector<std::string>* classNames = nullptr);

// The classNames option (null or an array of strings) as names, or nullopt for null.
std::optional<std::vector<std::string>> classNamesOption(const val& options);
// SHAPE_MISMATCH when a row names a class that has no name.
Outcome checkClassNames(const std::vector<ClassLabelQuality>& rows, const std::vector<std::string>* classNames);
Outcome checkClassNames(const std::vector<OverlappingClasses>& rows, const std::vector<std::string>* classNames);

// Makes sure the heap can hold `bytes` more before calling into the core. The core is built
// without exceptions, so an allocation failure inside it would abort the module; growing the
// heap first (a malloc/free pair: WASM memory never shrinks) turns that into OUT_OF_MEMORY.
Outcome reserveWorkspace(double bytes);

// Bytes most calls on N x K probabilities allocate inside the core (measured; see marshal.cpp).
double workspaceBytes(Index rows, Index cols, int probsKind);

}  // namespace labelcheck::wasm
