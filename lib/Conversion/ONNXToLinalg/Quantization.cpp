//===- Quantization.cpp - Quantization ops and integer products to linalg -===//
//
// Quantized values are widened to i32 and their zero points subtracted
// before any product, so that MatMulInteger and QLinearMatMul become an
// onnx.MatMul on i32 (lowered by MatMul.cpp) and the convolutions a linalg
// convolution on i32 (Conv.cpp's createConvolution). Requantization and
// QuantizeLinear compute in f32: round half to even, add the zero point,
// saturate to the result type.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/Quantization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

//===----------------------------------------------------------------------===//
// Scalar arithmetic
//===----------------------------------------------------------------------===//

/// `value`, an integer of ONNX signedness `isUnsigned`, widened to i32.
Value extendToI32(OpBuilder &b, Location loc, Value value, bool isUnsigned) {
  Type i32 = b.getI32Type();
  if (value.getType() == i32)
    return value;
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, i32, value);
  return arith::ExtSIOp::create(b, loc, i32, value);
}

/// `value` (a float, or an integer of signedness `isUnsigned`) as an f32.
Value toF32(OpBuilder &b, Location loc, Value value, bool isUnsigned) {
  Type f32 = b.getF32Type();
  Type type = value.getType();
  if (type == f32)
    return value;
  if (auto floatType = dyn_cast<FloatType>(type)) {
    if (floatType.getWidth() < 32)
      return arith::ExtFOp::create(b, loc, f32, value);
    return arith::TruncFOp::create(b, loc, f32, value);
  }
  if (isUnsigned)
    return arith::UIToFPOp::create(b, loc, f32, value);
  return arith::SIToFPOp::create(b, loc, f32, value);
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

/// ONNX QuantizeLinear's last steps on an f32 `scaled` (x / scale):
/// round half to even, add the f32 `zeroPoint`, saturate to `type`. A NaN
/// saturates to the lowest value (maxnumf/minnumf ignore it).
Value roundAndSaturate(OpBuilder &b, Location loc, Value scaled,
                       Value zeroPoint, IntegerType type, bool isUnsigned) {
  Value rounded = math::RoundEvenOp::create(b, loc, scaled);
  Value shifted = arith::AddFOp::create(b, loc, rounded, zeroPoint);
  unsigned width = type.getWidth();
  APInt low =
      isUnsigned ? APInt::getMinValue(width) : APInt::getSignedMinValue(width);
  APInt high =
      isUnsigned ? APInt::getMaxValue(width) : APInt::getSignedMaxValue(width);
  // Each branch converts on its own: a ?: of int64_t and uint64_t would
  // make the signed minimum unsigned.
  double lowValue = isUnsigned ? static_cast<double>(low.getZExtValue())
                               : static_cast<double>(low.getSExtValue());
  double highValue = isUnsigned ? static_cast<double>(high.getZExtValue())
                                : static_cast<double>(high.getSExtValue());
  Value clamped = arith::MinNumFOp::create(
      b, loc,
      arith::MaxNumFOp::create(b, loc, shifted, f32Constant(b, loc, lowValue)),
      f32Constant(b, loc, highValue));
  if (isUnsigned)
    return arith::FPToUIOp::create(b, loc, type, clamped);
  return arith::FPToSIOp::create(b, loc, type, clamped);
}

//===----------------------------------------------------------------------===//
// Reading scales and zero points
//===----------------------------------------------------------------------===//

/// A scale or zero point (converted) that a linalg.generic over a tensor
/// reads: per tensor, per index of loop `loop`, or per block of `blockSize`
/// indices of loop `loop` (the parameter then has one dim per loop).
struct Param {
  Value value;
  /// Whether the onnx type holds unsigned integers.
  bool isUnsigned = false;
  onnx::QuantizationGranularity granularity =
      onnx::QuantizationGranularity::PerTensor;
  int64_t loop = 0;
  int64_t blockSize = 0;
};

/// A Param of `original` (onnx) / `converted`, classified against `input`
/// (onnx, ranked) along its dim `axis` (normalised), which loop `loop` of the
/// generic runs over.
FailureOr<Param> classifyParam(Operation *op, Value original, Value converted,
                               Value input, int64_t axis, int64_t loop,
                               int64_t blockSize) {
  auto paramType = dyn_cast<RankedTensorType>(original.getType());
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  if (!paramType || !inputType)
    return emitUnsupported(op, "scales and zero points must be ranked");
  std::string error;
  FailureOr<onnx::QuantizationGranularity> granularity =
      onnx::classifyQuantizationParam(inputType, paramType, axis, blockSize,
                                      error);
  if (failed(granularity))
    return emitUnsupported(op, error);
  Param param;
  param.value = converted;
  param.isUnsigned = isUnsignedElement(original.getType());
  param.granularity = *granularity;
  param.loop = loop;
  param.blockSize = blockSize;
  return param;
}

/// A per-tensor Param.
Param scalarParam(Value original, Value converted) {
  Param param;
  param.value = converted;
  param.isUnsigned = isUnsignedElement(original.getType());
  return param;
}

/// Whether a 1-D per-axis parameter's size is known only at run time: it may
/// then be a single value for the whole tensor, so the body reads it at
/// min(index, size - 1).
bool isReadInBody(const Param &param) {
  return param.granularity == onnx::QuantizationGranularity::PerAxis &&
         cast<RankedTensorType>(param.value.getType()).isDynamicDim(0);
}

/// How the generic's indexing map reads a Param not read in the body.
AffineMap getParamMap(const Param &param, unsigned numLoops,
                      MLIRContext *context) {
  auto type = cast<RankedTensorType>(param.value.getType());
  SmallVector<AffineExpr> exprs;
  switch (param.granularity) {
  case onnx::QuantizationGranularity::PerTensor:
    if (type.getRank() == 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    break;
  case onnx::QuantizationGranularity::PerAxis:
    exprs.push_back(getAffineDimExpr(param.loop, context));
    break;
  case onnx::QuantizationGranularity::Blocked:
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      AffineExpr expr = getAffineDimExpr(dim, context);
      exprs.push_back(dim == param.loop ? expr.floorDiv(param.blockSize)
                                        : expr);
    }
    break;
  }
  return AffineMap::get(numLoops, 0, exprs, context);
}

/// Computes a result element from the input element and the Params'
/// elements.
using ParamBodyBuilder =
    function_ref<Value(OpBuilder &, Location, Value, ValueRange)>;

/// A linalg.generic over `input` producing `resultType` (input's shape): the
/// body gets each input element with the elements of `params` that belong to
/// it (null for a null Param value).
Value createParamGeneric(OpBuilder &b, Location loc, Value input,
                         ArrayRef<Param> params, RankedTensorType resultType,
                         ParamBodyBuilder body) {
  MLIRContext *context = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{identity};
  // Last valid index of each parameter read in the body.
  SmallVector<Value> lastIndices(params.size());
  for (auto [index, param] : llvm::enumerate(params)) {
    if (!param.value)
      continue;
    if (isReadInBody(param)) {
      Value size = tensor::DimOp::create(b, loc, param.value, 0);
      lastIndices[index] = arith::SubIOp::create(
          b, loc, size, arith::ConstantIndexOp::create(b, loc, 1));
      continue;
    }
    inputs.push_back(param.value);
    maps.push_back(getParamMap(param, rank, context));
  }
  maps.push_back(identity);
  Value init = createEmptyTensor(b, loc, resultType,
                                 tensor::getMixedSizes(b, loc, input));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               SmallVector<Value> elements;
               unsigned next = 1;
               for (auto [index, param] : llvm::enumerate(params)) {
                 if (!param.value) {
                   elements.push_back(Value());
                 } else if (Value last = lastIndices[index]) {
                   Value position = arith::MinSIOp::create(
                       nested, nestedLoc,
                       linalg::IndexOp::create(nested, nestedLoc, param.loop),
                       last);
                   elements.push_back(tensor::ExtractOp::create(
                       nested, nestedLoc, param.value, ValueRange{position}));
                 } else {
                   elements.push_back(args[next++]);
                 }
               }
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   body(nested, nestedLoc, args[0], elements));
             })
      .getResult(0);
}

/// `value` (a quantized tensor of onnx type `original`) widened to i32 with
/// `zeroPoint` subtracted: what the integer products multiply.
Value createShiftedI32(OpBuilder &b, Location loc, Value original, Value value,
                       const Param &zeroPoint) {
  auto type = cast<RankedTensorType>(value.getType());
  bool isUnsigned = isUnsignedElement(original.getType());
  auto resultType = type.clone(b.getI32Type());
  return createParamGeneric(
      b, loc, value, {zeroPoint}, resultType,
      [&](OpBuilder &nested, Location nestedLoc, Value element,
          ValueRange params) -> Value {
        Value wide = extendToI32(nested, nestedLoc, element, isUnsigned);
        if (!params[0])
          return wide;
        Value shift =
            extendToI32(nested, nestedLoc, params[0], zeroPoint.isUnsigned);
        return arith::SubIOp::create(nested, nestedLoc, wide, shift);
      });
}

/// The QLinear* ops' last step: the i32 accumulator `acc` times
/// x_scale * w_scale / y_scale, rounded, plus y's zero point, saturated to
/// `resultType`. `params` are the two input scales, y's scale and y's zero
/// point.
Value createRequantize(OpBuilder &b, Location loc, Value acc,
                       ArrayRef<Param> params, RankedTensorType resultType,
                       bool isUnsigned) {
  auto elementType = cast<IntegerType>(resultType.getElementType());
  return createParamGeneric(
      b, loc, acc, params, resultType,
      [&](OpBuilder &nested, Location nestedLoc, Value element,
          ValueRange scalars) -> Value {
        auto f32 = [&](unsigned index) {
          return toF32(nested, nestedLoc, scalars[index],
                       params[index].isUnsigned);
        };
        // ONNX QLinearMatMul and QLinearConv: the accumulator times
        // (a_scale * b_scale / y_scale).
        Value multiplier = arith::DivFOp::create(
            nested, nestedLoc,
            arith::MulFOp::create(nested, nestedLoc, f32(0), f32(1)), f32(2));
        Value scaled = arith::MulFOp::create(
            nested, nestedLoc,
            arith::SIToFPOp::create(nested, nestedLoc, nested.getF32Type(),
                                    element),
            multiplier);
        return roundAndSaturate(nested, nestedLoc, scaled, f32(3), elementType,
                                isUnsigned);
      });
}

/// Checks that the converted operands are ranked tensors.
LogicalResult requireRanked(Operation *op, ValueRange values) {
  for (Value value : values)
    if (value && !isa<RankedTensorType>(value.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear
//===----------------------------------------------------------------------===//

/// The scale and zero point of a QuantizeLinear or DequantizeLinear on `x`.
FailureOr<std::pair<Param, Param>>
classifyLinearParams(Operation *op, Value x, Value scale, Value convertedScale,
                     Value zeroPoint, Value convertedZeroPoint, int64_t axis,
                     int64_t blockSize) {
  auto xType = cast<RankedTensorType>(x.getType());
  auto scaleType = cast<RankedTensorType>(scale.getType());
  FailureOr<int64_t> maybeAxis = onnx::normalizeAxis(axis, xType.getRank());
  if (failed(maybeAxis)) {
    // ONNX ignores the axis of per-tensor parameters (the default axis 1 of
    // a 1-D x is out of range), so only they may come without one.
    if (blockSize > 0 || scaleType.getRank() > 1)
      return emitUnsupported(op, "axis is out of range");
    return std::make_pair(scalarParam(scale, convertedScale),
                          zeroPoint ? scalarParam(zeroPoint, convertedZeroPoint)
                                    : Param());
  }
  int64_t normalized = *maybeAxis;
  FailureOr<Param> scaleParam = classifyParam(
      op, scale, convertedScale, x, normalized, normalized, blockSize);
  if (failed(scaleParam))
    return failure();
  Param zeroPointParam;
  if (zeroPoint) {
    FailureOr<Param> classified =
        classifyParam(op, zeroPoint, convertedZeroPoint, x, normalized,
                      normalized, blockSize);
    if (failed(classified))
      return failure();
    zeroPointParam = *classified;
  }
  return std::make_pair(*scaleParam, zeroPointParam);
}

/// ONNX QuantizeLinear: y = saturate(round_half_even(x / y_scale) +
/// y_zero_point), computed in f32.
struct LowerQuantizeLinear : OpConversionPattern<onnx::QuantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::QuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) ||
        failed(requireRanked(op, adaptor.getOperands())) ||
        failed(requireRanked(op, op->getOperands())))
      return failure();
    auto params = classifyLinearParams(
        op, op.getX(), op.getYScale(), adaptor.getYScale(), op.getYZeroPoint(),
        adaptor.getYZeroPoint(), op.getAxis(), op.getBlockSize());
    if (failed(params))
      return failure();
    bool xIsUnsigned = isUnsignedElement(op.getX().getType());
    bool isUnsigned = isUnsignedElement(op.getY().getType());
    auto elementType = cast<IntegerType>(resultType->getElementType());
    Value result = createParamGeneric(
        rewriter, loc, adaptor.getX(), {params->first, params->second},
        *resultType,
        [&](OpBuilder &b, Location l, Value x, ValueRange scalars) -> Value {
          Value scaled = arith::DivFOp::create(
              b, l, toF32(b, l, x, xIsUnsigned),
              toF32(b, l, scalars[0], /*isUnsigned=*/false));
          Value zeroPoint =
              scalars[1] ? toF32(b, l, scalars[1], params->second.isUnsigned)
                         : f32Constant(b, l, 0.0);
          return roundAndSaturate(b, l, scaled, zeroPoint, elementType,
                                  isUnsigned);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX DequantizeLinear: y = (x - x_zero_point) * x_scale, computed in f32
/// as the ONNX reference does.
struct LowerDequantizeLinear : OpConversionPattern<onnx::DequantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DequantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) ||
        failed(requireRanked(op, adaptor.getOperands())) ||
        failed(requireRanked(op, op->getOperands())))
      return failure();
    auto params = classifyLinearParams(
        op, op.getX(), op.getXScale(), adaptor.getXScale(), op.getXZeroPoint(),
        adaptor.getXZeroPoint(), op.getAxis(), op.getBlockSize());
    if (failed(params))
      return failure();
    bool xIsUnsigned = isUnsignedElement(op.getX().getType());
    auto elementType = cast<FloatType>(resultType->getElementType());
    Value result = createParamGeneric(
        rewriter, loc, adaptor.getX(), {params->first, params->second},
        *resultType,
        [&](OpBuilder &b, Location l, Value x, ValueRange scalars) -> Value {
          Value value = toF32(b, l, x, xIsUnsigned);
          if (scalars[1])
            value = arith::SubFOp::create(
                b, l, value,
                toF32(b, l, scalars[1], params->second.isUnsigned));
          value = arith::MulFOp::create(
              b, l, value, toF32(b, l, scalars[0], /*isUnsigned=*/false));
          if (elementType.getWidth() < 32)
            return arith::TruncFOp::create(b, l, elementType, value);
          if (elementType.getWidth() > 32)
            return arith::ExtFOp::create(b, l, elementType, value);
          return value;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX DynamicQuantizeLinear: x's range, widened to include 0, maps onto
/// [0, 255]; then QuantizeLinear with that scale and zero point.
struct LowerDynamicQuantizeLinear
    : OpConversionPattern<onnx::DynamicQuantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DynamicQuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<RankedTensorType>> convertedTypes =
        getConvertedResultTypes(op, *getTypeConverter());
    if (failed(convertedTypes))
      return failure();
    SmallVector<RankedTensorType> &resultTypes = *convertedTypes;
    Value x = adaptor.getX();
    if (failed(requireRanked(op, {x})))
      return failure();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    SmallVector<bool> reduced(rank, true);
    // ONNX: the range always includes 0, so both reductions start there.
    Value zero = f32Constant(rewriter, loc, 0.0);
    auto reduce = [&](bool isMax) -> Value {
      Value tensor = createReduction(
          rewriter, loc, x, reduced, zero, {},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            if (isMax)
              return arith::MaximumFOp::create(b, l, args[0], args[1]);
            return arith::MinimumFOp::create(b, l, args[0], args[1]);
          });
      return tensor::ExtractOp::create(rewriter, loc, tensor, ValueRange{});
    };
    Value min = reduce(/*isMax=*/false), max = reduce(/*isMax=*/true);
    Value scale = arith::DivFOp::create(
        rewriter, loc, arith::SubFOp::create(rewriter, loc, max, min),
        f32Constant(rewriter, loc, 255.0));
    // ONNX: zero point = saturate(round(qmin - min / scale)), qmin = 0.
    auto u8 = rewriter.getI8Type();
    Value zeroPoint = roundAndSaturate(
        rewriter, loc,
        arith::NegFOp::create(rewriter, loc,
                              arith::DivFOp::create(rewriter, loc, min, scale)),
        zero, u8, /*isUnsigned=*/true);
    Value zeroPointF32 = toF32(rewriter, loc, zeroPoint, /*isUnsigned=*/true);
    Value y = createParamGeneric(
        rewriter, loc, x, {}, resultTypes[0],
        [&](OpBuilder &b, Location l, Value element, ValueRange) -> Value {
          return roundAndSaturate(b, l,
                                  arith::DivFOp::create(b, l, element, scale),
                                  zeroPointF32, u8, /*isUnsigned=*/true);
        });
    Value scaleTensor = tensor::FromElementsOp::create(
        rewriter, loc, resultTypes[1], ValueRange{scale});
    Value zeroPointTensor = tensor::FromElementsOp::create(
        rewriter, loc, resultTypes[2], ValueRange{zeroPoint});
    rewriter.replaceOp(op, {y, scaleTensor, zeroPointTensor});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MatMulInteger, QLinearMatMul
//===----------------------------------------------------------------------===//

/// A parameter of a matrix operand `matrix` (onnx) that is per tensor or,
/// 1-D, per row (`perRow`) or per column; read by a generic whose loop
/// `loop` runs over those rows or columns. Null when `original` is.
FailureOr<Param> classifyMatrixParam(Operation *op, Value matrix,
                                     Value original, Value converted,
                                     bool perRow, int64_t loop) {
  if (!original)
    return Param();
  auto type = dyn_cast<RankedTensorType>(original.getType());
  if (!type || type.getRank() > 1)
    return emitUnsupported(op, "zero points and scales of a matrix must be "
                               "scalars or 1-D");
  if (type.getRank() == 0 || (!type.isDynamicDim(0) && type.getDimSize(0) == 1))
    return scalarParam(original, converted);
  int64_t matrixRank = cast<RankedTensorType>(matrix.getType()).getRank();
  if (matrixRank < 2)
    return emitUnsupported(op, "a 1-D operand must have scalar parameters");
  return classifyParam(op, original, converted, matrix,
                       perRow ? matrixRank - 2 : matrixRank - 1, loop,
                       /*blockSize=*/0);
}

/// (A - a_zero_point) * (B - b_zero_point) in i32, as an onnx.MatMul of the
/// shifted operands that MatMul.cpp lowers.
FailureOr<Value> createIntegerMatMul(ConversionPatternRewriter &rewriter,
                                     Operation *op, Value a, Value b,
                                     Value aZeroPoint, Value bZeroPoint,
                                     ArrayRef<Value> converted,
                                     RankedTensorType accType) {
  Location loc = op->getLoc();
  int64_t aRank = cast<RankedTensorType>(a.getType()).getRank();
  int64_t bRank = cast<RankedTensorType>(b.getType()).getRank();
  FailureOr<Param> aParam = classifyMatrixParam(op, a, aZeroPoint, converted[2],
                                                /*perRow=*/true, aRank - 2);
  FailureOr<Param> bParam = classifyMatrixParam(op, b, bZeroPoint, converted[3],
                                                /*perRow=*/false, bRank - 1);
  if (failed(aParam) || failed(bParam))
    return failure();
  Value lhs = createShiftedI32(rewriter, loc, a, converted[0], *aParam);
  Value rhs = createShiftedI32(rewriter, loc, b, converted[1], *bParam);
  return onnx::MatMulOp::create(rewriter, loc, accType, lhs, rhs).getResult();
}

/// ONNX MatMulInteger: numpy.matmul of the operands minus their zero points,
/// accumulated in i32.
struct LowerMatMulInteger : OpConversionPattern<onnx::MatMulIntegerOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MatMulIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) || failed(requireRanked(op, adaptor.getOperands())))
      return failure();
    FailureOr<Value> product =
        createIntegerMatMul(rewriter, op, op.getA(), op.getB(),
                            op.getAZeroPoint(), op.getBZeroPoint(),
                            {adaptor.getA(), adaptor.getB(),
                             adaptor.getAZeroPoint(), adaptor.getBZeroPoint()},
                            *resultType);
    if (failed(product))
      return failure();
    rewriter.replaceOp(op, *product);
    return success();
  }
};

/// ONNX QLinearMatMul: MatMulInteger, then requantized by a_scale * b_scale
/// / y_scale onto y's zero point.
struct LowerQLinearMatMul : OpConversionPattern<onnx::QLinearMatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::QLinearMatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) || failed(requireRanked(op, adaptor.getOperands())))
      return failure();
    auto accType = resultType->clone(rewriter.getI32Type());
    FailureOr<Value> product =
        createIntegerMatMul(rewriter, op, op.getA(), op.getB(),
                            op.getAZeroPoint(), op.getBZeroPoint(),
                            {adaptor.getA(), adaptor.getB(),
                             adaptor.getAZeroPoint(), adaptor.getBZeroPoint()},
                            accType);
    if (failed(product))
      return failure();

    // In the result, A's rows are the second-last dim (the last when B is
    // 1-D) and B's columns the last.
    int64_t rank = resultType->getRank();
    bool bIsVector = cast<RankedTensorType>(op.getB().getType()).getRank() == 1;
    FailureOr<Param> aScale =
        classifyMatrixParam(op, op.getA(), op.getAScale(), adaptor.getAScale(),
                            /*perRow=*/true, bIsVector ? rank - 1 : rank - 2);
    FailureOr<Param> bScale =
        classifyMatrixParam(op, op.getB(), op.getBScale(), adaptor.getBScale(),
                            /*perRow=*/false, rank - 1);
    if (failed(aScale) || failed(bScale))
      return failure();
    Value result = createRequantize(
        rewriter, loc, *product,
        {*aScale, *bScale, scalarParam(op.getYScale(), adaptor.getYScale()),
         scalarParam(op.getYZeroPoint(), adaptor.getYZeroPoint())},
        *resultType, isUnsignedElement(op.getY().getType()));
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// ConvInteger, QLinearConv
//===----------------------------------------------------------------------===//

/// Conv's pads and output sizes when the kernel sizes are w's, known only
/// at run time: ONNX's rules of computeWindowGeometry on index values.
WindowSizes computeWindowSizesAtRunTime(OpBuilder &b, Location loc, Value input,
                                        Value filter,
                                        const onnx::WindowGeometry &geometry,
                                        StringRef autoPad) {
  int64_t rank = geometry.kernel.size();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  WindowSizes sizes;
  for (int64_t i = 0; i < rank; ++i) {
    Value in = tensor::DimOp::create(b, loc, input, 2 + i);
    Value kernel = tensor::DimOp::create(b, loc, filter, 2 + i);
    Value stride = index(geometry.strides[i]), one = index(1);
    // (kernel - 1) * dilation + 1
    Value extent = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc,
                              arith::SubIOp::create(b, loc, kernel, one),
                              index(geometry.dilations[i])),
        one);
    Value low, high, out;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // ONNX: output = ceil(input / stride); the odd pad goes at the end for
      // SAME_UPPER, at the begin for SAME_LOWER.
      out = arith::CeilDivSIOp::create(b, loc, in, stride);
      Value needed = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, arith::SubIOp::create(b, loc, out, one),
                                stride),
          extent);
      Value total = arith::MaxSIOp::create(
          b, loc, index(0), arith::SubIOp::create(b, loc, needed, in));
      Value small = arith::DivSIOp::create(b, loc, total, index(2));
      Value large = arith::SubIOp::create(b, loc, total, small);
      low = autoPad == "SAME_UPPER" ? small : large;
      high = autoPad == "SAME_UPPER" ? large : small;
    } else {
      low = index(geometry.pads[i]);
      high = index(geometry.pads[rank + i]);
      Value padded = arith::AddIOp::create(
          b, loc, arith::AddIOp::create(b, loc, in, low), high);
      out = arith::AddIOp::create(
          b, loc,
          arith::DivSIOp::create(
              b, loc, arith::SubIOp::create(b, loc, padded, extent), stride),
          one);
    }
    sizes.padLow.push_back(low);
    sizes.padHigh.push_back(high);
    sizes.outputSizes.push_back(out);
  }
  return sizes;
}

/// The i32 convolution of (x - x_zero_point) and (w - w_zero_point) plus
/// `bias` (i32, one per output channel, or null). ONNX pads x with its zero
/// point, so the shifted x is padded with 0.
template <typename OpTy>
FailureOr<Value> createIntegerConv(ConversionPatternRewriter &rewriter, OpTy op,
                                   Value x, Value w, Value xZeroPoint,
                                   Value wZeroPoint, Value bias,
                                   RankedTensorType accType) {
  Location loc = op.getLoc();
  std::string error;
  FailureOr<onnx::WindowGeometry> geometry = op.computeGeometry(error);
  if (failed(geometry))
    return emitUnsupported(op, error);
  int64_t groups = op.getGroup();
  // createConvolution's generic form multiplies floats.
  if (groups != 1 && geometry->kernel.size() != 2)
    return emitUnsupported(op, "grouped integer convolutions must be 2-D");

  Param xParam, wParam;
  if (xZeroPoint)
    xParam = scalarParam(op.getXZeroPoint(), xZeroPoint);
  if (wZeroPoint) {
    FailureOr<Param> classified =
        classifyParam(op, op.getWZeroPoint(), wZeroPoint, op.getW(),
                      /*axis=*/0, /*loop=*/0, /*blockSize=*/0);
    if (failed(classified))
      return failure();
    wParam = *classified;
  }
  Value input = createShiftedI32(rewriter, loc, op.getX(), x, xParam);
  Value filter = createShiftedI32(rewriter, loc, op.getW(), w, wParam);

  WindowSizes window =
      llvm::any_of(geometry->kernel, ShapedType::isDynamic)
          ? computeWindowSizesAtRunTime(rewriter, loc, input, filter, *geometry,
                                        op.getAutoPad())
          : computeWindowSizes(rewriter, loc, input, *geometry, op.getAutoPad(),
                               /*ceilMode=*/false);
  Value zero = createZero(rewriter, loc, rewriter.getI32Type());
  input =
      padSpatialDims(rewriter, loc, input, window.padLow, window.padHigh, zero);
  SmallVector<OpFoldResult> sizes{
      tensor::getMixedSize(rewriter, loc, input, 0),
      tensor::getMixedSize(rewriter, loc, filter, 0)};
  llvm::append_range(sizes, window.outputSizes);
  Value init = createConvInit(rewriter, loc, accType, sizes, bias);
  return createConvolution(rewriter, loc, input, filter, init,
                           geometry->strides, geometry->dilations, groups);
}

/// ONNX ConvInteger: Conv of the operands minus their zero points in i32.
struct LowerConvInteger : OpConversionPattern<onnx::ConvIntegerOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) ||
        failed(requireRanked(op, adaptor.getOperands())) ||
        failed(requireRanked(op, op->getOperands())))
      return failure();
    FailureOr<Value> result = createIntegerConv(
        rewriter, op, adaptor.getX(), adaptor.getW(), adaptor.getXZeroPoint(),
        adaptor.getWZeroPoint(), Value(), *resultType);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

/// ONNX QLinearConv: ConvInteger plus B, requantized by x_scale * w_scale
/// / y_scale (w_scale per output channel or not) onto y's zero point.
struct LowerQLinearConv : OpConversionPattern<onnx::QLinearConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::QLinearConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType) ||
        failed(requireRanked(op, adaptor.getOperands())) ||
        failed(requireRanked(op, op->getOperands())))
      return failure();
    auto accType = resultType->clone(rewriter.getI32Type());
    FailureOr<Value> acc = createIntegerConv(
        rewriter, op, adaptor.getX(), adaptor.getW(), adaptor.getXZeroPoint(),
        adaptor.getWZeroPoint(), adaptor.getB(), accType);
    if (failed(acc))
      return failure();
    // w_scale is per output channel: dim 0 of w, dim 1 of the result.
    FailureOr<Param> wScale =
        classifyParam(op, op.getWScale(), adaptor.getWScale(), op.getW(),
                      /*axis=*/0, /*loop=*/1, /*blockSize=*/0);
    if (failed(wScale))
      return failure();
    Value result = createRequantize(
        rewriter, loc, castTo(rewriter, loc, *acc, accType),
        {scalarParam(op.getXScale(), adaptor.getXScale()), *wScale,
         scalarParam(op.getYScale(), adaptor.getYScale()),
         scalarParam(op.getYZeroPoint(), adaptor.getYZeroPoint())},
        *resultType, isUnsignedElement(op.getY().getType()));
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateQuantizationPatterns(const TypeConverter &typeConverter,
                                  RewritePatternSet &patterns) {
  patterns.add<LowerConvInteger, LowerDequantizeLinear,
               LowerDynamicQuantizeLinear, LowerMatMulInteger, LowerQLinearConv,
               LowerQLinearMatMul, LowerQuantizeLinear>(typeConverter,
                                                        patterns.getContext());
}

} // namespace onnxc::detail
