/*===- onnxc_runtime.h - Public C API of the onnxc runtime -----------------===*
 *
 * Loads a model compiled by onnxc, describes its inputs and outputs, and runs
 * it on tensors. This header is C89-compatible and stable: functions are only
 * ever added.
 *
 * Conventions:
 *  - Every fallible function returns an `onnxc_status *`. NULL means success;
 *    otherwise the caller owns the status and releases it with
 *    onnxc_status_free(). Out-parameters are written only on success.
 *  - Every object (`onnxc_model`, `onnxc_tensor`, `onnxc_status`) has exactly
 *    one owner, who releases it with the matching `*_free` function. Passing
 *    NULL to a `*_free` function is a no-op.
 *  - Pointers returned by accessors (names, dims, data) stay valid until the
 *    object they came from is freed.
 *  - A loaded model is immutable: onnxc_model_run() may be called on one
 *    model from many threads at once.
 *  - Parallel loops of compiled models run on one thread pool per process
 *    (see "Threads" below).
 *
 * Typical use:
 *
 *   onnxc_model *model;
 *   onnxc_status *st = onnxc_model_load("model.so", &model);
 *   if (st) { fprintf(stderr, "%s\n", onnxc_status_message(st));
 *             onnxc_status_free(st); return 1; }
 *   int64_t dims[2] = {2, 3};
 *   onnxc_tensor *x, *y;
 *   onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 2, dims, &x);
 *   ... fill onnxc_tensor_data(x) ...
 *   st = onnxc_model_run(model, (const onnxc_tensor *const *)&x, 1, &y, 1);
 *   ...
 *   onnxc_tensor_free(y); onnxc_tensor_free(x); onnxc_model_free(model);
 *===----------------------------------------------------------------------===*/
#ifndef ONNXC_RUNTIME_ONNXC_RUNTIME_H
#define ONNXC_RUNTIME_ONNXC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "onnxc/Runtime/ModelABI.h"

#if defined(_WIN32)
#define ONNXC_API
#else
#define ONNXC_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Status
 *===----------------------------------------------------------------------===*/

/** The kind of a failure. */
enum onnxc_status_code {
  ONNXC_OK = 0,
  /** A caller passed a NULL pointer, a bad count, or a tensor that does not
   *  match the model's signature. */
  ONNXC_ERR_INVALID_ARGUMENT = 1,
  /** A model could not be loaded: dlopen/dlsym failed or its signature is
   *  malformed or uses an unsupported dtype. */
  ONNXC_ERR_LOAD = 2,
  /** The model was built for an ABI version this runtime does not know. */
  ONNXC_ERR_ABI_MISMATCH = 3,
  /** An allocation failed. */
  ONNXC_ERR_OUT_OF_MEMORY = 4,
  /** The model's run function failed or broke the output contract. */
  ONNXC_ERR_RUN = 5,
  /** An input's values are invalid for the model although its shape is
   *  right, e.g. an index out of range for a Gather; the message names the
   *  node. */
  ONNXC_ERR_INVALID_DATA = 6
};

/** An error: a code and a human-readable message. NULL means success. */
typedef struct onnxc_status onnxc_status;

/** Returns the code of `status`; ONNXC_OK when `status` is NULL. */
ONNXC_API enum onnxc_status_code onnxc_status_code(const onnxc_status *status);

/** Returns the message of `status` (never NULL; "" when `status` is NULL). */
ONNXC_API const char *onnxc_status_message(const onnxc_status *status);

/** Creates a status owned by the caller. For libraries layered on the runtime
 *  that report errors the same way. Never returns NULL for a `code` other
 *  than ONNXC_OK (on allocation failure it returns a shared out-of-memory
 *  status, which onnxc_status_free accepts); returns NULL for ONNXC_OK. */
ONNXC_API onnxc_status *onnxc_status_create(enum onnxc_status_code code,
                                            const char *message);

/** Releases `status`. NULL is accepted. */
ONNXC_API void onnxc_status_free(onnxc_status *status);

/*===----------------------------------------------------------------------===*
 * Element types
 *===----------------------------------------------------------------------===*/

/** Element types; the values are ONNX TensorProto.DataType numbers. A C
 *  caller may pass any int, and the functions below answer other values as
 *  unsupported; in C++ the enum's type is fixed to int so that such values
 *  are valid there too (an unfixed C++ enum cannot hold, e.g., 99). */
#ifdef __cplusplus
typedef enum onnxc_dtype : int {
#else
typedef enum onnxc_dtype {
#endif
  ONNXC_DTYPE_UNDEFINED = 0,
  ONNXC_DTYPE_FLOAT = 1,
  ONNXC_DTYPE_UINT8 = 2,
  ONNXC_DTYPE_INT8 = 3,
  ONNXC_DTYPE_UINT16 = 4,
  ONNXC_DTYPE_INT16 = 5,
  ONNXC_DTYPE_INT32 = 6,
  ONNXC_DTYPE_INT64 = 7,
  ONNXC_DTYPE_BOOL = 9, /**< One byte per element, 0 or 1. */
  ONNXC_DTYPE_FLOAT16 = 10,
  ONNXC_DTYPE_DOUBLE = 11,
  ONNXC_DTYPE_UINT32 = 12,
  ONNXC_DTYPE_UINT64 = 13,
  ONNXC_DTYPE_BFLOAT16 = 16
} onnxc_dtype;

/** Returns the size in bytes of one element, or 0 for an unsupported dtype. */
ONNXC_API size_t onnxc_dtype_size(onnxc_dtype dtype);

/** Returns the ONNX name of `dtype` ("float", "int64", "bool", ...), or
 *  "undefined" for an unsupported value. Never NULL. */
ONNXC_API const char *onnxc_dtype_name(onnxc_dtype dtype);

/*===----------------------------------------------------------------------===*
 * Tensors
 *===----------------------------------------------------------------------===*/

/** A dense row-major tensor: dtype, shape, and a data buffer that it either
 *  owns or borrows. */
typedef struct onnxc_tensor onnxc_tensor;

/** Creates a tensor that owns a zero-filled, 64-byte aligned buffer.
 *  `dims` holds `rank` non-negative sizes (may be NULL when rank is 0).
 *  Fails with ONNXC_ERR_INVALID_ARGUMENT on an unsupported dtype, a negative
 *  rank or size, or an element count whose byte size overflows. */
ONNXC_API onnxc_status *onnxc_tensor_create(onnxc_dtype dtype, int32_t rank,
                                            const int64_t *dims,
                                            onnxc_tensor **out);

/** Creates a tensor that borrows `data`, which must hold at least
 *  `nbytes` bytes and outlive the tensor. Fails when `nbytes` is smaller
 *  than the shape needs, or `data` is NULL for a non-empty shape. */
ONNXC_API onnxc_status *onnxc_tensor_wrap(onnxc_dtype dtype, int32_t rank,
                                          const int64_t *dims, void *data,
                                          size_t nbytes, onnxc_tensor **out);

/** Releases `tensor` and, if it owns it, its buffer. NULL is accepted. */
ONNXC_API void onnxc_tensor_free(onnxc_tensor *tensor);

ONNXC_API onnxc_dtype onnxc_tensor_dtype(const onnxc_tensor *tensor);
ONNXC_API int32_t onnxc_tensor_rank(const onnxc_tensor *tensor);
/** The `rank` sizes; may be NULL when the rank is 0. */
ONNXC_API const int64_t *onnxc_tensor_dims(const onnxc_tensor *tensor);
/** The first element; may be NULL when the tensor has no elements. */
ONNXC_API void *onnxc_tensor_data(const onnxc_tensor *tensor);
ONNXC_API size_t onnxc_tensor_num_elements(const onnxc_tensor *tensor);
/** The byte size the shape needs (num_elements * dtype size). */
ONNXC_API size_t onnxc_tensor_nbytes(const onnxc_tensor *tensor);

/*===----------------------------------------------------------------------===*
 * Models
 *===----------------------------------------------------------------------===*/

/** A compiled model with its parsed signature. Immutable once loaded. */
typedef struct onnxc_model onnxc_model;

/** The declared type of one model input or output. All pointers belong to
 *  the model. */
typedef struct onnxc_tensor_info {
  const char *name;
  onnxc_dtype dtype;
  int32_t rank;
  /** `rank` sizes; -1 for a symbolic or unknown size. */
  const int64_t *dims;
  /** `rank` symbol names; "" for a static or unnamed (`?`) size. */
  const char *const *dim_names;
} onnxc_tensor_info;

/** Loads a model shared object built by `onnxc -o X.so`: dlopen()s it
 *  (RTLD_NOW | RTLD_LOCAL), calls its `onnxc_model_descriptor`, checks the
 *  ABI version and parses the signature. A path without '/' is relative to
 *  the working directory (it is not searched for on the library path). The
 *  model keeps the library open until onnxc_model_free(). Loading the same
 *  file twice yields two models sharing one loaded library. */
ONNXC_API onnxc_status *onnxc_model_load(const char *so_path,
                                         onnxc_model **out);

/** Wraps the descriptor of a model linked into the program (its
 *  `<prefix>_descriptor()`). The descriptor must outlive the model. */
ONNXC_API onnxc_status *
onnxc_model_from_descriptor(const onnxc_model_abi *descriptor,
                            onnxc_model **out);

/** Releases `model` (and closes its library). NULL is accepted. Every run on
 *  it must have returned. Tensors it produced stay valid. */
ONNXC_API void onnxc_model_free(onnxc_model *model);

/** The model (graph) name; may be "". */
ONNXC_API const char *onnxc_model_name(const onnxc_model *model);
ONNXC_API size_t onnxc_model_num_inputs(const onnxc_model *model);
ONNXC_API size_t onnxc_model_num_outputs(const onnxc_model *model);

/** Describes input `index` (graph order). */
ONNXC_API onnxc_status *onnxc_model_input_info(const onnxc_model *model,
                                               size_t index,
                                               onnxc_tensor_info *out);
/** Describes output `index` (graph order). */
ONNXC_API onnxc_status *onnxc_model_output_info(const onnxc_model *model,
                                                size_t index,
                                                onnxc_tensor_info *out);

/** Finds the input called `name`; fails with ONNXC_ERR_INVALID_ARGUMENT
 *  when there is none. */
ONNXC_API onnxc_status *onnxc_model_find_input(const onnxc_model *model,
                                               const char *name,
                                               size_t *index);

/** Runs `model`. `inputs` holds one tensor per model input in graph order;
 *  each is checked against the signature (dtype, rank, static sizes, and
 *  that each symbolic size name has one value across all inputs). On
 *  success `outputs[k]` receives a new tensor owned by the caller for each
 *  of the `num_outputs` (== onnxc_model_num_outputs) outputs; on failure
 *  every `outputs[k]` is set to NULL. Thread-safe. */
ONNXC_API onnxc_status *onnxc_model_run(const onnxc_model *model,
                                        const onnxc_tensor *const *inputs,
                                        size_t num_inputs,
                                        onnxc_tensor **outputs,
                                        size_t num_outputs);

/*===----------------------------------------------------------------------===*
 * Threads
 *
 * The parallel loops of compiled models run on one pool of threads per
 * process, shared by all models. The thread that calls onnxc_model_run()
 * takes part, so a pool of N threads starts N - 1 workers, once, on the
 * first loop that needs them. The pool runs one loop at a time: a run that
 * reaches a parallel loop while another thread's run is using the pool runs
 * that loop on its own thread instead of waiting, so concurrent runs never
 * block each other (and each gets its parallelism from its own thread).
 *===----------------------------------------------------------------------===*/

/** Sets the number of threads that run parallel loops, the calling thread
 *  included: 1 runs every loop on the thread that calls onnxc_model_run().
 *  0 restores the default: the environment variable ONNXC_NUM_THREADS when
 *  it holds an integer in [1, 1024] (read once, on the first use of the
 *  pool), else the number of CPUs the process may run on. Fails with
 *  ONNXC_ERR_INVALID_ARGUMENT outside [0, 1024]. Thread-safe; waits for a
 *  loop in flight to finish and applies to the loops after it. */
ONNXC_API onnxc_status *onnxc_set_num_threads(int32_t num_threads);

/** The number of threads that run parallel loops (at least 1). */
ONNXC_API int32_t onnxc_get_num_threads(void);

#ifdef __cplusplus
}
#endif

#endif /* ONNXC_RUNTIME_ONNXC_RUNTIME_H */
