#!/usr/bin/env bash
# Installs ONNX Runtime (onnxruntime-node, the reference the real-model tests
# compare with) into DIR/node_modules, unless that version is already there.
# --ignore-scripts skips a post-install download that is not needed for the
# CPU library, which ships inside the package; --prefer-offline reuses npm's
# cache, so a machine that installed it once needs no network.
set -euo pipefail
dir=${1:?usage: install_ort.sh DIR}
version=1.30.0
installed=$dir/node_modules/onnxruntime-node/package.json
if [[ -f $installed ]] && grep -q "\"version\": \"$version\"" "$installed"; then
  echo "install_ort: onnxruntime-node $version already in $dir"
  exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --prefer-offline \
  "onnxruntime-node@$version"
