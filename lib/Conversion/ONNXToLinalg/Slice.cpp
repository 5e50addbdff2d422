//===- Slice.cpp - ONNX Slice, Pad, CenterCropPad to tensor/linalg --------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Per dim of the data, the value that `values[k]` gives where `axes[k]`
/// names the dim, else `fallback`. Axes known at compile time pick statically;
/// others are compared at run time.
SmallVector<OpFoldResult> scatterToDims(OpBuilder &b, Location loc,
                                        ArrayRef<OpFoldResult> values,
                                        ArrayRef<OpFoldResult> axes,
                                        int64_t rank, OpFoldResult fallback) {
  SmallVector<OpFoldResult> result(rank, fallback);
  for (auto [value, axis] : llvm::zip_equal(values, axes)) {
    if (std::optional<int64_t> constant = getConstantIntValue(axis)) {
      result[*constant < 0 ? *constant + rank : *constant] = value;
      continue;
    }
    Value rankValue = arith::ConstantIndexOp::create(b, loc, rank);
    Value dimOfAxis = wrapIndex(
        b, loc, getValueOrCreateConstantIndexOp(b, loc, axis), rankValue);
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value here =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, dimOfAxis,
                                arith::ConstantIndexOp::create(b, loc, dim));
      result[dim] =
          arith::SelectOp::create(
              b, loc, here, getValueOrCreateConstantIndexOp(b, loc, value),
              getValueOrCreateConstantIndexOp(b, loc, result[dim]))
              .getResult();
    }
  }
  return result;
}

OpFoldResult subtractIndices(OpBuilder &b, Location loc, OpFoldResult lhs,
                             OpFoldResult rhs) {
  std::optional<int64_t> a = getConstantIntValue(lhs);
  std::optional<int64_t> c = getConstantIntValue(rhs);
  if (a && c)
    return b.getIndexAttr(*a - *c);
  return arith::SubIOp::create(b, loc,
                               getValueOrCreateConstantIndexOp(b, loc, lhs),
                               getValueOrCreateConstantIndexOp(b, loc, rhs))
      .getResult();
}

/// One list that scatterToDimsInLoop reads: element k + offset of `tensor`
/// (offset null for 0), `fallback` for dims no axis names.
struct AxisField {
  Value tensor;
  Value offset;
  int64_t fallback;
};

/// scatterToDims for lists whose length `count` is known only at run time:
/// an scf.for over k carries one value per field and dim, replacing it where
/// axes[k] (k without `axes`) names the dim. Returns the values per field.
SmallVector<SmallVector<OpFoldResult>>
scatterToDimsInLoop(OpBuilder &b, Location loc, Value axes, Value count,
                    int64_t rank, ArrayRef<AxisField> fields) {
  auto toIndex = [&](OpBuilder &b, Location loc, Value value) -> Value {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  SmallVector<Value> init;
  for (const AxisField &field : fields)
    for (int64_t dim = 0; dim < rank; ++dim)
      init.push_back(arith::ConstantIndexOp::create(b, loc, field.fallback));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value rankValue = arith::ConstantIndexOp::create(b, loc, rank);
  auto loop = scf::ForOp::create(
      b, loc, zero, count, one, init,
      [&](OpBuilder &b, Location loc, Value k, ValueRange carried) {
        Value dimOfAxis = k;
        if (axes)
          dimOfAxis = wrapIndex(
              b, loc,
              toIndex(b, loc, tensor::ExtractOp::create(b, loc, axes, k)),
              rankValue);
        SmallVector<Value> next;
        for (auto [index, field] : llvm::enumerate(fields)) {
          Value at =
              field.offset ? arith::AddIOp::create(b, loc, k, field.offset) : k;
          Value value = toIndex(
              b, loc, tensor::ExtractOp::create(b, loc, field.tensor, at));
          for (int64_t dim = 0; dim < rank; ++dim) {
            Value here = arith::CmpIOp::create(
                b, loc, arith::CmpIPredicate::eq, dimOfAxis,
                arith::ConstantIndexOp::create(b, loc, dim));
            next.push_back(arith::SelectOp::create(
                b, loc, here, value, carried[index * rank + dim]));
          }
        }
        scf::YieldOp::create(b, loc, next);
      });
  SmallVector<SmallVector<OpFoldResult>> result;
  for (size_t index = 0; index < fields.size(); ++index)
    result.push_back(getAsOpFoldResult(
        ValueRange(loop.getResults()).slice(index * rank, rank)));
  return result;
}

/// The axes an optional `axes` operand lists, [0, count) without it.
SmallVector<OpFoldResult> getAxes(OpBuilder &b, Location loc, Value original,
                                  Value converted, int64_t count) {
  if (original)
    return getIndexElements(b, loc, original, converted, count);
  SmallVector<OpFoldResult> axes;
  for (int64_t axis = 0; axis < count; ++axis)
    axes.push_back(b.getIndexAttr(axis));
  return axes;
}

/// The first index and element count that ONNX Slice selects of a dim of
/// `size`, computed at run time by the rules of onnx::computeSliceBounds.
std::pair<Value, Value> computeSliceBoundsAtRunTime(OpBuilder &b, Location loc,
                                                    Value size, Value start,
                                                    Value end, Value step) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  auto clamp = [&](Value value, Value low, Value high) {
    return b.createOrFold<arith::MaxSIOp>(
        loc, low, b.createOrFold<arith::MinSIOp>(loc, value, high));
  };
  start = wrapIndex(b, loc, start, size);
  end = wrapIndex(b, loc, end, size);
  Value zero = index(0), one = index(1);
  Value last = b.createOrFold<arith::SubIOp>(loc, size, one);
  // Positive steps clamp into [0, size], negative ones into [-1, size - 1].
  Value forwardStart = clamp(start, zero, size);
  Value forwardEnd = clamp(end, zero, size);
  Value forwardCount = b.createOrFold<arith::CeilDivSIOp>(
      loc, b.createOrFold<arith::SubIOp>(loc, forwardEnd, forwardStart), step);
  Value backwardStart = clamp(start, zero, last);
  Value backwardEnd = clamp(end, index(-1), last);
  Value backwardCount = b.createOrFold<arith::CeilDivSIOp>(
      loc, b.createOrFold<arith::SubIOp>(loc, backwardStart, backwardEnd),
      b.createOrFold<arith::SubIOp>(loc, zero, step));
  Value forward =
      b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, step, zero);
  Value first = b.createOrFold<arith::SelectOp>(loc, forward, forwardStart,
                                                backwardStart);
  Value count = b.createOrFold<arith::SelectOp>(loc, forward, forwardCount,
                                                backwardCount);
  // No more than the dim holds (an empty dim with a negative step would
  // otherwise count one).
  count = clamp(count, zero, size);
  return {first, count};
}

/// ONNX Slice. With positive steps known at compile time it is a
/// tensor.extract_slice; otherwise a linalg.generic reads element
/// start + i * step of each dim.
struct LowerSlice : OpConversionPattern<onnx::SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(data.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> starts, ends, steps;
    auto startsType = cast<RankedTensorType>(adaptor.getStarts().getType());
    if (startsType.isDynamicDim(0)) {
      SmallVector<AxisField> fields{
          {adaptor.getStarts(), {}, 0},
          {adaptor.getEnds(), {}, std::numeric_limits<int64_t>::max()}};
      if (adaptor.getSteps())
        fields.push_back({adaptor.getSteps(), {}, 1});
      Value count =
          tensor::DimOp::create(rewriter, loc, adaptor.getStarts(), 0);
      SmallVector<SmallVector<OpFoldResult>> values = scatterToDimsInLoop(
          rewriter, loc, adaptor.getAxes(), count, rank, fields);
      starts = values[0];
      ends = values[1];
      steps = adaptor.getSteps()
                  ? values[2]
                  : SmallVector<OpFoldResult>(rank, rewriter.getIndexAttr(1));
    } else {
      int64_t count = startsType.getDimSize(0);
      SmallVector<OpFoldResult> axes =
          getAxes(rewriter, loc, op.getAxes(), adaptor.getAxes(), count);
      starts = scatterToDims(
          rewriter, loc,
          getIndexElements(rewriter, loc, op.getStarts(), adaptor.getStarts()),
          axes, rank, rewriter.getIndexAttr(0));
      ends = scatterToDims(
          rewriter, loc,
          getIndexElements(rewriter, loc, op.getEnds(), adaptor.getEnds(),
                           count),
          axes, rank,
          rewriter.getIndexAttr(std::numeric_limits<int64_t>::max()));
      steps.assign(count, rewriter.getIndexAttr(1));
      if (op.getSteps())
        steps = getIndexElements(rewriter, loc, op.getSteps(),
                                 adaptor.getSteps(), count);
      steps = scatterToDims(rewriter, loc, steps, axes, rank,
                            rewriter.getIndexAttr(1));
    }

    SmallVector<OpFoldResult> offsets, sizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      std::optional<int64_t> start = getConstantIntValue(starts[dim]);
      std::optional<int64_t> end = getConstantIntValue(ends[dim]);
      std::optional<int64_t> step = getConstantIntValue(steps[dim]);
      if (!type.isDynamicDim(dim) && start && end && step) {
        onnx::SliceBounds bounds =
            onnx::computeSliceBounds(type.getDimSize(dim), *start, *end, *step);
        offsets.push_back(rewriter.getIndexAttr(bounds.start));
        sizes.push_back(rewriter.getIndexAttr(bounds.count));
        continue;
      }
      auto [first, size] = computeSliceBoundsAtRunTime(
          rewriter, loc,
          getValueOrCreateConstantIndexOp(
              rewriter, loc, tensor::getMixedSize(rewriter, loc, data, dim)),
          getValueOrCreateConstantIndexOp(rewriter, loc, starts[dim]),
          getValueOrCreateConstantIndexOp(rewriter, loc, ends[dim]),
          getValueOrCreateConstantIndexOp(rewriter, loc, steps[dim]));
      offsets.push_back(getAsOpFoldResult(first));
      sizes.push_back(getAsOpFoldResult(size));
    }

    bool positiveSteps = llvm::all_of(steps, [](OpFoldResult step) {
      std::optional<int64_t> constant = getConstantIntValue(step);
      return constant && *constant > 0;
    });
    if (positiveSteps) {
      Value slice =
          createExtractSlice(rewriter, loc, data, offsets, sizes, steps);
      rewriter.replaceOp(op, castTo(rewriter, loc, slice, *resultType));
      return success();
    }
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);
    SmallVector<Value> offsetValues, stepValues;
    for (int64_t dim = 0; dim < rank; ++dim) {
      offsetValues.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, offsets[dim]));
      stepValues.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, steps[dim]));
    }
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, *resultType, ValueRange{}, ValueRange{init}, maps,
            iterators,
            [&](OpBuilder &b, Location loc, ValueRange) {
              SmallVector<Value> indices;
              for (int64_t dim = 0; dim < rank; ++dim) {
                Value i = linalg::IndexOp::create(b, loc, dim);
                indices.push_back(arith::AddIOp::create(
                    b, loc, offsetValues[dim],
                    arith::MulIOp::create(b, loc, i, stepValues[dim])));
              }
              Value element = tensor::ExtractOp::create(b, loc, data, indices);
              linalg::YieldOp::create(b, loc, element);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX Pad. Negative pads first remove elements (tensor.extract_slice).
/// Constant padding is tensor.pad; reflect, edge and wrap are a linalg.generic
/// that maps each result index back into the input.
struct LowerPad : OpConversionPattern<onnx::PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(data.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    auto padsType = cast<RankedTensorType>(adaptor.getPads().getType());
    SmallVector<OpFoldResult> begins, ends;
    if (padsType.isDynamicDim(0)) {
      Value count = arith::DivSIOp::create(
          rewriter, loc,
          tensor::DimOp::create(rewriter, loc, adaptor.getPads(), 0),
          arith::ConstantIndexOp::create(rewriter, loc, 2));
      SmallVector<SmallVector<OpFoldResult>> values = scatterToDimsInLoop(
          rewriter, loc, adaptor.getAxes(), count, rank,
          {{adaptor.getPads(), {}, 0}, {adaptor.getPads(), count, 0}});
      begins = values[0];
      ends = values[1];
    } else {
      int64_t count = padsType.getDimSize(0) / 2;
      SmallVector<OpFoldResult> pads =
          getIndexElements(rewriter, loc, op.getPads(), adaptor.getPads());
      SmallVector<OpFoldResult> axes =
          getAxes(rewriter, loc, op.getAxes(), adaptor.getAxes(), count);
      OpFoldResult zero = rewriter.getIndexAttr(0);
      begins = scatterToDims(rewriter, loc, ArrayRef(pads).take_front(count),
                             axes, rank, zero);
      ends = scatterToDims(rewriter, loc, ArrayRef(pads).drop_front(count),
                           axes, rank, zero);
    }

    // Negative pads crop.
    auto positivePart = [&](OpFoldResult pad) -> OpFoldResult {
      if (std::optional<int64_t> constant = getConstantIntValue(pad))
        return rewriter.getIndexAttr(std::max<int64_t>(*constant, 0));
      return arith::MaxSIOp::create(
                 rewriter, loc,
                 getValueOrCreateConstantIndexOp(rewriter, loc, pad),
                 arith::ConstantIndexOp::create(rewriter, loc, 0))
          .getResult();
    };
    auto negativePart = [&](OpFoldResult pad) -> OpFoldResult {
      if (std::optional<int64_t> constant = getConstantIntValue(pad))
        return rewriter.getIndexAttr(std::max<int64_t>(-*constant, 0));
      return arith::MaxSIOp::create(
                 rewriter, loc,
                 arith::SubIOp::create(
                     rewriter, loc,
                     arith::ConstantIndexOp::create(rewriter, loc, 0),
                     getValueOrCreateConstantIndexOp(rewriter, loc, pad)),
                 arith::ConstantIndexOp::create(rewriter, loc, 0))
          .getResult();
    };
    bool crops = false;
    SmallVector<OpFoldResult> cropOffsets, cropSizes, low, high;
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, data);
    for (int64_t dim = 0; dim < rank; ++dim) {
      OpFoldResult cropBegin = negativePart(begins[dim]);
      OpFoldResult cropEnd = negativePart(ends[dim]);
      crops |=
          !isConstantIntValue(cropBegin, 0) || !isConstantIntValue(cropEnd, 0);
      cropOffsets.push_back(cropBegin);
      cropSizes.push_back(checkSizeInRange(
          rewriter, loc, op,
          subtractIndices(rewriter, loc, inputSizes[dim],
                          addIndices(rewriter, loc, cropBegin, cropEnd)),
          OpFoldResult(),
          "negative pads remove more than the input has along dim " +
              Twine(dim)));
      low.push_back(positivePart(begins[dim]));
      high.push_back(positivePart(ends[dim]));
    }
    if (crops) {
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      data = createExtractSlice(rewriter, loc, data, cropOffsets, cropSizes,
                                strides);
      inputSizes = cropSizes;
    }

    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      sizes.push_back(
          addIndices(rewriter, loc, inputSizes[dim],
                     addIndices(rewriter, loc, low[dim], high[dim])));
    }
    Type elementType = resultType->getElementType();
    StringRef mode = op.getMode();
    if (mode == "constant") {
      Value value = createZero(rewriter, loc, elementType);
      if (Value constant = adaptor.getConstantValue()) {
        auto constantType = cast<RankedTensorType>(constant.getType());
        SmallVector<Value> at(constantType.getRank(),
                              arith::ConstantIndexOp::create(rewriter, loc, 0));
        value = tensor::ExtractOp::create(rewriter, loc, constant, at);
      }
      SmallVector<int64_t> shape;
      for (OpFoldResult size : sizes) {
        std::optional<int64_t> constant = getConstantIntValue(size);
        shape.push_back(constant ? *constant : ShapedType::kDynamic);
      }
      Value padded = tensor::PadOp::create(
          rewriter, loc, resultType->clone(shape), data, low, high, value);
      rewriter.replaceOp(op, castTo(rewriter, loc, padded, *resultType));
      return success();
    }

    SmallVector<Value> lowValues, inputSizeValues;
    for (int64_t dim = 0; dim < rank; ++dim) {
      lowValues.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, low[dim]));
      inputSizeValues.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[dim]));
    }
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, *resultType, ValueRange{}, ValueRange{init}, maps,
            iterators,
            [&](OpBuilder &b, Location loc, ValueRange) {
              SmallVector<Value> indices;
              for (int64_t dim = 0; dim < rank; ++dim) {
                Value i = arith::SubIOp::create(
                    b, loc, linalg::IndexOp::create(b, loc, dim),
                    lowValues[dim]);
                indices.push_back(
                    mapPaddedIndex(b, loc, mode, i, inputSizeValues[dim]));
              }
              Value element = tensor::ExtractOp::create(b, loc, data, indices);
              linalg::YieldOp::create(b, loc, element);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// The input index that ONNX Pad's `mode` reads for index `i` (relative to
  /// the input's start) of a dim of `size`.
  static Value mapPaddedIndex(OpBuilder &b, Location loc, StringRef mode,
                              Value i, Value size) {
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    // (i mod n) in [0, n).
    auto positiveMod = [&](Value value, Value n) -> Value {
      Value r = arith::RemSIOp::create(b, loc, value, n);
      Value negative =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, index(0));
      return arith::SelectOp::create(b, loc, negative,
                                     arith::AddIOp::create(b, loc, r, n), r);
    };
    if (mode == "edge")
      return clampIndex(b, loc, i, size);
    if (mode == "wrap")
      return positiveMod(i, size);
    // reflect: period 2(n - 1), mirrored in its second half; a dim of one
    // element reads that element.
    Value last = arith::SubIOp::create(b, loc, size, index(1));
    Value period = arith::MaxSIOp::create(
        b, loc, arith::MulIOp::create(b, loc, last, index(2)), index(1));
    Value phase = positiveMod(i, period);
    Value mirrored = arith::SubIOp::create(b, loc, period, phase);
    Value inSecondHalf =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, phase, last);
    return arith::SelectOp::create(b, loc, inSecondHalf, mirrored, phase);
  }
};

/// ONNX CenterCropPad: one generic over the output reading the input at
/// index + offset per resized dim, zero where that falls outside it. The offset is
/// (size - target) / 2 rounded towards zero: the crop start when cropping,
/// minus the leading pad when padding.
struct LowerCenterCropPad : OpConversionPattern<onnx::CenterCropPadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::CenterCropPadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getInputData();
    auto shapeType = dyn_cast<RankedTensorType>(adaptor.getShape().getType());
    if (!isa<RankedTensorType>(op.getInputData().getType()) || !shapeType ||
        shapeType.getRank() != 1)
      return emitUnsupported(op, "its input must be a ranked tensor and "
                                 "'shape' a 1-D tensor");
    std::string error;
    FailureOr<SmallVector<int64_t>> dims = op.getTargetDims(error);
    if (failed(dims))
      return emitUnsupported(op, error);
    int64_t rank = resultType->getRank();
    SmallVector<OpFoldResult> targets = getIndexElements(
        rewriter, loc, op.getShape(), adaptor.getShape(), dims->size());
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> outSizes = sizes;
    SmallVector<Value> offsets(rank), inSizes(rank);
    Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value two = arith::ConstantIndexOp::create(rewriter, loc, 2);
    for (auto [dim, target] : llvm::zip_equal(*dims, targets)) {
      // A negative size read at run time would make the output's allocation
      // invalid; it becomes an empty dim.
      Value size = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[dim]);
      Value targetValue = arith::MaxSIOp::create(
          rewriter, loc,
          getValueOrCreateConstantIndexOp(rewriter, loc, target), zeroIndex);
      outSizes[dim] = getAsOpFoldResult(targetValue);
      inSizes[dim] = size;
      offsets[dim] = arith::DivSIOp::create(
          rewriter, loc, arith::SubIOp::create(rewriter, loc, size, targetValue),
          two);
    }
    Value init = createEmptyTensor(rewriter, loc, *resultType, outSizes);
    Type elementType = resultType->getElementType();
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{},
            ValueRange{init}, ArrayRef<AffineMap>{identity},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange) {
              SmallVector<Value> indices;
              Value inside;
              for (int64_t dim = 0; dim < rank; ++dim) {
                Value index = linalg::IndexOp::create(b, l, dim);
                if (offsets[dim]) {
                  index = arith::AddIOp::create(b, l, index, offsets[dim]);
                  Value zero = arith::ConstantIndexOp::create(b, l, 0);
                  Value within = arith::AndIOp::create(
                      b, l,
                      arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                            index, zero),
                      arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                            index, inSizes[dim]));
                  inside = inside ? arith::AndIOp::create(b, l, inside, within)
                                        .getResult()
                                  : within;
                }
                indices.push_back(index);
              }
              // Padding reads nothing: an input dim may even be empty.
              auto read = [&](OpBuilder &nb, Location nl) {
                scf::YieldOp::create(
                    nb, nl,
                    tensor::ExtractOp::create(nb, nl, data, indices)
                        .getResult());
              };
              auto pad = [&](OpBuilder &nb, Location nl) {
                scf::YieldOp::create(nb, nl, createZero(nb, nl, elementType));
              };
              Value element =
                  inside ? scf::IfOp::create(b, l, inside, read, pad)
                               .getResult(0)
                         : tensor::ExtractOp::create(b, l, data, indices)
                               .getResult();
              linalg::YieldOp::create(b, l, element);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateSlicePatterns(const TypeConverter &typeConverter,
                           RewritePatternSet &patterns) {
  patterns.add<LowerCenterCropPad, LowerPad, LowerSlice>(
      typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
