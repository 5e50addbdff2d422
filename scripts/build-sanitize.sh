#!/usr/bin/env bash
# Configures and builds the sanitizer build in ./build-asan (or
# $ONNXC_SANITIZE_BUILD_DIR): onnxc's own code under AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer, plus the importer's libFuzzer
# target. Arguments are targets to build (default: all). Same compiler, Ninja
# and ccache as scripts/build.sh. See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_SANITIZE_BUILD_DIR:-build-asan}
LLVM_BIN=/usr/lib/llvm-22/bin

launcher=()
# -g makes ccache hash the build directory by default, so that no clone of
# the repository (CI's included) would reuse another's objects; the debug
# info's compilation directory is then that of the first build, which only
# affects source paths in sanitizer reports.
export CCACHE_NOHASHDIR=true
export CCACHE_BASEDIR="$PWD"
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM_BIN/clang" -DCMAKE_CXX_COMPILER="$LLVM_BIN/clang++" \
    -DLLVM_USE_LINKER=lld "${launcher[@]}" \
    -DONNXC_SANITIZE=address,undefined -DONNXC_FUZZ=ON
fi
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$BUILD_DIR" "${targets[@]}"
