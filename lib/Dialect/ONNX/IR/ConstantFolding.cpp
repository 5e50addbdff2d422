//===- ConstantFolding.cpp - Folding of small integer tensors -------------===//
//
// Exported models compute shapes at run time: Shape, Size, Gather, Slice,
// arithmetic, Concat, ConstantOfShape and Unsqueeze feeding Reshape, Expand
// or ConstantOfShape. When those inputs are known at compile time, the
// folders here turn the chain into constants, so that shape inference sees
// the shapes it produces. Only small integer tensors are folded: they hold
// shapes, axes and indices; anything bigger is data, which the generated code
// computes better than a constant stored in the object file would.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {
namespace {

constexpr int64_t kMaxFoldedElements = 256;

/// The static type of `value` when it is a small tensor of integers.
RankedTensorType getFoldableType(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape() ||
      !isa<IntegerType>(ranked.getElementType()) ||
      ranked.getNumElements() > kMaxFoldedElements)
    return nullptr;
  return ranked;
}

/// The values of `value`, a small integer constant (read sign-extended).
FailureOr<SmallVector<int64_t>> getFoldableValues(Value value) {
  if (!getFoldableType(value.getType()))
    return failure();
  return getConstantIntValues(value);
}

/// `values` as a constant of `type`, truncated to its element width; null
/// when `type` cannot hold them.
OpFoldResult makeConstant(Type type, ArrayRef<int64_t> values) {
  RankedTensorType ranked = getFoldableType(type);
  if (!ranked || ranked.getNumElements() != static_cast<int64_t>(values.size()))
    return {};
  unsigned width = ranked.getElementType().getIntOrFloatBitWidth();
  SmallVector<APInt> elements;
  for (int64_t value : values)
    elements.push_back(APInt(width, static_cast<uint64_t>(value),
                             /*isSigned=*/true, /*implicitTrunc=*/true));
  return DenseIntElementsAttr::get(ranked, elements);
}

/// The offset into a tensor of `shape` that ONNX multidirectional
/// broadcasting reads for the result index `index` (trailing dims aligned).
int64_t getBroadcastOffset(ArrayRef<int64_t> shape, ArrayRef<int64_t> index) {
  int64_t offset = 0;
  size_t lead = index.size() - shape.size();
  for (auto [dim, size] : llvm::enumerate(shape))
    offset = offset * size + (size == 1 ? 0 : index[lead + dim]);
  return offset;
}

/// Folds an elementwise integer op on two constants. `fn` gives the result
/// element, or nothing where the op is undefined (which then is not folded,
/// so that the generated code decides what happens).
OpFoldResult foldIntegerBinary(
    Operation *op, Value lhs, Value rhs,
    llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)> fn) {
  Type resultType = op->getResult(0).getType();
  RankedTensorType ranked = getFoldableType(resultType);
  // Unsigned values would be misread as signed ones.
  if (!ranked || !ranked.getElementType().isSignlessInteger())
    return {};
  FailureOr<SmallVector<int64_t>> a = getFoldableValues(lhs);
  FailureOr<SmallVector<int64_t>> b = getFoldableValues(rhs);
  if (failed(a) || failed(b))
    return {};
  ArrayRef<int64_t> aShape = cast<RankedTensorType>(lhs.getType()).getShape();
  ArrayRef<int64_t> bShape = cast<RankedTensorType>(rhs.getType()).getShape();
  ArrayRef<int64_t> shape = ranked.getShape();
  if (aShape.size() > shape.size() || bShape.size() > shape.size())
    return {};
  SmallVector<int64_t> values, index(shape.size(), 0);
  for (int64_t n = 0; n < ranked.getNumElements(); ++n) {
    int64_t rest = n;
    for (int64_t dim = shape.size() - 1; dim >= 0; --dim) {
      index[dim] = rest % shape[dim];
      rest /= shape[dim];
    }
    std::optional<int64_t> value = fn((*a)[getBroadcastOffset(aShape, index)],
                                      (*b)[getBroadcastOffset(bShape, index)]);
    if (!value)
      return {};
    values.push_back(*value);
  }
  return makeConstant(resultType, values);
}

/// A constant `data` with the values it has, under the static result type of
/// a reshaping op.
OpFoldResult foldReshapedConstant(Value data, Type resultType) {
  FailureOr<SmallVector<int64_t>> values = getFoldableValues(data);
  if (failed(values))
    return {};
  return makeConstant(resultType, *values);
}

} // namespace

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

// Wrapping arithmetic (done in uint64_t) matches what the generated code does
// at the element width after truncation.
OpFoldResult AddOp::fold(FoldAdaptor) {
  return foldIntegerBinary(*this, getA(), getB(), [](int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) +
                                static_cast<uint64_t>(b));
  });
}

OpFoldResult SubOp::fold(FoldAdaptor) {
  return foldIntegerBinary(*this, getA(), getB(), [](int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) -
                                static_cast<uint64_t>(b));
  });
}

OpFoldResult MulOp::fold(FoldAdaptor) {
  return foldIntegerBinary(*this, getA(), getB(), [](int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) *
                                static_cast<uint64_t>(b));
  });
}

OpFoldResult NegOp::fold(FoldAdaptor) {
  if (!getElementTypeOrSelf(getType()).isSignlessInteger())
    return {};
  FailureOr<SmallVector<int64_t>> values = getFoldableValues(getX());
  if (failed(values))
    return {};
  for (int64_t &value : *values)
    value = static_cast<int64_t>(0 - static_cast<uint64_t>(value));
  return makeConstant(getType(), *values);
}

OpFoldResult DivOp::fold(FoldAdaptor) {
  return foldIntegerBinary(
      *this, getA(), getB(), [](int64_t a, int64_t b) -> std::optional<int64_t> {
        if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1))
          return std::nullopt;
        return a / b;
      });
}

//===----------------------------------------------------------------------===//
// Shape computations
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOfShapeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldedElements)
    return {};
  Attribute fill;
  if (std::optional<ElementsAttr> value = getValue()) {
    auto dense = dyn_cast<DenseElementsAttr>(*value);
    if (!dense || !dense.isSplat())
      return {};
    fill = dense.getSplatValue<Attribute>();
  } else {
    fill = FloatAttr::get(Float32Type::get(getContext()), 0.0);
  }
  if (cast<TypedAttr>(fill).getType() != type.getElementType())
    return {};
  return DenseElementsAttr::get(type, fill);
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || type.getRank() != 1)
    return {};
  SmallVector<int64_t> values;
  for (Value input : getInputs()) {
    FailureOr<SmallVector<int64_t>> inputValues = getFoldableValues(input);
    if (failed(inputValues))
      return {};
    llvm::append_range(values, *inputValues);
  }
  return makeConstant(type, values);
}

/// Gathering from a shape folds when the gathered elements are known, even
/// where others are not: `Shape(x)[2]` of an x [?, ?, 768] is 768.
OpFoldResult GatherOp::fold(FoldAdaptor) {
  auto dataType = dyn_cast<RankedTensorType>(getData().getType());
  if (!dataType || dataType.getRank() != 1 ||
      !isa<IntegerType>(dataType.getElementType()))
    return {};
  FailureOr<SmallVector<int64_t>> data = getKnownElements(getData());
  FailureOr<SmallVector<int64_t>> indices = getFoldableValues(getIndices());
  if (failed(data) || failed(indices))
    return {};
  int64_t size = data->size();
  SmallVector<int64_t> values;
  for (int64_t index : *indices) {
    if (index < -size || index >= size)
      return {};
    int64_t value = (*data)[index < 0 ? index + size : index];
    if (ShapedType::isDynamic(value))
      return {};
    values.push_back(value);
  }
  return makeConstant(getType(), values);
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  auto dataType = dyn_cast<RankedTensorType>(getData().getType());
  if (!dataType || dataType.getRank() != 1)
    return {};
  FailureOr<SmallVector<int64_t>> data = getFoldableValues(getData());
  FailureOr<SmallVector<int64_t>> starts = getFoldableValues(getStarts());
  FailureOr<SmallVector<int64_t>> ends = getFoldableValues(getEnds());
  if (failed(data) || failed(starts) || failed(ends) || starts->size() != 1 ||
      ends->size() != 1)
    return {};
  int64_t step = 1;
  if (Value steps = getSteps()) {
    FailureOr<SmallVector<int64_t>> stepValues = getFoldableValues(steps);
    if (failed(stepValues) || stepValues->size() != 1 || (*stepValues)[0] == 0)
      return {};
    step = (*stepValues)[0];
  }
  if (Value axes = getAxes()) {
    FailureOr<SmallVector<int64_t>> axisValues = getFoldableValues(axes);
    if (failed(axisValues) || axisValues->size() != 1 ||
        ((*axisValues)[0] != 0 && (*axisValues)[0] != -1))
      return {};
  }
  SliceBounds bounds =
      computeSliceBounds(data->size(), (*starts)[0], (*ends)[0], step);
  SmallVector<int64_t> values;
  for (int64_t k = 0; k < bounds.count; ++k)
    values.push_back((*data)[bounds.start + k * step]);
  return makeConstant(getType(), values);
}

OpFoldResult SqueezeOp::fold(FoldAdaptor) {
  return foldReshapedConstant(getData(), getType());
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor) {
  return foldReshapedConstant(getData(), getType());
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  auto inputType = dyn_cast<RankedTensorType>(getInput().getType());
  auto type = dyn_cast<RankedTensorType>(getType());
  // Between signless integers only: widening sign-extends, narrowing
  // truncates, as the generated code does.
  if (!inputType || !type || !inputType.getElementType().isSignlessInteger() ||
      !type.getElementType().isSignlessInteger() ||
      inputType.getElementType().isInteger(1) ||
      type.getElementType().isInteger(1))
    return {};
  if (inputType == type)
    return getInput();
  return foldReshapedConstant(getInput(), type);
}

} // namespace onnxc::onnx
