#!/usr/bin/env bash
# Rewrites test/e2e/expected/*.txt from a fresh run of every backend suite and
# of the generated opset 18-23 cases (static and dynamic shapes), then
# regenerates docs/SupportedOps.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}
DATA=/usr/share/libonnx-testdata/data
mkdir -p test/e2e/expected
OPSET_CASES=$BUILD_DIR/test/e2e/opset-cases
/usr/bin/python3 test/e2e/opset/gen_cases.py "$OPSET_CASES"
for suite in node pytorch-converted pytorch-operator simple opset; do
  dir=$DATA/$suite
  if [[ $suite == opset ]]; then dir=$OPSET_CASES; fi
  for mode in static dynamic; do
    name=$suite flags=()
    if [[ $mode == dynamic ]]; then name=$suite-dynamic flags=(--dynamic); fi
    "$BUILD_DIR/bin/onnxc-e2e" "$dir" "${flags[@]}" \
      --expected "test/e2e/expected/$name.txt" --update-expected \
      --results "$BUILD_DIR/test/e2e/${name}_results.txt" \
      --work "$BUILD_DIR/test/e2e/$name" | tail -1 | sed "s/^/$name: /"
  done
done
/usr/bin/python3 scripts/gen-supported-ops.py --onnxc "$BUILD_DIR/bin/onnxc" \
  --results "$BUILD_DIR/test/e2e/node_results.txt" -o docs/SupportedOps.md
