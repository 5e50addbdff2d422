//===- Einsum.h - ONNX Einsum equations -------------------------*- C++ -*-===//
//
// The equation of an onnx.Einsum resolved against its operands' shapes, once
// for the shape rule and the lowering alike.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_EINSUM_H
#define ONNXC_DIALECT_ONNX_IR_EINSUM_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace onnxc::onnx {

/// Every dim of every operand and of the result named by a label in
/// [0, numLabels). The dims `...` stands for come first, numbered
/// right-aligned across operands as they broadcast (labels
/// [0, numEllipsisDims)); letters follow in character order.
struct EinsumEquation {
  llvm::SmallVector<llvm::SmallVector<int64_t>> operandLabels;
  llvm::SmallVector<int64_t> resultLabels;
  int64_t numEllipsisDims = 0;
  int64_t numLabels = 0;

  bool isEllipsisLabel(int64_t label) const { return label < numEllipsisDims; }
};

/// Parses `equation` for operands of the given ranks. Without "->", the
/// result holds the `...` dims, then the letters used once, in alphabetical
/// order. On failure `error` says what is wrong.
mlir::FailureOr<EinsumEquation>
parseEinsumEquation(llvm::StringRef equation,
                    llvm::ArrayRef<int64_t> operandRanks, std::string &error);

/// The size of every label given the operands' shapes (kDynamic where no
/// operand knows it): the size shared by a letter's dims, or the broadcast
/// of the sizes of a `...` dim. Fails when known sizes disagree.
mlir::FailureOr<llvm::SmallVector<int64_t>>
computeEinsumLabelSizes(const EinsumEquation &equation,
                        llvm::ArrayRef<llvm::ArrayRef<int64_t>> operandShapes,
                        std::string &error);

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_EINSUM_H
