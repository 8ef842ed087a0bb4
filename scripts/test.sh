#!/usr/bin/env bash
# Every test of the project, in order: native core (Catch2 via CTest, cleanlab contract),
# WebAssembly build, JavaScript API (node --test), page in headless Chromium, sanitizers, fuzzing.
# `npm test` runs this; so does CI (.ci/run). Stops at the first failing stage.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=${LABELCHECK_JOBS:-2}
# Each stage header carries the seconds spent so far, so a slow stage shows in CI's log, and the
# CPU seconds the finished stages used (their processes' user + system time): a stage whose CPU
# grew by less than twice its seconds on 2 cores left a core idle.
cpu() { [[ -r /proc/$$/stat ]] && awk -v hz="$(getconf CLK_TCK)" '{ printf ", %d s of CPU", ($16 + $17) / hz }' /proc/$$/stat; }
stage() { printf '\n=== %s (at %d s%s) ===\n' "$*" "$SECONDS" "$(cpu)"; }

stage "setup"
bash scripts/setup.sh

# The hardening stage's build (clang, ASan + UBSan + libFuzzer, its own tree build/hardening)
# needs nothing from the stages before it, so it starts now at the lowest CPU priority: it only
# gets the CPU time that the stages in between leave idle (links, a test shard's tail, the page
# tests), and the hardening stage finds part of it done. Its output goes to a file, shown in that
# stage; its CPU time is added to the count when it ends. It runs in a process group of its own (set -m), so
# that all of it is ended if this script stops; not in a session of its own (setsid): Linux's
# autogroup scheduling would give a new session an equal share of the CPU whatever its nice.
hardening_build=""
if [ -x scripts/test-hardening.sh ]; then
  mkdir -p build
  set -m
  LABELCHECK_HARDENING_BUILD_ONLY=1 nice -n 19 bash scripts/test-hardening.sh >build/hardening-build.log 2>&1 &
  hardening_build=$!
  set +m
  trap '[ -z "$hardening_build" ] || kill -- -"$hardening_build" 2>/dev/null || true' EXIT
fi

stage "native build"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs"

stage "C++ tests (Catch2 via CTest)"
ctest --test-dir build/native --output-on-failure -j"$jobs"

stage "cleanlab fixtures through the native contract command"
python3 ../shared/fixtures/cleanlab/compare.py ../shared/fixtures/cleanlab \
  --cmd scripts/cleanlab-contract --protocol batch --jobs "$jobs" --strict

if [ -f package.json ] && node -e 'process.exit(require("./package.json").scripts?.build ? 0 : 1)'; then
  stage "WebAssembly build"
  npm run --silent build
fi

if [ -f build/wasm-debug/CMakeCache.txt ]; then
  stage "C++ tests as WebAssembly (Catch2 under Node, debug flavour)"
  bash scripts/test-wasm-catch2.sh
fi

if compgen -G "tests/js/*.test.*" >/dev/null; then
  stage "JavaScript tests (node --test)"
  # Two files at a time: most test files use one core (node --test's default of cores - 1 runs
  # them one by one on 2 cores), and the debug-flavour file waits on its own runner meanwhile.
  node --test --test-concurrency="$jobs" tests/js/
fi

if compgen -G "tests/web/*.test.*" >/dev/null; then
  stage "page tests (headless Chromium)"
  # The page tests leave a core idle much of the time (waiting on the browser), and the
  # hardening build, still running at the lowest priority, was the next stage's wait: it now
  # runs at the normal priority (raising a priority needs root; otherwise it stays as it was).
  [ -z "$hardening_build" ] || renice -n 0 -g "$hardening_build" >/dev/null 2>&1 || true
  node --test --test-concurrency=1 tests/web/
fi

if [ -x scripts/test-hardening.sh ]; then
  stage "sanitizers and fuzzing"
  echo "(its build started in the background after setup: waiting for it, at $SECONDS s)"
  built=0
  wait "$hardening_build" || built=$?
  hardening_build=""
  cat build/hardening-build.log
  if [ "$built" -ne 0 ]; then
    echo "test.sh: the hardening build failed (exit $built; its output above)" >&2
    exit 1
  fi
  bash scripts/test-hardening.sh
fi
echo
echo "all test stages passed in $SECONDS s$(cpu)"
