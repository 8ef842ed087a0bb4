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
//  skippedRows: [{row, line, column, offset, end, code, message}]}
val csvValue(const CsvMeta& meta);

// {offsets, ends, lines} (Float64Arrays): every data row of the file, skipped records included.
val rowSpansValue(const RowSpans& spans);

val stringArray(const std::vector<std::string>& v);

// The layout of a rewrite from {delimiter, encoding, bytes, headerLine, headerEnd} (a csvValue)
// and the row spans of every data row (rows doubles each, heap addresses; see rowSpansValue).
Result<CsvLayout> layoutFrom(const val& csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double rows);

}  // namespace labelcheck::wasm
