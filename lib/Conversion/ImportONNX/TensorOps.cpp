//===- TensorOps.cpp - Importing constants and shape manipulation ---------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

/// The value_* forms that Constant-12 added, with the tensor each makes.
LogicalResult importConstantValueForm(NodeBinder &b, StringRef name,
                                      ElementsAttr &value) {
  using AP = ::onnx::AttributeProto;
  MLIRContext *context = b.getContext();
  Type f32 = Float32Type::get(context);
  Type i64 = IntegerType::get(context, 64);
  const AP *attr;
  auto bytesOf = [](const auto &values) {
    return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                          values.size() * sizeof(*values.data()));
  };
  StringRef blobName;
  if (b.getNode().output_size())
    blobName = b.getNode().output(0);
  TensorImporter &tensors = b.getTensorImporter();
  if (name == "value_float") {
    if (failed(b.rawAttr(name, AP::FLOAT, attr)))
      return failure();
    float scalar = attr->f();
    value = tensors.createElementsAttr(
        RankedTensorType::get({}, f32),
        ArrayRef<char>(reinterpret_cast<const char *>(&scalar), sizeof(float)),
        blobName);
    return success();
  }
  if (name == "value_floats") {
    if (failed(b.rawAttr(name, AP::FLOATS, attr)))
      return failure();
    value = tensors.createElementsAttr(
        RankedTensorType::get({attr->floats_size()}, f32),
        bytesOf(attr->floats()), blobName);
    return success();
  }
  if (name == "value_int") {
    if (failed(b.rawAttr(name, AP::INT, attr)))
      return failure();
    int64_t scalar = attr->i();
    value = tensors.createElementsAttr(
        RankedTensorType::get({}, i64),
        ArrayRef<char>(reinterpret_cast<const char *>(&scalar),
                       sizeof(int64_t)),
        blobName);
    return success();
  }
  if (name == "value_ints") {
    if (failed(b.rawAttr(name, AP::INTS, attr)))
      return failure();
    value = tensors.createElementsAttr(
        RankedTensorType::get({attr->ints_size()}, i64), bytesOf(attr->ints()),
        blobName);
    return success();
  }
  if (name == "value") {
    if (failed(b.rawAttr(name, AP::TENSOR, attr)))
      return failure();
    std::string what =
        ("attribute 'value' of node '" + b.getNodeName() + "'").str();
    FailureOr<ElementsAttr> tensor =
        tensors.importTensor(attr->t(), b.getLoc(), what, blobName);
    if (failed(tensor))
      return failure();
    value = *tensor;
    return success();
  }
  // sparse_value, value_string, value_strings.
  b.ignoreAttr(name);
  return b.emitError() << "Constant with '" << name
                       << "' is not supported (onnxc has no sparse or "
                          "string tensors)";
}

/// Exactly one of `forms` holds the value.
LogicalResult importConstantFrom(NodeBinder &b, ArrayRef<StringRef> forms) {
  SmallVector<StringRef> present;
  for (StringRef form : forms)
    if (b.hasAttr(form))
      present.push_back(form);
  if (present.size() != 1) {
    InFlightDiagnostic diag = b.emitError() << "needs exactly one of ";
    llvm::interleaveComma(forms, diag,
                          [&](StringRef form) { diag << "'" << form << "'"; });
    return diag << ", got " << present.size();
  }
  ElementsAttr value;
  if (failed(importConstantValueForm(b, present.front(), value)))
    return failure();
  NamedAttrList attrs;
  attrs.set("value", value);
  return b.createAndBind<onnx::ConstantOp>({}, attrs.getAttrs());
}

/// Constant-1/9 hold a tensor; Constant-11 added sparse_value.
LogicalResult importConstantV1(NodeBinder &b) {
  static constexpr StringRef forms[] = {"value", "sparse_value"};
  return importConstantFrom(b, forms);
}

LogicalResult importConstantV12(NodeBinder &b) {
  static constexpr StringRef forms[] = {
      "value",     "sparse_value", "value_float",  "value_floats",
      "value_int", "value_ints",   "value_string", "value_strings"};
  return importConstantFrom(b, forms);
}

//===----------------------------------------------------------------------===//
// Identity, Shape, Reshape, Transpose, Flatten
//===----------------------------------------------------------------------===//

LogicalResult importIdentity(NodeBinder &b) {
  Value input;
  if (failed(b.input(0, input)))
    return failure();
  return b.createAndBind<onnx::IdentityOp>({input});
}

LogicalResult importShapeV1(NodeBinder &b) {
  Value data;
  if (failed(b.input(0, data)))
    return failure();
  return b.createAndBind<onnx::ShapeOp>({data});
}

/// Shape-15 slices the shape to [start, end).
LogicalResult importShapeV15(NodeBinder &b) {
  Value data;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.copyIntAttr(attrs, "start")) ||
      failed(b.copyIntAttr(attrs, "end")))
    return failure();
  return b.createAndBind<onnx::ShapeOp>({data}, attrs.getAttrs());
}

/// Reshape-1 takes the shape as an attribute; onnx.Reshape takes an operand.
LogicalResult importReshapeV1(NodeBinder &b) {
  Value data;
  SmallVector<int64_t> shape;
  b.ignoreAttr("consumed_inputs");
  if (failed(b.input(0, data)) || failed(b.requiredIntsAttr("shape", shape)))
    return failure();
  FailureOr<Value> shapeValue = b.createI64Constant(shape);
  if (failed(shapeValue))
    return failure();
  return b.createAndBind<onnx::ReshapeOp>({data, *shapeValue});
}

LogicalResult importReshapeV5(NodeBinder &b) {
  Value data, shape;
  if (failed(b.input(0, data)) || failed(b.input(1, shape)))
    return failure();
  return b.createAndBind<onnx::ReshapeOp>({data, shape});
}

/// Reshape-14 added allowzero: a 0 in `shape` means size 0, not "copy".
LogicalResult importReshapeV14(NodeBinder &b) {
  Value data, shape;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, shape)) ||
      failed(b.copyIntAttr(attrs, "allowzero")))
    return failure();
  return b.createAndBind<onnx::ReshapeOp>({data, shape}, attrs.getAttrs());
}

LogicalResult importTranspose(NodeBinder &b) {
  Value data;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.copyIntsAttr(attrs, "perm")))
    return failure();
  return b.createAndBind<onnx::TransposeOp>({data}, attrs.getAttrs());
}

LogicalResult importFlatten(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::FlattenOp>({input}, attrs.getAttrs());
}

LogicalResult importSize(NodeBinder &b) {
  Value data;
  if (failed(b.input(0, data)))
    return failure();
  return b.createAndBind<onnx::SizeOp>({data});
}

//===----------------------------------------------------------------------===//
// Attributes that became inputs
//===----------------------------------------------------------------------===//

/// The INTS attribute `name` as a 1-D i64 constant operand, or null when the
/// node leaves it out.
LogicalResult intsAttrAsOperand(NodeBinder &b, StringRef name, Value &value,
                                bool required = false) {
  value = {};
  std::optional<SmallVector<int64_t>> values;
  if (failed(b.optionalIntsAttr(name, values)))
    return failure();
  if (!values) {
    if (required)
      return b.emitError() << "required attribute '" << name
                           << "' (INTS) is missing";
    return success();
  }
  FailureOr<Value> constant = b.createI64Constant(*values);
  if (failed(constant))
    return failure();
  value = *constant;
  return success();
}

//===----------------------------------------------------------------------===//
// Squeeze, Unsqueeze, Concat, Split
//===----------------------------------------------------------------------===//

/// Squeeze-1/11 take `axes` as an attribute.
LogicalResult importSqueezeV1(NodeBinder &b) {
  Value data, axes;
  if (failed(b.input(0, data)) || failed(intsAttrAsOperand(b, "axes", axes)))
    return failure();
  SmallVector<Value> operands{data};
  if (axes)
    operands.push_back(axes);
  return b.createAndBind<onnx::SqueezeOp>(operands);
}

LogicalResult importSqueezeV13(NodeBinder &b) {
  Value data, axes;
  if (failed(b.input(0, data)) || failed(b.optionalInput(1, axes)))
    return failure();
  SmallVector<Value> operands{data};
  if (axes)
    operands.push_back(axes);
  return b.createAndBind<onnx::SqueezeOp>(operands);
}

/// Unsqueeze-1/11 take `axes` as an attribute.
LogicalResult importUnsqueezeV1(NodeBinder &b) {
  Value data, axes;
  if (failed(b.input(0, data)) ||
      failed(intsAttrAsOperand(b, "axes", axes, /*required=*/true)))
    return failure();
  return b.createAndBind<onnx::UnsqueezeOp>({data, axes});
}

LogicalResult importUnsqueezeV13(NodeBinder &b) {
  Value data, axes;
  if (failed(b.input(0, data)) || failed(b.input(1, axes)))
    return failure();
  return b.createAndBind<onnx::UnsqueezeOp>({data, axes});
}

/// Concat takes any number of inputs.
LogicalResult importConcat(NodeBinder &b, std::optional<int64_t> defaultAxis) {
  SmallVector<Value> inputs;
  for (int index = 0, e = b.getNode().input_size(); index < e; ++index) {
    Value input;
    if (failed(b.input(index, input)))
      return failure();
    inputs.push_back(input);
  }
  std::optional<int64_t> axis;
  if (failed(b.optionalIntAttr("axis", axis)))
    return failure();
  if (!axis)
    axis = defaultAxis;
  if (!axis)
    return b.emitError() << "required attribute 'axis' (INT) is missing";
  NamedAttrList attrs;
  attrs.set("axis", b.getBuilder().getI64IntegerAttr(*axis));
  return b.createAndBind<onnx::ConcatOp>(inputs, attrs.getAttrs());
}

/// Concat-1 defaults axis to 1; from Concat-4 on it is required.
LogicalResult importConcatV1(NodeBinder &b) { return importConcat(b, 1); }
LogicalResult importConcatV4(NodeBinder &b) {
  return importConcat(b, std::nullopt);
}

/// Split makes one result per output the node names.
LogicalResult importSplitWith(NodeBinder &b, Value input, Value split) {
  NamedAttrList attrs;
  if (failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  SmallVector<Value> operands{input};
  if (split)
    operands.push_back(split);
  int numOutputs = b.getNode().output_size();
  if (numOutputs == 0)
    return b.emitError() << "has no outputs";
  return b.createAndBind<onnx::SplitOp>(operands, attrs.getAttrs(), numOutputs);
}

/// Split-1 takes the sizes as an optional second input or as an attribute;
/// Split-2/11 only as an attribute.
LogicalResult importSplitV1(NodeBinder &b) {
  Value input, split;
  if (failed(b.input(0, input)))
    return failure();
  if (b.getOpset() < 2 && failed(b.optionalInput(1, split)))
    return failure();
  if (!split && failed(intsAttrAsOperand(b, "split", split)))
    return failure();
  return importSplitWith(b, input, split);
}

LogicalResult importSplitV13(NodeBinder &b) {
  Value input, split;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, split)))
    return failure();
  return importSplitWith(b, input, split);
}

/// Split-18 added num_outputs, for splitting without `split`.
LogicalResult importSplitV18(NodeBinder &b) {
  std::optional<int64_t> numOutputs;
  if (failed(b.optionalIntAttr("num_outputs", numOutputs)))
    return failure();
  if (numOutputs && *numOutputs != b.getNode().output_size())
    return b.emitError() << "num_outputs is " << *numOutputs
                         << ", but the node has " << b.getNode().output_size()
                         << " outputs";
  return importSplitV13(b);
}

//===----------------------------------------------------------------------===//
// Slice, Pad, CenterCropPad
//===----------------------------------------------------------------------===//

/// Slice and Pad have two optional operands, so their operand groups are
/// spelled out.
NamedAttribute getOperandSegments(NodeBinder &b, ArrayRef<Value> optional,
                                  int32_t required) {
  SmallVector<int32_t> sizes(required, 1);
  for (Value operand : optional)
    sizes.push_back(operand ? 1 : 0);
  return b.getBuilder().getNamedAttr(
      "operandSegmentSizes", b.getBuilder().getDenseI32ArrayAttr(sizes));
}

LogicalResult createSlice(NodeBinder &b, Value data, Value starts, Value ends,
                          Value axes, Value steps) {
  SmallVector<Value> operands{data, starts, ends};
  for (Value operand : {axes, steps})
    if (operand)
      operands.push_back(operand);
  return b.createAndBind<onnx::SliceOp>(
      operands, {getOperandSegments(b, {axes, steps}, 3)});
}

/// Slice-1 takes starts, ends and axes as attributes.
LogicalResult importSliceV1(NodeBinder &b) {
  Value data, starts, ends, axes;
  if (failed(b.input(0, data)) ||
      failed(intsAttrAsOperand(b, "starts", starts, /*required=*/true)) ||
      failed(intsAttrAsOperand(b, "ends", ends, /*required=*/true)) ||
      failed(intsAttrAsOperand(b, "axes", axes)))
    return failure();
  return createSlice(b, data, starts, ends, axes, {});
}

LogicalResult importSliceV10(NodeBinder &b) {
  Value data, starts, ends, axes, steps;
  if (failed(b.input(0, data)) || failed(b.input(1, starts)) ||
      failed(b.input(2, ends)) || failed(b.optionalInput(3, axes)) ||
      failed(b.optionalInput(4, steps)))
    return failure();
  return createSlice(b, data, starts, ends, axes, steps);
}

LogicalResult createPad(NodeBinder &b, Value data, Value pads, Value value,
                        Value axes) {
  NamedAttrList attrs;
  if (failed(b.copyStringAttr(attrs, "mode")))
    return failure();
  attrs.append(getOperandSegments(b, {value, axes}, 2));
  SmallVector<Value> operands{data, pads};
  for (Value operand : {value, axes})
    if (operand)
      operands.push_back(operand);
  return b.createAndBind<onnx::PadOp>(operands, attrs.getAttrs());
}

/// Pad-1 names the pads `paddings`, Pad-2 `pads`; both take the constant as
/// the float attribute `value`.
LogicalResult importPadAttrs(NodeBinder &b, StringRef padsName) {
  Value data, pads;
  float value;
  if (failed(b.input(0, data)) ||
      failed(intsAttrAsOperand(b, padsName, pads, /*required=*/true)) ||
      failed(b.floatAttr("value", value, 0.0f)))
    return failure();
  Value constant;
  if (value != 0.0f) {
    auto elementType =
        dyn_cast<FloatType>(cast<TensorType>(data.getType()).getElementType());
    if (!elementType)
      return b.emitError() << "pads a non-float tensor with a float value";
    NamedAttrList attrs;
    attrs.set("value", DenseElementsAttr::get(
                           RankedTensorType::get({}, elementType),
                           b.getBuilder().getFloatAttr(elementType, value)));
    FailureOr<onnx::ConstantOp> op =
        b.create<onnx::ConstantOp>({}, attrs.getAttrs());
    if (failed(op))
      return failure();
    constant = *op;
  }
  return createPad(b, data, pads, constant, {});
}

LogicalResult importPadV1(NodeBinder &b) {
  return importPadAttrs(b, "paddings");
}
LogicalResult importPadV2(NodeBinder &b) { return importPadAttrs(b, "pads"); }

/// Pad-11 takes pads and the constant as inputs; Pad-18 added axes.
LogicalResult importPadV11(NodeBinder &b) {
  Value data, pads, value, axes;
  if (failed(b.input(0, data)) || failed(b.input(1, pads)) ||
      failed(b.optionalInput(2, value)))
    return failure();
  if (b.getOpset() >= 18 && failed(b.optionalInput(3, axes)))
    return failure();
  return createPad(b, data, pads, value, axes);
}

/// CenterCropPad-18.
LogicalResult importCenterCropPad(NodeBinder &b) {
  Value data, shape;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, shape)) ||
      failed(b.copyIntsAttr(attrs, "axes")))
    return failure();
  return b.createAndBind<onnx::CenterCropPadOp>({data, shape},
                                                attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Expand, Tile, DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

LogicalResult importExpand(NodeBinder &b) {
  Value input, shape;
  if (failed(b.input(0, input)) || failed(b.input(1, shape)))
    return failure();
  return b.createAndBind<onnx::ExpandOp>({input, shape});
}

/// Tile-6 on; Tile-1 (tiles and axis inputs) has no handler.
LogicalResult importTile(NodeBinder &b) {
  Value input, repeats;
  if (failed(b.input(0, input)) || failed(b.input(1, repeats)))
    return failure();
  return b.createAndBind<onnx::TileOp>({input, repeats});
}

/// DepthToSpace-1 has only DCR mode, the op's default.
LogicalResult importDepthToSpace(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  int64_t blocksize;
  if (failed(b.input(0, input)) || failed(b.copyStringAttr(attrs, "mode")) ||
      failed(b.intAttr("blocksize", blocksize, 0)))
    return failure();
  if (!b.hasAttr("blocksize"))
    return b.emitError() << "required attribute 'blocksize' (INT) is missing";
  attrs.set("blocksize", b.getBuilder().getI64IntegerAttr(blocksize));
  return b.createAndBind<onnx::DepthToSpaceOp>({input}, attrs.getAttrs());
}

LogicalResult importSpaceToDepth(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  int64_t blocksize;
  if (failed(b.input(0, input)) || failed(b.intAttr("blocksize", blocksize, 0)))
    return failure();
  if (!b.hasAttr("blocksize"))
    return b.emitError() << "required attribute 'blocksize' (INT) is missing";
  attrs.set("blocksize", b.getBuilder().getI64IntegerAttr(blocksize));
  return b.createAndBind<onnx::SpaceToDepthOp>({input}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// ConstantOfShape, Range, EyeLike, Trilu, OneHot
//===----------------------------------------------------------------------===//

LogicalResult importConstantOfShape(NodeBinder &b) {
  using AP = ::onnx::AttributeProto;
  Value input;
  const AP *attr;
  if (failed(b.input(0, input)) || failed(b.rawAttr("value", AP::TENSOR, attr)))
    return failure();
  NamedAttrList attrs;
  if (attr) {
    std::string what =
        ("attribute 'value' of node '" + b.getNodeName() + "'").str();
    FailureOr<ElementsAttr> value =
        b.getTensorImporter().importTensor(attr->t(), b.getLoc(), what, "");
    if (failed(value))
      return failure();
    attrs.set("value", *value);
  }
  return b.createAndBind<onnx::ConstantOfShapeOp>({input}, attrs.getAttrs());
}

LogicalResult importRange(NodeBinder &b) {
  Value start, limit, delta;
  if (failed(b.input(0, start)) || failed(b.input(1, limit)) ||
      failed(b.input(2, delta)))
    return failure();
  return b.createAndBind<onnx::RangeOp>({start, limit, delta});
}

LogicalResult importEyeLike(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  std::optional<int64_t> dtype;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "k")) ||
      failed(b.optionalIntAttr("dtype", dtype)))
    return failure();
  if (dtype) {
    Type type = onnx::getElementTypeForONNXDataType(b.getContext(), *dtype);
    if (!type)
      return b.emitError() << "dtype " << getDataTypeName(*dtype)
                           << " is not supported";
    attrs.set("dtype", TypeAttr::get(type));
  }
  return b.createAndBind<onnx::EyeLikeOp>({input}, attrs.getAttrs());
}

LogicalResult importTrilu(NodeBinder &b) {
  Value input, k;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, k)) ||
      failed(b.copyIntAttr(attrs, "upper")))
    return failure();
  SmallVector<Value> operands{input};
  if (k)
    operands.push_back(k);
  return b.createAndBind<onnx::TriluOp>(operands, attrs.getAttrs());
}

LogicalResult importOneHot(NodeBinder &b) {
  Value indices, depth, values;
  NamedAttrList attrs;
  if (failed(b.input(0, indices)) || failed(b.input(1, depth)) ||
      failed(b.input(2, values)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::OneHotOp>({indices, depth, values},
                                         attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Gather, scatter
//===----------------------------------------------------------------------===//

template <typename OpTy> LogicalResult importGatherLike(NodeBinder &b) {
  Value data, indices;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, indices)) ||
      failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<OpTy>({data, indices}, attrs.getAttrs());
}

/// GatherND-12 added batch_dims.
LogicalResult importGatherND(NodeBinder &b) {
  Value data, indices;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, indices)) ||
      failed(b.copyIntAttr(attrs, "batch_dims")))
    return failure();
  return b.createAndBind<onnx::GatherNDOp>({data, indices}, attrs.getAttrs());
}

/// Scatter-9 is ScatterElements without reduction; ScatterElements-16 added
/// `reduction`.
LogicalResult importScatterElements(NodeBinder &b) {
  Value data, indices, updates;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, indices)) ||
      failed(b.input(2, updates)) || failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyStringAttr(attrs, "reduction")))
    return failure();
  return b.createAndBind<onnx::ScatterElementsOp>({data, indices, updates},
                                                  attrs.getAttrs());
}

LogicalResult importScatterND(NodeBinder &b) {
  Value data, indices, updates;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.input(1, indices)) ||
      failed(b.input(2, updates)) ||
      failed(b.copyStringAttr(attrs, "reduction")))
    return failure();
  return b.createAndBind<onnx::ScatterNDOp>({data, indices, updates},
                                            attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// ReverseSequence
//===----------------------------------------------------------------------===//

/// ReverseSequence-10.
LogicalResult importReverseSequence(NodeBinder &b) {
  Value input, sequenceLens;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.input(1, sequenceLens)) ||
      failed(b.copyIntAttr(attrs, "batch_axis")) ||
      failed(b.copyIntAttr(attrs, "time_axis")))
    return failure();
  return b.createAndBind<onnx::ReverseSequenceOp>({input, sequenceLens},
                                                  attrs.getAttrs());
}

} // namespace

void registerTensorHandlers(OpRegistry &registry) {
  registry.add("CenterCropPad", 18, importCenterCropPad);
  registry.add("Concat", 1, importConcatV1);
  registry.add("Concat", 4, importConcatV4);
  registry.add("Constant", 1, importConstantV1);
  registry.add("Constant", 12, importConstantV12);
  registry.add("ConstantOfShape", 9, importConstantOfShape);
  registry.add("DepthToSpace", 1, importDepthToSpace);
  registry.add("Expand", 8, importExpand);
  registry.add("EyeLike", 9, importEyeLike);
  registry.add("Flatten", 1, importFlatten);
  registry.add("Gather", 1, importGatherLike<onnx::GatherOp>);
  registry.add("GatherElements", 11, importGatherLike<onnx::GatherElementsOp>);
  registry.add("GatherND", 11, importGatherND);
  registry.add("Identity", 1, importIdentity);
  registry.add("OneHot", 9, importOneHot);
  registry.add("Pad", 1, importPadV1);
  registry.add("Pad", 2, importPadV2);
  registry.add("Pad", 11, importPadV11);
  registry.add("Range", 11, importRange);
  registry.add("Reshape", 1, importReshapeV1);
  registry.add("Reshape", 5, importReshapeV5);
  registry.add("Reshape", 14, importReshapeV14);
  registry.add("ReverseSequence", 10, importReverseSequence);
  registry.add("Scatter", 9, importScatterElements);
  registry.add("ScatterElements", 11, importScatterElements);
  registry.add("ScatterND", 11, importScatterND);
  registry.add("Shape", 1, importShapeV1);
  registry.add("Shape", 15, importShapeV15);
  registry.add("Size", 1, importSize);
  registry.add("Slice", 1, importSliceV1);
  registry.add("Slice", 10, importSliceV10);
  registry.add("SpaceToDepth", 1, importSpaceToDepth);
  registry.add("Split", 1, importSplitV1);
  registry.add("Split", 13, importSplitV13);
  registry.add("Split", 18, importSplitV18);
  registry.add("Squeeze", 1, importSqueezeV1);
  registry.add("Squeeze", 13, importSqueezeV13);
  registry.add("Tile", 6, importTile);
  registry.add("Transpose", 1, importTranspose);
  registry.add("Trilu", 14, importTrilu);
  registry.add("Unsqueeze", 1, importUnsqueezeV1);
  registry.add("Unsqueeze", 13, importUnsqueezeV13);
}

} // namespace onnxc::importer
