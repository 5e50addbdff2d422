//===- Signal.td - Fourier transforms and spectral windows ---*- tablegen -*-===//
//
// Complex values are ONNX's: a trailing dim of size 2 holds the real and
// imaginary parts, of size 1 a real value. Sizes that ONNX passes as scalar
// tensors (a window's size, a DFT's length) may be known only at run time;
// the result's dim is then dynamic.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_SIGNAL_TD
#define ONNXC_DIALECT_ONNX_IR_SIGNAL_TD

def ONNX_IndexScalarTensor : TensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// DFT, STFT
//===----------------------------------------------------------------------===//

def ONNX_DFTOp : ONNX_Op<"DFT", [AttrSizedOperandSegments,
    AllElementTypesMatch<["input", "output"]>]> {
  let summary = "ONNX DFT: discrete Fourier transform along one axis";
  let description = [{
    `input` is [batch, signal dims..., 1 or 2]. The transform runs along
    `axis` (a scalar; absent: -2, the last signal dim; negative values count
    from the back of the input's dims and the trailing complex dim is not an
    axis) over `dft_length` samples (absent: the axis' size), the signal
    zero-padded or cut to that length. `inverse` computes the inverse
    transform, scaled by 1 / dft_length; `onesided` keeps only the first
    dft_length / 2 + 1 frequencies. The result is complex: [..., 2].

    Up to opset 19 `axis` was an attribute with default 1; the importer makes
    it a constant operand.
  }];
  let arguments = (ins ONNX_FloatTensor:$input,
                   Optional<ONNX_IndexScalarTensor>:$dft_length,
                   Optional<ONNX_I64Tensor>:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$inverse,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$onesided);
  let results = (outs ONNX_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`length` `(` $dft_length^ `)`)? (`axis` `(` $axis^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The transformed dim of an input of rank `rank`, in [0, rank - 1),
    /// when `axis` is absent or a constant; failure otherwise.
    ::mlir::FailureOr<int64_t> getAxisDim(int64_t rank);
  }];
}

def ONNX_STFTOp : ONNX_Op<"STFT", [AttrSizedOperandSegments,
    AllElementTypesMatch<["signal", "output"]>]> {
  let summary = "ONNX STFT: short-time Fourier transform of framed signals";
  let description = [{
    `signal` is [batch, length, 1 or 2]. Frames of frame_length samples start
    every `frame_step` samples while they fit in the signal; each is
    multiplied by `window` (when given; its size is then the frame length)
    and transformed. The result is [batch, frames, bins, 2] with bins
    frame_length / 2 + 1 when `onesided`, else frame_length.
  }];
  let arguments = (ins ONNX_FloatTensor:$signal,
                   ONNX_IndexScalarTensor:$frame_step,
                   Optional<ONNX_FloatTensor>:$window,
                   Optional<ONNX_IndexScalarTensor>:$frame_length,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$onesided);
  let results = (outs ONNX_FloatTensor:$output);
  let assemblyFormat = [{
    $signal `,` $frame_step (`window` `(` $window^ `)`)?
    (`length` `(` $frame_length^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// HannWindow, HammingWindow, BlackmanWindow
//===----------------------------------------------------------------------===//

// The three windows are generalised cosine windows
//   w[n] = a0 - a1 cos(2 pi n / D) + a2 cos(4 pi n / D),
// n in [0, size), D = size when periodic, else size - 1; each op's summary
// gives its coefficients, which its lowering pattern is registered with.
class ONNX_WindowOp<string mnemonic, string onnxSummary>
    : ONNX_Op<mnemonic> {
  let summary = onnxSummary;
  let description = [{
    `size` is a scalar. The result holds `output_datatype` (absent: f32).
  }];
  let arguments = (ins ONNX_IndexScalarTensor:$size,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$periodic,
                   OptionalAttr<TypeAttr>:$output_datatype);
  let results = (outs ONNX_NumericTensor:$output);
  let assemblyFormat = "$size attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferWindowResultType(*this, getSize(), getOutputDatatype(),
                                   inferred);
    }
  }];
}

def ONNX_BlackmanWindowOp : ONNX_WindowOp<"BlackmanWindow",
    "ONNX BlackmanWindow: a0 = 0.42, a1 = 0.5, a2 = 0.08">;
def ONNX_HammingWindowOp : ONNX_WindowOp<"HammingWindow",
    "ONNX HammingWindow: a0 = 25/46, a1 = 21/46, a2 = 0">;
def ONNX_HannWindowOp : ONNX_WindowOp<"HannWindow",
    "ONNX HannWindow: a0 = a1 = 0.5, a2 = 0">;

//===----------------------------------------------------------------------===//
// MelWeightMatrix
//===----------------------------------------------------------------------===//

def ONNX_MelWeightMatrixOp : ONNX_Op<"MelWeightMatrix",
    [AllElementTypesMatch<["lower_edge_hertz", "upper_edge_hertz"]>]> {
  let summary = "ONNX MelWeightMatrix: triangular mel filterbanks";
  let description = [{
    A [dft_length / 2 + 1, num_mel_bins] matrix mapping linear spectrogram
    bins to mel bins; all inputs are scalars. The result holds
    `output_datatype` (absent: f32).
  }];
  let arguments = (ins ONNX_IndexScalarTensor:$num_mel_bins,
                   ONNX_IndexScalarTensor:$dft_length,
                   ONNX_IndexScalarTensor:$sample_rate,
                   ONNX_FloatTensor:$lower_edge_hertz,
                   ONNX_FloatTensor:$upper_edge_hertz,
                   OptionalAttr<TypeAttr>:$output_datatype);
  let results = (outs ONNX_NumericTensor:$output);
  let assemblyFormat = [{
    $num_mel_bins `,` $dft_length `,` $sample_rate `,` $lower_edge_hertz `,`
    $upper_edge_hertz attr-dict `:` functional-type(operands, results)
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_SIGNAL_TD
