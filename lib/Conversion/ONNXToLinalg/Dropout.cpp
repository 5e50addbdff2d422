//===- Dropout.cpp - Dropout to linalg ------------------------------------===//
//
// onnx.Dropout is the Dropout whose mode or ratio only the run time knows
// (the importer turns the others into identities). Its random numbers are a
// hash of the seed and the element's row-major position, so that a draw does
// not depend on the order in which loops visit the elements.
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

/// A uniform draw in [0, 1) as an f32 for the i64 `position`: the output
/// function of SplitMix64 (Steele, Lea and Flood, 2014) applied to
/// seed + position * its increment, whose top 24 bits make the fraction.
Value createUniform(OpBuilder &b, Location loc, int64_t seed, Value position) {
  Type i64 = b.getI64Type();
  auto constant = [&](uint64_t value) -> Value {
    return arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(i64, static_cast<int64_t>(value)));
  };
  auto xorShift = [&](Value z, uint64_t shift) -> Value {
    return arith::XOrIOp::create(
        b, loc, z, arith::ShRUIOp::create(b, loc, z, constant(shift)));
  };
  Value z = arith::AddIOp::create(
      b, loc, constant(seed),
      arith::MulIOp::create(b, loc, position, constant(0x9E3779B97F4A7C15)));
  z = arith::MulIOp::create(b, loc, xorShift(z, 30),
                            constant(0xBF58476D1CE4E5B9));
  z = arith::MulIOp::create(b, loc, xorShift(z, 27),
                            constant(0x94D049BB133111EB));
  z = xorShift(z, 31);
  Type f32 = b.getF32Type();
  Value top = arith::UIToFPOp::create(
      b, loc, f32, arith::ShRUIOp::create(b, loc, z, constant(40)));
  return arith::MulFOp::create(
      b, loc, top,
      arith::ConstantOp::create(b, loc, b.getFloatAttr(f32, 0x1p-24)));
}

/// The one element of `tensor`, whatever its rank.
Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  SmallVector<Value> indices(rank, arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, tensor, indices);
}

/// ONNX Dropout in training mode: an element is kept when its draw is at
/// least `ratio`, and then scaled by 1 / (1 - ratio). Out of training mode or
/// with a ratio of 0 every element is kept unscaled.
struct LowerDropout : OpConversionPattern<onnx::DropoutOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> outputType =
        getConvertedResultType(op, 0, *getTypeConverter());
    FailureOr<RankedTensorType> maskType =
        getConvertedResultType(op, 1, *getTypeConverter());
    if (failed(outputType) || failed(maskType))
      return failure();
    Value data = adaptor.getData();
    if (llvm::any_of(adaptor.getOperands(), [](Value v) {
          return !isa<RankedTensorType>(v.getType());
        }))
      return emitUnsupported(op, "its operands must be ranked tensors");
    Type elementType = outputType->getElementType();
    Type f32 = rewriter.getF32Type();
    Value ratio = convertFloat(
        rewriter, loc, extractScalar(rewriter, loc, adaptor.getRatio()), f32);
    Value zero = createZero(rewriter, loc, f32);
    Value one =
        arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(1));
    Value active = arith::AndIOp::create(
        rewriter, loc, extractScalar(rewriter, loc, adaptor.getTrainingMode()),
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::ONE, ratio,
                              zero));
    Value scale = convertFloat(
        rewriter, loc,
        arith::SelectOp::create(
            rewriter, loc, active,
            arith::DivFOp::create(
                rewriter, loc, one,
                arith::SubFOp::create(rewriter, loc, one, ratio)),
            one),
        elementType);
    Value notActive = arith::XOrIOp::create(
        rewriter, loc, active,
        arith::ConstantOp::create(rewriter, loc, rewriter.getBoolAttr(true)));

    int64_t rank = outputType->getRank();
    SmallVector<Value> sizes = getValueOrCreateConstantIndexOp(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, data));
    SmallVector<bool> none(rank, false), all(rank, true);
    int64_t seed = op.getSeed();
    Value mask = createBroadcastReduced(
        rewriter, loc, data, {}, none, rewriter.getI1Type(),
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value position;
          if (rank == 0)
            position = arith::ConstantOp::create(b, l, b.getI64IntegerAttr(0));
          else
            position = createReducedPosition(b, l, all, sizes);
          Value draw = createUniform(b, l, seed, position);
          Value kept = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::OGE, draw, ratio);
          return arith::OrIOp::create(b, l, notActive, kept);
        });
    Value output = createBroadcastReduced(
        rewriter, loc, data, {mask}, none, elementType,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::SelectOp::create(
              b, l, args[1], arith::MulFOp::create(b, l, args[0], scale),
              createZero(b, l, elementType));
        });
    rewriter.replaceOp(op, {castTo(rewriter, loc, output, *outputType),
                            castTo(rewriter, loc, mask, *maskType)});
    return success();
  }
};

} // namespace

void populateDropoutPatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns) {
  patterns.add<LowerDropout>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
