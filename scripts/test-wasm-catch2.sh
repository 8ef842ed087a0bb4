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
# The [golden] case is left out here: tests/js/parity.test.js sends the same cleanlab fixtures
# through the same debug-build core objects (on js/wasm/debug, from flavours.test.js), and this
# case's own part, the contract tool's C++ JSON reading, took 40 of this stage's 90 s of CPU.
# [quality] cases (F1 over many draws) run in the optimised native build (scripts/test-hardening.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=${LABELCHECK_JOBS:-2}
bin=build/wasm-debug/tests/labelcheck_tests.js
native=build/native/tests/labelcheck_tests
spec='~[native]~[golden]~[quality]'

cmake --build build/wasm-debug --target labelcheck_tests -j"$jobs"
# Every test case not tagged [native] must run: as many as the native binary lists.
want=$({ "$native" "$spec" --list-test-names-only || true; } | grep -c .)
source scripts/catch2-shards.sh
catch2_shards "$jobs" "$want" "$spec" node "$bin"
