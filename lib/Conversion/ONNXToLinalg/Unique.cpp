//===- Unique.cpp - Unique to scf loops -----------------------------------===//
//
// The items Unique compares (elements, or slices along `axis`) are first
// laid out along dim 0 (the flattened input, or the input with `axis` moved
// to the front) and viewed as the rows of an N x S tensor. Three scf loops
// over the rows, quadratic in N but free of any sort, then give:
//  1. the row of each item's first occurrence, and the number K of distinct
//     items;
//  2. the position in Y of each item: for a first occurrence, the number of
//     distinct items that precede it (in value order when sorted, else in
//     order of occurrence); for a repeat, its first occurrence's position;
//  3. the outputs, each item writing its slice, index and inverse index and
//     adding 1 to its count at its position.
// Rows compare lexicographically.
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

/// The permutation moving dim `axis` of a rank-`rank` tensor to the front.
SmallVector<int64_t> axisToFront(int64_t rank, int64_t axis) {
  SmallVector<int64_t> permutation{axis};
  for (int64_t dim = 0; dim < rank; ++dim)
    if (dim != axis)
      permutation.push_back(dim);
  return permutation;
}

/// `value` transposed: dim i of the result is dim permutation[i] of `value`.
Value createTranspose(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> permutedSizes;
  for (int64_t dim : permutation) {
    shape.push_back(type.getDimSize(dim));
    permutedSizes.push_back(sizes[dim]);
  }
  Value init = createEmptyTensor(
      b, loc, RankedTensorType::get(shape, type.getElementType()),
      permutedSizes);
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      .getResult()[0];
}

/// `input` with its items along dim 0: the flattened input without an
/// axis, else the input with `axis` moved to the front.
Value createItems(OpBuilder &b, Location loc, Value input,
                  std::optional<int64_t> axis) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  if (axis)
    return rank == 1 ? input
                     : createTranspose(b, loc, input, axisToFront(rank, *axis));
  if (rank == 0)
    return insertUnitDim(b, loc, input, 0);
  if (rank == 1)
    return input;
  SmallVector<ReassociationIndices> all(
      1, llvm::to_vector<2>(llvm::seq<int64_t>(0, rank)));
  return tensor::CollapseShapeOp::create(b, loc, input, all);
}

/// The items of createItems as the rows of an N x S tensor, for comparing.
/// Only static unit dims are inserted, never a dynamic dim split: the
/// expansion of a dynamic dim into several crashes upstream's
/// expand-strided-metadata (LLVM 22).
Value createItemRows(OpBuilder &b, Location loc, Value items) {
  int64_t rank = cast<RankedTensorType>(items.getType()).getRank();
  if (rank == 1)
    return insertUnitDim(b, loc, items, 1);
  SmallVector<ReassociationIndices> groups{
      {0}, llvm::to_vector<2>(llvm::seq<int64_t>(1, rank))};
  return tensor::CollapseShapeOp::create(b, loc, items, groups);
}

/// -1, 0 or 1 (an i8) as row i of `rows` is before, equal to or after row j
/// in lexicographic order.
Value createRowOrder(OpBuilder &b, Location loc, Value rows, Value i, Value j,
                     Value width, bool isUnsigned) {
  Type i8 = b.getI8Type();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, value));
  };
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value equal = constant(0), before = constant(-1), after = constant(1);
  auto loop = scf::ForOp::create(
      b, loc, zero, width, one, ValueRange{equal},
      [&](OpBuilder &b, Location l, Value s, ValueRange carried) {
        Value x = tensor::ExtractOp::create(b, l, rows, ValueRange{i, s});
        Value y = tensor::ExtractOp::create(b, l, rows, ValueRange{j, s});
        auto less = [&](Value lhs, Value rhs) -> Value {
          if (isa<FloatType>(lhs.getType()))
            return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, lhs,
                                         rhs);
          return arith::CmpIOp::create(b, l,
                                       isUnsigned ? arith::CmpIPredicate::ult
                                                  : arith::CmpIPredicate::slt,
                                       lhs, rhs);
        };
        Value order = arith::SelectOp::create(
            b, l, less(x, y), before,
            arith::SelectOp::create(b, l, less(y, x), after, equal));
        Value undecided = arith::CmpIOp::create(
            b, l, arith::CmpIPredicate::eq, carried[0], equal);
        scf::YieldOp::create(
            b, l,
            ValueRange{
                arith::SelectOp::create(b, l, undecided, order, carried[0])});
      });
  return loop.getResult(0);
}

struct LowerUnique : OpConversionPattern<onnx::UniqueOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::UniqueOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<SmallVector<RankedTensorType>> convertedTypes =
        getConvertedResultTypes(op, *getTypeConverter());
    if (failed(convertedTypes))
      return failure();
    SmallVector<RankedTensorType> &resultTypes = *convertedTypes;
    std::optional<int64_t> axis;
    if (op.getAxis())
      axis = *onnx::normalizeAxis(*op.getAxis(), type.getRank());
    // ONNX's bool is unsigned: false before true.
    bool isUnsigned = isUnsignedElement(op.getX().getType()) ||
                      type.getElementType().isInteger(1);
    bool sorted = op.getSorted() != 0;

    Type indexType = rewriter.getIndexType();
    Type i64 = rewriter.getI64Type();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value items = createItems(rewriter, loc, input, axis);
    Value rows = createItemRows(rewriter, loc, items);
    Value n = tensor::DimOp::create(rewriter, loc, rows, 0);
    Value width = tensor::DimOp::create(rewriter, loc, rows, 1);
    auto indexVector = RankedTensorType::get({ShapedType::kDynamic}, indexType);
    auto isEqual = [&](OpBuilder &b, Location l, Value order) -> Value {
      return arith::CmpIOp::create(
          b, l, arith::CmpIPredicate::eq, order,
          arith::ConstantOp::create(b, l, b.getI8IntegerAttr(0)));
    };
    auto addIf = [&](OpBuilder &b, Location l, Value condition, Value count) {
      return arith::SelectOp::create(
                 b, l, condition, arith::AddIOp::create(b, l, count, one),
                 count)
          .getResult();
    };

    // 1. The row of each item's first occurrence, and K.
    Value firstInit = createEmptyTensor(rewriter, loc, indexVector, {n});
    auto firstLoop = scf::ForOp::create(
        rewriter, loc, zero, n, one, ValueRange{firstInit, zero},
        [&](OpBuilder &b, Location l, Value i, ValueRange carried) {
          auto search = scf::ForOp::create(
              b, l, zero, i, one, ValueRange{i},
              [&](OpBuilder &b, Location l, Value j, ValueRange found) {
                Value unfound = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::eq, found[0], i);
                Value same = isEqual(
                    b, l, createRowOrder(b, l, rows, j, i, width, isUnsigned));
                Value match = arith::AndIOp::create(b, l, unfound, same);
                scf::YieldOp::create(
                    b, l,
                    ValueRange{arith::SelectOp::create(b, l, match, j,
                                                       found[0])});
              });
          Value first = search.getResult(0);
          Value isNew =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, first, i);
          Value firsts = tensor::InsertOp::create(b, l, first, carried[0], i);
          scf::YieldOp::create(
              b, l, ValueRange{firsts, addIf(b, l, isNew, carried[1])});
        });
    Value firsts = firstLoop.getResult(0);
    Value k = firstLoop.getResult(1);

    // 2. The position in Y of each item.
    Value positionInit = createEmptyTensor(rewriter, loc, indexVector, {n});
    auto positionLoop = scf::ForOp::create(
        rewriter, loc, zero, n, one, ValueRange{positionInit, zero},
        [&](OpBuilder &b, Location l, Value i, ValueRange carried) {
          Value first = tensor::ExtractOp::create(b, l, firsts, i);
          Value isNew =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, first, i);
          auto position = scf::IfOp::create(
              b, l, isNew,
              [&](OpBuilder &b, Location l) {
                if (!sorted) {
                  scf::YieldOp::create(b, l, ValueRange{carried[1]});
                  return;
                }
                auto smaller = scf::ForOp::create(
                    b, l, zero, n, one, ValueRange{zero},
                    [&](OpBuilder &b, Location l, Value v, ValueRange count) {
                      Value firstOfV =
                          tensor::ExtractOp::create(b, l, firsts, v);
                      Value distinct = arith::CmpIOp::create(
                          b, l, arith::CmpIPredicate::eq, firstOfV, v);
                      Value order =
                          createRowOrder(b, l, rows, v, i, width, isUnsigned);
                      Value before = arith::CmpIOp::create(
                          b, l, arith::CmpIPredicate::slt, order,
                          arith::ConstantOp::create(b, l,
                                                    b.getI8IntegerAttr(0)));
                      scf::YieldOp::create(
                          b, l,
                          ValueRange{addIf(
                              b, l,
                              arith::AndIOp::create(b, l, distinct, before),
                              count[0])});
                    });
                scf::YieldOp::create(b, l, smaller.getResults());
              },
              [&](OpBuilder &b, Location l) {
                scf::YieldOp::create(
                    b, l,
                    ValueRange{tensor::ExtractOp::create(b, l, carried[0],
                                                         first)});
              });
          Value positions = tensor::InsertOp::create(
              b, l, position.getResult(0), carried[0], i);
          scf::YieldOp::create(
              b, l, ValueRange{positions, addIf(b, l, isNew, carried[1])});
        });
    Value positions = positionLoop.getResult(0);

    // 3. The outputs that are used; the others get a placeholder nothing
    // reads.
    auto itemsType = cast<RankedTensorType>(items.getType());
    int64_t itemsRank = itemsType.getRank();
    SmallVector<int64_t> yItemsShape(itemsType.getShape());
    yItemsShape[0] = ShapedType::kDynamic;
    SmallVector<OpFoldResult> yItemsSizes =
        tensor::getMixedSizes(rewriter, loc, items);
    yItemsSizes[0] = k;
    bool wantY = !op.getY().use_empty(),
         wantIndices = !op.getIndices().use_empty(),
         wantInverse = !op.getInverseIndices().use_empty(),
         wantCounts = !op.getCounts().use_empty();
    SmallVector<Value> inits;
    if (wantY)
      inits.push_back(createEmptyTensor(
          rewriter, loc,
          RankedTensorType::get(yItemsShape, type.getElementType()),
          yItemsSizes));
    if (wantIndices)
      inits.push_back(createEmptyTensor(rewriter, loc, resultTypes[1], {k}));
    if (wantInverse)
      inits.push_back(createEmptyTensor(rewriter, loc, resultTypes[2], {n}));
    if (wantCounts)
      inits.push_back(createFilledTensor(rewriter, loc, resultTypes[3], {k},
                                         createZero(rewriter, loc, i64)));
    auto outputLoop = scf::ForOp::create(
        rewriter, loc, zero, n, one, inits,
        [&](OpBuilder &b, Location l, Value i, ValueRange carried) {
          Value position = tensor::ExtractOp::create(b, l, positions, i);
          Value first = tensor::ExtractOp::create(b, l, firsts, i);
          auto toI64 = [&](Value index) -> Value {
            return arith::IndexCastOp::create(b, l, i64, index);
          };
          SmallVector<Value> next;
          unsigned slot = 0;
          if (wantY) {
            SmallVector<OpFoldResult> sizes = yItemsSizes;
            sizes[0] = b.getIndexAttr(1);
            SmallVector<OpFoldResult> strides(itemsRank, b.getIndexAttr(1));
            SmallVector<OpFoldResult> from(itemsRank, b.getIndexAttr(0));
            SmallVector<OpFoldResult> to = from;
            from[0] = first;
            to[0] = position;
            Value item = tensor::ExtractSliceOp::create(b, l, items, from,
                                                        sizes, strides);
            next.push_back(tensor::InsertSliceOp::create(
                b, l, item, carried[slot++], to, sizes, strides));
          }
          if (wantIndices)
            next.push_back(tensor::InsertOp::create(b, l, toI64(first),
                                                    carried[slot++], position));
          if (wantInverse)
            next.push_back(tensor::InsertOp::create(b, l, toI64(position),
                                                    carried[slot++], i));
          if (wantCounts) {
            Value counts = carried[slot++];
            Value count = tensor::ExtractOp::create(b, l, counts, position);
            Value incremented = arith::AddIOp::create(
                b, l, count,
                arith::ConstantOp::create(b, l, b.getI64IntegerAttr(1)));
            next.push_back(
                tensor::InsertOp::create(b, l, incremented, counts, position));
          }
          scf::YieldOp::create(b, l, next);
        });

    SmallVector<Value> results;
    unsigned slot = 0;
    std::array<bool, 4> wantedResults{wantY, wantIndices, wantInverse,
                                      wantCounts};
    for (auto [index, wanted] : llvm::enumerate(wantedResults)) {
      RankedTensorType resultType = resultTypes[index];
      if (!wanted) {
        SmallVector<OpFoldResult> sizes(resultType.getRank(),
                                        rewriter.getIndexAttr(0));
        results.push_back(createEmptyTensor(rewriter, loc, resultType, sizes));
        continue;
      }
      Value result = outputLoop.getResult(slot++);
      // Y's items go back to `axis`.
      if (index == 0 && axis && itemsRank > 1) {
        SmallVector<int64_t> back(itemsRank);
        for (auto [position, dim] :
             llvm::enumerate(axisToFront(itemsRank, *axis)))
          back[dim] = position;
        result = createTranspose(rewriter, loc, result, back);
      }
      results.push_back(castTo(rewriter, loc, result, resultType));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateUniquePatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerUnique>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
