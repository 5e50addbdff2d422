//===- NNOps.cpp - Importing convolution, pooling, Softmax and Dropout ----===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

/// Conv-1, 11 and 22 differ only in documentation and types.
LogicalResult importConv(NodeBinder &b) {
  Value x, w, bias;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, w)) ||
      failed(b.optionalInput(2, bias)) ||
      failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntsAttr(attrs, "dilations")) ||
      failed(b.copyIntAttr(attrs, "group")) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape")) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  SmallVector<Value> operands{x, w};
  if (bias)
    operands.push_back(bias);
  return b.createAndBind<onnx::ConvOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// MaxPool
//===----------------------------------------------------------------------===//

/// What each MaxPool version added: Indices and storage_order (8), then
/// ceil_mode and dilations (10). Later versions only widened the types.
struct MaxPoolVersion {
  bool hasIndices;
  bool hasCeilModeAndDilations;
};

LogicalResult importMaxPoolCommon(NodeBinder &b, MaxPoolVersion version) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  if (version.hasIndices && failed(b.copyIntAttr(attrs, "storage_order")))
    return failure();
  if (version.hasCeilModeAndDilations &&
      (failed(b.copyIntAttr(attrs, "ceil_mode")) ||
       failed(b.copyIntsAttr(attrs, "dilations"))))
    return failure();
  unsigned numResults = version.hasIndices && b.hasOutput(1) ? 2 : 1;
  return b.createAndBind<onnx::MaxPoolOp>({x}, attrs.getAttrs(), numResults);
}

LogicalResult importMaxPoolV1(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/false,
                                 /*hasCeilModeAndDilations=*/false});
}

LogicalResult importMaxPoolV8(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/true,
                                 /*hasCeilModeAndDilations=*/false});
}

LogicalResult importMaxPoolV10(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/true,
                                 /*hasCeilModeAndDilations=*/true});
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

/// Softmax-1/11 flatten the input to 2-D at `axis` (default 1): a different
/// computation from Softmax-13, hence a different op.
LogicalResult importSoftmaxV1(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::SoftmaxV1Op>({input}, attrs.getAttrs());
}

/// Softmax-13 normalises along `axis` alone (default -1).
LogicalResult importSoftmaxV13(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::SoftmaxOp>({input}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

/// At inference Dropout passes its input through. Its `mask` output (all
/// true then) is not supported; an unread mask is dropped.
LogicalResult importDropoutCommon(NodeBinder &b) {
  Value data;
  if (failed(b.input(0, data)))
    return failure();
  if (b.isOutputUsed(1))
    return b.emitError() << "Dropout's 'mask' output '"
                         << b.getNode().output(1)
                         << "' is used, which onnxc does not support";
  b.ignoreOutput(1);
  return b.createAndBind<onnx::IdentityOp>({data});
}

/// Dropout-1/6: `is_test` and `ratio` only matter in training.
LogicalResult importDropoutV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  b.ignoreAttr("is_test");
  b.ignoreAttr("ratio");
  return importDropoutCommon(b);
}

LogicalResult importDropoutV7(NodeBinder &b) {
  b.ignoreAttr("ratio");
  return importDropoutCommon(b);
}

/// Dropout-12: ratio and training_mode became inputs. Training mode (a
/// random mask) is not supported; it must be absent or a constant false.
LogicalResult importDropoutV12(NodeBinder &b) {
  Value ratio, trainingMode;
  b.ignoreAttr("seed");
  if (failed(b.optionalInput(1, ratio)) ||
      failed(b.optionalInput(2, trainingMode)))
    return failure();
  if (trainingMode) {
    FailureOr<SmallVector<int64_t>> values =
        onnx::getConstantIntValues(trainingMode);
    if (failed(values) || llvm::any_of(*values, [](int64_t v) { return v; }))
      return b.emitError() << "Dropout in training mode is not supported "
                              "('training_mode' must be absent or a constant "
                              "false)";
  }
  return importDropoutCommon(b);
}

} // namespace

void registerNNHandlers(OpRegistry &registry) {
  registry.add("Conv", 1, importConv);

  registry.add("Dropout", 1, importDropoutV1);
  registry.add("Dropout", 7, importDropoutV7);
  registry.add("Dropout", 12, importDropoutV12);

  registry.add("MaxPool", 1, importMaxPoolV1);
  registry.add("MaxPool", 8, importMaxPoolV8);
  registry.add("MaxPool", 10, importMaxPoolV10);

  registry.add("Softmax", 1, importSoftmaxV1);
  registry.add("Softmax", 13, importSoftmaxV13);
}

} // namespace onnxc::importer
