#!/usr/bin/env bash
# The README's first command: installs what is missing, builds onnxc, then
# compiles the sample model examples/mlp.onnx and runs it on its sample input.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ONNXC_BUILD_DIR:-build}

./scripts/install-deps.sh
./scripts/build.sh

echo "== onnxc examples/mlp.onnx -o $BUILD_DIR/mlp.so"
"$BUILD_DIR/bin/onnxc" -v examples/mlp.onnx -o "$BUILD_DIR/mlp.so"
echo "== onnxc-run $BUILD_DIR/mlp.so -i examples/mlp_data/input_0.pb"
"$BUILD_DIR/bin/onnxc-run" "$BUILD_DIR/mlp.so" -i examples/mlp_data/input_0.pb \
  -o "$BUILD_DIR/mlp-out" --compare examples/mlp_data/output_0.pb
