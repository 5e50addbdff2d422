//===- Resize.cpp - Resize to a gathering linalg.generic ------------------===//
//
// One linalg.generic over the output: each output index maps back to an
// input coordinate per dim (coordinate_transformation_mode); each dim then
// contributes taps (input index, weight): one for nearest, two for linear,
// four for cubic; the element is the weighted sum of the input elements at
// every combination of taps, read with tensor.extract. Coordinates and
// weights are computed in f64, as ONNX's reference does. Dims that keep
// their size with scale 1, or that `axes` leaves out, are read straight
// through. With antialias the linear and cubic kernels are stretched by
// 1 / scale when downscaling, so the number of taps depends on the scale,
// which must then be known at compile time.
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

/// Keys' cubic convolution kernel with coefficient `a` at distance `d` >= 0:
/// (a + 2)d^3 - (a + 3)d^2 + 1 up to 1, a d^3 - 5a d^2 + 8a d - 4a up to 2,
/// 0 beyond.
Value createCubicKernel(OpBuilder &b, Location loc, Value d, double a) {
  Type type = d.getType();
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
  Value near = add(mul(mul(sub(mul(constant(a + 2), d), constant(a + 3)), d), d),
                   constant(1.0));
  Value poly =
      add(mul(sub(mul(constant(a), d), constant(5 * a)), d), constant(8 * a));
  Value far = sub(mul(poly, d), constant(4 * a));
  auto below = [&](double bound, arith::CmpFPredicate predicate) {
    return arith::CmpFOp::create(b, loc, predicate, d, constant(bound));
  };
  return arith::SelectOp::create(
      b, loc, below(1.0, arith::CmpFPredicate::OLE), near,
      arith::SelectOp::create(b, loc, below(2.0, arith::CmpFPredicate::OLT), far,
                              constant(0.0)));
}

/// One input index a dim reads and its weight (null for nearest).
struct Tap {
  Value index;
  Value weight;
};

/// The offset from the base index of the first tap of a kernel of `support`
/// (1 linear, 2 cubic) stretched by 1 / `kernelScale`; the last is at
/// 1 - first (ONNX Resize antialias).
int64_t getFirstKernelTap(int64_t support, double kernelScale) {
  return static_cast<int64_t>(std::floor(-support / kernelScale)) + 1;
}

/// Builds the body of the resizing generic.
class ResizeBody {
public:
  /// `scales` (f64, one per dim) is empty when `sizes` gave the output
  /// sizes; `roi` (f64, begins then ends) is empty but for
  /// tf_crop_and_resize; `kernelScales` (one per dim, at most 1) shrinks
  /// the distances the linear and cubic kernels see (antialias).
  ResizeBody(OpBuilder &b, Location loc, onnx::ResizeOp op,
             ArrayRef<Value> scales, ArrayRef<Value> roi,
             ArrayRef<Value> inSizes, ArrayRef<Value> outSizes,
             ArrayRef<double> kernelScales)
      : b(b), loc(loc), op(op), scales(scales), roi(roi), inSizes(inSizes),
        outSizes(outSizes), kernelScales(kernelScales), f64(b.getF64Type()) {}

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

  /// The weight of the linear (triangle) or cubic (Keys, with a =
  /// cubic_coeff_a) kernel at distance `d` >= 0.
  Value kernelWeight(Value d) {
    if (op.getMode() == "linear")
      return arith::MaximumFOp::create(b, loc, sub(constant(1.0), d),
                                       constant(0.0));
    return createCubicKernel(b, loc, d, op.getCubicCoeffA().convertToDouble());
  }

  /// The linear or cubic taps around `coordinate`: base + k for k in
  /// [1 - support, support] (support 1 for linear, 2 for cubic). ONNX
  /// Resize antialias: downscaling by s < 1 reads the kernel at s * |k - t|,
  /// so k runs over [floor(-support / s) + 1, -floor(-support / s)], and the
  /// weights are renormalised. With exclude_outside the taps outside the
  /// input get weight 0 and the others are renormalised too.
  SmallVector<Tap> kernelTaps(int64_t dim, Value coordinate) {
    int64_t support = op.getMode() == "cubic" ? 2 : 1;
    double s = kernelScales[dim];
    int64_t first = getFirstKernelTap(support, s);
    Value base = math::FloorOp::create(b, loc, coordinate);
    Value t = sub(coordinate, base);
    Value index = toIndex(base);
    bool exclude = op.getExcludeOutside() != 0;
    // The unstretched kernels' weights already sum to 1.
    bool normalize = exclude || s != 1.0;
    SmallVector<Tap> taps;
    Value zeroF = constant(0.0), sum = zeroF;
    for (int64_t k = first; k <= 1 - first; ++k) {
      Value raw = arith::AddIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, k));
      Value distance = math::AbsFOp::create(b, loc, sub(constant(k), t));
      if (s != 1.0)
        distance = mul(constant(s), distance);
      Value weight = kernelWeight(distance);
      if (exclude) {
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, raw,
                                  arith::ConstantIndexOp::create(b, loc, 0)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, raw,
                                  inSizes[dim]));
        weight = arith::SelectOp::create(b, loc, inside, weight, zeroF);
      }
      if (normalize)
        sum = add(sum, weight);
      taps.push_back({clamp(raw, dim), weight});
    }
    if (normalize)
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
      taps.push_back(mode == "nearest" ? nearestTaps(dim, coordinate)
                                       : kernelTaps(dim, coordinate));
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
  ArrayRef<double> kernelScales;
  Type f64;
};

struct LowerResize : OpConversionPattern<onnx::ResizeOp> {
  static constexpr int64_t kMaxAntialiasTaps = 4096;

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

    auto toIndexValue = [&](Value value) -> Value {
      return arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(),
          arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                  value));
    };
    auto indexToF64 = [&](Value index) -> Value {
      return arith::SIToFPOp::create(
          rewriter, loc, f64,
          arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                     index));
    };

    ArrayRef<int64_t> operandIndex = geometry->operandIndex;
    int64_t count = llvm::count_if(operandIndex,
                                   [](int64_t index) { return index >= 0; });
    bool useSizes = op.getSizes() != nullptr;
    bool keepAspect = useSizes && op.getKeepAspectRatioPolicy() != "stretch";
    bool crop = op.getCoordinateTransformationMode() == "tf_crop_and_resize";
    if (crop && !op.getRoi())
      return emitUnsupported(op, "tf_crop_and_resize needs 'roi'");
    SmallVector<Value> inSizes;
    for (int64_t dim = 0; dim < rank; ++dim)
      inSizes.push_back(tensor::DimOp::create(rewriter, loc, input, dim));

    // Roi: constants where the geometry knows them, else read from the
    // operand at run time; [0, 1] on dims `axes` leaves out.
    SmallVector<Value> roi;
    for (int64_t i = 0; i < 2 * rank && crop; ++i) {
      int64_t dim = i % rank, index = operandIndex[dim];
      bool end = i >= rank;
      if (!geometry->roi.empty())
        roi.push_back(f64Constant(geometry->roi[i]));
      else if (index < 0)
        roi.push_back(f64Constant(end ? 1.0 : 0.0));
      else
        roi.push_back(
            toF64(extract(adaptor.getRoi(), end ? count + index : index)));
    }

    // Scales, one per dim: `scales`, or keep_aspect_ratio_policy's common
    // scale, the min (not_larger) or max (not_smaller) of sizes / input over
    // the resized dims; none when `sizes` stretches.
    SmallVector<Value> scales;
    if (!useSizes || keepAspect) {
      Value common;
      if (keepAspect && geometry->scales.empty()) {
        bool notLarger = op.getKeepAspectRatioPolicy() == "not_larger";
        for (int64_t dim = 0; dim < rank; ++dim) {
          if (operandIndex[dim] < 0)
            continue;
          Value size = extract(adaptor.getSizes(), operandIndex[dim]);
          Value ratio = arith::DivFOp::create(
              rewriter, loc,
              arith::SIToFPOp::create(rewriter, loc, f64, size),
              indexToF64(inSizes[dim]));
          common = !common    ? ratio
                   : notLarger ? arith::MinimumFOp::create(rewriter, loc,
                                                          common, ratio)
                                     .getResult()
                               : arith::MaximumFOp::create(rewriter, loc,
                                                          common, ratio)
                                     .getResult();
        }
      }
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (!geometry->scales.empty())
          scales.push_back(f64Constant(geometry->scales[dim]));
        else if (operandIndex[dim] < 0)
          scales.push_back(f64Constant(1.0));
        else if (common)
          scales.push_back(common);
        else
          scales.push_back(
              toF64(extract(adaptor.getScales(), operandIndex[dim])));
      }
    }

    // Output sizes: `sizes`, round(input * scale) for a keep_aspect_ratio
    // policy, or floor(input * extent * scale).
    SmallVector<Value> outSizes;
    SmallVector<OpFoldResult> outFolded;
    SmallVector<bool> passThrough;
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value in = inSizes[dim];
      int64_t known =
          geometry->known ? geometry->outputSizes[dim] : ShapedType::kDynamic;
      Value out;
      if (!ShapedType::isDynamic(known)) {
        out = arith::ConstantIndexOp::create(rewriter, loc, known);
        outFolded.push_back(rewriter.getIndexAttr(known));
      } else {
        if (operandIndex[dim] < 0) {
          out = in;
        } else if (keepAspect) {
          Value product =
              arith::MulFOp::create(rewriter, loc, indexToF64(in), scales[dim]);
          out = toIndexValue(math::FloorOp::create(
              rewriter, loc,
              arith::AddFOp::create(rewriter, loc, product,
                                    f64Constant(0.5))));
        } else if (useSizes) {
          out = arith::IndexCastOp::create(
              rewriter, loc, rewriter.getIndexType(),
              extract(adaptor.getSizes(), operandIndex[dim]));
        } else {
          Value scale = scales[dim];
          if (crop)
            scale = arith::MulFOp::create(rewriter, loc, scale,
                                          arith::SubFOp::create(rewriter, loc,
                                                                roi[rank + dim],
                                                                roi[dim]));
          Value product =
              arith::MulFOp::create(rewriter, loc, indexToF64(in), scale);
          out = toIndexValue(math::FloorOp::create(rewriter, loc, product));
        }
        outFolded.push_back(out);
      }
      outSizes.push_back(out);
      // A dim `axes` leaves out, or known to keep its size with scale 1 and
      // no crop, maps each index to itself in every mode.
      bool unitScale =
          geometry->known &&
          (!geometry->scales.empty()
               ? geometry->scales[dim] == 1.0
               : !ShapedType::isDynamic(known) &&
                     known == inputType.getDimSize(dim));
      passThrough.push_back(operandIndex[dim] < 0 || (unitScale && !crop));
    }

    // ONNX Resize antialias: only downscaling (scale < 1) stretches the
    // kernel, by a factor that fixes how many taps each output reads.
    SmallVector<double> kernelScales(rank, 1.0);
    if (op.getAntialias() && op.getMode() != "nearest") {
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (passThrough[dim])
          continue;
        int64_t in = inputType.getDimSize(dim);
        double scale;
        if (!geometry->scales.empty())
          scale = geometry->scales[dim];
        else if (geometry->known &&
                 !ShapedType::isDynamic(geometry->outputSizes[dim]) &&
                 !ShapedType::isDynamic(in))
          scale = static_cast<double>(geometry->outputSizes[dim]) / in;
        else
          return emitUnsupported(op, "antialias needs the scale of every "
                                     "resized dim at compile time (constant "
                                     "'scales', or constant 'sizes' and "
                                     "static input sizes)");
        kernelScales[dim] = std::min(scale, 1.0);
      }
      // The body reads every combination of taps: a tiny scale would make it
      // enormous.
      int64_t support = op.getMode() == "cubic" ? 2 : 1;
      int64_t combinations = 1;
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (passThrough[dim])
          continue;
        combinations *= 2 - 2 * getFirstKernelTap(support, kernelScales[dim]);
        if (combinations > kMaxAntialiasTaps)
          return emitUnsupported(op,
                                 "antialias at these scales reads more than ")
                 << kMaxAntialiasTaps << " input elements per output element";
      }
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
              ResizeBody body(b, l, op, scales, roi, inSizes, outSizes,
                              kernelScales);
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
  Value one = constant(1.0), two = constant(2.0);
  auto weight = [&](Value d) { return createCubicKernel(b, loc, d, a); };
  return {weight(arith::AddFOp::create(b, loc, t, one)), weight(t),
          weight(arith::SubFOp::create(b, loc, one, t)),
          weight(arith::SubFOp::create(b, loc, two, t))};
}

void populateResizePatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerResize>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
