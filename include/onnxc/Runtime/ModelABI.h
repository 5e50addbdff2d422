/*===- ModelABI.h - Contract between generated code and the runtime -------===*
 *
 * Code that onnxc generates and libonnxc_runtime agree on this layout. It is
 * versioned: a runtime refuses a model whose abi_version it does not know.
 *
 * A compiled model exports `<prefix>_descriptor`, a function returning a
 * pointer to a constant onnxc_model_abi. A shared object built with
 * `onnxc -o X.so` also exports `onnxc_model_descriptor`, so a runtime that
 * dlopen()s it needs no prefix.
 *
 * run(inputs, results, error, exec):
 *   inputs[i] points to the MLIR memref descriptor of input i:
 *     { void *allocated; void *aligned; int64_t offset;
 *       int64_t sizes[rank]; int64_t strides[rank]; }
 *   results points to the descriptors of all outputs laid out back to back,
 *   output k starting at the sum of the sizes of the descriptors before it
 *   (each is 24 + 16 * rank bytes). On return, every output is a fresh
 *   row-major buffer whose `allocated` pointer the caller releases with
 *   exec->release when it passed an exec, else with free(). Returns 0 on
 *   success and stores NULL into *error.
 *   Returns ONNXC_MODEL_RUN_INVALID_DATA when the inputs' values are invalid
 *   for the model (e.g. an index out of range) and stores into *error a
 *   message naming the node, a constant string that lives as long as the
 *   model is loaded; the outputs are then complete but meaningless, and the
 *   caller still frees them. Any other nonzero return leaves the outputs
 *   unspecified (neither read nor freed).
 *   exec, which may be NULL, lends the run a thread pool: generated code
 *   calls exec->parallel_for(exec->pool, count, body, context) for each
 *   parallel loop, which must call body(context, begin, end) on chunks that
 *   cover [0, count) exactly once (from any threads, in any order, possibly
 *   all on the calling thread) and return when all have returned. With exec
 *   NULL, loops run on the calling thread. The run's buffers, outputs
 *   included, come from exec->alloc(exec->pool, size) (aligned to at least
 *   16 bytes, NULL when out of memory) and go back through
 *   exec->release(exec->pool, pointer); with exec NULL, from malloc and free().
 *   A buffer allocated on one thread of a run may be released on another.
 *
 * signature is text, one record per line, fields separated by one space:
 *   onnxc-signature 1
 *   model <name>
 *   input <name> <dtype> <rank> <dim>...
 *   output <name> <dtype> <rank> <dim>...
 * <dtype> is the ONNX TensorProto.DataType number. <dim> is a decimal size,
 * `?` for an unknown size or `?<symbol>` for a named symbolic size. Names and
 * symbols are percent-encoded: every byte outside '!'..'~', and '%' itself,
 * is written as %XX (two upper-case hex digits).
 *===----------------------------------------------------------------------===*/
#ifndef ONNXC_RUNTIME_MODELABI_H
#define ONNXC_RUNTIME_MODELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version 3 added run's exec argument, version 4 its allocator. */
#define ONNXC_MODEL_ABI_VERSION 4u

/* run's return value when *error says which input values were invalid. */
#define ONNXC_MODEL_RUN_INVALID_DATA 1

/* A chunk of a parallel loop: runs iterations [begin, end). */
typedef void (*onnxc_parallel_body)(void *context, int64_t begin,
                                    int64_t end);

/* What a run may use to execute its parallel loops. */
typedef struct onnxc_model_exec {
  void *pool;
  void (*parallel_for)(void *pool, int64_t count, onnxc_parallel_body body,
                       void *context);
  void *(*alloc)(void *pool, uint64_t size);
  void (*release)(void *pool, void *pointer);
} onnxc_model_exec;

typedef struct onnxc_model_abi {
  uint32_t abi_version;
  uint32_t reserved;
  const char *signature;
  int32_t (*run)(void *const *inputs, void *results, const char **error,
                 const onnxc_model_exec *exec);
} onnxc_model_abi;

typedef const onnxc_model_abi *(*onnxc_model_descriptor_fn)(void);

#define ONNXC_MODEL_DESCRIPTOR_SYMBOL "onnxc_model_descriptor"

#ifdef __cplusplus
}
#endif

#endif /* ONNXC_RUNTIME_MODELABI_H */
