//===- Reduction.cpp - Reductions, ArgMax/ArgMin, CumSum, TopK to linalg --===//
//
// Every Reduce* op lowers through one pattern, parametrised by its kind: an
// initial value (the reduction's identity), a combiner folding one element
// into the accumulator and a finaliser applied to the result. ArgMax/ArgMin,
// CumSum and TopK are linalg.generic reductions too, with linalg.index in
// their bodies.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {

//===----------------------------------------------------------------------===//
// Shared builders
//===----------------------------------------------------------------------===//

/// The dims of a `rank`-dim loop nest not marked in `reduced`, as a map.
static AffineMap getKeptMap(ArrayRef<bool> reduced, MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(reduced.size(), 0, exprs, context);
}

/// The type and sizes of `input` without the dims marked in `reduced`.
static std::pair<RankedTensorType, SmallVector<OpFoldResult>>
getKeptTypeAndSizes(OpBuilder &b, Location loc, Value input,
                    ArrayRef<bool> reduced, Type elementType) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> keptSizes;
  for (auto [size, isReduced] : llvm::zip_equal(sizes, reduced))
    if (!isReduced)
      keptSizes.push_back(size);
  auto keptType = RankedTensorType::get(
      onnx::computeReducedShape(type.getShape(), reduced, /*keepDims=*/false),
      elementType);
  return {keptType, keptSizes};
}

Value createReduction(OpBuilder &b, Location loc, Value input,
                      ArrayRef<bool> reduced, Value init, ValueRange extra,
                      GenericBodyBuilder body) {
  MLIRContext *context = b.getContext();
  int64_t rank = reduced.size();
  auto [keptType, keptSizes] =
      getKeptTypeAndSizes(b, loc, input, reduced, init.getType());
  Value filled = createFilledTensor(b, loc, keptType, keptSizes, init);
  AffineMap keptMap = getKeptMap(reduced, context);
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, context)};
  maps.append(extra.size() + 1, keptMap);
  SmallVector<utils::IteratorType> iterators;
  for (bool isReduced : reduced)
    iterators.push_back(isReduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
  SmallVector<Value> inputs{input};
  llvm::append_range(inputs, extra);
  return linalg::GenericOp::create(
             b, loc, TypeRange{keptType}, inputs, ValueRange{filled}, maps,
             iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc,
                                       body(nested, nestedLoc, args));
             })
      .getResult(0);
}

Value createBroadcastReduced(OpBuilder &b, Location loc, Value input,
                             ValueRange reducedValues, ArrayRef<bool> reduced,
                             Type elementType, GenericBodyBuilder body) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto resultType = RankedTensorType::get(type.getShape(), elementType);
  Value init = createEmptyTensor(b, loc, resultType,
                                 tensor::getMixedSizes(b, loc, input));
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<AffineMap> maps{identity};
  maps.append(reducedValues.size(), getKeptMap(reduced, context));
  maps.push_back(identity);
  SmallVector<Value> inputs{input};
  llvm::append_range(inputs, reducedValues);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   body(nested, nestedLoc, args.drop_back()));
             })
      .getResult(0);
}

namespace {

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

/// The identity of min: +inf for floats, the highest value for integers.
Value createHighest(OpBuilder &b, Location loc, Type elementType,
                    bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType,
                       APFloat::getInf(floatType.getFloatSemantics())));
  unsigned width = elementType.getIntOrFloatBitWidth();
  APInt highest = isUnsigned || width == 1 ? APInt::getMaxValue(width)
                                           : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc,
                                   b.getIntegerAttr(elementType, highest));
}

/// The extreme an arg- or max/min reduction starts from. Booleans (i1) order
/// as unsigned: false < true.
Value createExtreme(OpBuilder &b, Location loc, Type elementType,
                    bool isUnsigned, bool largest) {
  isUnsigned |= elementType.isInteger(1);
  return largest ? createLowest(b, loc, elementType, isUnsigned)
                 : createHighest(b, loc, elementType, isUnsigned);
}

Value createConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value createAdd(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value createMul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

/// min(a, b) for floats (propagating NaN), signed or unsigned integers.
Value createMin(OpBuilder &b, Location loc, Value lhs, Value rhs,
                bool isUnsigned) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  if (isUnsigned || lhs.getType().isInteger(1))
    return arith::MinUIOp::create(b, loc, lhs, rhs);
  return arith::MinSIOp::create(b, loc, lhs, rhs);
}

/// `lhs` before `rhs` in the order an arg-reduction or TopK picks from:
/// greater when `largest`, else smaller.
Value createBetter(OpBuilder &b, Location loc, Value lhs, Value rhs,
                   bool largest, bool isUnsigned) {
  if (isa<FloatType>(lhs.getType()))
    return arith::CmpFOp::create(
        b, loc, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
        lhs, rhs);
  arith::CmpIPredicate predicate =
      isUnsigned
          ? (largest ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::ult)
          : (largest ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt);
  return arith::CmpIOp::create(b, loc, predicate, lhs, rhs);
}

Value createEqual(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, lhs, rhs);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, rhs);
}

/// linalg.index `dim` as an i64.
Value createLoopIndex(OpBuilder &b, Location loc, int64_t dim) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                    linalg::IndexOp::create(b, loc, dim));
}

/// The type in which the logarithms and roots of a reduction over
/// `elementType` are taken: itself for floats, f64 for integers.
Type getFloatComputeType(Type elementType) {
  if (isa<FloatType>(elementType))
    return elementType;
  return Float64Type::get(elementType.getContext());
}

Value toFloat(OpBuilder &b, Location loc, Value value, bool isUnsigned) {
  if (isa<FloatType>(value.getType()))
    return value;
  Type f64 = b.getF64Type();
  if (isUnsigned)
    return arith::UIToFPOp::create(b, loc, f64, value);
  return arith::SIToFPOp::create(b, loc, f64, value);
}

/// Back from toFloat; ONNX's reference casts with truncation toward zero.
Value fromFloat(OpBuilder &b, Location loc, Value value, Type type,
                bool isUnsigned) {
  if (value.getType() == type)
    return value;
  if (isUnsigned)
    return arith::FPToUIOp::create(b, loc, type, value);
  return arith::FPToSIOp::create(b, loc, type, value);
}

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

enum class ReductionKind {
  L1,
  L2,
  LogSum,
  LogSumExp,
  Max,
  Mean,
  Min,
  Prod,
  Sum,
  SumSquare,
};

/// The reduction's identity: ONNX gives it as the result of a reduction over
/// no elements (-inf for LogSum and LogSumExp comes from log(0)).
Value getInitValue(OpBuilder &b, Location loc, ReductionKind kind,
                   Type elementType, bool isUnsigned) {
  switch (kind) {
  case ReductionKind::Max:
    return createExtreme(b, loc, elementType, isUnsigned, /*largest=*/true);
  case ReductionKind::Min:
    return createExtreme(b, loc, elementType, isUnsigned, /*largest=*/false);
  case ReductionKind::Prod:
    return createConstant(b, loc, elementType, 1);
  default:
    return createZero(b, loc, elementType);
  }
}

/// Folds `element` into `acc`.
Value combine(OpBuilder &b, Location loc, ReductionKind kind, Value element,
              Value acc, bool isUnsigned) {
  switch (kind) {
  case ReductionKind::L1: {
    Value magnitude = element;
    if (isa<FloatType>(element.getType()))
      magnitude = math::AbsFOp::create(b, loc, element);
    else if (!isUnsigned)
      magnitude = math::AbsIOp::create(b, loc, element);
    return createAdd(b, loc, acc, magnitude);
  }
  case ReductionKind::L2:
  case ReductionKind::SumSquare:
    return createAdd(b, loc, acc, createMul(b, loc, element, element));
  case ReductionKind::Max:
    return createMax(b, loc, element, acc,
                     isUnsigned || element.getType().isInteger(1));
  case ReductionKind::Min:
    return createMin(b, loc, element, acc, isUnsigned);
  case ReductionKind::Prod:
    return createMul(b, loc, acc, element);
  case ReductionKind::LogSum:
  case ReductionKind::Mean:
  case ReductionKind::Sum:
    return createAdd(b, loc, acc, element);
  case ReductionKind::LogSumExp:
    break;
  }
  llvm_unreachable("LogSumExp has its own lowering");
}

/// Turns the accumulated value into the result; `count` is the number of
/// reduced elements (Mean only).
Value finalize(OpBuilder &b, Location loc, ReductionKind kind, Value acc,
               Value count, bool isUnsigned) {
  Type type = acc.getType();
  switch (kind) {
  case ReductionKind::L2:
    return fromFloat(
        b, loc, math::SqrtOp::create(b, loc, toFloat(b, loc, acc, isUnsigned)),
        type, isUnsigned);
  case ReductionKind::LogSum:
    return fromFloat(
        b, loc, math::LogOp::create(b, loc, toFloat(b, loc, acc, isUnsigned)),
        type, isUnsigned);
  case ReductionKind::Mean:
    if (isa<FloatType>(type))
      return arith::DivFOp::create(b, loc, acc, count);
    if (isUnsigned)
      return arith::DivUIOp::create(b, loc, acc, count);
    return arith::DivSIOp::create(b, loc, acc, count);
  default:
    return acc;
  }
}

bool needsFinalize(ReductionKind kind) {
  return kind == ReductionKind::L2 || kind == ReductionKind::LogSum ||
         kind == ReductionKind::Mean;
}

/// The element count `count` (an index) as a scalar of `elementType`.
Value castCount(OpBuilder &b, Location loc, Value count, Type elementType) {
  Value count64 = arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count);
  if (isa<FloatType>(elementType))
    return arith::UIToFPOp::create(b, loc, elementType, count64);
  if (elementType.getIntOrFloatBitWidth() < 64)
    return arith::TruncIOp::create(b, loc, elementType, count64);
  return count64;
}

/// The number of elements in the dims of `input` marked in `reduced`, as a
/// scalar of `elementType`.
Value createReducedCount(OpBuilder &b, Location loc, Value input,
                         ArrayRef<bool> reduced, Type elementType) {
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (isReduced)
      count = arith::MulIOp::create(
          b, loc, count,
          getValueOrCreateConstantIndexOp(
              b, loc, tensor::getMixedSize(b, loc, input, dim)));
  return castCount(b, loc, count, elementType);
}

/// ONNX ReduceLogSumExp, numerically stable: log(sum(exp(x - m))) + m with m
/// the maximum, taken as 0 when infinite (all elements -inf, or none).
Value createLogSumExp(OpBuilder &b, Location loc, Value input,
                      ArrayRef<bool> reduced, bool isUnsigned) {
  Type elementType = cast<RankedTensorType>(input.getType()).getElementType();
  Type computeType = getFloatComputeType(elementType);
  Value max = createReduction(
      b, loc, input, reduced,
      getInitValue(b, loc, ReductionKind::Max, elementType, isUnsigned), {},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        return combine(nb, l, ReductionKind::Max, args[0], args[1], isUnsigned);
      });
  auto shift = [isUnsigned](OpBuilder &nb, Location l, Value m) -> Value {
    Value shifted = toFloat(nb, l, m, isUnsigned);
    if (!isa<FloatType>(m.getType()))
      return shifted;
    Value infinity = createHighest(nb, l, m.getType(), false);
    Value finite =
        arith::CmpFOp::create(nb, l, arith::CmpFPredicate::ONE,
                              math::AbsFOp::create(nb, l, m), infinity);
    return arith::SelectOp::create(nb, l, finite, m,
                                   createZero(nb, l, m.getType()));
  };
  Value sum = createReduction(
      b, loc, input, reduced, createZero(b, loc, computeType), {max},
      [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        Value x = toFloat(nb, l, args[0], isUnsigned);
        Value exp = math::ExpOp::create(
            nb, l, arith::SubFOp::create(nb, l, x, shift(nb, l, args[1])));
        return arith::AddFOp::create(nb, l, args[2], exp);
      });
  SmallVector<bool> none(cast<RankedTensorType>(sum.getType()).getRank(),
                         false);
  return createBroadcastReduced(
      b, loc, sum, {max}, none, elementType,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value log = math::LogOp::create(nb, l, args[0]);
        return fromFloat(
            nb, l, arith::AddFOp::create(nb, l, log, shift(nb, l, args[1])),
            elementType, isUnsigned);
      });
}

/// `input` reduced over the dims marked in `reduced`, which are dropped.
Value createReduce(OpBuilder &b, Location loc, ReductionKind kind, Value input,
                   ArrayRef<bool> reduced, bool isUnsigned) {
  if (kind == ReductionKind::LogSumExp)
    return createLogSumExp(b, loc, input, reduced, isUnsigned);
  Type elementType = cast<RankedTensorType>(input.getType()).getElementType();
  Value result = createReduction(
      b, loc, input, reduced,
      getInitValue(b, loc, kind, elementType, isUnsigned), {},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        return combine(nb, l, kind, args[0], args[1], isUnsigned);
      });
  if (!needsFinalize(kind))
    return result;
  Value count;
  if (kind == ReductionKind::Mean)
    count = createReducedCount(b, loc, input, reduced, elementType);
  SmallVector<bool> none(cast<RankedTensorType>(result.getType()).getRank(),
                         false);
  return createBroadcastReduced(
      b, loc, result, {}, none, elementType,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        return finalize(nb, l, kind, args[0], count, isUnsigned);
      });
}

/// `value`, which lacks the dims marked in `reduced`, with them put back as
/// unit dims: keepdims.
Value insertReducedDims(OpBuilder &b, Location loc, Value value,
                        ArrayRef<bool> reduced) {
  auto type = cast<RankedTensorType>(value.getType());
  // Each reduced dim joins the group of the kept dim before it (the first
  // kept dim for leading ones); with no kept dim there are no groups.
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  SmallVector<OpFoldResult> keptSizes = tensor::getMixedSizes(b, loc, value);
  for (auto [dim, isReduced] : llvm::enumerate(reduced)) {
    if (isReduced) {
      (groups.empty() ? leading : groups.back()).push_back(dim);
      shape.push_back(1);
      sizes.push_back(b.getIndexAttr(1));
      continue;
    }
    int64_t keptDim = groups.size();
    groups.push_back(leading);
    leading.clear();
    groups.back().push_back(dim);
    shape.push_back(type.getDimSize(keptDim));
    sizes.push_back(keptSizes[keptDim]);
  }
  return createExpandShape(b, loc, type.clone(shape), value, groups, sizes);
}

//===----------------------------------------------------------------------===//
// Reduce* with axes computed at run time
//===----------------------------------------------------------------------===//

Value createI64(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
}

/// Which of the `rank` dims the run-time `axes` (a 1-D i64 tensor) name, as
/// i1 flags. Negative axes count from the back; an empty `axes` reduces every
/// dim, or none with noop_with_empty_axes. An axis out of range names no dim:
/// ONNX makes that an error, and the generated code has no error channel.
SmallVector<Value> createRunTimeReducedFlags(OpBuilder &b, Location loc,
                                             Value axes, int64_t rank,
                                             bool noopWithEmptyAxes) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value count = tensor::DimOp::create(b, loc, axes, 0);
  // One bit per dim: ranks are at most 64 (the lowering checks).
  Value mask =
      scf::ForOp::create(
          b, loc, zero, count, one, ValueRange{createI64(b, loc, 0)},
          [&](OpBuilder &nb, Location l, Value i, ValueRange iterArgs) {
            auto c = [&](int64_t value) { return createI64(nb, l, value); };
            Value axis = tensor::ExtractOp::create(nb, l, axes, i);
            Value isNegative = arith::CmpIOp::create(
                nb, l, arith::CmpIPredicate::slt, axis, c(0));
            Value dim = arith::SelectOp::create(
                nb, l, isNegative,
                arith::AddIOp::create(nb, l, axis, c(rank)), axis);
            Value inRange = arith::AndIOp::create(
                nb, l,
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, dim,
                                      c(0)),
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, dim,
                                      c(rank)));
            Value bit = arith::ShLIOp::create(
                nb, l, c(1),
                arith::SelectOp::create(nb, l, inRange, dim, c(0)));
            Value updated = arith::OrIOp::create(
                nb, l, iterArgs[0],
                arith::SelectOp::create(nb, l, inRange, bit, c(0)));
            scf::YieldOp::create(nb, l, updated);
          })
          .getResult(0);
  Value isEmpty =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, count, zero);
  mask = arith::SelectOp::create(b, loc, isEmpty,
                                 createI64(b, loc, noopWithEmptyAxes ? 0 : -1), mask);
  SmallVector<Value> flags;
  for (int64_t dim = 0; dim < rank; ++dim) {
    Value bit = arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, mask, createI64(b, loc, dim)),
        createI64(b, loc, 1));
    flags.push_back(arith::TruncIOp::create(b, loc, b.getI1Type(), bit));
  }
  return flags;
}

/// `input` reduced, by the kind that accumulates it (`stepKind`), over the
/// dims whose run-time `flags` are set, each kept as a unit dim. Which dims go
/// is data, so there is no single linalg.generic with fixed iterator types:
/// each dim is reduced in turn under an scf.if.
Value createRunTimeReduce(OpBuilder &b, Location loc, ReductionKind stepKind,
                          Value input, ArrayRef<Value> flags,
                          bool isUnsigned) {
  Value current = input;
  for (auto [dim, flag] : llvm::enumerate(flags)) {
    auto type = cast<RankedTensorType>(current.getType());
    SmallVector<int64_t> shape(type.getShape());
    if (shape[dim] != 1)
      shape[dim] = ShapedType::kDynamic;
    RankedTensorType joined = type.clone(shape);
    SmallVector<bool> reduced(type.getRank(), false);
    reduced[dim] = true;
    current =
        scf::IfOp::create(
            b, loc, flag,
            [&](OpBuilder &nb, Location l) {
              Value result = createReduction(
                  nb, l, current, reduced,
                  getInitValue(nb, l, stepKind, type.getElementType(),
                               isUnsigned),
                  {}, [&](OpBuilder &bb, Location bl, ValueRange args) {
                    return combine(bb, bl, stepKind, args[0], args[1],
                                   isUnsigned);
                  });
              result = insertReducedDims(nb, l, result, reduced);
              scf::YieldOp::create(nb, l, castTo(nb, l, result, joined));
            },
            [&](OpBuilder &nb, Location l) {
              scf::YieldOp::create(nb, l, castTo(nb, l, current, joined));
            })
            .getResult(0);
  }
  return current;
}

/// `value` without its dims whose `flags` are set (all of them size 1), as a
/// tensor of `type`. When the flags do not name as many dims as `type` drops
/// (repeated axes, which ONNX forbids), every size becomes 0 so that no read
/// goes past the data.
Value dropRunTimeReducedDims(OpBuilder &b, Location loc, Value value,
                             ArrayRef<Value> flags, RankedTensorType type) {
  int64_t keptRank = type.getRank();
  Type i64 = b.getI64Type();
  Value shape = createFilledTensor(
      b, loc, RankedTensorType::get({keptRank}, i64), {}, createI64(b, loc, 0));
  Value position = createI64(b, loc, 0);
  for (auto [dim, flag] : llvm::enumerate(flags)) {
    Value size = arith::IndexCastOp::create(
        b, loc, i64, tensor::DimOp::create(b, loc, value, dim));
    // Writes past the end land on the last entry; the count check below
    // voids the shape then.
    Value index = arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        arith::MinSIOp::create(b, loc, position,
                               createI64(b, loc, std::max<int64_t>(keptRank - 1, 0))));
    Value kept = arith::XOrIOp::create(
        b, loc, flag,
        arith::ConstantOp::create(b, loc, b.getBoolAttr(true)));
    if (keptRank > 0) {
      Value old = tensor::ExtractOp::create(b, loc, shape, index);
      shape = tensor::InsertOp::create(
          b, loc, arith::SelectOp::create(b, loc, kept, size, old), shape,
          index);
    }
    position = arith::AddIOp::create(
        b, loc, position, arith::ExtUIOp::create(b, loc, i64, kept));
  }
  Value valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                      position, createI64(b, loc, keptRank));
  Value zeros = createFilledTensor(
      b, loc, RankedTensorType::get({keptRank}, i64), {}, createI64(b, loc, 0));
  shape = arith::SelectOp::create(b, loc, valid, shape, zeros);
  return tensor::ReshapeOp::create(b, loc, type, value, shape);
}

/// Reduce* with run-time axes: the element map of L1, L2 and SumSquare, a
/// Sum (or Max, Min, Prod) over the flagged dims, then the kind's finaliser.
Value createRunTimeAxesReduce(OpBuilder &b, Location loc, ReductionKind kind,
                              Value input, ArrayRef<Value> flags,
                              bool isUnsigned) {
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();
  SmallVector<bool> none(type.getRank(), false);
  ReductionKind stepKind = kind;
  if (kind == ReductionKind::L1 || kind == ReductionKind::L2 ||
      kind == ReductionKind::SumSquare) {
    // Fold each element into a zero accumulator: |x| or x * x.
    input = createBroadcastReduced(
        b, loc, input, {}, none, elementType,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          return combine(nb, l, kind, args[0], createZero(nb, l, elementType),
                         isUnsigned);
        });
  }
  if (kind != ReductionKind::Max && kind != ReductionKind::Min &&
      kind != ReductionKind::Prod)
    stepKind = ReductionKind::Sum;
  Value result =
      createRunTimeReduce(b, loc, stepKind, input, flags, isUnsigned);
  if (!needsFinalize(kind))
    return result;
  Value count;
  if (kind == ReductionKind::Mean) {
    Value product = arith::ConstantIndexOp::create(b, loc, 1);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [dim, flag] : llvm::enumerate(flags))
      product = arith::MulIOp::create(
          b, loc, product,
          arith::SelectOp::create(b, loc, flag,
                                  tensor::DimOp::create(b, loc, input, dim),
                                  one));
    count = castCount(b, loc, product, elementType);
  }
  return createBroadcastReduced(
      b, loc, result, {}, none, elementType,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        return finalize(nb, l, kind, args[0], count, isUnsigned);
      });
}

template <typename OpTy> struct LowerReduction : OpConversionPattern<OpTy> {
  LowerReduction(const TypeConverter &typeConverter, MLIRContext *context,
                 ReductionKind kind)
      : OpConversionPattern<OpTy>(typeConverter, context), kind(kind) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    std::optional<SmallVector<int64_t>> axes =
        onnx::getConstantReductionAxes(op.getAxes());
    if (!axes)
      return lowerRunTimeAxes(op, adaptor, rewriter, type);
    std::string error;
    FailureOr<SmallVector<bool>> reduced = onnx::computeReducedDims(
        type.getRank(), *axes, op.getNoopWithEmptyAxes() != 0, error);
    if (failed(reduced))
      return emitUnsupported(op, error);
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Location loc = op.getLoc();
    Value result = createReduce(rewriter, loc, kind, input, *reduced,
                                isUnsignedElement(op.getData().getType()));
    if (op.getKeepdims())
      result = insertReducedDims(rewriter, loc, result, *reduced);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }

  LogicalResult lowerRunTimeAxes(OpTy op, typename OpTy::Adaptor adaptor,
                                 ConversionPatternRewriter &rewriter,
                                 RankedTensorType type) const {
    if (kind == ReductionKind::LogSumExp)
      return emitUnsupported(op, "ReduceLogSumExp needs its axes at compile "
                                 "time (a constant, or an empty tensor)");
    if (type.getRank() > 64)
      return emitUnsupported(op, "axes computed at run time need a rank of "
                                 "at most 64");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Location loc = op.getLoc();
    SmallVector<Value> flags = createRunTimeReducedFlags(
        rewriter, loc, adaptor.getAxes(), type.getRank(),
        op.getNoopWithEmptyAxes() != 0);
    Value result = createRunTimeAxesReduce(
        rewriter, loc, kind, adaptor.getData(), flags,
        isUnsignedElement(op.getData().getType()));
    if (!op.getKeepdims())
      result = dropRunTimeReducedDims(rewriter, loc, result, flags,
                                      *resultType);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }

  ReductionKind kind;
};

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin
//===----------------------------------------------------------------------===//

template <typename OpTy> struct LowerArgReduction : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), type.getRank());
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Location loc = op.getLoc();
    SmallVector<bool> reduced(type.getRank(), false);
    reduced[*axis] = true;
    Value result = createArgReduction(
        rewriter, loc, input, reduced, std::is_same_v<OpTy, onnx::ArgMaxOp>,
        op.getSelectLastIndex() != 0,
        isUnsignedElement(op.getData().getType()));
    if (op.getKeepdims())
      result = insertUnitDim(rewriter, loc, result, *axis);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

/// CumSum along `axis`: a loop j over the axis for each output index i,
/// adding x[j] where j is on the summed side of i. Quadratic in the axis
/// size: linalg has no scan.
Value createCumSum(OpBuilder &b, Location loc, Value input, int64_t axis,
                   bool exclusive, bool reverse) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> inputExprs;
  for (int64_t dim = 0; dim < rank; ++dim)
    inputExprs.push_back(getAffineDimExpr(dim == axis ? rank : dim, context));
  SmallVector<AffineMap> maps{
      AffineMap::get(rank + 1, 0, inputExprs, context),
      AffineMap::getMultiDimIdentityMap(rank + 1, context)
          .getMajorSubMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  // ONNX CumSum: y[i] sums x[j] for j <= i, j < i when exclusive; reverse
  // flips the direction.
  arith::CmpIPredicate predicate =
      reverse
          ? (exclusive ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::uge)
          : (exclusive ? arith::CmpIPredicate::ult : arith::CmpIPredicate::ule);
  Value init =
      createFilledTensor(b, loc, type, tensor::getMixedSizes(b, loc, input),
                         createZero(b, loc, type.getElementType()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{input}, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value i = linalg::IndexOp::create(nb, l, axis);
               Value j = linalg::IndexOp::create(nb, l, rank);
               Value summed = arith::CmpIOp::create(nb, l, predicate, j, i);
               Value added = createAdd(nb, l, args[1], args[0]);
               linalg::YieldOp::create(nb, l,
                                       ValueRange{arith::SelectOp::create(
                                           nb, l, summed, added, args[1])});
             })
      .getResult(0);
}

struct LowerCumSum : OpConversionPattern<onnx::CumSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || type.getRank() == 0)
      return emitUnsupported(op, "its input must be a ranked tensor of rank "
                                 "1 or more");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    bool exclusive = op.getExclusive() != 0, reverse = op.getReverse() != 0;
    auto build = [&](int64_t axis) {
      return castTo(
          rewriter, loc,
          createCumSum(rewriter, loc, input, axis, exclusive, reverse),
          *resultType);
    };

    std::optional<int64_t> axis;
    if (FailureOr<SmallVector<int64_t>> values =
            onnx::getConstantIntValues(op.getAxis());
        succeeded(values) && values->size() == 1) {
      FailureOr<int64_t> normalized =
          onnx::normalizeAxis(values->front(), rank);
      if (failed(normalized))
        return emitUnsupported(op, "axis out of range");
      axis = *normalized;
    } else if (rank == 1) {
      axis = 0; // The only axis a 1-D input has.
    }
    if (axis) {
      rewriter.replaceOp(op, build(*axis));
      return success();
    }

    // The axis is known only at run time: compute along every axis and
    // select (an axis out of range gives the last axis's result).
    auto axisType = cast<RankedTensorType>(adaptor.getAxis().getType());
    if (axisType.getRank() > 1)
      return emitUnsupported(op, "its axis must be a scalar tensor");
    SmallVector<Value> zeros(axisType.getRank(),
                             arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value axisValue =
        tensor::ExtractOp::create(rewriter, loc, adaptor.getAxis(), zeros);
    if (!axisValue.getType().isInteger(64))
      axisValue = arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                         axisValue);
    Value rankValue = arith::ConstantIntOp::create(rewriter, loc, rank, 64);
    Value zero = arith::ConstantIntOp::create(rewriter, loc, 0, 64);
    Value negative = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::slt, axisValue, zero);
    axisValue = arith::SelectOp::create(
        rewriter, loc, negative,
        arith::AddIOp::create(rewriter, loc, axisValue, rankValue), axisValue);
    Value result = build(rank - 1);
    for (int64_t dim = rank - 2; dim >= 0; --dim) {
      Value isDim = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, axisValue,
          arith::ConstantIntOp::create(rewriter, loc, dim, 64));
      result =
          arith::SelectOp::create(rewriter, loc, isDim, build(dim), result);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

/// ONNX TopK in two linalg.generic ops, quadratic in the axis size but free
/// of sorting loops: the first counts for each element the elements that
/// come before it (better, or equal at a smaller index: a strict total
/// order, so the counts are distinct), the second picks for output position
/// r the element whose count is r.
struct LowerTopK : OpConversionPattern<onnx::TopKOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<int64_t> normalized =
        onnx::normalizeAxis(op.getAxis(), type.getRank());
    if (failed(normalized))
      return emitUnsupported(op, "axis out of range");
    FailureOr<RankedTensorType> valuesType =
        getConvertedResultType(op, 0, *getTypeConverter());
    FailureOr<RankedTensorType> indicesType =
        getConvertedResultType(op, 1, *getTypeConverter());
    if (failed(valuesType) || failed(indicesType))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    int64_t axis = *normalized, rank = type.getRank();
    bool largest = op.getLargest() != 0;
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    Type elementType = type.getElementType();
    Type i64 = rewriter.getI64Type();

    // Loops: the dims of the result (dim `axis` ranging over the compared
    // element i, or over the output position r), then j along the axis.
    SmallVector<AffineExpr> alongJ;
    for (int64_t dim = 0; dim < rank; ++dim)
      alongJ.push_back(getAffineDimExpr(dim == axis ? rank : dim, context));
    AffineMap jMap = AffineMap::get(rank + 1, 0, alongJ, context);
    AffineMap outerMap = AffineMap::getMultiDimIdentityMap(rank + 1, context)
                             .getMajorSubMap(rank);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);

    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    auto countType = RankedTensorType::get(type.getShape(), i64);
    Value zeroCounts = createFilledTensor(rewriter, loc, countType, sizes,
                                          createZero(rewriter, loc, i64));
    Value counts =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{countType}, ValueRange{input, input},
            ValueRange{zeroCounts},
            SmallVector<AffineMap>{outerMap, jMap, outerMap}, iterators,
            [&](OpBuilder &nb, Location l, ValueRange args) {
              Value xi = args[0], xj = args[1];
              Value i = linalg::IndexOp::create(nb, l, axis);
              Value j = linalg::IndexOp::create(nb, l, rank);
              Value earlier =
                  arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, j, i);
              Value tie = arith::AndIOp::create(
                  nb, l, createEqual(nb, l, xj, xi), earlier);
              Value before = arith::OrIOp::create(
                  nb, l, createBetter(nb, l, xj, xi, largest, isUnsigned), tie);
              Value one = arith::ExtUIOp::create(nb, l, i64, before);
              linalg::YieldOp::create(
                  nb, l,
                  ValueRange{arith::AddIOp::create(nb, l, args[2], one)});
            })
            .getResult(0);

    // The output's size along the axis is K, read at run time if need be.
    SmallVector<OpFoldResult> resultSizes(sizes);
    if (valuesType->isDynamicDim(axis)) {
      Value k = tensor::ExtractOp::create(
          rewriter, loc, adaptor.getK(),
          ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 0)});
      resultSizes[axis] = checkSizeInRange(
          rewriter, loc, op,
          arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), k)
              .getResult(),
          sizes[axis], "'K' is negative or larger than the input's axis");
    } else {
      resultSizes[axis] = rewriter.getIndexAttr(valuesType->getDimSize(axis));
    }
    auto valuesInitType =
        RankedTensorType::get(valuesType->getShape(), elementType);
    auto indicesInitType = RankedTensorType::get(valuesType->getShape(), i64);
    Value valuesInit =
        createFilledTensor(rewriter, loc, valuesInitType, resultSizes,
                           createZero(rewriter, loc, elementType));
    Value indicesInit =
        createFilledTensor(rewriter, loc, indicesInitType, resultSizes,
                           createZero(rewriter, loc, i64));
    auto picked = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesInitType, indicesInitType},
        ValueRange{input, counts}, ValueRange{valuesInit, indicesInit},
        SmallVector<AffineMap>{jMap, jMap, outerMap, outerMap}, iterators,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value r = createLoopIndex(nb, l, axis);
          Value j = createLoopIndex(nb, l, rank);
          Value match = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                              args[1], r);
          linalg::YieldOp::create(
              nb, l,
              ValueRange{
                  arith::SelectOp::create(nb, l, match, args[0], args[2]),
                  arith::SelectOp::create(nb, l, match, j, args[3])});
        });
    rewriter.replaceOp(
        op, {castTo(rewriter, loc, picked.getResult(0), *valuesType),
             castTo(rewriter, loc, picked.getResult(1), *indicesType)});
    return success();
  }
};

} // namespace

Value createReducedPosition(OpBuilder &b, Location loc, ArrayRef<bool> reduced,
                            ValueRange sizes) {
  Value position;
  for (auto [dim, isReduced] : llvm::enumerate(reduced)) {
    if (!isReduced)
      continue;
    Value index = linalg::IndexOp::create(b, loc, dim);
    position =
        position
            ? arith::AddIOp::create(
                  b, loc, arith::MulIOp::create(b, loc, position, sizes[dim]),
                  index)
            : index;
  }
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), position);
}

Value createArgReduction(OpBuilder &b, Location loc, Value input,
                         ArrayRef<bool> reduced, bool largest, bool selectLast,
                         bool isUnsigned) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();
  int64_t rank = type.getRank();
  Type i64 = b.getI64Type();
  auto [valuesType, sizes] =
      getKeptTypeAndSizes(b, loc, input, reduced, elementType);
  auto indicesType = RankedTensorType::get(valuesType.getShape(), i64);
  Value values = createFilledTensor(
      b, loc, valuesType, sizes,
      createExtreme(b, loc, elementType, isUnsigned, largest));
  Value indices =
      createFilledTensor(b, loc, indicesType, sizes, createZero(b, loc, i64));
  SmallVector<Value> inputSizes = getValueOrCreateConstantIndexOp(
      b, loc, tensor::getMixedSizes(b, loc, input));
  AffineMap keptMap = getKeptMap(reduced, context);
  SmallVector<utils::IteratorType> iterators;
  for (bool isReduced : reduced)
    iterators.push_back(isReduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
  // An element replaces the accumulated one when better, or equal and on the
  // chosen side of it: the result does not depend on the order of visits.
  return linalg::GenericOp::create(
             b, loc, TypeRange{valuesType, indicesType}, ValueRange{input},
             ValueRange{values, indices},
             SmallVector<AffineMap>{
                 AffineMap::getMultiDimIdentityMap(rank, context), keptMap,
                 keptMap},
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value x = args[0], best = args[1], bestIndex = args[2];
               Value index = createReducedPosition(nb, l, reduced, inputSizes);
               Value side =
                   arith::CmpIOp::create(nb, l,
                                         selectLast ? arith::CmpIPredicate::sgt
                                                    : arith::CmpIPredicate::slt,
                                         index, bestIndex);
               Value take = arith::OrIOp::create(
                   nb, l,
                   createBetter(nb, l, x, best, largest,
                                isUnsigned || elementType.isInteger(1)),
                   arith::AndIOp::create(nb, l, createEqual(nb, l, x, best),
                                         side));
               linalg::YieldOp::create(
                   nb, l,
                   ValueRange{
                       arith::SelectOp::create(nb, l, take, x, best),
                       arith::SelectOp::create(nb, l, take, index, bestIndex)});
             })
      .getResult(1);
}

void populateReductionPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerReduction<onnx::ReduceL1Op>>(typeConverter, context,
                                                 ReductionKind::L1);
  patterns.add<LowerReduction<onnx::ReduceL2Op>>(typeConverter, context,
                                                 ReductionKind::L2);
  patterns.add<LowerReduction<onnx::ReduceLogSumOp>>(typeConverter, context,
                                                     ReductionKind::LogSum);
  patterns.add<LowerReduction<onnx::ReduceLogSumExpOp>>(
      typeConverter, context, ReductionKind::LogSumExp);
  patterns.add<LowerReduction<onnx::ReduceMaxOp>>(typeConverter, context,
                                                  ReductionKind::Max);
  patterns.add<LowerReduction<onnx::ReduceMeanOp>>(typeConverter, context,
                                                   ReductionKind::Mean);
  patterns.add<LowerReduction<onnx::ReduceMinOp>>(typeConverter, context,
                                                  ReductionKind::Min);
  patterns.add<LowerReduction<onnx::ReduceProdOp>>(typeConverter, context,
                                                   ReductionKind::Prod);
  patterns.add<LowerReduction<onnx::ReduceSumOp>>(typeConverter, context,
                                                  ReductionKind::Sum);
  patterns.add<LowerReduction<onnx::ReduceSumSquareOp>>(
      typeConverter, context, ReductionKind::SumSquare);
  patterns.add<LowerArgReduction<onnx::ArgMaxOp>,
               LowerArgReduction<onnx::ArgMinOp>, LowerCumSum, LowerTopK>(
      typeConverter, context);
}

} // namespace onnxc::detail
