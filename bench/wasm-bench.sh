#!/usr/bin/env bash
# Builds bench/neighbor_graph_bench.cpp with em++ into a plain Node program and runs it:
#   build/wasm-bench/simd/neighbor_graph_bench.js     -O3 -msimd128 -flto (as the release module)
#   build/wasm-bench/nosimd/neighbor_graph_bench.js   -O3 -flto, no SIMD (Float4's scalar code)
#
#   bash bench/wasm-bench.sh [simd|nosimd|both] [-- bench options, e.g. --case exact --repeat 3]
#   bash bench/wasm-bench.sh [simd|nosimd|both] --tests     # the [graph] Catch2 tests in WASM
#
# The core sources are compiled once per flavour (objects kept in build/wasm-bench/<flavour>/,
# rebuilt when a source or header is newer), two at a time. hnswlib (Debian's libhnswlib-dev,
# header-only) is compared when present; it is included through a symlink so that em++ never
# sees the rest of /usr/include. Outputs stay in build/ (git-ignored).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
flavours=both
if [ $# -gt 0 ] && [ "$1" != "--" ] && [ "$1" != "--tests" ]; then flavours=$1; shift; fi
tests=0
if [ "${1:-}" = "--tests" ]; then tests=1; shift; fi
[ "${1:-}" = "--" ] && shift
[ "$flavours" = both ] && flavours="simd nosimd"

# Debian's em++ runs acorn-optimizer.js with the system node; nodesource's node does not search
# /usr/share/nodejs, where Debian keeps acorn.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
inc="build/wasm-bench/include"
mkdir -p "$inc"
# The repository's package.json says "type": "module"; Emscripten's plain output is CommonJS.
echo '{"type": "commonjs"}' > build/wasm-bench/package.json
defs=()
if [ -f /usr/include/hnswlib/hnswlib.h ]; then
  ln -sfn /usr/include/hnswlib "$inc/hnswlib"
  defs+=(-DLABELCHECK_BENCH_HNSWLIB)
fi
ln -sfn /usr/include/catch2 "$inc/catch2"
# Never -ffast-math: the kernel's bit-exactness across platforms depends on IEEE rounding.
common=(-std=c++17 -O3 -flto -DNDEBUG -Isrc -Isrc/cl -Isrc/data -Isrc/models -I/usr/include/eigen3 -I"$inc")
newest_header=$(find src -name '*.hpp' -printf '%T@\n' | sort -n | tail -1)

for f in $flavours; do
  case $f in
    simd) flags=(-msimd128) ;;
    nosimd) flags=() ;;
    *) echo "unknown flavour $f (simd, nosimd, both)" >&2; exit 2 ;;
  esac
  out="build/wasm-bench/$f"
  mkdir -p "$out/obj"
  # The core is built with -fno-exceptions like the release module; the bench file may throw
  # (hnswlib), which Emscripten's default turns into an abort.
  objs=()
  todo=()
  for src in src/*/*.cpp src/*/detail/*.cpp; do
    obj="$out/obj/$(echo "$src" | tr '/' '_').o"
    objs+=("$obj")
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$(stat -c %Y "$obj")" -lt "${newest_header%.*}" ]; then
      todo+=("$src")
    fi
  done
  if [ ${#todo[@]} -gt 0 ]; then
    echo "wasm-bench $f: compiling ${#todo[@]} core sources" >&2
    printf '%s\n' "${todo[@]}" | xargs -P2 -I{} sh -c \
      'em++ "$@" -fno-exceptions -c {} -o '"$out"'/obj/$(echo {} | tr / _).o' _ "${common[@]}" "${flags[@]}"
  fi
  if [ $tests = 1 ]; then
    # Catch2 reports a failed REQUIRE by throwing: the test files get exceptions, the core not.
    echo "wasm-bench $f: linking the [graph] tests" >&2
    em++ "${common[@]}" "${flags[@]}" -fexceptions -sDISABLE_EXCEPTION_CATCHING=0 -Itests/cpp \
      -DLABELCHECK_REPO_DIR="\"$root\"" tests/cpp/main.cpp tests/cpp/test_neighbor_graph.cpp "${objs[@]}" \
      -o "$out/graph_tests.js" \
      -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sNODERAWFS=1 -sEXIT_RUNTIME=1
    node --no-experimental-fetch "$out/graph_tests.js" "[graph]" "$@"
    continue
  fi
  echo "wasm-bench $f: linking" >&2
  em++ "${common[@]}" "${flags[@]}" "${defs[@]}" bench/neighbor_graph_bench.cpp "${objs[@]}" \
    -o "$out/neighbor_graph_bench.js" \
    -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sNODERAWFS=1 -sEXIT_RUNTIME=1
  echo "wasm-bench $f: node $out/neighbor_graph_bench.js $*" >&2
  # Emscripten 3.1.6 fetch()es the .wasm when fetch exists, which fails on a file path in Node 18+.
  node --no-experimental-fetch "$out/neighbor_graph_bench.js" --shared "$root/../shared" "$@"
done
