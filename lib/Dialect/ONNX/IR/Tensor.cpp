//===- Tensor.cpp - Constants and shape manipulation ops ------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace onnxc::onnx {

FailureOr<SmallVector<int64_t>> getConstantIntValues(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return failure();
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr))
    return llvm::to_vector(
        llvm::map_range(dense.getValues<APInt>(),
                        [](const APInt &v) { return v.getSExtValue(); }));
  if (auto resource = dyn_cast<DenseI64ResourceElementsAttr>(attr)) {
    if (std::optional<ArrayRef<int64_t>> values = resource.tryGetAsArrayRef())
      return llvm::to_vector(*values);
  }
  return failure();
}

/// The values of the 1-D operand `value`: its constants, or kDynamic for each
/// element when only its length is known; failure when not even that is.
static FailureOr<SmallVector<int64_t>> getKnownValues(Value value) {
  FailureOr<SmallVector<int64_t>> constants = getConstantIntValues(value);
  if (succeeded(constants)) {
    // A constant INT64_MIN would read as kDynamic, an unknown size, and reach
    // the generated code unchecked. No size, axis or pad may be that
    // negative, so one more keeps it invalid and lets the rules reject it.
    for (int64_t &constant : *constants)
      if (constant == std::numeric_limits<int64_t>::min())
        ++constant;
    return constants;
  }
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 1 || type.isDynamicDim(0))
    return failure();
  return SmallVector<int64_t>(type.getDimSize(0), ShapedType::kDynamic);
}

FailureOr<SmallVector<int64_t>> getKnownElements(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 1 || !isa<IntegerType>(type.getElementType()))
    return getKnownValues(value);
  if (auto shape = value.getDefiningOp<ShapeOp>()) {
    if (auto dataType = dyn_cast<RankedTensorType>(shape.getData().getType())) {
      auto [start, end] = shape.getSlice(dataType.getRank());
      return llvm::to_vector(dataType.getShape().slice(start, end - start));
    }
  }
  if (auto concat = value.getDefiningOp<ConcatOp>()) {
    SmallVector<int64_t> elements;
    for (Value input : concat.getInputs()) {
      FailureOr<SmallVector<int64_t>> piece = getKnownElements(input);
      if (failed(piece))
        return getKnownValues(value);
      llvm::append_range(elements, *piece);
    }
    if (type.isDynamicDim(0) ||
        static_cast<int64_t>(elements.size()) == type.getDimSize(0))
      return elements;
  }
  return getKnownValues(value);
}

//===----------------------------------------------------------------------===//
// Constant, Identity
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  inferred.push_back(getValue().getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult IdentityOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  inferred.push_back(getInput().getType());
  return success();
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

//===----------------------------------------------------------------------===//
// Shape
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> ShapeOp::getSlice(int64_t rank) {
  auto clampAxis = [rank](int64_t axis) {
    if (axis < 0)
      axis += rank;
    return std::clamp<int64_t>(axis, 0, rank);
  };
  int64_t start = clampAxis(getStart());
  int64_t end = clampAxis(getEnd().value_or(rank));
  return {start, std::max(start, end)};
}

LogicalResult ShapeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  int64_t length = ShapedType::kDynamic;
  if (type.hasRank()) {
    auto [start, end] = getSlice(type.getRank());
    length = end - start;
  }
  inferred.push_back(
      RankedTensorType::get({length}, IntegerType::get(getContext(), 64)));
  return success();
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!type || !resultType || !resultType.hasStaticShape())
    return {};
  auto [start, end] = getSlice(type.getRank());
  ArrayRef<int64_t> dims = type.getShape().slice(start, end - start);
  if (llvm::any_of(dims, ShapedType::isDynamic))
    return {};
  return DenseIntElementsAttr::get(resultType, dims);
}

//===----------------------------------------------------------------------===//
// Reshape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto dataType = cast<TensorType>(getData().getType());
  auto shapeType = cast<TensorType>(getShape().getType());
  Type elementType = dataType.getElementType();
  if (shapeType.hasRank() && shapeType.getRank() != 1)
    return emitOpError("'shape' must be a 1-D tensor, got ") << shapeType;
  FailureOr<SmallVector<int64_t>> requested = getKnownElements(getShape());
  if (failed(requested)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (!dataType.hasRank()) {
    // Without the input's rank, 0 and -1 entries stay unknown.
    SmallVector<int64_t> shape;
    for (int64_t size : *requested)
      shape.push_back(size > 0 || (size == 0 && getAllowzero())
                          ? size
                          : ShapedType::kDynamic);
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  std::string error;
  auto shape = computeReshapeShape(dataType.getShape(), *requested,
                                   getAllowzero() != 0, error);
  if (failed(shape))
    return emitOpError(error);
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  if (type && type.hasStaticShape() && type == getType())
    return getData();
  return {};
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

SmallVector<int64_t> TransposeOp::getPermutation() {
  if (std::optional<ArrayAttr> perm = getPerm())
    return llvm::to_vector(llvm::map_range(
        *perm, [](Attribute a) { return cast<IntegerAttr>(a).getInt(); }));
  int64_t rank = cast<RankedTensorType>(getData().getType()).getRank();
  return llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
}

LogicalResult TransposeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  SmallVector<int64_t> perm = getPermutation();
  int64_t rank = type.getRank();
  SmallVector<bool> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    return emitOpError("perm has ")
           << perm.size() << " entries for an input of rank " << rank;
  SmallVector<int64_t> shape;
  for (int64_t axis : perm) {
    if (axis < 0 || axis >= rank || seen[axis])
      return emitOpError("perm is not a permutation of [0, ") << rank << ")";
    seen[axis] = true;
    shape.push_back(type.getDimSize(axis));
  }
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (!isa<RankedTensorType>(getData().getType()) ||
      getData().getType() != getType())
    return {};
  SmallVector<int64_t> perm = getPermutation();
  for (auto [index, axis] : llvm::enumerate(perm))
    if (static_cast<int64_t>(index) != axis)
      return {};
  return getData();
}

namespace {
/// Transpose(Transpose(x, p), q) is Transpose(x, p o q).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getData().getDefiningOp<TransposeOp>();
    if (!producer || !isa<RankedTensorType>(producer.getData().getType()))
      return failure();
    SmallVector<int64_t> inner = producer.getPermutation();
    SmallVector<int64_t> outer = op.getPermutation();
    if (inner.size() != outer.size())
      return failure();
    SmallVector<int64_t> composed;
    for (int64_t axis : outer)
      composed.push_back(inner[axis]);
    rewriter.replaceOpWithNewOp<TransposeOp>(
        op, op.getType(), producer.getData(),
        rewriter.getI64ArrayAttr(composed));
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

//===----------------------------------------------------------------------===//
// Flatten
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = type.getElementType();
  if (!type.hasRank()) {
    inferred.push_back(RankedTensorType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, elementType));
    return success();
  }
  int64_t rank = type.getRank();
  int64_t axis = getAxis();
  // ONNX Flatten accepts axis in [-rank, rank].
  if (axis < -rank || axis > rank)
    return emitOpError("axis ")
           << axis << " is out of range for an input of rank " << rank;
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> shape = type.getShape();
  inferred.push_back(
      RankedTensorType::get({productOfDims(shape.take_front(axis)),
                             productOfDims(shape.drop_front(axis))},
                            elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Size
//===----------------------------------------------------------------------===//

LogicalResult SizeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  inferred.push_back(
      RankedTensorType::get({}, IntegerType::get(getContext(), 64)));
  return success();
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() || !resultType)
    return {};
  return DenseIntElementsAttr::get(resultType, {type.getNumElements()});
}

//===----------------------------------------------------------------------===//
// Operands that list sizes
//===----------------------------------------------------------------------===//

/// Requires the operand `name` of `op`, when ranked, to be 1-D.
static LogicalResult verifyOneDim(Operation *op, Value value, StringRef name) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.getRank() != 1)
    return op->emitOpError("'")
           << name << "' must be a 1-D tensor, got " << type;
  return success();
}

/// Normalises `axes` into [0, rank), sorted; fails (emitting an error) on an
/// axis out of range or repeated.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(Operation *op, ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim)) {
      op->emitOpError("axis ") << axis << " is out of range for rank " << rank;
      return failure();
    }
    normalized.push_back(*dim);
  }
  llvm::sort(normalized);
  if (std::adjacent_find(normalized.begin(), normalized.end()) !=
      normalized.end()) {
    op->emitOpError("axes repeat a dim");
    return failure();
  }
  return normalized;
}

//===----------------------------------------------------------------------===//
// Squeeze, Unsqueeze
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> SqueezeOp::getSqueezedDims() {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  SmallVector<int64_t> dims;
  if (!getAxes()) {
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (type.isDynamicDim(dim))
        return failure();
      if (type.getDimSize(dim) == 1)
        dims.push_back(dim);
    }
    return dims;
  }
  FailureOr<SmallVector<int64_t>> axes = getConstantIntValues(getAxes());
  if (failed(axes))
    return failure();
  for (int64_t axis : *axes) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim))
      return failure();
    dims.push_back(*dim);
  }
  llvm::sort(dims);
  return dims;
}

LogicalResult SqueezeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  Type elementType = type.getElementType();
  if (getAxes() && failed(verifyOneDim(*this, getAxes(), "axes")))
    return failure();
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = type.getRank();
  if (getAxes()) {
    if (FailureOr<SmallVector<int64_t>> axes = getConstantIntValues(getAxes());
        succeeded(axes) && failed(normalizeAxes(*this, *axes, rank)))
      return failure();
  }
  FailureOr<SmallVector<int64_t>> dims = getSqueezedDims();
  if (succeeded(dims)) {
    SmallVector<int64_t> shape;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (!llvm::is_contained(*dims, dim)) {
        shape.push_back(type.getDimSize(dim));
        continue;
      }
      int64_t size = type.getDimSize(dim);
      if (!ShapedType::isDynamic(size) && size != 1)
        return emitOpError("cannot squeeze dim ") << dim << " of size " << size;
    }
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  // Axes known only at run time: their count gives the rank. When the input
  // has exactly that many dims of size 1 and no dynamic ones, those are the
  // squeezed dims.
  auto axesType = getAxes() ? dyn_cast<RankedTensorType>(getAxes().getType())
                            : RankedTensorType();
  if (!axesType || axesType.isDynamicDim(0)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t count = axesType.getDimSize(0);
  if (count > rank)
    return emitOpError("has ")
           << count << " axes for an input of rank " << rank;
  SmallVector<int64_t> shape;
  if (type.hasStaticShape() &&
      llvm::count(type.getShape(), 1) == static_cast<ptrdiff_t>(count)) {
    for (int64_t size : type.getShape())
      if (size != 1)
        shape.push_back(size);
  } else {
    shape.assign(rank - count, ShapedType::kDynamic);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

FailureOr<SmallVector<int64_t>> UnsqueezeOp::getInsertedDims() {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  FailureOr<SmallVector<int64_t>> axes = getConstantIntValues(getAxes());
  if (!type || failed(axes))
    return failure();
  int64_t rank = type.getRank() + axes->size();
  SmallVector<int64_t> dims;
  for (int64_t axis : *axes) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim))
      return failure();
    dims.push_back(*dim);
  }
  llvm::sort(dims);
  return dims;
}

LogicalResult UnsqueezeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  Type elementType = type.getElementType();
  if (failed(verifyOneDim(*this, getAxes(), "axes")))
    return failure();
  FailureOr<SmallVector<int64_t>> axes = getKnownValues(getAxes());
  if (!type.hasRank() || failed(axes)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = type.getRank() + axes->size();
  if (succeeded(getConstantIntValues(getAxes()))) {
    FailureOr<SmallVector<int64_t>> dims = normalizeAxes(*this, *axes, rank);
    if (failed(dims))
      return failure();
    SmallVector<int64_t> shape;
    ArrayRef<int64_t> rest = type.getShape();
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (llvm::is_contained(*dims, dim)) {
        shape.push_back(1);
        continue;
      }
      shape.push_back(rest.front());
      rest = rest.drop_front();
    }
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  inferred.push_back(RankedTensorType::get(
      SmallVector<int64_t>(rank, ShapedType::kDynamic), elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Concat, Split
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  Type elementType =
      cast<TensorType>(getInputs()[0].getType()).getElementType();
  std::optional<SmallVector<int64_t>> shape;
  int64_t axis = 0;
  for (Value input : getInputs()) {
    auto type = cast<TensorType>(input.getType());
    if (type.getElementType() != elementType)
      return emitOpError("inputs have different element types");
    if (!type.hasRank())
      continue;
    if (!shape) {
      FailureOr<int64_t> normalized = normalizeAxis(getAxis(), type.getRank());
      if (failed(normalized))
        return emitOpError("axis ")
               << static_cast<int64_t>(getAxis())
               << " is out of range for rank " << type.getRank();
      axis = *normalized;
      shape.emplace(type.getShape());
      (*shape)[axis] = 0;
    }
    if (static_cast<int64_t>(shape->size()) != type.getRank())
      return emitOpError("inputs have different ranks");
    for (auto [dim, size] : llvm::enumerate(type.getShape())) {
      int64_t &result = (*shape)[dim];
      if (static_cast<int64_t>(dim) == axis) {
        if (ShapedType::isDynamic(result) || ShapedType::isDynamic(size))
          result = ShapedType::kDynamic;
        else if (llvm::AddOverflow(result, size, result))
          return emitOpError("the concatenated size overflows int64");
        continue;
      }
      if (ShapedType::isDynamic(result))
        result = size;
      else if (!ShapedType::isDynamic(size) && size != result)
        return emitOpError("inputs differ in size on dim ") << dim;
    }
  }
  if (!shape) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  // An unranked input adds an unknown size.
  if (llvm::any_of(getInputs(), [](Value input) {
        return !cast<TensorType>(input.getType()).hasRank();
      }))
    (*shape)[axis] = ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

FailureOr<SmallVector<int64_t>> SplitOp::getSplitSizes(int64_t inputSize) {
  int64_t count = getNumResults();
  if (getSplit()) {
    FailureOr<SmallVector<int64_t>> sizes = getKnownValues(getSplit());
    if (failed(sizes))
      return SmallVector<int64_t>(count, ShapedType::kDynamic);
    if (static_cast<int64_t>(sizes->size()) != count)
      return emitOpError("'split' has ")
             << sizes->size() << " sizes for " << count << " results";
    for (int64_t size : *sizes)
      if (!ShapedType::isDynamic(size) && size < 0)
        return emitOpError("'split' has a negative size");
    int64_t total = 0;
    for (int64_t size : *sizes) {
      if (ShapedType::isDynamic(size) || ShapedType::isDynamic(total))
        total = ShapedType::kDynamic;
      else if (llvm::AddOverflow(total, size, total))
        return emitOpError("'split' sizes overflow int64");
    }
    if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(inputSize) &&
        total != inputSize)
      return emitOpError("'split' sizes add up to ")
             << total << ", but the input has " << inputSize;
    return sizes;
  }
  if (ShapedType::isDynamic(inputSize))
    return SmallVector<int64_t>(count, ShapedType::kDynamic);
  int64_t chunk = llvm::divideCeilSigned(inputSize, count);
  int64_t last = inputSize - chunk * (count - 1);
  if (last < 0)
    return emitOpError("cannot split ")
           << inputSize << " elements into " << count << " parts";
  SmallVector<int64_t> sizes(count - 1, chunk);
  sizes.push_back(last);
  return sizes;
}

LogicalResult SplitOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = type.getElementType();
  if (getNumResults() == 0)
    return emitOpError("needs at least one result");
  if (getSplit() && failed(verifyOneDim(*this, getSplit(), "split")))
    return failure();
  if (!type.hasRank()) {
    inferred.append(getNumResults(), UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), type.getRank());
  if (failed(axis))
    return emitOpError("axis ")
           << static_cast<int64_t>(getAxis()) << " is out of range for rank "
           << type.getRank();
  FailureOr<SmallVector<int64_t>> sizes = getSplitSizes(type.getDimSize(*axis));
  if (failed(sizes))
    return failure();
  for (int64_t size : *sizes) {
    SmallVector<int64_t> shape(type.getShape());
    shape[*axis] = size;
    inferred.push_back(RankedTensorType::get(shape, elementType));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

/// The dims that `axes` (an optional 1-D operand) selects of a tensor of
/// `rank`, normalised; [0, count) without it. Failure (without an error) when
/// not known at compile time, and after an error when invalid.
static FailureOr<SmallVector<int64_t>>
getSelectedAxes(Operation *op, Value axes, int64_t count, int64_t rank,
                bool &invalid) {
  invalid = false;
  if (!axes)
    return llvm::to_vector(llvm::seq<int64_t>(0, count));
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(axes);
  if (failed(values))
    return failure();
  if (static_cast<int64_t>(values->size()) != count) {
    invalid = true;
    return op->emitOpError("has ")
           << values->size() << " axes for " << count << " values";
  }
  SmallVector<int64_t> dims;
  for (int64_t axis : *values) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim) || llvm::is_contained(dims, *dim)) {
      invalid = true;
      return op->emitOpError("axes ")
             << axis << " is out of range for rank " << rank << " or repeated";
    }
    dims.push_back(*dim);
  }
  return dims;
}

LogicalResult SliceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  Type elementType = type.getElementType();
  for (auto [value, name] :
       {std::pair(getStarts(), "starts"), std::pair(getEnds(), "ends"),
        std::pair(getAxes(), "axes"), std::pair(getSteps(), "steps")})
    if (value && failed(verifyOneDim(*this, value, name)))
      return failure();
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = type.getRank();
  auto startsType = dyn_cast<RankedTensorType>(getStarts().getType());
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  if (!startsType || startsType.isDynamicDim(0)) {
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  int64_t count = startsType.getDimSize(0);
  bool invalid;
  FailureOr<SmallVector<int64_t>> axes =
      getSelectedAxes(*this, getAxes(), count, rank, invalid);
  if (invalid)
    return failure();
  if (failed(axes)) {
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  shape.assign(type.getShape().begin(), type.getShape().end());
  FailureOr<SmallVector<int64_t>> starts = getConstantIntValues(getStarts());
  FailureOr<SmallVector<int64_t>> ends = getConstantIntValues(getEnds());
  FailureOr<SmallVector<int64_t>> steps =
      getSteps()
          ? getConstantIntValues(getSteps())
          : FailureOr<SmallVector<int64_t>>(SmallVector<int64_t>(count, 1));
  for (auto [what, values] :
       {std::pair("ends", &ends), std::pair("steps", &steps)})
    if (succeeded(*values) && static_cast<int64_t>((*values)->size()) != count)
      return emitOpError("'") << what << "' has " << (*values)->size()
                              << " values, 'starts' " << count;
  if (succeeded(steps) && llvm::is_contained(*steps, 0))
    return emitOpError("steps must not be 0");
  for (auto [index, dim] : llvm::enumerate(*axes)) {
    int64_t size = type.getDimSize(dim);
    if (ShapedType::isDynamic(size) || failed(starts) || failed(ends) ||
        failed(steps)) {
      shape[dim] = ShapedType::kDynamic;
      continue;
    }
    shape[dim] = computeSliceBounds(size, (*starts)[index], (*ends)[index],
                                    (*steps)[index])
                     .count;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// CenterCropPad, Pad
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
CenterCropPadOp::getTargetDims(std::string &error) {
  int64_t rank = cast<RankedTensorType>(getInputData().getType()).getRank();
  ArrayAttr axes = getAxesAttr();
  if (!axes)
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  SmallVector<int64_t> dims;
  SmallVector<bool> seen(rank, false);
  for (Attribute attr : axes) {
    int64_t axis = cast<IntegerAttr>(attr).getInt();
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim)) {
      llvm::raw_string_ostream(error)
          << "axis " << axis << " is out of range for rank " << rank;
      return failure();
    }
    if (seen[*dim]) {
      error = "axes repeat a dim";
      return failure();
    }
    seen[*dim] = true;
    dims.push_back(*dim);
  }
  return dims;
}

LogicalResult
CenterCropPadOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInputData().getType());
  if (failed(verifyOneDim(*this, getShape(), "shape")))
    return failure();
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  std::string error;
  FailureOr<SmallVector<int64_t>> dims = getTargetDims(error);
  if (failed(dims))
    return emitOpError(error);
  SmallVector<int64_t> shape(type.getShape());
  FailureOr<SmallVector<int64_t>> sizes = getKnownValues(getShape());
  if (succeeded(sizes) && sizes->size() != dims->size())
    return emitOpError("'shape' has ")
           << sizes->size() << " values for " << dims->size() << " axes";
  for (auto [i, dim] : llvm::enumerate(*dims)) {
    int64_t size = succeeded(sizes) ? (*sizes)[i] : ShapedType::kDynamic;
    if (!ShapedType::isDynamic(size) && size < 0)
      return emitOpError("'shape' must not be negative");
    shape[dim] = size;
  }
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult PadOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  Type elementType = type.getElementType();
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge" &&
      mode != "wrap")
    return emitOpError("unknown mode '") << mode << "'";
  if (failed(verifyOneDim(*this, getPads(), "pads")) ||
      (getAxes() && failed(verifyOneDim(*this, getAxes(), "axes"))))
    return failure();
  if (Value value = getConstantValue()) {
    auto valueType = cast<TensorType>(value.getType());
    if (valueType.getElementType() != elementType)
      return emitOpError("'constant_value' has element type ")
             << valueType.getElementType() << ", the data " << elementType;
    if (valueType.hasStaticShape() && valueType.getNumElements() != 1)
      return emitOpError("'constant_value' must hold one value");
  }
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  FailureOr<SmallVector<int64_t>> pads = getKnownValues(getPads());
  int64_t count = rank;
  if (getAxes()) {
    auto axesType = dyn_cast<RankedTensorType>(getAxes().getType());
    if (!axesType || axesType.isDynamicDim(0)) {
      inferred.push_back(RankedTensorType::get(shape, elementType));
      return success();
    }
    count = axesType.getDimSize(0);
  }
  if (succeeded(pads) && static_cast<int64_t>(pads->size()) != 2 * count)
    return emitOpError("'pads' has ")
           << pads->size() << " values for " << count << " axes";
  bool invalid;
  FailureOr<SmallVector<int64_t>> axes =
      getSelectedAxes(*this, getAxes(), count, rank, invalid);
  if (invalid)
    return failure();
  if (failed(axes) || failed(pads)) {
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  shape.assign(type.getShape().begin(), type.getShape().end());
  for (auto [index, dim] : llvm::enumerate(*axes)) {
    int64_t begin = (*pads)[index], end = (*pads)[index + count];
    if (ShapedType::isDynamic(shape[dim]) || ShapedType::isDynamic(begin) ||
        ShapedType::isDynamic(end)) {
      shape[dim] = ShapedType::kDynamic;
      continue;
    }
    if (llvm::AddOverflow(shape[dim], begin, shape[dim]) ||
        llvm::AddOverflow(shape[dim], end, shape[dim]))
      return emitOpError("padded dim ") << dim << " overflows int64";
    if (shape[dim] < 0)
      return emitOpError("pads remove more than dim ") << dim << " holds";
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Expand, Tile
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = type.getElementType();
  if (failed(verifyOneDim(*this, getShape(), "shape")))
    return failure();
  FailureOr<SmallVector<int64_t>> requested = getKnownElements(getShape());
  if (!type.hasRank() || failed(requested)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  ArrayRef<int64_t> input = type.getShape();
  int64_t rank = std::max<int64_t>(input.size(), requested->size());
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t inputDim = dim - (rank - input.size());
    int64_t requestedDim = dim - (rank - requested->size());
    int64_t a = inputDim >= 0 ? input[inputDim] : 1;
    int64_t s = requestedDim >= 0 ? (*requested)[requestedDim] : 1;
    if (!ShapedType::isDynamic(s) && s < 0)
      return emitOpError("'shape' has negative size ") << s;
    if (ShapedType::isDynamic(s)) {
      // The result is s where a is 1, else a.
      shape.push_back(
          !ShapedType::isDynamic(a) && a != 1 ? a : ShapedType::kDynamic);
    } else if (ShapedType::isDynamic(a)) {
      shape.push_back(s == 1 ? ShapedType::kDynamic : s);
    } else if (a == 1 || s == 1 || a == s) {
      shape.push_back(a == 1 ? s : a);
    } else {
      return emitOpError("cannot expand size ")
             << a << " to " << s << " on dim " << dim;
    }
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult TileOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = type.getElementType();
  if (failed(verifyOneDim(*this, getRepeats(), "repeats")))
    return failure();
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<SmallVector<int64_t>> repeats = getKnownValues(getRepeats());
  if (failed(repeats))
    repeats = SmallVector<int64_t>(type.getRank(), ShapedType::kDynamic);
  if (static_cast<int64_t>(repeats->size()) != type.getRank())
    return emitOpError("'repeats' has ")
           << repeats->size() << " values for an input of rank "
           << type.getRank();
  SmallVector<int64_t> shape;
  for (auto [size, repeat] : llvm::zip_equal(type.getShape(), *repeats)) {
    if (!ShapedType::isDynamic(repeat) && repeat < 0)
      return emitOpError("'repeats' has negative value ") << repeat;
    FailureOr<int64_t> tiled = multiplySizes(size, repeat);
    if (failed(tiled))
      return emitOpError("repeating size ")
             << size << " " << repeat << " times overflows 64 bits";
    shape.push_back(*tiled);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

/// The rule of both ops: (N, C, H, W) to (N, C * channelScale, H *
/// spaceScale, W * spaceScale), where a division must be exact.
static LogicalResult inferBlockRearrangement(Operation *op, Value input,
                                             int64_t blocksize, bool toSpace,
                                             SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(input.getType());
  if (blocksize <= 0)
    return op->emitOpError("blocksize must be positive");
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  if (type.getRank() != 4)
    return op->emitOpError("input must be 4-D, got ") << type;
  auto multiply = [&](int64_t size, int64_t by) -> FailureOr<int64_t> {
    FailureOr<int64_t> product = multiplySizes(size, by);
    if (failed(product))
      return op->emitOpError("size ")
             << size << " times " << by << " overflows 64 bits";
    return product;
  };
  FailureOr<int64_t> area = multiply(blocksize, blocksize);
  if (failed(area))
    return failure();
  auto divide = [&](int64_t size, int64_t by) -> FailureOr<int64_t> {
    if (ShapedType::isDynamic(size))
      return ShapedType::kDynamic;
    if (size % by != 0)
      return op->emitOpError("size ") << size << " is not a multiple of " << by;
    return size / by;
  };
  ArrayRef<int64_t> in = type.getShape();
  SmallVector<int64_t> shape{in[0]};
  if (toSpace) {
    FailureOr<int64_t> channels = divide(in[1], *area);
    FailureOr<int64_t> height = multiply(in[2], blocksize);
    FailureOr<int64_t> width = multiply(in[3], blocksize);
    if (failed(channels) || failed(height) || failed(width))
      return failure();
    shape.append({*channels, *height, *width});
  } else {
    FailureOr<int64_t> channels = multiply(in[1], *area);
    FailureOr<int64_t> height = divide(in[2], blocksize);
    FailureOr<int64_t> width = divide(in[3], blocksize);
    if (failed(channels) || failed(height) || failed(width))
      return failure();
    shape.append({*channels, *height, *width});
  }
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult
DepthToSpaceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getMode() != "DCR" && getMode() != "CRD")
    return emitOpError("mode must be DCR or CRD, got '") << getMode() << "'";
  return inferBlockRearrangement(*this, getInput(), getBlocksize(),
                                 /*toSpace=*/true, inferred);
}

LogicalResult
SpaceToDepthOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferBlockRearrangement(*this, getInput(), getBlocksize(),
                                 /*toSpace=*/false, inferred);
}

//===----------------------------------------------------------------------===//
// ReverseSequence
//===----------------------------------------------------------------------===//

LogicalResult
ReverseSequenceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  int64_t batchAxis = getBatchAxis(), timeAxis = getTimeAxis();
  if (!((batchAxis == 0 && timeAxis == 1) || (batchAxis == 1 && timeAxis == 0)))
    return emitOpError("batch_axis and time_axis must be 0 and 1 in either "
                       "order, got ")
           << batchAxis << " and " << timeAxis;
  auto type = cast<TensorType>(getInput().getType());
  auto lensType = cast<TensorType>(getSequenceLens().getType());
  if (lensType.hasRank() && lensType.getRank() != 1)
    return emitOpError("sequence_lens must be 1-D, got ") << lensType;
  if (type.hasRank()) {
    if (type.getRank() < 2)
      return emitOpError("input must have rank 2 or more, got ") << type;
    int64_t batch = type.getDimSize(batchAxis);
    if (lensType.hasRank() && !ShapedType::isDynamic(batch) &&
        !lensType.isDynamicDim(0) && lensType.getDimSize(0) != batch)
      return emitOpError("sequence_lens has ")
             << lensType.getDimSize(0) << " entries for a batch of " << batch;
  }
  inferred.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOfShape, Range, EyeLike, Trilu
//===----------------------------------------------------------------------===//

Type ConstantOfShapeOp::getFillElementType() {
  if (std::optional<ElementsAttr> value = getValue())
    return value->getElementType();
  return Float32Type::get(getContext());
}

LogicalResult
ConstantOfShapeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  Type elementType = getFillElementType();
  if (std::optional<ElementsAttr> value = getValue();
      value && value->getNumElements() != 1)
    return emitOpError("'value' must hold one element");
  if (failed(verifyOneDim(*this, getInput(), "input")))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = getKnownElements(getInput());
  if (failed(shape)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  for (int64_t size : *shape)
    if (!ShapedType::isDynamic(size) && size < 0)
      return emitOpError("the shape has negative size ") << size;
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

/// The value of a constant scalar (or one-element tensor) as a double.
static std::optional<double> getConstantScalar(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto elements = dyn_cast<DenseElementsAttr>(attr);
  if (!elements || elements.getNumElements() != 1)
    return std::nullopt;
  if (isa<FloatType>(elements.getElementType()))
    return (*elements.getValues<APFloat>().begin()).convertToDouble();
  if (elements.getElementType().isUnsignedInteger())
    return static_cast<double>(
        (*elements.getValues<APInt>().begin()).getZExtValue());
  return static_cast<double>(
      (*elements.getValues<APInt>().begin()).getSExtValue());
}

/// The value of a constant integer scalar, widened to 128 bits so that
/// Range's `limit - start` cannot overflow.
static std::optional<APInt> getConstantWideInt(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto elements = dyn_cast<DenseIntElementsAttr>(attr);
  if (!elements || elements.getNumElements() != 1)
    return std::nullopt;
  APInt element = *elements.getValues<APInt>().begin();
  return elements.getElementType().isUnsignedInteger() ? element.zext(128)
                                                       : element.sext(128);
}

LogicalResult RangeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  Type elementType = cast<TensorType>(getStart().getType()).getElementType();
  for (Value operand : {getStart(), getLimit(), getDelta()}) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (type && type.getNumElements() != 1 && type.hasStaticShape())
      return emitOpError("start, limit and delta must be scalars");
  }
  int64_t count = ShapedType::kDynamic;
  std::optional<double> start = getConstantScalar(getStart());
  std::optional<double> limit = getConstantScalar(getLimit());
  std::optional<double> delta = getConstantScalar(getDelta());
  if (delta && *delta == 0)
    return emitOpError("delta must not be 0");
  // ONNX Range: max(ceil((limit - start) / delta), 0); exactly for
  // integers, in the element type for floats as the lowering does.
  if (isa<IntegerType>(elementType)) {
    std::optional<APInt> wideStart = getConstantWideInt(getStart());
    std::optional<APInt> wideLimit = getConstantWideInt(getLimit());
    std::optional<APInt> wideDelta = getConstantWideInt(getDelta());
    if (wideStart && wideLimit && wideDelta) {
      APInt steps = llvm::APIntOps::RoundingSDiv(
          *wideLimit - *wideStart, *wideDelta, APInt::Rounding::UP);
      if (steps.getSignificantBits() > 64)
        return emitOpError("start, limit and delta do not give an element "
                           "count that fits in 64 bits");
      count = std::max<int64_t>(0, steps.getSExtValue());
    }
  } else if (start && limit && delta) {
    double steps;
    if (elementType.isF32())
      steps =
          std::ceil((static_cast<float>(*limit) - static_cast<float>(*start)) /
                    static_cast<float>(*delta));
    else
      steps = std::ceil((*limit - *start) / *delta);
    // Converting NaN or a value past 2^63 to int64_t is undefined.
    if (std::isnan(steps) || steps >= 0x1p63)
      return emitOpError("start, limit and delta do not give an element "
                         "count that fits in 64 bits");
    count = steps > 0 ? static_cast<int64_t>(steps) : 0;
  }
  inferred.push_back(RankedTensorType::get({count}, elementType));
  return success();
}

LogicalResult EyeLikeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = getDtype() ? *getDtype() : type.getElementType();
  if (!isa<IntegerType, FloatType>(elementType))
    return emitOpError("dtype must be an integer or float type");
  if (!type.hasRank()) {
    inferred.push_back(RankedTensorType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, elementType));
    return success();
  }
  if (type.getRank() != 2)
    return emitOpError("input must be 2-D, got ") << type;
  inferred.push_back(RankedTensorType::get(type.getShape(), elementType));
  return success();
}

LogicalResult TriluOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  if (type.hasRank() && type.getRank() < 2)
    return emitOpError("input must have rank 2 or more, got ") << type;
  if (getK()) {
    auto kType = dyn_cast<RankedTensorType>(getK().getType());
    if (kType && kType.hasStaticShape() && kType.getNumElements() != 1)
      return emitOpError("'k' must be a scalar");
  }
  inferred.push_back(type);
  return success();
}

} // namespace onnxc::onnx
