//===- Elementwise.cpp - Elementwise onnx ops to linalg.generic -----------===//
//
// Every elementwise op lowers the same way: one linalg.generic over the
// broadcast result shape whose body is the op's scalar function. The ops
// differ only in that function, which the table below gives per element kind.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;

namespace onnxc::detail {
namespace {

/// What a scalar body is built from.
struct ScalarArgs {
  OpBuilder &b;
  Location loc;
  /// The onnx op, for its attributes and its types, which say signed or
  /// unsigned where the elements below are signless.
  Operation *op;
  /// The operands' elements.
  ValueRange args;

  /// `value` as a constant of the float or integer type `type`.
  Value constant(Type type, double value) const {
    if (isa<FloatType>(type))
      return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
    // Integers are read signed, so that -1 is all ones at any width.
    return arith::ConstantOp::create(
        b, loc,
        b.getIntegerAttr(type, APInt(type.getIntOrFloatBitWidth(),
                                     static_cast<int64_t>(value),
                                     /*isSigned=*/true)));
  }
  /// `value` as a constant of the first operand's element type.
  Value constant(double value) const {
    return constant(args[0].getType(), value);
  }
  /// The float attribute `name` of the op.
  double floatAttr(StringRef name) const {
    return cast<FloatAttr>(op->getAttr(name)).getValueAsDouble();
  }
};

/// Computes an op's result element from its operand elements.
using ScalarFn = Value (*)(const ScalarArgs &);

using arith::CmpFPredicate;
using arith::CmpIPredicate;

template <typename ArithOp> Value binary(const ScalarArgs &s) {
  return ArithOp::create(s.b, s.loc, s.args[0], s.args[1]);
}

template <typename MathOp> Value unary(const ScalarArgs &s) {
  return MathOp::create(s.b, s.loc, s.args[0]);
}

/// Folds a variadic op's operands with a binary op.
template <typename ArithOp> Value fold(const ScalarArgs &s) {
  Value result = s.args[0];
  for (Value next : s.args.drop_front())
    result = ArithOp::create(s.b, s.loc, result, next);
  return result;
}

template <arith::CmpFPredicate predicate>
Value compareFloat(const ScalarArgs &s) {
  return arith::CmpFOp::create(s.b, s.loc, predicate, s.args[0], s.args[1]);
}

template <arith::CmpIPredicate predicate>
Value compareInt(const ScalarArgs &s) {
  return arith::CmpIOp::create(s.b, s.loc, predicate, s.args[0], s.args[1]);
}

Value identity(const ScalarArgs &s) { return s.args[0]; }

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

Value negSigned(const ScalarArgs &s) {
  return arith::SubIOp::create(s.b, s.loc, s.constant(0), s.args[0]);
}

Value reciprocal(const ScalarArgs &s) {
  return arith::DivFOp::create(s.b, s.loc, s.constant(1), s.args[0]);
}

/// ONNX Sign: -1, 0 or 1; NaN stays NaN (numpy.sign).
Value signFloat(const ScalarArgs &s) {
  Value x = s.args[0], zero = s.constant(0);
  Value negative = arith::SelectOp::create(
      s.b, s.loc,
      arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OLT, x, zero),
      s.constant(-1), x);
  return arith::SelectOp::create(
      s.b, s.loc,
      arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, x, zero),
      s.constant(1), negative);
}

Value signSigned(const ScalarArgs &s) {
  Value x = s.args[0], zero = s.constant(0);
  Value negative = arith::SelectOp::create(
      s.b, s.loc,
      arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::slt, x, zero),
      s.constant(-1), zero);
  return arith::SelectOp::create(
      s.b, s.loc,
      arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::sgt, x, zero),
      s.constant(1), negative);
}

Value signUnsigned(const ScalarArgs &s) {
  Value nonZero = arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ne,
                                        s.args[0], s.constant(0));
  return arith::ExtUIOp::create(s.b, s.loc, s.args[0].getType(), nonZero);
}

/// ONNX Mod: fmod=1 is C's fmod (the sign of the dividend); fmod=0, defined
/// for integers, takes the sign of the divisor (Python's %), which floats
/// follow too when a model asks for it: a nonzero remainder whose sign
/// differs from the divisor's moves by one divisor.
bool isFmod(const ScalarArgs &s) {
  return cast<IntegerAttr>(s.op->getAttr("fmod")).getInt() != 0;
}

Value modFloat(const ScalarArgs &s) {
  Value a = s.args[0], d = s.args[1];
  Value rem = arith::RemFOp::create(s.b, s.loc, a, d);
  if (isFmod(s))
    return rem;
  Value zero = s.constant(0);
  auto compare = [&](CmpFPredicate predicate, Value x) -> Value {
    return arith::CmpFOp::create(s.b, s.loc, predicate, x, zero);
  };
  Value adjust = arith::AndIOp::create(
      s.b, s.loc, compare(CmpFPredicate::UNE, rem),
      arith::XOrIOp::create(s.b, s.loc, compare(CmpFPredicate::OLT, rem),
                            compare(CmpFPredicate::OLT, d)));
  return arith::SelectOp::create(
      s.b, s.loc, adjust, arith::AddFOp::create(s.b, s.loc, rem, d), rem);
}

Value modSigned(const ScalarArgs &s) {
  Value a = s.args[0], d = s.args[1];
  Value rem = arith::RemSIOp::create(s.b, s.loc, a, d);
  if (isFmod(s))
    return rem;
  Value zero = s.constant(0);
  auto compare = [&](CmpIPredicate predicate, Value x) -> Value {
    return arith::CmpIOp::create(s.b, s.loc, predicate, x, zero);
  };
  Value adjust = arith::AndIOp::create(
      s.b, s.loc, compare(CmpIPredicate::ne, rem),
      arith::XOrIOp::create(s.b, s.loc, compare(CmpIPredicate::slt, rem),
                            compare(CmpIPredicate::slt, d)));
  return arith::SelectOp::create(
      s.b, s.loc, adjust, arith::AddIOp::create(s.b, s.loc, rem, d), rem);
}

/// `value` of the onnx element type `from` converted to the element type
/// `to` (signless `to`, with `toUnsigned` saying how ONNX reads it).
/// Float to integer truncates toward zero; to bool is `value != 0`.
Value convertElement(OpBuilder &b, Location loc, Value value, Type from,
                     Type to, bool toUnsigned) {
  Type source = value.getType();
  if (source == to)
    return value;
  bool fromUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (to.isInteger(1)) {
    Value zero = arith::ConstantOp::create(
        b, loc, cast<TypedAttr>(b.getZeroAttr(source)));
    if (isa<FloatType>(source))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    if (auto fromFloat = dyn_cast<FloatType>(source)) {
      // f16 and bf16 have the same width: go through f32.
      if (fromFloat.getWidth() == toFloat.getWidth()) {
        value = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
        fromFloat = b.getF32Type();
      }
      if (fromFloat.getWidth() < toFloat.getWidth())
        return arith::ExtFOp::create(b, loc, to, value);
      return arith::TruncFOp::create(b, loc, to, value);
    }
    if (fromUnsigned)
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  if (isa<FloatType>(source)) {
    if (toUnsigned)
      return arith::FPToUIOp::create(b, loc, to, value);
    return arith::FPToSIOp::create(b, loc, to, value);
  }
  unsigned fromWidth = source.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, value);
  if (fromUnsigned)
    return arith::ExtUIOp::create(b, loc, to, value);
  return arith::ExtSIOp::create(b, loc, to, value);
}

/// ONNX Cast and CastLike.
Value castElement(const ScalarArgs &s) {
  Type to = getElementTypeOrSelf(s.op->getResult(0).getType());
  Type signlessTo = to.isUnsignedInteger()
                        ? s.b.getIntegerType(to.getIntOrFloatBitWidth())
                        : to;
  return convertElement(s.b, s.loc, s.args[0],
                        getElementTypeOrSelf(s.op->getOperand(0).getType()),
                        signlessTo, to.isUnsignedInteger());
}

/// ONNX Pow: the exponent may have another type than the base (opset 12+).
/// A float base raises to the exponent converted to its type.
Value powFloat(const ScalarArgs &s) {
  Value exponent = convertElement(s.b, s.loc, s.args[1],
                                  getElementTypeOrSelf(s.op->getOperand(1)),
                                  s.args[0].getType(), /*toUnsigned=*/false);
  return math::PowFOp::create(s.b, s.loc, s.args[0], exponent);
}

/// An integer base: with a float exponent, numpy's float power truncated
/// back; with an integer one, exponentiation by squaring (a negative
/// exponent, an error in numpy, gives 1).
Value powInteger(const ScalarArgs &s) {
  OpBuilder &b = s.b;
  Location loc = s.loc;
  Value base = s.args[0], exponent = s.args[1];
  Type type = base.getType();
  Type baseType = getElementTypeOrSelf(s.op->getOperand(0));
  Type exponentType = getElementTypeOrSelf(s.op->getOperand(1));
  if (isa<FloatType>(exponent.getType())) {
    Value floatBase =
        convertElement(b, loc, base, baseType, b.getF64Type(), false);
    Value wide =
        convertElement(b, loc, exponent, exponentType, b.getF64Type(), false);
    Value power = math::PowFOp::create(b, loc, floatBase, wide);
    return convertElement(b, loc, power, b.getF64Type(), type,
                          baseType.isUnsignedInteger());
  }
  exponent = convertElement(b, loc, exponent, exponentType, type,
                            baseType.isUnsignedInteger());
  Value zero = s.constant(0), one = s.constant(1);
  // while (e > 0) { if (e & 1) r *= x; x *= x; e >>= 1; }
  auto loop = scf::WhileOp::create(
      b, loc, TypeRange{type, type, type}, ValueRange{one, base, exponent},
      [&](OpBuilder &nested, Location l, ValueRange state) {
        Value more = arith::CmpIOp::create(nested, l, arith::CmpIPredicate::sgt,
                                           state[2], zero);
        scf::ConditionOp::create(nested, l, more, state);
      },
      [&](OpBuilder &nested, Location l, ValueRange state) {
        Value odd = arith::CmpIOp::create(
            nested, l, arith::CmpIPredicate::ne,
            arith::AndIOp::create(nested, l, state[2], one), zero);
        Value result = arith::SelectOp::create(
            nested, l, odd,
            arith::MulIOp::create(nested, l, state[0], state[1]), state[0]);
        Value square = arith::MulIOp::create(nested, l, state[1], state[1]);
        Value rest = arith::ShRUIOp::create(nested, l, state[2], one);
        scf::YieldOp::create(nested, l, ValueRange{result, square, rest});
      });
  return loop.getResult(0);
}

/// ONNX Mean: the sum divided by the number of operands.
Value mean(const ScalarArgs &s) {
  return arith::DivFOp::create(s.b, s.loc, fold<arith::AddFOp>(s),
                               s.constant(s.args.size()));
}

/// ONNX Clip: min(max(input, min), max), each bound optional. Floats use the
/// NaN-propagating maximumf/minimumf.
template <typename MaxOp, typename MinOp> Value clip(const ScalarArgs &s) {
  auto op = cast<onnx::ClipOp>(s.op);
  Value result = s.args[0];
  unsigned next = 1;
  if (op.getMin())
    result = MaxOp::create(s.b, s.loc, result, s.args[next++]);
  if (op.getMax())
    result = MinOp::create(s.b, s.loc, result, s.args[next]);
  return result;
}

Value where(const ScalarArgs &s) {
  return arith::SelectOp::create(s.b, s.loc, s.args[0], s.args[1], s.args[2]);
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// ONNX Relu: max(0, X); maximumf keeps a NaN input NaN.
Value reluFloat(const ScalarArgs &s) {
  return arith::MaximumFOp::create(s.b, s.loc, s.args[0], s.constant(0));
}

Value reluSigned(const ScalarArgs &s) {
  return arith::MaxSIOp::create(s.b, s.loc, s.args[0], s.constant(0));
}

/// ONNX Sigmoid: 1 / (1 + exp(-X)).
Value sigmoid(const ScalarArgs &s) {
  Value one = s.constant(1);
  Value exp = math::ExpOp::create(s.b, s.loc,
                                  arith::NegFOp::create(s.b, s.loc, s.args[0]));
  return arith::DivFOp::create(s.b, s.loc, one,
                               arith::AddFOp::create(s.b, s.loc, one, exp));
}

/// ln(exp(x) + 1), as max(x, 0) + log1p(exp(-|x|)) so that large inputs do
/// not overflow.
Value softplusOf(OpBuilder &b, Location loc, Value x) {
  Value zero =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(x.getType(), 0.0));
  Value positive = arith::MaximumFOp::create(b, loc, x, zero);
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  return arith::AddFOp::create(
      b, loc, positive,
      math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs)));
}

Value softplus(const ScalarArgs &s) {
  return softplusOf(s.b, s.loc, s.args[0]);
}

/// ONNX Softsign: X / (1 + |X|).
Value softsign(const ScalarArgs &s) {
  Value x = s.args[0];
  return arith::DivFOp::create(
      s.b, s.loc, x,
      arith::AddFOp::create(s.b, s.loc, s.constant(1),
                            math::AbsFOp::create(s.b, s.loc, x)));
}

/// X < 0 ? negative : X.
Value selectNegative(const ScalarArgs &s, Value negative) {
  Value isNegative = arith::CmpFOp::create(
      s.b, s.loc, arith::CmpFPredicate::OLT, s.args[0], s.constant(0));
  return arith::SelectOp::create(s.b, s.loc, isNegative, negative, s.args[0]);
}

/// ONNX LeakyRelu: X < 0 ? alpha * X : X.
Value leakyRelu(const ScalarArgs &s) {
  return selectNegative(
      s, arith::MulFOp::create(s.b, s.loc, s.constant(s.floatAttr("alpha")),
                               s.args[0]));
}

/// ONNX PRelu: X < 0 ? slope * X : X.
Value preluFloat(const ScalarArgs &s) {
  return selectNegative(
      s, arith::MulFOp::create(s.b, s.loc, s.args[1], s.args[0]));
}

Value preluSigned(const ScalarArgs &s) {
  Value isNegative = arith::CmpIOp::create(
      s.b, s.loc, arith::CmpIPredicate::slt, s.args[0], s.constant(0));
  return arith::SelectOp::create(
      s.b, s.loc, isNegative,
      arith::MulIOp::create(s.b, s.loc, s.args[1], s.args[0]), s.args[0]);
}

/// ONNX Elu: X < 0 ? alpha * (exp(X) - 1) : X.
Value elu(const ScalarArgs &s) {
  Value expm1 = math::ExpM1Op::create(s.b, s.loc, s.args[0]);
  return selectNegative(
      s, arith::MulFOp::create(s.b, s.loc, s.constant(s.floatAttr("alpha")),
                               expm1));
}

/// ONNX Selu: gamma * (X <= 0 ? alpha * exp(X) - alpha : X).
Value selu(const ScalarArgs &s) {
  Value x = s.args[0];
  Value alpha = s.constant(s.floatAttr("alpha"));
  Value negative = arith::SubFOp::create(
      s.b, s.loc,
      arith::MulFOp::create(s.b, s.loc, alpha,
                            math::ExpOp::create(s.b, s.loc, x)),
      alpha);
  Value notPositive = arith::CmpFOp::create(
      s.b, s.loc, arith::CmpFPredicate::OLE, x, s.constant(0));
  Value selected =
      arith::SelectOp::create(s.b, s.loc, notPositive, negative, x);
  return arith::MulFOp::create(s.b, s.loc, s.constant(s.floatAttr("gamma")),
                               selected);
}

/// ONNX Celu: max(0, X) + min(0, alpha * (exp(X / alpha) - 1)).
Value celu(const ScalarArgs &s) {
  Value x = s.args[0], zero = s.constant(0);
  Value alpha = s.constant(s.floatAttr("alpha"));
  Value expm1 = math::ExpM1Op::create(
      s.b, s.loc, arith::DivFOp::create(s.b, s.loc, x, alpha));
  Value negative = arith::MinimumFOp::create(
      s.b, s.loc, zero, arith::MulFOp::create(s.b, s.loc, alpha, expm1));
  return arith::AddFOp::create(
      s.b, s.loc, arith::MaximumFOp::create(s.b, s.loc, zero, x), negative);
}

/// max(0, min(1, alpha * x + beta)).
Value hardSigmoidOf(const ScalarArgs &s, double alpha, double beta) {
  Value linear = arith::AddFOp::create(
      s.b, s.loc,
      arith::MulFOp::create(s.b, s.loc, s.constant(alpha), s.args[0]),
      s.constant(beta));
  return arith::MaximumFOp::create(
      s.b, s.loc, s.constant(0),
      arith::MinimumFOp::create(s.b, s.loc, s.constant(1), linear));
}

Value hardSigmoid(const ScalarArgs &s) {
  return hardSigmoidOf(s, s.floatAttr("alpha"), s.floatAttr("beta"));
}

/// ONNX HardSwish: X * HardSigmoid(X) with alpha 1/6 and beta 1/2.
Value hardSwish(const ScalarArgs &s) {
  return arith::MulFOp::create(s.b, s.loc, s.args[0],
                               hardSigmoidOf(s, 1.0 / 6.0, 0.5));
}

/// ONNX ThresholdedRelu: X > alpha ? X : 0.
Value thresholdedRelu(const ScalarArgs &s) {
  Value above =
      arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, s.args[0],
                            s.constant(s.floatAttr("alpha")));
  return arith::SelectOp::create(s.b, s.loc, above, s.args[0], s.constant(0));
}

/// ONNX Shrink of the float `x`: x < -lambd ? x + bias : (x > lambd ?
/// x - bias : 0).
Value shrinkOf(const ScalarArgs &s, Value x) {
  Type type = x.getType();
  double lambd = s.floatAttr("lambd"), bias = s.floatAttr("bias");
  Value below = arith::CmpFOp::create(s.b, s.loc, CmpFPredicate::OLT, x,
                                      s.constant(type, -lambd));
  Value above = arith::CmpFOp::create(s.b, s.loc, CmpFPredicate::OGT, x,
                                      s.constant(type, lambd));
  Value lowered = arith::AddFOp::create(s.b, s.loc, x, s.constant(type, bias));
  Value raised = arith::SubFOp::create(s.b, s.loc, x, s.constant(type, bias));
  return arith::SelectOp::create(
      s.b, s.loc, below, lowered,
      arith::SelectOp::create(s.b, s.loc, above, raised,
                              s.constant(type, 0)));
}

Value shrinkFloat(const ScalarArgs &s) { return shrinkOf(s, s.args[0]); }

/// lambd and bias are floats: integers are compared and shifted in f64.
template <typename ToFloat, typename FromFloat>
Value shrinkInteger(const ScalarArgs &s) {
  Value x = ToFloat::create(s.b, s.loc, s.b.getF64Type(), s.args[0]);
  return FromFloat::create(s.b, s.loc, s.args[0].getType(), shrinkOf(s, x));
}

/// ONNX Mish: X * tanh(softplus(X)).
Value mish(const ScalarArgs &s) {
  Value tanh =
      math::TanhOp::create(s.b, s.loc, softplusOf(s.b, s.loc, s.args[0]));
  return arith::MulFOp::create(s.b, s.loc, s.args[0], tanh);
}

/// ONNX Gelu: X * Phi(X) = X / 2 * (1 + erf(X / sqrt(2))); with
/// approximate="tanh", X / 2 * (1 + tanh(sqrt(2 / pi) * (X + 0.044715 X^3))).
Value gelu(const ScalarArgs &s) {
  OpBuilder &b = s.b;
  Location loc = s.loc;
  Value x = s.args[0];
  Value inner;
  if (cast<StringAttr>(s.op->getAttr("approximate")).getValue() == "tanh") {
    Value cube =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value sum = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, s.constant(0.044715), cube));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, s.constant(std::sqrt(2.0 / M_PI)), sum));
  } else {
    inner = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, s.constant(M_SQRT1_2)));
  }
  Value half = arith::MulFOp::create(b, loc, s.constant(0.5), x);
  return arith::MulFOp::create(
      b, loc, half, arith::AddFOp::create(b, loc, s.constant(1), inner));
}

//===----------------------------------------------------------------------===//
// Logic and bits
//===----------------------------------------------------------------------===//

Value isNaN(const ScalarArgs &s) {
  return arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::UNO, s.args[0],
                               s.args[0]);
}

/// ONNX IsInf: +inf counts when detect_positive is set, -inf when
/// detect_negative is.
Value isInf(const ScalarArgs &s) {
  auto detect = [&](StringRef name, bool negative) -> Value {
    if (cast<IntegerAttr>(s.op->getAttr(name)).getInt() == 0)
      return Value();
    auto type = cast<FloatType>(s.args[0].getType());
    Value inf = arith::ConstantOp::create(
        s.b, s.loc,
        s.b.getFloatAttr(type,
                         APFloat::getInf(type.getFloatSemantics(), negative)));
    return arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OEQ,
                                 s.args[0], inf);
  };
  Value positive = detect("detect_positive", false);
  Value negative = detect("detect_negative", true);
  if (positive && negative)
    return arith::OrIOp::create(s.b, s.loc, positive, negative);
  if (positive || negative)
    return positive ? positive : negative;
  return arith::ConstantOp::create(s.b, s.loc, s.b.getBoolAttr(false));
}

/// Not and BitwiseNot: all bits flipped.
Value bitwiseNot(const ScalarArgs &s) {
  return arith::XOrIOp::create(s.b, s.loc, s.args[0], s.constant(-1));
}

/// ONNX BitShift on unsigned integers. Shifting by the bit width or more
/// gives 0 (numpy), where LLVM's shifts would be poison.
Value bitShift(const ScalarArgs &s) {
  Value x = s.args[0], amount = s.args[1];
  bool left = cast<StringAttr>(s.op->getAttr("direction")).getValue() == "LEFT";
  Value shifted =
      left ? arith::ShLIOp::create(s.b, s.loc, x, amount).getResult()
           : arith::ShRUIOp::create(s.b, s.loc, x, amount).getResult();
  Value inRange =
      arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ult, amount,
                            s.constant(x.getType().getIntOrFloatBitWidth()));
  return arith::SelectOp::create(s.b, s.loc, inRange, shifted, s.constant(0));
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

/// One row per op: its scalar function for float, signed integer, unsigned
/// integer and bool elements of its first operand (null where ONNX does not
/// define the op for that kind).
struct ElementwiseLowering {
  StringLiteral opName;
  ScalarFn onFloat, onSigned, onUnsigned, onBool;
};

/// A row whose function handles every element kind.
constexpr ElementwiseLowering anyKind(StringLiteral opName, ScalarFn fn) {
  return {opName, fn, fn, fn, fn};
}

/// A row for an op defined on floats only.
constexpr ElementwiseLowering floatOnly(StringLiteral opName, ScalarFn fn) {
  return {opName, fn, nullptr, nullptr, nullptr};
}

// ONNX Div on integers truncates toward zero: divsi for signed types, divui
// for unsigned ones (the two differ once the signless bits are read).
const ElementwiseLowering elementwiseLowerings[] = {
    // Arithmetic.
    {onnx::AddOp::getOperationName(), binary<arith::AddFOp>,
     binary<arith::AddIOp>, binary<arith::AddIOp>, nullptr},
    {onnx::SubOp::getOperationName(), binary<arith::SubFOp>,
     binary<arith::SubIOp>, binary<arith::SubIOp>, nullptr},
    {onnx::MulOp::getOperationName(), binary<arith::MulFOp>,
     binary<arith::MulIOp>, binary<arith::MulIOp>, nullptr},
    {onnx::DivOp::getOperationName(), binary<arith::DivFOp>,
     binary<arith::DivSIOp>, binary<arith::DivUIOp>, nullptr},
    {onnx::ModOp::getOperationName(), modFloat, modSigned,
     binary<arith::RemUIOp>, nullptr},
    {onnx::PowOp::getOperationName(), powFloat, powInteger, powInteger,
     nullptr},
    {onnx::MaxOp::getOperationName(), fold<arith::MaximumFOp>,
     fold<arith::MaxSIOp>, fold<arith::MaxUIOp>, nullptr},
    {onnx::MinOp::getOperationName(), fold<arith::MinimumFOp>,
     fold<arith::MinSIOp>, fold<arith::MinUIOp>, nullptr},
    {onnx::SumOp::getOperationName(), fold<arith::AddFOp>, nullptr, nullptr,
     nullptr},
    {onnx::MeanOp::getOperationName(), mean, nullptr, nullptr, nullptr},
    {onnx::AbsOp::getOperationName(), unary<math::AbsFOp>, unary<math::AbsIOp>,
     identity, nullptr},
    {onnx::NegOp::getOperationName(), unary<arith::NegFOp>, negSigned, nullptr,
     nullptr},
    {onnx::SignOp::getOperationName(), signFloat, signSigned, signUnsigned,
     nullptr},
    {onnx::ReciprocalOp::getOperationName(), reciprocal, nullptr, nullptr,
     nullptr},
    floatOnly(onnx::FloorOp::getOperationName(), unary<math::FloorOp>),
    floatOnly(onnx::CeilOp::getOperationName(), unary<math::CeilOp>),
    // ONNX Round: halves to even.
    floatOnly(onnx::RoundOp::getOperationName(), unary<math::RoundEvenOp>),
    floatOnly(onnx::SqrtOp::getOperationName(), unary<math::SqrtOp>),
    floatOnly(onnx::ExpOp::getOperationName(), unary<math::ExpOp>),
    floatOnly(onnx::LogOp::getOperationName(), unary<math::LogOp>),
    floatOnly(onnx::ErfOp::getOperationName(), unary<math::ErfOp>),
    floatOnly(onnx::SinOp::getOperationName(), unary<math::SinOp>),
    floatOnly(onnx::CosOp::getOperationName(), unary<math::CosOp>),
    floatOnly(onnx::TanOp::getOperationName(), unary<math::TanOp>),
    floatOnly(onnx::AsinOp::getOperationName(), unary<math::AsinOp>),
    floatOnly(onnx::AcosOp::getOperationName(), unary<math::AcosOp>),
    floatOnly(onnx::AtanOp::getOperationName(), unary<math::AtanOp>),
    floatOnly(onnx::SinhOp::getOperationName(), unary<math::SinhOp>),
    floatOnly(onnx::CoshOp::getOperationName(), unary<math::CoshOp>),
    floatOnly(onnx::AsinhOp::getOperationName(), unary<math::AsinhOp>),
    floatOnly(onnx::AcoshOp::getOperationName(), unary<math::AcoshOp>),
    floatOnly(onnx::AtanhOp::getOperationName(), unary<math::AtanhOp>),

    // Activations.
    {onnx::ReluOp::getOperationName(), reluFloat, reluSigned, nullptr, nullptr},
    floatOnly(onnx::SigmoidOp::getOperationName(), sigmoid),
    floatOnly(onnx::TanhOp::getOperationName(), unary<math::TanhOp>),
    floatOnly(onnx::SoftplusOp::getOperationName(), softplus),
    floatOnly(onnx::SoftsignOp::getOperationName(), softsign),
    floatOnly(onnx::LeakyReluOp::getOperationName(), leakyRelu),
    {onnx::PReluOp::getOperationName(), preluFloat, preluSigned, identity,
     nullptr},
    floatOnly(onnx::EluOp::getOperationName(), elu),
    floatOnly(onnx::SeluOp::getOperationName(), selu),
    floatOnly(onnx::CeluOp::getOperationName(), celu),
    floatOnly(onnx::HardSigmoidOp::getOperationName(), hardSigmoid),
    floatOnly(onnx::HardSwishOp::getOperationName(), hardSwish),
    floatOnly(onnx::ThresholdedReluOp::getOperationName(), thresholdedRelu),
    floatOnly(onnx::MishOp::getOperationName(), mish),
    {onnx::ShrinkOp::getOperationName(), shrinkFloat,
     shrinkInteger<arith::SIToFPOp, arith::FPToSIOp>,
     shrinkInteger<arith::UIToFPOp, arith::FPToUIOp>, nullptr},
    floatOnly(onnx::GeluOp::getOperationName(), gelu),

    // Comparisons, logic and bits.
    {onnx::EqualOp::getOperationName(), compareFloat<CmpFPredicate::OEQ>,
     compareInt<CmpIPredicate::eq>, compareInt<CmpIPredicate::eq>,
     compareInt<CmpIPredicate::eq>},
    {onnx::LessOp::getOperationName(), compareFloat<CmpFPredicate::OLT>,
     compareInt<CmpIPredicate::slt>, compareInt<CmpIPredicate::ult>, nullptr},
    {onnx::LessOrEqualOp::getOperationName(), compareFloat<CmpFPredicate::OLE>,
     compareInt<CmpIPredicate::sle>, compareInt<CmpIPredicate::ule>, nullptr},
    {onnx::GreaterOp::getOperationName(), compareFloat<CmpFPredicate::OGT>,
     compareInt<CmpIPredicate::sgt>, compareInt<CmpIPredicate::ugt>, nullptr},
    {onnx::GreaterOrEqualOp::getOperationName(),
     compareFloat<CmpFPredicate::OGE>, compareInt<CmpIPredicate::sge>,
     compareInt<CmpIPredicate::uge>, nullptr},
    {onnx::AndOp::getOperationName(), nullptr, nullptr, nullptr,
     binary<arith::AndIOp>},
    {onnx::OrOp::getOperationName(), nullptr, nullptr, nullptr,
     binary<arith::OrIOp>},
    {onnx::XorOp::getOperationName(), nullptr, nullptr, nullptr,
     binary<arith::XOrIOp>},
    {onnx::NotOp::getOperationName(), nullptr, nullptr, nullptr, bitwiseNot},
    floatOnly(onnx::IsNaNOp::getOperationName(), isNaN),
    floatOnly(onnx::IsInfOp::getOperationName(), isInf),
    {onnx::BitwiseAndOp::getOperationName(), nullptr, binary<arith::AndIOp>,
     binary<arith::AndIOp>, nullptr},
    {onnx::BitwiseOrOp::getOperationName(), nullptr, binary<arith::OrIOp>,
     binary<arith::OrIOp>, nullptr},
    {onnx::BitwiseXorOp::getOperationName(), nullptr, binary<arith::XOrIOp>,
     binary<arith::XOrIOp>, nullptr},
    {onnx::BitwiseNotOp::getOperationName(), nullptr, bitwiseNot, bitwiseNot,
     nullptr},
    {onnx::BitShiftOp::getOperationName(), nullptr, nullptr, bitShift, nullptr},

    // Selection, clipping and conversion.
    anyKind(onnx::WhereOp::getOperationName(), where),
    {onnx::ClipOp::getOperationName(),
     clip<arith::MaximumFOp, arith::MinimumFOp>,
     clip<arith::MaxSIOp, arith::MinSIOp>, clip<arith::MaxUIOp, arith::MinUIOp>,
     nullptr},
    anyKind(onnx::CastOp::getOperationName(), castElement),
};

/// Whether `type` is a float narrower than f32, which math functions compute
/// in f32 (libm has no f16 or bf16 variants).
bool isNarrowFloat(Type type) {
  return isa<FloatType>(type) && type.getIntOrFloatBitWidth() < 32;
}

/// Lowers one elementwise op, named by its table row, to a linalg.generic
/// with ONNX multidirectional broadcasting of its operands.
class LowerElementwiseOp : public ConversionPattern {
public:
  LowerElementwiseOp(const TypeConverter &typeConverter, MLIRContext *context,
                     const ElementwiseLowering &lowering)
      : ConversionPattern(typeConverter, lowering.opName, /*benefit=*/1,
                          context),
        lowering(lowering) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    if (!llvm::all_of(operands, [](Value operand) {
          return isa<RankedTensorType>(operand.getType());
        }))
      return emitUnsupported(op, "its operands must be ranked tensors");

    // Signedness is only visible on the onnx op's own types. Where picks
    // by its first operand too: its function covers every kind.
    Type kindType = getElementTypeOrSelf(op->getOperand(0).getType());
    ScalarFn scalarFn = isa<FloatType>(kindType)      ? lowering.onFloat
                        : kindType.isInteger(1)       ? lowering.onBool
                        : isUnsignedElement(kindType) ? lowering.onUnsigned
                                                      : lowering.onSigned;
    if (!scalarFn)
      return emitUnsupported(op, "no scalar body for element type ")
             << kindType;

    // f16 and bf16 compute in f32, rounding once at the end; Cast converts
    // itself.
    bool widen =
        !isa<onnx::CastOp>(op) && llvm::any_of(operands, [](Value operand) {
          return isNarrowFloat(getElementTypeOrSelf(operand));
        });
    SmallVector<OpFoldResult> sizes =
        getBroadcastSizes(rewriter, loc, operands, resultType->getShape());
    checkBroadcastable(rewriter, loc, op, operands, sizes);
    Value result = createBroadcastingGeneric(
        rewriter, loc, *resultType, sizes, operands,
        [&](OpBuilder &b, Location bodyLoc, ValueRange elements) {
          SmallVector<Value> args(elements);
          if (widen)
            for (Value &arg : args)
              if (isNarrowFloat(arg.getType()))
                arg = arith::ExtFOp::create(b, bodyLoc, b.getF32Type(), arg);
          Value value = scalarFn(ScalarArgs{b, bodyLoc, op, args});
          Type elementType = resultType->getElementType();
          if (value.getType() != elementType)
            value = arith::TruncFOp::create(b, bodyLoc, elementType, value);
          return value;
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  const ElementwiseLowering &lowering;
};

} // namespace

void populateElementwisePatterns(const TypeConverter &typeConverter,
                                 RewritePatternSet &patterns) {
  for (const ElementwiseLowering &lowering : elementwiseLowerings)
    patterns.add<LowerElementwiseOp>(typeConverter, patterns.getContext(),
                                     lowering);
}

} // namespace onnxc::detail
