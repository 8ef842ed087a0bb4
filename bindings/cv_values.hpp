// Cross-validation plans, options and unit outputs across the WebAssembly boundary (used by
// bind_pipeline.cpp, whose run hands units out, and bind_cross_validation.cpp, whose sessions
// run them in other instances). See src/labelcheck/cv_plan.hpp for what a unit is.
#pragma once

#include <cstdint>

#include "labelcheck/cv_plan.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {

// The cross-validation options of a resolved checkLabels options object (js/options.js): model,
// cvNFolds, seed, repeats, budgetSeconds. threads is the JS side's business (one here).
Outcome readCvOptions(const val& options, CvOptions& cv);

// {units: [{kind: 'fit' | 'neighbors', model, repeat, fold, rowBegin, rowEnd, cost}], models,
//  skipped, totalCost, fingerprint: '0123456789abcdef'}
val planValue(const CvPlan& plan);

// Fit: {ok, kind: 'fit', probs: Float64Array (rows x K), rows, record: {...}}.
// Neighbors: {ok, kind: 'neighbors', indices: Int32Array, distances: Float32Array}.
val unitOutputValue(const CvPlan& plan, size_t unit, const CvUnitOutput& out);

// The inverse, from the record object of unitOutputValue and the arrays copied into the heap
// (probs: rows x K doubles; indices/distances: the unit's rows x graphK). Checks the shapes
// against the plan (SHAPE_MISMATCH).
Result<CvUnitOutput> unitOutputFrom(const CvPlan& plan, size_t unit, const val& record, uintptr_t probsPtr,
                                    double probsLength, uintptr_t indicesPtr, uintptr_t distancesPtr,
                                    double listLength);

}  // namespace labelcheck::wasm
