//===- Quantization.h - How quantization parameters are laid out -*- C++
//-*-===//
//
// The scale and zero point of a quantized tensor are given per tensor, per
// slice along one axis or per block along one axis; which one follows from
// their shape. Shape inference and the lowering classify them the same way.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_QUANTIZATION_H
#define ONNXC_DIALECT_ONNX_IR_QUANTIZATION_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace onnxc::onnx {

enum class QuantizationGranularity {
  /// A scalar or a 1-D tensor of one element.
  PerTensor,
  /// A 1-D tensor with one element per index of the axis.
  PerAxis,
  /// The input's shape with the axis' size divided by the block size,
  /// rounded up.
  Blocked,
};

/// Classifies the quantization parameter of type `param` of a tensor of type
/// `input` along `axis` (in [0, rank)); a positive `blockSize` asks for
/// blocks. Fails, saying why in `error`, when the known sizes contradict the
/// layout.
mlir::FailureOr<QuantizationGranularity>
classifyQuantizationParam(mlir::RankedTensorType input,
                          mlir::RankedTensorType param, int64_t axis,
                          int64_t blockSize, std::string &error);

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_QUANTIZATION_H
