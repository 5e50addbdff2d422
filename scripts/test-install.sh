#!/usr/bin/env bash
# CI's "install" stage (scripts/test.sh): installs the build into a temporary
# prefix and uses it from outside the source tree as a user would, then
# packages it with `cpack -G DEB` and checks the package's contents.
#   1. the installed tools compile and run a model;
#   2. examples/cmake-app builds and passes against the installed CMake
#      package (scripts/test-cmake-app.sh);
#   3. the Python tests pass with /usr/bin/python3 against the installed
#      package, which finds the installed runtime and onnxc by itself;
#   4. cpack -G DEB builds onnxc_<version>_<arch>.deb with every installed
#      file under /usr.
# ONNXC_BUILD_DIR names the build (default ./build); the temporary files are
# removed at the end unless ONNXC_KEEP_INSTALL_TEST=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
BUILD_DIR=$(cd "${ONNXC_BUILD_DIR:-build}" && pwd)
PYTHON=${ONNXC_PYTHON:-/usr/bin/python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/onnxc-install-test.XXXXXX")
if [[ ${ONNXC_KEEP_INSTALL_TEST:-0} != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
fi
prefix=$work/prefix
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }

cmake --install "$BUILD_DIR" --prefix "$prefix" >"$work/install.log"
for file in bin/onnxc bin/onnxc-opt bin/onnxc-run \
    lib/libonnxc_runtime.so lib/libonnxc_runtime_static.a \
    include/onnxc/Runtime/onnxc_runtime.h include/onnxc/Runtime/ModelABI.h \
    lib/cmake/onnxc/onnxcConfig.cmake lib/cmake/onnxc/onnxcConfigVersion.cmake \
    lib/cmake/onnxc/onnxcTargets.cmake lib/cmake/onnxc/onnxcAddModel.cmake \
    lib/python3/dist-packages/onnxc/__init__.py; do
  [[ -e $prefix/$file ]] || fail "cmake --install did not install $file"
done
if ls "$prefix"/lib/libONNXC* >/dev/null 2>&1; then
  fail "the compiler's static libraries were installed"
fi

# 1. The installed tools, run from outside the source and build trees.
(cd "$work" && "$prefix/bin/onnxc" --version &&
  "$prefix/bin/onnxc" "$root/examples/mlp.onnx" -o mlp.so &&
  "$prefix/bin/onnxc-run" mlp.so -i "$root/examples/mlp_data/input_0.pb" \
    --compare "$root/examples/mlp_data/output_0.pb" --report report.json) ||
  fail "the installed onnxc and onnxc-run"

# 2. An application built against the installed CMake package.
"$root/scripts/test-cmake-app.sh" "$prefix/lib/cmake/onnxc" "$work/cmake-app" \
  "$prefix/bin/onnxc"

# 3. The Python package as installed: it must use the installed runtime and
#    onnxc, not the build tree's.
(cd "$work" && env -u ONNXC_RUNTIME_LIBRARY -u ONNXC_COMPILER \
  PYTHONPATH="$prefix/lib/python3/dist-packages" PYTHONDONTWRITEBYTECODE=1 \
  ONNXC_EXAMPLES_DIR="$root/examples" "$PYTHON" - "$prefix" <<'PY'
import os, sys
import onnxc, onnxc._capi as capi
prefix = os.path.realpath(sys.argv[1])
for what, path in [("package", onnxc.__file__),
                   ("runtime", capi.runtime_library_path()),
                   ("compiler", capi.compiler_path())]:
    if not os.path.realpath(path).startswith(prefix + os.sep):
        sys.exit(f"test-install: FAILED: the installed {what} is {path}")
print("test-install: the Python package uses", capi.runtime_library_path())
PY
) || fail "the installed Python package's paths"
(cd "$work" && env -u ONNXC_RUNTIME_LIBRARY -u ONNXC_COMPILER \
  PYTHONPATH="$prefix/lib/python3/dist-packages" PYTHONDONTWRITEBYTECODE=1 \
  ONNXC_EXAMPLES_DIR="$root/examples" \
  "$PYTHON" -m unittest discover -s "$root/python/tests" 2>&1 | tail -3) ||
  fail "the Python tests against the installed package"

# 4. The Debian package.
(cd "$BUILD_DIR" && cpack -G DEB -B "$work/deb" >"$work/cpack.log") ||
  { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/deb/onnxc_*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/deb-files.txt"
for file in /usr/bin/onnxc /usr/bin/onnxc-opt /usr/bin/onnxc-run \
    /usr/lib/libonnxc_runtime.so.0 /usr/lib/libonnxc_runtime_static.a \
    /usr/include/onnxc/Runtime/onnxc_runtime.h \
    /usr/lib/cmake/onnxc/onnxcConfig.cmake \
    /usr/lib/cmake/onnxc/onnxcAddModel.cmake \
    /usr/lib/python3/dist-packages/onnxc/__init__.py \
    /usr/lib/python3/dist-packages/onnxc/_paths.py; do
  grep -qx "$file" "$work/deb-files.txt" || fail "$(basename "$deb") lacks $file"
done
dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends
echo "test-install: $(basename "$deb"): $(wc -l <"$work/deb-files.txt") entries"
