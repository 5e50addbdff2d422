#!/usr/bin/env bash
# Installs every Debian 12 package that building and testing onnxc needs.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

PACKAGES=(
  # Build
  cmake ninja-build ccache g++ clang-22 lld-22
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools liblld-22-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  # Tests
  libgtest-dev libonnx-testdata
  # Sanitizer build and libFuzzer (scripts/build-sanitize.sh, scripts/fuzz.sh)
  libclang-rt-22-dev
  python3-onnx python3-numpy python3-torch python3-torchvision
)
# The real-model tests compare with ONNX Runtime from npm (installed by the
# test suite into the build directory); a Node.js that already provides npm
# (e.g. from NodeSource) is used as it is.
if ! command -v npm >/dev/null; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq || echo "install-deps: apt-get update reported errors; trying the install anyway"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
