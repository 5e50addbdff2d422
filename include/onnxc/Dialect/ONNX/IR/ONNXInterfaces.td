//===- ONNXInterfaces.td - Interfaces of onnx ops ------------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXINTERFACES_TD
#define ONNXC_DIALECT_ONNX_IR_ONNXINTERFACES_TD

include "mlir/IR/OpBase.td"

def ONNX_ShapeInferenceOpInterface : OpInterface<"ShapeInferenceOpInterface"> {
  let description = [{
    The output-shape rule of an onnx op, written once. The verifier checks the
    declared result types against it, `onnx-shape-inference` refines result
    types with it, and lowerings rely on the types it produced.

    `inferResultTypes` computes the most precise result types it can from the
    operand types, attributes and operands defined by constants. Sizes it
    cannot know stay dynamic; a result whose rank it cannot know is unranked.
    It fails, after emitting an error on the op, only when the operands
    contradict the operator's rules.
  }];
  let cppNamespace = "::onnxc::onnx";
  let methods = [
    InterfaceMethod<
      "Computes the result types from operands and attributes.",
      "::mlir::LogicalResult", "inferResultTypes",
      (ins "::llvm::SmallVectorImpl<::mlir::Type> &":$inferred)>,
  ];
  let verify = [{
    return ::onnxc::onnx::verifyInferredResultTypes($_op);
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_ONNXINTERFACES_TD
