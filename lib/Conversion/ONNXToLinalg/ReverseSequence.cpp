//===- ReverseSequence.cpp - ReverseSequence to linalg --------------------===//
//
// One linalg.generic over the result: the element at time step t of batch
// entry b is read from step len[b] - 1 - t when t < len[b], else from t.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

struct LowerReverseSequence : OpConversionPattern<onnx::ReverseSequenceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ReverseSequenceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), lens = adaptor.getSequenceLens();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || !isa<RankedTensorType>(lens.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    int64_t rank = type.getRank();
    int64_t batchAxis = op.getBatchAxis(), timeAxis = op.getTimeAxis();
    MLIRContext *context = rewriter.getContext();

    Value init = createEmptyTensor(rewriter, loc, *resultType,
                                   tensor::getMixedSizes(rewriter, loc, input));
    Value timeSize = tensor::DimOp::create(rewriter, loc, input, timeAxis);
    SmallVector<AffineMap> maps{
        AffineMap::get(rank, 0, getAffineDimExpr(batchAxis, context)),
        AffineMap::getMultiDimIdentityMap(rank, context)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{*resultType}, ValueRange{lens},
        ValueRange{init}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          // ONNX requires len[b] <= the number of steps; a length outside
          // [0, steps] is clamped so that no read leaves the input.
          Value len = arith::MaxSIOp::create(
              b, l,
              arith::MinSIOp::create(
                  b, l,
                  arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]),
                  timeSize),
              arith::ConstantIndexOp::create(b, l, 0));
          SmallVector<Value> indices;
          for (int64_t dim = 0; dim < rank; ++dim)
            indices.push_back(linalg::IndexOp::create(b, l, dim));
          Value step = indices[timeAxis];
          Value reversed = arith::SubIOp::create(
              b, l, arith::SubIOp::create(b, l, len, step),
              arith::ConstantIndexOp::create(b, l, 1));
          Value inPrefix = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, step, len);
          indices[timeAxis] =
              arith::SelectOp::create(b, l, inPrefix, reversed, step);
          Value element = tensor::ExtractOp::create(b, l, input, indices);
          linalg::YieldOp::create(b, l, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateReverseSequencePatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns) {
  patterns.add<LowerReverseSequence>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
