//===- MathOps.cpp - Importing elementwise ops, MatMul and Gemm -----------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include <limits>

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Binary elementwise
//===----------------------------------------------------------------------===//

/// Opset 7+: multidirectional (numpy) broadcasting, which the ops implement.
template <typename OpTy> LogicalResult importBinary(NodeBinder &b) {
  Value lhs, rhs;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)))
    return failure();
  return b.createAndBind<OpTy>({lhs, rhs});
}

/// Opsets 1-6 broadcast B to A only when `broadcast` is 1, aligning B's
/// dimensions with A's starting at `axis` (by default: with A's trailing
/// dimensions, as numpy does). Appending 1s to B's shape turns an explicit
/// axis into numpy's trailing alignment.
template <typename OpTy> LogicalResult importLegacyBinary(NodeBinder &b) {
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
template <typename OpTy> LogicalResult importLegacyBinaryV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importLegacyBinary<OpTy>(b);
}

/// The arithmetic ops: opset 1 adds `consumed_inputs` to the legacy form.
template <typename OpTy>
void registerBinary(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importLegacyBinaryV1<OpTy>);
  registry.add(opType, 6, importLegacyBinary<OpTy>);
  registry.add(opType, 7, importBinary<OpTy>);
}

/// Comparisons, logic and Pow: the legacy form from opset 1, numpy
/// broadcasting from opset 7.
template <typename OpTy>
void registerLegacyBinary(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importLegacyBinary<OpTy>);
  registry.add(opType, 7, importBinary<OpTy>);
}

/// Mod-10: `fmod` is copied.
LogicalResult importMod(NodeBinder &b) {
  Value lhs, rhs;
  NamedAttrList attrs;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)) ||
      failed(b.copyIntAttr(attrs, "fmod")))
    return failure();
  return b.createAndBind<onnx::ModOp>({lhs, rhs}, attrs.getAttrs());
}

/// BitShift-11: `direction` is required.
LogicalResult importBitShift(NodeBinder &b) {
  Value lhs, rhs;
  NamedAttrList attrs;
  if (failed(b.input(0, lhs)) || failed(b.input(1, rhs)) ||
      failed(b.copyStringAttr(attrs, "direction")))
    return failure();
  if (!attrs.get("direction"))
    return b.emitError() << "required attribute 'direction' (STRING) is "
                            "missing";
  return b.createAndBind<onnx::BitShiftOp>({lhs, rhs}, attrs.getAttrs());
}

/// Before opset 7 PRelu had no broadcasting rule of its own, and exporters
/// (PyTorch's among them) wrote a per-channel slope as a 1-D tensor of C
/// elements for an input of shape (N, C, D1, ...). That slope is aligned with
/// X's dim 1, not with its trailing dim as numpy would: it is reshaped to
/// (C, 1, ..., 1). PRelu-1 also has `consumed_inputs`, an in-place hint.
LogicalResult importPReluLegacy(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  Value x, slope;
  if (failed(b.input(0, x)) || failed(b.input(1, slope)))
    return failure();
  auto xType = dyn_cast<RankedTensorType>(x.getType());
  auto slopeType = dyn_cast<RankedTensorType>(slope.getType());
  if (xType && slopeType && xType.getRank() >= 3 &&
      slopeType.getRank() == 1 && !slopeType.isDynamicDim(0) &&
      slopeType.getDimSize(0) != 1 &&
      (xType.isDynamicDim(1) ||
       xType.getDimSize(1) == slopeType.getDimSize(0))) {
    // Reshape: 0 keeps the slope's size at that position.
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = 0;
    FailureOr<Value> shapeValue = b.createI64Constant(shape);
    if (failed(shapeValue))
      return failure();
    FailureOr<onnx::ReshapeOp> reshaped =
        b.create<onnx::ReshapeOp>({slope, *shapeValue});
    if (failed(reshaped))
      return failure();
    slope = *reshaped;
  }
  return b.createAndBind<onnx::PReluOp>({x, slope});
}

//===----------------------------------------------------------------------===//
// Variadic elementwise: Max, Min, Sum, Mean
//===----------------------------------------------------------------------===//

/// All the node's inputs, of which there must be at least one.
LogicalResult readVariadicInputs(NodeBinder &b,
                                 SmallVectorImpl<Value> &operands) {
  for (int i = 0, e = b.getNode().input_size(); i < e; ++i) {
    Value operand;
    if (failed(b.input(i, operand)))
      return failure();
    operands.push_back(operand);
  }
  if (operands.empty())
    return b.emitError() << "needs at least one input";
  return success();
}

/// Before opset 8 the operands had one shape; broadcasting covers that.
template <typename OpTy> LogicalResult importVariadic(NodeBinder &b) {
  SmallVector<Value> operands;
  if (failed(readVariadicInputs(b, operands)))
    return failure();
  return b.createAndBind<OpTy>(operands);
}

template <typename OpTy> LogicalResult importVariadicV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importVariadic<OpTy>(b);
}

template <typename OpTy>
void registerVariadic(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importVariadicV1<OpTy>);
  registry.add(opType, 6, importVariadic<OpTy>);
}

//===----------------------------------------------------------------------===//
// Unary elementwise
//===----------------------------------------------------------------------===//

/// Copies every attribute of `OpTy` (all FLOAT in ONNX) from the node; an
/// op without attributes takes none.
template <typename OpTy> LogicalResult importUnary(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)))
    return failure();
  for (StringRef name : OpTy::getAttributeNames())
    if (failed(b.copyFloatAttr(attrs, name)))
      return failure();
  return b.createAndBind<OpTy>({input}, attrs.getAttrs());
}

template <typename OpTy> LogicalResult importUnaryV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importUnary<OpTy>(b);
}

/// Ops that had `consumed_inputs` in opset 1 and lost it in opset 6.
template <typename OpTy>
void registerUnary(OpRegistry &registry, StringRef opType) {
  registry.add(opType, 1, importUnaryV1<OpTy>);
  registry.add(opType, 6, importUnary<OpTy>);
}

/// IsInf-10: `detect_negative` and `detect_positive` are INT.
LogicalResult importIsInf(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) ||
      failed(b.copyIntAttr(attrs, "detect_negative")) ||
      failed(b.copyIntAttr(attrs, "detect_positive")))
    return failure();
  return b.createAndBind<onnx::IsInfOp>({input}, attrs.getAttrs());
}

/// Gelu-20: `approximate` is "none" or "tanh".
LogicalResult importGelu(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) ||
      failed(b.copyStringAttr(attrs, "approximate")))
    return failure();
  if (auto approximate = attrs.get("approximate")) {
    StringRef value = cast<StringAttr>(approximate).getValue();
    if (value != "none" && value != "tanh")
      return b.emitError() << "attribute 'approximate' must be \"none\" or "
                              "\"tanh\", got \""
                           << value << "\"";
  }
  return b.createAndBind<onnx::GeluOp>({input}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Where, Clip, Cast, CastLike
//===----------------------------------------------------------------------===//

LogicalResult importWhere(NodeBinder &b) {
  Value condition, x, y;
  if (failed(b.input(0, condition)) || failed(b.input(1, x)) ||
      failed(b.input(2, y)))
    return failure();
  return b.createAndBind<onnx::WhereOp>({condition, x, y});
}

LogicalResult createClip(NodeBinder &b, Value input, Value min, Value max) {
  SmallVector<Value> operands{input};
  if (min)
    operands.push_back(min);
  if (max)
    operands.push_back(max);
  NamedAttrList attrs;
  attrs.set(onnx::ClipOp::getOperandSegmentSizesAttrName(OperationName(
                onnx::ClipOp::getOperationName(), b.getContext())),
            b.getBuilder().getDenseI32ArrayAttr({1, min ? 1 : 0, max ? 1 : 0}));
  return b.createAndBind<onnx::ClipOp>(operands, attrs.getAttrs());
}

/// Clip-1/6: `min` and `max` are FLOAT attributes, defaulting (opset 6) to
/// the lowest and the largest float.
LogicalResult importClipV6(NodeBinder &b) {
  Value input;
  float min, max;
  if (failed(b.input(0, input)) ||
      failed(b.floatAttr("min", min, std::numeric_limits<float>::lowest())) ||
      failed(b.floatAttr("max", max, std::numeric_limits<float>::max())))
    return failure();
  auto type = cast<TensorType>(input.getType());
  auto scalar = [&](float value) -> FailureOr<Value> {
    auto scalarType = RankedTensorType::get({}, type.getElementType());
    NamedAttrList attrs;
    attrs.set("value", DenseElementsAttr::get(
                           scalarType, b.getBuilder().getFloatAttr(
                                           type.getElementType(), value)));
    FailureOr<onnx::ConstantOp> constant =
        b.create<onnx::ConstantOp>({}, attrs.getAttrs());
    if (failed(constant))
      return failure();
    return constant->getResult();
  };
  if (!isa<FloatType>(type.getElementType()))
    return b.emitError() << "Clip before opset 11 takes floats, got "
                         << type.getElementType();
  FailureOr<Value> minValue = scalar(min), maxValue = scalar(max);
  if (failed(minValue) || failed(maxValue))
    return failure();
  return createClip(b, input, *minValue, *maxValue);
}

LogicalResult importClipV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  return importClipV6(b);
}

/// Clip-11: the bounds are optional scalar inputs; a one-element tensor of
/// higher rank is made a scalar.
LogicalResult importClipV11(NodeBinder &b) {
  Value input, min, max;
  if (failed(b.input(0, input)) || failed(b.optionalInput(1, min)) ||
      failed(b.optionalInput(2, max)))
    return failure();
  for (Value *bound : {&min, &max}) {
    auto type =
        dyn_cast_or_null<RankedTensorType>(*bound ? bound->getType() : Type());
    if (!type || type.getRank() == 0)
      continue;
    if (type.getNumElements() != 1)
      return b.emitError() << "the bounds of Clip must be scalars, got "
                           << type;
    FailureOr<Value> shape = b.createI64Constant({});
    if (failed(shape))
      return failure();
    FailureOr<onnx::ReshapeOp> reshaped =
        b.create<onnx::ReshapeOp>({*bound, *shape});
    if (failed(reshaped))
      return failure();
    *bound = *reshaped;
  }
  return createClip(b, input, min, max);
}

LogicalResult createCast(NodeBinder &b, Value input, Type to) {
  NamedAttrList attrs;
  attrs.set("to", TypeAttr::get(to));
  return b.createAndBind<onnx::CastOp>({input}, attrs.getAttrs());
}

/// Cast-1 names the target type as a STRING ("FLOAT", "INT64", ...).
LogicalResult importCastV1(NodeBinder &b) {
  Value input;
  const ::onnx::AttributeProto *attr;
  if (failed(b.input(0, input)) ||
      failed(b.rawAttr("to", ::onnx::AttributeProto::STRING, attr)))
    return failure();
  if (!attr)
    return b.emitError() << "required attribute 'to' is missing";
  ::onnx::TensorProto::DataType dataType;
  Type to;
  if (::onnx::TensorProto::DataType_Parse(attr->s(), &dataType))
    to = onnx::getElementTypeForONNXDataType(b.getContext(), dataType);
  if (!to)
    return b.emitError() << "unsupported target type '" << attr->s() << "'";
  return createCast(b, input, to);
}

/// Cast-6 on: `to` is a TensorProto.DataType. `saturate` (opset 19) only
/// concerns float8 targets, which onnxc does not have.
LogicalResult importCast(NodeBinder &b) {
  Value input;
  std::optional<int64_t> dataType;
  b.ignoreAttr("saturate");
  if (failed(b.input(0, input)) || failed(b.optionalIntAttr("to", dataType)))
    return failure();
  if (!dataType)
    return b.emitError() << "required attribute 'to' (INT) is missing";
  Type to = onnx::getElementTypeForONNXDataType(b.getContext(), *dataType);
  if (!to)
    return b.emitError() << "unsupported target type "
                         << getDataTypeName(*dataType);
  return createCast(b, input, to);
}

/// CastLike-15: Cast to the element type of `target_type`.
LogicalResult importCastLike(NodeBinder &b) {
  Value input, target;
  b.ignoreAttr("saturate");
  if (failed(b.input(0, input)) || failed(b.input(1, target)))
    return failure();
  return createCast(b, input,
                    cast<TensorType>(target.getType()).getElementType());
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

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// Einsum-12.
LogicalResult importEinsum(NodeBinder &b) {
  SmallVector<Value> operands;
  if (failed(readVariadicInputs(b, operands)))
    return failure();
  if (!b.hasAttr("equation"))
    return b.emitError() << "required attribute 'equation' (STRING) is missing";
  NamedAttrList attrs;
  if (failed(b.copyStringAttr(attrs, "equation")))
    return failure();
  return b.createAndBind<onnx::EinsumOp>(operands, attrs.getAttrs());
}

} // namespace

void registerMathHandlers(OpRegistry &registry) {
  // Arithmetic.
  registerBinary<onnx::AddOp>(registry, "Add");
  registerBinary<onnx::DivOp>(registry, "Div");
  registerBinary<onnx::MulOp>(registry, "Mul");
  registerBinary<onnx::SubOp>(registry, "Sub");
  registry.add("Mod", 10, importMod);
  registerLegacyBinary<onnx::PowOp>(registry, "Pow");
  registerVariadic<onnx::MaxOp>(registry, "Max");
  registerVariadic<onnx::MeanOp>(registry, "Mean");
  registerVariadic<onnx::MinOp>(registry, "Min");
  registerVariadic<onnx::SumOp>(registry, "Sum");

  registerUnary<onnx::AbsOp>(registry, "Abs");
  registerUnary<onnx::CeilOp>(registry, "Ceil");
  registerUnary<onnx::ExpOp>(registry, "Exp");
  registerUnary<onnx::FloorOp>(registry, "Floor");
  registerUnary<onnx::LogOp>(registry, "Log");
  registerUnary<onnx::NegOp>(registry, "Neg");
  registerUnary<onnx::ReciprocalOp>(registry, "Reciprocal");
  registerUnary<onnx::SqrtOp>(registry, "Sqrt");
  registry.add("Acos", 7, importUnary<onnx::AcosOp>);
  registry.add("Acosh", 9, importUnary<onnx::AcoshOp>);
  registry.add("Asin", 7, importUnary<onnx::AsinOp>);
  registry.add("Asinh", 9, importUnary<onnx::AsinhOp>);
  registry.add("Atan", 7, importUnary<onnx::AtanOp>);
  registry.add("Atanh", 9, importUnary<onnx::AtanhOp>);
  registry.add("Cos", 7, importUnary<onnx::CosOp>);
  registry.add("Cosh", 9, importUnary<onnx::CoshOp>);
  registry.add("Erf", 9, importUnary<onnx::ErfOp>);
  registry.add("Round", 11, importUnary<onnx::RoundOp>);
  registry.add("Sign", 9, importUnary<onnx::SignOp>);
  registry.add("Sin", 7, importUnary<onnx::SinOp>);
  registry.add("Sinh", 9, importUnary<onnx::SinhOp>);
  registry.add("Tan", 7, importUnary<onnx::TanOp>);

  // Activations.
  registerUnary<onnx::EluOp>(registry, "Elu");
  registerUnary<onnx::HardSigmoidOp>(registry, "HardSigmoid");
  registerUnary<onnx::LeakyReluOp>(registry, "LeakyRelu");
  registerUnary<onnx::ReluOp>(registry, "Relu");
  registerUnary<onnx::SeluOp>(registry, "Selu");
  registerUnary<onnx::SigmoidOp>(registry, "Sigmoid");
  registerUnary<onnx::TanhOp>(registry, "Tanh");
  registry.add("Celu", 12, importUnary<onnx::CeluOp>);
  registry.add("Gelu", 20, importGelu);
  registry.add("HardSwish", 14, importUnary<onnx::HardSwishOp>);
  registry.add("Mish", 18, importUnary<onnx::MishOp>);
  registry.add("PRelu", 1, importPReluLegacy);
  registry.add("PRelu", 7, importBinary<onnx::PReluOp>);
  registry.add("Softplus", 1, importUnary<onnx::SoftplusOp>);
  registry.add("Softsign", 1, importUnary<onnx::SoftsignOp>);
  registry.add("ThresholdedRelu", 10, importUnary<onnx::ThresholdedReluOp>);
  registry.add("Shrink", 9, importUnary<onnx::ShrinkOp>);

  // Comparisons, logic and bits.
  registerLegacyBinary<onnx::AndOp>(registry, "And");
  registerLegacyBinary<onnx::EqualOp>(registry, "Equal");
  registerLegacyBinary<onnx::GreaterOp>(registry, "Greater");
  registerLegacyBinary<onnx::LessOp>(registry, "Less");
  registerLegacyBinary<onnx::OrOp>(registry, "Or");
  registerLegacyBinary<onnx::XorOp>(registry, "Xor");
  registry.add("BitShift", 11, importBitShift);
  registry.add("BitwiseAnd", 18, importBinary<onnx::BitwiseAndOp>);
  registry.add("BitwiseNot", 18, importUnary<onnx::BitwiseNotOp>);
  registry.add("BitwiseOr", 18, importBinary<onnx::BitwiseOrOp>);
  registry.add("BitwiseXor", 18, importBinary<onnx::BitwiseXorOp>);
  registry.add("GreaterOrEqual", 12, importBinary<onnx::GreaterOrEqualOp>);
  registry.add("IsInf", 10, importIsInf);
  registry.add("IsNaN", 9, importUnary<onnx::IsNaNOp>);
  registry.add("LessOrEqual", 12, importBinary<onnx::LessOrEqualOp>);
  registry.add("Not", 1, importUnary<onnx::NotOp>);

  // Selection, clipping and conversion.
  registry.add("Cast", 1, importCastV1);
  registry.add("Cast", 6, importCast);
  registry.add("CastLike", 15, importCastLike);
  registry.add("Clip", 1, importClipV1);
  registry.add("Clip", 6, importClipV6);
  registry.add("Clip", 11, importClipV11);
  registry.add("Where", 9, importWhere);

  // Matrix products and linear algebra. Det-22 only added types.
  registry.add("Det", 11, importUnary<onnx::DetOp>);
  registry.add("Einsum", 12, importEinsum);
  registry.add("Gemm", 1, importGemmV1);
  registry.add("Gemm", 7, importGemmV7);
  registry.add("Gemm", 11, importGemmV11);
  registry.add("MatMul", 1, importMatMul);
}

} // namespace onnxc::importer
