// The data audit of a checkLabels run (src/labelcheck/audit.hpp, PipelineAudit) across the
// WebAssembly boundary, used by bind_pipeline.cpp's result. Rows leave as the file's data rows
// (PipelineResult::sourceRows of each example), per-example scores in example order.
#pragma once

#include "labelcheck/pipeline.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {

// index.d.ts DataAudit with its final keys, except four parts that leave flat and become
// objects and arrays in js/pipeline.js (auditObject), one Embind call per array instead of one
// per element:
//   outliers: {row: Int32Array, score: Float64Array}              -> {row, score}[]
//   nearDuplicateSets, exactDuplicateSets: {starts: Int32Array, rows: Int32Array} -> number[][]
//   knnLabelIssues: {row, example, givenLabel, suggestedLabel: Int32Array, labelQuality: Float64Array}
//                                                                  -> {row, example, givenLabel, ...}[]
//   emptyRows, nonIid.rows: Int32Array                             -> number[]
// null when the run has no audit (audit off, probabilities given).
val auditValue(const PipelineResult& p);

// The audit's graph built in a helper instance (AuditNeighbors) and back, for
// js/cv-schedule.js: {ok, indices: Int32Array, distances: Float32Array (rows x k), info: {k,
// cosine, exact, recall, recallRows, milliseconds}}; auditGraphFrom reads the same from the heap
// (ShapeMismatch when the lists are not rows x info.k).
val auditGraphValue(const AuditNeighbors& g);
Result<AuditNeighbors> auditGraphFrom(uintptr_t indicesPtr, uintptr_t distancesPtr, double length, const val& info,
                                      Index rows);

// The order-effects check run in the helper instance that built the graph (auditNonIid) and
// back: {ok, score: Float64Array (rows), rows: Int32Array (examples), info: {statistic, pValue,
// permutations, reached, flagged}}; nonIidFrom reads the same from the heap (completeAudit checks
// that it fits the graph and the options).
val nonIidValue(const NonIidAudit& a);
NonIidAudit nonIidFrom(uintptr_t scorePtr, double length, uintptr_t rowsPtr, double rowsLength, const val& info);

// The encoder's missing-cell markers (encode.hpp's MissingMarker), for a helper instance to
// centre its copy of the features as the coordinator's audit does (missing_centre.hpp):
// a Float64Array of [marker, first, centre's length, centre...] per marker (one per column with
// a missing cell).
val missingMarkersValue(const std::vector<MissingMarker>& markers);
std::vector<MissingMarker> missingMarkersFrom(const val& markers);

}  // namespace labelcheck::wasm
