//===- SequenceOps.cpp - Importing the sequence operators -----------------===//
//
// Every sequence operator is unchanged since opset 11. Sequence operands are
// read with NodeBinder::sequenceInput, which rejects a tensor in their place
// (and every other accessor a sequence).
//
//===----------------------------------------------------------------------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// ONNX SequenceEmpty: `dtype` defaults to float.
LogicalResult importSequenceEmpty(NodeBinder &b) {
  int64_t dtype;
  if (failed(b.intAttr("dtype", dtype, ::onnx::TensorProto::FLOAT)))
    return failure();
  Type elementType = onnx::getElementTypeForONNXDataType(b.getContext(), dtype);
  if (!elementType)
    return b.emitError() << "'dtype' " << getDataTypeName(dtype)
                         << " is not a supported element type";
  NamedAttrList attrs;
  attrs.set("dtype", TypeAttr::get(elementType));
  return b.createAndBind<onnx::SequenceEmptyOp>({}, attrs.getAttrs());
}

LogicalResult importSequenceConstruct(NodeBinder &b) {
  SmallVector<Value> inputs;
  for (int index = 0, e = b.getNode().input_size(); index < e; ++index) {
    Value input;
    if (failed(b.input(index, input)))
      return failure();
    inputs.push_back(input);
  }
  return b.createAndBind<onnx::SequenceConstructOp>(inputs);
}

LogicalResult importSequenceInsert(NodeBinder &b) {
  Value sequence, tensor, position;
  if (failed(b.sequenceInput(0, sequence)) || failed(b.input(1, tensor)) ||
      failed(b.optionalInput(2, position)))
    return failure();
  SmallVector<Value> operands{sequence, tensor};
  if (position)
    operands.push_back(position);
  return b.createAndBind<onnx::SequenceInsertOp>(operands);
}

LogicalResult importSequenceErase(NodeBinder &b) {
  Value sequence, position;
  if (failed(b.sequenceInput(0, sequence)) ||
      failed(b.optionalInput(1, position)))
    return failure();
  SmallVector<Value> operands{sequence};
  if (position)
    operands.push_back(position);
  return b.createAndBind<onnx::SequenceEraseOp>(operands);
}

LogicalResult importSequenceAt(NodeBinder &b) {
  Value sequence, position;
  if (failed(b.sequenceInput(0, sequence)) || failed(b.input(1, position)))
    return failure();
  return b.createAndBind<onnx::SequenceAtOp>({sequence, position});
}

LogicalResult importSequenceLength(NodeBinder &b) {
  Value sequence;
  if (failed(b.sequenceInput(0, sequence)))
    return failure();
  return b.createAndBind<onnx::SequenceLengthOp>({sequence});
}

LogicalResult importSplitToSequence(NodeBinder &b) {
  Value input, split;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, split)) ||
      failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "keepdims")))
    return failure();
  SmallVector<Value> operands{input};
  if (split)
    operands.push_back(split);
  return b.createAndBind<onnx::SplitToSequenceOp>(operands, attrs.getAttrs());
}

LogicalResult importConcatFromSequence(NodeBinder &b) {
  Value sequence;
  std::optional<int64_t> axis;
  NamedAttrList attrs;
  if (failed(b.sequenceInput(0, sequence)) ||
      failed(b.optionalIntAttr("axis", axis)) ||
      failed(b.copyIntAttr(attrs, "new_axis")))
    return failure();
  if (!axis)
    return b.emitError() << "required attribute 'axis' (INT) is missing";
  attrs.set("axis", b.getBuilder().getI64IntegerAttr(*axis));
  return b.createAndBind<onnx::ConcatFromSequenceOp>({sequence},
                                                     attrs.getAttrs());
}

} // namespace

void registerSequenceHandlers(OpRegistry &registry) {
  registry.add("ConcatFromSequence", 11, importConcatFromSequence);
  registry.add("SequenceAt", 11, importSequenceAt);
  registry.add("SequenceConstruct", 11, importSequenceConstruct);
  registry.add("SequenceEmpty", 11, importSequenceEmpty);
  registry.add("SequenceErase", 11, importSequenceErase);
  registry.add("SequenceInsert", 11, importSequenceInsert);
  registry.add("SequenceLength", 11, importSequenceLength);
  registry.add("SplitToSequence", 11, importSplitToSequence);
}

} // namespace onnxc::importer
