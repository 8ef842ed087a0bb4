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
  node --test --test-concurrency=1 tests/web/
fi

if [ -x scripts/test-hardening.sh ]; then
  stage "sanitizers and fuzzing"
  bash scripts/test-hardening.sh
fi
echo
echo "all test stages passed in $SECONDS s$(cpu)"
