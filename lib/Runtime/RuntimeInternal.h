//===- RuntimeInternal.h - Definitions shared by the runtime's sources ----===//
//
// Private to lib/Runtime: the layout of the opaque C types and the helpers
// that build statuses. Nothing here is part of the public API.
//
//===----------------------------------------------------------------------===//
#ifndef ONNXC_LIB_RUNTIME_RUNTIMEINTERNAL_H
#define ONNXC_LIB_RUNTIME_RUNTIMEINTERNAL_H

#include "onnxc/Runtime/onnxc_runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnxc::runtime {

/// Creates a status; never throws, never returns null (falls back to the
/// shared out-of-memory status).
onnxc_status *makeStatus(enum onnxc_status_code code, const std::string &message);

/// The shared out-of-memory status: returned where allocating a status
/// itself could fail. onnxc_status_free ignores it.
onnxc_status *outOfMemoryStatus();

/// Makes malloc keep freed model buffers for the next run instead of
/// returning them to the system (see Allocator.cpp). Idempotent.
void tuneAllocator();

/// The allocator of the runs' buffers (onnxc_model_exec::alloc and
/// release): large ones are huge-page mappings kept for reuse, the others
/// come from malloc. releaseBuffer also takes any pointer malloc returned.
void *allocateBuffer(size_t size);
void releaseBuffer(void *pointer);

/// Multiplies non-negative sizes; false on overflow of `limit`.
bool checkedMul(uint64_t a, uint64_t b, uint64_t limit, uint64_t &result);

/// Element count and byte size of a shape; an error message on failure.
bool computeSizes(onnxc_dtype dtype, int32_t rank, const int64_t *dims,
                  size_t &numElements, size_t &nbytes, std::string &error);

/// Takes ownership of an output buffer written by generated code: `toFree`
/// is released with releaseBuffer(), `data` is the first element.
onnxc_status *adoptBuffer(onnxc_dtype dtype, int32_t rank, const int64_t *dims,
                          void *toFree, void *data, onnxc_tensor **out);

/// The declared type of one input or output, as parsed from the signature.
struct TensorSignature {
  std::string name;
  onnxc_dtype dtype = ONNXC_DTYPE_UNDEFINED;
  std::vector<int64_t> dims;          // -1 for `?` and `?sym`
  std::vector<std::string> dimNames;  // "" for static sizes and `?`
  std::vector<const char *> dimNamePtrs; // c_str() of dimNames, for the C API
  std::vector<int32_t> symbolIds;     // index into the input symbol table, -1
};

struct ModelSignature {
  std::string name;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
  /// Distinct symbol names used by the inputs, in order of first use.
  std::vector<std::string> inputSymbols;
};

/// Largest rank a signature may declare. ONNX sets no limit; this keeps
/// descriptor sizes far from overflow.
constexpr int32_t kMaxRank = 1024;

/// Parses the text signature of ModelABI.h. On malformed text returns
/// ONNXC_ERR_LOAD with a message naming the line, on an unknown signature
/// version ONNXC_ERR_ABI_MISMATCH; never crashes on any input.
enum onnxc_status_code parseSignature(const char *text,
                                      ModelSignature &signature,
                                      std::string &error);

/// Percent-decodes a name or symbol; false when an escape is malformed, a
/// byte is outside '!'..'~', or the result contains a NUL.
bool percentDecode(const std::string &encoded, std::string &decoded);

} // namespace onnxc::runtime

struct onnxc_status {
  enum onnxc_status_code code;
  std::string message;
};

struct onnxc_tensor {
  onnxc_dtype dtype = ONNXC_DTYPE_UNDEFINED;
  std::vector<int64_t> dims;
  void *data = nullptr;
  size_t numElements = 0;
  size_t nbytes = 0;
  /// Released with releaseBuffer() by onnxc_tensor_free; null when borrowed.
  void *owned = nullptr;
};

struct onnxc_model {
  void *library = nullptr; // dlopen handle; null for a linked-in model
  const onnxc_model_abi *abi = nullptr;
  onnxc::runtime::ModelSignature signature;
};

#endif // ONNXC_LIB_RUNTIME_RUNTIMEINTERNAL_H
