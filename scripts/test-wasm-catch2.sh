#!/usr/bin/env bash
# The Catch2 suite compiled to WebAssembly and run under Node (a stage of scripts/test.sh;
# Manifold runs its C++ tests the same way). It is built in the debug module's tree
# (build/wasm-debug, made by `npm run build`), so it links the very core objects that the debug
# module ships (-O1, assert() and Eigen's checks on) and compiles only the test files.
#
# The test cases are split over LABELCHECK_JOBS Node processes (one per core, scripts/catch2-shards.sh).
# Every test case not tagged [native] must run: the total is checked against the native binary's list.
# No test case is tagged [native] today: the [threads] test passes in WebAssembly too (the core
# runs one thread there, and the test asserts the results equal for every thread count).
# The [golden] and [quality] cases are left to the optimised native run (why: scripts/catch2-shards.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=${LABELCHECK_JOBS:-2}
bin=build/wasm-debug/tests/labelcheck_tests.js
native=build/native/tests/labelcheck_tests
source scripts/catch2-shards.sh
spec="~[native]$catch2_checked_spec"

cmake --build build/wasm-debug --target labelcheck_tests -j"$jobs"
# Every test case not tagged [native] must run: as many as the native binary lists.
want=$({ "$native" "$spec" --list-test-names-only || true; } | grep -c .)
catch2_shards "$jobs" "$want" "$spec" node "$bin"
