//===- LossOps.cpp - Importing the loss functions -------------------------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// NegativeLogLikelihoodLoss (12, 13, 22) and SoftmaxCrossEntropyLoss (12,
/// 13): the versions differ only in their types, and the two operators share
/// their inputs and attributes. `maxResults` counts the optional outputs
/// (SoftmaxCrossEntropyLoss's log_prob).
template <typename OpTy, unsigned maxResults>
LogicalResult importLoss(NodeBinder &b) {
  Value input, target, weight;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.input(1, target)) ||
      failed(b.optionalInput(2, weight)) ||
      failed(b.copyIntAttr(attrs, "ignore_index")) ||
      failed(b.copyStringAttr(attrs, "reduction")))
    return failure();
  SmallVector<Value> operands{input, target};
  if (weight)
    operands.push_back(weight);
  unsigned numResults = 1;
  while (numResults < maxResults && b.hasOutput(numResults))
    ++numResults;
  return b.createAndBind<OpTy>(operands, attrs.getAttrs(), numResults);
}

} // namespace

void registerLossHandlers(OpRegistry &registry) {
  registry.add("NegativeLogLikelihoodLoss", 12,
               importLoss<onnx::NegativeLogLikelihoodLossOp, 1>);
  registry.add("SoftmaxCrossEntropyLoss", 12,
               importLoss<onnx::SoftmaxCrossEntropyLossOp, 2>);
}

} // namespace onnxc::importer
