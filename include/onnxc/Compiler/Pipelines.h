//===- Pipelines.h - onnxc's pass pipelines, phase by phase -----*- C++ -*-===//
//
// The one place where passes are assembled. Each phase ends at a stage that
// `onnxc --emit=` can stop after.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_COMPILER_PIPELINES_H
#define ONNXC_COMPILER_PIPELINES_H

#include "onnxc/Compiler/Options.h"

#include "mlir/Pass/PassManager.h"

namespace onnxc {
class Target;

/// Imported onnx IR → onnx IR with inferred shapes and a recorded signature.
void buildONNXPipeline(mlir::OpPassManager &pm, const CompileOptions &options);

/// onnx IR → linalg, tensor, arith and math on tensors.
void buildLinalgPipeline(mlir::OpPassManager &pm,
                         const CompileOptions &options);

/// Tensors → memrefs, with every buffer freed once and outputs owned by the
/// caller.
void buildBufferizationPipeline(mlir::OpPassManager &pm,
                                const CompileOptions &options);

/// Bufferized IR → the LLVM dialect with the model's exported entry points.
void buildLLVMDialectPipeline(mlir::OpPassManager &pm,
                              const CompileOptions &options,
                              const Target &target);

/// Registers `onnxc-pipeline-<phase>` pipelines for onnxc-opt.
void registerPipelines();

} // namespace onnxc

#endif // ONNXC_COMPILER_PIPELINES_H
