#!/usr/bin/env bash
# Rewrites test/e2e/expected/*.txt from a fresh run of every backend suite
# (static and dynamic shapes), then regenerates docs/SupportedOps.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}
DATA=/usr/share/libonnx-testdata/data
mkdir -p test/e2e/expected
for suite in node pytorch-converted pytorch-operator simple; do
  for mode in static dynamic; do
    name=$suite flags=()
    if [[ $mode == dynamic ]]; then name=$suite-dynamic flags=(--dynamic); fi
    "$BUILD_DIR/bin/onnxc-e2e" "$DATA/$suite" "${flags[@]}" \
      --expected "test/e2e/expected/$name.txt" --update-expected \
      --results "$BUILD_DIR/test/e2e/${name}_results.txt" \
      --work "$BUILD_DIR/test/e2e/$name" | tail -1 | sed "s/^/$name: /"
  done
done
/usr/bin/python3 scripts/gen-supported-ops.py \
  --results "$BUILD_DIR/test/e2e/node_results.txt" -o docs/SupportedOps.md
