//===- Pipelines.cpp - onnxc's pass pipelines, phase by phase -------------===//

#include "onnxc/Compiler/Pipelines.h"

#include "onnxc/Conversion/Passes.h"
#include "onnxc/Dialect/ONNX/Transforms/Passes.h"
#include "onnxc/Target/Target.h"
#include "onnxc/Transforms/Passes.h"

#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace onnxc {

void buildONNXPipeline(OpPassManager &pm, const CompileOptions &options) {
  pm.addNestedPass<func::FuncOp>(onnx::createONNXShapeInferencePass());
  pm.addPass(createCanonicalizerPass());
  // Folding may have exposed more precise types.
  pm.addNestedPass<func::FuncOp>(onnx::createONNXShapeInferencePass());
  pm.addPass(onnx::createONNXRecordSignaturePass());
}

void buildLinalgPipeline(OpPassManager &pm, const CompileOptions &options) {
  pm.addPass(createConvertONNXToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  if (options.optLevel > 0) {
    pm.addPass(createFoldConstantTransposesPass());
    pm.addPass(createFuseElementwisePass());
  }
  pm.addPass(createCSEPass());
}

void buildBufferizationPipeline(OpPassManager &pm,
                                const CompileOptions &options) {
  if (options.testParallelTiles > 0) {
    TestParallelTilingPassOptions tiling;
    tiling.numTiles = options.testParallelTiles;
    pm.addNestedPass<func::FuncOp>(createTestParallelTilingPass(tiling));
  }
  if (options.optLevel > 0)
    pm.addPass(createPadInPlacePass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  // The runtime passes and receives plain row-major buffers.
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Loops over time (RNN, GRU, LSTM) may yield a state in a new buffer;
  // ownership-based deallocation frees the previous one.
  bufferizeOptions.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  pm.addPass(createCanonicalizerPass());
  // Ownership-based deallocation also makes every returned buffer one the
  // caller owns (cloning inputs and constants that are returned as is), which
  // is what the model ABI promises.
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

void buildLLVMDialectPipeline(OpPassManager &pm, const CompileOptions &options,
                              const Target &target) {
  target.buildLowerToLLVMPipeline(pm, options);
  GenerateEntryPointPassOptions entryOptions;
  entryOptions.symbolPrefix = options.symbolPrefix;
  entryOptions.exportDefaultDescriptor =
      options.emit == EmitKind::SharedObject;
  pm.addPass(createGenerateEntryPointPass(entryOptions));
}

void registerPipelines() {
  PassPipelineRegistration<>(
      "onnxc-pipeline-onnx", "onnxc's onnx phase (shape inference, signature)",
      [](OpPassManager &pm) { buildONNXPipeline(pm, CompileOptions()); });
  PassPipelineRegistration<>(
      "onnxc-pipeline-linalg", "onnxc's lowering to linalg on tensors",
      [](OpPassManager &pm) { buildLinalgPipeline(pm, CompileOptions()); });
  PassPipelineRegistration<>(
      "onnxc-pipeline-bufferize", "onnxc's bufferization phase",
      [](OpPassManager &pm) {
        buildBufferizationPipeline(pm, CompileOptions());
      });
}

} // namespace onnxc
