//===- TensorOps.cpp - Importing constants and shape manipulation ---------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

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
      "value",       "sparse_value", "value_float",  "value_floats",
      "value_int",   "value_ints",   "value_string", "value_strings"};
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

} // namespace

void registerTensorHandlers(OpRegistry &registry) {
  registry.add("Constant", 1, importConstantV1);
  registry.add("Constant", 12, importConstantV12);
  registry.add("Flatten", 1, importFlatten);
  registry.add("Identity", 1, importIdentity);
  registry.add("Reshape", 1, importReshapeV1);
  registry.add("Reshape", 5, importReshapeV5);
  registry.add("Reshape", 14, importReshapeV14);
  registry.add("Shape", 1, importShapeV1);
  registry.add("Shape", 15, importShapeV15);
  registry.add("Transpose", 1, importTranspose);
}

} // namespace onnxc::importer
