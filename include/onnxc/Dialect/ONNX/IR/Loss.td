//===- Loss.td - Loss functions ------------------------------*- tablegen -*-===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss share one shape rule
// (lib/Dialect/ONNX/IR/Loss.cpp) and one lowering (lib/Conversion/
// ONNXToLinalg/Loss.cpp): SoftmaxCrossEntropyLoss is the negative log
// likelihood of LogSoftmax along dim 1.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_LOSS_TD
#define ONNXC_DIALECT_ONNX_IR_LOSS_TD

def ONNX_NegativeLogLikelihoodLossOp : ONNX_Op<"NegativeLogLikelihoodLoss",
    [AllElementTypesMatch<["input", "loss"]>]> {
  let summary = "ONNX NegativeLogLikelihoodLoss: -input at the target class, "
                "weighted and reduced";
  let description = [{
    `input` is (N x C x D1 ... Dk), `target` (N x D1 ... Dk) holds class
    indices and the optional `weight` (C) a weight per class. The loss of an
    element is -input[n, c, d...] * weight[c] for c = target[n, d...], and 0
    where c is ignore_index. reduction "none" gives these losses (N x D1 ...
    Dk), "sum" their sum and "mean" their sum divided by the sum of the
    weights applied (the count of elements not ignored, without `weight`),
    both as scalars. Opsets 12, 13 and 22 differ only in their types.

    A target outside [0, C) that is not ignore_index is clamped into it: the
    generated code cannot report it, and must not read outside `input`.
  }];
  let arguments = (ins ONNX_FloatTensor:$input, TensorOf<[I32, I64]>:$target,
                   Optional<ONNX_FloatTensor>:$weight,
                   OptionalAttr<ONNX_IntAttr>:$ignore_index,
                   DefaultValuedStrAttr<StrAttr, "mean">:$reduction);
  let results = (outs ONNX_FloatTensor:$loss);
  let assemblyFormat = "$input `,` $target (`,` $weight^)? attr-dict `:` functional-type(operands, results)";
}

def ONNX_SoftmaxCrossEntropyLossOp : ONNX_Op<"SoftmaxCrossEntropyLoss",
    [AllElementTypesMatch<["scores", "output"]>]> {
  let summary = "ONNX SoftmaxCrossEntropyLoss: NegativeLogLikelihoodLoss of "
                "LogSoftmax along the classes";
  let description = [{
    NegativeLogLikelihoodLoss of log_prob = LogSoftmax(scores) along dim 1,
    with `labels` as its target and `weights` as its weight. The optional
    second result is log_prob itself (scores' shape). Opsets 12 and 13 differ
    only in their types.
  }];
  let arguments = (ins ONNX_FloatTensor:$scores, TensorOf<[I32, I64]>:$labels,
                   Optional<ONNX_FloatTensor>:$weights,
                   OptionalAttr<ONNX_IntAttr>:$ignore_index,
                   DefaultValuedStrAttr<StrAttr, "mean">:$reduction);
  let results = (outs ONNX_FloatTensor:$output,
                 Optional<ONNX_FloatTensor>:$log_prob);
  let assemblyFormat = "$scores `,` $labels (`,` $weights^)? attr-dict `:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_LOSS_TD
