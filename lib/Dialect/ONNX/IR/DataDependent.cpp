//===- DataDependent.cpp - Shape rules of NonZero, Compress and Unique ----===//
//
// A size that counts selected elements stays dynamic: it depends on the
// input's values, not on its type.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

using namespace mlir;

namespace onnxc::onnx {

LogicalResult NonZeroOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getX().getType());
  int64_t rank = type.hasRank() ? type.getRank() : ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get({rank, ShapedType::kDynamic},
                                           IntegerType::get(getContext(), 64)));
  return success();
}

LogicalResult CompressOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  auto conditionType = cast<TensorType>(getCondition().getType());
  if (conditionType.hasRank() && conditionType.getRank() != 1)
    return emitOpError("condition must be 1-D, got ") << conditionType;
  Type elementType = type.getElementType();
  if (!getAxis()) {
    inferred.push_back(
        RankedTensorType::get({ShapedType::kDynamic}, elementType));
    return success();
  }
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  if (failed(verifyAxisInRange(*this, getInput(), *getAxis())))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  shape[*normalizeAxis(*getAxis(), type.getRank())] = ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult UniqueOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getX().getType());
  Type elementType = type.getElementType();
  Type i64 = IntegerType::get(getContext(), 64);
  auto vector = [&](int64_t size) {
    return RankedTensorType::get({size}, i64);
  };
  int64_t dynamic = ShapedType::kDynamic;
  if (!getAxis()) {
    int64_t count = type.hasRank() ? productOfDims(type.getShape()) : dynamic;
    inferred.append({RankedTensorType::get({dynamic}, elementType),
                     vector(dynamic), vector(count), vector(dynamic)});
    return success();
  }
  if (!type.hasRank()) {
    inferred.append({type, vector(dynamic), vector(dynamic), vector(dynamic)});
    return success();
  }
  if (failed(verifyAxisInRange(*this, getX(), *getAxis())))
    return failure();
  int64_t axis = *normalizeAxis(*getAxis(), type.getRank());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = dynamic;
  inferred.append({RankedTensorType::get(shape, elementType), vector(dynamic),
                   vector(type.getDimSize(axis)), vector(dynamic)});
  return success();
}

} // namespace onnxc::onnx
