//===- Reduction.cpp - Shape rules of reductions, CumSum and TopK ---------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

using namespace mlir;

namespace onnxc::onnx {

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>> getConstantReductionAxes(Value axes) {
  if (!axes)
    return SmallVector<int64_t>();
  auto type = cast<TensorType>(axes.getType());
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return SmallVector<int64_t>();
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(axes);
  if (failed(values))
    return std::nullopt;
  return *values;
}

LogicalResult inferReductionResultType(Operation *op, Value data, Value axes,
                                       bool keepDims, bool noopWithEmptyAxes,
                                       SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(data.getType());
  Type elementType = type.getElementType();
  if (axes) {
    auto axesType = cast<TensorType>(axes.getType());
    if (axesType.hasRank() && axesType.getRank() != 1)
      return op->emitOpError("'axes' must be a 1-D tensor, got ") << axesType;
  }
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  std::optional<SmallVector<int64_t>> axesValues =
      getConstantReductionAxes(axes);
  if (!axesValues) {
    // Which dims go is unknown: with keepdims each keeps its size or becomes
    // 1; without, the rank drops by the number of axes (which ONNX requires
    // to be distinct) when that number is known and not 0.
    auto axesType = cast<TensorType>(axes.getType());
    if (keepDims) {
      SmallVector<int64_t> shape;
      for (int64_t size : type.getShape())
        shape.push_back(size == 1 ? 1 : ShapedType::kDynamic);
      inferred.push_back(RankedTensorType::get(shape, elementType));
    } else if (axesType.hasStaticShape() &&
               axesType.getNumElements() <= type.getRank()) {
      SmallVector<int64_t> shape(type.getRank() - axesType.getNumElements(),
                                 ShapedType::kDynamic);
      inferred.push_back(RankedTensorType::get(shape, elementType));
    } else {
      inferred.push_back(UnrankedTensorType::get(elementType));
    }
    return success();
  }
  std::string error;
  FailureOr<SmallVector<bool>> reduced =
      computeReducedDims(type.getRank(), *axesValues, noopWithEmptyAxes, error);
  if (failed(reduced))
    return op->emitOpError(error);
  inferred.push_back(RankedTensorType::get(
      computeReducedShape(type.getShape(), *reduced, keepDims), elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin
//===----------------------------------------------------------------------===//

LogicalResult inferArgReductionResultType(Operation *op, Value data,
                                          int64_t axis, bool keepDims,
                                          SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(data.getType());
  Type indexType = IntegerType::get(op->getContext(), 64);
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(indexType));
    return success();
  }
  if (failed(verifyAxisInRange(op, data, axis)))
    return failure();
  int64_t rank = type.getRank();
  SmallVector<bool> reduced(rank, false);
  reduced[*normalizeAxis(axis, rank)] = true;
  inferred.push_back(RankedTensorType::get(
      computeReducedShape(type.getShape(), reduced, keepDims), indexType));
  return success();
}

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

LogicalResult CumSumOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto axisType = cast<TensorType>(getAxis().getType());
  // ONNX CumSum: axis is a 0-D tensor; one element of a 1-D tensor is
  // accepted too.
  if (axisType.hasStaticShape() &&
      (axisType.getRank() > 1 || axisType.getNumElements() != 1))
    return emitOpError("'axis' must be a scalar tensor, got ") << axisType;
  auto type = cast<TensorType>(getX().getType());
  if (type.hasRank()) {
    FailureOr<SmallVector<int64_t>> axis = getConstantIntValues(getAxis());
    if (succeeded(axis) && failed(verifyAxisInRange(*this, getX(), (*axis)[0])))
      return failure();
  }
  inferred.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

LogicalResult TopKOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getX().getType());
  auto kType = cast<TensorType>(getK().getType());
  Type elementType = type.getElementType();
  Type indexType = IntegerType::get(getContext(), 64);
  if (kType.hasStaticShape() &&
      (kType.getRank() != 1 || kType.getNumElements() != 1))
    return emitOpError("'K' must be a 1-D tensor of one element, got ")
           << kType;
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    inferred.push_back(UnrankedTensorType::get(indexType));
    return success();
  }
  if (failed(verifyAxisInRange(*this, getX(), getAxis())))
    return failure();
  int64_t axis = *normalizeAxis(getAxis(), type.getRank());
  int64_t size = type.getDimSize(axis);
  int64_t k = ShapedType::kDynamic;
  if (FailureOr<SmallVector<int64_t>> values = getConstantIntValues(getK());
      succeeded(values) && values->size() == 1) {
    k = values->front();
    if (k < 0)
      return emitOpError("K must not be negative, got ") << k;
    if (!ShapedType::isDynamic(size) && k > size)
      return emitOpError("K = ")
             << k << " exceeds the size " << size << " of axis " << axis;
  }
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = k;
  inferred.push_back(RankedTensorType::get(shape, elementType));
  inferred.push_back(RankedTensorType::get(shape, indexType));
  return success();
}

} // namespace onnxc::onnx
