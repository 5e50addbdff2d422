//===- Compiler.h - Compiling an ONNX model as a library call ---*- C++ -*-===//

#ifndef ONNXC_COMPILER_COMPILER_H
#define ONNXC_COMPILER_COMPILER_H

#include "onnxc/Compiler/Options.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

namespace onnxc {

/// Makes a context with the dialects onnxc uses loaded. Diagnostics go to
/// the context's handlers (by default, printed to stderr).
std::unique_ptr<mlir::MLIRContext> createContext();

/// Prints a diagnostic as `<model file>: node '<name>': error: <message>`,
/// with its notes, for tools whose users think in ONNX terms.
void printDiagnostic(mlir::Diagnostic &diagnostic, llvm::raw_ostream &os);

/// Compiles the ONNX model at `inputPath` to `outputPath` (a file, or "-"
/// for stdout on textual stages) as `options.emit` says. Errors are reported
/// through the context's diagnostics.
mlir::LogicalResult compileModel(mlir::MLIRContext &context,
                                 llvm::StringRef inputPath,
                                 llvm::StringRef outputPath,
                                 const CompileOptions &options);

/// Compiles an already imported module (e.g. from
/// importONNXModelFromBuffer). `module` is consumed.
mlir::LogicalResult compileModule(mlir::MLIRContext &context,
                                  mlir::OwningOpRef<mlir::ModuleOp> module,
                                  llvm::StringRef outputPath,
                                  const CompileOptions &options);

} // namespace onnxc

#endif // ONNXC_COMPILER_COMPILER_H
