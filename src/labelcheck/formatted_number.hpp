// Numbers as spreadsheets print them: "$1,234.50", "12.5%", "(300.00)", "1 234,5 €".
//
// A CSV exported from a spreadsheet carries each cell as it is displayed, so a currency column
// arrives as "$1,234.50". The plain number rule (table.hpp, parseNumberToken) rejects those, and
// such a column would become a high-cardinality categorical or an identifier: dropped from the
// features, though it is often the most telling column. typeColumn reads a column by this rule
// when the plain rule fails for some of its cells and this one succeeds for every one
// (table.hpp says how the column's kind is then decided).
//
// One token, after trimming, is
//   [ "(" ] [sign] [currency [space]] [sign] digits [ [space] currency ] [ [space] "%" ] [ ")" ]
// with at most one sign, at most one currency sign, and not both "(" ")" and a sign, where
//  * sign: '+', '-' or the minus sign U+2212;
//  * currency: $ € £ ¥ ₹ ₩ ₽ ₺ ₪ ₫ ₴ ฿ ¢ (UTF-8; a Latin-1 file is decoded before typing), or
//    the ISO code of one of the most traded currencies (USD EUR GBP JPY CHF CNY INR CAD AUD NZD
//    SEK NOK DKK PLN CZK HUF BRL MXN ZAR KRW HKD SGD TRY RUB);
//  * space: one ASCII space, no-break space (U+00A0), narrow no-break space (U+202F) or thin
//    space (U+2009);
//  * digits: an integer part, then optionally the decimal mark and at least one digit ('.'; ','
//    in a file whose delimiter is not ',', as for plain numbers). The integer part may be
//    grouped by thousands: 1 to 3 digits, then groups of exactly 3, all after the same
//    separator: ',' (where '.' is the decimal mark) or '.' (where ',' is), a space as above, or
//    an apostrophe (' or U+2019, Swiss style). "1,5" in a '.' file is therefore no number, nor
//    is "12,34,567" (Indian grouping), nor "1,234.5.6".
//  * "(...)" is a negative amount (accounting style); "%" divides by 100 ("12.5%" is 0.125).
// No exponent, no "inf": those are plain numbers or nothing. The value is correctly rounded as
// for a plain number (the digits are handed to parseNumberToken without their separators), then
// divided by 100 for a percent.
#pragma once

#include <string>
#include <string_view>

#include "labelcheck/table.hpp"

namespace labelcheck {

// What a token carried besides its digits.
struct NumberFormat {
  std::string_view currency;   // the currency sign as written, or empty
  bool grouped = false;        // thousands separators
  bool percent = false;        // "%": the value was divided by 100
  bool parenthesised = false;  // "(12.50)": negative
};

// Reads one trimmed token by the rule above. `scratch` is reused between calls (no allocation
// per cell once it has grown). A token the rule does not describe is NotNumber; digits that
// overflow a double are NonFinite, as for plain numbers.
NumberToken parseFormattedNumber(std::string_view token, bool decimalComma, std::string& scratch,
                                 NumberFormat& format, double& value);

}  // namespace labelcheck
