//===- Math.td - Elementwise math, products, Einsum, Det ---*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_MATH_TD
#define ONNXC_DIALECT_ONNX_IR_MATH_TD

//===----------------------------------------------------------------------===//
// Elementwise ops. Each is one line; the lowering's scalar bodies live in one
// table in lib/Conversion/ONNXToLinalg/Elementwise.cpp.
//===----------------------------------------------------------------------===//

def ONNX_IntTensor : TensorOf<[ONNX_IntTypes]>;
def ONNX_UnsignedIntTensor : TensorOf<[ONNX_UnsignedIntTypes]>;
def ONNX_SignedNumericTensor : TensorOf<[ONNX_FloatTypes, ONNX_SignedIntTypes]>;
def ONNX_BoolTensor : TensorOf<[ONNX_Bool]>;

// The shape rule of every elementwise op: ONNX multidirectional broadcasting
// of all operands, with the element type `elementType` (C++ of the op).
class ONNX_ElementwiseShapeRule<string elementType> {
  code rule = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferBroadcastResultType(*this, (*this)->getOperands(), }] # elementType # [{,
                                      inferred);
    }
  }];
}

// Ops with ONNX multidirectional (numpy) broadcasting: shapes are aligned from
// the trailing dimension and a dimension of size 1 stretches to match.
class ONNX_ElementwiseOp<string mnemonic, string onnxSummary,
                         list<Trait> traits = [],
                         string elementType = "::llvm::cast<::mlir::ShapedType>((*this)->getOperand(0).getType()).getElementType()">
    : ONNX_Op<mnemonic, traits> {
  let summary = onnxSummary;
  let extraClassDefinition = ONNX_ElementwiseShapeRule<elementType>.rule;
}

// Binary ops whose operands and result share one element type.
class ONNX_BinaryElementwiseOp<string mnemonic, string onnxSummary,
                               Type operandType = ONNX_NumericTensor,
                               dag attrs = (ins)>
    : ONNX_ElementwiseOp<mnemonic, onnxSummary,
                         [SameOperandsAndResultElementType]> {
  let arguments = !con((ins operandType:$A, operandType:$B), attrs);
  let results = (outs operandType:$C);
  let assemblyFormat = "$A `,` $B attr-dict `:` functional-type(operands, results)";
}

// Binary comparisons and logical ops: bool results.
class ONNX_CompareOp<string mnemonic, string onnxSummary,
                     Type operandType = ONNX_NumericTensor>
    : ONNX_ElementwiseOp<mnemonic, onnxSummary, [SameOperandsElementType],
                         "::mlir::IntegerType::get(getContext(), 1)"> {
  let arguments = (ins operandType:$A, operandType:$B);
  let results = (outs ONNX_BoolTensor:$C);
  let assemblyFormat = "$A `,` $B attr-dict `:` functional-type(operands, results)";
}

// Ops of one or more operands, all broadcast: Max, Min, Sum, Mean.
class ONNX_VariadicElementwiseOp<string mnemonic, string onnxSummary,
                                 Type operandType = ONNX_NumericTensor>
    : ONNX_ElementwiseOp<mnemonic, onnxSummary,
                         [SameOperandsAndResultElementType]> {
  let arguments = (ins Variadic<operandType>:$data_0);
  let results = (outs operandType:$result);
  let assemblyFormat = "$data_0 attr-dict `:` functional-type(operands, results)";
}

class ONNX_UnaryElementwiseOp<string mnemonic, string onnxSummary,
                              Type operandType = ONNX_FloatTensor,
                              dag attrs = (ins)>
    : ONNX_ElementwiseOp<mnemonic, onnxSummary,
                         [SameOperandsAndResultElementType]> {
  let arguments = !con((ins operandType:$X), attrs);
  let results = (outs operandType:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

// Unary tests of floats: bool results.
class ONNX_UnaryPredicateOp<string mnemonic, string onnxSummary,
                            dag attrs = (ins)>
    : ONNX_ElementwiseOp<mnemonic, onnxSummary, [],
                         "::mlir::IntegerType::get(getContext(), 1)"> {
  let arguments = !con((ins ONNX_FloatTensor:$X), attrs);
  let results = (outs ONNX_BoolTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

def ONNX_AddOp : ONNX_BinaryElementwiseOp<"Add", "ONNX Add: A + B"> {
  let hasFolder = 1;
}
def ONNX_SubOp : ONNX_BinaryElementwiseOp<"Sub", "ONNX Sub: A - B"> {
  let hasFolder = 1;
}
def ONNX_MulOp : ONNX_BinaryElementwiseOp<"Mul", "ONNX Mul: A * B"> {
  let hasFolder = 1;
}
def ONNX_DivOp : ONNX_BinaryElementwiseOp<"Div",
    "ONNX Div: A / B, truncating toward zero for integers"> {
  let hasFolder = 1;
}
def ONNX_ModOp : ONNX_BinaryElementwiseOp<"Mod",
    "ONNX Mod: remainder; with fmod=0 (integers only) it takes the sign of "
    "the divisor, with fmod=1 that of the dividend (C fmod)",
    ONNX_NumericTensor, (ins DefaultValuedAttr<ONNX_IntAttr, "0">:$fmod)>;
def ONNX_PReluOp : ONNX_BinaryElementwiseOp<"PRelu",
    "ONNX PRelu: X < 0 ? slope * X : X, slope broadcast to X">;

def ONNX_PowOp : ONNX_ElementwiseOp<"Pow",
    "ONNX Pow: X ^ Y; Y may have another numeric type than X",
    [AllElementTypesMatch<["X", "Z"]>]> {
  let arguments = (ins ONNX_NumericTensor:$X, ONNX_NumericTensor:$Y);
  let results = (outs ONNX_NumericTensor:$Z);
  let assemblyFormat = "$X `,` $Y attr-dict `:` functional-type(operands, results)";
}

def ONNX_MaxOp : ONNX_VariadicElementwiseOp<"Max",
    "ONNX Max: elementwise maximum, NaN if any operand is NaN">;
def ONNX_MinOp : ONNX_VariadicElementwiseOp<"Min",
    "ONNX Min: elementwise minimum, NaN if any operand is NaN">;
def ONNX_SumOp : ONNX_VariadicElementwiseOp<"Sum", "ONNX Sum",
                                            ONNX_FloatTensor>;
def ONNX_MeanOp : ONNX_VariadicElementwiseOp<"Mean", "ONNX Mean",
                                             ONNX_FloatTensor>;

def ONNX_AbsOp : ONNX_UnaryElementwiseOp<"Abs", "ONNX Abs", ONNX_NumericTensor>;
def ONNX_NegOp : ONNX_UnaryElementwiseOp<"Neg", "ONNX Neg: -X",
                                         ONNX_SignedNumericTensor> {
  let hasFolder = 1;
}
def ONNX_SignOp : ONNX_UnaryElementwiseOp<"Sign", "ONNX Sign: -1, 0 or 1",
                                          ONNX_NumericTensor>;
def ONNX_ReciprocalOp : ONNX_UnaryElementwiseOp<"Reciprocal",
                                                "ONNX Reciprocal: 1 / X">;
def ONNX_FloorOp : ONNX_UnaryElementwiseOp<"Floor", "ONNX Floor">;
def ONNX_CeilOp : ONNX_UnaryElementwiseOp<"Ceil", "ONNX Ceil">;
def ONNX_RoundOp : ONNX_UnaryElementwiseOp<"Round",
    "ONNX Round: to the nearest integer, halves to even">;
def ONNX_SqrtOp : ONNX_UnaryElementwiseOp<"Sqrt", "ONNX Sqrt">;
def ONNX_ExpOp : ONNX_UnaryElementwiseOp<"Exp", "ONNX Exp">;
def ONNX_LogOp : ONNX_UnaryElementwiseOp<"Log", "ONNX Log: natural logarithm">;
def ONNX_ErfOp : ONNX_UnaryElementwiseOp<"Erf", "ONNX Erf: the error function">;

def ONNX_SinOp : ONNX_UnaryElementwiseOp<"Sin", "ONNX Sin">;
def ONNX_CosOp : ONNX_UnaryElementwiseOp<"Cos", "ONNX Cos">;
def ONNX_TanOp : ONNX_UnaryElementwiseOp<"Tan", "ONNX Tan">;
def ONNX_AsinOp : ONNX_UnaryElementwiseOp<"Asin", "ONNX Asin">;
def ONNX_AcosOp : ONNX_UnaryElementwiseOp<"Acos", "ONNX Acos">;
def ONNX_AtanOp : ONNX_UnaryElementwiseOp<"Atan", "ONNX Atan">;
def ONNX_SinhOp : ONNX_UnaryElementwiseOp<"Sinh", "ONNX Sinh">;
def ONNX_CoshOp : ONNX_UnaryElementwiseOp<"Cosh", "ONNX Cosh">;
def ONNX_AsinhOp : ONNX_UnaryElementwiseOp<"Asinh", "ONNX Asinh">;
def ONNX_AcoshOp : ONNX_UnaryElementwiseOp<"Acosh", "ONNX Acosh">;
def ONNX_AtanhOp : ONNX_UnaryElementwiseOp<"Atanh", "ONNX Atanh">;

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def ONNX_ReluOp : ONNX_UnaryElementwiseOp<"Relu", "ONNX Relu: max(0, X)",
    TensorOf<[ONNX_FloatTypes, ONNX_SignedIntTypes]>>;
def ONNX_SigmoidOp : ONNX_UnaryElementwiseOp<"Sigmoid",
    "ONNX Sigmoid: 1 / (1 + exp(-X))">;
def ONNX_TanhOp : ONNX_UnaryElementwiseOp<"Tanh", "ONNX Tanh">;
def ONNX_SoftplusOp : ONNX_UnaryElementwiseOp<"Softplus",
    "ONNX Softplus: ln(exp(X) + 1)">;
def ONNX_SoftsignOp : ONNX_UnaryElementwiseOp<"Softsign",
    "ONNX Softsign: X / (1 + |X|)">;
def ONNX_LeakyReluOp : ONNX_UnaryElementwiseOp<"LeakyRelu",
    "ONNX LeakyRelu: X < 0 ? alpha * X : X", ONNX_FloatTensor,
    (ins DefaultValuedAttr<F32Attr, "0.01">:$alpha)>;
def ONNX_EluOp : ONNX_UnaryElementwiseOp<"Elu",
    "ONNX Elu: X < 0 ? alpha * (exp(X) - 1) : X", ONNX_FloatTensor,
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def ONNX_SeluOp : ONNX_UnaryElementwiseOp<"Selu",
    "ONNX Selu: gamma * (X <= 0 ? alpha * (exp(X) - 1) : X)", ONNX_FloatTensor,
    (ins DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
         DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma)>;
def ONNX_CeluOp : ONNX_UnaryElementwiseOp<"Celu",
    "ONNX Celu: max(0, X) + min(0, alpha * (exp(X / alpha) - 1))",
    ONNX_FloatTensor, (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def ONNX_HardSigmoidOp : ONNX_UnaryElementwiseOp<"HardSigmoid",
    "ONNX HardSigmoid: max(0, min(1, alpha * X + beta))", ONNX_FloatTensor,
    (ins DefaultValuedAttr<F32Attr, "0.2">:$alpha,
         DefaultValuedAttr<F32Attr, "0.5">:$beta)>;
def ONNX_HardSwishOp : ONNX_UnaryElementwiseOp<"HardSwish",
    "ONNX HardSwish: X * max(0, min(1, X / 6 + 1 / 2))">;
def ONNX_ThresholdedReluOp : ONNX_UnaryElementwiseOp<"ThresholdedRelu",
    "ONNX ThresholdedRelu: X > alpha ? X : 0", ONNX_FloatTensor,
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def ONNX_ShrinkOp : ONNX_UnaryElementwiseOp<"Shrink",
    "ONNX Shrink: X < -lambd ? X + bias : (X > lambd ? X - bias : 0)",
    ONNX_NumericTensor,
    (ins DefaultValuedAttr<F32Attr, "0.0">:$bias,
         DefaultValuedAttr<F32Attr, "0.5">:$lambd)>;
def ONNX_MishOp : ONNX_UnaryElementwiseOp<"Mish",
    "ONNX Mish: X * tanh(softplus(X))">;
def ONNX_GeluOp : ONNX_UnaryElementwiseOp<"Gelu",
    "ONNX Gelu: X * Phi(X), or its tanh approximation", ONNX_FloatTensor,
    (ins DefaultValuedStrAttr<StrAttr, "none">:$approximate)>;

//===----------------------------------------------------------------------===//
// Comparisons, logic and bits
//===----------------------------------------------------------------------===//

def ONNX_EqualOp : ONNX_CompareOp<"Equal", "ONNX Equal: A == B", ONNX_AnyTensor>;
def ONNX_LessOp : ONNX_CompareOp<"Less", "ONNX Less: A < B">;
def ONNX_LessOrEqualOp : ONNX_CompareOp<"LessOrEqual", "ONNX LessOrEqual: A <= B">;
def ONNX_GreaterOp : ONNX_CompareOp<"Greater", "ONNX Greater: A > B">;
def ONNX_GreaterOrEqualOp : ONNX_CompareOp<"GreaterOrEqual",
                                           "ONNX GreaterOrEqual: A >= B">;
def ONNX_AndOp : ONNX_CompareOp<"And", "ONNX And", ONNX_BoolTensor>;
def ONNX_OrOp : ONNX_CompareOp<"Or", "ONNX Or", ONNX_BoolTensor>;
def ONNX_XorOp : ONNX_CompareOp<"Xor", "ONNX Xor", ONNX_BoolTensor>;
def ONNX_NotOp : ONNX_UnaryElementwiseOp<"Not", "ONNX Not", ONNX_BoolTensor>;

def ONNX_IsNaNOp : ONNX_UnaryPredicateOp<"IsNaN", "ONNX IsNaN">;
def ONNX_IsInfOp : ONNX_UnaryPredicateOp<"IsInf",
    "ONNX IsInf: X is +inf (if detect_positive) or -inf (if detect_negative)",
    (ins DefaultValuedAttr<ONNX_IntAttr, "1">:$detect_negative,
         DefaultValuedAttr<ONNX_IntAttr, "1">:$detect_positive)>;

def ONNX_BitwiseAndOp : ONNX_BinaryElementwiseOp<"BitwiseAnd",
                                                 "ONNX BitwiseAnd", ONNX_IntTensor>;
def ONNX_BitwiseOrOp : ONNX_BinaryElementwiseOp<"BitwiseOr",
                                                "ONNX BitwiseOr", ONNX_IntTensor>;
def ONNX_BitwiseXorOp : ONNX_BinaryElementwiseOp<"BitwiseXor",
                                                 "ONNX BitwiseXor", ONNX_IntTensor>;
def ONNX_BitwiseNotOp : ONNX_UnaryElementwiseOp<"BitwiseNot",
                                                "ONNX BitwiseNot", ONNX_IntTensor>;
def ONNX_BitShiftOp : ONNX_BinaryElementwiseOp<"BitShift",
    "ONNX BitShift: X shifted by Y bits in `direction` (LEFT or RIGHT)",
    ONNX_UnsignedIntTensor, (ins StrAttr:$direction)> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Selection, clipping and conversion
//===----------------------------------------------------------------------===//

def ONNX_WhereOp : ONNX_ElementwiseOp<"Where",
    "ONNX Where: condition ? X : Y, all three broadcast",
    [AllElementTypesMatch<["X", "Y", "output"]>],
    "getX().getType().getElementType()"> {
  let arguments = (ins ONNX_BoolTensor:$condition, ONNX_AnyTensor:$X,
                   ONNX_AnyTensor:$Y);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$condition `,` $X `,` $Y attr-dict `:` functional-type(operands, results)";
}

def ONNX_ClipOp : ONNX_ElementwiseOp<"Clip",
    "ONNX Clip: min(max(input, min), max), each bound optional",
    [SameOperandsAndResultElementType, AttrSizedOperandSegments]> {
  let description = [{
    `min` and `max` are scalars (rank 0 or one element); a missing bound does
    not clip. Opsets before 11 gave them as attributes, which the importer
    turns into constant operands.
  }];
  let arguments = (ins ONNX_NumericTensor:$input,
                   Optional<ONNX_NumericTensor>:$min,
                   Optional<ONNX_NumericTensor>:$max);
  let results = (outs ONNX_NumericTensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:` functional-type(operands, results)
  }];
  // The bounds are scalars: the result has the input's shape.
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(getInput().getType());
      return ::mlir::success();
    }
  }];
}

def ONNX_CastOp : ONNX_ElementwiseOp<"Cast",
    "ONNX Cast (and CastLike): `input` converted to the element type `to`",
    [], "getTo()"> {
  let description = [{
    Float to integer truncates toward zero; to bool is `input != 0`; bool is
    0 or 1. The importer gives CastLike's `target_type` element type as `to`.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, TypeAttr:$to);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Matrix products and linear algebra
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

// The inputs and the output share one element type, which the shape rule
// checks (AllElementTypesMatch does not take variadic operands).
def ONNX_EinsumOp : ONNX_Op<"Einsum"> {
  let summary = "ONNX Einsum: Einstein summation over `equation`";
  let description = [{
    `equation` names each input's dims with letters ("ij,jk->ik"); `...`
    stands for dims that broadcast across inputs. A letter repeated within an
    input takes its diagonal; letters missing from the output are summed
    over. Without `->` the output holds the broadcast `...` dims, then the
    letters that occur once, in alphabetical order.
  }];
  let arguments = (ins Variadic<ONNX_NumericTensor>:$Inputs,
                   StrAttr:$equation);
  let results = (outs ONNX_NumericTensor:$Output);
  let assemblyFormat = "$Inputs attr-dict `:` functional-type(operands, results)";
}

def ONNX_DetOp : ONNX_Op<"Det", [SameOperandsAndResultElementType]> {
  let summary = "ONNX Det: determinants of square matrices";
  let description = [{
    `X` is [*, M, M]; the result [*] holds the determinant of each of its
    trailing matrices.
  }];
  let arguments = (ins ONNX_FloatTensor:$X);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_MATH_TD
