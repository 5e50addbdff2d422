//===- ONNXOps.td - onnx dialect operations ------------------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXOPS_TD
#define ONNXC_DIALECT_ONNX_IR_ONNXOPS_TD

include "onnxc/Dialect/ONNX/IR/ONNXBase.td"
include "onnxc/Dialect/ONNX/IR/ONNXInterfaces.td"
include "onnxc/Dialect/ONNX/IR/ONNXTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Every onnx op states its output-shape rule through the shape-inference
// interface and has no side effects.
class ONNX_Op<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic,
         !listconcat(traits, [Pure,
             DeclareOpInterfaceMethods<ONNX_ShapeInferenceOpInterface>])>;

include "onnxc/Dialect/ONNX/IR/Check.td"
include "onnxc/Dialect/ONNX/IR/ControlFlow.td"
include "onnxc/Dialect/ONNX/IR/Loss.td"
include "onnxc/Dialect/ONNX/IR/DataDependent.td"
include "onnxc/Dialect/ONNX/IR/Math.td"
include "onnxc/Dialect/ONNX/IR/NN.td"
include "onnxc/Dialect/ONNX/IR/Quantization.td"
include "onnxc/Dialect/ONNX/IR/Recurrent.td"
include "onnxc/Dialect/ONNX/IR/Reduction.td"
include "onnxc/Dialect/ONNX/IR/Signal.td"
include "onnxc/Dialect/ONNX/IR/Sequence.td"
include "onnxc/Dialect/ONNX/IR/Tensor.td"
include "onnxc/Dialect/ONNX/IR/Text.td"
include "onnxc/Dialect/ONNX/IR/Vision.td"

#endif // ONNXC_DIALECT_ONNX_IR_ONNXOPS_TD
