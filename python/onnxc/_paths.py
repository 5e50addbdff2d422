# Where this copy of the package finds onnxc's runtime library and compiler
# (absolute, or relative to this directory), and onnxc's version. CMake
# writes the build tree's and the installed package's own copy of this file;
# this one, in the source tree, knows of neither (use $ONNXC_RUNTIME_LIBRARY
# and $ONNXC_COMPILER).
RUNTIME_LIBRARY = None
COMPILER = None
VERSION = None
