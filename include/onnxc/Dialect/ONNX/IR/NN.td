//===- NN.td - Convolution, pooling and normalisation ops ----*- tablegen -*-===//

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

class ONNX_SoftmaxBase<string mnemonic, int defaultAxis>
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

def ONNX_SoftmaxOp : ONNX_SoftmaxBase<"Softmax", -1> {
  let summary = "ONNX Softmax (opset 13+): normalises along `axis`";
}

def ONNX_SoftmaxV1Op : ONNX_SoftmaxBase<"SoftmaxV1", 1> {
  let summary = "ONNX Softmax (opsets 1-12): normalises over dims axis..rank-1";
  let description = [{
    Before opset 13, Softmax coerced its input to 2-D at `axis` and
    normalised each row, i.e. over all dimensions from `axis` on together.
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_NN_TD
