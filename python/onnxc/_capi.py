"""ctypes declarations of the onnxc runtime's C API.

The reference is include/onnxc/Runtime/onnxc_runtime.h; this module only
declares its functions and finds libonnxc_runtime. Opaque objects
(onnxc_model, onnxc_tensor, onnxc_status) are plain c_void_p values.
"""
import ctypes
import ctypes.util
import os

from . import _paths

c_void_p = ctypes.c_void_p
c_size_t = ctypes.c_size_t


class TensorInfo(ctypes.Structure):
    """struct onnxc_tensor_info."""
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("dtype", ctypes.c_int),
        ("rank", ctypes.c_int32),
        ("dims", ctypes.POINTER(ctypes.c_int64)),
        ("dim_names", ctypes.POINTER(ctypes.c_char_p)),
    ]


# name: (restype, argtypes)
_FUNCTIONS = {
    "onnxc_status_code": (ctypes.c_int, [c_void_p]),
    "onnxc_status_message": (ctypes.c_char_p, [c_void_p]),
    "onnxc_status_free": (None, [c_void_p]),
    "onnxc_dtype_size": (c_size_t, [ctypes.c_int]),
    "onnxc_dtype_name": (ctypes.c_char_p, [ctypes.c_int]),
    "onnxc_tensor_wrap": (c_void_p, [ctypes.c_int, ctypes.c_int32,
                                     ctypes.POINTER(ctypes.c_int64), c_void_p,
                                     c_size_t, ctypes.POINTER(c_void_p)]),
    "onnxc_tensor_free": (None, [c_void_p]),
    "onnxc_tensor_dtype": (ctypes.c_int, [c_void_p]),
    "onnxc_tensor_rank": (ctypes.c_int32, [c_void_p]),
    "onnxc_tensor_dims": (ctypes.POINTER(ctypes.c_int64), [c_void_p]),
    "onnxc_tensor_data": (c_void_p, [c_void_p]),
    "onnxc_tensor_nbytes": (c_size_t, [c_void_p]),
    "onnxc_model_load": (c_void_p, [ctypes.c_char_p, ctypes.POINTER(c_void_p)]),
    "onnxc_model_free": (None, [c_void_p]),
    "onnxc_model_name": (ctypes.c_char_p, [c_void_p]),
    "onnxc_model_num_inputs": (c_size_t, [c_void_p]),
    "onnxc_model_num_outputs": (c_size_t, [c_void_p]),
    "onnxc_model_input_info": (c_void_p, [c_void_p, c_size_t,
                                          ctypes.POINTER(TensorInfo)]),
    "onnxc_model_output_info": (c_void_p, [c_void_p, c_size_t,
                                           ctypes.POINTER(TensorInfo)]),
    "onnxc_model_run": (c_void_p, [c_void_p, ctypes.POINTER(c_void_p),
                                   c_size_t, ctypes.POINTER(c_void_p),
                                   c_size_t]),
    "onnxc_set_num_threads": (c_void_p, [ctypes.c_int32]),
    "onnxc_get_num_threads": (ctypes.c_int32, []),
}


def _from_package(path):
    """A path from _paths: relative ones are relative to this package."""
    if not path:
        return None
    if not os.path.isabs(path):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), path)
    return os.path.normpath(path)


def runtime_library_path():
    """Where libonnxc_runtime is: $ONNXC_RUNTIME_LIBRARY, else the copy
    installed (or built) with this package, else the linker's search path."""
    path = os.environ.get("ONNXC_RUNTIME_LIBRARY")
    if path:
        return path
    path = _from_package(_paths.RUNTIME_LIBRARY)
    if path and os.path.exists(path):
        return path
    return ctypes.util.find_library("onnxc_runtime")


def compiler_path():
    """Where onnxc is: $ONNXC_COMPILER, else the one installed (or built)
    with this package, else `onnxc` on PATH."""
    path = os.environ.get("ONNXC_COMPILER")
    if path:
        return path
    path = _from_package(_paths.COMPILER)
    if path and os.path.exists(path):
        return path
    import shutil
    return shutil.which("onnxc")


_library = None


def library():
    """The loaded runtime, with every function declared; raises OSError when
    it cannot be found or loaded."""
    global _library
    if _library is None:
        path = runtime_library_path()
        if not path:
            raise OSError(
                "cannot find libonnxc_runtime: set ONNXC_RUNTIME_LIBRARY to "
                "its path, or install onnxc with this package")
        lib = ctypes.CDLL(path)
        for name, (restype, argtypes) in _FUNCTIONS.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        _library = lib
    return _library
