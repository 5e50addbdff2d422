//===- Math.cpp - Shape rules of elementwise ops, MatMul, Gemm and Det ----===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {

LogicalResult inferBroadcastResultType(Operation *op, ValueRange operands,
                                       Type elementType,
                                       SmallVectorImpl<Type> &inferred) {
  if (operands.empty())
    return op->emitOpError("needs at least one operand");
  SmallVector<int64_t> shape;
  for (Value operand : operands) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    auto broadcast = broadcastShapes(shape, type.getShape());
    if (failed(broadcast)) {
      InFlightDiagnostic diag = op->emitOpError("operands of types ");
      for (auto [index, type] : llvm::enumerate(operands.getTypes()))
        diag << (index == 0                     ? ""
                 : index + 1 == operands.size() ? " and "
                                                : ", ")
             << type;
      return diag << " do not broadcast";
    }
    shape = std::move(*broadcast);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult BitShiftOp::verify() {
  if (getDirection() != "LEFT" && getDirection() != "RIGHT")
    return emitOpError("direction must be LEFT or RIGHT, got '")
           << getDirection() << "'";
  return success();
}

LogicalResult inferMatMulResultType(Operation *op, Value a, Value b,
                                    Type elementType,
                                    SmallVectorImpl<Type> &inferred) {
  auto lhs = dyn_cast<RankedTensorType>(a.getType());
  auto rhs = dyn_cast<RankedTensorType>(b.getType());
  if (!lhs || !rhs) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (lhs.getRank() == 0 || rhs.getRank() == 0)
    return op->emitOpError("operands must have rank 1 or more");
  // numpy.matmul: promote 1-D operands to matrices, broadcast the batch
  // dimensions, then drop the promoted dimensions again.
  SmallVector<int64_t> aShape(lhs.getShape()), bShape(rhs.getShape());
  bool promotedA = aShape.size() == 1, promotedB = bShape.size() == 1;
  if (promotedA)
    aShape.insert(aShape.begin(), 1);
  if (promotedB)
    bShape.push_back(1);
  int64_t k1 = aShape.back(), k2 = bShape[bShape.size() - 2];
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return op->emitOpError("contraction sizes differ: A has ")
           << k1 << " columns but B has " << k2 << " rows";
  auto batch = broadcastShapes(ArrayRef(aShape).drop_back(2),
                               ArrayRef(bShape).drop_back(2));
  if (failed(batch))
    return op->emitOpError("batch dimensions of ")
           << lhs << " and " << rhs << " do not broadcast";
  SmallVector<int64_t> shape(*batch);
  if (!promotedA)
    shape.push_back(aShape[aShape.size() - 2]);
  if (!promotedB)
    shape.push_back(bShape.back());
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult MatMulOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferMatMulResultType(*this, getA(), getB(),
                               getElementTypeOrSelf(getA().getType()),
                               inferred);
}

LogicalResult GemmOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<TensorType>(getA().getType());
  auto rhs = cast<TensorType>(getB().getType());
  Type elementType = lhs.getElementType();
  if (!lhs.hasRank() || !rhs.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (lhs.getRank() != 2 || rhs.getRank() != 2)
    return emitOpError("A and B must be matrices, got ")
           << lhs << " and " << rhs;
  int64_t m = lhs.getDimSize(getTransA() ? 1 : 0);
  int64_t k1 = lhs.getDimSize(getTransA() ? 0 : 1);
  int64_t k2 = rhs.getDimSize(getTransB() ? 1 : 0);
  int64_t n = rhs.getDimSize(getTransB() ? 0 : 1);
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return emitOpError("contraction sizes differ: A' has ")
           << k1 << " columns but B' has " << k2 << " rows";
  // The result is (M, N) from A and B alone; C only has to broadcast to it
  // unidirectionally (each of its sizes 1 or the result's).
  SmallVector<int64_t> shape{m, n};
  if (auto cType = dyn_cast_or_null<RankedTensorType>(getC() ? getC().getType()
                                                             : Type())) {
    bool fits = cType.getRank() <= 2;
    for (int64_t i = 0; fits && i < cType.getRank(); ++i) {
      int64_t size = cType.getDimSize(i);
      int64_t target = shape[2 - cType.getRank() + i];
      fits = size == 1 || ShapedType::isDynamic(size) ||
             ShapedType::isDynamic(target) || size == target;
    }
    if (!fits)
      return emitOpError("C of type ")
             << cType << " does not broadcast to (" << m << ", " << n << ")";
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult DetOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getX().getType());
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  int64_t rank = type.getRank();
  if (rank < 2)
    return emitOpError("input must have rank 2 or more, got ") << type;
  int64_t rows = type.getDimSize(rank - 2), columns = type.getDimSize(rank - 1);
  if (!ShapedType::isDynamic(rows) && !ShapedType::isDynamic(columns) &&
      rows != columns)
    return emitOpError("input matrices must be square, got ") << type;
  inferred.push_back(RankedTensorType::get(type.getShape().drop_back(2),
                                           type.getElementType()));
  return success();
}

} // namespace onnxc::onnx
