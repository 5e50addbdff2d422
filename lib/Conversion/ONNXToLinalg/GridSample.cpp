//===- GridSample.cpp - GridSample to a gathering linalg.generic ----------===//
//
// One linalg.generic over Y (N x C x Hout x Wout): the body reads the grid's
// (x, y) at (n, h, w), maps it to input coordinates, applies padding_mode
// to coordinates outside the image, and takes the weighted sum of the
// pixels at the taps of each dim (one for nearest, two for linear, four
// for cubic), read with tensor.extract. The arithmetic follows ONNX's
// reference implementation and runs in the grid's float type (at least
// f32). Only 2-D spatial inputs are lowered.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// One input index a dim reads and its weight (null for nearest).
struct Tap {
  Value index;
  Value weight;
};

/// Builds the body of the sampling generic.
class GridSampleBody {
public:
  GridSampleBody(OpBuilder &b, Location loc, onnx::GridSampleOp op,
                 FloatType computeType, ArrayRef<Value> spatialSizes)
      : b(b), loc(loc), op(op), type(computeType), spatialSizes(spatialSizes) {}

  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value less(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value select(Value cond, Value t, Value f) {
    return arith::SelectOp::create(b, loc, cond, t, f);
  }
  Value toFloat(Value index) {
    return arith::SIToFPOp::create(
        b, loc, type,
        arith::IndexCastOp::create(b, loc, b.getI64Type(), index));
  }
  /// A float known to be small and integral, as an index.
  Value toIndex(Value value) {
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        arith::FPToSIOp::create(b, loc, b.getI64Type(), value));
  }

  /// ONNX GridSample: the image spans [-0.5, size - 0.5] in input
  /// coordinates, [0, size - 1] with align_corners.
  std::pair<Value, Value> getBorders(Value size) {
    if (op.getAlignCorners())
      return {constant(0.0), sub(size, constant(1.0))};
    return {constant(-0.5), sub(size, constant(0.5))};
  }

  /// The input coordinate of normalised coordinate `n` along a dim of
  /// `size` elements.
  Value denormalize(Value n, Value size) {
    Value one = constant(1.0), half = constant(0.5);
    if (op.getAlignCorners())
      return mul(mul(add(n, one), half), sub(size, one));
    return mul(sub(mul(add(n, one), size), one), half);
  }

  /// `x` reflected off the borders [low, high] until it lies between them.
  /// The parity of the number of reflections is computed in floats, so a
  /// huge coordinate gives a wrong but finite value, which the callers
  /// bound; an image of one pixel (low == high) reflects onto it.
  Value reflect(Value x, Value low, Value high) {
    Value range = sub(high, low);
    auto fold = [&](Value distance, Value near, Value far, bool fromLow) {
      Value count = math::FloorOp::create(b, loc, div(distance, range));
      Value rest = sub(distance, mul(count, range));
      Value half = math::FloorOp::create(b, loc, mul(count, constant(0.5)));
      Value even = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                         count, mul(half, constant(2.0)));
      Value towardsFar = fromLow ? add(near, rest) : sub(near, rest);
      Value towardsNear = fromLow ? sub(far, rest) : add(far, rest);
      return select(even, towardsFar, towardsNear);
    };
    Value below = fold(sub(low, x), low, high, /*fromLow=*/true);
    Value above = fold(sub(x, high), high, low, /*fromLow=*/false);
    Value reflected =
        select(less(x, low), below, select(less(high, x), above, x));
    Value degenerate = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE,
                                             range, constant(0.0));
    return select(degenerate, low, reflected);
  }

  /// ONNX GridSample: a coordinate outside the image is moved back in by
  /// padding_mode border (clamped) or reflection; zeros leaves it.
  Value pad(Value x, Value size) {
    StringRef padding = op.getPaddingMode();
    if (padding == "zeros")
      return x;
    auto [low, high] = getBorders(size);
    Value outside = arith::OrIOp::create(b, loc, less(x, low), less(high, x));
    Value moved;
    if (padding == "border")
      moved = arith::MinimumFOp::create(
          b, loc, arith::MaximumFOp::create(b, loc, x, constant(0.0)),
          sub(size, constant(1.0)));
    else
      moved = reflect(x, low, high);
    return select(outside, moved, x);
  }

  /// `x` bounded to [-4, size + 3] (NaN to -4): every tap of a coordinate
  /// beyond lies outside the image either way, and the bound keeps the
  /// conversion to an integer defined.
  Value bound(Value x, Value size) {
    return arith::MinNumFOp::create(
        b, loc, arith::MaxNumFOp::create(b, loc, x, constant(-4.0)),
        add(size, constant(3.0)));
  }

  /// The taps of `x` along a dim of `size` elements.
  SmallVector<Tap> getTaps(Value x, Value size) {
    StringRef mode = op.getMode();
    x = bound(x, size);
    if (mode == "nearest")
      return {{toIndex(x), Value()}};
    Value base = math::FloorOp::create(b, loc, x);
    Value t = sub(x, base);
    Value index = toIndex(base);
    auto offset = [&](int64_t k) -> Value {
      return arith::AddIOp::create(b, loc, index,
                                   arith::ConstantIndexOp::create(b, loc, k));
    };
    if (mode == "linear")
      return {{index, sub(constant(1.0), t)}, {offset(1), t}};
    // ONNX GridSample uses Keys' cubic kernel with a = -0.75.
    SmallVector<Value> weights = createCubicWeights(b, loc, t, -0.75);
    SmallVector<Tap> taps;
    for (int64_t k = 0; k < 4; ++k)
      taps.push_back({offset(k - 1), weights[k]});
    return taps;
  }

  /// The index a tap reads along a dim of `sizeIndex` elements, and
  /// whether the tap lies inside (null unless padding_mode is zeros).
  /// Border padding reads the nearest edge, reflection the mirrored pixel
  /// (ONNX's reference reflects tap indices off the same borders as
  /// coordinates); the index is clamped in every mode, so no read leaves
  /// the image.
  std::pair<Value, Value> getReadIndex(Value index, Value sizeIndex,
                                       Value size) {
    StringRef padding = op.getPaddingMode();
    Value inside;
    if (padding == "zeros") {
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      inside = arith::AndIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, index, zero),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index,
                                sizeIndex));
    } else if (padding == "reflection") {
      auto [low, high] = getBorders(size);
      index = toIndex(bound(reflect(toFloat(index), low, high), size));
    }
    return {clampIndex(b, loc, index, sizeIndex), inside};
  }

  /// The element of Y at the generic's current index.
  Value build(Value x, Value grid, Type elementType) {
    Value n = linalg::IndexOp::create(b, loc, 0);
    Value c = linalg::IndexOp::create(b, loc, 1);
    Value h = linalg::IndexOp::create(b, loc, 2);
    Value w = linalg::IndexOp::create(b, loc, 3);
    // Y's batch size is X's; Grid's may differ when both are dynamic, and
    // its last dim may hold fewer than 2 values, so those reads clamp.
    Value gridN = clampIndex(b, loc, n, tensor::DimOp::create(b, loc, grid, 0));
    Value components = tensor::DimOp::create(b, loc, grid, 3);
    // Grid holds (x, y): the last spatial dim first.
    SmallVector<SmallVector<Tap>> taps;
    for (int64_t dim = 0; dim < 2; ++dim) {
      Value component = clampIndex(
          b, loc, arith::ConstantIndexOp::create(b, loc, 1 - dim), components);
      Value normalized = tensor::ExtractOp::create(
          b, loc, grid, ValueRange{gridN, h, w, component});
      if (normalized.getType() != type)
        normalized = arith::ExtFOp::create(b, loc, type, normalized);
      Value size = toFloat(spatialSizes[dim]);
      Value coordinate = denormalize(normalized, size);
      // ONNX GridSample-16: nearest rounds half to even (std::nearbyint).
      if (op.getMode() == "nearest")
        coordinate = math::RoundEvenOp::create(b, loc, coordinate);
      taps.push_back(getTaps(pad(coordinate, size), size));
    }

    // The index each tap reads and whether it lies inside, per dim.
    SmallVector<SmallVector<std::pair<Value, Value>>> reads(2);
    for (int64_t dim = 0; dim < 2; ++dim)
      for (const Tap &tap : taps[dim])
        reads[dim].push_back(getReadIndex(tap.index, spatialSizes[dim],
                                          toFloat(spatialSizes[dim])));

    Value result;
    Value zero = createZero(b, loc, elementType);
    for (auto [row, rowRead] : llvm::zip(taps[0], reads[0])) {
      for (auto [column, columnRead] : llvm::zip(taps[1], reads[1])) {
        Value element = tensor::ExtractOp::create(
            b, loc, x, ValueRange{n, c, rowRead.first, columnRead.first});
        if (rowRead.second) {
          Value inside =
              arith::AndIOp::create(b, loc, rowRead.second, columnRead.second);
          element = select(inside, element, zero);
        }
        if (!row.weight) {
          result = element;
          continue;
        }
        if (element.getType() != type)
          element = arith::ExtFOp::create(b, loc, type, element);
        Value term = mul(mul(row.weight, column.weight), element);
        result = result ? add(result, term) : term;
      }
    }
    if (result.getType() != elementType)
      result = arith::TruncFOp::create(b, loc, elementType, result);
    return result;
  }

private:
  OpBuilder &b;
  Location loc;
  onnx::GridSampleOp op;
  FloatType type;
  /// H and W of X, as index values.
  ArrayRef<Value> spatialSizes;
};

struct LowerGridSample : OpConversionPattern<onnx::GridSampleOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GridSampleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX(), grid = adaptor.getGrid();
    auto xType = dyn_cast<RankedTensorType>(x.getType());
    auto gridType = dyn_cast<RankedTensorType>(grid.getType());
    if (!xType || !gridType)
      return emitUnsupported(op, "X and Grid must be ranked tensors");
    if (xType.getRank() != 4)
      return emitUnsupported(op, "only 2-D spatial inputs (a 4-D X) are "
                                 "supported");
    Type elementType = resultType->getElementType();
    if (op.getMode() != "nearest" && !isa<FloatType>(elementType))
      return emitUnsupported(op, "linear and cubic modes need float elements");
    auto gridElement = cast<FloatType>(gridType.getElementType());
    FloatType computeType =
        gridElement.getWidth() < 32 ? rewriter.getF32Type() : gridElement;

    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, x, 0),
        tensor::getMixedSize(rewriter, loc, x, 1),
        tensor::getMixedSize(rewriter, loc, grid, 1),
        tensor::getMixedSize(rewriter, loc, grid, 2)};
    SmallVector<Value> spatialSizes{tensor::DimOp::create(rewriter, loc, x, 2),
                                    tensor::DimOp::create(rewriter, loc, x, 3)};
    auto buildSampling = [&](OpBuilder &b, Location l) -> Value {
      Value init = createEmptyTensor(b, l, *resultType, sizes);
      AffineMap identity = b.getMultiDimIdentityMap(4);
      return linalg::GenericOp::create(
                 b, l, TypeRange{init.getType()}, ValueRange{},
                 ValueRange{init}, ArrayRef<AffineMap>{identity},
                 SmallVector<utils::IteratorType>(
                     4, utils::IteratorType::parallel),
                 [&](OpBuilder &bb, Location bl, ValueRange) {
                   GridSampleBody body(bb, bl, op, computeType, spatialSizes);
                   linalg::YieldOp::create(bb, bl,
                                           body.build(x, grid, elementType));
                 })
          .getResult(0);
    };
    // Every tap reads the image, even the ones outside it (whose value is
    // then dropped), and every element reads Grid, so an empty image or
    // Grid gives zeros without reading.
    rewriter.replaceOp(
        op, createIfNonEmpty(rewriter, loc,
                             {tensor::getMixedSize(rewriter, loc, x, 2),
                              tensor::getMixedSize(rewriter, loc, x, 3),
                              tensor::getMixedSize(rewriter, loc, grid, 0),
                              tensor::getMixedSize(rewriter, loc, grid, 3)},
                             *resultType, sizes,
                             createZero(rewriter, loc, elementType),
                             buildSampling));
    return success();
  }
};

} // namespace

void populateGridSamplePatterns(const TypeConverter &typeConverter,
                                RewritePatternSet &patterns) {
  patterns.add<LowerGridSample>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
