#!/usr/bin/env bash
# Hostile-input stage of scripts/test.sh: the whole Catch2 suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, then every libFuzzer target for a short bounded time from the seed
# corpus. Any sanitizer report, fuzzer crash, timeout, leak or out-of-memory fails the stage.
#
#   scripts/test-hardening.sh                          # both parts (about 7 minutes from scratch on 2 cores)
#   LABELCHECK_FUZZ_SECONDS=600 scripts/test-hardening.sh   # longer fuzzing (per target)
#   LABELCHECK_HARDENING=asan scripts/test-hardening.sh     # only the sanitizer suite (or =fuzz)
#   LABELCHECK_HARDENING_BUILD_ONLY=1 scripts/test-hardening.sh   # only build what the parts need
#
# Build: build/hardening (clang++-14, -DLABELCHECK_FUZZ=ON: ASan + UBSan + coverage, -O2 with
# assertions, line tables only: reports name file and line, and the build is faster than with -g) holds both the suite and the fuzz targets; without clang, build/asan (g++,
# -DLABELCHECK_SANITIZE=ON) runs the suite only. Fuzzing runs on a temporary copy of
# tests/fuzz/corpus/<target>, so the repository is never modified; a failing input is kept in
# build/hardening/artifacts/<target>/ (see tests/fuzz/README.md to reproduce and minimise it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=${LABELCHECK_JOBS:-2}
seconds=${LABELCHECK_FUZZ_SECONDS:-10}
parts=${LABELCHECK_HARDENING:-asan,fuzz}
# The seconds so far and the CPU seconds the finished steps used (as in scripts/test.sh).
cpu() { [[ -r /proc/$$/stat ]] && awk -v hz="$(getconf CLK_TCK)" '{ printf ", %d s of CPU", ($16 + $17) / hz }' /proc/$$/stat; }
step() { printf -- '--- %s (at %d s%s)\n' "$*" "$SECONDS" "$(cpu)"; }

clang=""
for c in clang++-14 clang++; do
  if command -v "$c" >/dev/null; then clang=$c; break; fi
done

# Sanitizer reports end the process with a non-zero status at the first error.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"

# One build serves both parts when clang is there: the core, the Catch2 suite and the fuzz
# targets compiled once with ASan + UBSan + libFuzzer's coverage instrumentation (the coverage
# hooks cost the suite little, and a second full build of the core cost CI minutes).
# RelWithDebInfo without -DNDEBUG: assert() and Eigen's index checks stay on (in the fuzzers too),
# and timing checks meant for optimised builds (#if NDEBUG in the tests) are skipped.
if [[ -n $clang ]]; then
  dir=build/hardening
  step "ASan + UBSan + libFuzzer build ($dir, $clang)"
  cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$clang" -DLABELCHECK_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only" >/dev/null
  # One target (tests/fuzz/CMakeLists.txt: several --target values would build one at a time).
  case $parts in
    *asan*fuzz* | *fuzz*asan*) target=hardening_targets ;;
    *fuzz*) target=fuzz_targets ;;
    *) target=labelcheck_tests ;;
  esac
  cmake --build "$dir" -j"$jobs" --target "$target"
else
  # Without clang: the sanitizer suite with g++ (fuzzing needs clang and fails below).
  dir=build/asan
  step "ASan + UBSan build ($dir, g++)"
  cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER=g++ -DLABELCHECK_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" >/dev/null
  [[ $parts == *asan* ]] && cmake --build "$dir" -j"$jobs" --target labelcheck_tests
fi

# Only the build (scripts/test.sh starts it in the background early, at the lowest priority).
if [[ ${LABELCHECK_HARDENING_BUILD_ONLY:-} == 1 ]]; then
  step "built ($dir)"
  exit 0
fi

if [[ $parts == *asan* ]]; then
  step "Catch2 suite under ASan + UBSan ($jobs processes)"
  # The cases the checked builds leave to the optimised native run: scripts/catch2-shards.sh.
  source scripts/catch2-shards.sh
  catch2_shards "$jobs" "" "$catch2_checked_spec" "$dir"/tests/labelcheck_tests
fi

# One fuzz target: $seconds from a temporary copy of its seed corpus. New inputs go to the first
# directory (the copy); the regression inputs are read too, so they must still pass. -timeout:
# one input taking more than 10 s is a hang; -rss_limit_mb: more than 2 GiB is an out-of-memory bug.
fuzz_one() {
  local target=$1
  mkdir -p "$work/$target" "$dir/artifacts/$target"
  cp tests/fuzz/corpus/"$target"/* "$work/$target"/
  local corpora=("$work/$target")
  [[ -d tests/fuzz/regressions/$target ]] && corpora+=("tests/fuzz/regressions/$target")
  "$dir"/tests/fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$target/" \
    "${corpora[@]}" >"$work/$target.log" 2>&1
}

if [[ $parts == *fuzz* ]]; then
  if [[ -z $clang ]]; then
    echo "test-hardening: fuzzing needs clang++ with libFuzzer (scripts/setup.sh installs clang-14)" >&2
    exit 1
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  targets=(fuzz_csv fuzz_encode fuzz_confident_learning fuzz_models fuzz_gbdt fuzz_audit)
  # $jobs targets at a time (each fuzzer is one process on one core).
  for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    batch=("${targets[@]:i:jobs}")
    step "${batch[*]}: ${seconds}s each from tests/fuzz/corpus/"
    pids=()
    for target in "${batch[@]}"; do
      fuzz_one "$target" &
      pids+=($!)
    done
    for k in "${!batch[@]}"; do
      target=${batch[$k]}
      if ! wait "${pids[$k]}"; then
        tail -n 60 "$work/$target.log" >&2
        echo "test-hardening: $target failed; the input is in $dir/artifacts/$target/" >&2
        exit 1
      fi
      echo "$target:"
      grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' "$work/$target.log" || true
    done
  done
fi
echo "hardening: no sanitizer report, no fuzzer failure (in $SECONDS s$(cpu))"
