//===- ONNXTypes.td - Types of the onnx dialect --------------*- tablegen -*-===//
//
// ONNX values that are not tensors. Tensors themselves are builtin tensor
// types.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXTYPES_TD
#define ONNXC_DIALECT_ONNX_IR_ONNXTYPES_TD

include "onnxc/Dialect/ONNX/IR/ONNXBase.td"

def ONNX_SeqType : TypeDef<ONNX_Dialect, "Seq"> {
  let mnemonic = "seq";
  let summary = "An ONNX sequence of tensors";
  let description = [{
    An ordered list of tensors of one element type, of a length known only at
    run time. `elementType` holds every tensor the sequence may contain: a
    size all of them share is static, any other dynamic, and it is unranked
    when their ranks may differ (or, for onnx.SequenceEmpty, when nothing has
    been inserted yet).

    Example: `!onnx.seq<tensor<?x3x4xf32>>`.
  }];
  let parameters = (ins "::mlir::TensorType":$elementType);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::mlir::TensorType":$elementType), [{
      return $_get(elementType.getContext(), elementType);
    }]>
  ];
  let assemblyFormat = "`<` $elementType `>`";
}

#endif // ONNXC_DIALECT_ONNX_IR_ONNXTYPES_TD
