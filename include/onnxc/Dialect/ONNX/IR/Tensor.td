//===- Tensor.td - Constants and shape manipulation ----------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_TENSOR_TD
#define ONNXC_DIALECT_ONNX_IR_TENSOR_TD

def ONNX_ConstantOp : ONNX_Op<"Constant", [ConstantLike]> {
  let summary = "ONNX Constant, and graph initializers";
  let description = [{
    Holds `value`. The importer turns every value_* form of ONNX Constant and
    every initializer into this op; large values are `dense_resource` blobs so
    that weights are never expanded into per-element attributes.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "attr-dict $value `->` type($output)";
}

def ONNX_IdentityOp : ONNX_Op<"Identity", [SameOperandsAndResultElementType]> {
  let summary = "ONNX Identity";
  let arguments = (ins ONNX_AnyTensor:$input);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ONNX_ShapeOp : ONNX_Op<"Shape"> {
  let summary = "ONNX Shape: the dimensions of `data` in [start, end)";
  let arguments = (ins ONNX_AnyTensor:$data,
                   OptionalAttr<ONNX_IntAttr>:$end,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$start);
  let results = (outs ONNX_I64Tensor:$shape);
  let hasFolder = 1;
  let assemblyFormat = "$data attr-dict `:` functional-type(operands, results)";
}

def ONNX_ReshapeOp : ONNX_Op<"Reshape", [AllElementTypesMatch<["data", "reshaped"]>]> {
  let summary = "ONNX Reshape";
  let description = [{
    A 0 in `shape` copies the input's size at that index unless allowzero is
    set; one -1 is inferred from the element count.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$shape,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$allowzero);
  let results = (outs ONNX_AnyTensor:$reshaped);
  let hasFolder = 1;
  let assemblyFormat = "$data `,` $shape attr-dict `:` functional-type(operands, results)";
}

def ONNX_TransposeOp : ONNX_Op<"Transpose", [AllElementTypesMatch<["data", "transposed"]>]> {
  let summary = "ONNX Transpose: output dim i is input dim perm[i]";
  let description = [{ Without `perm` the dimensions are reversed. }];
  let arguments = (ins ONNX_AnyTensor:$data, OptionalAttr<ONNX_IntsAttr>:$perm);
  let results = (outs ONNX_AnyTensor:$transposed);
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let assemblyFormat = "$data attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The permutation with ONNX's default (reversal) applied.
    ::llvm::SmallVector<int64_t> getPermutation();
  }];
}

def ONNX_FlattenOp : ONNX_Op<"Flatten", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Flatten: to 2-D, splitting the dimensions at `axis`";
  let arguments = (ins ONNX_AnyTensor:$input,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_TENSOR_TD
