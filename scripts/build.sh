#!/usr/bin/env bash
# Configures and builds onnxc in ./build (or $ONNXC_BUILD_DIR) with clang-22,
# Ninja and ccache. Safe to re-run: an existing build is updated.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}
LLVM_BIN=/usr/lib/llvm-22/bin

# Paths under the repository are hashed relative to it, so that another
# clone (CI's) reuses the objects ccache already has.
export CCACHE_BASEDIR="$PWD"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM_BIN/clang" -DCMAKE_CXX_COMPILER="$LLVM_BIN/clang++" \
    -DLLVM_USE_LINKER=lld "${launcher[@]}"
fi
cmake --build "$BUILD_DIR"
