//===- DataDependentOps.cpp - Importing NonZero, Compress and Unique ------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// Compress-9 and 11 (which allowed a negative axis).
LogicalResult importCompress(NodeBinder &b) {
  Value input, condition;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.input(1, condition)) ||
      failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::CompressOp>({input, condition},
                                           attrs.getAttrs());
}

/// NonZero-9 and 13 (which only added types).
LogicalResult importNonZero(NodeBinder &b) {
  Value input;
  if (failed(b.input(0, input)))
    return failure();
  return b.createAndBind<onnx::NonZeroOp>({input});
}

/// Unique-11. The op always has the four results; the lowering computes only
/// those that are used.
LogicalResult importUnique(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "sorted")))
    return failure();
  return b.createAndBind<onnx::UniqueOp>({input}, attrs.getAttrs(),
                                         /*numResults=*/4);
}

} // namespace

void registerDataDependentHandlers(OpRegistry &registry) {
  registry.add("Compress", 9, importCompress);
  registry.add("NonZero", 9, importNonZero);
  registry.add("Unique", 11, importUnique);
}

} // namespace onnxc::importer
