//===- ONNXDialect.cpp - onnx dialect registration and verification -------===//

#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace onnxc::onnx;

#include "onnxc/Dialect/ONNX/IR/ONNXDialect.cpp.inc"
#include "onnxc/Dialect/ONNX/IR/ONNXInterfaces.cpp.inc"
#define GET_TYPEDEF_CLASSES
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.cpp.inc"

void ONNXDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "onnxc/Dialect/ONNX/IR/ONNXOps.cpp.inc"
      >();
}

Operation *ONNXDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

LogicalResult onnxc::onnx::verifyInferredResultTypes(Operation *op) {
  auto shapeOp = cast<ShapeInferenceOpInterface>(op);
  SmallVector<Type> inferred;
  if (failed(shapeOp.inferResultTypes(inferred)))
    return failure();
  if (inferred.size() != op->getNumResults())
    return op->emitOpError("shape inference produced ")
           << inferred.size() << " result types for " << op->getNumResults()
           << " results";
  for (auto [index, declared, computed] :
       llvm::enumerate(op->getResultTypes(), inferred)) {
    for (Type type : {declared, computed}) {
      std::string error;
      if (failed(checkTensorTypeLimits(type, error)))
        return op->emitOpError("result #") << index << " " << error;
    }
    // A sequence's type is checked as the type of its elements.
    auto declaredSeq = dyn_cast<SeqType>(declared);
    auto computedSeq = dyn_cast<SeqType>(computed);
    if (!declaredSeq != !computedSeq)
      return op->emitOpError("result #")
             << index << " has type " << declared << ", but the operands give "
             << computed;
    auto declaredType =
        cast<ShapedType>(declaredSeq ? declaredSeq.getElementType() : declared);
    auto computedType =
        cast<ShapedType>(computedSeq ? computedSeq.getElementType() : computed);
    if (declaredType.getElementType() != computedType.getElementType())
      return op->emitOpError("result #")
             << index << " has element type " << declaredType.getElementType()
             << ", but the operands give " << computedType.getElementType();
    if (failed(verifyCompatibleShape(declaredType, computedType)))
      return op->emitOpError("result #")
             << index << " has type " << declared
             << ", which contradicts the type " << computed
             << " that the operands give";
  }
  return success();
}

LogicalResult onnxc::onnx::verifyAxisInRange(Operation *op, Value input,
                                             int64_t axis) {
  auto type = dyn_cast<RankedTensorType>(input.getType());
  if (!type)
    return success();
  int64_t rank = type.getRank();
  if (axis < -rank || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " is out of range for an input of rank " << rank
           << " (expected [" << -rank << ", " << rank - 1 << "])";
  return success();
}
