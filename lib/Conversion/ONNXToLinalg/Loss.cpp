//===- Loss.cpp - Loss functions to linalg --------------------------------===//
//
// NegativeLogLikelihoodLoss picks each element's input at its target class
// with tensor.extract in a linalg.generic over the target, then reduces.
// SoftmaxCrossEntropyLoss is the same of LogSoftmax along the classes, built
// with the Softmax family's builder.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The operands and attributes the two loss ops share, after conversion.
struct LossOperands {
  /// (N x C x D1 ... Dk): log-probabilities.
  Value input;
  /// (N x D1 ... Dk): class indices.
  Value target;
  /// (C), or null.
  Value weight;
  std::optional<int64_t> ignoreIndex;
  StringRef reduction;
};

/// ONNX NegativeLogLikelihoodLoss, reduced to a tensor of `resultType`.
Value createNegativeLogLikelihood(OpBuilder &b, Location loc,
                                  const LossOperands &operands,
                                  RankedTensorType resultType) {
  Value input = operands.input;
  Value target = operands.target;
  Type elementType = resultType.getElementType();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto targetType = cast<RankedTensorType>(target.getType());
  int64_t rank = targetType.getRank();
  OpFoldResult numClasses = tensor::getMixedSize(b, loc, input, 1);
  Value zero = createZero(b, loc, elementType);
  Value one =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, 1.0));
  SmallVector<bool> none(rank, false);

  // ONNX NegativeLogLikelihoodLoss: a target equal to ignore_index adds 0 to
  // the loss and to the weights. It is compared in i64, where any
  // ignore_index fits, and before the clamp, so that it never indexes. Other
  // targets out of range are clamped into the tensor they index: the
  // generated code cannot report them.
  auto ignored = [&](OpBuilder &nb, Location nl, Value label) -> Value {
    if (!operands.ignoreIndex)
      return Value();
    Type i64 = nb.getI64Type();
    if (label.getType() != i64)
      label = arith::ExtSIOp::create(nb, nl, i64, label);
    Value ignoreIndex = arith::ConstantOp::create(
        nb, nl, nb.getIntegerAttr(i64, *operands.ignoreIndex));
    return arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, label,
                                 ignoreIndex);
  };
  auto classOf = [&](OpBuilder &nb, Location nl, Value label,
                     OpFoldResult size) {
    Value index = arith::IndexCastOp::create(nb, nl, nb.getIndexType(), label);
    return clampIndex(nb, nl, index,
                      getValueOrCreateConstantIndexOp(nb, nl, size));
  };
  auto zeroIfIgnored = [&](OpBuilder &nb, Location nl, Value label,
                           Value value) -> Value {
    Value isIgnored = ignored(nb, nl, label);
    if (!isIgnored)
      return value;
    return arith::SelectOp::create(nb, nl, isIgnored, zero, value);
  };

  Value weights = createBroadcastReduced(
      b, loc, target, {}, none, elementType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Value weight = one;
        if (operands.weight)
          weight = tensor::ExtractOp::create(
              nb, nl, operands.weight,
              classOf(nb, nl, args[0],
                      tensor::getMixedSize(nb, nl, operands.weight, 0)));
        return zeroIfIgnored(nb, nl, args[0], weight);
      });
  Value losses = createBroadcastReduced(
      b, loc, target, {weights}, none, elementType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        // The target's dims are the input's but for C; where the types do
        // not show that they agree, the input is read clamped, as
        // broadcasting reads a dynamic dim.
        auto position = [&](int64_t dim, int64_t inputDim) -> Value {
          Value index = linalg::IndexOp::create(nb, nl, dim);
          int64_t size = inputType.getDimSize(inputDim);
          if (!ShapedType::isDynamic(size) &&
              size == targetType.getDimSize(dim))
            return index;
          return clampIndex(nb, nl, index,
                            tensor::DimOp::create(nb, nl, input, inputDim));
        };
        SmallVector<Value> indices{position(0, 0),
                                   classOf(nb, nl, args[0], numClasses)};
        for (int64_t dim = 1; dim < rank; ++dim)
          indices.push_back(position(dim, dim + 1));
        Value logProb = tensor::ExtractOp::create(nb, nl, input, indices);
        // Not -(x * 0) for an ignored element: x may be -inf.
        Value loss = arith::NegFOp::create(
            nb, nl, arith::MulFOp::create(nb, nl, logProb, args[1]));
        return zeroIfIgnored(nb, nl, args[0], loss);
      });
  if (operands.reduction == "none")
    return castTo(b, loc, losses, resultType);

  SmallVector<bool> all(rank, true);
  auto sum = [&](Value values) {
    return createReduction(
        b, loc, values, all, zero, {},
        [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          return arith::AddFOp::create(nb, nl, args[1], args[0]);
        });
  };
  Value total = sum(losses);
  if (operands.reduction == "sum")
    return total;
  // ONNX NegativeLogLikelihoodLoss, "mean": the sum of the losses divided by
  // the sum of the weights applied.
  Value mean = arith::DivFOp::create(
      b, loc, tensor::ExtractOp::create(b, loc, total, ValueRange{}),
      tensor::ExtractOp::create(b, loc, sum(weights), ValueRange{}));
  return tensor::FromElementsOp::create(b, loc, resultType, mean);
}

/// The operands of a loss op as LossOperands, or an error naming the op.
template <typename OpTy>
FailureOr<LossOperands> getLossOperands(OpTy op, Value input, Value target,
                                        Value weight) {
  for (Value value : {input, target, weight}) {
    if (value && !isa<RankedTensorType>(value.getType())) {
      emitUnsupported(op, "its operands must be ranked tensors");
      return failure();
    }
  }
  return LossOperands{input, target, weight, op.getIgnoreIndex(),
                      op.getReduction()};
}

struct LowerNegativeLogLikelihoodLoss
    : OpConversionPattern<onnx::NegativeLogLikelihoodLossOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::NegativeLogLikelihoodLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    FailureOr<LossOperands> operands =
        getLossOperands(
            op, adaptor.getInput(), adaptor.getTarget(), adaptor.getWeight());
    if (failed(operands))
      return failure();
    rewriter.replaceOp(op, createNegativeLogLikelihood(rewriter, op.getLoc(),
                                                       *operands, *resultType));
    return success();
  }
};

/// ONNX SoftmaxCrossEntropyLoss: log_prob = LogSoftmax(scores) along dim 1,
/// then NegativeLogLikelihoodLoss of log_prob.
struct LowerSoftmaxCrossEntropyLoss
    : OpConversionPattern<onnx::SoftmaxCrossEntropyLossOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SoftmaxCrossEntropyLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    FailureOr<LossOperands> operands =
        getLossOperands(
            op, adaptor.getScores(), adaptor.getLabels(),
            adaptor.getWeights());
    if (failed(operands))
      return failure();
    auto scoresType = cast<RankedTensorType>(operands->input.getType());
    SmallVector<bool> classes(scoresType.getRank(), false);
    classes[1] = true;
    Value logProb = createSoftmaxLike(rewriter, loc, SoftmaxKind::LogSoftmax,
                                      operands->input, classes);
    operands->input = logProb;
    SmallVector<Value> results{
        createNegativeLogLikelihood(rewriter, loc, *operands, *resultType)};
    if (op.getLogProb()) {
      FailureOr<RankedTensorType> logProbType =
          getConvertedResultType(op, 1, *getTypeConverter());
      if (failed(logProbType))
        return failure();
      results.push_back(castTo(rewriter, loc, logProb, *logProbType));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateLossPatterns(const TypeConverter &typeConverter,
                          RewritePatternSet &patterns) {
  patterns.add<LowerNegativeLogLikelihoodLoss, LowerSoftmaxCrossEntropyLoss>(
      typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
