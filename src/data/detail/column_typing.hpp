// The pieces of typeColumn (table.hpp) that the CSV reader also needs when it types numeric
// columns while reading (detail/column_builder.hpp): one cell read by the numeric rule, and the
// numeric / identifier verdict once every cell of a column was a number or missing. Both paths
// call these, so a column gets the same kind, counts and reason whichever way it was typed.
// Implemented in table.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/table.hpp"

namespace labelcheck::detail {

enum class NumericCell { Missing, Finite, NonFinite, NotNumber };

// One trimmed cell by the numeric rule: a missing token, a finite number (`value` set), a
// non-finite one (`value` = NaN), or not a number. Missing cells set `value` to NaN.
NumericCell readNumericCell(std::string_view trimmed, bool decimalComma, double& value);

// Whether a column of numbers (all cells numbers or missing) is an identifier: named like one
// (`name` as written in the header) and strictly increasing integers, none missing; or, whatever
// its name, a row counter (isRowCounter).
bool isNumericIdentifier(std::string_view name, const std::vector<double>& numbers, Index missing,
                         const TypingOptions& options);

// Strictly increasing integers, none missing (at least two).
bool increasingIntegers(const std::vector<double>& numbers, Index missing);

// 0, 1, 2, ... or 1, 2, 3, ... in every row, none missing, at least kRowCounterMinRows rows: the
// rows' numbers ("rowno", "n", "sample", "Unnamed: 0"), which a model would learn the file's
// order from (in a file sorted by label, every label).
inline constexpr Index kRowCounterMinRows = 20;
bool isRowCounter(const std::vector<double>& numbers, Index missing);

// The Numeric column, with its reason.
Column numericColumn(std::string name, std::vector<double> numbers, Index missing, Index nonFinite);

// The Identifier column of numbers: keeps the field text of every row. rowCounter: the reason
// says it counts the rows (else: named like an identifier).
Column numericIdentifierColumn(std::string name, StringColumn raw, bool rowCounter);

}  // namespace labelcheck::detail
