//===- QuantizationOps.cpp - Importing quantization and integer products --===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// The element type that the optional dtype attribute `name` names (0, or
/// absent, leaves the op's default).
LogicalResult copyDtypeAttr(NodeBinder &b, NamedAttrList &attrs,
                            StringRef name) {
  std::optional<int64_t> dtype;
  if (failed(b.optionalIntAttr(name, dtype)))
    return failure();
  if (!dtype || *dtype == 0)
    return success();
  Type type = onnx::getElementTypeForONNXDataType(b.getContext(), *dtype);
  if (!type)
    return b.emitError() << name << " " << *dtype << " is not supported";
  attrs.set(name, TypeAttr::get(type));
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeLinear, DequantizeLinear
//===----------------------------------------------------------------------===//

/// What each version added: axis (13), saturate (19, only for float8
/// outputs, which onnxc does not have), block_size and output_dtype (21),
/// precision (23).
struct QuantizeVersion {
  bool hasAxis, hasSaturate, hasBlocks, hasPrecision;
};

LogicalResult importQuantizeLinearCommon(NodeBinder &b,
                                         QuantizeVersion version) {
  Value x, scale, zeroPoint;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.optionalInput(2, zeroPoint)))
    return failure();
  if (version.hasAxis && failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  if (version.hasSaturate)
    b.ignoreAttr("saturate");
  if (version.hasBlocks && (failed(b.copyIntAttr(attrs, "block_size")) ||
                            failed(copyDtypeAttr(b, attrs, "output_dtype"))))
    return failure();
  if (version.hasPrecision) {
    // ONNX QuantizeLinear-23: the precision of x / y_scale. onnxc divides in
    // f32, which is y_scale's type or more precise.
    std::optional<int64_t> precision;
    if (failed(b.optionalIntAttr("precision", precision)))
      return failure();
    if (precision && *precision != 0 && *precision != 1)
      return b.emitError() << "precision " << *precision
                           << " is not supported; onnxc divides in float";
  }
  SmallVector<Value> operands{x, scale};
  if (zeroPoint)
    operands.push_back(zeroPoint);
  return b.createAndBind<onnx::QuantizeLinearOp>(operands, attrs.getAttrs());
}

LogicalResult importQuantizeLinearV10(NodeBinder &b) {
  return importQuantizeLinearCommon(b, {false, false, false, false});
}
LogicalResult importQuantizeLinearV13(NodeBinder &b) {
  return importQuantizeLinearCommon(b, {true, false, false, false});
}
LogicalResult importQuantizeLinearV19(NodeBinder &b) {
  return importQuantizeLinearCommon(b, {true, true, false, false});
}
LogicalResult importQuantizeLinearV21(NodeBinder &b) {
  return importQuantizeLinearCommon(b, {true, true, true, false});
}
LogicalResult importQuantizeLinearV23(NodeBinder &b) {
  return importQuantizeLinearCommon(b, {true, true, true, true});
}

/// What each version added: axis (13), block_size (21), output_dtype (23).
struct DequantizeVersion {
  bool hasAxis, hasBlockSize, hasOutputDtype;
};

LogicalResult importDequantizeLinearCommon(NodeBinder &b,
                                           DequantizeVersion version) {
  Value x, scale, zeroPoint;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.optionalInput(2, zeroPoint)))
    return failure();
  if (version.hasAxis && failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  if (version.hasBlockSize && failed(b.copyIntAttr(attrs, "block_size")))
    return failure();
  if (version.hasOutputDtype && failed(copyDtypeAttr(b, attrs, "output_dtype")))
    return failure();
  SmallVector<Value> operands{x, scale};
  if (zeroPoint)
    operands.push_back(zeroPoint);
  return b.createAndBind<onnx::DequantizeLinearOp>(operands, attrs.getAttrs());
}

LogicalResult importDequantizeLinearV10(NodeBinder &b) {
  return importDequantizeLinearCommon(b, {false, false, false});
}
LogicalResult importDequantizeLinearV13(NodeBinder &b) {
  return importDequantizeLinearCommon(b, {true, false, false});
}
LogicalResult importDequantizeLinearV21(NodeBinder &b) {
  return importDequantizeLinearCommon(b, {true, true, false});
}
LogicalResult importDequantizeLinearV23(NodeBinder &b) {
  return importDequantizeLinearCommon(b, {true, true, true});
}

LogicalResult importDynamicQuantizeLinear(NodeBinder &b) {
  Value x;
  if (failed(b.input(0, x)))
    return failure();
  return b.createAndBind<onnx::DynamicQuantizeLinearOp>({x}, {},
                                                        /*numResults=*/3);
}

//===----------------------------------------------------------------------===//
// Integer products
//===----------------------------------------------------------------------===//

LogicalResult importMatMulInteger(NodeBinder &b) {
  Value a, bMatrix, aZeroPoint, bZeroPoint;
  if (failed(b.input(0, a)) || failed(b.input(1, bMatrix)) ||
      failed(b.optionalInput(2, aZeroPoint)) ||
      failed(b.optionalInput(3, bZeroPoint)))
    return failure();
  SmallVector<Value> operands{a, bMatrix};
  for (Value zeroPoint : {aZeroPoint, bZeroPoint})
    if (zeroPoint)
      operands.push_back(zeroPoint);
  NamedAttrList attrs;
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr(
                {1, 1, aZeroPoint ? 1 : 0, bZeroPoint ? 1 : 0}));
  return b.createAndBind<onnx::MatMulIntegerOp>(operands, attrs.getAttrs());
}

/// QLinearMatMul-10 and 21 differ only in the types they allow.
LogicalResult importQLinearMatMul(NodeBinder &b) {
  SmallVector<Value> operands(8);
  for (auto [index, operand] : llvm::enumerate(operands))
    if (failed(b.input(index, operand)))
      return failure();
  return b.createAndBind<onnx::QLinearMatMulOp>(operands);
}

/// Conv's attributes, which ConvInteger and QLinearConv share.
LogicalResult copyConvAttrs(NodeBinder &b, NamedAttrList &attrs) {
  if (failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntAttr(attrs, "group")))
    return failure();
  for (StringRef name : {"dilations", "kernel_shape", "pads", "strides"})
    if (failed(b.copyIntsAttr(attrs, name)))
      return failure();
  return success();
}

LogicalResult importConvInteger(NodeBinder &b) {
  Value x, w, xZeroPoint, wZeroPoint;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, w)) ||
      failed(b.optionalInput(2, xZeroPoint)) ||
      failed(b.optionalInput(3, wZeroPoint)) || failed(copyConvAttrs(b, attrs)))
    return failure();
  SmallVector<Value> operands{x, w};
  for (Value zeroPoint : {xZeroPoint, wZeroPoint})
    if (zeroPoint)
      operands.push_back(zeroPoint);
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr(
                {1, 1, xZeroPoint ? 1 : 0, wZeroPoint ? 1 : 0}));
  return b.createAndBind<onnx::ConvIntegerOp>(operands, attrs.getAttrs());
}

LogicalResult importQLinearConv(NodeBinder &b) {
  SmallVector<Value> operands(8);
  for (auto [index, operand] : llvm::enumerate(operands))
    if (failed(b.input(index, operand)))
      return failure();
  Value bias;
  NamedAttrList attrs;
  if (failed(b.optionalInput(8, bias)) || failed(copyConvAttrs(b, attrs)))
    return failure();
  if (bias)
    operands.push_back(bias);
  return b.createAndBind<onnx::QLinearConvOp>(operands, attrs.getAttrs());
}

} // namespace

void registerQuantizationHandlers(OpRegistry &registry) {
  registry.add("ConvInteger", 10, importConvInteger);

  registry.add("DequantizeLinear", 10, importDequantizeLinearV10);
  registry.add("DequantizeLinear", 13, importDequantizeLinearV13);
  registry.add("DequantizeLinear", 21, importDequantizeLinearV21);
  registry.add("DequantizeLinear", 23, importDequantizeLinearV23);

  registry.add("DynamicQuantizeLinear", 11, importDynamicQuantizeLinear);
  registry.add("MatMulInteger", 10, importMatMulInteger);
  registry.add("QLinearConv", 10, importQLinearConv);
  registry.add("QLinearMatMul", 10, importQLinearMatMul);

  registry.add("QuantizeLinear", 10, importQuantizeLinearV10);
  registry.add("QuantizeLinear", 13, importQuantizeLinearV13);
  registry.add("QuantizeLinear", 19, importQuantizeLinearV19);
  registry.add("QuantizeLinear", 21, importQuantizeLinearV21);
  registry.add("QuantizeLinear", 23, importQuantizeLinearV23);
}

} // namespace onnxc::importer
