//===- Registration.h - The dialects and passes onnxc uses ------*- C++ -*-===//

#ifndef ONNXC_COMPILER_REGISTRATION_H
#define ONNXC_COMPILER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace onnxc {

/// Registers the dialects that onnxc's pipelines produce, with the external
/// interfaces (bufferization, LLVM translation) they need, and no others.
void registerDialects(mlir::DialectRegistry &registry);

/// Registers onnxc's passes and the upstream passes its pipelines use, so
/// that onnxc-opt can run each one alone.
void registerPasses();

} // namespace onnxc

#endif // ONNXC_COMPILER_REGISTRATION_H
