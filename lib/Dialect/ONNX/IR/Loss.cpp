//===- Loss.cpp - Shape rules of the loss functions -----------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {

/// The loss type of NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss:
/// `input` is (N x C x D1 ... Dk), `target` (N x D1 ... Dk) and `weight`
/// (C); the loss is (N x D1 ... Dk) for reduction "none", else a scalar.
static LogicalResult inferLossType(Operation *op, Value input, Value target,
                                   Value weight, StringRef reduction,
                                   SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<TensorType>(input.getType());
  auto targetType = cast<TensorType>(target.getType());
  Type elementType = inputType.getElementType();
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return op->emitOpError("reduction must be \"none\", \"sum\" or \"mean\", "
                           "got \"")
           << reduction << "\"";
  if (weight && getElementTypeOrSelf(weight) != elementType)
    return op->emitOpError("the weights must hold ")
           << elementType << ", as the input does, got " << weight.getType();
  if (inputType.hasRank() && inputType.getRank() < 2)
    return op->emitOpError("the input must be (N x C x D1 ... Dk), got ")
           << inputType;
  // The per-element loss has the target's shape, N and D1 ... Dk of the
  // input's.
  Type elementLoss = UnrankedTensorType::get(elementType);
  if (inputType.hasRank()) {
    SmallVector<int64_t> shape{inputType.getDimSize(0)};
    llvm::append_range(shape, inputType.getShape().drop_front(2));
    elementLoss = RankedTensorType::get(shape, elementType);
  }
  if (targetType.hasRank()) {
    Type fromTarget =
        RankedTensorType::get(targetType.getShape(), elementType);
    Type both = meetTensorTypes(elementLoss, fromTarget);
    if (!both)
      return op->emitOpError("the target must be (N x D1 ... Dk) for an input ")
             << inputType << ", got " << targetType;
    elementLoss = both;
  }
  if (auto weightType = weight ? dyn_cast<RankedTensorType>(weight.getType())
                               : RankedTensorType();
      weightType) {
    int64_t classes =
        inputType.hasRank() ? inputType.getDimSize(1) : ShapedType::kDynamic;
    if (weightType.getRank() != 1 ||
        failed(verifyCompatibleShape({classes}, weightType.getShape())))
      return op->emitOpError("the weights must be a vector of one value per "
                             "class, got ")
             << weightType;
  }
  inferred.push_back(reduction == "none"
                         ? elementLoss
                         : RankedTensorType::get({}, elementType));
  return success();
}

LogicalResult NegativeLogLikelihoodLossOp::inferResultTypes(
    SmallVectorImpl<Type> &inferred) {
  return inferLossType(*this, getInput(), getTarget(), getWeight(),
                       getReduction(), inferred);
}

LogicalResult
SoftmaxCrossEntropyLossOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(inferLossType(*this, getScores(), getLabels(), getWeights(),
                           getReduction(), inferred)))
    return failure();
  if (getLogProb())
    inferred.push_back(getScores().getType());
  return success();
}

} // namespace onnxc::onnx
