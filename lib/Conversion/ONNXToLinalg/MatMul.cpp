//===- MatMul.cpp - MatMul and Gemm to linalg -----------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// acc + lhs * rhs for floats or (two's complement, so either signedness)
/// integers.
Value multiplyAdd(OpBuilder &b, Location loc, Value lhs, Value rhs, Value acc) {
  if (isa<FloatType>(acc.getType()))
    return arith::AddFOp::create(b, loc, acc,
                                 arith::MulFOp::create(b, loc, lhs, rhs));
  return arith::AddIOp::create(b, loc, acc,
                               arith::MulIOp::create(b, loc, lhs, rhs));
}

/// Whether `operand`'s batch dims (all but the last two) are those of a
/// result with batch sizes `batchSizes`, neither fewer nor stretched.
bool hasFullBatch(Value operand, ArrayRef<OpFoldResult> batchSizes) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t batchRank = type.getRank() - 2;
  if (batchRank != static_cast<int64_t>(batchSizes.size()))
    return false;
  return llvm::all_of(
      classifyBroadcastDims(operand, batchSizes, batchRank),
      [](BroadcastRead read) { return read == BroadcastRead::Loop; });
}

/// `operand` with its batch dims broadcast to `batchSizes` as a new tensor,
/// when one of them may be a 1 that stretches at run time; else `operand`.
Value broadcastBatchAtRunTime(OpBuilder &b, Location loc, Value operand,
                              ArrayRef<int64_t> batchShape,
                              ArrayRef<OpFoldResult> batchSizes) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t rank = type.getRank();
  if (!llvm::is_contained(classifyBroadcastDims(operand, batchSizes, rank - 2),
                          BroadcastRead::RunTime))
    return operand;
  SmallVector<int64_t> shape(batchShape);
  shape.push_back(type.getDimSize(rank - 2));
  shape.push_back(type.getDimSize(rank - 1));
  SmallVector<OpFoldResult> sizes(batchSizes);
  sizes.push_back(tensor::getMixedSize(b, loc, operand, rank - 2));
  sizes.push_back(tensor::getMixedSize(b, loc, operand, rank - 1));
  return materializeBroadcast(b, loc, operand, type.clone(shape), sizes);
}

/// Collapses the leading `count` dims of `value` into one.
Value collapseLeadingDims(OpBuilder &b, Location loc, Value value,
                          int64_t count) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<ReassociationIndices> groups(1);
  for (int64_t dim = 0; dim < count; ++dim)
    groups[0].push_back(dim);
  for (int64_t dim = count; dim < type.getRank(); ++dim)
    groups.push_back({dim});
  return tensor::CollapseShapeOp::create(b, loc, value, groups);
}

/// ONNX MatMul is numpy.matmul: 1-D operands are promoted to matrices (a row
/// for A, a column for B) and the promoted dims dropped from the result;
/// batch dims broadcast. Plain and batched products become linalg.matmul and
/// linalg.batch_matmul; broadcast batches a linalg.generic.
struct LowerMatMul : OpConversionPattern<onnx::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value lhs = adaptor.getA(), rhs = adaptor.getB();
    if (!isa<RankedTensorType>(lhs.getType()) ||
        !isa<RankedTensorType>(rhs.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");

    bool promoteLhs = cast<RankedTensorType>(lhs.getType()).getRank() == 1;
    bool promoteRhs = cast<RankedTensorType>(rhs.getType()).getRank() == 1;
    if (promoteLhs)
      lhs = insertUnitDim(rewriter, loc, lhs, 0);
    if (promoteRhs)
      rhs = insertUnitDim(rewriter, loc, rhs, 1);

    // The result with the promoted dims still in place.
    SmallVector<int64_t> shape(resultType->getShape());
    if (promoteLhs)
      shape.insert(shape.end() - (promoteRhs ? 0 : 1), 1);
    if (promoteRhs)
      shape.push_back(1);
    int64_t rank = shape.size(), batchRank = rank - 2;
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < batchRank; ++dim)
      sizes.push_back(getBroadcastSize(rewriter, loc, {lhs, rhs}, shape, dim));
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    sizes.push_back(tensor::getMixedSize(rewriter, loc, lhs, lhsRank - 2));
    sizes.push_back(tensor::getMixedSize(rewriter, loc, rhs, rhsRank - 1));
    checkSizesEqual(rewriter, loc, op,
                    tensor::getMixedSize(rewriter, loc, lhs, lhsRank - 1),
                    tensor::getMixedSize(rewriter, loc, rhs, rhsRank - 2),
                    "the inner dims of A and B differ");
    // The batch dims broadcast; the matrix dims of each operand are its own.
    for (auto [operand, operandRank] :
         {std::pair(lhs, lhsRank), std::pair(rhs, rhsRank)}) {
      SmallVector<OpFoldResult> expected(sizes);
      expected[rank - 2] =
          tensor::getMixedSize(rewriter, loc, operand, operandRank - 2);
      expected[rank - 1] =
          tensor::getMixedSize(rewriter, loc, operand, operandRank - 1);
      checkBroadcastable(rewriter, loc, op, {operand}, expected);
    }
    // Intermediate types know every size the operands know, so that reshapes
    // between them stay consistent; a cast at the end gives the result type.
    for (auto [dim, size] : llvm::enumerate(sizes))
      if (std::optional<int64_t> constant = getConstantIntValue(size))
        shape[dim] = *constant;
    auto fullType = resultType->clone(shape);

    // A batch dim known only at run time may be a 1 that stretches; such an
    // operand is broadcast first (a copy) so that the products below read
    // their batches through indexing maps.
    ArrayRef<OpFoldResult> batchSizes = ArrayRef(sizes).take_front(batchRank);
    ArrayRef<int64_t> batchShape = ArrayRef(shape).take_front(batchRank);
    lhs = broadcastBatchAtRunTime(rewriter, loc, lhs, batchShape, batchSizes);
    rhs = broadcastBatchAtRunTime(rewriter, loc, rhs, batchShape, batchSizes);
    bool lhsHasBatch = lhsRank > 2, rhsHasBatch = rhsRank > 2;

    Value zero = createZero(rewriter, loc, fullType.getElementType());
    // Folding dims into one and expanding them back is only done for at most
    // one dynamic dim: LLVM 22's expand-strided-metadata crashes on a
    // memref.expand_shape group with several.
    auto foldable = [&](int64_t count) {
      return llvm::count_if(ArrayRef(shape).take_front(count),
                            ShapedType::isDynamic) <= 1;
    };
    Value product;
    if (!lhsHasBatch && !rhsHasBatch) {
      Value init = createFilledTensor(rewriter, loc, fullType, sizes, zero);
      product = linalg::MatmulOp::create(rewriter, loc, TypeRange{fullType},
                                         ValueRange{lhs, rhs}, ValueRange{init})
                    .getResult(0);
    } else if (!rhsHasBatch && foldable(batchRank + 1)) {
      // (B... x M x K) * (K x N): one matmul over the batch folded into M.
      Value flatLhs = collapseLeadingDims(rewriter, loc, lhs, batchRank + 1);
      auto flatType = RankedTensorType::get(
          {cast<RankedTensorType>(flatLhs.getType()).getDimSize(0),
           fullType.getDimSize(rank - 1)},
          fullType.getElementType());
      Value init = createFilledTensor(
          rewriter, loc, flatType,
          {tensor::getMixedSize(rewriter, loc, flatLhs, 0), sizes.back()},
          zero);
      Value flat =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{flatType},
                                   ValueRange{flatLhs, rhs}, ValueRange{init})
              .getResult(0);
      SmallVector<ReassociationIndices> groups(1);
      for (int64_t dim = 0; dim <= batchRank; ++dim)
        groups[0].push_back(dim);
      groups.push_back({rank - 1});
      product = createExpandShape(rewriter, loc, fullType, flat, groups, sizes);
    } else if (hasFullBatch(lhs, batchSizes) && hasFullBatch(rhs, batchSizes) &&
               foldable(batchRank)) {
      // Equal batches: one linalg.batch_matmul over the batch dims folded
      // into one.
      Value batchLhs = collapseLeadingDims(rewriter, loc, lhs, batchRank);
      Value batchRhs = collapseLeadingDims(rewriter, loc, rhs, batchRank);
      auto batchType = RankedTensorType::get(
          {cast<RankedTensorType>(batchLhs.getType()).getDimSize(0),
           fullType.getDimSize(rank - 2), fullType.getDimSize(rank - 1)},
          fullType.getElementType());
      Value init =
          createFilledTensor(rewriter, loc, batchType,
                             {tensor::getMixedSize(rewriter, loc, batchLhs, 0),
                              sizes[rank - 2], sizes[rank - 1]},
                             zero);
      Value batched = linalg::BatchMatmulOp::create(
                          rewriter, loc, TypeRange{batchType},
                          ValueRange{batchLhs, batchRhs}, ValueRange{init})
                          .getResult(0);
      SmallVector<ReassociationIndices> groups(1);
      for (int64_t dim = 0; dim < batchRank; ++dim)
        groups[0].push_back(dim);
      groups.push_back({rank - 2});
      groups.push_back({rank - 1});
      product =
          createExpandShape(rewriter, loc, fullType, batched, groups, sizes);
    } else {
      product = broadcastBatchMatmul(rewriter, loc, lhs, rhs, fullType, sizes);
    }

    if (promoteRhs)
      product = dropUnitDim(rewriter, loc, product, rank - 1);
    if (promoteLhs)
      product = dropUnitDim(rewriter, loc, product, rank - 2);
    rewriter.replaceOp(op, castTo(rewriter, loc, product, *resultType));
    return success();
  }

private:
  /// Loops (batch..., m, n, k); each operand reads its batch dims broadcast.
  static Value broadcastBatchMatmul(OpBuilder &b, Location loc, Value lhs,
                                    Value rhs, RankedTensorType fullType,
                                    ArrayRef<OpFoldResult> sizes) {
    MLIRContext *context = b.getContext();
    int64_t rank = fullType.getRank(), numLoops = rank + 1;
    int64_t batchRank = rank - 2;
    ArrayRef<OpFoldResult> batchSizes = sizes.take_front(batchRank);
    auto operandMap = [&](Value operand, int64_t row, int64_t column) {
      int64_t operandBatchRank =
          cast<RankedTensorType>(operand.getType()).getRank() - 2;
      SmallVector<int64_t> loops = llvm::to_vector(
          llvm::seq<int64_t>(batchRank - operandBatchRank, batchRank));
      loops.push_back(row);
      loops.push_back(column);
      SmallVector<BroadcastRead> reads =
          classifyBroadcastDims(operand, batchSizes, operandBatchRank);
      reads.append(2, BroadcastRead::Loop);
      return getBroadcastMap(reads, loops, numLoops, context);
    };
    int64_t m = rank - 2, n = rank - 1, k = rank;
    SmallVector<AffineMap> maps{
        operandMap(lhs, m, k), operandMap(rhs, k, n),
        AffineMap::getMultiDimIdentityMap(numLoops, context).dropResult(k)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = createFilledTensor(
        b, loc, fullType, sizes, createZero(b, loc, fullType.getElementType()));
    return linalg::GenericOp::create(
               b, loc, TypeRange{fullType}, ValueRange{lhs, rhs},
               ValueRange{init}, maps, iterators,
               [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 linalg::YieldOp::create(
                     nested, nestedLoc,
                     multiplyAdd(nested, nestedLoc, args[0], args[1], args[2]));
               })
        .getResult(0);
  }
};

/// ONNX Gemm: Y = alpha * A' * B' + beta * C, with A' = transpose(A) when
/// transA is set (B' likewise) and C broadcast unidirectionally to (M, N).
/// The transposes become the indexing maps of linalg.matmul. With alpha 1 the
/// product accumulates onto beta * C; otherwise one linalg.generic scales and
/// adds after the product.
struct LowerGemm : OpConversionPattern<onnx::GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = getContext();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value lhs = adaptor.getA(), rhs = adaptor.getB(), bias = adaptor.getC();
    if (!isa<RankedTensorType>(lhs.getType()) ||
        !isa<RankedTensorType>(rhs.getType()) ||
        (bias && !isa<RankedTensorType>(bias.getType())))
      return emitUnsupported(op, "its operands must be ranked tensors");
    Type elementType = resultType->getElementType();
    bool transA = op.getTransA() != 0, transB = op.getTransB() != 0;
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    if (beta == 0.0)
      bias = Value();

    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, lhs, transA ? 1 : 0),
        tensor::getMixedSize(rewriter, loc, rhs, transB ? 0 : 1)};
    for (int64_t dim = 0; dim < 2; ++dim)
      if (!resultType->isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType->getDimSize(dim));
    checkSizesEqual(rewriter, loc, op,
                    tensor::getMixedSize(rewriter, loc, lhs, transA ? 0 : 1),
                    tensor::getMixedSize(rewriter, loc, rhs, transB ? 1 : 0),
                    "the inner dims of A and B differ");
    if (bias)
      checkBroadcastable(rewriter, loc, op, {bias}, sizes);

    // ONNX gives alpha and beta as floats whatever the element type.
    auto scalar = [&](double value) -> Value {
      if (isa<FloatType>(elementType))
        return arith::ConstantOp::create(
            rewriter, loc, rewriter.getFloatAttr(elementType, value));
      return arith::ConstantOp::create(
          rewriter, loc,
          rewriter.getIntegerAttr(elementType, static_cast<int64_t>(value)));
    };
    Value alphaValue = alpha != 1.0 ? scalar(alpha) : Value();
    Value betaValue = bias && beta != 1.0 ? scalar(beta) : Value();
    auto multiply = [](OpBuilder &b, Location l, Value x, Value y) -> Value {
      if (isa<FloatType>(x.getType()))
        return arith::MulFOp::create(b, l, x, y);
      return arith::MulIOp::create(b, l, x, y);
    };
    auto add = [](OpBuilder &b, Location l, Value x, Value y) -> Value {
      if (isa<FloatType>(x.getType()))
        return arith::AddFOp::create(b, l, x, y);
      return arith::AddIOp::create(b, l, x, y);
    };
    // beta * C broadcast to (M, N), added to `acc` scaled by alpha if given.
    auto addScaledBias = [&](Value acc) -> Value {
      SmallVector<Value> operands;
      if (acc)
        operands.push_back(acc);
      if (bias)
        operands.push_back(bias);
      return createBroadcastingGeneric(
          rewriter, loc, *resultType, sizes, operands,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value sum;
            if (acc) {
              sum = args[0];
              if (alphaValue)
                sum = multiply(b, l, sum, alphaValue);
            }
            if (bias) {
              Value c = args[acc ? 1 : 0];
              if (betaValue)
                c = multiply(b, l, c, betaValue);
              sum = sum ? add(b, l, sum, c) : c;
            }
            return sum;
          });
    };

    Value init =
        alpha == 1.0 && bias
            ? addScaledBias(Value())
            : createFilledTensor(rewriter, loc, *resultType, sizes,
                                 createZero(rewriter, loc, elementType));
    // Loops (m, n, k).
    AffineExpr m = rewriter.getAffineDimExpr(0),
               n = rewriter.getAffineDimExpr(1),
               k = rewriter.getAffineDimExpr(2);
    // B^T is materialised, rather than read through the matmul's map, so
    // that the kernel reads rows of B; of a weight (a Linear layer's
    // [N, K]) onnx-fold-constant-transposes makes it a constant. A^T reads
    // well as it is.
    if (transB) {
      auto type = cast<RankedTensorType>(rhs.getType());
      Value init = createEmptyTensor(
          rewriter, loc,
          RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)},
                                type.getElementType()),
          {tensor::getMixedSize(rewriter, loc, rhs, 1),
           tensor::getMixedSize(rewriter, loc, rhs, 0)});
      rhs = linalg::TransposeOp::create(rewriter, loc, rhs, init,
                                        ArrayRef<int64_t>{1, 0})
                .getResult()[0];
    }
    SmallVector<NamedAttribute> attributes;
    if (transA) {
      SmallVector<AffineMap> maps{AffineMap::get(3, 0, {k, m}, context),
                                  AffineMap::get(3, 0, {k, n}, context),
                                  AffineMap::get(3, 0, {m, n}, context)};
      attributes.push_back(rewriter.getNamedAttr(
          "indexing_maps", rewriter.getAffineMapArrayAttr(maps)));
    }
    Value product = linalg::MatmulOp::create(
                        rewriter, loc, TypeRange{*resultType},
                        ValueRange{lhs, rhs}, ValueRange{init}, attributes)
                        .getResult(0);
    if (alpha != 1.0)
      product = addScaledBias(product);
    rewriter.replaceOp(op, product);
    return success();
  }
};

} // namespace

void populateMatMulPatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerGemm, LowerMatMul>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
