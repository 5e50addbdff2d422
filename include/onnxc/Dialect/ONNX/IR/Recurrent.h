//===- Recurrent.h - What RNN, GRU and LSTM share ---------------*- C++ -*-===//
//
// The activation functions of the recurrent ops, resolved once from their
// attributes and ONNX's defaults, for the verifier and the lowering alike.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_RECURRENT_H
#define ONNXC_DIALECT_ONNX_IR_RECURRENT_H

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include <string>

namespace onnxc::onnx {

/// One activation function of a recurrent cell with its parameters.
struct RecurrentActivation {
  enum class Kind {
    Affine,
    Elu,
    HardSigmoid,
    LeakyRelu,
    Relu,
    ScaledTanh,
    Sigmoid,
    Softplus,
    Softsign,
    Tanh,
    ThresholdedRelu,
  };
  Kind kind;
  float alpha = 0.0f;
  float beta = 0.0f;
};

/// The activation functions of every direction, `defaults.size()` per
/// direction (ONNX's f, g[, h]), directions one after the other. `names`
/// lists them for all directions or is absent for the defaults; the listed
/// functions that take an alpha (beta) consume `alphas` (`betas`) in order,
/// the others take ONNX's defaults. On failure `error` says what is wrong.
mlir::FailureOr<llvm::SmallVector<RecurrentActivation>>
resolveRecurrentActivations(std::optional<mlir::ArrayAttr> names,
                            std::optional<mlir::ArrayAttr> alphas,
                            std::optional<mlir::ArrayAttr> betas,
                            llvm::ArrayRef<llvm::StringLiteral> defaults,
                            int64_t numDirections, std::string &error);

/// The activation functions of a recurrent op (RNNOp, GRUOp, LSTMOp).
template <typename OpTy>
mlir::FailureOr<llvm::SmallVector<RecurrentActivation>>
getActivationFunctions(OpTy op, std::string &error) {
  return resolveRecurrentActivations(
      op.getActivations(), op.getActivationAlpha(), op.getActivationBeta(),
      OpTy::getDefaultActivations(), op.getNumDirections(), error);
}

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_RECURRENT_H
