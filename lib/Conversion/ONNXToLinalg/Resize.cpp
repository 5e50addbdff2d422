//===- Resize.cpp - Resize to a gathering linalg.generic ------------------===//
//
// One linalg.generic over the output: each output index maps back to an
// input coordinate per dim (coordinate_transformation_mode); each dim then
// contributes taps (input index, weight): one for nearest, two for linear,
// four for cubic; the element is the weighted sum of the input elements at
// every combination of taps, read with tensor.extract. Coordinates and
// weights are computed in f64, as ONNX's reference does. Dims that keep
// their size with scale 1 are read straight through.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/NN.h"

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

/// Builds the body of the resizing generic.
class ResizeBody {
public:
  /// `scales` (f64, one per dim) is empty when `sizes` gave the output
  /// sizes; `roi` (f64, begins then ends) is empty but for
  /// tf_crop_and_resize.
  ResizeBody(OpBuilder &b, Location loc, onnx::ResizeOp op,
             ArrayRef<Value> scales, ArrayRef<Value> roi,
             ArrayRef<Value> inSizes, ArrayRef<Value> outSizes)
      : b(b), loc(loc), op(op), scales(scales), roi(roi), inSizes(inSizes),
        outSizes(outSizes), f64(b.getF64Type()) {}

  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(f64, value));
  }
  Value toF64(Value index) {
    return arith::SIToFPOp::create(
        b, loc, f64, arith::IndexCastOp::create(b, loc, b.getI64Type(), index));
  }
  Value toIndex(Value value) {
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        arith::FPToSIOp::create(b, loc, b.getI64Type(), value));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }

  /// The input coordinate of output index `out` along `dim`, and whether it
  /// lies outside the crop (tf_crop_and_resize only, else null).
  std::pair<Value, Value> sourceCoordinate(int64_t dim, Value out) {
    StringRef mode = op.getCoordinateTransformationMode();
    Value x = toF64(out);
    Value in = toF64(inSizes[dim]), outSize = toF64(outSizes[dim]);
    // ONNX Resize: scale is `scales`, or output / input with `sizes`; the
    // resized length that the modes divide by is input * scale, before the
    // output size rounds it down.
    Value scale = scales.empty() ? div(outSize, in) : scales[dim];
    Value length = scales.empty() ? outSize : mul(in, scale);
    Value half = constant(0.5), one = constant(1.0);
    auto select = [&](Value cond, Value t, Value f) -> Value {
      return arith::SelectOp::create(b, loc, cond, t, f);
    };
    auto lengthAbove1 = [&] {
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, length,
                                   one);
    };
    Value halfPixel = sub(div(add(x, half), scale), half);
    if (mode == "asymmetric")
      return {div(x, scale), Value()};
    if (mode == "tf_half_pixel_for_nn")
      return {div(add(x, half), scale), Value()};
    if (mode == "pytorch_half_pixel")
      return {select(lengthAbove1(), halfPixel, constant(0.0)), Value()};
    if (mode == "align_corners")
      return {select(lengthAbove1(),
                     div(mul(x, sub(in, one)), sub(length, one)),
                     constant(0.0)),
              Value()};
    if (mode == "half_pixel_symmetric") {
      // ONNX: the output is centred on the input, whatever rounding of
      // input * scale did to the output size.
      Value adjustment = div(outSize, mul(scale, in));
      Value offset = mul(mul(in, half), sub(one, adjustment));
      return {add(offset, halfPixel), Value()};
    }
    if (mode == "tf_crop_and_resize") {
      int64_t rank = inSizes.size();
      Value start = roi[dim], end = roi[rank + dim];
      Value inLast = sub(in, one);
      Value spread =
          div(mul(x, mul(sub(end, start), inLast)), sub(length, one));
      Value coordinate = select(lengthAbove1(), add(mul(start, inLast), spread),
                                mul(mul(half, add(start, end)), inLast));
      Value outside = arith::OrIOp::create(
          b, loc,
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, coordinate,
                                constant(0.0)),
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, coordinate,
                                inLast));
      return {coordinate, outside};
    }
    return {halfPixel, Value()};
  }

  /// `index` clamped into [0, size - 1], as ONNX's reference pads the
  /// input with its edge values.
  Value clamp(Value index, int64_t dim) {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value last = arith::SubIOp::create(
        b, loc, inSizes[dim], arith::ConstantIndexOp::create(b, loc, 1));
    return arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, index, zero), last);
  }

  SmallVector<Tap> nearestTaps(int64_t dim, Value coordinate) {
    StringRef mode = op.getNearestMode();
    Value rounded;
    if (mode == "floor")
      rounded = math::FloorOp::create(b, loc, coordinate);
    else if (mode == "ceil")
      rounded = math::CeilOp::create(b, loc, coordinate);
    else if (mode == "round_prefer_ceil")
      rounded = math::FloorOp::create(b, loc, add(coordinate, constant(0.5)));
    else // round_prefer_floor
      rounded = math::CeilOp::create(b, loc, sub(coordinate, constant(0.5)));
    return {{clamp(toIndex(rounded), dim), Value()}};
  }

  SmallVector<Tap> linearTaps(int64_t dim, Value coordinate) {
    Value base = math::FloorOp::create(b, loc, coordinate);
    Value t = sub(coordinate, base);
    Value index = toIndex(base);
    Value next = arith::AddIOp::create(
        b, loc, index, arith::ConstantIndexOp::create(b, loc, 1));
    return {{clamp(index, dim), sub(constant(1.0), t)}, {clamp(next, dim), t}};
  }

  /// ONNX's cubic convolution weights (cubic_coeff_a) of the taps at
  /// base - 1 ... base + 2; with exclude_outside the taps outside the input
  /// get weight 0 and the others are renormalised.
  SmallVector<Tap> cubicTaps(int64_t dim, Value coordinate) {
    double a = op.getCubicCoeffA().convertToDouble();
    Value base = math::FloorOp::create(b, loc, coordinate);
    SmallVector<Value> weights =
        createCubicWeights(b, loc, sub(coordinate, base), a);
    Value index = toIndex(base);
    SmallVector<Tap> taps;
    Value zeroF = constant(0.0), sum = zeroF;
    for (int64_t k = 0; k < 4; ++k) {
      Value raw = arith::AddIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, k - 1));
      Value weight = weights[k];
      if (op.getExcludeOutside()) {
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, raw,
                                  arith::ConstantIndexOp::create(b, loc, 0)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, raw,
                                  inSizes[dim]));
        weight = arith::SelectOp::create(b, loc, inside, weight, zeroF);
        sum = add(sum, weight);
      }
      taps.push_back({clamp(raw, dim), weight});
    }
    if (op.getExcludeOutside())
      for (Tap &tap : taps)
        tap.weight = div(tap.weight, sum);
    return taps;
  }

  /// The output element at the generic's current index.
  Value build(Value input, ArrayRef<bool> passThrough, Type elementType) {
    int64_t rank = passThrough.size();
    StringRef mode = op.getMode();
    SmallVector<SmallVector<Tap>> taps;
    Value outside;
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value out = linalg::IndexOp::create(b, loc, dim);
      if (passThrough[dim]) {
        taps.push_back({{out, Value()}});
        continue;
      }
      auto [coordinate, isOutside] = sourceCoordinate(dim, out);
      if (isOutside)
        outside =
            outside
                ? arith::OrIOp::create(b, loc, outside, isOutside).getResult()
                : isOutside;
      if (mode == "nearest")
        taps.push_back(nearestTaps(dim, coordinate));
      else if (mode == "linear")
        taps.push_back(linearTaps(dim, coordinate));
      else
        taps.push_back(cubicTaps(dim, coordinate));
    }

    // The weighted sum over every combination of taps.
    Value result;
    SmallVector<int64_t> choice(rank, 0);
    while (true) {
      SmallVector<Value> indices;
      Value weight;
      for (int64_t dim = 0; dim < rank; ++dim) {
        const Tap &tap = taps[dim][choice[dim]];
        indices.push_back(tap.index);
        if (tap.weight)
          weight = weight ? mul(weight, tap.weight) : tap.weight;
      }
      Value element = tensor::ExtractOp::create(b, loc, input, indices);
      if (!weight) {
        result = element;
      } else {
        if (element.getType() != f64)
          element = arith::ExtFOp::create(b, loc, f64, element);
        Value term = mul(element, weight);
        result = result ? add(result, term) : term;
      }
      int64_t dim = rank - 1;
      while (dim >= 0 &&
             ++choice[dim] == static_cast<int64_t>(taps[dim].size()))
        choice[dim--] = 0;
      if (dim < 0)
        break;
    }
    if (result.getType() != elementType)
      result = arith::TruncFOp::create(b, loc, elementType, result);
    if (outside) {
      Value extrapolation = arith::ConstantOp::create(
          b, loc,
          b.getFloatAttr(elementType,
                         op.getExtrapolationValue().convertToDouble()));
      result = arith::SelectOp::create(b, loc, outside, extrapolation, result);
    }
    return result;
  }

private:
  OpBuilder &b;
  Location loc;
  onnx::ResizeOp op;
  ArrayRef<Value> scales, roi, inSizes, outSizes;
  Type f64;
};

struct LowerResize : OpConversionPattern<onnx::ResizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getX();
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    if (!inputType)
      return emitUnsupported(op, "its input must be a ranked tensor");
    std::string error;
    FailureOr<onnx::ResizeGeometry> geometry =
        onnx::computeResizeGeometry(op, error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    Type elementType = resultType->getElementType();
    if (op.getMode() != "nearest" && !isa<FloatType>(elementType))
      return emitUnsupported(op, "linear and cubic modes need float elements");
    int64_t rank = inputType.getRank();
    Type f64 = rewriter.getF64Type();
    auto f64Constant = [&](double value) -> Value {
      return arith::ConstantOp::create(rewriter, loc,
                                       rewriter.getF64FloatAttr(value));
    };
    // Element `i` of a 1-D operand read at run time.
    auto extract = [&](Value tensor, int64_t i) -> Value {
      return tensor::ExtractOp::create(
          rewriter, loc, tensor,
          ValueRange{arith::ConstantIndexOp::create(rewriter, loc, i)});
    };
    auto toF64 = [&](Value value) -> Value {
      return value.getType() == f64
                 ? value
                 : arith::ExtFOp::create(rewriter, loc, f64, value);
    };

    // Scales and roi: constants where the geometry knows them, else read
    // from the operands at run time.
    bool useSizes = op.getSizes() != nullptr;
    bool crop = op.getCoordinateTransformationMode() == "tf_crop_and_resize";
    if (crop && !op.getRoi())
      return emitUnsupported(op, "tf_crop_and_resize needs 'roi'");
    SmallVector<Value> scales, roi;
    for (int64_t i = 0; i < rank && !useSizes; ++i)
      scales.push_back(geometry->known
                           ? f64Constant(geometry->scales[i])
                           : toF64(extract(adaptor.getScales(), i)));
    for (int64_t i = 0; i < 2 * rank && crop; ++i)
      roi.push_back(!geometry->roi.empty()
                        ? f64Constant(geometry->roi[i])
                        : toF64(extract(adaptor.getRoi(), i)));

    // Output sizes: `sizes`, or floor(input * extent * scale).
    SmallVector<Value> inSizes, outSizes;
    SmallVector<OpFoldResult> outFolded;
    SmallVector<bool> passThrough;
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value in = tensor::DimOp::create(rewriter, loc, input, dim);
      inSizes.push_back(in);
      int64_t known =
          geometry->known ? geometry->outputSizes[dim] : ShapedType::kDynamic;
      Value out;
      if (!ShapedType::isDynamic(known)) {
        out = arith::ConstantIndexOp::create(rewriter, loc, known);
        outFolded.push_back(rewriter.getIndexAttr(known));
      } else {
        if (useSizes) {
          out =
              arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                         extract(adaptor.getSizes(), dim));
        } else {
          Value inF = arith::SIToFPOp::create(
              rewriter, loc, f64,
              arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                         in));
          Value scale = scales[dim];
          if (crop)
            scale = arith::MulFOp::create(rewriter, loc, scale,
                                          arith::SubFOp::create(rewriter, loc,
                                                                roi[rank + dim],
                                                                roi[dim]));
          Value product = arith::MulFOp::create(rewriter, loc, inF, scale);
          out = arith::IndexCastOp::create(
              rewriter, loc, rewriter.getIndexType(),
              arith::FPToSIOp::create(
                  rewriter, loc, rewriter.getI64Type(),
                  math::FloorOp::create(rewriter, loc, product)));
        }
        outFolded.push_back(out);
      }
      outSizes.push_back(out);
      // A dim known to keep its size with scale 1 and no crop maps each
      // index to itself in every mode.
      bool unitScale =
          geometry->known && (useSizes ? !ShapedType::isDynamic(known) &&
                                             known == inputType.getDimSize(dim)
                                       : geometry->scales[dim] == 1.0);
      passThrough.push_back(unitScale && !crop);
    }

    Value init = createEmptyTensor(rewriter, loc, *resultType, outFolded);
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{},
            ValueRange{init}, ArrayRef<AffineMap>{identity},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange) {
              ResizeBody body(b, l, op, scales, roi, inSizes, outSizes);
              linalg::YieldOp::create(
                  b, l, body.build(input, passThrough, elementType));
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

SmallVector<Value> createCubicWeights(OpBuilder &b, Location loc, Value t,
                                      double a) {
  Type type = t.getType();
  auto constant = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddFOp::create(b, loc, x, y);
  };
  auto sub = [&](Value x, Value y) -> Value {
    return arith::SubFOp::create(b, loc, x, y);
  };
  auto mul = [&](Value x, Value y) -> Value {
    return arith::MulFOp::create(b, loc, x, y);
  };
  Value one = constant(1.0), two = constant(2.0);
  // Keys' kernel: near taps (|d| <= 1) weigh (a + 2)|d|^3 - (a + 3)|d|^2 + 1,
  // far ones (1 < |d| < 2) a|d|^3 - 5a|d|^2 + 8a|d| - 4a.
  auto near = [&](Value d) {
    return add(mul(mul(sub(mul(constant(a + 2), d), constant(a + 3)), d), d),
               one);
  };
  auto far = [&](Value d) {
    Value poly =
        add(mul(sub(mul(constant(a), d), constant(5 * a)), d), constant(8 * a));
    return sub(mul(poly, d), constant(4 * a));
  };
  return {far(add(t, one)), near(t), near(sub(one, t)), far(sub(two, t))};
}

void populateResizePatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerResize>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
