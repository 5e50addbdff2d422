//===- Softmax.cpp - Softmax, LogSoftmax and Hardmax to linalg ------------===//
//
// The three ops normalise over a set of dims with the reduction builders of
// Reduction.cpp: the dim `axis`, or for their V1 forms (opsets 1-12) all dims
// from `axis` on. The V1 forms are not lowered by collapsing those dims into
// one: several dynamic dims would then have to be expanded back.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {

// Softmax and LogSoftmax are numerically stable: exp(x - max) /
// sum(exp(x - max)), and (x - max) - log(sum(exp(x - max))).
Value createSoftmaxLike(OpBuilder &b, Location loc, SoftmaxKind kind,
                        Value input, ArrayRef<bool> reduced) {
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();

  if (kind == SoftmaxKind::Hardmax) {
    // ONNX Hardmax: 1 at the first maximum (in row-major order) of the
    // reduced dims.
    Value argMax =
        createArgReduction(b, loc, input, reduced, /*largest=*/true,
                           /*selectLast=*/false, /*isUnsigned=*/false);
    SmallVector<Value> sizes = getValueOrCreateConstantIndexOp(
        b, loc, tensor::getMixedSizes(b, loc, input));
    return createBroadcastReduced(
        b, loc, input, {argMax}, reduced, elementType,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value position = createReducedPosition(nb, l, reduced, sizes);
          Value isMax = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                              position, args[1]);
          return arith::UIToFPOp::create(nb, l, elementType, isMax);
        });
  }

  Value max = createReduction(
      b, loc, input, reduced, createLowest(b, loc, elementType, false), {},
      [](OpBuilder &nb, Location l, ValueRange args) {
        return createMax(nb, l, args[0], args[1], false);
      });
  if (kind == SoftmaxKind::LogSoftmax) {
    Value sum = createReduction(
        b, loc, input, reduced, createZero(b, loc, elementType), {max},
        [](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value exp = math::ExpOp::create(
              nb, l, arith::SubFOp::create(nb, l, args[0], args[1]));
          return arith::AddFOp::create(nb, l, args[2], exp);
        });
    return createBroadcastReduced(
        b, loc, input, {max, sum}, reduced, elementType,
        [](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value shifted = arith::SubFOp::create(nb, l, args[0], args[1]);
          return arith::SubFOp::create(nb, l, shifted,
                                       math::LogOp::create(nb, l, args[2]));
        });
  }
  Value exp = createBroadcastReduced(
      b, loc, input, {max}, reduced, elementType,
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return math::ExpOp::create(
            nb, l, arith::SubFOp::create(nb, l, args[0], args[1]));
      });
  Value sum =
      createReduction(b, loc, exp, reduced, createZero(b, loc, elementType), {},
                      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
                        return arith::AddFOp::create(nb, l, args[1], args[0]);
                      });
  return createBroadcastReduced(
      b, loc, exp, {sum}, reduced, elementType,
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return arith::DivFOp::create(nb, l, args[0], args[1]);
      });
}

namespace {

template <typename OpTy> struct LowerSoftmaxLike : OpConversionPattern<OpTy> {
  LowerSoftmaxLike(const TypeConverter &typeConverter, MLIRContext *context,
                   SoftmaxKind kind, bool coerced)
      : OpConversionPattern<OpTy>(typeConverter, context), kind(kind),
        coerced(coerced) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), type.getRank());
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    // The V1 forms coerce the input to 2-D at `axis` and normalise each row.
    SmallVector<bool> reduced(type.getRank(), false);
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      reduced[dim] = coerced ? dim >= *axis : dim == *axis;
    rewriter.replaceOp(
        op, createSoftmaxLike(rewriter, op.getLoc(), kind, input, reduced));
    return success();
  }

  SoftmaxKind kind;
  bool coerced;
};

} // namespace

void populateSoftmaxPatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerSoftmaxLike<onnx::HardmaxOp>>(
      typeConverter, context, SoftmaxKind::Hardmax, /*coerced=*/false);
  patterns.add<LowerSoftmaxLike<onnx::HardmaxV1Op>>(
      typeConverter, context, SoftmaxKind::Hardmax, /*coerced=*/true);
  patterns.add<LowerSoftmaxLike<onnx::LogSoftmaxOp>>(
      typeConverter, context, SoftmaxKind::LogSoftmax, /*coerced=*/false);
  patterns.add<LowerSoftmaxLike<onnx::LogSoftmaxV1Op>>(
      typeConverter, context, SoftmaxKind::LogSoftmax, /*coerced=*/true);
  patterns.add<LowerSoftmaxLike<onnx::SoftmaxOp>>(
      typeConverter, context, SoftmaxKind::Softmax, /*coerced=*/false);
  patterns.add<LowerSoftmaxLike<onnx::SoftmaxV1Op>>(
      typeConverter, context, SoftmaxKind::Softmax, /*coerced=*/true);
}

} // namespace onnxc::detail
