//===- Attention.cpp - Transformer building blocks to linalg --------------===//
//
// RotaryEmbedding is one linalg.generic over X: each element of the rotated
// part of a head is combined with its partner of the same pair, read with
// tensor.extract, and the angle's cosine and sine are read from the caches.
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

/// ONNX RotaryEmbedding: within each head (the last dim of a 4-D X, or
/// num_heads slices of the last dim of a 3-D X), element d < R (R =
/// rotary_embedding_dim, default the head size) pairs with d ± R/2 (or its
/// interleaved neighbour d ± 1) and takes angle j (d mod R/2, or d / 2):
/// y = x cos - x' sin for the first of the pair, x cos + x' sin for the
/// second; elements from R on are copied. Every index read from a model's
/// tensor or derived from a size is clamped, so a malformed model reads a
/// wrong element, never outside a tensor.
struct LowerRotaryEmbedding : OpConversionPattern<onnx::RotaryEmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::RotaryEmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX(), cosCache = adaptor.getCosCache(),
          sinCache = adaptor.getSinCache(), positions = adaptor.getPositionIds();
    int64_t rank = resultType->getRank();
    int64_t cacheRank = positions ? 2 : 3;
    auto isRanked = [](Value value, int64_t rank) {
      auto type = dyn_cast<RankedTensorType>(value.getType());
      return type && type.getRank() == rank;
    };
    if (!isRanked(x, rank) || (rank != 3 && rank != 4) ||
        !isRanked(cosCache, cacheRank) || !isRanked(sinCache, cacheRank) ||
        (positions && !isRanked(positions, 2)))
      return emitUnsupported(op, "its operands must be ranked tensors of the "
                                 "ranks ONNX gives them");
    int64_t numHeads = op.getNumHeads();
    if (rank == 3 && numHeads <= 0)
      return emitUnsupported(op, "a 3-D X needs num_heads");
    bool interleaved = op.getInterleaved() != 0;

    auto indexConstant = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    Value hidden = tensor::DimOp::create(rewriter, loc, x, rank - 1);
    Value headSize =
        rank == 3 ? arith::DivSIOp::create(rewriter, loc, hidden,
                                           indexConstant(numHeads))
                        .getResult()
                  : hidden;
    Value rotaryDim = op.getRotaryEmbeddingDim() > 0
                          ? indexConstant(op.getRotaryEmbeddingDim())
                          : headSize;
    Value half = arith::DivSIOp::create(rewriter, loc, rotaryDim,
                                        indexConstant(2));
    auto dimOf = [&](Value value, int64_t dim) -> Value {
      return tensor::DimOp::create(rewriter, loc, value, dim);
    };
    SmallVector<Value> cacheSizes;
    for (int64_t dim = 0; dim < cacheRank; ++dim)
      cacheSizes.push_back(dimOf(cosCache, dim));
    SmallVector<Value> sinSizes;
    for (int64_t dim = 0; dim < cacheRank; ++dim)
      sinSizes.push_back(dimOf(sinCache, dim));
    SmallVector<Value> positionSizes;
    if (positions)
      positionSizes = {dimOf(positions, 0), dimOf(positions, 1)};

    Value init = createEmptyTensor(rewriter, loc, *resultType,
                                   tensor::getMixedSizes(rewriter, loc, x));
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{},
            ValueRange{init}, ArrayRef<AffineMap>{identity},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange) {
              auto constant = [&](int64_t value) -> Value {
                return arith::ConstantIndexOp::create(b, l, value);
              };
              auto cmp = [&](arith::CmpIPredicate predicate, Value lhs,
                             Value rhs) -> Value {
                return arith::CmpIOp::create(b, l, predicate, lhs, rhs);
              };
              auto select = [&](Value cond, Value lhs, Value rhs) -> Value {
                return arith::SelectOp::create(b, l, cond, lhs, rhs);
              };
              auto add = [&](Value lhs, Value rhs) -> Value {
                return arith::AddIOp::create(b, l, lhs, rhs);
              };
              auto sub = [&](Value lhs, Value rhs) -> Value {
                return arith::SubIOp::create(b, l, lhs, rhs);
              };
              SmallVector<Value> indices;
              for (int64_t dim = 0; dim < rank; ++dim)
                indices.push_back(linalg::IndexOp::create(b, l, dim));
              Value batch = indices[0];
              Value seq = rank == 4 ? indices[2] : indices[1];
              Value last = indices.back();
              // d: the position within the head.
              Value d = rank == 3 ? arith::RemSIOp::create(b, l, last, headSize)
                                        .getResult()
                                  : last;
              Value isFirst, angle, partner;
              if (interleaved) {
                isFirst = cmp(arith::CmpIPredicate::eq,
                              arith::RemSIOp::create(b, l, d, constant(2)),
                              constant(0));
                angle = arith::DivSIOp::create(b, l, d, constant(2));
                partner = select(isFirst, add(d, constant(1)),
                                 sub(d, constant(1)));
              } else {
                isFirst = cmp(arith::CmpIPredicate::slt, d, half);
                angle = select(isFirst, d, sub(d, half));
                partner = select(isFirst, add(d, half), sub(d, half));
              }
              partner = clampIndex(b, l, add(sub(last, d), partner), hidden);
              SmallVector<Value> partnerIndices(indices);
              partnerIndices.back() = partner;

              SmallVector<Value> cacheIndices;
              if (positions) {
                Value position = tensor::ExtractOp::create(
                    b, l, positions,
                    ValueRange{clampIndex(b, l, batch, positionSizes[0]),
                               clampIndex(b, l, seq, positionSizes[1])});
                cacheIndices.push_back(arith::IndexCastOp::create(
                    b, l, b.getIndexType(), position));
              } else {
                cacheIndices = {batch, seq};
              }
              cacheIndices.push_back(angle);
              auto readCache = [&](Value cache, ArrayRef<Value> sizes) {
                SmallVector<Value> clamped;
                for (auto [index, size] : llvm::zip_equal(cacheIndices, sizes))
                  clamped.push_back(clampIndex(b, l, index, size));
                return tensor::ExtractOp::create(b, l, cache, clamped)
                    .getResult();
              };
              Value cos = readCache(cosCache, cacheSizes);
              Value sin = readCache(sinCache, sinSizes);
              Value element = tensor::ExtractOp::create(b, l, x, indices);
              Value other = tensor::ExtractOp::create(b, l, x, partnerIndices);
              Value scaled = arith::MulFOp::create(b, l, element, cos);
              Value cross = arith::MulFOp::create(b, l, other, sin);
              Value rotated =
                  select(isFirst, arith::SubFOp::create(b, l, scaled, cross),
                         arith::AddFOp::create(b, l, scaled, cross));
              Value y = select(cmp(arith::CmpIPredicate::slt, d, rotaryDim),
                               rotated, element);
              linalg::YieldOp::create(b, l, y);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateAttentionPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns) {
  patterns.add<LowerRotaryEmbedding>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
