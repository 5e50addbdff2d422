//===- GatherScatter.cpp - Shape rules of indexing ops --------------------===//
//
// Gather, GatherElements, GatherND, ScatterElements, ScatterND and OneHot.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {

static LogicalResult verifyReduction(Operation *op, StringRef reduction) {
  if (reduction == "none" || reduction == "add" || reduction == "mul" ||
      reduction == "max" || reduction == "min")
    return success();
  return op->emitOpError("unknown reduction '") << reduction << "'";
}

LogicalResult GatherOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto data = cast<TensorType>(getData().getType());
  auto indices = cast<TensorType>(getIndices().getType());
  Type elementType = data.getElementType();
  if (!data.hasRank() || !indices.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), data.getRank());
  if (failed(axis))
    return emitOpError("axis ")
           << static_cast<int64_t>(getAxis()) << " is out of range for rank "
           << data.getRank();
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// GatherElements and ScatterElements: `indices` has the rank of `data` and
/// `axis` lies in [-rank, rank).
static LogicalResult verifyElementsIndexing(Operation *op, Value data,
                                            Value indices, int64_t axis) {
  auto dataType = dyn_cast<RankedTensorType>(data.getType());
  auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
  if (dataType && indicesType && dataType.getRank() != indicesType.getRank())
    return op->emitOpError("indices must have the rank of data");
  if (dataType && failed(normalizeAxis(axis, dataType.getRank())))
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << dataType.getRank();
  return success();
}

LogicalResult
GatherElementsOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyElementsIndexing(*this, getData(), getIndices(), getAxis())))
    return failure();
  auto data = cast<TensorType>(getData().getType());
  auto indices = cast<TensorType>(getIndices().getType());
  inferred.push_back(indices.clone(data.getElementType()));
  return success();
}

LogicalResult GatherNDOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto data = cast<TensorType>(getData().getType());
  auto indices = cast<TensorType>(getIndices().getType());
  Type elementType = data.getElementType();
  int64_t batchDims = getBatchDims();
  if (batchDims < 0)
    return emitOpError("batch_dims must not be negative");
  if (!data.hasRank() || !indices.hasRank() ||
      (indices.getRank() > 0 && indices.isDynamicDim(indices.getRank() - 1))) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t q = indices.getRank(), r = data.getRank();
  if (q < 1 || batchDims >= std::min(q, r))
    return emitOpError("batch_dims must be less than the ranks of data and "
                       "indices, which must be 1 or more");
  int64_t m = indices.getDimSize(q - 1);
  if (m < 1 || batchDims + m > r)
    return emitOpError("indices address ")
           << m << " dims after " << batchDims << " batch dims of rank-" << r
           << " data";
  for (int64_t dim = 0; dim < batchDims; ++dim) {
    int64_t a = data.getDimSize(dim), b = indices.getDimSize(dim);
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
      return emitOpError("batch dim ") << dim << " differs in size";
  }
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batchDims + m));
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult
ScatterElementsOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyReduction(*this, getReduction())) ||
      failed(verifyElementsIndexing(*this, getData(), getIndices(), getAxis())))
    return failure();
  auto indices = dyn_cast<RankedTensorType>(getIndices().getType());
  auto updates = dyn_cast<RankedTensorType>(getUpdates().getType());
  if (indices && updates &&
      failed(verifyCompatibleShape(indices.getShape(), updates.getShape())))
    return emitOpError("updates must have the shape of indices");
  inferred.push_back(getData().getType());
  return success();
}

LogicalResult ScatterNDOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyReduction(*this, getReduction())))
    return failure();
  auto data = dyn_cast<RankedTensorType>(getData().getType());
  auto indices = dyn_cast<RankedTensorType>(getIndices().getType());
  auto updates = dyn_cast<RankedTensorType>(getUpdates().getType());
  if (data && indices && updates && indices.getRank() > 0 &&
      !indices.isDynamicDim(indices.getRank() - 1)) {
    // ONNX ScatterND: updates.shape = indices.shape[:-1] + data.shape[m:].
    int64_t q = indices.getRank();
    int64_t m = indices.getDimSize(q - 1);
    if (m > data.getRank())
      return emitOpError("indices address ")
             << m << " dims of rank-" << data.getRank() << " data";
    SmallVector<int64_t> expected(indices.getShape().drop_back());
    llvm::append_range(expected, data.getShape().drop_front(m));
    if (failed(verifyCompatibleShape(expected, updates.getShape())))
      return emitOpError("updates must have shape indices.shape[:-1] + "
                         "data.shape[m:]");
  }
  inferred.push_back(getData().getType());
  return success();
}

LogicalResult OneHotOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto indices = cast<TensorType>(getIndices().getType());
  auto values = cast<TensorType>(getValues().getType());
  Type elementType = values.getElementType();
  if (values.hasStaticShape() && values.getNumElements() != 2)
    return emitOpError("values must hold [off_value, on_value]");
  if (!indices.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = indices.getRank() + 1;
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), rank);
  if (failed(axis))
    return emitOpError("axis ") << static_cast<int64_t>(getAxis())
                                << " is out of range for rank " << rank;
  int64_t depth = ShapedType::kDynamic;
  Attribute attr;
  if (matchPattern(getDepth(), m_Constant(&attr))) {
    auto elements = dyn_cast<DenseElementsAttr>(attr);
    if (elements && elements.getNumElements() == 1) {
      // ONNX OneHot: a float depth is truncated to an integer.
      if (isa<FloatType>(elements.getElementType()))
        depth = static_cast<int64_t>(
            (*elements.getValues<APFloat>().begin()).convertToDouble());
      else
        depth = (*elements.getValues<APInt>().begin()).getSExtValue();
      if (depth < 1)
        return emitOpError("depth must be positive, got ") << depth;
    }
  }
  SmallVector<int64_t> shape(indices.getShape());
  shape.insert(shape.begin() + *axis, depth);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

} // namespace onnxc::onnx
