// The Catch2 entry point, alone in its file so the test files compile faster.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
