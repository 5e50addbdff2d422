//===- ModelAttributes.h - How a model's interface is kept in IR -*- C++ -*-===//
//
// The importer records a model's interface on the module and its entry
// function; passes that build the generated entry point read it back. These
// names and helpers are the one place both sides agree on.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_MODELATTRIBUTES_H
#define ONNXC_DIALECT_ONNX_IR_MODELATTRIBUTES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace onnxc::onnx {

/// Unit attribute on the function that computes the model's main graph.
inline constexpr llvm::StringLiteral kEntryPointAttr = "onnx.entry_point";
/// String argument/result attribute: the graph input/output name.
inline constexpr llvm::StringLiteral kNameAttr = "onnx.name";
/// Array-of-strings argument/result attribute: each dimension's ONNX
/// dim_param, or "" where the model names none.
inline constexpr llvm::StringLiteral kDimParamsAttr = "onnx.dim_params";
/// Module attributes.
inline constexpr llvm::StringLiteral kModelNameAttr = "onnx.model_name";
inline constexpr llvm::StringLiteral kOpsetImportsAttr = "onnx.opset_imports";
inline constexpr llvm::StringLiteral kSignatureAttr = "onnx.signature";
/// The thread-local LLVM global where onnx-lower-checks stores the message of
/// a run's first failed check, which the generated run function returns.
inline constexpr llvm::StringLiteral kRunErrorGlobal = "onnxc_run_error";
/// The thread-local LLVM global through which the parallel loops of
/// onnx-parallelize reach the run's `onnxc_model_exec` (ModelABI.h), which
/// the generated run function stores there.
inline constexpr llvm::StringLiteral kRunExecGlobal = "onnxc_run_exec";

/// The function marked as entry point, or null (after emitting an error on
/// the module) when there is not exactly one.
mlir::func::FuncOp getEntryFunction(mlir::ModuleOp module);

/// The ONNX TensorProto.DataType number of an element type, or nullopt for a
/// type ONNX cannot express.
std::optional<int> getONNXDataType(mlir::Type elementType);

/// The element type of an ONNX TensorProto.DataType number, or null for data
/// types onnxc does not support.
mlir::Type getElementTypeForONNXDataType(mlir::MLIRContext *context,
                                         int64_t dataType);

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_MODELATTRIBUTES_H
