//===- Tensor.cpp - Constants and shape manipulation ops ------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace onnxc::onnx {

FailureOr<SmallVector<int64_t>> getConstantIntValues(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return failure();
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr))
    return llvm::to_vector(llvm::map_range(
        dense.getValues<APInt>(),
        [](const APInt &v) { return v.getSExtValue(); }));
  if (auto resource = dyn_cast<DenseI64ResourceElementsAttr>(attr)) {
    if (std::optional<ArrayRef<int64_t>> values = resource.tryGetAsArrayRef())
      return llvm::to_vector(*values);
  }
  return failure();
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

/// ONNX Shape: start and end are clamped into [0, rank] after adding rank to
/// negative values.
static std::pair<int64_t, int64_t> shapeSlice(ShapeOp op, int64_t rank) {
  auto clampAxis = [rank](int64_t axis) {
    if (axis < 0)
      axis += rank;
    return std::clamp<int64_t>(axis, 0, rank);
  };
  int64_t start = clampAxis(op.getStart());
  int64_t end = clampAxis(op.getEnd().value_or(rank));
  return {start, std::max(start, end)};
}

LogicalResult ShapeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getData().getType());
  int64_t length = ShapedType::kDynamic;
  if (type.hasRank()) {
    auto [start, end] = shapeSlice(*this, type.getRank());
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
  auto [start, end] = shapeSlice(*this, type.getRank());
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
  FailureOr<SmallVector<int64_t>> requested = getConstantIntValues(getShape());
  if (failed(requested)) {
    if (!shapeType.hasStaticShape()) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    requested = SmallVector<int64_t>(shapeType.getDimSize(0),
                                     ShapedType::kDynamic);
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
    return llvm::to_vector(llvm::map_range(*perm, [](Attribute a) {
      return cast<IntegerAttr>(a).getInt();
    }));
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
      return emitOpError("perm is not a permutation of [0, ")
             << rank << ")";
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
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getType(),
                                             producer.getData(),
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
  inferred.push_back(RankedTensorType::get(
      {productOfDims(shape.take_front(axis)),
       productOfDims(shape.drop_front(axis))},
      elementType));
  return success();
}

} // namespace onnxc::onnx
