//===- Passes.td - Passes within the onnx dialect ------------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_TRANSFORMS_PASSES_TD
#define ONNXC_DIALECT_ONNX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Model interface
//===----------------------------------------------------------------------===//

def ONNXRecordSignaturePass : Pass<"onnx-record-signature", "mlir::ModuleOp"> {
  let summary = "Records the entry point's signature as a module attribute";
  let description = [{
    Writes the `onnx.signature` string attribute on the module: the entry
    function's input and output names, ONNX element types and shapes (with
    symbolic dimension names), in the text format of
    `include/onnxc/Runtime/ModelABI.h`. It runs before lowering, while element
    types still tell signed from unsigned, and the generated entry point embeds
    the string for the runtime.
  }];
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

def ONNXShapeInferencePass : Pass<"onnx-shape-inference", "mlir::func::FuncOp"> {
  let summary = "Refines the result types of onnx ops from their operands";
  let description = [{
    Visits onnx ops in order and gives each result the most precise type that
    both its declared type and the op's shape rule
    (`ShapeInferenceOpInterface`) allow. A declared type that contradicts the
    rule is an error. The function's result types are then refined to the
    types of the values it returns.
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

#endif // ONNXC_DIALECT_ONNX_TRANSFORMS_PASSES_TD
