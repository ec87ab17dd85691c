#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite twice: a normal build, then one
# under AddressSanitizer + UndefinedBehaviorSanitizer. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test
jobs=$(nproc)
# ccache (installed above) makes a rebuild of unchanged sources cheap, also from another clone:
# paths are rewritten relative to the checkout and the build directory is not hashed.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

run_suite() {  # $1 = build dir, rest = cmake options
  local dir=$1; shift
  echo "== configure $dir"
  cmake -S . -B "$dir" -G Ninja -DGATHER_TESTS=ON -DGATHER_BENCH=OFF "${launcher[@]}" "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" -j "$jobs"
  echo "== test $dir"
  (cd "$dir" && ctest -j "$jobs" --output-on-failure --timeout 300)
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
# halt_on_error: a sanitizer report fails the run instead of scrolling by.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DGATHER_SANITIZE=ON
echo "== all tests passed (normal and ASan+UBSan builds)"
