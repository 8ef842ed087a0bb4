// CSV facts across the WebAssembly boundary, shared by bind_pipeline.cpp (a checkLabels result's
// `csv`) and bind_csv.cpp (previews, row values, rewrites): the reader's meta as a plain object,
// and the layout a rewrite needs read back from one.
#pragma once

#include <string>
#include <vector>

#include "labelcheck/csv_write.hpp"
#include "labelcheck/table.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {

// {delimiter, delimiterDetected, linebreak, encoding: 'utf-8' | 'latin-1', bomStripped, bytes,
//  headerLine, headerOffset, headerEnd, blankLines, renamedColumns: [{index, original, name}],
//  skippedRows: [{line, column, offset, end, code, message}]}
val csvValue(const CsvMeta& meta);

val stringArray(const std::vector<std::string>& v);

// The layout of a rewrite from {delimiter, encoding, bytes, headerLine, headerEnd,
// skippedRows: [{end}]} (a csvValue) and the row spans (rows doubles each, heap addresses).
Result<CsvLayout> layoutFrom(const val& csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double rows);

}  // namespace labelcheck::wasm
