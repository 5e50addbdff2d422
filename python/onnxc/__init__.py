"""Compile ONNX models with onnxc and run them from Python.

    >>> import numpy as np, onnxc
    >>> model = onnxc.compile("mlp.onnx")          # or onnxc.load("mlp.so")
    >>> model.inputs
    [TensorInfo(name='x', dtype=float32, shape=('N', 16))]
    >>> y, = model.run([np.ones((3, 16), np.float32)])   # or run({"x": ...})

A pure-Python package: ctypes over the C runtime (libonnxc_runtime) and
numpy arrays in and out. Every failure, whether onnxc's, the runtime's or a
mismatch between the inputs and the model's signature, raises onnxc.Error
with a message that names the input at fault. docs/user-guide.md has more.
"""
import ctypes
import os
import subprocess
import tempfile

import numpy as np

from . import _capi, _paths

__all__ = ["Error", "Model", "TensorInfo", "compile", "get_num_threads",
           "load", "set_num_threads"]
# onnxc's version, written by CMake; None in the source tree.
__version__ = _paths.VERSION

# enum onnxc_status_code
_STATUS_NAMES = {
    1: "INVALID_ARGUMENT",
    2: "LOAD",
    3: "ABI_MISMATCH",
    4: "OUT_OF_MEMORY",
    5: "RUN",
    6: "INVALID_DATA",
}

# ONNX TensorProto.DataType number -> numpy dtype. numpy has no bfloat16:
# such tensors travel as their uint16 bit patterns.
_DTYPES = {
    1: np.dtype(np.float32),
    2: np.dtype(np.uint8),
    3: np.dtype(np.int8),
    4: np.dtype(np.uint16),
    5: np.dtype(np.int16),
    6: np.dtype(np.int32),
    7: np.dtype(np.int64),
    9: np.dtype(np.bool_),
    10: np.dtype(np.float16),
    11: np.dtype(np.float64),
    12: np.dtype(np.uint32),
    13: np.dtype(np.uint64),
    16: np.dtype(np.uint16),
}
_BFLOAT16 = 16
# numpy dtype -> ONNX number, for inputs of a dtype the model does not expect
# (the runtime then reports the mismatch).
_ONNX_DTYPES = {dtype: number for number, dtype in _DTYPES.items()
                if number != _BFLOAT16}


class Error(Exception):
    """A failure of onnxc or of its runtime.

    `code` is the runtime's status code name ("INVALID_ARGUMENT", "LOAD",
    "ABI_MISMATCH", "OUT_OF_MEMORY", "RUN", "INVALID_DATA"), "COMPILE" for
    onnxc's errors, or None for errors found before calling the runtime."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        self.code = code


def _check(status):
    """Raises Error for a non-NULL onnxc_status *, which it frees."""
    if not status:
        return
    lib = _capi.library()
    try:
        code = lib.onnxc_status_code(status)
        message = lib.onnxc_status_message(status).decode("utf-8", "replace")
    finally:
        lib.onnxc_status_free(status)
    raise Error(message, _STATUS_NAMES.get(code, str(code)))


class TensorInfo:
    """The declared type of a model input or output.

    name: the ONNX name. dtype: a numpy dtype. shape: a tuple with an int per
    static size, the symbol's name (a str) for a named symbolic size, and
    None for an unnamed one. onnx_dtype: the ONNX name of the element type
    ("float", "bfloat16", ...)."""

    __slots__ = ("name", "dtype", "shape", "onnx_dtype")

    def __init__(self, name, dtype, shape, onnx_dtype):
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.onnx_dtype = onnx_dtype

    def __repr__(self):
        return (f"TensorInfo(name={self.name!r}, dtype={self.dtype}, "
                f"shape={self.shape!r})")

    def __eq__(self, other):
        return (isinstance(other, TensorInfo) and
                (self.name, self.dtype, self.shape, self.onnx_dtype) ==
                (other.name, other.dtype, other.shape, other.onnx_dtype))


def _describe(info):
    shape = ",".join("?" if d is None else str(d) for d in info.shape)
    return f"{info.onnx_dtype} [{shape}]"


class _OwnedBuffer:
    """Owns an output onnxc_tensor; a numpy array over its buffer keeps this
    object (its base) alive, and the tensor is freed with the last view."""

    def __init__(self, handle, dtype, shape):
        lib = _capi.library()
        self._free = lib.onnxc_tensor_free
        self._handle = handle
        self.__array_interface__ = {
            "version": 3,
            "shape": shape,
            "typestr": dtype.str,
            "data": (lib.onnxc_tensor_data(handle), False),
        }

    def __del__(self):
        if self._handle:
            self._free(self._handle)
            self._handle = None


class Model:
    """A compiled model loaded through the onnxc runtime.

    Immutable once loaded; run() may be called from several threads at once
    (the runtime releases no state between runs, and ctypes releases the GIL
    while the model runs)."""

    def __init__(self, handle, path):
        self._handle = handle
        self._path = path
        lib = _capi.library()
        self.name = lib.onnxc_model_name(handle).decode("utf-8", "replace")
        inputs = [self._info(lib.onnxc_model_input_info, i)
                  for i in range(lib.onnxc_model_num_inputs(handle))]
        self.inputs = [info for info, _ in inputs]
        # The ONNX dtype numbers, which tell bfloat16 from uint16.
        self._input_dtypes = [number for _, number in inputs]
        self.outputs = [self._info(lib.onnxc_model_output_info, k)[0]
                        for k in range(lib.onnxc_model_num_outputs(handle))]

    def _info(self, getter, index):
        """The TensorInfo and ONNX dtype number of an input or output."""
        raw = _capi.TensorInfo()
        _check(getter(self._handle, index, ctypes.byref(raw)))
        shape = []
        for d in range(raw.rank):
            if raw.dims[d] >= 0:
                shape.append(int(raw.dims[d]))
            else:
                symbol = raw.dim_names[d].decode("utf-8", "replace")
                shape.append(symbol or None)
        onnx_dtype = _capi.library().onnxc_dtype_name(raw.dtype).decode()
        return TensorInfo(raw.name.decode("utf-8", "replace"),
                          _DTYPES[raw.dtype], tuple(shape),
                          onnx_dtype), raw.dtype

    def __repr__(self):
        def side(infos):
            return ", ".join(f"{i.name}: {_describe(i)}" for i in infos)
        return (f"<onnxc.Model {self.name!r} ({side(self.inputs)}) -> "
                f"({side(self.outputs)})>")

    def close(self):
        """Releases the model; arrays it returned stay valid."""
        if self._handle:
            _capi.library().onnxc_model_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def _ordered(self, inputs):
        """The inputs in graph order, from a sequence or a dict by name."""
        if isinstance(inputs, dict):
            names = [info.name for info in self.inputs]
            unknown = [name for name in inputs if name not in names]
            if unknown:
                raise Error(
                    f"the model has no input named {unknown[0]!r} (its "
                    f"inputs: {', '.join(repr(n) for n in names) or 'none'})")
            missing = [(i, name) for i, name in enumerate(names)
                       if name not in inputs]
            if missing:
                i, name = missing[0]
                raise Error(f"input {name!r} (#{i}) is missing; expected "
                            f"{_describe(self.inputs[i])}")
            return [inputs[name] for name in names]
        if isinstance(inputs, np.ndarray) or not hasattr(inputs, "__len__"):
            raise Error("inputs must be a list of arrays in graph order or a "
                        "dict of arrays by input name, not "
                        f"{type(inputs).__name__}")
        return list(inputs)

    def _array(self, index, value):
        """`value` as a C-contiguous array for input `index`. numpy arrays
        keep their dtype (the runtime checks it); other values (lists,
        scalars) are converted to the dtype the model expects."""
        info = self.inputs[index] if index < len(self.inputs) else None
        where = (f"input {info.name!r} (#{index})" if info
                 else f"input #{index}")
        if not isinstance(value, np.ndarray):
            try:
                value = np.asarray(value,
                                   dtype=info.dtype if info else None)
            except (TypeError, ValueError) as e:
                expected = f"; expected {_describe(info)}" if info else ""
                raise Error(f"{where} cannot be converted to an array: "
                            f"{e}{expected}") from None
        if not value.dtype.isnative:
            value = value.astype(value.dtype.newbyteorder("="))
        # Not np.ascontiguousarray, which makes a 0-d array 1-d.
        return value if value.flags.c_contiguous else value.copy(order="C")

    def _onnx_dtype(self, index, array):
        info = self.inputs[index] if index < len(self.inputs) else None
        if info is not None and array.dtype == info.dtype:
            return self._input_dtypes[index]
        number = _ONNX_DTYPES.get(array.dtype)
        if number is None:
            where = (f"input {info.name!r} (#{index})" if info
                     else f"input #{index}")
            expected = f"; the model expects {_describe(info)}" if info else ""
            raise Error(f"{where}: dtype {array.dtype} has no onnxc "
                        f"equivalent{expected}")
        return number

    def run(self, inputs):
        """Runs the model. `inputs`: a list of arrays in graph order, or a
        dict by input name. Returns a list of numpy arrays, one per output
        in graph order. Raises Error when an input's count, dtype, rank or
        shape does not match the model, or when the run fails."""
        if not self._handle:
            raise Error("the model is closed")
        lib = _capi.library()
        arrays = [self._array(i, v) for i, v in enumerate(self._ordered(inputs))]
        tensors = (ctypes.c_void_p * max(len(arrays), 1))()
        outputs = (ctypes.c_void_p * max(len(self.outputs), 1))()
        try:
            for i, array in enumerate(arrays):
                dims = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
                tensor = ctypes.c_void_p()
                _check(lib.onnxc_tensor_wrap(
                    self._onnx_dtype(i, array), array.ndim, dims,
                    array.ctypes.data if array.size else None, array.nbytes,
                    ctypes.byref(tensor)))
                tensors[i] = tensor.value
            _check(lib.onnxc_model_run(self._handle, tensors, len(arrays),
                                       outputs, len(self.outputs)))
        finally:
            for i in range(len(arrays)):
                lib.onnxc_tensor_free(tensors[i])
        return [self._take(outputs[k]) for k in range(len(self.outputs))]

    def _take(self, handle):
        """A numpy array over an output tensor, which it then owns."""
        lib = _capi.library()
        rank = lib.onnxc_tensor_rank(handle)
        dims = lib.onnxc_tensor_dims(handle)
        shape = tuple(int(dims[d]) for d in range(rank))
        dtype = _DTYPES[lib.onnxc_tensor_dtype(handle)]
        if lib.onnxc_tensor_nbytes(handle) == 0:
            lib.onnxc_tensor_free(handle)
            return np.empty(shape, dtype)
        return np.asarray(_OwnedBuffer(handle, dtype, shape))


def set_num_threads(num_threads):
    """Sets how many threads run the parallel loops of compiled models (one
    pool per process, the calling thread included); 0 restores the default:
    $ONNXC_NUM_THREADS, else the CPUs available. Raises Error outside
    [0, 1024]."""
    if isinstance(num_threads, bool) or not isinstance(num_threads, int):
        raise Error(f"num_threads must be an int, not {num_threads!r}", None)
    if not -2**31 <= num_threads < 2**31:
        raise Error(f"num_threads {num_threads} is out of range", None)
    _check(_capi.library().onnxc_set_num_threads(num_threads))


def get_num_threads():
    """How many threads run the parallel loops of compiled models."""
    return int(_capi.library().onnxc_get_num_threads())


def load(so_path):
    """Loads a shared object built by `onnxc -o X.so`; raises Error when it
    is missing or is not a compatible onnxc model."""
    handle = ctypes.c_void_p()
    path = os.fspath(so_path)
    _check(_capi.library().onnxc_model_load(os.fsencode(path),
                                            ctypes.byref(handle)))
    return Model(handle, path)


def compile(model_path, output=None, *, target=None, mcpu=None, opt_level=3):
    """Compiles an ONNX model with onnxc and loads the result.

    output: where to write the shared object; by default a temporary file,
    removed once loaded. target, mcpu: onnxc's --target and --mcpu (a model
    for another machine cannot be loaded here, so give `output` and copy it
    there). opt_level: 0..3. Raises Error with onnxc's messages on failure."""
    compiler = _capi.compiler_path()
    if not compiler:
        raise Error("cannot find onnxc: set ONNXC_COMPILER to its path, or "
                    "install onnxc with this package", "COMPILE")
    if isinstance(opt_level, bool) or not isinstance(opt_level, int):
        raise Error(f"opt_level must be an int 0..3, not {opt_level!r}",
                    "COMPILE")
    with tempfile.TemporaryDirectory(prefix="onnxc-") as scratch:
        out = os.fspath(output) if output is not None else os.path.join(
            scratch, "model.so")
        command = [compiler, os.fspath(model_path), "-o", out,
                   f"-O{opt_level}"]
        if target:
            command.append(f"--target={target}")
        if mcpu:
            command.append(f"--mcpu={mcpu}")
        result = subprocess.run(command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise Error(message or f"onnxc exited with status "
                        f"{result.returncode}", "COMPILE")
        # dlopen() maps the file; it may be removed once loaded.
        return load(out)
