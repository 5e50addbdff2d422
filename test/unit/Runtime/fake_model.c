/*===- fake_model.c - A hand-written stand-in for a compiled model --------===*
 *
 * Exports onnxc_model_descriptor the way `onnxc -o X.so` does, so the
 * runtime's loading and running can be tested without the compiler.
 *
 *   inputs:  x float[?N,3], b float[?N]
 *   outputs: y float[?N,3] = x + b[:, None] + 1
 *            n int64[]     = N
 * The rows of y are computed as a parallel loop on the runtime's exec.
 *
 * FAKE_VARIANT selects a broken model:
 *   0 correct; 1 run returns an error; 2 y is returned with column-major
 *   strides; 3 an ABI version from the future; 4 y and n share one buffer;
 *   5 complete outputs, but the input values are reported invalid.
 *===----------------------------------------------------------------------===*/
#include "onnxc/Runtime/ModelABI.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef FAKE_VARIANT
#define FAKE_VARIANT 0
#endif

struct memref1 {
  void *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
};
struct memref2 {
  void *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
};
struct memref0 {
  void *allocated, *aligned;
  int64_t offset;
};
struct results {
  struct memref2 y;
  struct memref0 n;
};

struct rows {
  const struct memref2 *x;
  const struct memref1 *b;
  float *y;
};

static void computeRows(void *context, int64_t begin, int64_t end) {
  const struct rows *rows = (const struct rows *)context;
  const float *xs = (const float *)rows->x->aligned + rows->x->offset;
  const float *bs = (const float *)rows->b->aligned + rows->b->offset;
  int64_t i, j;
  for (i = begin; i < end; ++i)
    for (j = 0; j < 3; ++j)
      rows->y[i * 3 + j] = xs[i * rows->x->strides[0] + j * rows->x->strides[1]] +
                           bs[i * rows->b->strides[0]] + 1.0f;
}

/* The run's buffers come from exec when the runtime lends one. */
static void *allocate(const onnxc_model_exec *exec, size_t size) {
  return exec ? exec->alloc(exec->pool, size) : malloc(size);
}

static int32_t run(void *const *inputs, void *results_ptr, const char **error,
                   const onnxc_model_exec *exec) {
  const struct memref2 *x = (const struct memref2 *)inputs[0];
  const struct memref1 *b = (const struct memref1 *)inputs[1];
  struct results *out = (struct results *)results_ptr;
  int64_t n = x->sizes[0];
  struct rows rows;
  float *y;
  int64_t *count;

  *error = NULL;
  if (FAKE_VARIANT == 1)
    return 7;
  /* Over-allocate and align like generated code may, so that allocated and
   * aligned differ. */
  out->y.allocated = allocate(exec, (size_t)(n * 3) * sizeof(float) + 64);
  out->n.allocated = FAKE_VARIANT == 4 ? out->y.allocated : allocate(exec, 64);
  if (!out->y.allocated || !out->n.allocated)
    return 1;
  y = (float *)(((uintptr_t)out->y.allocated + 63) & ~(uintptr_t)63);
  rows.x = x;
  rows.b = b;
  rows.y = y;
  if (exec)
    exec->parallel_for(exec->pool, n, computeRows, &rows);
  else
    computeRows(&rows, 0, n);
  out->y.aligned = y;
  out->y.offset = 0;
  out->y.sizes[0] = n;
  out->y.sizes[1] = 3;
  out->y.strides[0] = FAKE_VARIANT == 2 ? 1 : 3;
  out->y.strides[1] = FAKE_VARIANT == 2 ? n : 1;

  /* The scalar sits at offset 2 within its buffer. */
  count = (int64_t *)out->n.allocated;
  count[2] = n;
  out->n.aligned = count;
  out->n.offset = 2;
  if (FAKE_VARIANT == 5) {
    *error = "node 'g' (Gather): an element of 'indices' is out of range";
    return ONNXC_MODEL_RUN_INVALID_DATA;
  }
  return 0;
}

static const onnxc_model_abi descriptor = {
    FAKE_VARIANT == 3 ? ONNXC_MODEL_ABI_VERSION + 1 : ONNXC_MODEL_ABI_VERSION, 0,
    "onnxc-signature 1\n"
    "model fake%20model\n"
    "input x 1 2 ?N 3\n"
    "input b 1 1 ?N\n"
    "output y 1 2 ?N 3\n"
    "output n 7 0\n",
    run};

__attribute__((visibility("default"))) const onnxc_model_abi *
onnxc_model_descriptor(void) {
  return &descriptor;
}
