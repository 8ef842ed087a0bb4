#!/usr/bin/env bash
# The Catch2 suite compiled to WebAssembly and run under Node (a stage of scripts/test.sh;
# Manifold runs its C++ tests the same way). It is built in the debug module's tree
# (build/wasm-debug, made by `npm run build`), so it links the very core objects that the debug
# module ships (-O1, assert() and Eigen's checks on) and compiles only the test files.
#
# The test cases are split round-robin over LABELCHECK_JOBS Node processes (one per core). Every
# test case not tagged [native] must run: the total is checked against the native binary's list.
# No test case is tagged [native] today: the [threads] test passes in WebAssembly too (the core
# runs one thread there, and the test asserts the results equal for every thread count).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=${LABELCHECK_JOBS:-2}
bin=build/wasm-debug/tests/labelcheck_tests.js
native=build/native/tests/labelcheck_tests
spec='~[native]'

cmake --build build/wasm-debug --target labelcheck_tests -j"$jobs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# (Catch2 2 exits with the number of test cases listed, hence the `|| true`.)
{ node "$bin" "$spec" --list-test-names-only || true; } | grep . > "$work/names"
want=$({ "$native" "$spec" --list-test-names-only || true; } | grep -c .)
have=$(wc -l < "$work/names")
if [ "$have" -ne "$want" ]; then
  echo "test-wasm-catch2: the WebAssembly binary lists $have test cases, the native one $want" >&2
  exit 1
fi
# One file of test names per process; ',' '[' ']' '*' '~' '\' '"' are test-spec syntax and get
# a backslash (Catch2 --input-file reads one spec per line).
sed 's/[][\\,*~"]/\\&/g' "$work/names" | awk -v n="$jobs" -v d="$work" '{ print > (d "/shard" (NR % n)) }'
pids=()
for shard in "$work"/shard*; do
  node "$bin" --input-file "$shard" > "$shard.log" 2>&1 &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
ran=0
for log in "$work"/shard*.log; do
  n=$(sed -n 's/.* in \([0-9]*\) test cases.*/\1/p' "$log" | tail -n 1)
  ran=$((ran + ${n:-0}))
  if [ $failed -ne 0 ]; then cat "$log"; else grep -E 'All tests passed|test cases' "$log"; fi
done
[ $failed -eq 0 ] || { echo "test-wasm-catch2: failures above" >&2; exit 1; }
if [ "$ran" -ne "$want" ]; then
  echo "test-wasm-catch2: $ran test cases ran, expected $want" >&2
  exit 1
fi
echo "test-wasm-catch2: all $ran test cases passed in WebAssembly"
