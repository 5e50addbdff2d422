//===- Normalization.cpp - Normalisation ops to linalg --------------------===//
//
// BatchNormalization applies given statistics. Its training mode,
// InstanceNormalization, LayerNormalization, GroupNormalization and
// MeanVarianceNormalization compute the mean and variance over some dims
// with one helper (two passes: the mean, then the mean squared deviation),
// then normalise, scale and shift in one linalg.generic. Statistics of
// f16/bf16 inputs are computed in f32. RMSNormalization divides by the root
// mean square over the trailing dims, LpNormalization by the L1 or L2 norm
// along one axis. LRN sums squares over a window of channels.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The float type statistics of `elementType` are computed in: f32 for the
/// narrower floats, else the type itself.
Type getComputeType(Type elementType) {
  if (elementType.getIntOrFloatBitWidth() < 32)
    return Float32Type::get(elementType.getContext());
  return elementType;
}

Value createFloatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

/// An operand of createIndexedMap and the map it is read through.
struct IndexedOperand {
  Value value;
  AffineMap map;
};

/// A linalg.generic over `input`'s shape yielding `elementType`: `body` gets
/// the element of `input` and of each operand, read through its map.
Value createIndexedMap(OpBuilder &b, Location loc, Value input,
                       ArrayRef<IndexedOperand> operands, Type elementType,
                       GenericBodyBuilder body) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{identity};
  for (const IndexedOperand &operand : operands) {
    inputs.push_back(operand.value);
    maps.push_back(operand.map);
  }
  maps.push_back(identity);
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, input), elementType);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   body(nested, nestedLoc, args.drop_back()));
             })
      .getResult(0);
}

/// The map reading dims `dims` of a loop nest of `numLoops`.
AffineMap getDimsMap(int64_t numLoops, ArrayRef<int64_t> dims,
                     MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (int64_t dim : dims)
    exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(numLoops, 0, exprs, context);
}

/// The statistics of `input` over the dims marked in `reduced`, as tensors
/// of the other dims in `computeType`.
struct Statistics {
  Value mean;
  /// What `invStdDevOf` made of the (population) variance.
  Value invStdDev;
};

/// The number of elements of `input` over the dims marked in `reduced`, as
/// a float of `computeType`.
Value createReducedCount(OpBuilder &b, Location loc, Value input,
                         ArrayRef<bool> reduced, Type computeType) {
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (isReduced)
      count = arith::MulIOp::create(b, loc, count,
                                    tensor::DimOp::create(b, loc, input, dim));
  return arith::UIToFPOp::create(
      b, loc, computeType,
      arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count));
}

/// `value`, a tensor, with `body` applied to each element.
Value mapTensor(OpBuilder &b, Location loc, Value value,
                BroadcastBodyBuilder body) {
  auto type = cast<RankedTensorType>(value.getType());
  return createBroadcastingGeneric(
      b, loc, type, tensor::getMixedSizes(b, loc, value), value, body);
}

/// The sum over the dims marked in `reduced` of `term` of each element of
/// `input` (converted to `computeType`), and of the elements of `extra` at
/// the same index.
Value createSumOf(OpBuilder &b, Location loc, Value input,
                  ArrayRef<bool> reduced, Type computeType, ValueRange extra,
                  GenericBodyBuilder term) {
  return createReduction(
      b, loc, input, reduced, createZero(b, loc, computeType), extra,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        SmallVector<Value> operands{convertFloat(nb, nl, args[0], computeType)};
        llvm::append_range(operands, args.drop_front().drop_back());
        return arith::AddFOp::create(nb, nl, term(nb, nl, operands),
                                     args.back());
      });
}

Statistics computeStatistics(
    OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
    Type computeType,
    function_ref<Value(OpBuilder &, Location, Value)> invStdDevOf) {
  Value countF = createReducedCount(b, loc, input, reduced, computeType);

  Value sum = createSumOf(b, loc, input, reduced, computeType, {},
                          [](OpBuilder &, Location, ValueRange args) {
                            return args[0];
                          });
  Value mean =
      mapTensor(b, loc, sum, [&](OpBuilder &nb, Location nl, ValueRange args) {
        return arith::DivFOp::create(nb, nl, args[0], countF).getResult();
      });
  Value squares = createSumOf(
      b, loc, input, reduced, computeType, mean,
      [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Value deviation = arith::SubFOp::create(nb, nl, args[0], args[1]);
        return arith::MulFOp::create(nb, nl, deviation, deviation);
      });
  Value invStdDev =
      mapTensor(b, loc, squares, [&](OpBuilder &nb, Location nl,
                                     ValueRange args) {
        return invStdDevOf(nb, nl,
                           arith::DivFOp::create(nb, nl, args[0], countF));
      });
  return {mean, invStdDev};
}

/// 1 / sqrt(variance + epsilon).
Value createInvStdDev(OpBuilder &b, Location loc, Value variance,
                      double epsilon) {
  // Not math.rsqrt: the pipeline would leave it a call to a libm function
  // that does not exist.
  Value eps = createFloatConstant(b, loc, variance.getType(), epsilon);
  Value one = createFloatConstant(b, loc, variance.getType(), 1.0);
  return arith::DivFOp::create(
      b, loc, one,
      math::SqrtOp::create(b, loc,
                           arith::AddFOp::create(b, loc, variance, eps)));
}

/// (x - mean) * invStdDev [* scale] [+ bias] in `computeType`, converted to
/// `elementType`. A null mean, scale or bias is left out.
Value createNormalizedElement(OpBuilder &b, Location loc, Value x, Value mean,
                              Value invStdDev, Value scale, Value bias,
                              Type computeType, Type elementType) {
  Value y = convertFloat(b, loc, x, computeType);
  if (mean)
    y = arith::SubFOp::create(b, loc, y, mean);
  y = arith::MulFOp::create(b, loc, y, invStdDev);
  if (scale)
    y = arith::MulFOp::create(b, loc, y,
                              convertFloat(b, loc, scale, computeType));
  if (bias)
    y = arith::AddFOp::create(b, loc, y,
                              convertFloat(b, loc, bias, computeType));
  return convertFloat(b, loc, y, elementType);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

/// ONNX BatchNormalization at inference: one generic over X reading the
/// statistics at the channel (or, per activation, at every dim but N).
struct LowerBatchNormalization
    : OpConversionPattern<onnx::BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    SmallVector<Value> params{adaptor.getScale(), adaptor.getB(),
                              adaptor.getInputMean(), adaptor.getInputVar()};
    if (!isa<RankedTensorType>(x.getType()) ||
        llvm::any_of(params, [](Value v) {
          return !isa<RankedTensorType>(v.getType());
        }))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    Type elementType = resultType->getElementType();
    Type computeType = getComputeType(elementType);
    SmallVector<IndexedOperand> operands;
    for (Value param : params) {
      int64_t paramRank = cast<RankedTensorType>(param.getType()).getRank();
      SmallVector<int64_t> dims =
          llvm::to_vector(llvm::seq<int64_t>(1, 1 + paramRank));
      operands.push_back(
          {param, getDimsMap(rank, dims, rewriter.getContext())});
    }
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = createIndexedMap(
        rewriter, loc, x, operands, elementType,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value variance = convertFloat(b, l, args[4], computeType);
          Value mean = convertFloat(b, l, args[3], computeType);
          return createNormalizedElement(
              b, l, args[0], mean, createInvStdDev(b, l, variance, epsilon),
              args[1], args[2], computeType, elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX BatchNormalization in training mode: the mean and population
/// variance of each channel over N and the spatial dims normalise X, and the
/// running statistics mix them with the given ones by `momentum`.
struct LowerBatchNormalizationTraining
    : OpConversionPattern<onnx::BatchNormalizationTrainingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::BatchNormalizationTrainingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<RankedTensorType>> convertedTypes =
        getConvertedResultTypes(op, *getTypeConverter());
    if (failed(convertedTypes))
      return failure();
    SmallVector<RankedTensorType> &resultTypes = *convertedTypes;
    Value x = adaptor.getX();
    SmallVector<Value> params{adaptor.getScale(), adaptor.getB(),
                              adaptor.getInputMean(), adaptor.getInputVar()};
    if (!isa<RankedTensorType>(x.getType()) ||
        llvm::any_of(params, [](Value v) {
          return !isa<RankedTensorType>(v.getType());
        }))
      return emitUnsupported(op, "its operands must be ranked tensors");
    MLIRContext *context = rewriter.getContext();
    int64_t rank = resultTypes[0].getRank();
    Type elementType = resultTypes[0].getElementType();
    Type computeType = getComputeType(elementType);
    SmallVector<bool> reduced(rank, true);
    reduced[1] = false;
    // The statistics keep the variance itself: the running variance needs
    // it, and Y its inverse square root.
    Statistics stats =
        computeStatistics(rewriter, loc, x, reduced, computeType,
                          [](OpBuilder &, Location, Value variance) {
                            return variance;
                          });
    Value variance = stats.invStdDev;
    double epsilon = op.getEpsilon().convertToDouble();
    AffineMap channelMap = getDimsMap(rank, {1}, context);
    Value y = createIndexedMap(
        rewriter, loc, x,
        {{stats.mean, channelMap},
         {variance, channelMap},
         {adaptor.getScale(), channelMap},
         {adaptor.getB(), channelMap}},
        elementType, [&](OpBuilder &b, Location l, ValueRange args) {
          return createNormalizedElement(
              b, l, args[0], args[1], createInvStdDev(b, l, args[2], epsilon),
              args[3], args[4], computeType, elementType);
        });
    // ONNX BatchNormalization-14: running = input * momentum + batch *
    // (1 - momentum).
    double momentum = op.getMomentum().convertToDouble();
    auto mix = [&](Value given, Value batch, RankedTensorType type) {
      Value mixed = createIndexedMap(
          rewriter, loc, given, {{batch, getDimsMap(1, {0}, context)}},
          type.getElementType(),
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value kept = arith::MulFOp::create(
                b, l, convertFloat(b, l, args[0], computeType),
                createFloatConstant(b, l, computeType, momentum));
            Value added = arith::MulFOp::create(
                b, l, args[1],
                createFloatConstant(b, l, computeType, 1.0 - momentum));
            return convertFloat(b, l, arith::AddFOp::create(b, l, kept, added),
                                type.getElementType());
          });
      return castTo(rewriter, loc, mixed, type);
    };
    rewriter.replaceOp(
        op, {castTo(rewriter, loc, y, resultTypes[0]),
             mix(adaptor.getInputMean(), stats.mean, resultTypes[1]),
             mix(adaptor.getInputVar(), variance, resultTypes[2])});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// InstanceNormalization, MeanVarianceNormalization
//===----------------------------------------------------------------------===//

/// ONNX InstanceNormalization: statistics over the spatial dims of each
/// (n, c), then scale[c] and B[c].
struct LowerInstanceNormalization
    : OpConversionPattern<onnx::InstanceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getInput();
    if (!isa<RankedTensorType>(x.getType()) ||
        !isa<RankedTensorType>(adaptor.getScale().getType()) ||
        !isa<RankedTensorType>(adaptor.getB().getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    Type elementType = resultType->getElementType();
    Type computeType = getComputeType(elementType);
    double epsilon = op.getEpsilon().convertToDouble();
    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    Statistics stats =
        computeStatistics(rewriter, loc, x, reduced, computeType,
                          [&](OpBuilder &b, Location l, Value variance) {
                            return createInvStdDev(b, l, variance, epsilon);
                          });
    MLIRContext *context = rewriter.getContext();
    AffineMap planeMap = getDimsMap(rank, {0, 1}, context);
    AffineMap channelMap = getDimsMap(rank, {1}, context);
    Value result = createIndexedMap(
        rewriter, loc, x,
        {{stats.mean, planeMap},
         {stats.invStdDev, planeMap},
         {adaptor.getScale(), channelMap},
         {adaptor.getB(), channelMap}},
        elementType, [&](OpBuilder &b, Location l, ValueRange args) {
          return createNormalizedElement(b, l, args[0], args[1], args[2],
                                         args[3], args[4], computeType,
                                         elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The map reading the dims not marked in `reduced`.
AffineMap getKeptDimsMap(ArrayRef<bool> reduced, MLIRContext *context) {
  SmallVector<int64_t> kept;
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      kept.push_back(dim);
  return getDimsMap(reduced.size(), kept, context);
}

/// ONNX MeanVarianceNormalization: (X - mean) / (sqrt(variance) + 1e-9) over
/// `axes`, as the operator's function body defines it.
struct LowerMeanVarianceNormalization
    : OpConversionPattern<onnx::MeanVarianceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MeanVarianceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    if (!isa<RankedTensorType>(x.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    SmallVector<int64_t> axes;
    for (Attribute axis : op.getAxes())
      axes.push_back(cast<IntegerAttr>(axis).getInt());
    std::string error;
    FailureOr<SmallVector<bool>> reduced = onnx::computeReducedDims(
        resultType->getRank(), axes, /*noopWithEmptyAxes=*/false, error);
    if (failed(reduced))
      return emitUnsupported(op, error);
    Type elementType = resultType->getElementType();
    Type computeType = getComputeType(elementType);
    Statistics stats = computeStatistics(
        rewriter, loc, x, *reduced, computeType,
        [&](OpBuilder &b, Location l, Value variance) -> Value {
          Value one = createFloatConstant(b, l, variance.getType(), 1.0);
          Value eps = createFloatConstant(b, l, variance.getType(), 1e-9);
          return arith::DivFOp::create(
              b, l, one,
              arith::AddFOp::create(b, l, math::SqrtOp::create(b, l, variance),
                                    eps));
        });
    AffineMap keptMap = getKeptDimsMap(*reduced, rewriter.getContext());
    Value result = createIndexedMap(
        rewriter, loc, x, {{stats.mean, keptMap}, {stats.invStdDev, keptMap}},
        elementType, [&](OpBuilder &b, Location l, ValueRange args) {
          return createNormalizedElement(b, l, args[0], args[1], args[2],
                                         Value(), Value(), computeType,
                                         elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// LayerNormalization, RMSNormalization
//===----------------------------------------------------------------------===//

/// `param` (null stays null) broadcast to the dims of `x` (of `type`) from
/// `axis` on, materialised where its shape differs from theirs (a dynamic
/// size might stretch at run time).
Value broadcastToNormalizedDims(OpBuilder &b, Location loc, Value param,
                                Value x, int64_t axis, RankedTensorType type) {
  if (!param)
    return {};
  auto paramType = cast<RankedTensorType>(param.getType());
  auto normalizedType = RankedTensorType::get(type.getShape().drop_front(axis),
                                              paramType.getElementType());
  if (paramType.getShape() == normalizedType.getShape())
    return param;
  SmallVector<OpFoldResult> normalizedSizes = llvm::to_vector(
      ArrayRef(tensor::getMixedSizes(b, loc, x)).drop_front(axis));
  return materializeBroadcast(b, loc, param, normalizedType, normalizedSizes);
}

/// ONNX LayerNormalization: statistics over the dims from `axis` on; Scale
/// and B broadcast to those dims (materialised first where a dynamic size
/// might stretch). Mean and InvStdDev get unit dims for the normalised ones.
struct LowerLayerNormalization
    : OpConversionPattern<onnx::LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<RankedTensorType>> convertedTypes =
        getConvertedResultTypes(op, *getTypeConverter());
    if (failed(convertedTypes))
      return failure();
    SmallVector<RankedTensorType> &resultTypes = *convertedTypes;
    Value x = adaptor.getX();
    if (!isa<RankedTensorType>(x.getType()) ||
        !isa<RankedTensorType>(adaptor.getScale().getType()) ||
        (adaptor.getB() && !isa<RankedTensorType>(adaptor.getB().getType())))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultTypes[0].getRank();
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), rank);
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    Type elementType = resultTypes[0].getElementType();
    Type computeType = resultTypes[1].getElementType();
    double epsilon = op.getEpsilon().convertToDouble();
    MLIRContext *context = rewriter.getContext();

    SmallVector<bool> reduced(rank, false);
    std::fill(reduced.begin() + *axis, reduced.end(), true);
    Statistics stats =
        computeStatistics(rewriter, loc, x, reduced, computeType,
                          [&](OpBuilder &b, Location l, Value variance) {
                            return createInvStdDev(b, l, variance, epsilon);
                          });

    Value scale = broadcastToNormalizedDims(rewriter, loc, adaptor.getScale(),
                                            x, *axis, resultTypes[0]);
    Value bias = broadcastToNormalizedDims(rewriter, loc, adaptor.getB(), x,
                                           *axis, resultTypes[0]);
    AffineMap keptMap = getKeptDimsMap(reduced, context);
    AffineMap normalizedMap = getDimsMap(
        rank, llvm::to_vector(llvm::seq<int64_t>(*axis, rank)), context);
    SmallVector<IndexedOperand> operands{{stats.mean, keptMap},
                                         {stats.invStdDev, keptMap},
                                         {scale, normalizedMap}};
    if (bias)
      operands.push_back({bias, normalizedMap});
    Value y = createIndexedMap(rewriter, loc, x, operands, elementType,
                               [&](OpBuilder &b, Location l, ValueRange args) {
                                 return createNormalizedElement(
                                     b, l, args[0], args[1], args[2], args[3],
                                     bias ? args[4] : Value(), computeType,
                                     elementType);
                               });

    // (d0 ... d_{axis-1}) to X's rank with unit dims from `axis` on.
    auto addUnitDims = [&](Value value, RankedTensorType type) -> Value {
      SmallVector<ReassociationIndices> groups;
      for (int64_t dim = 0; dim < *axis; ++dim)
        groups.push_back({dim});
      if (!groups.empty())
        for (int64_t dim = *axis; dim < rank; ++dim)
          groups.back().push_back(dim);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, x);
      std::fill(sizes.begin() + *axis, sizes.end(), rewriter.getIndexAttr(1));
      return createExpandShape(rewriter, loc, type, value, groups, sizes);
    };
    rewriter.replaceOp(op, {y, addUnitDims(stats.mean, resultTypes[1]),
                            addUnitDims(stats.invStdDev, resultTypes[2])});
    return success();
  }
};

/// ONNX RMSNormalization: X * 1 / sqrt(mean(X^2) + epsilon) * scale over
/// the dims from `axis` on.
struct LowerRMSNormalization : OpConversionPattern<onnx::RMSNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::RMSNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    if (!isa<RankedTensorType>(x.getType()) ||
        !isa<RankedTensorType>(adaptor.getScale().getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), rank);
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    Type elementType = resultType->getElementType();
    Type computeType =
        op.getStashType() == 1 ? getComputeType(elementType) : elementType;
    double epsilon = op.getEpsilon().convertToDouble();

    SmallVector<bool> reduced(rank, false);
    std::fill(reduced.begin() + *axis, reduced.end(), true);
    Value countF = createReducedCount(rewriter, loc, x, reduced, computeType);
    Value squares = createSumOf(
        rewriter, loc, x, reduced, computeType, {},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::MulFOp::create(b, l, args[0], args[0]);
        });
    Value invRms = mapTensor(
        rewriter, loc, squares, [&](OpBuilder &b, Location l, ValueRange args) {
          return createInvStdDev(b, l,
                                 arith::DivFOp::create(b, l, args[0], countF),
                                 epsilon);
        });
    Value scale = broadcastToNormalizedDims(rewriter, loc, adaptor.getScale(),
                                            x, *axis, *resultType);
    MLIRContext *context = rewriter.getContext();
    Value y = createIndexedMap(
        rewriter, loc, x,
        {{invRms, getKeptDimsMap(reduced, context)},
         {scale, getDimsMap(rank,
                            llvm::to_vector(llvm::seq<int64_t>(*axis, rank)),
                            context)}},
        elementType, [&](OpBuilder &b, Location l, ValueRange args) {
          return createNormalizedElement(b, l, args[0], Value(), args[1],
                                         args[2], Value(), computeType,
                                         elementType);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// LpNormalization
//===----------------------------------------------------------------------===//

/// ONNX LpNormalization: X / sum(|X|) (p = 1) or X / sqrt(sum(X^2)) (p = 2)
/// along `axis`. A zero norm gives what IEEE division does, as in ONNX's
/// reference.
struct LowerLpNormalization : OpConversionPattern<onnx::LpNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::LpNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getInput();
    if (!isa<RankedTensorType>(x.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = resultType->getRank();
    FailureOr<int64_t> axis = onnx::normalizeAxis(op.getAxis(), rank);
    if (failed(axis))
      return emitUnsupported(op, "axis out of range");
    int64_t p = op.getP();
    if (p != 1 && p != 2)
      return emitUnsupported(op, "p must be 1 or 2");
    Type elementType = resultType->getElementType();
    Type computeType = getComputeType(elementType);

    SmallVector<bool> reduced(rank, false);
    reduced[*axis] = true;
    Value sums = createSumOf(
        rewriter, loc, x, reduced, computeType, {},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          if (p == 1)
            return math::AbsFOp::create(b, l, args[0]);
          return arith::MulFOp::create(b, l, args[0], args[0]);
        });
    Value y = createIndexedMap(
        rewriter, loc, x,
        {{sums, getKeptDimsMap(reduced, rewriter.getContext())}},
        elementType, [&](OpBuilder &b, Location l, ValueRange args) {
          Value norm = p == 1 ? args[1] : math::SqrtOp::create(b, l, args[1]);
          Value quotient = arith::DivFOp::create(
              b, l, convertFloat(b, l, args[0], computeType), norm);
          return convertFloat(b, l, quotient, elementType);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// GroupNormalization
//===----------------------------------------------------------------------===//

/// ONNX GroupNormalization: X (N x C x D...) is viewed as
/// (N x G x C/G x D...), normalised over all dims from the third, scaled and
/// shifted per channel (opset 21) or per group (opset 18), and viewed back.
/// The spatial dims are never folded into one: expanding a fold of several
/// dynamic dims back crashes LLVM 22's --expand-strided-metadata.
template <typename OpTy>
struct LowerGroupNormalization : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  static constexpr bool paramsPerGroup =
      std::is_same_v<OpTy, onnx::GroupNormalizationV18Op>;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *this->getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    if (!isa<RankedTensorType>(x.getType()) ||
        !isa<RankedTensorType>(adaptor.getScale().getType()) ||
        !isa<RankedTensorType>(adaptor.getBias().getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    int64_t groups = op.getNumGroups();
    Type elementType = resultType->getElementType();
    Type computeType =
        op.getStashType() == 1 ? getComputeType(elementType) : elementType;
    double epsilon = op.getEpsilon().convertToDouble();
    MLIRContext *context = rewriter.getContext();

    Value grouped = splitGroups(rewriter, loc, x, 1, groups);
    int64_t groupedRank = rank + 1;
    SmallVector<bool> reduced(groupedRank, true);
    reduced[0] = reduced[1] = false;
    Statistics stats =
        computeStatistics(rewriter, loc, grouped, reduced, computeType,
                          [&](OpBuilder &b, Location l, Value variance) {
                            return createInvStdDev(b, l, variance, epsilon);
                          });
    AffineMap groupMap = getDimsMap(groupedRank, {0, 1}, context);
    Value scale = adaptor.getScale(), bias = adaptor.getBias();
    AffineMap paramMap;
    if (paramsPerGroup) {
      paramMap = getDimsMap(groupedRank, {1}, context);
    } else {
      scale = splitGroups(rewriter, loc, scale, 0, groups);
      bias = splitGroups(rewriter, loc, bias, 0, groups);
      paramMap = getDimsMap(groupedRank, {1, 2}, context);
    }
    Value y = createIndexedMap(rewriter, loc, grouped,
                               {{stats.mean, groupMap},
                                {stats.invStdDev, groupMap},
                                {scale, paramMap},
                                {bias, paramMap}},
                               elementType,
                               [&](OpBuilder &b, Location l, ValueRange args) {
                                 return createNormalizedElement(
                                     b, l, args[0], args[1], args[2], args[3],
                                     args[4], computeType, elementType);
                               });

    SmallVector<ReassociationIndices> merged{{0}, {1, 2}};
    for (int64_t dim = 3; dim < groupedRank; ++dim)
      merged.push_back({dim});
    y = tensor::CollapseShapeOp::create(rewriter, loc, y, merged);
    rewriter.replaceOp(op, castTo(rewriter, loc, y, *resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// LRN
//===----------------------------------------------------------------------===//

/// ONNX LRN: the squares, zero-padded along C, summed over windows of
/// `size` channels (loops (n, c, d..., k)), then
/// X / (bias + alpha / size * sum)^beta.
struct LowerLRN : OpConversionPattern<onnx::LRNOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    if (!isa<RankedTensorType>(x.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = resultType->getRank();
    int64_t size = op.getSize();
    Type elementType = resultType->getElementType();
    Type computeType = getComputeType(elementType);
    MLIRContext *context = rewriter.getContext();

    Value squares = createIndexedMap(
        rewriter, loc, x, {}, computeType,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value v = convertFloat(b, l, args[0], computeType);
          return arith::MulFOp::create(b, l, v, v);
        });
    // ONNX LRN: channels c - floor((size - 1) / 2) ... c + ceil((size - 1)
    // / 2).
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    Value zero = createZero(rewriter, loc, computeType);
    SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0)),
        high(rank, rewriter.getIndexAttr(0));
    low[1] = rewriter.getIndexAttr(before);
    high[1] = rewriter.getIndexAttr(after);
    auto squaresType = cast<RankedTensorType>(squares.getType());
    SmallVector<int64_t> paddedShape(squaresType.getShape());
    if (!ShapedType::isDynamic(paddedShape[1]))
      paddedShape[1] += size - 1;
    Value padded =
        tensor::PadOp::create(rewriter, loc, squaresType.clone(paddedShape),
                              squares, low, high, zero);

    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, x);
    Value sums = createFilledTensor(
        rewriter, loc,
        RankedTensorType::get(resultType->getShape(), computeType), sizes,
        zero);
    Value window = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{size}, computeType);
    SmallVector<AffineExpr> inputExprs, outputExprs;
    for (int64_t dim = 0; dim < rank; ++dim) {
      AffineExpr d = getAffineDimExpr(dim, context);
      outputExprs.push_back(d);
      inputExprs.push_back(dim == 1 ? d + getAffineDimExpr(rank, context) : d);
    }
    SmallVector<AffineMap> maps{
        AffineMap::get(rank + 1, 0, inputExprs, context),
        AffineMap::get(rank + 1, 0, getAffineDimExpr(rank, context), context),
        AffineMap::get(rank + 1, 0, outputExprs, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    sums = linalg::GenericOp::create(
               rewriter, loc, TypeRange{sums.getType()},
               ValueRange{padded, window}, ValueRange{sums}, maps, iterators,
               [](OpBuilder &b, Location l, ValueRange args) {
                 linalg::YieldOp::create(
                     b, l,
                     arith::AddFOp::create(b, l, args[0], args[2]).getResult());
               })
               .getResult(0);

    double alphaOverSize =
        op.getAlpha().convertToDouble() / static_cast<double>(size);
    double beta = op.getBeta().convertToDouble();
    double bias = op.getBias().convertToDouble();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    Value result = createIndexedMap(
        rewriter, loc, x, {{sums, identity}}, elementType,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value scaled = arith::AddFOp::create(
              b, l, createFloatConstant(b, l, computeType, bias),
              arith::MulFOp::create(
                  b, l, createFloatConstant(b, l, computeType, alphaOverSize),
                  args[1]));
          Value denominator = math::PowFOp::create(
              b, l, scaled, createFloatConstant(b, l, computeType, beta));
          Value y = arith::DivFOp::create(
              b, l, convertFloat(b, l, args[0], computeType), denominator);
          return convertFloat(b, l, y, elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateNormalizationPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns) {
  patterns.add<LowerBatchNormalization, LowerBatchNormalizationTraining,
               LowerGroupNormalization<onnx::GroupNormalizationOp>,
               LowerGroupNormalization<onnx::GroupNormalizationV18Op>,
               LowerInstanceNormalization, LowerLayerNormalization,
               LowerLpNormalization, LowerLRN, LowerMeanVarianceNormalization,
               LowerRMSNormalization>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
