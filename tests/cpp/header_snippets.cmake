# Extracts the usage snippets of one public header into a .cpp that the test build compiles, so
# a snippet that no longer compiles fails the build (and `npm test`). Run by tests/CMakeLists.txt:
#   cmake -DHEADER=<src/labelcheck/x.hpp> -DOUTPUT=<x.cpp> -P header_snippets.cmake
#
# The marker format, in a header's doc comment (a Markdown fence inside `//` lines; the text
# after `given:` lists the snippet's inputs as declarations separated by `;`):
#
#   //   ```cpp given: std::string_view text; size_t r
#   //   Result<Table> parsed = parseCsv(text);
#   //   if (!parsed) return parsed.error();
#   //   ```
#
# Each snippet becomes the body of a function `labelcheck::Outcome f(<given>)` (so it may
# `return r.error();`), with #line pointing compiler messages at the header. `use(x, ...)` stands
# for "the caller's code" (tests/cpp/snippet_support.hpp). The generated file includes the
# header first (it must be self-contained), then every public header.
cmake_minimum_required(VERSION 3.21)

file(READ "${HEADER}" text)
# Split into lines keeping empty ones; CMake lists use ';' and treat '[' ']' specially, so both
# are swapped for placeholders until the code is written out.
string(REPLACE "[" "@LC_LB@" text "${text}")
string(REPLACE "]" "@LC_RB@" text "${text}")
string(REPLACE ";" "@LC_SC@" text "${text}")
string(REPLACE "\n" ";" lines "${text}")

get_filename_component(stem "${HEADER}" NAME_WE)
get_filename_component(dir "${HEADER}" DIRECTORY)
file(GLOB headers "${dir}/*.hpp")
set(out "// Generated from src/labelcheck/${stem}.hpp by tests/cpp/header_snippets.cmake: its usage\n")
string(APPEND out "// snippets, compiled (not run) so that a broken one fails the build. Do not edit.\n")
string(APPEND out "#include \"labelcheck/${stem}.hpp\"\n")
foreach(h IN LISTS headers)
  get_filename_component(name "${h}" NAME)
  string(APPEND out "#include \"labelcheck/${name}\"\n")
endforeach()
string(APPEND out "#include \"snippet_support.hpp\"\n\nnamespace labelcheck_snippets_${stem} {\nusing namespace labelcheck;\nusing labelcheck_snippets::use;\n")

set(number 0)
set(count 0)
set(inside OFF)
foreach(line IN LISTS lines)
  math(EXPR number "${number} + 1")
  if(NOT inside)
    if(line MATCHES "^//( *)```cpp( +given:(.*))?$")
      set(indent "${CMAKE_MATCH_1}")
      set(given "${CMAKE_MATCH_3}")
      string(REPLACE "@LC_SC@" "," given "${given}")
      string(STRIP "${given}" given)
      math(EXPR count "${count} + 1")
      math(EXPR first "${number} + 1")
      string(APPEND out "\n// snippet ${count}, line ${number}\nlabelcheck::Outcome snippet${count}(${given}) {\n#line ${first} \"${HEADER}\"\n")
      set(inside ON)
      set(start ${number})
    elseif(line MATCHES "^// *```")
      message(FATAL_ERROR "${HEADER}:${number}: a snippet fence must read ```cpp [given: declarations]")
    endif()
  else()
    if(line MATCHES "^//${indent}```$")
      string(APPEND out "  return {};\n}\n")
      set(inside OFF)
    elseif(line MATCHES "^//${indent}(.*)$")
      string(APPEND out "${CMAKE_MATCH_1}\n")
    elseif(line STREQUAL "//")
      string(APPEND out "\n")
    else()
      message(FATAL_ERROR "${HEADER}:${number}: snippet from line ${start} not closed by //${indent}```")
    endif()
  endif()
endforeach()
if(inside)
  message(FATAL_ERROR "${HEADER}: snippet from line ${start} not closed")
endif()
string(APPEND out "\n}  // namespace labelcheck_snippets_${stem}\n")
string(REPLACE "@LC_LB@" "[" out "${out}")
string(REPLACE "@LC_RB@" "]" out "${out}")
string(REPLACE "@LC_SC@" ";" out "${out}")
# Rewrite only on change, so an unrelated header edit does not recompile every snippet file.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL out)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${out}")
