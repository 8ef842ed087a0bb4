#!/usr/bin/env bash
# Runs one Catch2 binary's test cases split over several processes at once (Catch2 2 has no
# --shard-count), and fails unless every case listed ran and passed. Sourced by
# scripts/test-hardening.sh (the native suite under the sanitizers) and scripts/test-wasm-catch2.sh
# (the suite compiled to WebAssembly): one way to shard, used twice.
#
#   catch2_shards JOBS EXPECTED SPEC CMD...
#     JOBS      processes to run at once (one per core)
#     EXPECTED  how many test cases must run (e.g. the native binary's count), or "" for any
#     SPEC      a Catch2 test spec selecting the cases, e.g. '~[native]', or "" for all
#     CMD...    how to start the binary: build/x/tests/labelcheck_tests, or node build/y/....js
#
# Cases are dealt out longest first, each to the process with the least work so far, weighed by
# the seconds each took in the native CTest run (build/native/Testing/Temporary/CTestCostData.txt,
# written by scripts/test.sh's first test stage). The slow cases take about the same multiple of
# their native time under the sanitizers and as WebAssembly, and round-robin had left one process
# running for a minute after the other had finished. Without that file every case weighs the same.
#
# The cases the checked builds (the sanitizers', the debug WebAssembly) leave to the optimised
# native run (CTest, the first test stage of scripts/test.sh), where they run in full:
#  [golden]   the cleanlab fixtures: most of its time there is nlohmann::json reading 95 files
#             (53 s of CPU under the sanitizers, 40 s as WebAssembly); the functions it calls run
#             in their own cases ([cj], [filter], [rank], [noise]) and in fuzz_confident_learning,
#             and the same fixture calls go through the debug WebAssembly build's checked memory
#             in tests/js/parity.test.js;
#  [quality]  claims about F1 over many draws (26 s under the sanitizers), whose code paths other
#             cases run.
catch2_checked_spec='~[golden]~[quality]'

catch2_shards() {
  local jobs=$1 want=$2 spec=$3
  shift 3
  local work
  work=$(mktemp -d)
  # (Catch2 2 exits with the number of test cases listed, hence the `|| true`.)
  { "$@" ${spec:+"$spec"} --list-test-names-only || true; } | grep . > "$work/names"
  local have
  have=$(wc -l < "$work/names")
  if [[ -n $want && $have -ne $want ]]; then
    echo "catch2-shards: the binary lists $have test cases, expected $want" >&2
    rm -rf "$work"
    return 1
  fi
  local costs=build/native/Testing/Temporary/CTestCostData.txt
  [[ -r $costs ]] || costs=/dev/null
  # A line of the cost file: the test's name, its runs, its seconds (then "---" and the failed
  # tests). In the shard files, ',' '[' ']' '*' '~' '\' '"' get a backslash: they are test-spec
  # syntax, and --input-file reads one spec per line.
  awk -v n="$jobs" -v d="$work" -v costs="$costs" '
    BEGIN {
      while ((getline line < costs) > 0 && line !~ /^---/) {
        k = split(line, f, " ")
        if (k >= 3 && f[k - 1] > 0) { name = line; sub(/ [^ ]+ [^ ]+$/, "", name); cost[name] = f[k] + 0 }
      }
    }
    { names[NR] = $0; w[NR] = ($0 in cost) ? cost[$0] : 0.01; order[NR] = NR }
    END {
      for (i = 2; i <= NR; i++)   # insertion sort by weight, heaviest first (a few hundred cases)
        for (j = i; j > 1 && w[order[j]] > w[order[j - 1]]; j--) { t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
      for (s = 0; s < n; s++) load[s] = 0
      for (i = 1; i <= NR; i++) {
        best = 0
        for (s = 1; s < n; s++) if (load[s] < load[best]) best = s
        load[best] += w[order[i]]
        spec = names[order[i]]
        gsub(/[][\\,*~"]/, "\\\\&", spec)
        print spec > (d "/shard" best)
      }
    }' "$work/names"
  local pids=() shard
  for shard in "$work"/shard*; do
    "$@" --input-file "$shard" --durations yes > "$shard.log" 2>&1 &
    pids+=($!)
  done
  local failed=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  local ran=0 n log
  for log in "$work"/shard*.log; do
    n=$(sed -n 's/.* in \([0-9]*\) test cases.*/\1/p' "$log" | tail -n 1)
    ran=$((ran + ${n:-0}))
    if [[ $failed -ne 0 ]]; then cat "$log"; else grep -E 'All tests passed|test cases' "$log"; fi
  done
  # The five slowest cases, so a slow newcomer shows in CI's log.
  # (sed reads to the end: with pipefail, `head` closing the pipe early would fail the script.)
  grep -hE '^[0-9.]+ s: ' "$work"/shard*.log | sort -rn | sed -n '1,5s/^/  slowest: /p'
  rm -rf "$work"
  if [[ $failed -ne 0 ]]; then
    echo "catch2-shards: failures above" >&2
    return 1
  fi
  if [[ $ran -ne $have ]]; then
    echo "catch2-shards: $ran test cases ran, $have listed" >&2
    return 1
  fi
  echo "catch2-shards: all $ran test cases passed ($jobs processes)"
}
