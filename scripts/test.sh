#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds,
# and runs the whole test suite in parallel, timing each stage. Then the
# sanitizer stages (docs/testing.md): the ASan+UBSan build, its slice of the
# tests, and a bounded run of the importer's fuzzer; ONNXC_SKIP_SANITIZE=1
# skips those three for a quick local run. The "install and package" stage
# (scripts/test-install.sh) installs into a temporary prefix, builds and
# tests examples/cmake-app and the Python package against it, and runs
# `cpack -G DEB`. Ends with ctest's "N tests passed, N tests failed" summary.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}
SANITIZE_BUILD_DIR=${ONNXC_SANITIZE_BUILD_DIR:-build-asan}
JOBS=${ONNXC_TEST_JOBS:-$(nproc)}
FUZZ_SECONDS=${ONNXC_FUZZ_SECONDS:-90}

stage() {
  local name=$1; shift
  local start=$SECONDS status=0
  echo "== $name"
  "$@" || status=$?
  echo "== $name: $((SECONDS - start)) s"
  return "$status"
}

# A failing sanitizer stage is reported at the end, after the main suite.
sanitizer_failures=()
sanitizer_stage() {
  local name=$1
  if ! stage "$@"; then
    sanitizer_failures+=("$name")
    return 1
  fi
}

stage "install dependencies" ./scripts/install-deps.sh
stage "build" ./scripts/build.sh
if [[ ${ONNXC_SKIP_SANITIZE:-0} != 1 ]]; then
  if sanitizer_stage "sanitizer build" ./scripts/build-sanitize.sh; then
    sanitizer_stage "sanitizer tests" ctest --test-dir "$SANITIZE_BUILD_DIR" \
      --output-on-failure -j "$JOBS" --timeout 1200 -L sanitize-slice || true
    sanitizer_stage "fuzz" ./scripts/fuzz.sh "$FUZZ_SECONDS" || true
  fi
else
  echo "== sanitizer stages skipped (ONNXC_SKIP_SANITIZE=1)"
fi
install_failed=0
stage "install and package" env ONNXC_BUILD_DIR="$BUILD_DIR" \
  ./scripts/test-install.sh ||
  install_failed=1
stage "test" ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" \
  --timeout 3000
if ((install_failed)); then
  echo "== FAILED stage: install and package"
fi
if ((${#sanitizer_failures[@]})); then
  echo "== FAILED sanitizer stages: ${sanitizer_failures[*]}"
fi
if ((install_failed || ${#sanitizer_failures[@]})); then
  exit 1
fi
