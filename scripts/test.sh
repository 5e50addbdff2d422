#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds,
# and runs the whole test suite in parallel, timing each stage. Ends with
# ctest's "N tests passed, N tests failed" summary.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}
JOBS=${ONNXC_TEST_JOBS:-$(nproc)}

stage() {
  local name=$1; shift
  local start=$SECONDS
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

stage "install dependencies" ./scripts/install-deps.sh
stage "build" ./scripts/build.sh
stage "test" ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" \
  --timeout 3000
