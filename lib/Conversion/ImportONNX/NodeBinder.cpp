//===- NodeBinder.cpp - One ONNX node's operands and attributes -----------===//

#include "NodeBinder.h"

#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace onnxc::importer {

using AttributeType = ::onnx::AttributeProto::AttributeType;

/// The type of an attribute. Models from before IR version 2 leave `type`
/// unset; then the one populated field says what it is.
static AttributeType getAttrType(const ::onnx::AttributeProto &attr) {
  using AP = ::onnx::AttributeProto;
  if (attr.type() != AP::UNDEFINED)
    return attr.type();
  if (attr.has_f())
    return AP::FLOAT;
  if (attr.has_i())
    return AP::INT;
  if (attr.has_s())
    return AP::STRING;
  if (attr.has_t())
    return AP::TENSOR;
  if (attr.has_g())
    return AP::GRAPH;
  if (attr.floats_size())
    return AP::FLOATS;
  if (attr.ints_size())
    return AP::INTS;
  if (attr.strings_size())
    return AP::STRINGS;
  if (attr.tensors_size())
    return AP::TENSORS;
  if (attr.graphs_size())
    return AP::GRAPHS;
  return AP::UNDEFINED;
}

static std::string getAttrTypeName(AttributeType type) {
  std::string name = ::onnx::AttributeProto::AttributeType_Name(type);
  return name.empty() ? "type " + std::to_string(static_cast<int>(type))
                      : name;
}

NodeBinder::NodeBinder(GraphImporter &graph, const ::onnx::NodeProto &node,
                       Location loc, StringRef nodeName, int64_t opset)
    : graph(graph), node(node), loc(loc), nodeName(nodeName.str()),
      opset(opset), readInputs(node.input_size()),
      handledOutputs(node.output_size()) {
  for (const ::onnx::AttributeProto &attr : node.attribute())
    if (!attrs.try_emplace(attr.name(), &attr).second)
      duplicateAttrs.push_back(attr.name());
}

InFlightDiagnostic NodeBinder::emitError() {
  return mlir::emitError(loc)
         << "node '" << nodeName << "' (" << node.op_type() << "-" << opset
         << "): ";
}

LogicalResult NodeBinder::verifyNode() {
  if (!duplicateAttrs.empty())
    return emitError() << "attribute '" << duplicateAttrs.front()
                       << "' appears more than once";
  return success();
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

LogicalResult NodeBinder::lookupInput(unsigned index, Value &value) {
  value = {};
  if (index >= static_cast<unsigned>(node.input_size()))
    return success();
  readInputs.set(index);
  const std::string &name = node.input(index);
  if (name.empty())
    return success();
  value = graph.lookup(name);
  if (!value)
    return emitError() << "input #" << index << " '" << name
                       << "' is not defined by a graph input, an initializer "
                          "or an earlier node (ONNX requires nodes in "
                          "topological order)";
  return success();
}

LogicalResult NodeBinder::optionalInput(unsigned index, Value &value) {
  if (failed(lookupInput(index, value)))
    return failure();
  // Shape rules read their operands as tensors.
  if (value && isa<onnx::SeqType>(value.getType()))
    return emitError() << "input #" << index << " '" << node.input(index)
                       << "' is a sequence, where " << node.op_type()
                       << " takes a tensor";
  return success();
}

LogicalResult NodeBinder::sequenceInput(unsigned index, Value &value) {
  if (failed(lookupInput(index, value)))
    return failure();
  if (!value)
    return emitError() << "required input #" << index << " is missing";
  if (!isa<onnx::SeqType>(value.getType()))
    return emitError() << "input #" << index << " '" << node.input(index)
                       << "' is a tensor, where " << node.op_type()
                       << " takes a sequence";
  return success();
}

LogicalResult NodeBinder::input(unsigned index, Value &value) {
  if (failed(optionalInput(index, value)))
    return failure();
  if (!value)
    return emitError() << "required input #" << index << " is missing";
  return success();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const ::onnx::AttributeProto *NodeBinder::findAttr(StringRef name) {
  auto it = attrs.find(name);
  if (it == attrs.end())
    return nullptr;
  readAttrs.insert(name);
  return it->second;
}

LogicalResult NodeBinder::checkAttrType(const ::onnx::AttributeProto &attr,
                                        AttributeType type) {
  AttributeType actual = getAttrType(attr);
  if (actual == type)
    return success();
  return emitError() << "attribute '" << attr.name() << "' must be "
                     << getAttrTypeName(type) << ", got "
                     << getAttrTypeName(actual);
}

LogicalResult NodeBinder::rawAttr(StringRef name, AttributeType type,
                                  const ::onnx::AttributeProto *&attr) {
  attr = findAttr(name);
  if (attr && failed(checkAttrType(*attr, type))) {
    attr = nullptr;
    return failure();
  }
  return success();
}

LogicalResult NodeBinder::optionalIntAttr(StringRef name,
                                          std::optional<int64_t> &value) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::INT, attr)))
    return failure();
  value = attr ? std::optional<int64_t>(attr->i()) : std::nullopt;
  return success();
}

LogicalResult NodeBinder::intAttr(StringRef name, int64_t &value,
                                  int64_t defaultValue) {
  std::optional<int64_t> present;
  if (failed(optionalIntAttr(name, present)))
    return failure();
  value = present.value_or(defaultValue);
  return success();
}

LogicalResult NodeBinder::floatAttr(StringRef name, float &value,
                                    float defaultValue) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::FLOAT, attr)))
    return failure();
  value = attr ? attr->f() : defaultValue;
  return success();
}

LogicalResult
NodeBinder::optionalIntsAttr(StringRef name,
                             std::optional<SmallVector<int64_t>> &values) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::INTS, attr)))
    return failure();
  values.reset();
  if (attr)
    values.emplace(attr->ints().begin(), attr->ints().end());
  return success();
}

LogicalResult NodeBinder::requiredIntsAttr(StringRef name,
                                           SmallVector<int64_t> &values) {
  std::optional<SmallVector<int64_t>> present;
  if (failed(optionalIntsAttr(name, present)))
    return failure();
  if (!present)
    return emitError() << "required attribute '" << name
                       << "' (INTS) is missing";
  values = std::move(*present);
  return success();
}

LogicalResult NodeBinder::graphAttr(StringRef name,
                                    const ::onnx::GraphProto *&subgraph) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::GRAPH, attr)))
    return failure();
  if (!attr)
    return emitError() << "required attribute '" << name
                       << "' (GRAPH) is missing";
  subgraph = &attr->g();
  return success();
}

LogicalResult NodeBinder::importSubgraph(const ::onnx::GraphProto &subgraph,
                                         StringRef attrName, Region &region,
                                         TypeRange argTypes) {
  std::string what = ("node '" + nodeName + "' (" + node.op_type() + "-" +
                      Twine(opset) + "): subgraph '" + attrName + "'")
                         .str();
  return graph.importSubgraph(subgraph, region, argTypes, loc, what);
}

LogicalResult NodeBinder::copyIntAttr(NamedAttrList &attrList,
                                      StringRef name) {
  std::optional<int64_t> value;
  if (failed(optionalIntAttr(name, value)))
    return failure();
  if (value)
    attrList.set(name, getBuilder().getI64IntegerAttr(*value));
  return success();
}

LogicalResult NodeBinder::copyFloatAttr(NamedAttrList &attrList,
                                        StringRef name) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::FLOAT, attr)))
    return failure();
  if (attr)
    attrList.set(name, getBuilder().getF32FloatAttr(attr->f()));
  return success();
}

LogicalResult NodeBinder::copyIntsAttr(NamedAttrList &attrList,
                                       StringRef name, bool required) {
  std::optional<SmallVector<int64_t>> values;
  if (failed(optionalIntsAttr(name, values)))
    return failure();
  if (!values && required)
    return emitError() << "required attribute '" << name
                       << "' (INTS) is missing";
  if (values)
    attrList.set(name, getBuilder().getI64ArrayAttr(*values));
  return success();
}

LogicalResult NodeBinder::copyStringAttr(NamedAttrList &attrList,
                                         StringRef name) {
  const ::onnx::AttributeProto *attr;
  if (failed(rawAttr(name, ::onnx::AttributeProto::STRING, attr)))
    return failure();
  if (attr)
    attrList.set(name, getBuilder().getStringAttr(attr->s()));
  return success();
}

//===----------------------------------------------------------------------===//
// Outputs and op creation
//===----------------------------------------------------------------------===//

bool NodeBinder::hasOutput(unsigned index) const {
  return index < static_cast<unsigned>(node.output_size()) &&
         !node.output(index).empty();
}

bool NodeBinder::isOutputUsed(unsigned index) const {
  return hasOutput(index) && graph.isUsed(node.output(index));
}

void NodeBinder::ignoreOutput(unsigned index) {
  if (index < handledOutputs.size())
    handledOutputs.set(index);
}

FailureOr<Operation *> NodeBinder::createOp(StringRef opName,
                                            ValueRange operands,
                                            ArrayRef<NamedAttribute> attrList,
                                            unsigned numResults,
                                            unsigned numRegions,
                                            RegionFiller fillRegions) {
  // Result types come from the op's own shape rule, so that the importer and
  // the `onnx-shape-inference` pass can never disagree; the placeholder is
  // replaced before anything sees the op.
  OperationState state(loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrList);
  Type placeholder = UnrankedTensorType::get(getBuilder().getF32Type());
  state.addTypes(SmallVector<Type>(numResults, placeholder));
  for (unsigned i = 0; i < numRegions; ++i)
    state.addRegion();
  Operation *op = getBuilder().create(state);
  // The shape rule of a control-flow op reads its regions' outputs.
  if (fillRegions && failed(fillRegions(op))) {
    op->erase();
    return failure();
  }
  auto shapeOp = dyn_cast<onnx::ShapeInferenceOpInterface>(op);
  SmallVector<Type> inferred;
  if (!shapeOp || failed(shapeOp.inferResultTypes(inferred)) ||
      inferred.size() != numResults) {
    // The op explained what contradicts the operator's rules.
    op->erase();
    return failure();
  }
  for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred))
    result.setType(type);
  if (failed(mlir::verify(op))) {
    op->erase();
    return failure();
  }
  createdOps.insert(op);
  return op;
}

FailureOr<Value> NodeBinder::createI64Constant(ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    getBuilder().getI64Type());
  NamedAttrList attrList;
  attrList.set("value", DenseIntElementsAttr::get(type, values));
  FailureOr<onnx::ConstantOp> constant =
      create<onnx::ConstantOp>({}, attrList.getAttrs());
  if (failed(constant))
    return failure();
  return constant->getResult();
}

LogicalResult NodeBinder::bindOutputs(ValueRange values) {
  for (auto [index, value] : llvm::enumerate(values)) {
    if (index >= static_cast<size_t>(node.output_size()))
      break;
    handledOutputs.set(index);
    const std::string &name = node.output(index);
    if (name.empty())
      continue;
    if (failed(graph.define(name, value, loc)))
      return failure();
  }
  return success();
}

LogicalResult NodeBinder::finish() {
  std::string opName = (node.op_type() + "-" + Twine(opset)).str();
  for (int index = 0, e = node.input_size(); index < e; ++index)
    if (!readInputs.test(index) && !node.input(index).empty())
      return emitError() << "has input #" << index << " '" << node.input(index)
                         << "', but " << opName << " takes only "
                         << readInputs.find_last() + 1 << " inputs";
  for (const ::onnx::AttributeProto &attr : node.attribute())
    if (!readAttrs.contains(attr.name()))
      return emitError() << "attribute '" << attr.name()
                         << "' is not an attribute of " << opName;
  for (int index = 0, e = node.output_size(); index < e; ++index)
    if (!handledOutputs.test(index) && !node.output(index).empty())
      return emitError() << "has output #" << index << " '"
                         << node.output(index) << "', which " << opName
                         << " does not produce";
  // A declaration (value_info, graph output) that contradicts the shape rule
  // is an error. One that is only more precise is not trusted: the runtime
  // checks inputs, and every other size must follow from them, or a wrong
  // claim in the model would become an out-of-bounds access.
  for (const std::string &name : node.output()) {
    Value value = name.empty() ? Value() : graph.lookup(name);
    Type declared = value ? graph.getDeclaredType(name) : Type();
    if (declared && !onnx::meetTensorTypes(value.getType(), declared))
      return emitError() << "declares '" << name << "' as " << declared
                         << ", but computes " << value.getType();
  }
  return success();
}

} // namespace onnxc::importer
