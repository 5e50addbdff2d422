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
  let extraClassDeclaration = [{
    /// The dims [start, end) that the result lists for an input of rank
    /// `rank`: ONNX adds rank to negative start and end, then clamps both
    /// into [0, rank].
    std::pair<int64_t, int64_t> getSlice(int64_t rank);
  }];
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

// Index operands of ONNX's Tind constraint.
def ONNX_IndexTensor : TensorOf<[I32, I64]>;

// Operands that hold a list of axes, sizes or pads are 1-D i64 tensors; the
// importer turns the attribute forms of older opsets into constants, which
// shape inference reads.

def ONNX_SizeOp : ONNX_Op<"Size"> {
  let summary = "ONNX Size: the number of elements of `data`, a 0-D i64";
  let arguments = (ins ONNX_AnyTensor:$data);
  let results = (outs ONNX_I64Tensor:$size);
  let hasFolder = 1;
  let assemblyFormat = "$data attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Dims added, removed, joined and split
//===----------------------------------------------------------------------===//

def ONNX_SqueezeOp : ONNX_Op<"Squeeze", [AllElementTypesMatch<["data", "squeezed"]>]> {
  let summary = "ONNX Squeeze: removes dims of size 1";
  let description = [{
    Removes the dims listed in `axes` (each must have size 1), or, without
    `axes`, every dim of size 1.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, Optional<ONNX_I64Tensor>:$axes);
  let results = (outs ONNX_AnyTensor:$squeezed);
  let hasFolder = 1;
  let assemblyFormat = "$data (`,` $axes^)? attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The dims removed, sorted and in [0, rank), or failure when they are
    /// not known at compile time.
    ::mlir::FailureOr<::llvm::SmallVector<int64_t>> getSqueezedDims();
  }];
}

def ONNX_UnsqueezeOp : ONNX_Op<"Unsqueeze", [AllElementTypesMatch<["data", "expanded"]>]> {
  let summary = "ONNX Unsqueeze: inserts dims of size 1";
  let description = [{
    `axes` index the result's dims, so that they lie in [-r, r) where r is the
    input's rank plus the number of axes.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$axes);
  let results = (outs ONNX_AnyTensor:$expanded);
  let hasFolder = 1;
  let assemblyFormat = "$data `,` $axes attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The result dims that are inserted, sorted and in [0, result rank), or
    /// failure when they are not known at compile time.
    ::mlir::FailureOr<::llvm::SmallVector<int64_t>> getInsertedDims();
  }];
}

def ONNX_ConcatOp : ONNX_Op<"Concat"> {
  let summary = "ONNX Concat: joins tensors along `axis`";
  let arguments = (ins Variadic<ONNX_AnyTensor>:$inputs, ONNX_IntAttr:$axis);
  let results = (outs ONNX_AnyTensor:$concat_result);
  let hasFolder = 1;
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def ONNX_SplitOp : ONNX_Op<"Split"> {
  let summary = "ONNX Split: cuts `input` along `axis` into the results";
  let description = [{
    `split` gives each result's size. Without it the sizes are equal, each
    ceil(size / number of results), and the last result takes what remains
    (Split-18; before, the size had to divide evenly, which gives the same
    sizes). The importer checks Split-18's num_outputs against the number of
    results.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, Optional<ONNX_I64Tensor>:$split,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis);
  let results = (outs Variadic<ONNX_AnyTensor>:$outputs);
  let assemblyFormat = "$input (`,` $split^)? attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The size of each result along the axis, for an input of size
    /// `inputSize` there (kDynamic entries where unknown).
    ::mlir::FailureOr<::llvm::SmallVector<int64_t>>
    getSplitSizes(int64_t inputSize);
  }];
}

def ONNX_SliceOp : ONNX_Op<"Slice", [AttrSizedOperandSegments,
                                    AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX Slice: data[starts:ends:steps] on `axes`";
  let description = [{
    Negative starts and ends count from the end; both are then clamped into
    the dim ([0, size] for positive steps, [-1, size - 1] for negative ones),
    so out-of-range values select what exists. `axes` defaults to
    [0, len(starts)), `steps` to ones.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$starts,
                   ONNX_IndexTensor:$ends,
                   Optional<ONNX_IndexTensor>:$axes,
                   Optional<ONNX_IndexTensor>:$steps);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$data `,` $starts `,` $ends (`axes` $axes^)? (`steps` $steps^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_PadOp : ONNX_Op<"Pad", [AttrSizedOperandSegments,
                                AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX Pad: constant, reflect, edge or wrap padding";
  let description = [{
    `pads` holds the begin pads of the padded axes, then their end pads; a
    negative pad removes elements. `axes` (Pad-18) defaults to all dims. The
    constant defaults to 0.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$pads,
                   Optional<ONNX_AnyTensor>:$constant_value,
                   Optional<ONNX_IndexTensor>:$axes,
                   DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$data `,` $pads (`value` $constant_value^)? (`axes` $axes^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_CenterCropPadOp : ONNX_Op<"CenterCropPad",
    [AllElementTypesMatch<["input_data", "output_data"]>]> {
  let summary = "ONNX CenterCropPad (opset 18)";
  let description = [{
    Each dim in `axes` (all by default) becomes the size `shape` gives it:
    centre-cropped when smaller (from (size - target) / 2), centre-padded
    with zeros when larger ((target - size) / 2 before, the rest after).
  }];
  let arguments = (ins ONNX_AnyTensor:$input_data, ONNX_IndexTensor:$shape,
                   OptionalAttr<ONNX_IntsAttr>:$axes);
  let results = (outs ONNX_AnyTensor:$output_data);
  let assemblyFormat = "$input_data `,` $shape attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The dim of a ranked input that each element of `shape` sizes, in
    /// order; shared by shape inference and the lowering.
    ::mlir::FailureOr<::llvm::SmallVector<int64_t>>
    getTargetDims(std::string &error);
  }];
}

def ONNX_ExpandOp : ONNX_Op<"Expand", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Expand: broadcasts `input` with `shape`";
  let description = [{
    The result's shape is the multidirectional broadcast of the input's shape
    and `shape`, so a 1 in `shape` keeps the input's size.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$shape);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input `,` $shape attr-dict `:` functional-type(operands, results)";
}

def ONNX_TileOp : ONNX_Op<"Tile", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Tile: repeats `input` `repeats[i]` times along dim i";
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$repeats);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input `,` $repeats attr-dict `:` functional-type(operands, results)";
}

def ONNX_DepthToSpaceOp : ONNX_Op<"DepthToSpace", [SameOperandsAndResultElementType]> {
  let summary = "ONNX DepthToSpace: moves channel blocks into space";
  let description = [{
    (N, C, H, W) becomes (N, C / b^2, H * b, W * b). In DCR mode the channel
    index is (block row, block column, channel); in CRD mode it is (channel,
    block row, block column).
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_IntAttr:$blocksize,
                   DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ONNX_SpaceToDepthOp : ONNX_Op<"SpaceToDepth", [SameOperandsAndResultElementType]> {
  let summary = "ONNX SpaceToDepth: moves spatial blocks into channels";
  let description = [{
    (N, C, H, W) becomes (N, C * b^2, H / b, W / b), the channel index being
    (block row, block column, channel).
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_IntAttr:$blocksize);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ONNX_ReverseSequenceOp : ONNX_Op<"ReverseSequence",
    [AllElementTypesMatch<["input", "Y"]>]> {
  let summary = "ONNX ReverseSequence: reverses the first sequence_lens[b] "
                "steps of each batch entry";
  let description = [{
    `batch_axis` and `time_axis` are 0 and 1 in either order. Along
    `time_axis`, batch entry b has its first sequence_lens[b] elements
    reversed and the others copied.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$sequence_lens,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$batch_axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$time_axis);
  let results = (outs ONNX_AnyTensor:$Y);
  let assemblyFormat = "$input `,` $sequence_lens attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Generated tensors
//===----------------------------------------------------------------------===//

def ONNX_ConstantOfShapeOp : ONNX_Op<"ConstantOfShape"> {
  let summary = "ONNX ConstantOfShape: a tensor of shape `input` filled with `value`";
  let description = [{
    `value` is a one-element tensor; without it the result is f32 zeros.
  }];
  let arguments = (ins ONNX_I64Tensor:$input, OptionalAttr<ElementsAttr>:$value);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The fill value's element type.
    ::mlir::Type getFillElementType();
  }];
}

def ONNX_RangeOp : ONNX_Op<"Range", [AllElementTypesMatch<["start", "limit", "delta", "output"]>]> {
  let summary = "ONNX Range: start, start + delta, ... up to limit (excluded)";
  let description = [{
    The result has max(ceil((limit - start) / delta), 0) elements; element i
    is start + i * delta.
  }];
  let arguments = (ins TensorOf<[F32, F64, I16, I32, I64]>:$start,
                   TensorOf<[F32, F64, I16, I32, I64]>:$limit,
                   TensorOf<[F32, F64, I16, I32, I64]>:$delta);
  let results = (outs TensorOf<[F32, F64, I16, I32, I64]>:$output);
  let assemblyFormat = "$start `,` $limit `,` $delta attr-dict `:` functional-type(operands, results)";
}

def ONNX_EyeLikeOp : ONNX_Op<"EyeLike"> {
  let summary = "ONNX EyeLike: ones on diagonal `k` of a 2-D tensor shaped like `input`";
  let description = [{
    The element type is `dtype`, or the input's when `dtype` is absent.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, OptionalAttr<TypeAttr>:$dtype,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$k);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ONNX_TriluOp : ONNX_Op<"Trilu", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Trilu: the upper or lower triangle of the last two dims";
  let description = [{
    Keeps element (i, j) where j - i >= k (upper) or j - i <= k (lower) and
    zeroes the rest; `k` defaults to 0.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, Optional<ONNX_I64Tensor>:$k,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$upper);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$input (`,` $k^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_OneHotOp : ONNX_Op<"OneHot"> {
  let summary = "ONNX OneHot";
  let description = [{
    Inserts a dim of size `depth` at `axis` (in [-r-1, r] for indices of rank
    r); the result is values[1] where the index along it equals the index in
    `indices` (negative ones counting from `depth`), values[0] elsewhere.
  }];
  let arguments = (ins ONNX_NumericTensor:$indices, ONNX_NumericTensor:$depth,
                   ONNX_AnyTensor:$values,
                   DefaultValuedAttr<ONNX_IntAttr, "-1">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$indices `,` $depth `,` $values attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Gather and scatter
//
// Negative indices count from the end of their dim. Generated code cannot yet
// report an index out of range, so the lowering clamps indices into the dim:
// a bad index reads or writes a wrong element, never outside the tensor.
//===----------------------------------------------------------------------===//

def ONNX_GatherOp : ONNX_Op<"Gather", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX Gather: data's slices along `axis` at `indices`";
  let description = [{
    The result's shape is data.shape[:axis] + indices.shape +
    data.shape[axis+1:].
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$indices,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def ONNX_GatherElementsOp : ONNX_Op<"GatherElements", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX GatherElements";
  let description = [{
    output[i0, ..., in] = data[i0, ..., indices[i0, ..., in], ..., in], the
    index replacing dim `axis`. The result has the shape of `indices`.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$indices,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def ONNX_GatherNDOp : ONNX_Op<"GatherND", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX GatherND";
  let description = [{
    The last dim of `indices` (size m) indexes the m dims of `data` after the
    first `batch_dims`, which `data` and `indices` share. The result's shape
    is indices.shape[:-1] + data.shape[batch_dims + m:].
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$indices,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$batch_dims);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def ONNX_ScatterElementsOp : ONNX_Op<"ScatterElements", [AllElementTypesMatch<["data", "updates", "output"]>]> {
  let summary = "ONNX ScatterElements (and Scatter-9)";
  let description = [{
    A copy of `data` where, for every position of `indices`, the element that
    GatherElements would read is replaced by (or, per `reduction`, combined
    with: add, mul, max, min) the update at that position. Updates apply in
    row-major order, so a repeated index with reduction "none" keeps the last.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$indices,
                   ONNX_AnyTensor:$updates,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

def ONNX_ScatterNDOp : ONNX_Op<"ScatterND", [AllElementTypesMatch<["data", "updates", "output"]>]> {
  let summary = "ONNX ScatterND";
  let description = [{
    A copy of `data` where each slice data[indices[i0, ..., i(q-2), :]] is
    replaced by (or combined, per `reduction`, with) updates[i0, ..., i(q-2)],
    in row-major order.
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$indices,
                   ONNX_AnyTensor:$updates,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_TENSOR_TD
