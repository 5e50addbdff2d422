//===- NodeBinder.h - One ONNX node's operands and attributes ---*- C++ -*-===//
//
// Handlers read a node only through its binder. Every accessor reports what
// is missing or mistyped, naming the node, and returns failure; the binder
// remembers what was read so that inputs, attributes and outputs a handler
// does not know about are reported instead of silently dropped.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_CONVERSION_IMPORTONNX_NODEBINDER_H
#define ONNXC_LIB_CONVERSION_IMPORTONNX_NODEBINDER_H

#include "GraphImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <onnx/onnx_pb.h>

#include <optional>

namespace onnxc::importer {

class NodeBinder {
public:
  NodeBinder(GraphImporter &graph, const ::onnx::NodeProto &node,
             mlir::Location loc, llvm::StringRef nodeName, int64_t opset);

  const ::onnx::NodeProto &getNode() const { return node; }
  llvm::StringRef getNodeName() const { return nodeName; }
  mlir::Location getLoc() const { return loc; }
  mlir::OpBuilder &getBuilder() { return graph.getBuilder(); }
  mlir::MLIRContext *getContext() { return loc.getContext(); }
  TensorImporter &getTensorImporter() { return graph.getTensorImporter(); }
  GraphImporter &getGraphImporter() { return graph; }
  /// The opset version of the node's domain that the model imports.
  int64_t getOpset() const { return opset; }

  /// Reports an error at the node, prefixed with "node 'name' (Op-version)".
  mlir::InFlightDiagnostic emitError();

  /// Checks what must hold of every node before a handler reads it: no
  /// attribute appears twice.
  mlir::LogicalResult verifyNode();

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  /// The required input at `index`.
  mlir::LogicalResult input(unsigned index, mlir::Value &value);
  /// The input at `index`, or null when the node leaves it out (absent or "").
  mlir::LogicalResult optionalInput(unsigned index, mlir::Value &value);
  /// The required input at `index`, which must be a sequence; the accessors
  /// above accept only tensors.
  mlir::LogicalResult sequenceInput(unsigned index, mlir::Value &value);

  //===--------------------------------------------------------------------===//
  // Attributes, with ONNX's defaults where the node leaves them out
  //===--------------------------------------------------------------------===//

  mlir::LogicalResult intAttr(llvm::StringRef name, int64_t &value,
                              int64_t defaultValue);
  mlir::LogicalResult optionalIntAttr(llvm::StringRef name,
                                      std::optional<int64_t> &value);
  mlir::LogicalResult floatAttr(llvm::StringRef name, float &value,
                                float defaultValue);
  mlir::LogicalResult
  optionalIntsAttr(llvm::StringRef name,
                   std::optional<llvm::SmallVector<int64_t>> &values);
  mlir::LogicalResult requiredIntsAttr(llvm::StringRef name,
                                       llvm::SmallVector<int64_t> &values);

  /// The attribute `name` after checking its type is `type`, or null when
  /// the node does not have it.
  mlir::LogicalResult
  rawAttr(llvm::StringRef name, ::onnx::AttributeProto::AttributeType type,
          const ::onnx::AttributeProto *&attr);

  /// The subgraph of the required GRAPH attribute `name`.
  mlir::LogicalResult graphAttr(llvm::StringRef name,
                                const ::onnx::GraphProto *&subgraph);

  /// Imports `subgraph`, the GRAPH attribute `attrName`, into `region` with
  /// block arguments of `argTypes` (GraphImporter::importSubgraph).
  mlir::LogicalResult importSubgraph(const ::onnx::GraphProto &subgraph,
                                     llvm::StringRef attrName,
                                     mlir::Region &region,
                                     mlir::TypeRange argTypes);

  /// Whether the node has attribute `name` (does not count as reading it).
  bool hasAttr(llvm::StringRef name) const { return attrs.count(name); }

  /// Marks an attribute that does not change what onnxc computes (legacy
  /// `consumed_inputs`, Dropout's `ratio` at inference) as read.
  void ignoreAttr(llvm::StringRef name) { readAttrs.insert(name); }

  // Copies an attribute the node has, unchanged in name and meaning, onto
  // the onnx op being built (INT -> i64, FLOAT -> f32, INTS -> [i64],
  // STRING -> string). Absent attributes keep the op's default.
  mlir::LogicalResult copyIntAttr(mlir::NamedAttrList &attrs,
                                  llvm::StringRef name);
  mlir::LogicalResult copyFloatAttr(mlir::NamedAttrList &attrs,
                                    llvm::StringRef name);
  mlir::LogicalResult copyIntsAttr(mlir::NamedAttrList &attrs,
                                   llvm::StringRef name, bool required = false);
  mlir::LogicalResult copyStringAttr(mlir::NamedAttrList &attrs,
                                     llvm::StringRef name);

  //===--------------------------------------------------------------------===//
  // Outputs and op creation
  //===--------------------------------------------------------------------===//

  /// Whether the node names output `index`.
  bool hasOutput(unsigned index) const;
  /// Whether a later node or the graph's outputs read output `index`.
  bool isOutputUsed(unsigned index) const;
  /// Marks output `index`, which nothing reads, as handled without a value.
  void ignoreOutput(unsigned index);

  /// Creates the onnx op `OpTy` with result types from its shape-inference
  /// rule, and verifies it.
  template <typename OpTy>
  mlir::FailureOr<OpTy> create(mlir::ValueRange operands,
                               llvm::ArrayRef<mlir::NamedAttribute> attrs = {},
                               unsigned numResults = 1) {
    mlir::FailureOr<mlir::Operation *> op =
        createOp(OpTy::getOperationName(), operands, attrs, numResults);
    if (mlir::failed(op))
      return mlir::failure();
    return llvm::cast<OpTy>(*op);
  }

  /// Fills the regions of an op that is being created, before its shape rule
  /// runs; fails after reporting why.
  using RegionFiller = llvm::function_ref<mlir::LogicalResult(mlir::Operation *)>;

  /// Creates `OpTy` with `numRegions` regions that `fillRegions` fills, then
  /// sets its result types from its shape rule and verifies it.
  template <typename OpTy>
  mlir::FailureOr<OpTy>
  createWithRegions(mlir::ValueRange operands,
                    llvm::ArrayRef<mlir::NamedAttribute> attrs,
                    unsigned numResults, unsigned numRegions,
                    RegionFiller fillRegions) {
    mlir::FailureOr<mlir::Operation *> op =
        createOp(OpTy::getOperationName(), operands, attrs, numResults,
                 numRegions, fillRegions);
    if (mlir::failed(op))
      return mlir::failure();
    return llvm::cast<OpTy>(*op);
  }

  /// Creates `OpTy` and makes its results the node's outputs.
  template <typename OpTy>
  mlir::LogicalResult
  createAndBind(mlir::ValueRange operands,
                llvm::ArrayRef<mlir::NamedAttribute> attrs = {},
                unsigned numResults = 1) {
    mlir::FailureOr<OpTy> op = create<OpTy>(operands, attrs, numResults);
    if (mlir::failed(op))
      return mlir::failure();
    return bindOutputs((*op)->getResults());
  }

  /// A 1-D i64 onnx.Constant, for operands that older opsets gave as
  /// attributes.
  mlir::FailureOr<mlir::Value>
  createI64Constant(llvm::ArrayRef<int64_t> values);

  /// Makes `values` the node's outputs 0..n-1, refining the types of results
  /// of ops this node created by the types the model declares for them.
  mlir::LogicalResult bindOutputs(mlir::ValueRange values);

  /// Reports inputs, attributes and outputs that the handler did not read:
  /// they are not part of the operator at this opset.
  mlir::LogicalResult finish();

private:
  mlir::FailureOr<mlir::Operation *>
  createOp(llvm::StringRef opName, mlir::ValueRange operands,
           llvm::ArrayRef<mlir::NamedAttribute> attrs, unsigned numResults,
           unsigned numRegions = 0, RegionFiller fillRegions = nullptr);
  /// The value of input `index` (marking it read), of any type; null when
  /// the node leaves it out.
  mlir::LogicalResult lookupInput(unsigned index, mlir::Value &value);
  /// The attribute `name` (marking it read) if the node has it.
  const ::onnx::AttributeProto *findAttr(llvm::StringRef name);
  mlir::LogicalResult checkAttrType(const ::onnx::AttributeProto &attr,
                                    ::onnx::AttributeProto::AttributeType type);

  GraphImporter &graph;
  const ::onnx::NodeProto &node;
  mlir::Location loc;
  std::string nodeName;
  int64_t opset;

  llvm::StringMap<const ::onnx::AttributeProto *> attrs;
  llvm::SmallVector<std::string> duplicateAttrs;
  llvm::StringSet<> readAttrs;
  llvm::BitVector readInputs;
  llvm::BitVector handledOutputs;
  llvm::SmallPtrSet<mlir::Operation *, 4> createdOps;
};

} // namespace onnxc::importer

#endif // ONNXC_LIB_CONVERSION_IMPORTONNX_NODEBINDER_H
