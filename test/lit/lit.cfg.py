# lit configuration for onnxc's FileCheck tests.
import os

import lit.formats

config.name = "onnxc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.onnxc_binary_dir, "test", "lit")

# onnxc's tools first, then LLVM's FileCheck and not.
config.environment["PATH"] = os.pathsep.join(
    [config.onnxc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%examples", os.path.join(config.onnxc_source_dir, "examples")))
config.substitutions.append(("%onnxc_include", os.path.join(config.onnxc_source_dir, "include")))
config.substitutions.append(("%onnxc_lib", config.onnxc_lib_dir))
# The compilers of the build, for tests that build programs which include
# generated headers and link compiled models; in a sanitizer build they must
# link the sanitized runtime the same way.
sanitize = " -fsanitize=" + config.sanitize if config.sanitize else ""
config.substitutions.append(("%cc", config.c_compiler + sanitize))
config.substitutions.append(("%cxx", config.cxx_compiler + sanitize))
