//===- ONNXOps.h - onnx dialect operations ----------------------*- C++ -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXOPS_H
#define ONNXC_DIALECT_ONNX_IR_ONNXOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h"
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

namespace onnxc::onnx {
/// Checks an op's declared result types against its shape-inference rule:
/// element types must be equal and shapes compatible (equal where both are
/// known).
mlir::LogicalResult verifyInferredResultTypes(mlir::Operation *op);

/// The shape rule of elementwise ops: the broadcast of `operands`' shapes
/// (ONNX multidirectional broadcasting), holding `elementType`.
mlir::LogicalResult
inferBroadcastResultType(mlir::Operation *op, mlir::ValueRange operands,
                         mlir::Type elementType,
                         llvm::SmallVectorImpl<mlir::Type> &inferred);

/// The shape rule of numpy.matmul (onnx.MatMul and the integer products):
/// 1-D operands are promoted and the promoted dims dropped, batch dims
/// broadcast; the result holds `elementType`.
mlir::LogicalResult
inferMatMulResultType(mlir::Operation *op, mlir::Value a, mlir::Value b,
                      mlir::Type elementType,
                      llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Checks that an ONNX `axis` attribute lies in [-rank, rank) of `input`
/// when its rank is known.
mlir::LogicalResult verifyAxisInRange(mlir::Operation *op, mlir::Value input,
                                      int64_t axis);

/// The integer values of `value` when a constant (dense or resource-backed)
/// defines it, or failure.
mlir::FailureOr<llvm::SmallVector<int64_t>> getConstantIntValues(mlir::Value value);

/// The elements of the 1-D integer tensor `value` that are known at compile
/// time, kDynamic for the others: a constant's, the sizes a Shape reads
/// (static where its input's dims are), and through a Concat its pieces'
/// (an exported model's `Concat(Shape(x)[0], Shape(x)[1], 12, 64)`). Failure
/// when not even its length is known.
mlir::FailureOr<llvm::SmallVector<int64_t>> getKnownElements(mlir::Value value);

/// The `axes` operand of an ONNX Reduce* op when it is known at compile time:
/// empty when absent or of static size 0, else its constant values.
std::optional<llvm::SmallVector<int64_t>>
getConstantReductionAxes(mlir::Value axes);

/// The shape rule of ONNX Reduce* ops (Reduction.cpp).
mlir::LogicalResult
inferReductionResultType(mlir::Operation *op, mlir::Value data,
                         mlir::Value axes, bool keepDims,
                         bool noopWithEmptyAxes,
                         llvm::SmallVectorImpl<mlir::Type> &inferred);

/// The shape rule of ONNX ArgMax and ArgMin (Reduction.cpp).
mlir::LogicalResult
inferArgReductionResultType(mlir::Operation *op, mlir::Value data,
                            int64_t axis, bool keepDims,
                            llvm::SmallVectorImpl<mlir::Type> &inferred);

/// The shape rule of ONNX HannWindow, HammingWindow and BlackmanWindow
/// (Signal.cpp): a 1-D tensor of the scalar `size` elements, holding
/// `outputType` (f32 when absent).
mlir::LogicalResult
inferWindowResultType(mlir::Operation *op, mlir::Value size,
                      std::optional<mlir::Type> outputType,
                      llvm::SmallVectorImpl<mlir::Type> &inferred);
} // namespace onnxc::onnx

#include "onnxc/Dialect/ONNX/IR/ONNXInterfaces.h.inc"

#define GET_OP_CLASSES
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h.inc"

#endif // ONNXC_DIALECT_ONNX_IR_ONNXOPS_H
