# Fails when a Catch2 test name contains a semicolon: catch_discover_tests hands names to CTest
# as a CMake list, which splits them there into names that match no test case and so "pass"
# without running anything. Run by ctest: cmake -DBIN=<labelcheck_tests> -P check_test_names.cmake
# (Catch2 2 exits with the number of tests listed, so the status says nothing here.)
execute_process(COMMAND ${BIN} --list-test-names-only OUTPUT_VARIABLE names)
if(names STREQUAL "")
  message(FATAL_ERROR "${BIN} --list-test-names-only listed nothing")
endif()
string(ASCII 59 semicolon)
string(FIND "${names}" "${semicolon}" at)
if(NOT at EQUAL -1)
  string(SUBSTRING "${names}" 0 ${at} before)
  string(REGEX REPLACE ".*\n" "" start "${before}")
  message(FATAL_ERROR "a test name contains a semicolon (CTest would split it): ${start}...")
endif()
