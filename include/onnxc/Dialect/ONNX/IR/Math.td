//===- Math.td - Elementwise math, MatMul and Gemm -----------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_MATH_TD
#define ONNXC_DIALECT_ONNX_IR_MATH_TD

//===----------------------------------------------------------------------===//
// Elementwise ops. Each is one line; the lowering's scalar bodies live in one
// table in lib/Conversion/ONNXToLinalg/Elementwise.cpp.
//===----------------------------------------------------------------------===//

// Binary ops with ONNX multidirectional (numpy) broadcasting.
class ONNX_BinaryElementwiseOp<string mnemonic, string onnxSummary,
                               Type operandType = ONNX_NumericTensor>
    : ONNX_Op<mnemonic, [SameOperandsElementType,
                         SameOperandsAndResultElementType]> {
  let summary = onnxSummary;
  let description = [{
    Elementwise, with ONNX multidirectional broadcasting: shapes are aligned
    from the trailing dimension and a dimension of size 1 stretches to match.
  }];
  let arguments = (ins operandType:$A, operandType:$B);
  let results = (outs operandType:$C);
  let assemblyFormat = "$A `,` $B attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferBroadcastResultType(*this, inferred);
    }
  }];
}

def ONNX_AddOp : ONNX_BinaryElementwiseOp<"Add", "ONNX Add: A + B">;
def ONNX_SubOp : ONNX_BinaryElementwiseOp<"Sub", "ONNX Sub: A - B">;
def ONNX_MulOp : ONNX_BinaryElementwiseOp<"Mul", "ONNX Mul: A * B">;
def ONNX_DivOp : ONNX_BinaryElementwiseOp<"Div",
    "ONNX Div: A / B, truncating toward zero for integers">;

class ONNX_UnaryElementwiseOp<string mnemonic, string onnxSummary,
                              Type operandType = ONNX_FloatTensor>
    : ONNX_Op<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = onnxSummary;
  let arguments = (ins operandType:$X);
  let results = (outs operandType:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(getX().getType());
      return ::mlir::success();
    }
  }];
}

def ONNX_ReluOp : ONNX_UnaryElementwiseOp<"Relu", "ONNX Relu: max(0, X)",
    TensorOf<[ONNX_FloatTypes, ONNX_SignedIntTypes]>>;
def ONNX_SigmoidOp : ONNX_UnaryElementwiseOp<"Sigmoid",
    "ONNX Sigmoid: 1 / (1 + exp(-X))">;
def ONNX_TanhOp : ONNX_UnaryElementwiseOp<"Tanh", "ONNX Tanh">;

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

def ONNX_MatMulOp : ONNX_Op<"MatMul", [SameOperandsAndResultElementType]> {
  let summary = "ONNX MatMul: numpy.matmul";
  let description = [{
    A 1-D operand is promoted to a matrix (a row for A, a column for B) and
    the added dimension is removed from the result; leading (batch)
    dimensions broadcast.
  }];
  let arguments = (ins ONNX_NumericTensor:$A, ONNX_NumericTensor:$B);
  let results = (outs ONNX_NumericTensor:$Y);
  let assemblyFormat = "$A `,` $B attr-dict `:` functional-type(operands, results)";
}

def ONNX_GemmOp : ONNX_Op<"Gemm", [SameOperandsAndResultElementType]> {
  let summary = "ONNX Gemm: alpha * A' * B' + beta * C";
  let description = [{
    A' is A transposed when transA is set, B' likewise. A' is MxK, B' is KxN
    and C, when present, broadcasts unidirectionally to MxN.
  }];
  let arguments = (ins ONNX_NumericTensor:$A, ONNX_NumericTensor:$B,
                   Optional<ONNX_NumericTensor>:$C,
                   DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0">:$beta,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$transA,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$transB);
  let results = (outs ONNX_NumericTensor:$Y);
  let assemblyFormat = "$A `,` $B (`,` $C^)? attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_MATH_TD
