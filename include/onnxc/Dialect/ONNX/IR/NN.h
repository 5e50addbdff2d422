//===- NN.h - What convolution and pooling ops share ------------*- C++ -*-===//
//
// The geometry of ConvTranspose, MaxUnpool and Resize, resolved once from
// their attributes and ONNX's defaults, for shape inference and the lowering
// alike.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_NN_H
#define ONNXC_DIALECT_ONNX_IR_NN_H

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include <string>

namespace onnxc::onnx {

/// ConvTranspose's spatial geometry with ONNX's defaults applied.
struct ConvTransposeGeometry {
  llvm::SmallVector<int64_t> kernel;
  llvm::SmallVector<int64_t> strides;
  llvm::SmallVector<int64_t> dilations;
  llvm::SmallVector<int64_t> outputPadding;
  /// Begin pads of each spatial dim, then end pads. kDynamic where they
  /// follow from `targetSizes` and a dynamic input size.
  llvm::SmallVector<int64_t> pads;
  /// The output sizes that output_shape (or auto_pad SAME_*: input * stride)
  /// asks for, from which the pads follow; empty when the pads are given.
  llvm::SmallVector<int64_t> targetSizes;
  /// Spatial output sizes (kDynamic where unknown).
  llvm::SmallVector<int64_t> outputSizes;
};

/// ONNX ConvTranspose: the total pad that makes the output `target` long,
/// split into (begin, end). SAME_UPPER puts the odd pad at the end, the other
/// modes at the begin; a negative total (output_shape longer than the full
/// output) extends the end. Division floors.
std::pair<int64_t, int64_t> splitConvTransposePads(int64_t total,
                                                   llvm::StringRef autoPad);

/// Requires a ranked X and W.
mlir::FailureOr<ConvTransposeGeometry>
computeConvTransposeGeometry(ConvTransposeOp op, std::string &error);

/// MaxUnpool's spatial geometry with ONNX's defaults (unit strides, zero
/// pads) applied.
struct MaxUnpoolGeometry {
  llvm::SmallVector<int64_t> kernel;
  llvm::SmallVector<int64_t> strides;
  /// Begin pads of each spatial dim, then end pads.
  llvm::SmallVector<int64_t> pads;

  /// ONNX MaxUnpool: spatial size `dim` of the default output, which I
  /// indexes and which is Y unless `output_shape` is given: (input - 1) *
  /// stride + kernel - begin pad - end pad; kDynamic for a dynamic `input`.
  int64_t getOutputSize(size_t dim, int64_t input) const;
};

/// Requires a ranked X.
mlir::FailureOr<MaxUnpoolGeometry> computeMaxUnpoolGeometry(MaxUnpoolOp op,
                                                            std::string &error);

/// Resize's per-dim scale (output / input) and output size, from its
/// constant `scales` or `sizes`.
struct ResizeGeometry {
  /// For each dim of X, the position of its values in `scales`, `sizes` and
  /// `roi` (its place in `axes`), or -1 for a dim that is not resized.
  llvm::SmallVector<int64_t> operandIndex;
  /// Whether `scales` and `sizes` are constants (or absent); nothing below
  /// is known otherwise.
  bool known = false;
  /// One per dim (1 where not resized): from `scales`, or the common scale
  /// of keep_aspect_ratio_policy when the resized input sizes are static;
  /// empty when `sizes` gives the output sizes.
  llvm::SmallVector<double> scales;
  /// kDynamic where the input size is dynamic and `scales` gives them.
  llvm::SmallVector<int64_t> outputSizes;
  /// tf_crop_and_resize's box, one per dim ([0, 1] where not resized):
  /// begins of each dim, then ends.
  llvm::SmallVector<double> roi;
};

/// Requires a ranked X.
mlir::FailureOr<ResizeGeometry> computeResizeGeometry(ResizeOp op,
                                                      std::string &error);

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_NN_H
