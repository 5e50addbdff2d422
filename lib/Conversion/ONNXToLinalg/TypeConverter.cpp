//===- TypeConverter.cpp - Types after lowering out of the onnx dialect ---===//

#include "onnxc/Conversion/ONNXToLinalg/ONNXToLinalg.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

/// ONNX's unsigned integers become signless: upstream arithmetic takes its
/// signedness from the op (divui, maxui), not from the type.
static Type toSignless(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSignless())
    return type;
  return IntegerType::get(type.getContext(), integer.getWidth());
}

onnxc::ONNXToLinalgTypeConverter::ONNXToLinalgTypeConverter() {
  // Tried last: every other type stays as it is.
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) { return toSignless(type); });
  addConversion([](RankedTensorType type) {
    return type.clone(toSignless(type.getElementType()));
  });
  addConversion([](UnrankedTensorType type) {
    return UnrankedTensorType::get(toSignless(type.getElementType()));
  });
}
