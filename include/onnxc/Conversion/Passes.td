//===- Passes.td - Conversions out of the onnx dialect -------*- tablegen -*-===//

#ifndef ONNXC_CONVERSION_PASSES_TD
#define ONNXC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// ONNXToLinalg
//===----------------------------------------------------------------------===//

def ConvertONNXToLinalgPass : Pass<"convert-onnx-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lowers onnx ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Replaces every onnx op by upstream ops on tensors: structured ops
    (linalg.generic, linalg.matmul, convolutions, pooling) for computation and
    tensor ops for shape manipulation. Unsigned element types become signless
    ones, in function signatures too; the choice of signed or unsigned
    arithmetic is made here from the onnx types. Dynamic sizes are read with
    tensor.dim at run time. An onnx op without a lowering is an error that
    names it.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // ONNXC_CONVERSION_PASSES_TD
