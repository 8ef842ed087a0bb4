// One column of the CSV as it is read, typed on the fly.
//
// While every cell is a number or a missing token the column is kept as numbers: a double and
// one format byte per cell, instead of the cell's text (about 1.5x the CSV's bytes with the
// 4-byte ends) followed by the doubles. The format byte lets the exact field text be rebuilt
// (fraction digits, decimal comma, empty cell); the few cells whose text cannot be rebuilt from
// their number (missing tokens other than "", "+1", "1e5", " 7", more than 15 digits,
// non-finite values) keep their text. At the first cell that is not a number, the rows so far
// are turned back into text and the column continues as text, typed at the end by typeColumn
// exactly as before. So typing results, identifier detection and reasons are the same as
// typeColumn on the whole text; only the memory differs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/table.hpp"

namespace labelcheck::detail {

class ColumnBuilder {
 public:
  ColumnBuilder() = default;
  explicit ColumnBuilder(bool decimalComma) : m_decimalComma(decimalComma) {}

  // The field text of the next row (after unquoting; untrimmed).
  void push(std::string_view field);

  // Room for `rows` rows in all (the reader's estimate from the input size), so that storage
  // is allocated once instead of grown and copied; more rows still fit.
  void reserve(size_t rows);

  // Rewrites the text of a text column (Latin-1 to UTF-8). Numeric columns hold only ASCII
  // (every cell parsed as a number or a missing token), so they need no rewriting.
  template <typename Fn>
  void editText(Fn&& fn) {
    if (!m_numeric) fn(m_text);
  }

  // The typed column, as typeColumn(headerName, <the field text of every row>, options) would
  // give it. `headerName` is the name as written (the identifier rule reads it). The builder
  // is empty afterwards.
  Column finish(std::string headerName, const TypingOptions& options);

 private:
  // The first cell that is not a number: the rows so far become text again.
  void switchToText();

  bool m_decimalComma = false;
  bool m_numeric = true;
  // Numeric mode.
  std::vector<double> m_numbers;
  std::vector<uint8_t> m_formats;  // see column_builder.cpp
  StringColumn m_verbatim;       // text of the cells whose format is kVerbatim, in row order
  Index m_missing = 0;
  Index m_nonFinite = 0;
  // Text mode.
  StringColumn m_text;
};

}  // namespace labelcheck::detail
