//===- Patterns.cpp - The onnx to linalg patterns and their helpers -------===//

#include "Patterns.h"

#include "onnxc/Conversion/ONNXToLinalg/ONNXToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

void onnxc::populateONNXToLinalgPatterns(const TypeConverter &typeConverter,
                                         RewritePatternSet &patterns) {
  detail::populateAffineGridPatterns(typeConverter, patterns);
  detail::populateAttentionPatterns(typeConverter, patterns);
  detail::populateControlFlowPatterns(typeConverter, patterns);
  detail::populateConvPatterns(typeConverter, patterns);
  detail::populateDropoutPatterns(typeConverter, patterns);
  detail::populateDataDependentPatterns(typeConverter, patterns);
  detail::populateDetPatterns(typeConverter, patterns);
  detail::populateEinsumPatterns(typeConverter, patterns);
  detail::populateElementwisePatterns(typeConverter, patterns);
  detail::populateLossPatterns(typeConverter, patterns);
  detail::populateMatMulPatterns(typeConverter, patterns);
  detail::populateNormalizationPatterns(typeConverter, patterns);
  detail::populatePoolingPatterns(typeConverter, patterns);
  detail::populateQuantizationPatterns(typeConverter, patterns);
  detail::populateRecurrentPatterns(typeConverter, patterns);
  detail::populateResizePatterns(typeConverter, patterns);
  detail::populateReverseSequencePatterns(typeConverter, patterns);
  detail::populateReductionPatterns(typeConverter, patterns);
  detail::populateSignalPatterns(typeConverter, patterns);
  detail::populateSequencePatterns(typeConverter, patterns);
  detail::populateSoftmaxPatterns(typeConverter, patterns);
  detail::populateTensorPatterns(typeConverter, patterns);
  detail::populateTextPatterns(typeConverter, patterns);
  detail::populateGridSamplePatterns(typeConverter, patterns);
  detail::populateMaxUnpoolPatterns(typeConverter, patterns);
  detail::populateNonMaxSuppressionPatterns(typeConverter, patterns);
  detail::populateRoiAlignPatterns(typeConverter, patterns);
}

namespace onnxc::detail {

bool isUnsignedElement(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

InFlightDiagnostic emitUnsupported(Operation *op, const Twine &what) {
  return op->emitError() << "cannot lower '" << op->getName()
                         << "' to linalg: " << what;
}

FailureOr<RankedTensorType>
getConvertedResultType(Operation *op, unsigned index,
                       const TypeConverter &typeConverter) {
  auto type = dyn_cast_or_null<RankedTensorType>(
      typeConverter.convertType(op->getResult(index).getType()));
  if (!type) {
    emitUnsupported(op, "its results must be ranked tensors");
    return failure();
  }
  return type;
}

FailureOr<SmallVector<RankedTensorType>>
getConvertedResultTypes(Operation *op, const TypeConverter &typeConverter) {
  SmallVector<RankedTensorType> types;
  for (unsigned index = 0; index < op->getNumResults(); ++index) {
    FailureOr<RankedTensorType> type =
        getConvertedResultType(op, index, typeConverter);
    if (failed(type))
      return failure();
    types.push_back(*type);
  }
  return types;
}

Value createEmptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                        ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> dynamicSizes;
  for (auto [dim, size] : llvm::enumerate(sizes))
    if (type.isDynamicDim(dim))
      dynamicSizes.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

Value createFilledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                         ArrayRef<OpFoldResult> sizes, Value value) {
  Value empty = createEmptyTensor(b, loc, type, sizes);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value createIfNonEmpty(OpBuilder &b, Location loc,
                       ArrayRef<OpFoldResult> inputSizes, RankedTensorType type,
                       ArrayRef<OpFoldResult> sizes, Value fill,
                       TensorBuilder build) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value empty;
  for (OpFoldResult size : inputSizes) {
    if (std::optional<int64_t> constant = getConstantIntValue(size)) {
      if (*constant == 0)
        return createFilledTensor(b, loc, type, sizes, fill);
      continue;
    }
    Value isEmpty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          cast<Value>(size), zero);
    empty = empty ? arith::OrIOp::create(b, loc, empty, isEmpty).getResult()
                  : isEmpty;
  }
  if (!empty)
    return build(b, loc);
  return scf::IfOp::create(
             b, loc, empty,
             [&](OpBuilder &tb, Location tl) {
               scf::YieldOp::create(
                   tb, tl, createFilledTensor(tb, tl, type, sizes, fill));
             },
             [&](OpBuilder &eb, Location el) {
               scf::YieldOp::create(eb, el,
                                    castTo(eb, el, build(eb, el), type));
             })
      .getResult(0);
}

Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

Value convertFloat(OpBuilder &b, Location loc, Value value, Type type) {
  unsigned from = value.getType().getIntOrFloatBitWidth();
  unsigned to = type.getIntOrFloatBitWidth();
  if (value.getType() == type)
    return value;
  if (from < to)
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

Value createZero(OpBuilder &b, Location loc, Type elementType) {
  return arith::ConstantOp::create(b, loc,
                                   cast<TypedAttr>(b.getZeroAttr(elementType)));
}

Value createLowest(OpBuilder &b, Location loc, Type elementType,
                   bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = elementType.getIntOrFloatBitWidth();
  APInt lowest =
      isUnsigned ? APInt::getZero(width) : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc,
                                   b.getIntegerAttr(elementType, lowest));
}

Value createMax(OpBuilder &b, Location loc, Value lhs, Value rhs,
                bool isUnsigned) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  if (isUnsigned)
    return arith::MaxUIOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

SmallVector<ReassociationIndices> unitDimReassociation(int64_t smallRank,
                                                       int64_t position) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t dim = 0; dim < smallRank; ++dim)
    groups.push_back({dim < position ? dim : dim + 1});
  if (smallRank == 0)
    return groups;
  // The unit dim joins the group of its neighbour.
  ReassociationIndices &owner = groups[std::min(position, smallRank - 1)];
  owner.push_back(position);
  llvm::sort(owner);
  return groups;
}

Value createExpandShape(OpBuilder &b, Location loc, RankedTensorType type,
                        Value value, ArrayRef<ReassociationIndices> groups,
                        ArrayRef<OpFoldResult> sizes) {
  // The expansion's own type is static wherever a size is constant (a
  // constant value for a dynamic dim is rejected by some upstream patterns);
  // a tensor.cast then gives the requested type.
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> outputShape;
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    if (std::optional<int64_t> constant = getConstantIntValue(size))
      shape[dim] = *constant;
    outputShape.push_back(
        ShapedType::isDynamic(shape[dim])
            ? OpFoldResult(getValueOrCreateConstantIndexOp(b, loc, size))
            : OpFoldResult(b.getIndexAttr(shape[dim])));
  }
  // MLIR 22's expand-strided-metadata crashes on a memref.expand_shape group
  // with more than one dynamic size; tensor.reshape takes any sizes.
  for (const ReassociationIndices &group : groups)
    if (llvm::count_if(group, [&](int64_t dim) {
          return ShapedType::isDynamic(shape[dim]);
        }) > 1)
      return castTo(b, loc,
                    reshapeToSizes(b, loc, value, type.clone(shape),
                                   outputShape),
                    type);
  Value expanded = tensor::ExpandShapeOp::create(b, loc, type.clone(shape),
                                                 value, groups, outputShape);
  return castTo(b, loc, expanded, type);
}

Value insertUnitDim(OpBuilder &b, Location loc, Value value, int64_t position) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + position, 1);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  sizes.insert(sizes.begin() + position, b.getIndexAttr(1));
  return createExpandShape(b, loc, type.clone(shape), value,
                           unitDimReassociation(type.getRank(), position),
                           sizes);
}

Value dropUnitDim(OpBuilder &b, Location loc, Value value, int64_t position) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + position);
  return tensor::CollapseShapeOp::create(
      b, loc, type.clone(shape), value,
      unitDimReassociation(type.getRank() - 1, position));
}

//===----------------------------------------------------------------------===//
// Window geometry at run time
//===----------------------------------------------------------------------===//

WindowSizes computeWindowSizes(OpBuilder &b, Location loc, Value input,
                               const onnx::WindowGeometry &geometry,
                               StringRef autoPad, bool ceilMode) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = geometry.kernel.size();
  WindowSizes sizes;
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  for (int64_t i = 0; i < rank; ++i) {
    int64_t inSize = type.getDimSize(2 + i);
    int64_t stride = geometry.strides[i];
    int64_t effectiveKernel =
        (geometry.kernel[i] - 1) * geometry.dilations[i] + 1;
    if (!ShapedType::isDynamic(inSize)) {
      int64_t low = geometry.pads[i], high = geometry.pads[rank + i];
      int64_t out = geometry.outputSizes[i];
      // With ceil_mode the last window may reach past the end padding; pad
      // further so that it reads only padding there.
      high += std::max<int64_t>(0, (out - 1) * stride + effectiveKernel -
                                       (inSize + low + high));
      sizes.padLow.push_back(b.getIndexAttr(low));
      sizes.padHigh.push_back(b.getIndexAttr(high));
      sizes.outputSizes.push_back(b.getIndexAttr(out));
      continue;
    }

    // The same rules as onnx::computeWindowGeometry, on index values.
    Value in = tensor::DimOp::create(b, loc, input, 2 + i);
    Value strideV = index(stride), kernelV = index(effectiveKernel);
    Value zero = index(0), one = index(1);
    Value low, high, out;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // ONNX: output = ceil(input / stride); the total pad makes it so, with
      // the odd extra pad at the end for SAME_UPPER.
      out = arith::CeilDivSIOp::create(b, loc, in, strideV);
      Value needed = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, arith::SubIOp::create(b, loc, out, one),
                                strideV),
          kernelV);
      Value total = arith::MaxSIOp::create(
          b, loc, zero, arith::SubIOp::create(b, loc, needed, in));
      Value small = arith::DivSIOp::create(b, loc, total, index(2));
      Value large = arith::SubIOp::create(b, loc, total, small);
      low = autoPad == "SAME_UPPER" ? small : large;
      high = autoPad == "SAME_UPPER" ? large : small;
    } else {
      low = index(geometry.pads[i]);
      high = index(geometry.pads[rank + i]);
      Value padded = arith::AddIOp::create(
          b, loc, arith::AddIOp::create(b, loc, in, low), high);
      Value span = arith::SubIOp::create(b, loc, padded, kernelV);
      Value steps =
          ceilMode
              ? arith::CeilDivSIOp::create(b, loc, span, strideV).getResult()
              : arith::DivSIOp::create(b, loc, span, strideV).getResult();
      out = arith::AddIOp::create(b, loc, steps, one);
      if (ceilMode) {
        // ONNX: with ceil_mode the last window must start inside the input
        // or its begin padding.
        Value lastStart = arith::MulIOp::create(b, loc, steps, strideV);
        Value tooFar =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, lastStart,
                                  arith::AddIOp::create(b, loc, in, low));
        out = arith::SelectOp::create(b, loc, tooFar, steps, out);
        Value reach = arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(
                b, loc, arith::SubIOp::create(b, loc, out, one), strideV),
            kernelV);
        Value extra = arith::MaxSIOp::create(
            b, loc, zero, arith::SubIOp::create(b, loc, reach, padded));
        high = arith::AddIOp::create(b, loc, high, extra);
      }
    }
    sizes.padLow.push_back(low);
    sizes.padHigh.push_back(high);
    sizes.outputSizes.push_back(out);
  }
  return sizes;
}

Value padSpatialDims(OpBuilder &b, Location loc, Value input,
                     ArrayRef<OpFoldResult> padLow,
                     ArrayRef<OpFoldResult> padHigh, Value padValue) {
  auto isZero = [](OpFoldResult pad) { return isConstantIntValue(pad, 0); };
  if (llvm::all_of(padLow, isZero) && llvm::all_of(padHigh, isZero))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)),
      high(2, b.getIndexAttr(0));
  llvm::append_range(low, padLow);
  llvm::append_range(high, padHigh);
  SmallVector<int64_t> shape;
  for (auto [size, lo, hi] : llvm::zip_equal(type.getShape(), low, high)) {
    std::optional<int64_t> staticLow = getConstantIntValue(lo);
    std::optional<int64_t> staticHigh = getConstantIntValue(hi);
    shape.push_back(ShapedType::isDynamic(size) || !staticLow || !staticHigh
                        ? ShapedType::kDynamic
                        : size + *staticLow + *staticHigh);
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                               padValue);
}

} // namespace onnxc::detail
