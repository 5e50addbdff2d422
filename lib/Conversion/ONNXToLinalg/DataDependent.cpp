//===- DataDependent.cpp - NonZero and Compress to linalg -----------------===//
//
// Their result sizes depend on the input's values: a first pass counts the
// selected elements, the result is allocated with that dynamic size, and an
// scf loop over the input fills it in order. The generated code returns such
// results as buffers the caller owns.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Whether `value` (a float, integer or bool) is not zero.
Value createIsNonZero(OpBuilder &b, Location loc, Value value) {
  Value zero = createZero(b, loc, value.getType());
  if (isa<FloatType>(value.getType()))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                 zero);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
}

/// ONNX NonZero: counts the non-zero elements with a linalg reduction, then
/// walks the input in row-major order writing the indices of each non-zero
/// element into the next column.
struct LowerNonZero : OpConversionPattern<onnx::NonZeroOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::NonZeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || type.getRank() == 0)
      return emitUnsupported(op,
                             "its input must be a tensor of rank 1 or more");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    int64_t rank = type.getRank();
    Type i64 = rewriter.getI64Type();
    Type indexType = rewriter.getIndexType();

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value counted = createReduction(
        rewriter, loc, input, SmallVector<bool>(rank, true),
        createZero(rewriter, loc, i64), {},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value isNonZero = createIsNonZero(b, l, args[0]);
          return arith::AddIOp::create(
              b, l, args[1], arith::ExtUIOp::create(b, l, i64, isNonZero));
        });
    Value count = arith::IndexCastOp::create(
        rewriter, loc, indexType,
        tensor::ExtractOp::create(rewriter, loc, counted, ValueRange{}));

    Value init = createEmptyTensor(
        rewriter, loc, *resultType,
        {rewriter.getIndexAttr(rank), OpFoldResult(count)});
    SmallVector<Value> lbs(rank, zero), steps(rank, one), ubs;
    for (int64_t dim = 0; dim < rank; ++dim)
      ubs.push_back(tensor::DimOp::create(rewriter, loc, input, dim));
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange carried) -> scf::ValueVector {
          Value element = tensor::ExtractOp::create(b, l, input, ivs);
          auto ifOp = scf::IfOp::create(
              b, l, createIsNonZero(b, l, element),
              [&](OpBuilder &thenB, Location tl) {
                Value result = carried[0], column = carried[1];
                for (auto [dim, iv] : llvm::enumerate(ivs)) {
                  Value row = arith::ConstantIndexOp::create(thenB, tl, dim);
                  Value index = arith::IndexCastOp::create(thenB, tl, i64, iv);
                  result = tensor::InsertOp::create(thenB, tl, index, result,
                                                    ValueRange{row, column});
                }
                Value next = arith::AddIOp::create(thenB, tl, column, one);
                scf::YieldOp::create(thenB, tl, ValueRange{result, next});
              },
              [&](OpBuilder &elseB, Location el) {
                scf::YieldOp::create(elseB, el, carried);
              });
          return scf::ValueVector(ifOp.getResults().begin(),
                                  ifOp.getResults().end());
        });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

/// ONNX Compress: counts the true entries of the condition that have a slice
/// along the axis, then copies each such slice into the next position of the
/// result. Without `axis` it works on the flattened input.
struct LowerCompress : OpConversionPattern<onnx::CompressOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::CompressOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), condition = adaptor.getCondition();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || !isa<RankedTensorType>(condition.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();

    int64_t axis = 0;
    if (std::optional<int64_t> attr = op.getAxis()) {
      axis = *onnx::normalizeAxis(*attr, type.getRank());
    } else if (type.getRank() == 0) {
      input = insertUnitDim(rewriter, loc, input, 0);
    } else if (type.getRank() > 1) {
      SmallVector<ReassociationIndices> all(
          1, llvm::to_vector<2>(llvm::seq<int64_t>(0, type.getRank())));
      input = tensor::CollapseShapeOp::create(rewriter, loc, input, all);
    }
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();

    // Entries of the condition past the axis select nothing; missing ones
    // are false.
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value selectable = arith::MinUIOp::create(
        rewriter, loc, tensor::DimOp::create(rewriter, loc, input, axis),
        tensor::DimOp::create(rewriter, loc, condition, 0));
    auto countLoop = scf::ForOp::create(
        rewriter, loc, zero, selectable, one, ValueRange{zero},
        [&](OpBuilder &b, Location l, Value k, ValueRange carried) {
          Value selected = tensor::ExtractOp::create(b, l, condition, k);
          Value next = arith::AddIOp::create(b, l, carried[0], one);
          scf::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, selected, next,
                                                 carried[0])});
        });
    Value count = countLoop.getResult(0);

    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    sizes[axis] = count;
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sliceSizes = sizes;
    sliceSizes[axis] = rewriter.getIndexAttr(1);
    auto copyLoop = scf::ForOp::create(
        rewriter, loc, zero, selectable, one, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, Value k, ValueRange carried) {
          Value selected = tensor::ExtractOp::create(b, l, condition, k);
          auto ifOp = scf::IfOp::create(
              b, l, selected,
              [&](OpBuilder &thenB, Location tl) {
                SmallVector<OpFoldResult> from = offsets, to = offsets;
                from[axis] = k;
                to[axis] = carried[1];
                Value slice = tensor::ExtractSliceOp::create(
                    thenB, tl, input, from, sliceSizes, strides);
                Value result = tensor::InsertSliceOp::create(
                    thenB, tl, slice, carried[0], to, sliceSizes, strides);
                Value next = arith::AddIOp::create(thenB, tl, carried[1], one);
                scf::YieldOp::create(thenB, tl, ValueRange{result, next});
              },
              [&](OpBuilder &elseB, Location el) {
                scf::YieldOp::create(elseB, el, carried);
              });
          scf::YieldOp::create(b, l, ifOp.getResults());
        });
    rewriter.replaceOp(op, copyLoop.getResult(0));
    return success();
  }
};

} // namespace

void populateDataDependentPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns) {
  patterns.add<LowerCompress, LowerNonZero>(typeConverter,
                                            patterns.getContext());
  populateUniquePatterns(typeConverter, patterns);
}

} // namespace onnxc::detail
