//===- Tensor.cpp - onnxc_tensor ------------------------------------------===//
//
// A tensor is always dense and row-major. Its buffer is either owned
// (released with releaseBuffer(), which also takes what malloc returned) or
// borrowed from the caller.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

using namespace onnxc::runtime;

namespace {
constexpr size_t kAlignment = 64;

/// Allocates with tensor_create; the byte size is rounded up to the
/// alignment, as aligned_alloc requires, and is never 0 so that a tensor
/// with no elements still has a valid pointer.
void *allocateZeroed(size_t nbytes) {
  size_t rounded = (nbytes + kAlignment - 1) / kAlignment * kAlignment;
  if (rounded == 0)
    rounded = kAlignment;
  void *p = nullptr;
  if (posix_memalign(&p, kAlignment, rounded) != 0)
    return nullptr;
  std::memset(p, 0, rounded);
  return p;
}

/// Checks the shape and allocates the tensor object (not its buffer).
onnxc_status *newTensor(onnxc_dtype dtype, int32_t rank, const int64_t *dims,
                        onnxc_tensor **out,
                        std::unique_ptr<onnxc_tensor> &tensor) {
  if (!out)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "out pointer is NULL");
  try {
    size_t numElements = 0, nbytes = 0;
    std::string error;
    if (!computeSizes(dtype, rank, dims, numElements, nbytes, error))
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, error);
    tensor = std::make_unique<onnxc_tensor>();
    tensor->dims.assign(dims, dims + rank);
    tensor->dtype = dtype;
    tensor->numElements = numElements;
    tensor->nbytes = nbytes;
    return nullptr;
  } catch (...) {
    return outOfMemoryStatus();
  }
}
} // namespace

bool onnxc::runtime::checkedMul(uint64_t a, uint64_t b, uint64_t limit,
                                uint64_t &result) {
  if (a != 0 && b > limit / a)
    return false;
  result = a * b;
  return true;
}

bool onnxc::runtime::computeSizes(onnxc_dtype dtype, int32_t rank,
                                  const int64_t *dims, size_t &numElements,
                                  size_t &nbytes, std::string &error) {
  size_t elementSize = onnxc_dtype_size(dtype);
  if (elementSize == 0) {
    error = "unsupported dtype " + std::to_string(static_cast<int>(dtype));
    return false;
  }
  if (rank < 0) {
    error = "rank " + std::to_string(rank) + " is negative";
    return false;
  }
  if (rank > 0 && !dims) {
    error = "dims is NULL for rank " + std::to_string(rank);
    return false;
  }
  // Element counts must fit in int64 (memref sizes) and bytes in size_t.
  const uint64_t limit = std::numeric_limits<int64_t>::max();
  uint64_t count = 1;
  for (int32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0) {
      error = "dimension " + std::to_string(i) + " is negative (" +
              std::to_string(dims[i]) + ")";
      return false;
    }
    if (!checkedMul(count, static_cast<uint64_t>(dims[i]), limit, count)) {
      error = "element count overflows at dimension " + std::to_string(i);
      return false;
    }
  }
  uint64_t bytes = 0;
  if (!checkedMul(count, elementSize,
                  std::min<uint64_t>(limit, std::numeric_limits<size_t>::max()),
                  bytes)) {
    error = "byte size of " + std::to_string(count) + " " +
            onnxc_dtype_name(dtype) + " elements overflows";
    return false;
  }
  numElements = static_cast<size_t>(count);
  nbytes = static_cast<size_t>(bytes);
  return true;
}

onnxc_status *onnxc::runtime::adoptBuffer(onnxc_dtype dtype, int32_t rank,
                                          const int64_t *dims, void *toFree,
                                          void *data, onnxc_tensor **out) {
  std::unique_ptr<onnxc_tensor> tensor;
  if (onnxc_status *st = newTensor(dtype, rank, dims, out, tensor))
    return st;
  tensor->data = data;
  tensor->owned = toFree;
  *out = tensor.release();
  return nullptr;
}

extern "C" {

onnxc_status *onnxc_tensor_create(onnxc_dtype dtype, int32_t rank,
                                  const int64_t *dims, onnxc_tensor **out) {
  std::unique_ptr<onnxc_tensor> tensor;
  if (onnxc_status *st = newTensor(dtype, rank, dims, out, tensor))
    return st;
  tensor->data = allocateZeroed(tensor->nbytes);
  if (!tensor->data) {
    try {
      return makeStatus(ONNXC_ERR_OUT_OF_MEMORY,
                        "cannot allocate " + std::to_string(tensor->nbytes) +
                            " bytes for a tensor");
    } catch (...) {
      return outOfMemoryStatus();
    }
  }
  tensor->owned = tensor->data;
  *out = tensor.release();
  return nullptr;
}

onnxc_status *onnxc_tensor_wrap(onnxc_dtype dtype, int32_t rank,
                                const int64_t *dims, void *data, size_t nbytes,
                                onnxc_tensor **out) {
  std::unique_ptr<onnxc_tensor> tensor;
  if (onnxc_status *st = newTensor(dtype, rank, dims, out, tensor))
    return st;
  if (nbytes < tensor->nbytes) {
    try {
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        "buffer of " + std::to_string(nbytes) +
                            " bytes is too small: the shape needs " +
                            std::to_string(tensor->nbytes));
    } catch (...) {
      return outOfMemoryStatus();
    }
  }
  if (!data && tensor->nbytes != 0)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                      "data is NULL for a non-empty tensor");
  tensor->data = data;
  *out = tensor.release();
  return nullptr;
}

void onnxc_tensor_free(onnxc_tensor *tensor) {
  if (!tensor)
    return;
  releaseBuffer(tensor->owned);
  delete tensor;
}

onnxc_dtype onnxc_tensor_dtype(const onnxc_tensor *tensor) {
  return tensor ? tensor->dtype : ONNXC_DTYPE_UNDEFINED;
}

int32_t onnxc_tensor_rank(const onnxc_tensor *tensor) {
  return tensor ? static_cast<int32_t>(tensor->dims.size()) : 0;
}

const int64_t *onnxc_tensor_dims(const onnxc_tensor *tensor) {
  return tensor ? tensor->dims.data() : nullptr;
}

void *onnxc_tensor_data(const onnxc_tensor *tensor) {
  return tensor ? tensor->data : nullptr;
}

size_t onnxc_tensor_num_elements(const onnxc_tensor *tensor) {
  return tensor ? tensor->numElements : 0;
}

size_t onnxc_tensor_nbytes(const onnxc_tensor *tensor) {
  return tensor ? tensor->nbytes : 0;
}

} // extern "C"
