//===- Signal.cpp - DFT, STFT, windows and MelWeightMatrix to linalg ------===//
//
// The transforms are direct O(n^2) sums, one linalg.generic whose reduction
// loop runs over the samples; the twiddle factor of frequency k and sample n
// is computed in f64 from (k * n) mod L, so that its angle stays exact for
// large lengths L, and rounded to the element type, in which the sum is
// accumulated. Complex results are [..., 2]: the real and imaginary parts
// are a parallel loop of their own.
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

#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

/// The integer scalar operand `converted` as an index: a constant where
/// `original`, the onnx operand, is one, else read at run time.
Value getScalarIndex(OpBuilder &b, Location loc, Value original,
                     Value converted) {
  if (FailureOr<SmallVector<int64_t>> values =
          onnx::getConstantIntValues(original);
      succeeded(values) && values->size() == 1)
    return arith::ConstantIndexOp::create(b, loc, values->front());
  return arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                    extractScalar(b, loc, converted));
}

/// max(value, 1): sizes read from the model at run time divide, and ONNX
/// requires them to be positive.
Value atLeastOne(OpBuilder &b, Location loc, Value value) {
  return b.createOrFold<arith::MaxSIOp>(
      loc, value, arith::ConstantIndexOp::create(b, loc, 1));
}

Value createF64(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
}

Value indexToF64(OpBuilder &b, Location loc, Value index) {
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return arith::SIToFPOp::create(b, loc, b.getF64Type(), i64);
}

/// floor(length / 2) + 1 when `onesided`, else `length`: the frequencies a
/// transform of `length` samples keeps.
Value getNumBins(OpBuilder &b, Location loc, Value length, bool onesided) {
  if (!onesided)
    return length;
  Value half = b.createOrFold<arith::DivUIOp>(
      loc, length, arith::ConstantIndexOp::create(b, loc, 2));
  return b.createOrFold<arith::AddIOp>(
      loc, half, arith::ConstantIndexOp::create(b, loc, 1));
}

/// Where the imaginary part lies along the trailing dim of complex values.
struct ImaginaryPart {
  /// 1 when there is one, else 0 (the real part, read and ignored).
  Value index;
  /// An i1: whether the values are complex.
  Value isComplex;
};

/// The ImaginaryPart of values whose trailing dim has `parts` elements (1
/// for real values, 2 for complex ones).
ImaginaryPart getImaginaryPart(OpBuilder &b, Location loc, Value parts) {
  Value isComplex =
      b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, parts,
                                    arith::ConstantIndexOp::create(b, loc, 2));
  Value index = b.createOrFold<arith::SelectOp>(
      loc, isComplex, arith::ConstantIndexOp::create(b, loc, 1),
      arith::ConstantIndexOp::create(b, loc, 0));
  return {index, isComplex};
}

//===----------------------------------------------------------------------===//
// Twiddle factors
//===----------------------------------------------------------------------===//

/// Component `component` (0 real, 1 imaginary) of (re + i im) times
/// scale * e^(-2 pi i k n / length), or e^(+...) when `inverse`, in the
/// type of `re`. `scale` is an f64; k, n, length and component are indices.
Value createTwiddledComponent(OpBuilder &b, Location loc, Value re, Value im,
                              Value k, Value n, Value length, Value scale,
                              Value component, bool inverse) {
  Type elementType = re.getType();
  // (k * n) mod L: the angle in [0, 2 pi) loses no precision to large k * n.
  Value phase = arith::RemUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, k, n), length);
  Value angle = arith::DivFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, createF64(b, loc, 2 * llvm::numbers::pi),
                            indexToF64(b, loc, phase)),
      indexToF64(b, loc, length));
  auto scaled = [&](Value value) {
    return convertScalarToDtype(b, loc,
                                arith::MulFOp::create(b, loc, value, scale),
                                elementType, /*isUnsignedCast=*/false);
  };
  Value cos = scaled(math::CosOp::create(b, loc, angle));
  Value sin = scaled(math::SinOp::create(b, loc, angle));
  // (re + i im)(cos -+ i sin) = (re cos +- im sin) + i (im cos -+ re sin).
  Value reCos = arith::MulFOp::create(b, loc, re, cos);
  Value imSin = arith::MulFOp::create(b, loc, im, sin);
  Value imCos = arith::MulFOp::create(b, loc, im, cos);
  Value reSin = arith::MulFOp::create(b, loc, re, sin);
  Value real = inverse ? Value(arith::SubFOp::create(b, loc, reCos, imSin))
                       : Value(arith::AddFOp::create(b, loc, reCos, imSin));
  Value imaginary = inverse
                        ? Value(arith::AddFOp::create(b, loc, imCos, reSin))
                        : Value(arith::SubFOp::create(b, loc, imCos, reSin));
  Value isReal =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, component,
                            arith::ConstantIndexOp::create(b, loc, 0));
  return arith::SelectOp::create(b, loc, isReal, real, imaginary);
}

//===----------------------------------------------------------------------===//
// DFT
//===----------------------------------------------------------------------===//

/// ONNX DFT along dim `axis` of `input`, over `length` samples (an index;
/// null for the axis' size), as a tensor of `resultType`: y[..., k, ..., :] =
/// sum over n < min(N, L) of x[..., n, ..., :] e^(-+2 pi i k n / L) (/ L when
/// inverse); samples past N are the zero padding and contribute nothing.
Value createDFT(OpBuilder &b, Location loc, Value input, int64_t axis,
                Value length, bool inverse, bool onesided,
                RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  Type elementType = type.getElementType();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  Value size = getValueOrCreateConstantIndexOp(b, loc, sizes[axis]);
  if (!length)
    length = size;
  OpFoldResult samples =
      getAsOpFoldResult(b.createOrFold<arith::MinSIOp>(loc, size, length));

  // The real and imaginary parts as two [..., 1] slices of the used
  // samples; real input reads its real part twice and ignores the copy.
  ImaginaryPart imaginaryPart = getImaginaryPart(
      b, loc, getValueOrCreateConstantIndexOp(b, loc, sizes.back()));
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sliceSizes(sizes);
  sliceSizes[axis] = samples;
  sliceSizes.back() = b.getIndexAttr(1);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  Value real = createExtractSlice(b, loc, input, offsets, sliceSizes, strides);
  offsets.back() = getAsOpFoldResult(imaginaryPart.index);
  Value imaginary =
      createExtractSlice(b, loc, input, offsets, sliceSizes, strides);

  SmallVector<OpFoldResult> resultSizes(sizes);
  resultSizes[axis] = getAsOpFoldResult(getNumBins(b, loc, length, onesided));
  resultSizes.back() = b.getIndexAttr(2);
  Value init = createFilledTensor(b, loc, resultType, resultSizes,
                                  createZero(b, loc, elementType));
  Value scale = createF64(b, loc, 1.0);
  if (inverse)
    scale = arith::DivFOp::create(b, loc, scale, indexToF64(b, loc, length));

  // Loops: the result's dims, then the samples n (a reduction).
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> sliceExprs;
  for (int64_t dim = 0; dim < rank - 1; ++dim)
    sliceExprs.push_back(getAffineDimExpr(dim == axis ? rank : dim, context));
  sliceExprs.push_back(getAffineConstantExpr(0, context));
  AffineMap sliceMap = AffineMap::get(rank + 1, 0, sliceExprs, context);
  AffineMap resultMap =
      AffineMap::getMultiDimIdentityMap(rank + 1, context).getMajorSubMap(rank);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value zero = createZero(b, loc, elementType);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{real, imaginary},
             ValueRange{init},
             ArrayRef<AffineMap>{sliceMap, sliceMap, resultMap}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value im = nb.createOrFold<arith::SelectOp>(
                   l, imaginaryPart.isComplex, args[1], zero);
               Value term = createTwiddledComponent(
                   nb, l, args[0], im, linalg::IndexOp::create(nb, l, axis),
                   linalg::IndexOp::create(nb, l, rank), length, scale,
                   linalg::IndexOp::create(nb, l, rank - 1), inverse);
               linalg::YieldOp::create(
                   nb, l,
                   ValueRange{arith::AddFOp::create(nb, l, args[2], term)});
             })
      .getResult(0);
}

/// ONNX DFT. An axis known only at run time selects among the transforms
/// along each dim that may be an axis ([0, rank - 2]; out of range, the
/// last of them) with an scf.index_switch.
struct LowerDFT : OpConversionPattern<onnx::DFTOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DFTOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    int64_t rank = type.getRank();
    bool inverse = op.getInverse() != 0, onesided = op.getOnesided() != 0;
    Value length;
    if (op.getDftLength())
      length = atLeastOne(rewriter, loc,
                          getScalarIndex(rewriter, loc, op.getDftLength(),
                                         adaptor.getDftLength()));

    if (FailureOr<int64_t> axis = op.getAxisDim(rank); succeeded(axis)) {
      rewriter.replaceOp(op, createDFT(rewriter, loc, input, *axis, length,
                                       inverse, onesided, *resultType));
      return success();
    }
    if (!adaptor.getAxis() ||
        !isa<RankedTensorType>(adaptor.getAxis().getType()))
      return emitUnsupported(op, "its axis must be a ranked tensor");
    Value axis = getScalarIndex(rewriter, loc, op.getAxis(), adaptor.getAxis());
    axis = wrapIndex(rewriter, loc, axis,
                     arith::ConstantIndexOp::create(rewriter, loc, rank));
    SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
    shape.back() = 2;
    auto anyAxisType = RankedTensorType::get(shape, type.getElementType());
    SmallVector<int64_t> cases =
        llvm::to_vector(llvm::seq<int64_t>(0, rank - 2));
    auto switchOp = scf::IndexSwitchOp::create(
        rewriter, loc, TypeRange{anyAxisType}, axis, cases, cases.size());
    auto fillCase = [&](Region &region, int64_t dim) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&region.emplaceBlock());
      Value result = createDFT(rewriter, loc, input, dim, length, inverse,
                               onesided, anyAxisType);
      scf::YieldOp::create(rewriter, loc, result);
    };
    for (auto [region, dim] : llvm::zip(switchOp.getCaseRegions(), cases))
      fillCase(region, dim);
    fillCase(switchOp.getDefaultRegion(), rank - 2);
    rewriter.replaceOp(
        op, castTo(rewriter, loc, switchOp.getResult(0), *resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// STFT
//===----------------------------------------------------------------------===//

/// ONNX STFT: y[b, f, k, :] = sum over n < L of x[b, f * step + n, :] w[n]
/// e^(-2 pi i k n / L), over the frames that fit in the signal.
struct LowerSTFT : OpConversionPattern<onnx::STFTOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::STFTOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value signal = adaptor.getSignal();
    auto type = dyn_cast<RankedTensorType>(signal.getType());
    if (!type)
      return emitUnsupported(op, "its signal must be a ranked tensor");
    Type elementType = type.getElementType();
    Value window = adaptor.getWindow();
    if (window && (!isa<RankedTensorType>(window.getType()) ||
                   getElementTypeOrSelf(window) != elementType))
      return emitUnsupported(
          op, "its window must be a ranked tensor of the signal's type");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();

    SmallVector<Value> sizes = getValueOrCreateConstantIndexOp(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, signal));
    Value step = atLeastOne(rewriter, loc,
                            getScalarIndex(rewriter, loc, op.getFrameStep(),
                                           adaptor.getFrameStep()));
    // The window's size is the frame length; without a window, frames are
    // taken as they are (a window of ones).
    Value length;
    if (window) {
      length = getValueOrCreateConstantIndexOp(
          rewriter, loc, tensor::getMixedSizes(rewriter, loc, window)[0]);
    } else {
      length = atLeastOne(rewriter, loc,
                          getScalarIndex(rewriter, loc, op.getFrameLength(),
                                         adaptor.getFrameLength()));
      auto windowType = RankedTensorType::get(
          {getConstantIntValue(length).value_or(ShapedType::kDynamic)},
          elementType);
      window = createFilledTensor(
          rewriter, loc, windowType, {length},
          arith::ConstantOp::create(rewriter, loc,
                                    rewriter.getOneAttr(elementType)));
    }
    // frames = max(0, floor((T - L) / step) + 1).
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value frames = rewriter.createOrFold<arith::MaxSIOp>(
        loc, arith::ConstantIndexOp::create(rewriter, loc, 0),
        rewriter.createOrFold<arith::AddIOp>(
            loc,
            rewriter.createOrFold<arith::FloorDivSIOp>(
                loc,
                rewriter.createOrFold<arith::SubIOp>(loc, sizes[1], length),
                step),
            one));
    SmallVector<OpFoldResult> resultSizes{
        sizes[0], frames,
        getNumBins(rewriter, loc, length, op.getOnesided() != 0),
        rewriter.getIndexAttr(2)};
    Value init = createFilledTensor(rewriter, loc, *resultType, resultSizes,
                                    createZero(rewriter, loc, elementType));
    ImaginaryPart imaginaryPart = getImaginaryPart(rewriter, loc, sizes[2]);
    Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value zero = createZero(rewriter, loc, elementType);
    Value scale = createF64(rewriter, loc, 1.0);

    // Loops (batch, frame, k, part, n); n is a reduction.
    MLIRContext *context = rewriter.getContext();
    AffineMap windowMap =
        AffineMap::get(5, 0, {getAffineDimExpr(4, context)}, context);
    AffineMap resultMap =
        AffineMap::getMultiDimIdentityMap(5, context).getMajorSubMap(4);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{*resultType}, ValueRange{window},
            ValueRange{init}, ArrayRef<AffineMap>{windowMap, resultMap},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value batch = linalg::IndexOp::create(b, l, 0);
              Value frame = linalg::IndexOp::create(b, l, 1);
              Value n = linalg::IndexOp::create(b, l, 4);
              // Frames fit in the signal by construction; the clamp keeps a
              // window longer than frame_length said from reading past it.
              Value position = clampIndex(
                  b, l,
                  arith::AddIOp::create(
                      b, l, arith::MulIOp::create(b, l, frame, step), n),
                  sizes[1]);
              Value re = tensor::ExtractOp::create(
                  b, l, signal, ValueRange{batch, position, zeroIndex});
              Value im = b.createOrFold<arith::SelectOp>(
                  l, imaginaryPart.isComplex,
                  tensor::ExtractOp::create(
                      b, l, signal,
                      ValueRange{batch, position, imaginaryPart.index}),
                  zero);
              Value term = createTwiddledComponent(
                  b, l, arith::MulFOp::create(b, l, re, args[0]),
                  arith::MulFOp::create(b, l, im, args[0]),
                  linalg::IndexOp::create(b, l, 2), n, length, scale,
                  linalg::IndexOp::create(b, l, 3), /*inverse=*/false);
              linalg::YieldOp::create(
                  b, l, ValueRange{arith::AddFOp::create(b, l, args[1], term)});
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// HannWindow, HammingWindow, BlackmanWindow
//===----------------------------------------------------------------------===//

/// w[n] = a0 - a1 cos(2 pi n / D) + a2 cos(4 pi n / D), D = size when
/// periodic, else size - 1, computed in f64.
template <typename OpTy> struct LowerWindow : OpConversionPattern<OpTy> {
  LowerWindow(const TypeConverter &typeConverter, MLIRContext *context,
              double a0, double a1, double a2)
      : OpConversionPattern<OpTy>(typeConverter, context), a0(a0), a1(a1),
        a2(a2) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Type elementType = resultType->getElementType();
    // A negative size read at run time gives an empty window.
    Value size = rewriter.createOrFold<arith::MaxSIOp>(
        loc, getScalarIndex(rewriter, loc, op.getSize(), adaptor.getSize()),
        arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value denominator = indexToF64(rewriter, loc, size);
    if (op.getPeriodic() == 0)
      denominator = arith::SubFOp::create(rewriter, loc, denominator,
                                          createF64(rewriter, loc, 1.0));
    Value init = createEmptyTensor(rewriter, loc, *resultType, {size});
    MLIRContext *context = rewriter.getContext();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{*resultType}, ValueRange{},
            ValueRange{init},
            ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(1, context)},
            utils::IteratorType::parallel,
            [&](OpBuilder &b, Location l, ValueRange) {
              Value angle = arith::DivFOp::create(
                  b, l,
                  arith::MulFOp::create(
                      b, l, createF64(b, l, 2 * llvm::numbers::pi),
                      indexToF64(b, l, linalg::IndexOp::create(b, l, 0))),
                  denominator);
              auto term = [&](double coefficient, double multiple) -> Value {
                Value cos = math::CosOp::create(
                    b, l,
                    arith::MulFOp::create(b, l, createF64(b, l, multiple),
                                          angle));
                return arith::MulFOp::create(b, l, createF64(b, l, coefficient),
                                             cos);
              };
              Value value = arith::AddFOp::create(
                  b, l,
                  arith::SubFOp::create(b, l, createF64(b, l, a0),
                                        term(a1, 1.0)),
                  term(a2, 2.0));
              linalg::YieldOp::create(
                  b, l,
                  ValueRange{convertScalarToDtype(b, l, value, elementType,
                                                  /*isUnsignedCast=*/false)});
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }

  double a0, a1, a2;
};

//===----------------------------------------------------------------------===//
// MelWeightMatrix
//===----------------------------------------------------------------------===//

/// ONNX MelWeightMatrix, as its reference computes it: num_mel_bins + 2
/// points evenly spaced on the mel scale from lower to upper edge (the step
/// divides by num_mel_bins + 2), mapped to spectrogram bins
/// floor((dft_length + 1) * hertz / sample_rate). Mel bin i is a triangle
/// over bins [p(i), p(i + 2)) rising to 1 at p(i + 1); where the rising
/// edge is empty, only p(i + 1) is 1.
struct LowerMelWeightMatrix : OpConversionPattern<onnx::MelWeightMatrixOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MelWeightMatrixOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Type elementType = resultType->getElementType();
    Type f64 = rewriter.getF64Type();
    auto readF64 = [&](Value original, Value converted) {
      Value index = getScalarIndex(rewriter, loc, original, converted);
      return indexToF64(rewriter, loc, index);
    };
    auto readHertz = [&](Value converted) {
      return convertScalarToDtype(rewriter, loc,
                                  extractScalar(rewriter, loc, converted), f64,
                                  /*isUnsignedCast=*/false);
    };
    // Sizes read at run time are kept valid for the result's allocation.
    Value melBins = rewriter.createOrFold<arith::MaxSIOp>(
        loc,
        getScalarIndex(rewriter, loc, op.getNumMelBins(),
                       adaptor.getNumMelBins()),
        arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value dftLength =
        atLeastOne(rewriter, loc,
                   getScalarIndex(rewriter, loc, op.getDftLength(),
                                  adaptor.getDftLength()));
    Value sampleRate = readF64(op.getSampleRate(), adaptor.getSampleRate());
    auto toMel = [&](Value hertz) -> Value {
      // mel(f) = 2595 log10(1 + f / 700)
      Value ratio = arith::DivFOp::create(rewriter, loc, hertz,
                                          createF64(rewriter, loc, 700.0));
      Value log = math::Log10Op::create(
          rewriter, loc,
          arith::AddFOp::create(rewriter, loc, createF64(rewriter, loc, 1.0),
                                ratio));
      return arith::MulFOp::create(rewriter, loc,
                                   createF64(rewriter, loc, 2595.0), log);
    };
    Value lowMel = toMel(readHertz(adaptor.getLowerEdgeHertz()));
    Value highMel = toMel(readHertz(adaptor.getUpperEdgeHertz()));
    Value points =
        arith::AddIOp::create(rewriter, loc, melBins,
                              arith::ConstantIndexOp::create(rewriter, loc, 2));
    Value melStep = arith::DivFOp::create(
        rewriter, loc, arith::SubFOp::create(rewriter, loc, highMel, lowMel),
        indexToF64(rewriter, loc, points));
    Value lengthPlusOne = arith::AddFOp::create(
        rewriter, loc, indexToF64(rewriter, loc, dftLength),
        createF64(rewriter, loc, 1.0));

    Value init = createEmptyTensor(
        rewriter, loc, *resultType,
        {getNumBins(rewriter, loc, dftLength, /*onesided=*/true), melBins});
    MLIRContext *context = rewriter.getContext();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{*resultType}, ValueRange{},
            ValueRange{init},
            ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(2, context)},
            SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange) {
              Value bin = linalg::IndexOp::create(b, l, 0);
              Value melBin = linalg::IndexOp::create(b, l, 1);
              // The spectrogram bin of point `offset` past mel bin i.
              auto point = [&](int64_t offset) -> Value {
                Value index = arith::AddIOp::create(
                    b, l, melBin, arith::ConstantIndexOp::create(b, l, offset));
                Value mel = arith::AddFOp::create(
                    b, l,
                    arith::MulFOp::create(b, l, indexToF64(b, l, index),
                                          melStep),
                    lowMel);
                Value power = math::PowFOp::create(
                    b, l, createF64(b, l, 10.0),
                    arith::DivFOp::create(b, l, mel, createF64(b, l, 2595.0)));
                Value hertz = arith::MulFOp::create(
                    b, l, createF64(b, l, 700.0),
                    arith::SubFOp::create(b, l, power, createF64(b, l, 1.0)));
                Value scaled = arith::DivFOp::create(
                    b, l, arith::MulFOp::create(b, l, lengthPlusOne, hertz),
                    sampleRate);
                return math::FloorOp::create(b, l, scaled);
              };
              Value left = point(0), center = point(1), right = point(2);
              Value j = indexToF64(b, l, bin);
              auto cmp = [&](arith::CmpFPredicate predicate, Value lhs,
                             Value rhs) {
                return arith::CmpFOp::create(b, l, predicate, lhs, rhs);
              };
              auto ratio = [&](Value numerator, Value denominator) {
                return arith::DivFOp::create(b, l, numerator, denominator);
              };
              Value zero = createF64(b, l, 0.0);
              // The falling edge [center, right), written last, wins.
              Value falling = arith::AndIOp::create(
                  b, l, cmp(arith::CmpFPredicate::OLE, center, j),
                  cmp(arith::CmpFPredicate::OLT, j, right));
              Value fallingValue =
                  ratio(arith::SubFOp::create(b, l, right, j),
                        arith::SubFOp::create(b, l, right, center));
              Value rising = arith::AndIOp::create(
                  b, l, cmp(arith::CmpFPredicate::OLE, left, j),
                  cmp(arith::CmpFPredicate::OLE, j, center));
              Value flat = cmp(arith::CmpFPredicate::OEQ, left, center);
              Value risingValue = arith::SelectOp::create(
                  b, l, flat,
                  arith::UIToFPOp::create(
                      b, l, f64, cmp(arith::CmpFPredicate::OEQ, j, center)),
                  ratio(arith::SubFOp::create(b, l, j, left),
                        arith::SubFOp::create(b, l, center, left)));
              Value value = arith::SelectOp::create(
                  b, l, falling, fallingValue,
                  arith::SelectOp::create(b, l, rising, risingValue, zero));
              linalg::YieldOp::create(
                  b, l,
                  ValueRange{convertScalarToDtype(b, l, value, elementType,
                                                  /*isUnsignedCast=*/false)});
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateSignalPatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerDFT, LowerMelWeightMatrix, LowerSTFT>(typeConverter,
                                                          context);
  patterns.add<LowerWindow<onnx::BlackmanWindowOp>>(typeConverter, context,
                                                    0.42, 0.5, 0.08);
  patterns.add<LowerWindow<onnx::HammingWindowOp>>(
      typeConverter, context, 25.0 / 46.0, 21.0 / 46.0, 0.0);
  patterns.add<LowerWindow<onnx::HannWindowOp>>(typeConverter, context, 0.5,
                                                0.5, 0.0);
}

} // namespace onnxc::detail
