// Whether a cell holds a date or a date and time, as spreadsheets and databases write them:
// 2023-01-05, 2023/01/05, 05/01/2023 or 1/5/23 (or 05.01.2023), optionally followed by a time
// (" " or "T", then 10:00, 10:00:00 or 10:00:00.123, then optionally "Z", an offset such as
// +01:00, or AM/PM). typeColumn (table.cpp) leaves a column of them out of the features. Its own
// file so that the WebAssembly build compiles it for size (src/CMakeLists.txt). Private to the
// data layer.
#pragma once

#include <string_view>

namespace labelcheck::detail {

bool looksLikeDateTime(std::string_view trimmed);

}  // namespace labelcheck::detail
