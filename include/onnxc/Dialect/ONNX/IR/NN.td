//===- NN.td - Convolution, pooling and normalisation ops ----*- tablegen -*-===//
//
// Window ops (Conv, ConvTranspose, the pools) share their geometry rules
// through ShapeHelpers.h and NN.h; the pools share one lowering parametrised
// by their kind (lib/Conversion/ONNXToLinalg/Pooling.cpp), the normalisations
// one mean/variance helper (Normalization.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_NN_TD
#define ONNXC_DIALECT_ONNX_IR_NN_TD

def ONNX_ConvOp : ONNX_Op<"Conv", [SameOperandsAndResultElementType]> {
  let summary = "ONNX Conv: N-D grouped convolution";
  let description = [{
    X is (N x C x D1 x ... x Dn), W is (M x C/group x k1 x ... x kn), B is (M).
    Attributes that the model leaves out are absent here too; their ONNX
    defaults (unit strides and dilations, zero pads, kernel_shape from W) are
    applied by the shape helper shared with the lowering.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W,
                   Optional<ONNX_FloatTensor>:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<ONNX_IntsAttr>:$dilations,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$group,
                   OptionalAttr<ONNX_IntsAttr>:$kernel_shape,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   OptionalAttr<ONNX_IntsAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $W (`,` $B^)? attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The window geometry with ONNX's defaults applied and auto_pad
    /// resolved; shared by shape inference and the lowering. Requires a
    /// ranked X and W.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

def ONNX_MaxPoolOp : ONNX_Op<"MaxPool"> {
  let summary = "ONNX MaxPool";
  let description = [{
    Pads are -infinity (they never win). The optional Indices output holds
    flattened NCHW indices of the maxima (or column-major within each plane
    when storage_order is 1).
  }];
  let arguments = (ins TensorOf<[ONNX_FloatTypes, I8, UI8]>:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$ceil_mode,
                   OptionalAttr<ONNX_IntsAttr>:$dilations,
                   ONNX_IntsAttr:$kernel_shape,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$storage_order,
                   OptionalAttr<ONNX_IntsAttr>:$strides);
  let results = (outs TensorOf<[ONNX_FloatTypes, I8, UI8]>:$Y,
                 Optional<ONNX_I64Tensor>:$Indices);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The window geometry with ONNX's defaults applied and auto_pad
    /// resolved; shared by shape inference and the lowering. Requires a
    /// ranked X.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

def ONNX_ConvTransposeOp : ONNX_Op<"ConvTranspose", [SameOperandsAndResultElementType]> {
  let summary = "ONNX ConvTranspose: N-D grouped transposed convolution";
  let description = [{
    X is (N x C x D1 x ... x Dn), W is (C x M/group x k1 x ... x kn), B is
    (M). Each input element scatters W's window, scaled by it, onto the
    output at (input position * stride + kernel offset * dilation - begin
    pad). `output_shape`, when given (or auto_pad SAME_*), fixes the output
    size and the pads follow from it; otherwise the pads (and
    output_padding, added at the end) fix it.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W,
                   Optional<ONNX_FloatTensor>:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<ONNX_IntsAttr>:$dilations,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$group,
                   OptionalAttr<ONNX_IntsAttr>:$kernel_shape,
                   OptionalAttr<ONNX_IntsAttr>:$output_padding,
                   OptionalAttr<ONNX_IntsAttr>:$output_shape,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   OptionalAttr<ONNX_IntsAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $W (`,` $B^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// AveragePool, LpPool and the global pools
//===----------------------------------------------------------------------===//

// A pool over N-D windows with the geometry attributes of MaxPool.
class ONNX_WindowPoolOp<string mnemonic, string onnxSummary, dag extraArgs>
    : ONNX_Op<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = onnxSummary;
  let arguments = !con((ins ONNX_FloatTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$ceil_mode,
                   OptionalAttr<ONNX_IntsAttr>:$dilations,
                   ONNX_IntsAttr:$kernel_shape,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   OptionalAttr<ONNX_IntsAttr>:$strides), extraArgs);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The window geometry with ONNX's defaults applied and auto_pad
    /// resolved; shared by shape inference and the lowering. Requires a
    /// ranked X.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

def ONNX_AveragePoolOp : ONNX_WindowPoolOp<"AveragePool",
    "ONNX AveragePool: mean over each window",
    (ins DefaultValuedAttr<ONNX_IntAttr, "0">:$count_include_pad)> {
  let description = [{
    Each output is the sum of its window divided by the number of window
    positions inside the input, or inside the input and its explicit pads
    when count_include_pad is 1. Positions that only ceil_mode adds are
    never counted.
  }];
}

def ONNX_LpPoolOp : ONNX_WindowPoolOp<"LpPool",
    "ONNX LpPool: the p-norm of each window",
    (ins DefaultValuedAttr<ONNX_IntAttr, "2">:$p)> {
  let description = [{
    (sum |x|^p over the window)^(1/p); pads hold zeros.
  }];
}

// A pool over all spatial dims: (N x C x D1 ... Dn) to (N x C x 1 ... 1).
class ONNX_GlobalPoolOp<string mnemonic, string onnxSummary,
                        dag extraArgs = (ins)>
    : ONNX_Op<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = onnxSummary;
  let arguments = !con((ins ONNX_FloatTensor:$X), extraArgs);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

def ONNX_GlobalAveragePoolOp : ONNX_GlobalPoolOp<"GlobalAveragePool",
    "ONNX GlobalAveragePool: mean over the spatial dims">;
def ONNX_GlobalLpPoolOp : ONNX_GlobalPoolOp<"GlobalLpPool",
    "ONNX GlobalLpPool: p-norm over the spatial dims",
    (ins DefaultValuedAttr<ONNX_IntAttr, "2">:$p)>;
def ONNX_GlobalMaxPoolOp : ONNX_GlobalPoolOp<"GlobalMaxPool",
    "ONNX GlobalMaxPool: maximum over the spatial dims">;

def ONNX_MaxUnpoolOp : ONNX_Op<"MaxUnpool",
    [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "ONNX MaxUnpool: scatter MaxPool's maxima back into zeros";
  let description = [{
    Y is zeros but for Y.flat[I.flat[i]] = X.flat[i]: I holds MaxPool's
    Indices, positions in the whole flattened Y of the default shape, whose
    spatial sizes are (input - 1) * stride + kernel - begin pad - end pad.
    `output_shape`, when given, is Y's shape: the default-shaped result
    padded with zeros (or cropped) at the end of each dim.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_I64Tensor:$I,
                   Optional<ONNX_I64Tensor>:$output_shape,
                   ONNX_IntsAttr:$kernel_shape,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   OptionalAttr<ONNX_IntsAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $I (`,` $output_shape^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Normalisations
//===----------------------------------------------------------------------===//

def ONNX_BatchNormalizationOp : ONNX_Op<"BatchNormalization",
    [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "ONNX BatchNormalization at inference";
  let description = [{
    Y = (X - input_mean) / sqrt(input_var + epsilon) * scale + B along dim 1.
    The statistics are (C), or (C x D1 ... Dn) for the per-activation form of
    opsets before 9 (spatial = 0). Training mode is
    BatchNormalizationTraining.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$scale,
                   ONNX_FloatTensor:$B, ONNX_FloatTensor:$input_mean,
                   ONNX_FloatTensor:$input_var,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $scale `,` $B `,` $input_mean `,` $input_var attr-dict `:` functional-type(operands, results)";
}

def ONNX_BatchNormalizationTrainingOp : ONNX_Op<"BatchNormalizationTraining",
    [AllElementTypesMatch<["X", "Y"]>,
     AllElementTypesMatch<["input_mean", "running_mean"]>,
     AllElementTypesMatch<["input_var", "running_var"]>]> {
  let summary = "ONNX BatchNormalization in training mode (opset 14+)";
  let description = [{
    Normalises X as BatchNormalization does, but with the statistics of the
    batch: the mean and population variance of each channel over N and the
    spatial dims. The statistics and parameters are (C). The running
    statistics mix the given ones with the batch's:
    running_mean = input_mean * momentum + mean * (1 - momentum), and
    running_var likewise from input_var and the variance.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$scale,
                   ONNX_FloatTensor:$B, ONNX_FloatTensor:$input_mean,
                   ONNX_FloatTensor:$input_var,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                   DefaultValuedAttr<F32Attr, "0.9">:$momentum);
  let results = (outs ONNX_FloatTensor:$Y, ONNX_FloatTensor:$running_mean,
                 ONNX_FloatTensor:$running_var);
  let assemblyFormat = "$X `,` $scale `,` $B `,` $input_mean `,` $input_var attr-dict `:` functional-type(operands, results)";
}

def ONNX_InstanceNormalizationOp : ONNX_Op<"InstanceNormalization",
    [SameOperandsAndResultElementType]> {
  let summary = "ONNX InstanceNormalization";
  let description = [{
    Normalises each (n, c) plane over the spatial dims, then scales and
    shifts it by scale[c] and B[c].
  }];
  let arguments = (ins ONNX_FloatTensor:$input, ONNX_FloatTensor:$scale,
                   ONNX_FloatTensor:$B,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon);
  let results = (outs ONNX_FloatTensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $B attr-dict `:` functional-type(operands, results)";
}

def ONNX_LayerNormalizationOp : ONNX_Op<"LayerNormalization",
    [AllElementTypesMatch<["X", "Scale", "Y"]>]> {
  let summary = "ONNX LayerNormalization";
  let description = [{
    Normalises X over the dims from `axis` on; Scale and B broadcast to
    those dims. Mean and InvStdDev keep X's shape with those dims set to 1,
    and hold f32 when stash_type is 1 (the statistics are computed in f32
    then), else X's element type.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$Scale,
                   Optional<ONNX_FloatTensor>:$B,
                   DefaultValuedAttr<ONNX_IntAttr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$stash_type);
  let results = (outs ONNX_FloatTensor:$Y, ONNX_FloatTensor:$Mean,
                 ONNX_FloatTensor:$InvStdDev);
  let assemblyFormat = "$X `,` $Scale (`,` $B^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_LpNormalizationOp : ONNX_Op<"LpNormalization",
    [SameOperandsAndResultElementType]> {
  let summary = "ONNX LpNormalization: X over its L1 or L2 norm along `axis`";
  let description = [{
    Divides each element by the p-norm (p 1 or 2) of the elements along
    `axis` that it shares all other indices with. Opsets 1 and 22 agree.
  }];
  let arguments = (ins ONNX_FloatTensor:$input,
                   DefaultValuedAttr<ONNX_IntAttr, "-1">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "2">:$p);
  let results = (outs ONNX_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ONNX_RMSNormalizationOp : ONNX_Op<"RMSNormalization",
    [AllElementTypesMatch<["X", "scale", "Y"]>]> {
  let summary = "ONNX RMSNormalization (opset 23)";
  let description = [{
    X / sqrt(mean(X^2) + epsilon) * scale, the mean taken over the dims from
    `axis` on (in f32 when stash_type is 1); scale broadcasts to those dims.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$scale,
                   DefaultValuedAttr<ONNX_IntAttr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$stash_type);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $scale attr-dict `:` functional-type(operands, results)";
}

class ONNX_GroupNormalizationBase<string mnemonic>
    : ONNX_Op<mnemonic, [SameOperandsAndResultElementType]> {
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$scale,
                   ONNX_FloatTensor:$bias,
                   DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                   ONNX_IntAttr:$num_groups,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$stash_type);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $scale `,` $bias attr-dict `:` functional-type(operands, results)";
}

def ONNX_GroupNormalizationOp : ONNX_GroupNormalizationBase<"GroupNormalization"> {
  let summary = "ONNX GroupNormalization (opset 21+): per-channel scale and bias";
  let description = [{
    The C channels split into num_groups groups; each (n, group) is
    normalised over its channels and spatial dims, then channel c is scaled
    and shifted by scale[c] and bias[c].
  }];
}

def ONNX_GroupNormalizationV18Op : ONNX_GroupNormalizationBase<"GroupNormalizationV18"> {
  let summary = "ONNX GroupNormalization (opset 18-20): per-group scale and bias";
  let description = [{
    As GroupNormalization, but scale and bias hold one value per group.
  }];
}

def ONNX_MeanVarianceNormalizationOp : ONNX_Op<"MeanVarianceNormalization",
    [SameOperandsAndResultElementType]> {
  let summary = "ONNX MeanVarianceNormalization: (X - E[X]) / (sqrt(Var[X]) + 1e-9)";
  let description = [{
    The mean and (population) variance are taken over `axes`.
  }];
  let arguments = (ins ONNX_FloatTensor:$X,
                   DefaultValuedAttr<ONNX_IntsAttr, "{0, 2, 3}">:$axes);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

def ONNX_LRNOp : ONNX_Op<"LRN", [SameOperandsAndResultElementType]> {
  let summary = "ONNX LRN: local response normalisation across channels";
  let description = [{
    Y = X / (bias + alpha / size * square_sum)^beta, where square_sum sums
    X^2 over channels c - floor((size - 1) / 2) ... c + ceil((size - 1) / 2)
    that exist.
  }];
  let arguments = (ins ONNX_FloatTensor:$X,
                   DefaultValuedAttr<F32Attr, "0.0001">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.75">:$beta,
                   DefaultValuedAttr<F32Attr, "1.0">:$bias,
                   ONNX_IntAttr:$size);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
}

def ONNX_AffineGridOp : ONNX_Op<"AffineGrid",
    [AllElementTypesMatch<["theta", "grid"]>]> {
  let summary = "ONNX AffineGrid (opset 20)";
  let description = [{
    For each of the N affine matrices theta (N x d x d+1, d 2 or 3), the
    sampling grid (N x size[2:] x d) of theta applied to the normalised
    coordinates (x, y[, z], 1) of every point of an image of `size`
    (N x C x H x W, or N x C x D x H x W); x runs along the last dim.
    Coordinates span [-1, 1] between the centres of the edge pixels with
    align_corners, else between their outer edges.
  }];
  let arguments = (ins ONNX_FloatTensor:$theta, ONNX_I64Tensor:$size,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$align_corners);
  let results = (outs ONNX_FloatTensor:$grid);
  let assemblyFormat = "$theta `,` $size attr-dict `:` functional-type(operands, results)";
}

def ONNX_Col2ImOp : ONNX_Op<"Col2Im",
    [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX Col2Im (opset 18): blocks summed back into an image";
  let description = [{
    `input` (N x C*prod(block_shape) x L) holds, for each of the L positions
    of a sliding window of block_shape over the padded image (row-major),
    the window's C x block elements; each is added into the image
    (N x C x image_shape) at the place it was taken from. Elements that
    fall in the padding are dropped.
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$image_shape,
                   ONNX_I64Tensor:$block_shape,
                   OptionalAttr<ONNX_IntsAttr>:$dilations,
                   OptionalAttr<ONNX_IntsAttr>:$pads,
                   OptionalAttr<ONNX_IntsAttr>:$strides);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = [{
    $input `,` $image_shape `,` $block_shape attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The sliding window's geometry over the image, its output sizes the
    /// number of window positions per dim; requires constant image_shape
    /// and block_shape (failure without an error otherwise). Shared by
    /// shape inference and the lowering.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

def ONNX_RotaryEmbeddingOp : ONNX_Op<"RotaryEmbedding",
    [AllElementTypesMatch<["X", "cos_cache", "sin_cache", "Y"]>]> {
  let summary = "ONNX RotaryEmbedding (opset 23)";
  let description = [{
    Rotates pairs of the first rotary_embedding_dim (default: all) elements
    of each head of X (batch x heads x seq x head, or batch x seq x hidden
    with num_heads heads) by the angles whose cosines and sines the caches
    hold: rows position_ids[b, s] of (positions x dim / 2) caches, or
    (batch x seq x dim / 2) caches without position_ids. Pairs are
    (i, i + dim / 2), or (2i, 2i + 1) when interleaved.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$cos_cache,
                   ONNX_FloatTensor:$sin_cache,
                   Optional<ONNX_I64Tensor>:$position_ids,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$interleaved,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$num_heads,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$rotary_embedding_dim);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = [{
    $X `,` $cos_cache `,` $sin_cache (`positions` $position_ids^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

def ONNX_ResizeOp : ONNX_Op<"Resize", [AttrSizedOperandSegments,
                                       AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "ONNX Resize: nearest, linear or cubic interpolation";
  let description = [{
    Each output coordinate maps back to an input coordinate by
    coordinate_transformation_mode, using `scales` or, when given, `sizes`
    (output / input); `roi` holds the crop box of tf_crop_and_resize. The
    output size is floor(input * scale) or `sizes`. Resize-10 and Upsample
    are this op with asymmetric coordinates and nearest_mode floor.

    Resize-18: `scales`, `sizes` and `roi` may cover only the dims in `axes`
    (the others keep their size); keep_aspect_ratio_policy not_larger /
    not_smaller resizes every axis by the smallest / largest of the ratios
    `sizes` asks for, to round(scale * input); `antialias` stretches the
    linear and cubic kernels by 1 / scale when downscaling.
  }];
  let arguments = (ins ONNX_NumericTensor:$X,
                   Optional<ONNX_FloatTensor>:$roi,
                   Optional<ONNX_FloatTensor>:$scales,
                   Optional<ONNX_I64Tensor>:$sizes,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$antialias,
                   OptionalAttr<ONNX_IntsAttr>:$axes,
                   DefaultValuedAttr<F32Attr, "-0.75">:$cubic_coeff_a,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$exclude_outside,
                   DefaultValuedAttr<F32Attr, "0.0">:$extrapolation_value,
                   DefaultValuedStrAttr<StrAttr, "stretch">:$keep_aspect_ratio_policy,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                   DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode);
  let results = (outs ONNX_NumericTensor:$Y);
  let assemblyFormat = [{
    $X (`roi` $roi^)? (`scales` $scales^)? (`sizes` $sizes^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

def ONNX_DropoutOp : ONNX_Op<"Dropout",
    [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "ONNX Dropout (opset 12+) whose mode or ratio only the run "
                "time knows";
  let description = [{
    When training_mode (a bool scalar) is true and `ratio` (a scalar) is not
    0, each element is zeroed with probability `ratio` and otherwise scaled
    by 1 / (1 - ratio); `mask` is true where it was kept. Otherwise `output`
    is `data` and `mask` all true. The importer makes Dropout an
    onnx.Identity where it knows this at compile time, and rejects training
    with a constant non-zero ratio, so this op only decides at run time.
    The random numbers hash `seed` with the element's position: ONNX leaves
    the generator to the implementation.
  }];
  let arguments = (ins ONNX_FloatTensor:$data, ONNX_FloatTensor:$ratio,
                   TensorOf<[I1]>:$training_mode,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$seed);
  let results = (outs ONNX_FloatTensor:$output, TensorOf<[I1]>:$mask);
  let assemblyFormat = "$data `,` $ratio `,` $training_mode attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_NN_TD
