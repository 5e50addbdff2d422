//===- Quantization.td - Linear quantization and integer products -*- tablegen -*-===//
//
// ONNX's linear quantization: q = saturate(round_half_even(x / scale) + zp)
// and x = (q - zp) * scale, with the scale and zero point given per tensor,
// per slice along `axis` or per block along `axis` (Quantization.h says which
// from their shapes). The integer products accumulate in i32 after
// subtracting the zero points; the QLinear* ops then requantize the
// accumulator by the product of the input scales over the output scale.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_QUANTIZATION_TD
#define ONNXC_DIALECT_ONNX_IR_QUANTIZATION_TD

// The integer types that quantized values are stored in.
def ONNX_QuantizedTypes : AnyTypeOf<[I8, UI8, I16, UI16]>;
def ONNX_QuantizedTensor : TensorOf<[ONNX_QuantizedTypes]>;
// The 8-bit inputs of MatMulInteger, ConvInteger and the QLinear* ops.
def ONNX_QuantInt8Tensor : TensorOf<[I8, UI8]>;
def ONNX_QuantI32Tensor : TensorOf<[I32]>;

def ONNX_QuantizeLinearOp : ONNX_Op<"QuantizeLinear"> {
  let summary = "ONNX QuantizeLinear: saturate(round(x / y_scale) + y_zero_point)";
  let description = [{
    Rounds half to even and saturates to the range of the result type, which
    is y_zero_point's element type, else `output_dtype`, else ui8 (the zero
    point is then 0). y_scale and y_zero_point are scalars (per tensor), 1-D
    along `axis` (per axis) or, with a positive block_size, x's shape with
    dim `axis` divided by block_size, rounded up (blocked).
  }];
  let arguments = (ins TensorOf<[ONNX_FloatTypes, I32]>:$x,
                   ONNX_FloatTensor:$y_scale,
                   Optional<ONNX_QuantizedTensor>:$y_zero_point,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$block_size,
                   OptionalAttr<TypeAttr>:$output_dtype);
  let results = (outs ONNX_QuantizedTensor:$y);
  let assemblyFormat = "$x `,` $y_scale (`,` $y_zero_point^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_DequantizeLinearOp : ONNX_Op<"DequantizeLinear"> {
  let summary = "ONNX DequantizeLinear: (x - x_zero_point) * x_scale";
  let description = [{
    The result holds `output_dtype`, else x_scale's element type. Scale and
    zero point are laid out as for QuantizeLinear; an i32 x has no zero
    point.
  }];
  let arguments = (ins TensorOf<[ONNX_QuantizedTypes, I32]>:$x,
                   ONNX_FloatTensor:$x_scale,
                   Optional<TensorOf<[ONNX_QuantizedTypes, I32]>>:$x_zero_point,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$block_size,
                   OptionalAttr<TypeAttr>:$output_dtype);
  let results = (outs ONNX_FloatTensor:$y);
  let assemblyFormat = "$x `,` $x_scale (`,` $x_zero_point^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_DynamicQuantizeLinearOp : ONNX_Op<"DynamicQuantizeLinear"> {
  let summary = "ONNX DynamicQuantizeLinear: ui8 quantization of x's range";
  let description = [{
    The range [min(0, min x), max(0, max x)] maps onto [0, 255]:
    y_scale = (max - min) / 255, y_zero_point = saturate(round(-min /
    y_scale)) and y = saturate(round(x / y_scale) + y_zero_point).
  }];
  let arguments = (ins TensorOf<[F32]>:$x);
  let results = (outs TensorOf<[UI8]>:$y, TensorOf<[F32]>:$y_scale,
                 TensorOf<[UI8]>:$y_zero_point);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def ONNX_MatMulIntegerOp : ONNX_Op<"MatMulInteger", [AttrSizedOperandSegments]> {
  let summary = "ONNX MatMulInteger: (A - a_zero_point) * (B - b_zero_point) in i32";
  let description = [{
    numpy.matmul of the 8-bit operands with i32 products and sums. The zero
    points are scalars, or 1-D: per row of A, per column of B.
  }];
  let arguments = (ins ONNX_QuantInt8Tensor:$A, ONNX_QuantInt8Tensor:$B,
                   Optional<ONNX_QuantInt8Tensor>:$a_zero_point,
                   Optional<ONNX_QuantInt8Tensor>:$b_zero_point);
  let results = (outs ONNX_QuantI32Tensor:$Y);
  let assemblyFormat = [{
    $A `,` $B (`a_zero_point` $a_zero_point^)? (`b_zero_point` $b_zero_point^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def ONNX_QLinearMatMulOp : ONNX_Op<"QLinearMatMul"> {
  let summary = "ONNX QLinearMatMul: MatMulInteger requantized to y's scale";
  let description = [{
    y = saturate(round(((a - a_zero_point) * (b - b_zero_point)) * a_scale *
    b_scale / y_scale) + y_zero_point), the product in i32. a's parameters
    are scalars or per row, b's scalars or per column, y's scalars.
  }];
  let arguments = (ins ONNX_QuantInt8Tensor:$a, ONNX_FloatTensor:$a_scale,
                   ONNX_QuantInt8Tensor:$a_zero_point, ONNX_QuantInt8Tensor:$b,
                   ONNX_FloatTensor:$b_scale, ONNX_QuantInt8Tensor:$b_zero_point,
                   ONNX_FloatTensor:$y_scale, ONNX_QuantInt8Tensor:$y_zero_point);
  let results = (outs ONNX_QuantInt8Tensor:$y);
  let assemblyFormat = [{
    $a `,` $a_scale `,` $a_zero_point `,` $b `,` $b_scale `,` $b_zero_point
    `,` $y_scale `,` $y_zero_point attr-dict `:` functional-type(operands, results)
  }];
}

// The attributes of Conv, which ConvInteger and QLinearConv share.
defvar ONNX_QuantConvAttrs = (ins
    DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
    OptionalAttr<ONNX_IntsAttr>:$dilations,
    DefaultValuedAttr<ONNX_IntAttr, "1">:$group,
    OptionalAttr<ONNX_IntsAttr>:$kernel_shape,
    OptionalAttr<ONNX_IntsAttr>:$pads,
    OptionalAttr<ONNX_IntsAttr>:$strides);

def ONNX_ConvIntegerOp : ONNX_Op<"ConvInteger", [AttrSizedOperandSegments]> {
  let summary = "ONNX ConvInteger: Conv of (x - x_zero_point) and (w - w_zero_point) in i32";
  let description = [{
    The geometry is Conv's. x_zero_point is a scalar, w_zero_point a scalar
    or one per output channel. Pads hold x_zero_point, so they add nothing.
  }];
  let arguments = !con((ins ONNX_QuantInt8Tensor:$x, ONNX_QuantInt8Tensor:$w,
                        Optional<ONNX_QuantInt8Tensor>:$x_zero_point,
                        Optional<ONNX_QuantInt8Tensor>:$w_zero_point),
                       ONNX_QuantConvAttrs);
  let results = (outs ONNX_QuantI32Tensor:$y);
  let assemblyFormat = [{
    $x `,` $w (`x_zero_point` $x_zero_point^)? (`w_zero_point` $w_zero_point^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Conv's window geometry; requires a ranked x and w. Kernel sizes
    /// that only w gives and w does not know are dynamic, and so are the
    /// output sizes then.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

def ONNX_QLinearConvOp : ONNX_Op<"QLinearConv"> {
  let summary = "ONNX QLinearConv: ConvInteger plus B, requantized to y's scale";
  let description = [{
    y = saturate(round((conv + B) * x_scale * w_scale / y_scale) +
    y_zero_point), the convolution and B (one i32 per output channel) in
    i32. w's parameters are scalars or one per output channel.
  }];
  let arguments = !con((ins ONNX_QuantInt8Tensor:$x, ONNX_FloatTensor:$x_scale,
                        ONNX_QuantInt8Tensor:$x_zero_point, ONNX_QuantInt8Tensor:$w,
                        ONNX_FloatTensor:$w_scale,
                        ONNX_QuantInt8Tensor:$w_zero_point,
                        ONNX_FloatTensor:$y_scale,
                        ONNX_QuantInt8Tensor:$y_zero_point,
                        Optional<ONNX_QuantI32Tensor>:$B),
                       ONNX_QuantConvAttrs);
  let results = (outs ONNX_QuantInt8Tensor:$y);
  let assemblyFormat = [{
    $x `,` $x_scale `,` $x_zero_point `,` $w `,` $w_scale `,` $w_zero_point
    `,` $y_scale `,` $y_zero_point (`,` $B^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Conv's window geometry; requires a ranked x and w. Kernel sizes
    /// that only w gives and w does not know are dynamic, and so are the
    /// output sizes then.
    ::mlir::FailureOr<WindowGeometry> computeGeometry(std::string &error);
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_QUANTIZATION_TD
