//===- Reduction.td - Reductions, scans, TopK and softmax -*- tablegen -*-===//
//
// Ops that combine the elements along some dims of their input. The Reduce*
// ops are one class, one line each; their lowering is one pattern
// parametrised by the reduction's kind (lib/Conversion/ONNXToLinalg/
// Reduction.cpp). Softmax, LogSoftmax and Hardmax are one class too.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_REDUCTION_TD
#define ONNXC_DIALECT_ONNX_IR_REDUCTION_TD

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

class ONNX_ReduceOp<string mnemonic, string onnxSummary,
                    Type tensorType = ONNX_NumericTensor>
    : ONNX_Op<mnemonic, [AllElementTypesMatch<["data", "reduced"]>]> {
  let summary = onnxSummary;
  let description = [{
    Reduces `data` over `axes`; negative axes count from the back. Without
    `axes`, or with an empty one, it reduces over every dim, or over none when
    noop_with_empty_axes is set (the elementwise part of the reduction, such as
    |x| or x * x, still applies then). keepdims keeps each reduced dim with
    size 1. A reduction over no elements gives its identity: 0 for sums, 1 for
    products, -inf (or the lowest value) for Max, +inf (or the highest value)
    for Min, -inf for LogSum and LogSumExp.

    Up to opset 17 (ReduceSum: 12) `axes` was an attribute; the importer makes
    it a constant operand.
  }];
  let arguments = (ins tensorType:$data, Optional<ONNX_I64Tensor>:$axes,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$keepdims,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$noop_with_empty_axes);
  let results = (outs tensorType:$reduced);
  let assemblyFormat = "$data (`,` $axes^)? attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferReductionResultType(*this, getData(), getAxes(),
                                      getKeepdims() != 0,
                                      getNoopWithEmptyAxes() != 0, inferred);
    }
  }];
}

def ONNX_ReduceL1Op : ONNX_ReduceOp<"ReduceL1", "ONNX ReduceL1: sum of |x|">;
def ONNX_ReduceL2Op : ONNX_ReduceOp<"ReduceL2",
    "ONNX ReduceL2: square root of the sum of x * x">;
def ONNX_ReduceLogSumOp : ONNX_ReduceOp<"ReduceLogSum",
    "ONNX ReduceLogSum: log of the sum">;
def ONNX_ReduceLogSumExpOp : ONNX_ReduceOp<"ReduceLogSumExp",
    "ONNX ReduceLogSumExp: log of the sum of exp(x)">;
def ONNX_ReduceMaxOp : ONNX_ReduceOp<"ReduceMax", "ONNX ReduceMax: maximum",
    ONNX_AnyTensor>;
def ONNX_ReduceMeanOp : ONNX_ReduceOp<"ReduceMean",
    "ONNX ReduceMean: sum divided by the number of reduced elements">;
def ONNX_ReduceMinOp : ONNX_ReduceOp<"ReduceMin", "ONNX ReduceMin: minimum",
    ONNX_AnyTensor>;
def ONNX_ReduceProdOp : ONNX_ReduceOp<"ReduceProd", "ONNX ReduceProd: product">;
def ONNX_ReduceSumOp : ONNX_ReduceOp<"ReduceSum", "ONNX ReduceSum: sum">;
def ONNX_ReduceSumSquareOp : ONNX_ReduceOp<"ReduceSumSquare",
    "ONNX ReduceSumSquare: sum of x * x">;

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin
//===----------------------------------------------------------------------===//

class ONNX_ArgReduceOp<string mnemonic, string onnxSummary>
    : ONNX_Op<mnemonic> {
  let summary = onnxSummary;
  let description = [{
    The index along `axis` of the extreme element, the first one among equals
    or the last when select_last_index is set. keepdims keeps `axis` with
    size 1.
  }];
  let arguments = (ins ONNX_NumericTensor:$data,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$keepdims,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$select_last_index);
  let results = (outs ONNX_I64Tensor:$reduced);
  let assemblyFormat = "$data attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferArgReductionResultType(*this, getData(), getAxis(),
                                         getKeepdims() != 0, inferred);
    }
  }];
}

def ONNX_ArgMaxOp : ONNX_ArgReduceOp<"ArgMax",
    "ONNX ArgMax: index of the largest element along axis">;
def ONNX_ArgMinOp : ONNX_ArgReduceOp<"ArgMin",
    "ONNX ArgMin: index of the smallest element along axis">;

//===----------------------------------------------------------------------===//
// CumSum, TopK
//===----------------------------------------------------------------------===//

def ONNX_CumSumOp : ONNX_Op<"CumSum", [AllElementTypesMatch<["x", "y"]>]> {
  let summary = "ONNX CumSum: running sums along axis";
  let description = [{
    y[i] is the sum of x[j] for j <= i along `axis` (a scalar tensor), j < i
    when exclusive, j >= i when reverse, j > i when both.
  }];
  let arguments = (ins ONNX_NumericTensor:$x, TensorOf<[I32, I64]>:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$exclusive,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$reverse);
  let results = (outs ONNX_NumericTensor:$y);
  let assemblyFormat = "$x `,` $axis attr-dict `:` functional-type(operands, results)";
}

def ONNX_TopKOp : ONNX_Op<"TopK", [AllElementTypesMatch<["X", "Values"]>]> {
  let summary = "ONNX TopK: the K largest (or smallest) elements along axis";
  let description = [{
    `K` is a 1-D tensor of one element. Values and their int64 Indices along
    `axis` come in order, best first; of equal values the one with the
    smaller index comes first. Up to opset 9 K was an attribute; the
    importer makes it a constant operand.
  }];
  let arguments = (ins ONNX_NumericTensor:$X, ONNX_I64Tensor:$K,
                   DefaultValuedAttr<ONNX_IntAttr, "-1">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$largest,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$sorted);
  let results = (outs ONNX_NumericTensor:$Values, ONNX_I64Tensor:$Indices);
  let assemblyFormat = "$X `,` $K attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Softmax, LogSoftmax, Hardmax
//===----------------------------------------------------------------------===//

// Opset 13 made these ops normalise along `axis` alone (default -1). Before,
// they coerced the input to 2-D at `axis` (default 1) and normalised each
// row, i.e. over all dims from `axis` on together: the V1 ops.
class ONNX_SoftmaxLikeOp<string mnemonic, int defaultAxis>
    : ONNX_Op<mnemonic, [SameOperandsAndResultElementType]> {
  let arguments = (ins ONNX_FloatTensor:$input,
                   DefaultValuedAttr<ONNX_IntAttr, !cast<string>(defaultAxis)>:$axis);
  let results = (outs ONNX_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(getInput().getType());
      return ::mlir::success();
    }
    ::mlir::LogicalResult $cppClass::verify() {
      return verifyAxisInRange(*this, getInput(), getAxis());
    }
  }];
}

def ONNX_HardmaxOp : ONNX_SoftmaxLikeOp<"Hardmax", -1> {
  let summary = "ONNX Hardmax (opset 13+): 1 at the first maximum along `axis`, else 0";
}

def ONNX_HardmaxV1Op : ONNX_SoftmaxLikeOp<"HardmaxV1", 1> {
  let summary = "ONNX Hardmax (opsets 1-12): over dims axis..rank-1 together";
}

def ONNX_LogSoftmaxOp : ONNX_SoftmaxLikeOp<"LogSoftmax", -1> {
  let summary = "ONNX LogSoftmax (opset 13+): log of Softmax along `axis`";
}

def ONNX_LogSoftmaxV1Op : ONNX_SoftmaxLikeOp<"LogSoftmaxV1", 1> {
  let summary = "ONNX LogSoftmax (opsets 1-12): over dims axis..rank-1 together";
}

def ONNX_SoftmaxOp : ONNX_SoftmaxLikeOp<"Softmax", -1> {
  let summary = "ONNX Softmax (opset 13+): normalises along `axis`";
}

def ONNX_SoftmaxV1Op : ONNX_SoftmaxLikeOp<"SoftmaxV1", 1> {
  let summary = "ONNX Softmax (opsets 1-12): normalises over dims axis..rank-1";
}

#endif // ONNXC_DIALECT_ONNX_IR_REDUCTION_TD
