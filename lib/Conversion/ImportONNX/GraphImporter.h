//===- GraphImporter.h - An ONNX graph to a func.func -----------*- C++ -*-===//
//
// Builds the entry function of a model from its main graph: graph inputs
// become arguments, initializers constants, nodes onnx ops (through the op
// registry's handlers), graph outputs results. Values are found by name in
// one scope, filled in graph order.
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

  /// The value named `name`, or null when nothing defined it yet.
  mlir::Value lookup(llvm::StringRef name) const;

  /// Names `value`; fails (reporting at `loc`) when the name is taken, since
  /// ONNX graphs are in SSA form.
  mlir::LogicalResult define(llvm::StringRef name, mlir::Value value,
                             mlir::Location loc);

  /// The type the model declares for `name` (value_info or graph output), or
  /// null.
  mlir::Type getDeclaredType(llvm::StringRef name) const;

  /// Whether a node or the graph's outputs read `name`.
  bool isUsed(llvm::StringRef name) const { return usedNames.contains(name); }

  mlir::OpBuilder &getBuilder() { return builder; }
  TensorImporter &getTensorImporter() { return tensors; }

private:
  /// The location of a graph element: its name, in the model file.
  mlir::Location getLoc(llvm::StringRef name);
  /// A node's display name: its name, or "op_type#index" when it has none.
  std::string getNodeName(int index) const;
  int64_t getOpsetVersion(llvm::StringRef domain) const;

  mlir::LogicalResult checkNodesSupported();
  void collectDeclaredTypes();
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

  llvm::StringMap<mlir::Value> scope;
  llvm::StringMap<mlir::Type> declaredTypes;
  llvm::StringSet<> usedNames;
  llvm::StringSet<> initializerNames;
};

} // namespace onnxc::importer

#endif // ONNXC_LIB_CONVERSION_IMPORTONNX_GRAPHIMPORTER_H
