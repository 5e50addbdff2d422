//===- Softmax.cpp - Softmax to linalg reductions -------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Softmax over the dims marked in `reduced`, numerically stable:
/// exp(x - max) / sum(exp(x - max)), the max and the sum taken over the
/// reduced dims. Four linalg.generic ops: max, exp, sum, divide.
Value createSoftmax(OpBuilder &b, Location loc, Value input,
                    ArrayRef<bool> reduced) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();
  int64_t rank = type.getRank();

  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> keptSizes;
  SmallVector<int64_t> keptShape;
  SmallVector<AffineExpr> keptExprs;
  SmallVector<utils::IteratorType> reductionIterators;
  for (int64_t dim = 0; dim < rank; ++dim) {
    reductionIterators.push_back(reduced[dim] ? utils::IteratorType::reduction
                                              : utils::IteratorType::parallel);
    if (reduced[dim])
      continue;
    keptSizes.push_back(sizes[dim]);
    keptShape.push_back(type.getDimSize(dim));
    keptExprs.push_back(getAffineDimExpr(dim, context));
  }
  auto keptType = RankedTensorType::get(keptShape, elementType);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  AffineMap keptMap = AffineMap::get(rank, 0, keptExprs, context);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);

  auto reduce = [&](Value source, Value initValue, auto combine) {
    Value init = createFilledTensor(b, loc, keptType, keptSizes, initValue);
    return linalg::GenericOp::create(
               b, loc, TypeRange{keptType}, ValueRange{source},
               ValueRange{init}, SmallVector<AffineMap>{identity, keptMap},
               reductionIterators,
               [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 linalg::YieldOp::create(
                     nested, nestedLoc,
                     combine(nested, nestedLoc, args[0], args[1]));
               })
        .getResult(0);
  };
  // `combine(element, reduced value)` over the whole input.
  auto broadcastCombine = [&](Value source, Value reducedValue, auto combine) {
    Value init = createEmptyTensor(b, loc, type, sizes);
    return linalg::GenericOp::create(
               b, loc, TypeRange{type}, ValueRange{source, reducedValue},
               ValueRange{init},
               SmallVector<AffineMap>{identity, keptMap, identity}, parallel,
               [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 linalg::YieldOp::create(
                     nested, nestedLoc,
                     combine(nested, nestedLoc, args[0], args[1]));
               })
        .getResult(0);
  };

  Value max = reduce(input, createLowest(b, loc, elementType, false),
                     [](OpBuilder &nb, Location l, Value x, Value acc) {
                       return createMax(nb, l, x, acc, false);
                     });
  Value exp = broadcastCombine(
      input, max, [](OpBuilder &nb, Location l, Value x, Value m) -> Value {
        return math::ExpOp::create(nb, l, arith::SubFOp::create(nb, l, x, m));
      });
  Value sum =
      reduce(exp, createZero(b, loc, elementType),
             [](OpBuilder &nb, Location l, Value x, Value acc) -> Value {
               return arith::AddFOp::create(nb, l, x, acc);
             });
  return broadcastCombine(
      exp, sum, [](OpBuilder &nb, Location l, Value e, Value s) -> Value {
        return arith::DivFOp::create(nb, l, e, s);
      });
}

/// ONNX Softmax (opset 13+) normalises along `axis`; SoftmaxV1 (opsets 1-12)
/// coerces the input to 2-D at `axis`, i.e. normalises over all dims from
/// `axis` on together.
template <typename OpTy> struct LowerSoftmax : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), rank);
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    SmallVector<bool> reduced(rank, false);
    for (int64_t dim = 0; dim < rank; ++dim)
      reduced[dim] =
          std::is_same_v<OpTy, onnx::SoftmaxV1Op> ? dim >= *axis : dim == *axis;
    rewriter.replaceOp(op,
                       createSoftmax(rewriter, op.getLoc(), input, reduced));
    return success();
  }
};

} // namespace

void populateSoftmaxPatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns) {
  patterns.add<LowerSoftmax<onnx::SoftmaxOp>, LowerSoftmax<onnx::SoftmaxV1Op>>(
      typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
