//===- MathOps.cpp - Importing elementwise ops, MatMul and Gemm -----------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Binary elementwise: Add, Sub, Mul, Div
//===----------------------------------------------------------------------===//

/// Opset 7+: multidirectional (numpy) broadcasting, which the ops implement.
template <typename OpTy>
LogicalResult importBinary(NodeBinder &b) {
  Value lhs, rhs;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)))
    return failure();
  return b.createAndBind<OpTy>({lhs, rhs});
}

/// Opsets 1-6 broadcast B to A only when `broadcast` is 1, aligning B's
/// dimensions with A's starting at `axis` (by default: with A's trailing
/// dimensions, as numpy does). Appending 1s to B's shape turns an explicit
/// axis into numpy's trailing alignment.
template <typename OpTy>
LogicalResult importLegacyBinary(NodeBinder &b) {
  Value lhs, rhs;
  int64_t broadcast;
  std::optional<int64_t> axis;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)) ||
      failed(b.intAttr("broadcast", broadcast, 0)) ||
      failed(b.optionalIntAttr("axis", axis)))
    return failure();
  if (broadcast && axis) {
    auto lhsType = dyn_cast<RankedTensorType>(lhs.getType());
    auto rhsType = dyn_cast<RankedTensorType>(rhs.getType());
    if (!lhsType || !rhsType)
      return b.emitError() << "legacy broadcasting with an explicit axis "
                              "needs operands of known rank";
    int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();
    int64_t start = *axis < 0 ? *axis + lhsRank : *axis;
    if (start < 0 || start + rhsRank > lhsRank)
      return b.emitError() << "axis " << *axis << " does not place B's "
                           << rhsRank << " dimensions inside A's " << lhsRank;
    int64_t trailing = lhsRank - start - rhsRank;
    if (trailing > 0) {
      // Reshape: 0 keeps the input's size at that position.
      SmallVector<int64_t> shape(rhsRank, 0);
      shape.append(trailing, 1);
      FailureOr<Value> shapeValue = b.createI64Constant(shape);
      if (failed(shapeValue))
        return failure();
      FailureOr<onnx::ReshapeOp> reshaped =
          b.create<onnx::ReshapeOp>({rhs, *shapeValue});
      if (failed(reshaped))
        return failure();
      rhs = *reshaped;
    }
  }
  return b.createAndBind<OpTy>({lhs, rhs});
}

/// Opset 1 also has `consumed_inputs`, an in-place hint without meaning here.
template <typename OpTy>
LogicalResult importLegacyBinaryV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importLegacyBinary<OpTy>(b);
}

template <typename OpTy>
void registerBinary(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importLegacyBinaryV1<OpTy>);
  registry.add(opType, 6, importLegacyBinary<OpTy>);
  registry.add(opType, 7, importBinary<OpTy>);
}

//===----------------------------------------------------------------------===//
// Unary elementwise: Relu, Sigmoid, Tanh
//===----------------------------------------------------------------------===//

template <typename OpTy>
LogicalResult importUnary(NodeBinder &b) {
  Value input;
  if (failed(b.input(0, input)))
    return failure();
  return b.createAndBind<OpTy>({input});
}

template <typename OpTy>
LogicalResult importUnaryV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importUnary<OpTy>(b);
}

template <typename OpTy>
void registerUnary(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importUnaryV1<OpTy>);
  registry.add(opType, 6, importUnary<OpTy>);
}

//===----------------------------------------------------------------------===//
// MatMul, Gemm
//===----------------------------------------------------------------------===//

LogicalResult importMatMul(NodeBinder &b) {
  Value lhs, rhs;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)))
    return failure();
  return b.createAndBind<onnx::MatMulOp>({lhs, rhs});
}

LogicalResult importGemmCommon(NodeBinder &b, bool optionalC) {
  Value a, bMatrix, c;
  NamedAttrList attrs;
  if (failed(b.input(0, a)) || failed(b.input(1, bMatrix)) ||
      failed(optionalC ? b.optionalInput(2, c) : b.input(2, c)) ||
      failed(b.copyFloatAttr(attrs, "alpha")) ||
      failed(b.copyFloatAttr(attrs, "beta")) ||
      failed(b.copyIntAttr(attrs, "transA")) ||
      failed(b.copyIntAttr(attrs, "transB")))
    return failure();
  SmallVector<Value> operands{a, bMatrix};
  if (c)
    operands.push_back(c);
  return b.createAndBind<onnx::GemmOp>(operands, attrs.getAttrs());
}

/// Gemm-1/6: `broadcast` allowed C to broadcast to (M, N); onnx.Gemm always
/// broadcasts C unidirectionally, which covers both settings.
LogicalResult importGemmV1(NodeBinder &b) {
  b.ignoreAttr("broadcast");
  return importGemmCommon(b, /*optionalC=*/false);
}

/// Gemm-7: C is required and always broadcasts.
LogicalResult importGemmV7(NodeBinder &b) {
  return importGemmCommon(b, /*optionalC=*/false);
}

/// Gemm-11: C became optional.
LogicalResult importGemmV11(NodeBinder &b) {
  return importGemmCommon(b, /*optionalC=*/true);
}

} // namespace

void registerMathHandlers(OpRegistry &registry) {
  registerBinary<onnx::AddOp>(registry, "Add");
  registerBinary<onnx::DivOp>(registry, "Div");
  registerBinary<onnx::MulOp>(registry, "Mul");
  registerBinary<onnx::SubOp>(registry, "Sub");

  registerUnary<onnx::ReluOp>(registry, "Relu");
  registerUnary<onnx::SigmoidOp>(registry, "Sigmoid");
  registerUnary<onnx::TanhOp>(registry, "Tanh");

  registry.add("Gemm", 1, importGemmV1);
  registry.add("Gemm", 7, importGemmV7);
  registry.add("Gemm", 11, importGemmV11);
  registry.add("MatMul", 1, importMatMul);
}

} // namespace onnxc::importer
