//===- DataDependent.td - Ops with data-dependent sizes ----*- tablegen -*-===//
//
// NonZero, Compress and Unique select elements by their values, so a size of
// their results is known only once the input's values are: shape inference
// leaves it dynamic, and the lowering counts before it allocates.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_DATADEPENDENT_TD
#define ONNXC_DIALECT_ONNX_IR_DATADEPENDENT_TD

def ONNX_CompressOp : ONNX_Op<"Compress",
    [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Compress: the slices of `input` where `condition` holds";
  let description = [{
    Keeps the slices along `axis` whose index i has condition[i] true; without
    `axis`, the elements of the flattened input. A condition shorter than the
    axis leaves the remaining slices out. Negative axes (opset 11) count from
    the back.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, TensorOf<[I1]>:$condition,
                   OptionalAttr<ONNX_IntAttr>:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input `,` $condition attr-dict `:` functional-type(operands, results)";
}

def ONNX_NonZeroOp : ONNX_Op<"NonZero"> {
  let summary = "ONNX NonZero: the indices of the non-zero elements";
  let description = [{
    A [rank, count] int64 tensor: column k holds the indices of the k-th
    non-zero element of `X` in row-major order (numpy.nonzero, stacked).
  }];
  let arguments = (ins ONNX_AnyTensor:$X);
  let results = (outs ONNX_I64Tensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

def ONNX_UniqueOp : ONNX_Op<"Unique", [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "ONNX Unique: the distinct elements or slices of `X`";
  let description = [{
    Without `axis` the items are the elements of the flattened `X`, with it
    its slices along `axis`. `Y` holds each distinct item once, in ascending
    (lexicographic for slices) order when `sorted`, else in the order of
    their first occurrence; `indices` the position of that first occurrence,
    `inverse_indices` for each item of `X` the position of its value in `Y`,
    and `counts` how often each item of `Y` occurs.
  }];
  let arguments = (ins ONNX_AnyTensor:$X, OptionalAttr<ONNX_IntAttr>:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$sorted);
  let results = (outs ONNX_AnyTensor:$Y, ONNX_I64Tensor:$indices,
                 ONNX_I64Tensor:$inverse_indices, ONNX_I64Tensor:$counts);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_DATADEPENDENT_TD
