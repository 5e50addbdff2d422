//===- TensorIO.h - Reading, writing and comparing tensor files -*- C++ -*-===//
//
// Tensors in the two file formats that ONNX tooling uses for test data:
//  - ONNX TensorProto (`.pb`), as in the backend test suite's
//    `test_data_set_N/input_K.pb`;
//  - NumPy `.npy` (format versions 1-3, little-endian, C order).
// Also the comparison that onnxc-run --compare and the tests share.
//
// Tensors are onnxc_tensor objects from the runtime's C API; errors are
// onnxc_status objects. Both are held in unique_ptrs so ownership is plain.
// Nothing here throws.
//
//===----------------------------------------------------------------------===//
#ifndef ONNXC_TENSORIO_TENSORIO_H
#define ONNXC_TENSORIO_TENSORIO_H

#include "onnxc/Runtime/onnxc_runtime.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onnxc::tensorio {

struct StatusDeleter {
  void operator()(onnxc_status *status) const { onnxc_status_free(status); }
};
struct TensorDeleter {
  void operator()(onnxc_tensor *tensor) const { onnxc_tensor_free(tensor); }
};
/// Null on success.
using StatusPtr = std::unique_ptr<onnxc_status, StatusDeleter>;
using TensorPtr = std::unique_ptr<onnxc_tensor, TensorDeleter>;

enum class FileFormat { TensorProto, Npy };

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

/// Decodes a serialized TensorProto held in raw_data or in the typed
/// repeated field for its dtype. Rejects negative or overflowing dims, data
/// whose length does not match the shape, external data and segments.
/// `name`, when given, receives the proto's name.
StatusPtr parseTensorProto(const void *bytes, size_t size, TensorPtr &tensor,
                           std::string *name = nullptr);

/// Encodes `tensor` as a TensorProto with raw_data.
StatusPtr serializeTensorProto(const onnxc_tensor &tensor,
                               const std::string &name, std::string &bytes);

//===----------------------------------------------------------------------===//
// NumPy .npy
//===----------------------------------------------------------------------===//

/// Decodes a .npy file image. Rejects big-endian data, fortran_order True,
/// dtypes the runtime does not have, and data of the wrong length.
StatusPtr parseNpy(const void *bytes, size_t size, TensorPtr &tensor);

/// Encodes `tensor` as .npy (version 1, or 2 for very long headers).
/// Fails for bfloat16, which NumPy has no type for.
StatusPtr serializeNpy(const onnxc_tensor &tensor, std::string &bytes);

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

/// Reads a .npy or TensorProto file, told apart by the .npy magic bytes.
/// Error messages name the file.
StatusPtr readTensorFile(const std::string &path, TensorPtr &tensor,
                         std::string *name = nullptr);

/// Writes `tensor` to `path` in `format`; `name` is used by TensorProto only.
StatusPtr writeTensorFile(const std::string &path, const onnxc_tensor &tensor,
                          const std::string &name, FileFormat format);

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);
bool isFloatingPoint(onnxc_dtype dtype);

/// Element `index` (row-major) converted to double.
double elementAsDouble(const onnxc_tensor &tensor, size_t index);

/// "[2,3]"; "[]" for a scalar.
std::string formatShape(const onnxc_tensor &tensor);

/// The row-major multi-index of flat index `index`.
std::vector<int64_t> unravelIndex(size_t index, const onnxc_tensor &tensor);

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

struct CompareOptions {
  double rtol = 1e-5;
  double atol = 1e-5;
};

struct CompareResult {
  /// Same dtype and shape, and every element within tolerance.
  bool match = false;
  /// Set when dtype or shape differ; then no element was compared.
  std::string shapeError;
  size_t numElements = 0;
  size_t numMismatches = 0;
  /// Largest |actual - expected| and |actual - expected| / |expected|
  /// (infinite where a NaN or infinity is not matched, or expected is 0).
  double maxAbsError = 0;
  double maxRelError = 0;
  /// Row-major index of the element farthest outside its tolerance (for
  /// integers, the largest difference); -1 when there are no elements.
  int64_t worstIndex = -1;
  double worstActual = 0;
  double worstExpected = 0;
};

/// Compares `actual` with `expected`. Floating-point elements (float,
/// double, float16, bfloat16) match when |a - b| <= atol + rtol * |b|, where
/// NaN matches NaN and an infinity matches the same infinity. Integers and
/// bool must be equal.
CompareResult compareTensors(const onnxc_tensor &actual,
                             const onnxc_tensor &expected,
                             const CompareOptions &options = {});

} // namespace onnxc::tensorio

#endif // ONNXC_TENSORIO_TENSORIO_H
