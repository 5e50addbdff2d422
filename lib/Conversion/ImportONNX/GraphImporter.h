//===- GraphImporter.h - An ONNX graph to a func.func -----------*- C++ -*-===//
//
// Builds the entry function of a model from its main graph: graph inputs
// become arguments, initializers constants, nodes onnx ops (through the op
// registry's handlers), graph outputs results. Values are found by name in
// a chain of scopes: the main graph's, then one per subgraph (If branches,
// Loop and Scan bodies) being imported, innermost first, so that a subgraph
// reads values of enclosing graphs and its own names shadow theirs.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_CONVERSION_IMPORTONNX_GRAPHIMPORTER_H
#define ONNXC_LIB_CONVERSION_IMPORTONNX_GRAPHIMPORTER_H

#include "OpRegistry.h"
#include "TensorImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>

#include <onnx/onnx_pb.h>

namespace onnxc::importer {

/// Opset version per imported domain; the default domain is "".
using OpsetVersions = llvm::StringMap<int64_t>;

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext *context, const ::onnx::GraphProto &graph,
                llvm::StringRef modelPath, const OpsetVersions &opsets,
                const OpRegistry &registry, const ImportOptions &options);

  /// Adds the entry function `@main_graph` to `module`. Reports every
  /// unsupported node before building anything.
  mlir::LogicalResult importMainGraph(mlir::ModuleOp module);

  //===--------------------------------------------------------------------===//
  // Used by the node binder
  //===--------------------------------------------------------------------===//

  /// The value named `name` in the innermost scope that defines it, or null
  /// when nothing defined it yet.
  mlir::Value lookup(llvm::StringRef name) const;

  /// Names `value` in the innermost scope; fails (reporting at `loc`) when
  /// the scope already has the name, since ONNX graphs are in SSA form.
  mlir::LogicalResult define(llvm::StringRef name, mlir::Value value,
                             mlir::Location loc);

  /// The type the innermost graph declares for `name` (value_info or graph
  /// output), or null.
  mlir::Type getDeclaredType(llvm::StringRef name) const;

  /// Whether a node or the outputs of the innermost graph, or of a subgraph
  /// nested in it, read `name`.
  bool isUsed(llvm::StringRef name) const;

  /// Imports `subgraph` into the single block of `region`: its inputs become
  /// block arguments of `argTypes` (one per input), its initializers and
  /// nodes ops in the block, its outputs the operands of an onnx.Yield
  /// terminator. Names of enclosing graphs stay visible. `what` names the
  /// subgraph in diagnostics ("attribute 'body' of node 'loop'").
  mlir::LogicalResult importSubgraph(const ::onnx::GraphProto &subgraph,
                                     mlir::Region &region,
                                     mlir::TypeRange argTypes,
                                     mlir::Location loc, llvm::StringRef what);

  /// Whether subgraphs are being imported a second time with the most
  /// general loop-carried types (see ControlFlowOps.cpp); nested loops then
  /// start there too, so that retries cost linear, not exponential, time.
  bool isGeneralizingLoops() const { return generalizingLoops > 0; }
  void beginGeneralizingLoops() { ++generalizingLoops; }
  void endGeneralizingLoops() { --generalizingLoops; }

  mlir::OpBuilder &getBuilder() { return builder; }
  TensorImporter &getTensorImporter() { return tensors; }

  /// How deeply subgraphs may nest (an If in a Loop body is depth 2). Deeper
  /// models are refused before anything is built: the importer recurses
  /// once per level, and a hostile model must not exhaust the stack.
  static constexpr int kMaxSubgraphDepth = 64;

private:
  /// What one graph (the main graph or a subgraph) names and declares.
  struct Scope {
    const ::onnx::GraphProto *graph;
    llvm::StringMap<mlir::Value> values;
    llvm::StringMap<mlir::Type> declaredTypes;
    llvm::StringSet<> usedNames;
  };

  /// The location of a graph element: its name, in the model file.
  mlir::Location getLoc(llvm::StringRef name);
  /// A node's display name: its name, or "op_type#index" when it has none.
  static std::string getNodeName(const ::onnx::GraphProto &graph, int index);
  int64_t getOpsetVersion(llvm::StringRef domain) const;

  /// Reports graph inputs and outputs that are not tensors.
  mlir::LogicalResult checkInterfaceTypes();
  mlir::LogicalResult checkNodesSupported(const ::onnx::GraphProto &graph,
                                          int depth);
  /// Pushes the scope of `graph`, filled with its declared types and the
  /// names it (or a subgraph of it) reads; fails on a declared type onnxc
  /// refuses.
  mlir::LogicalResult pushScope(const ::onnx::GraphProto &graph);
  mlir::LogicalResult importInitializers();
  mlir::LogicalResult importNodes();
  mlir::LogicalResult importOutputs(mlir::func::FuncOp func);
  mlir::FailureOr<mlir::func::FuncOp> createFunction(mlir::ModuleOp module);

  mlir::MLIRContext *context;
  const ::onnx::GraphProto &graph;
  std::string modelPath;
  const OpsetVersions &opsets;
  const OpRegistry &registry;
  mlir::OpBuilder builder;
  TensorImporter tensors;

  /// Innermost last; scopes[0] is the main graph's.
  llvm::SmallVector<std::unique_ptr<Scope>> scopes;
  int generalizingLoops = 0;
};

} // namespace onnxc::importer

#endif // ONNXC_LIB_CONVERSION_IMPORTONNX_GRAPHIMPORTER_H
