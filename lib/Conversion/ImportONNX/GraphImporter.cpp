//===- GraphImporter.cpp - An ONNX graph to a func.func -------------------===//

#include "GraphImporter.h"

#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"
#include "NodeBinder.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ScopeExit.h"

using namespace mlir;

namespace onnxc::importer {

/// Whether importTensorType accepts `type`; value_info that it would reject
/// is only a hint, and is dropped without a diagnostic.
static bool isImportableTensorType(MLIRContext *context,
                                   const ::onnx::TypeProto &type) {
  if (!type.has_tensor_type() ||
      !onnx::getElementTypeForONNXDataType(context,
                                           type.tensor_type().elem_type()))
    return false;
  return llvm::none_of(type.tensor_type().shape().dim(), [](const auto &dim) {
    return dim.has_dim_value() && dim.dim_value() < 0;
  });
}

/// The onnx.name / onnx.dim_params attributes of an argument or result.
static DictionaryAttr getInterfaceAttrs(Builder &builder, StringRef name,
                                        ArrayRef<std::string> dimParams) {
  SmallVector<NamedAttribute> attrs;
  attrs.push_back(builder.getNamedAttr(onnx::kNameAttr,
                                       builder.getStringAttr(name)));
  if (llvm::any_of(dimParams, [](const std::string &p) { return !p.empty(); }))
    attrs.push_back(builder.getNamedAttr(
        onnx::kDimParamsAttr,
        builder.getStrArrayAttr(SmallVector<StringRef>(dimParams.begin(),
                                                       dimParams.end()))));
  return builder.getDictionaryAttr(attrs);
}

GraphImporter::GraphImporter(MLIRContext *context,
                             const ::onnx::GraphProto &graph,
                             StringRef modelPath, const OpsetVersions &opsets,
                             const OpRegistry &registry,
                             const ImportOptions &options)
    : context(context), graph(graph), modelPath(modelPath.str()),
      opsets(opsets), registry(registry), builder(context),
      tensors(context, modelPath, options) {}

Location GraphImporter::getLoc(StringRef name) {
  return NameLoc::get(StringAttr::get(context, name),
                      FileLineColLoc::get(context, modelPath, 0, 0));
}

std::string GraphImporter::getNodeName(const ::onnx::GraphProto &graph,
                                       int index) {
  const ::onnx::NodeProto &node = graph.node(index);
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "#" + std::to_string(index);
}

int64_t GraphImporter::getOpsetVersion(StringRef domain) const {
  auto it = opsets.find(normalizeDomain(domain));
  return it == opsets.end() ? -1 : it->second;
}

Value GraphImporter::lookup(StringRef name) const {
  for (const std::unique_ptr<Scope> &scope : llvm::reverse(scopes))
    if (Value value = scope->values.lookup(name))
      return value;
  return {};
}

LogicalResult GraphImporter::define(StringRef name, Value value,
                                    Location loc) {
  if (!scopes.back()->values.try_emplace(name, value).second)
    return emitError(loc) << "value '" << name
                          << "' is defined more than once (ONNX graphs are in "
                             "SSA form)";
  return success();
}

Type GraphImporter::getDeclaredType(StringRef name) const {
  return scopes.back()->declaredTypes.lookup(name);
}

bool GraphImporter::isUsed(StringRef name) const {
  return scopes.back()->usedNames.contains(name);
}

/// The subgraphs held by a node's GRAPH and GRAPHS attributes.
static SmallVector<const ::onnx::GraphProto *>
getSubgraphs(const ::onnx::NodeProto &node) {
  SmallVector<const ::onnx::GraphProto *> subgraphs;
  for (const ::onnx::AttributeProto &attr : node.attribute()) {
    if (attr.has_g())
      subgraphs.push_back(&attr.g());
    for (const ::onnx::GraphProto &subgraph : attr.graphs())
      subgraphs.push_back(&subgraph);
  }
  return subgraphs;
}

//===----------------------------------------------------------------------===//
// Import steps
//===----------------------------------------------------------------------===//

/// Every node must have a handler before anything is built, so that a model
/// using several unsupported operators lists them all at once.
LogicalResult GraphImporter::checkNodesSupported(const ::onnx::GraphProto &graph,
                                                 int depth) {
  bool supported = true;
  for (int index = 0, e = graph.node_size(); index < e; ++index) {
    const ::onnx::NodeProto &node = graph.node(index);
    std::string name = getNodeName(graph, index);
    for (const ::onnx::GraphProto *subgraph : getSubgraphs(node)) {
      if (depth + 1 > kMaxSubgraphDepth) {
        emitError(getLoc(name))
            << "node '" << name << "' nests subgraphs more than "
            << kMaxSubgraphDepth << " levels deep, which onnxc refuses";
        return failure();
      }
      if (failed(checkNodesSupported(*subgraph, depth + 1)))
        supported = false;
    }
    StringRef domain = normalizeDomain(node.domain());
    int64_t version = getOpsetVersion(domain);
    if (version < 0) {
      emitError(getLoc(name))
          << "node '" << name << "' uses operator '" << node.op_type()
          << "' of domain '" << getDomainDisplayName(domain)
          << "', which the model's opset_import does not list";
      supported = false;
      continue;
    }
    if (!registry.lookup(domain, node.op_type(), version)) {
      emitError(getLoc(name))
          << "unsupported operator '" << node.op_type() << "' (domain '"
          << getDomainDisplayName(domain) << "', opset " << version
          << ") in node '" << name << "'";
      supported = false;
    }
  }
  return success(supported);
}

/// Every name that `graph`'s nodes and outputs read, also from within the
/// subgraphs of its nodes. checkNodesSupported has bounded their depth.
static void collectUsedNames(const ::onnx::GraphProto &graph,
                             llvm::StringSet<> &usedNames) {
  for (const ::onnx::NodeProto &node : graph.node()) {
    for (const std::string &input : node.input())
      usedNames.insert(input);
    for (const ::onnx::GraphProto *subgraph : getSubgraphs(node))
      collectUsedNames(*subgraph, usedNames);
  }
  for (const ::onnx::ValueInfoProto &output : graph.output())
    usedNames.insert(output.name());
}

LogicalResult GraphImporter::pushScope(const ::onnx::GraphProto &graph) {
  scopes.push_back(std::make_unique<Scope>());
  Scope &scope = *scopes.back();
  scope.graph = &graph;
  collectUsedNames(graph, scope.usedNames);
  llvm::StringMap<Type> &declaredTypes = scope.declaredTypes;
  SmallVector<std::string> dimParams;
  // A declaration past onnxc's tensor limits cannot describe a value any
  // node computes, so it is an error rather than a hint to drop.
  auto declare = [&](const ::onnx::ValueInfoProto &info) -> LogicalResult {
    if (!info.has_type() || !isImportableTensorType(context, info.type()))
      return success();
    FailureOr<TensorType> type = importTensorType(
        context, info.type(), getLoc(info.name()),
        "the declared type of '" + info.name() + "'", dimParams);
    if (failed(type))
      return failure();
    declaredTypes[info.name()] = *type;
    return success();
  };
  for (const ::onnx::ValueInfoProto &info : graph.value_info())
    if (failed(declare(info)))
      return failure();
  for (const ::onnx::ValueInfoProto &info : graph.output())
    if (failed(declare(info)))
      return failure();
  return success();
}

FailureOr<func::FuncOp> GraphImporter::createFunction(ModuleOp module) {
  llvm::StringSet<> initializerNames;
  for (const ::onnx::TensorProto &initializer : graph.initializer())
    initializerNames.insert(initializer.name());

  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  SmallVector<DictionaryAttr> argAttrs;
  SmallVector<std::string> argNames;
  SmallVector<std::string> dimParams;
  for (const ::onnx::ValueInfoProto &input : graph.input()) {
    // ONNX IR < 4 lists initializers among the inputs too; onnxc treats
    // them as constants, not as inputs a caller may override.
    if (initializerNames.contains(input.name()))
      continue;
    Location loc = getLoc(input.name());
    if (input.name().empty())
      return emitError(loc) << "a graph input has no name";
    FailureOr<TensorType> type =
        importTensorType(context, input.type(), loc,
                         "graph input '" + input.name() + "'", dimParams);
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    argLocs.push_back(loc);
    argAttrs.push_back(getInterfaceAttrs(builder, input.name(), dimParams));
    argNames.push_back(input.name());
  }

  builder.setInsertionPointToEnd(module.getBody());
  Location funcLoc = getLoc(graph.name().empty() ? "main_graph" : graph.name());
  auto func = func::FuncOp::create(builder, funcLoc, "main_graph",
                                   builder.getFunctionType(argTypes, {}));
  func->setAttr(onnx::kEntryPointAttr, builder.getUnitAttr());
  Block *entry = builder.createBlock(&func.getBody(), {}, argTypes, argLocs);
  for (auto [index, attrs] : llvm::enumerate(argAttrs)) {
    func.setArgAttrs(index, attrs);
    if (failed(define(argNames[index], entry->getArgument(index),
                      argLocs[index])))
      return failure();
  }
  builder.setInsertionPointToStart(entry);
  return func;
}

LogicalResult GraphImporter::importInitializers() {
  const ::onnx::GraphProto &graph = *scopes.back()->graph;
  if (graph.sparse_initializer_size())
    return emitError(getLoc(graph.sparse_initializer(0).values().name()))
           << "sparse initializers are not supported";
  for (const ::onnx::TensorProto &initializer : graph.initializer()) {
    Location loc = getLoc(initializer.name());
    if (initializer.name().empty())
      return emitError(loc) << "an initializer has no name";
    FailureOr<ElementsAttr> value = tensors.importTensor(
        initializer, loc, "initializer '" + initializer.name() + "'",
        initializer.name());
    if (failed(value))
      return failure();
    auto constant =
        onnx::ConstantOp::create(builder, loc, value->getShapedType(), *value);
    if (failed(define(initializer.name(), constant, loc)))
      return failure();
  }
  return success();
}

LogicalResult GraphImporter::importNodes() {
  const ::onnx::GraphProto &graph = *scopes.back()->graph;
  for (int index = 0, e = graph.node_size(); index < e; ++index) {
    const ::onnx::NodeProto &node = graph.node(index);
    std::string name = getNodeName(graph, index);
    int64_t version = getOpsetVersion(node.domain());
    OpHandler handler = registry.lookup(normalizeDomain(node.domain()),
                                        node.op_type(), version);
    if (!handler)
      return emitError(getLoc(name)) << "no handler for node '" << name << "'";
    NodeBinder binder(*this, node, getLoc(name), name, version);
    if (failed(binder.verifyNode()) || failed(handler(binder)) ||
        failed(binder.finish()))
      return failure();
  }
  return success();
}

LogicalResult GraphImporter::importOutputs(func::FuncOp func) {
  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  SmallVector<std::string> dimParams;
  for (const ::onnx::ValueInfoProto &output : graph.output()) {
    Location loc = getLoc(output.name());
    Value value = lookup(output.name());
    if (!value)
      return emitError(loc) << "graph output '" << output.name()
                            << "' is not defined by a graph input, an "
                               "initializer or a node";
    dimParams.clear();
    if (output.has_type()) {
      FailureOr<TensorType> declared =
          importTensorType(context, output.type(), loc,
                           "graph output '" + output.name() + "'", dimParams);
      if (failed(declared))
        return failure();
      // As in NodeBinder::bindOutputs, a more precise declaration is checked
      // but not trusted.
      if (!onnx::meetTensorTypes(value.getType(), *declared))
        return emitError(loc) << "graph output '" << output.name()
                              << "' is declared as " << *declared
                              << ", but its value has type "
                              << value.getType();
      auto ranked = dyn_cast<RankedTensorType>(value.getType());
      if (!ranked || ranked.getRank() != static_cast<int64_t>(dimParams.size()))
        dimParams.clear();
    }
    results.push_back(value);
    resultAttrs.push_back(getInterfaceAttrs(builder, output.name(), dimParams));
  }
  func::ReturnOp::create(builder, func.getLoc(), results);
  func.setFunctionType(builder.getFunctionType(
      func.getArgumentTypes(), ValueRange(results).getTypes()));
  for (auto [index, attrs] : llvm::enumerate(resultAttrs))
    func.setResultAttrs(index, attrs);
  return success();
}

LogicalResult GraphImporter::importSubgraph(const ::onnx::GraphProto &subgraph,
                                            Region &region, TypeRange argTypes,
                                            Location loc, StringRef what) {
  // checkNodesSupported bounds the depth already; this keeps the bound
  // independent of the order of the checks.
  if (static_cast<int>(scopes.size()) > kMaxSubgraphDepth)
    return emitError(loc) << what << " nests subgraphs more than "
                          << kMaxSubgraphDepth
                          << " levels deep, which onnxc refuses";
  if (static_cast<size_t>(subgraph.input_size()) != argTypes.size())
    return emitError(loc) << what << " has " << subgraph.input_size()
                          << " inputs, but the operator passes it "
                          << argTypes.size();
  SmallVector<Location> argLocs;
  for (const ::onnx::ValueInfoProto &input : subgraph.input()) {
    if (input.name().empty())
      return emitError(loc) << what << " has an input without a name";
    // The operator, not the declaration, gives the argument types (a
    // declaration is checked by the op's verifier against them); a
    // non-tensor declaration means the subgraph works on sequences or
    // optionals.
    if (input.has_type() && !input.type().has_tensor_type())
      return emitError(getLoc(input.name()))
             << what << " input '" << input.name()
             << "' is not a dense tensor (sequence, map, optional and sparse "
                "values are not supported)";
    argLocs.push_back(getLoc(input.name()));
  }

  OpBuilder::InsertionGuard guard(builder);
  Block *block = builder.createBlock(&region, {}, argTypes, argLocs);
  llvm::scope_exit popScope([&] { scopes.pop_back(); });
  if (failed(pushScope(subgraph)))
    return failure();
  for (auto [input, argument] :
       llvm::zip_equal(subgraph.input(), block->getArguments()))
    if (failed(define(input.name(), argument, argument.getLoc())))
      return failure();
  if (failed(importInitializers()) || failed(importNodes()))
    return failure();

  SmallVector<Value> results;
  for (const ::onnx::ValueInfoProto &output : subgraph.output()) {
    if (output.has_type() && !output.type().has_tensor_type())
      return emitError(getLoc(output.name()))
             << what << " output '" << output.name()
             << "' is not a dense tensor (sequence, map, optional and sparse "
                "values are not supported)";
    Value value = lookup(output.name());
    if (!value)
      return emitError(loc) << what << " output '" << output.name()
                            << "' is not defined by the subgraph or an "
                               "enclosing graph";
    if (isa<onnx::SeqType>(value.getType()))
      return emitError(getLoc(output.name()))
             << what << " output '" << output.name()
             << "' is a sequence; subgraphs that yield sequences are not "
                "supported yet";
    results.push_back(value);
  }
  onnx::YieldOp::create(builder, loc, results);
  return success();
}

/// What a non-tensor ONNX type holds, for diagnostics; null for tensors.
static const char *getNonTensorKind(const ::onnx::TypeProto &type) {
  if (type.has_sequence_type())
    return "sequence";
  if (type.has_map_type())
    return "map";
  if (type.has_optional_type())
    return "optional";
  if (type.has_sparse_tensor_type())
    return "sparse tensor";
  return nullptr;
}

/// The model ABI passes tensors only; sequences and the like need a runtime
/// representation before they can cross it.
LogicalResult GraphImporter::checkInterfaceTypes() {
  bool supported = true;
  auto check = [&](const ::onnx::ValueInfoProto &info, StringRef what) {
    const char *kind =
        info.has_type() ? getNonTensorKind(info.type()) : nullptr;
    if (!kind)
      return;
    emitError(getLoc(info.name()))
        << what << " '" << info.name() << "' has " << kind << " type; " << kind
        << "-typed graph inputs and outputs are not supported yet";
    supported = false;
  };
  for (const ::onnx::ValueInfoProto &input : graph.input())
    check(input, "graph input");
  for (const ::onnx::ValueInfoProto &output : graph.output())
    check(output, "graph output");
  return success(supported);
}

LogicalResult GraphImporter::importMainGraph(ModuleOp module) {
  if (graph.output_size() == 0)
    return emitError(getLoc(graph.name().empty() ? "main_graph" : graph.name()))
           << "the main graph has no outputs, so the model computes nothing";
  if (failed(checkInterfaceTypes()) ||
      failed(checkNodesSupported(graph, /*depth=*/0)))
    return failure();
  llvm::scope_exit popScope([&] { scopes.clear(); });
  if (failed(pushScope(graph)))
    return failure();
  FailureOr<func::FuncOp> func = createFunction(module);
  if (failed(func))
    return failure();
  if (failed(importInitializers()) || failed(importNodes()) ||
      failed(importOutputs(*func))) {
    (*func)->erase();
    return failure();
  }
  return success();
}

} // namespace onnxc::importer
