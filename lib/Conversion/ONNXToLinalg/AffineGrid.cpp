//===- AffineGrid.cpp - ONNX AffineGrid to linalg -------------------------===//
//
// One linalg.generic over the grid (N x spatial... x d): each element is row
// k of theta[n] applied to the normalised coordinates of its point.
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

/// ONNX AffineGrid: grid[n, i..., k] = sum_j theta[n, k, j] * base[j] +
/// theta[n, k, d], base[j] the coordinate along spatial dim d - 1 - j (x
/// along the last): -1 + 2 i / (L - 1) with align_corners (0 when L is 1),
/// else (2 i + 1) / L - 1. Batch and row indices into theta are clamped, as
/// `size` may ask for more batches than theta has.
struct LowerAffineGrid : OpConversionPattern<onnx::AffineGridOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::AffineGridOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value theta = adaptor.getTheta();
    auto thetaType = dyn_cast<RankedTensorType>(theta.getType());
    auto sizeType = dyn_cast<RankedTensorType>(adaptor.getSize().getType());
    if (!thetaType || thetaType.getRank() != 3 || !sizeType ||
        !sizeType.hasStaticShape())
      return emitUnsupported(op, "theta must be a 3-D tensor and 'size' a 1-D "
                                 "tensor of static length");
    int64_t rank = resultType->getRank();
    int64_t spatial = rank - 2;
    SmallVector<OpFoldResult> sizeValues = getIndexElements(
        rewriter, loc, op.getSize(), adaptor.getSize(), spatial + 2);
    SmallVector<OpFoldResult> outSizes{sizeValues[0]};
    outSizes.append(sizeValues.begin() + 2, sizeValues.end());
    outSizes.push_back(rewriter.getIndexAttr(spatial));
    Value init = createEmptyTensor(rewriter, loc, *resultType, outSizes);
    SmallVector<Value> lengths;
    for (int64_t dim = 1; dim <= spatial; ++dim)
      lengths.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, outSizes[dim]));
    Value batches = tensor::DimOp::create(rewriter, loc, theta, 0);
    Value rows = tensor::DimOp::create(rewriter, loc, theta, 1);
    Value cols = tensor::DimOp::create(rewriter, loc, theta, 2);
    bool alignCorners = op.getAlignCorners() != 0;
    Type elementType = resultType->getElementType();

    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{},
            ValueRange{init}, ArrayRef<AffineMap>{identity},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange) {
              auto constant = [&](double value) -> Value {
                return arith::ConstantOp::create(
                    b, l, b.getFloatAttr(elementType, value));
              };
              auto toFloat = [&](Value index) -> Value {
                return arith::SIToFPOp::create(
                    b, l, elementType,
                    arith::IndexCastOp::create(b, l, b.getI64Type(), index));
              };
              Value one = constant(1.0), two = constant(2.0);
              Value n = clampIndex(b, l, linalg::IndexOp::create(b, l, 0),
                                   batches);
              Value k = clampIndex(
                  b, l, linalg::IndexOp::create(b, l, rank - 1), rows);
              auto thetaAt = [&](int64_t column) -> Value {
                Value j = clampIndex(
                    b, l, arith::ConstantIndexOp::create(b, l, column), cols);
                return tensor::ExtractOp::create(b, l, theta,
                                                 ValueRange{n, k, j});
              };
              Value sum = thetaAt(spatial);
              for (int64_t j = 0; j < spatial; ++j) {
                int64_t dim = spatial - 1 - j;
                Value i = toFloat(linalg::IndexOp::create(b, l, dim + 1));
                Value length = toFloat(lengths[dim]);
                Value coordinate;
                if (alignCorners) {
                  Value spread = arith::SubFOp::create(b, l, length, one);
                  Value stretched = arith::SubFOp::create(
                      b, l,
                      arith::DivFOp::create(
                          b, l, arith::MulFOp::create(b, l, two, i), spread),
                      one);
                  coordinate = arith::SelectOp::create(
                      b, l,
                      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                            length, one),
                      stretched, constant(0.0));
                } else {
                  Value doubled = arith::AddFOp::create(
                      b, l, arith::MulFOp::create(b, l, two, i), one);
                  coordinate = arith::SubFOp::create(
                      b, l, arith::DivFOp::create(b, l, doubled, length), one);
                }
                sum = arith::AddFOp::create(
                    b, l, sum,
                    arith::MulFOp::create(b, l, thetaAt(j), coordinate));
              }
              linalg::YieldOp::create(b, l, sum);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateAffineGridPatterns(const TypeConverter &typeConverter,
                                RewritePatternSet &patterns) {
  patterns.add<LowerAffineGrid>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
