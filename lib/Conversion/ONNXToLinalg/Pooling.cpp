//===- Pooling.cpp - The pools to linalg ----------------------------------===//
//
// MaxPool, AveragePool and LpPool are one lowering parametrised by the pool's
// kind: pad the input with the kind's neutral element, reduce each window,
// then finish (divide by the window's count, take the p-th root). The global
// pools reduce over all spatial dims with the same kinds.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace onnxc::detail {
namespace {

enum class PoolKind { Max, Average, Lp };

/// What a pool of `kind` computes, apart from its window.
struct PoolSpec {
  PoolKind kind;
  /// Lp: the norm's p.
  int64_t p = 0;
  /// Average: whether explicit pads count towards the divisor.
  bool countIncludePad = false;
  bool isUnsigned = false;
};

/// The value that pads the input and starts each window's accumulator:
/// the lowest value for Max (it never wins), else 0.
Value createNeutral(OpBuilder &b, Location loc, Type elementType,
                    const PoolSpec &spec) {
  if (spec.kind == PoolKind::Max)
    return createLowest(b, loc, elementType, spec.isUnsigned);
  return createZero(b, loc, elementType);
}

/// Folds element `x` into accumulator `acc`: max, x + acc, or |x|^p + acc.
Value combine(OpBuilder &b, Location loc, Value x, Value acc,
              const PoolSpec &spec) {
  switch (spec.kind) {
  case PoolKind::Max:
    return createMax(b, loc, x, acc, spec.isUnsigned);
  case PoolKind::Average:
    return arith::AddFOp::create(b, loc, x, acc);
  case PoolKind::Lp: {
    Value term;
    if (spec.p == 1)
      term = math::AbsFOp::create(b, loc, x);
    else if (spec.p == 2)
      term = arith::MulFOp::create(b, loc, x, x);
    else
      term = math::PowFOp::create(
          b, loc, math::AbsFOp::create(b, loc, x),
          arith::ConstantOp::create(
              b, loc,
              b.getFloatAttr(x.getType(), static_cast<double>(spec.p))));
    return arith::AddFOp::create(b, loc, term, acc);
  }
  }
  llvm_unreachable("unknown pool kind");
}

/// Lp: sum^(1/p).
Value createLpRoot(OpBuilder &b, Location loc, Value sum, int64_t p) {
  if (p == 1)
    return sum;
  if (p == 2)
    return math::SqrtOp::create(b, loc, sum);
  Value exponent = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(sum.getType(), 1.0 / static_cast<double>(p)));
  return math::PowFOp::create(b, loc, sum, exponent);
}

/// A pool over N-D windows as a linalg.generic, for the kinds, shapes and
/// element types no named op covers. Loops (n, c, o..., k...); like the named
/// pooling ops, an operand of the window's shape bounds the k loops.
Value createWindowReduction(OpBuilder &b, Location loc, Value input,
                            Value window, Value init,
                            const onnx::WindowGeometry &geometry,
                            const PoolSpec &spec) {
  MLIRContext *context = b.getContext();
  int64_t spatial = geometry.kernel.size();
  int64_t numLoops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, context),
                                     getAffineDimExpr(1, context)};
  SmallVector<AffineExpr> outputExprs(inputExprs), windowExprs;
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, context);
    AffineExpr k = getAffineDimExpr(2 + spatial + i, context);
    inputExprs.push_back(o * geometry.strides[i] + k * geometry.dilations[i]);
    windowExprs.push_back(k);
    outputExprs.push_back(o);
  }
  SmallVector<AffineMap> maps{
      AffineMap::get(numLoops, 0, inputExprs, context),
      AffineMap::get(numLoops, 0, windowExprs, context),
      AffineMap::get(numLoops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(2 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input, window},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   combine(nested, nestedLoc, args[0], args[2], spec));
             })
      .getResult(0);
}

/// The named linalg pooling op for 1-D and 2-D max pools of floats and
/// signed integers and sum pools of floats; null where none fits.
Value createNamedPool(OpBuilder &b, Location loc, Value input, Value window,
                      Value init, const onnx::WindowGeometry &geometry,
                      const PoolSpec &spec) {
  int64_t spatial = geometry.kernel.size();
  // The named max ops compare as signed (or as floats).
  if ((spatial != 1 && spatial != 2) || spec.kind == PoolKind::Lp ||
      spec.isUnsigned)
    return {};
  SmallVector<Type> resultTypes{init.getType()};
  SmallVector<Value> inputs{input, window}, outputs{init};
  Attribute strides = b.getI64TensorAttr(geometry.strides);
  Attribute dilations = b.getI64TensorAttr(geometry.dilations);
  auto create = [&](auto tag) {
    using OpTy = decltype(tag);
    return OpTy::create(b, loc, resultTypes, inputs, outputs, strides,
                        dilations)
        .getResult(0);
  };
  if (spec.kind == PoolKind::Max)
    return spatial == 1 ? create(linalg::PoolingNcwMaxOp())
                        : create(linalg::PoolingNchwMaxOp());
  return spatial == 1 ? create(linalg::PoolingNcwSumOp())
                      : create(linalg::PoolingNchwSumOp());
}

/// The number of window positions along one dim that lie in [lo, hi) for the
/// window starting at `start`: k in [0, kernel) with
/// lo <= start + k * dilation < hi.
Value countInside(OpBuilder &b, Location loc, Value start, Value lo, Value hi,
                  int64_t kernel, int64_t dilation) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value dilationV = index(dilation);
  Value first = arith::MaxSIOp::create(
      b, loc, index(0),
      arith::CeilDivSIOp::create(
          b, loc, arith::SubIOp::create(b, loc, lo, start), dilationV));
  Value last = arith::MinSIOp::create(
      b, loc, index(kernel - 1),
      arith::FloorDivSIOp::create(
          b, loc,
          arith::SubIOp::create(
              b, loc, arith::SubIOp::create(b, loc, hi, index(1)), start),
          dilationV));
  Value count = arith::AddIOp::create(
      b, loc, arith::SubIOp::create(b, loc, last, first), index(1));
  return arith::MaxSIOp::create(b, loc, index(0), count);
}

/// ONNX AveragePool: each window sum divided by the number of its positions
/// inside the input, or inside the input and its explicit pads with
/// count_include_pad (never the positions that ceil_mode adds past them).
Value divideByWindowCounts(OpBuilder &b, Location loc, Value sums,
                           Value originalInput,
                           const onnx::WindowGeometry &geometry,
                           const WindowSizes &window,
                           ArrayRef<OpFoldResult> explicitPadHigh,
                           bool countIncludePad) {
  auto type = cast<RankedTensorType>(sums.getType());
  int64_t rank = type.getRank(), spatial = rank - 2;
  SmallVector<Value> inSizes, padLow, lows, highs;
  for (int64_t i = 0; i < spatial; ++i) {
    Value in = tensor::DimOp::create(b, loc, originalInput, 2 + i);
    Value low = getValueOrCreateConstantIndexOp(b, loc, window.padLow[i]);
    Value high = getValueOrCreateConstantIndexOp(b, loc, explicitPadHigh[i]);
    padLow.push_back(low);
    if (countIncludePad) {
      lows.push_back(arith::SubIOp::create(
          b, loc, arith::ConstantIndexOp::create(b, loc, 0), low));
      highs.push_back(arith::AddIOp::create(b, loc, in, high));
    } else {
      lows.push_back(arith::ConstantIndexOp::create(b, loc, 0));
      highs.push_back(in);
    }
  }
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, sums), type.getElementType());
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{sums}, ValueRange{init},
             SmallVector<AffineMap>{identity, identity},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value count =
                   arith::ConstantIndexOp::create(nested, nestedLoc, 1);
               for (int64_t i = 0; i < spatial; ++i) {
                 Value o = linalg::IndexOp::create(nested, nestedLoc, 2 + i);
                 // The window's first position in unpadded coordinates.
                 Value start = arith::SubIOp::create(
                     nested, nestedLoc,
                     arith::MulIOp::create(
                         nested, nestedLoc, o,
                         arith::ConstantIndexOp::create(nested, nestedLoc,
                                                        geometry.strides[i])),
                     padLow[i]);
                 count = arith::MulIOp::create(
                     nested, nestedLoc, count,
                     countInside(nested, nestedLoc, start, lows[i], highs[i],
                                 geometry.kernel[i], geometry.dilations[i]));
               }
               Value countF = arith::SIToFPOp::create(
                   nested, nestedLoc, args[0].getType(),
                   arith::IndexCastOp::create(nested, nestedLoc,
                                              nested.getI64Type(), count));
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   arith::DivFOp::create(nested, nestedLoc, args[0], countF)
                       .getResult());
             })
      .getResult(0);
}

/// An elementwise map of `value` by `fn`, into a new tensor.
Value mapElements(OpBuilder &b, Location loc, Value value,
                  function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(value.getType());
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, value), type.getElementType());
  AffineMap identity =
      AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext());
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{value}, ValueRange{init},
             SmallVector<AffineMap>{identity, identity},
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc,
                                       fn(nested, nestedLoc, args[0]));
             })
      .getResult(0);
}

/// ONNX MaxPool's Indices: a linalg.generic over (n, c, o..., k...) keeping
/// the maximum and its flattened index into X (row-major, or column-major
/// within each spatial plane for storage_order 1). The smaller index wins
/// among equal values, so the first maximum is chosen whatever order the
/// loops run in; padding is never chosen.
std::pair<Value, Value> createMaxPoolWithIndices(
    OpBuilder &b, Location loc, Value padded, Value originalInput, Value window,
    Value valueInit, Value indexInit, const onnx::WindowGeometry &geometry,
    ArrayRef<OpFoldResult> padLow, bool columnMajor, bool isUnsigned) {
  MLIRContext *context = b.getContext();
  int64_t spatial = geometry.kernel.size();
  int64_t numLoops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, context),
                                     getAffineDimExpr(1, context)};
  SmallVector<AffineExpr> outputExprs(inputExprs), windowExprs;
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, context);
    AffineExpr k = getAffineDimExpr(2 + spatial + i, context);
    inputExprs.push_back(o * geometry.strides[i] + k * geometry.dilations[i]);
    windowExprs.push_back(k);
    outputExprs.push_back(o);
  }
  AffineMap outputMap = AffineMap::get(numLoops, 0, outputExprs, context);
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inputExprs, context),
                              AffineMap::get(numLoops, 0, windowExprs, context),
                              outputMap, outputMap};
  SmallVector<utils::IteratorType> iterators(2 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);

  SmallVector<Value> sizes, lows;
  for (int64_t i = 0; i < spatial + 2; ++i)
    sizes.push_back(tensor::DimOp::create(b, loc, originalInput, i));
  for (int64_t i = 0; i < spatial; ++i)
    lows.push_back(getValueOrCreateConstantIndexOp(b, loc, padLow[i]));
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{valueInit.getType(), indexInit.getType()},
      ValueRange{padded, window}, ValueRange{valueInit, indexInit}, maps,
      iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        auto index = [&](int64_t value) -> Value {
          return arith::ConstantIndexOp::create(nb, nl, value);
        };
        Value x = args[0], acc = args[2], accIndex = args[3];
        // Positions in X, and whether all of them lie inside it.
        SmallVector<Value> positions;
        Value inside = arith::ConstantIntOp::create(nb, nl, 1, 1);
        for (int64_t i = 0; i < spatial; ++i) {
          Value o = linalg::IndexOp::create(nb, nl, 2 + i);
          Value k = linalg::IndexOp::create(nb, nl, 2 + spatial + i);
          Value position = arith::SubIOp::create(
              nb, nl,
              arith::AddIOp::create(
                  nb, nl,
                  arith::MulIOp::create(nb, nl, o, index(geometry.strides[i])),
                  arith::MulIOp::create(nb, nl, k,
                                        index(geometry.dilations[i]))),
              lows[i]);
          positions.push_back(position);
          Value geZero = arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::sge, position, index(0));
          Value ltSize = arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::slt, position, sizes[2 + i]);
          inside = arith::AndIOp::create(
              nb, nl, inside, arith::AndIOp::create(nb, nl, geZero, ltSize));
        }
        // ONNX MaxPool Indices: (n * C + c) * prod(spatial sizes) plus the
        // position within the plane, row-major (storage_order 0) or
        // column-major (1).
        Value flat = arith::AddIOp::create(
            nb, nl,
            arith::MulIOp::create(nb, nl, linalg::IndexOp::create(nb, nl, 0),
                                  sizes[1]),
            linalg::IndexOp::create(nb, nl, 1));
        for (int64_t j = 0; j < spatial; ++j) {
          int64_t i = columnMajor ? spatial - 1 - j : j;
          flat = arith::AddIOp::create(
              nb, nl, arith::MulIOp::create(nb, nl, flat, sizes[2 + i]),
              positions[i]);
        }
        Value flatI64 =
            arith::IndexCastOp::create(nb, nl, nb.getI64Type(), flat);
        Value greater, equal;
        if (isa<FloatType>(x.getType())) {
          greater =
              arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT, x, acc);
          equal =
              arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OEQ, x, acc);
        } else {
          greater =
              arith::CmpIOp::create(nb, nl,
                                    isUnsigned ? arith::CmpIPredicate::ugt
                                               : arith::CmpIPredicate::sgt,
                                    x, acc);
          equal =
              arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, x, acc);
        }
        Value earlier = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::slt,
                                              flatI64, accIndex);
        Value take = arith::AndIOp::create(
            nb, nl, inside,
            arith::OrIOp::create(
                nb, nl, greater,
                arith::AndIOp::create(nb, nl, equal, earlier)));
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{
                arith::SelectOp::create(nb, nl, take, x, acc),
                arith::SelectOp::create(nb, nl, take, flatI64, accIndex)});
      });
  return {op.getResult(0), op.getResult(1)};
}

/// MaxPool, AveragePool and LpPool: the input is padded with the kind's
/// neutral element and each window reduced; AveragePool then divides by the
/// window's count and LpPool takes the p-th root.
template <typename OpTy> struct LowerWindowPool : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getX();
    if (!isa<RankedTensorType>(input.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    std::string error;
    FailureOr<onnx::WindowGeometry> geometry = op.computeGeometry(error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    PoolSpec spec = getSpec(op);
    Type elementType = resultType->getElementType();

    WindowSizes window =
        computeWindowSizes(rewriter, loc, input, *geometry, op.getAutoPad(),
                           op.getCeilMode() != 0);
    Value neutral = createNeutral(rewriter, loc, elementType, spec);
    Value padded = padSpatialDims(rewriter, loc, input, window.padLow,
                                  window.padHigh, neutral);
    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        tensor::getMixedSize(rewriter, loc, input, 1)};
    llvm::append_range(sizes, window.outputSizes);
    Value init = createFilledTensor(rewriter, loc, *resultType, sizes, neutral);
    Value windowShape =
        tensor::EmptyOp::create(rewriter, loc, geometry->kernel, elementType);

    if constexpr (std::is_same_v<OpTy, onnx::MaxPoolOp>) {
      if (op.getIndices()) {
        FailureOr<RankedTensorType> indexType =
            getConvertedResultType(op, 1, *this->getTypeConverter());
        if (failed(indexType))
          return failure();
        Value indexInit = createFilledTensor(
            rewriter, loc, *indexType, sizes,
            arith::ConstantIntOp::create(rewriter, loc, rewriter.getI64Type(),
                                         std::numeric_limits<int64_t>::max()));
        auto [values, indices] = createMaxPoolWithIndices(
            rewriter, loc, padded, input, windowShape, init, indexInit,
            *geometry, window.padLow, op.getStorageOrder() == 1,
            spec.isUnsigned);
        rewriter.replaceOp(op, {values, indices});
        return success();
      }
    }

    Value result = createNamedPool(rewriter, loc, padded, windowShape, init,
                                   *geometry, spec);
    if (!result)
      result = createWindowReduction(rewriter, loc, padded, windowShape, init,
                                     *geometry, spec);
    if (spec.kind == PoolKind::Average) {
      int64_t spatial = geometry->kernel.size();
      auto inputType = cast<RankedTensorType>(input.getType());
      bool same =
          op.getAutoPad() == "SAME_UPPER" || op.getAutoPad() == "SAME_LOWER";
      // The end pads without what ceil_mode adds: the geometry's, except
      // where SAME_* pads follow from a dynamic size.
      SmallVector<OpFoldResult> explicitPadHigh;
      for (int64_t i = 0; i < spatial; ++i)
        explicitPadHigh.push_back(
            same && inputType.isDynamicDim(2 + i)
                ? window.padHigh[i]
                : rewriter.getIndexAttr(geometry->pads[spatial + i]));
      result =
          divideByWindowCounts(rewriter, loc, result, input, *geometry, window,
                               explicitPadHigh, spec.countIncludePad);
    } else if (spec.kind == PoolKind::Lp) {
      result = mapElements(rewriter, loc, result,
                           [&](OpBuilder &b, Location l, Value sum) {
                             return createLpRoot(b, l, sum, spec.p);
                           });
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  static PoolSpec getSpec(onnx::MaxPoolOp op) {
    return {PoolKind::Max, 0, false, isUnsignedElement(op.getX().getType())};
  }
  static PoolSpec getSpec(onnx::AveragePoolOp op) {
    return {PoolKind::Average, 0, op.getCountIncludePad() != 0, false};
  }
  static PoolSpec getSpec(onnx::LpPoolOp op) {
    return {PoolKind::Lp, static_cast<int64_t>(op.getP()), false, false};
  }
};

/// GlobalMaxPool, GlobalAveragePool and GlobalLpPool: a reduction over the
/// spatial dims into (N x C), then reshaped to (N x C x 1 ... 1).
template <typename OpTy> struct LowerGlobalPool : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getX();
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    if (!inputType)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = inputType.getRank();
    PoolSpec spec = getSpec(op);
    Type elementType = resultType->getElementType();

    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    Value neutral = createNeutral(rewriter, loc, elementType, spec);
    Value result =
        createReduction(rewriter, loc, input, reduced, neutral, {},
                        [&](OpBuilder &b, Location l, ValueRange args) {
                          return combine(b, l, args[0], args.back(), spec);
                        });
    if (spec.kind == PoolKind::Average) {
      // ONNX GlobalAveragePool: divide by the number of spatial elements.
      Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (int64_t i = 2; i < rank; ++i)
        count = arith::MulIOp::create(
            rewriter, loc, count,
            tensor::DimOp::create(rewriter, loc, input, i));
      Value countF = arith::SIToFPOp::create(
          rewriter, loc, elementType,
          arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                     count));
      result = mapElements(rewriter, loc, result,
                           [&](OpBuilder &b, Location l, Value sum) {
                             return arith::DivFOp::create(b, l, sum, countF);
                           });
    } else if (spec.kind == PoolKind::Lp) {
      result = mapElements(rewriter, loc, result,
                           [&](OpBuilder &b, Location l, Value sum) {
                             return createLpRoot(b, l, sum, spec.p);
                           });
    }
    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        tensor::getMixedSize(rewriter, loc, input, 1)};
    sizes.append(rank - 2, rewriter.getIndexAttr(1));
    ReassociationIndices rest;
    for (int64_t i = 1; i < rank; ++i)
      rest.push_back(i);
    result = createExpandShape(rewriter, loc, *resultType, result,
                               {ReassociationIndices{0}, rest}, sizes);
    rewriter.replaceOp(op, result);
    return success();
  }

  static PoolSpec getSpec(onnx::GlobalMaxPoolOp op) {
    return {PoolKind::Max, 0, false, isUnsignedElement(op.getX().getType())};
  }
  static PoolSpec getSpec(onnx::GlobalAveragePoolOp) {
    return {PoolKind::Average, 0, false, false};
  }
  static PoolSpec getSpec(onnx::GlobalLpPoolOp op) {
    return {PoolKind::Lp, static_cast<int64_t>(op.getP()), false, false};
  }
};

} // namespace

void populatePoolingPatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns) {
  patterns.add<
      LowerWindowPool<onnx::MaxPoolOp>, LowerWindowPool<onnx::AveragePoolOp>,
      LowerWindowPool<onnx::LpPoolOp>, LowerGlobalPool<onnx::GlobalMaxPoolOp>,
      LowerGlobalPool<onnx::GlobalAveragePoolOp>,
      LowerGlobalPool<onnx::GlobalLpPoolOp>>(typeConverter,
                                             patterns.getContext());
}

} // namespace onnxc::detail
