//===- SignalOps.cpp - Importing DFT, STFT, windows and MelWeightMatrix ---===//

#include "NodeBinder.h"
#include "OpRegistry.h"
#include "TensorImporter.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// Reads `output_datatype` (a TensorProto data type) into a TypeAttr on the
/// op; absent, the op's default (f32) applies.
LogicalResult copyOutputDatatype(NodeBinder &b, NamedAttrList &attrs) {
  std::optional<int64_t> dataType;
  if (failed(b.optionalIntAttr("output_datatype", dataType)))
    return failure();
  if (!dataType)
    return success();
  Type type = onnx::getElementTypeForONNXDataType(b.getContext(), *dataType);
  if (!type || type.isInteger(1))
    return b.emitError() << "output_datatype " << getDataTypeName(*dataType)
                         << " is not supported";
  attrs.set("output_datatype", TypeAttr::get(type));
  return success();
}

//===----------------------------------------------------------------------===//
// DFT, STFT
//===----------------------------------------------------------------------===//

/// The onnx.DFT of every version, from its operands (`dftLength` and `axis`
/// may be null) and the attributes all versions share.
LogicalResult bindDFT(NodeBinder &b, Value input, Value dftLength, Value axis) {
  NamedAttrList attrs;
  if (failed(b.copyIntAttr(attrs, "inverse")) ||
      failed(b.copyIntAttr(attrs, "onesided")))
    return failure();
  attrs.set("operandSegmentSizes", b.getBuilder().getDenseI32ArrayAttr(
                                       {1, dftLength ? 1 : 0, axis ? 1 : 0}));
  SmallVector<Value> operands{input};
  for (Value operand : {dftLength, axis})
    if (operand)
      operands.push_back(operand);
  return b.createAndBind<onnx::DFTOp>(operands, attrs.getAttrs());
}

/// DFT-17: `axis` is an attribute (default 1), which the onnx op takes as a
/// constant operand.
LogicalResult importDFTV17(NodeBinder &b) {
  Value input, dftLength;
  int64_t axis;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, dftLength)) ||
      failed(b.intAttr("axis", axis, 1)))
    return failure();
  FailureOr<Value> axisValue = b.createI64Constant({axis});
  if (failed(axisValue))
    return failure();
  return bindDFT(b, input, dftLength, *axisValue);
}

/// DFT-20: `axis` became an optional input (default -2).
LogicalResult importDFTV20(NodeBinder &b) {
  Value input, dftLength, axis;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, dftLength)) ||
      failed(b.optionalInput(2, axis)))
    return failure();
  return bindDFT(b, input, dftLength, axis);
}

/// STFT-17.
LogicalResult importSTFT(NodeBinder &b) {
  Value signal, frameStep, window, frameLength;
  NamedAttrList attrs;
  if (failed(b.input(0, signal)) || failed(b.input(1, frameStep)) ||
      failed(b.optionalInput(2, window)) ||
      failed(b.optionalInput(3, frameLength)) ||
      failed(b.copyIntAttr(attrs, "onesided")))
    return failure();
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr(
                {1, 1, window ? 1 : 0, frameLength ? 1 : 0}));
  SmallVector<Value> operands{signal, frameStep};
  for (Value operand : {window, frameLength})
    if (operand)
      operands.push_back(operand);
  return b.createAndBind<onnx::STFTOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix
//===----------------------------------------------------------------------===//

/// The window ops of opset 17.
template <typename OpTy> LogicalResult importWindow(NodeBinder &b) {
  Value size;
  NamedAttrList attrs;
  if (failed(b.input(0, size)) || failed(b.copyIntAttr(attrs, "periodic")) ||
      failed(copyOutputDatatype(b, attrs)))
    return failure();
  return b.createAndBind<OpTy>({size}, attrs.getAttrs());
}

/// MelWeightMatrix-17.
LogicalResult importMelWeightMatrix(NodeBinder &b) {
  SmallVector<Value, 5> operands(5);
  NamedAttrList attrs;
  for (auto [index, operand] : llvm::enumerate(operands))
    if (failed(b.input(index, operand)))
      return failure();
  if (failed(copyOutputDatatype(b, attrs)))
    return failure();
  return b.createAndBind<onnx::MelWeightMatrixOp>(operands, attrs.getAttrs());
}

} // namespace

void registerSignalHandlers(OpRegistry &registry) {
  registry.add("BlackmanWindow", 17, importWindow<onnx::BlackmanWindowOp>);
  registry.add("DFT", 17, importDFTV17);
  registry.add("DFT", 20, importDFTV20);
  registry.add("HammingWindow", 17, importWindow<onnx::HammingWindowOp>);
  registry.add("HannWindow", 17, importWindow<onnx::HannWindowOp>);
  registry.add("MelWeightMatrix", 17, importMelWeightMatrix);
  registry.add("STFT", 17, importSTFT);
}

} // namespace onnxc::importer
