#!/usr/bin/env bash
# Installs what labelcheck needs on Debian 12 when it is missing, then the npm dev dependencies.
# Idempotent and quiet when everything is present; safe to run before every build or test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages: command or file that proves each is installed -> package.
declare -A need=(
  [/usr/bin/cmake]=cmake
  [/usr/bin/g++]=g++
  [/usr/bin/make]=make
  [/usr/bin/git]=git
  [/usr/bin/python3]=python3
  [/usr/include/eigen3/Eigen/Core]=libeigen3-dev
  [/usr/include/catch2/catch.hpp]=catch2
  [/usr/include/nlohmann/json.hpp]=nlohmann-json3-dev
  [/usr/bin/em++]=emscripten
  [/usr/bin/chromium]=chromium
  [/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf]=fonts-liberation
  [/usr/bin/clang++-14]=clang-14
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a]=libclang-rt-14-dev
)
missing=()
for path in "${!need[@]}"; do
  [ -e "$path" ] || missing+=("${need[$path]}")
done
# Node.js and npm: any Node >= 18 will do (Debian 12's own nodejs is 18).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm dev dependencies (playwright-core drives the system Chromium; it never downloads one).
if [ -f "$root/package-lock.json" ]; then
  if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
