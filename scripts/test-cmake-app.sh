#!/usr/bin/env bash
# Builds and tests examples/cmake-app outside the source tree against an
# onnxc CMake package, then checks how onnxc_add_model() rebuilds and fails:
#
#   scripts/test-cmake-app.sh ONNXC_DIR WORK_DIR [ONNXC_EXECUTABLE]
#
# ONNXC_DIR holds onnxcConfig.cmake (<prefix>/lib/cmake/onnxc once installed,
# <build>/lib/cmake/onnxc in a build tree). The app and the example models
# are copied into WORK_DIR (emptied first), so that touching them leaves the
# repository alone. With ONNXC_EXECUTABLE, the script also checks that a
# newer onnxc recompiles the models (it touches that file). CC and CXX
# choose the compilers, as for any CMake project.
set -euo pipefail
if (($# < 2)); then
  echo "usage: $0 ONNXC_DIR WORK_DIR [ONNXC_EXECUTABLE]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
package_dir=$1 work=$2 compiler=${3:-}
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

rm -rf "$work"
mkdir -p "$work/examples"
cp -r "$root/examples/cmake-app" "$work/app"
cp -r "$root"/examples/{mlp,cnn}.onnx "$root"/examples/{mlp,cnn}_data \
  "$work/examples/"

fail() { echo "test-cmake-app: FAILED: $*" >&2; exit 1; }

cmake -S "$work/app" -B "$work/build" "${generator[@]}" \
  -Donnxc_DIR="$package_dir" -DONNXC_EXAMPLES_DIR="$work/examples" \
  >"$work/configure.log" || { cat "$work/configure.log"; fail "configure"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "build"; }
ctest --test-dir "$work/build" --output-on-failure -V | grep -E "^[0-9]+: " |
  sed 's/^[0-9]*: //' | tee "$work/app.log"
grep -q "^all models match$" "$work/app.log" || fail "the app's output"

# The models are rebuilt when the .onnx file changes, and only then.
cmake --build "$work/build" >"$work/nothing.log"
if grep -q "Compiling ONNX model" "$work/nothing.log"; then
  fail "a rebuild with nothing changed recompiled a model"
fi
touch "$work/examples/cnn.onnx"
cmake --build "$work/build" >"$work/rebuild.log"
grep -q "Compiling ONNX model .*cnn.onnx (cnn)" "$work/rebuild.log" ||
  fail "touching cnn.onnx did not recompile it"
if grep -q "(mlp" "$work/rebuild.log"; then
  fail "touching cnn.onnx recompiled mlp"
fi
if [[ -n $compiler ]]; then
  touch "$compiler"
  cmake --build "$work/build" >"$work/rebuild.log"
  [[ $(grep -c "Compiling ONNX model" "$work/rebuild.log") == 3 ]] ||
    fail "a newer onnxc did not recompile the three models"
fi
echo "test-cmake-app: rebuilds follow the models and onnxc"

# A model file that does not exist fails the configuration, naming it.
mkdir -p "$work/missing"
cat >"$work/missing/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(missing_model C CXX)
find_package(onnxc CONFIG REQUIRED)
onnxc_add_model(digits MODEL models/no_such_model.onnx)
CMAKE
if cmake -S "$work/missing" -B "$work/missing/build" "${generator[@]}" \
     -Donnxc_DIR="$package_dir" >"$work/missing.log" 2>&1; then
  fail "a missing model configured"
fi
# CMake wraps messages; compare them with the lines joined.
tr -s ' \n' '  ' <"$work/missing.log" | grep -q "onnxc_add_model(digits): the model file 'models/no_such_model.onnx' does not exist" ||
  { cat "$work/missing.log"; fail "the missing model's message"; }
echo "test-cmake-app: a missing model fails the configuration, naming it"
