//===- TypeConverter.cpp - Types after lowering out of the onnx dialect ---===//

#include "onnxc/Conversion/ONNXToLinalg/ONNXToLinalg.h"
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.h"

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
  // A sequence of rank-R tensors of T becomes its elements' data back to
  // back (tensor<?xT>) and their sizes (tensor<?xRxi64>, a row each); see
  // Sequence.cpp. Without a known rank it has no conversion.
  addConversion(
      [](onnx::SeqType type,
         SmallVectorImpl<Type> &results) -> std::optional<LogicalResult> {
        auto element = dyn_cast<RankedTensorType>(type.getElementType());
        if (!element)
          return failure();
        results.push_back(RankedTensorType::get(
            {ShapedType::kDynamic}, toSignless(element.getElementType())));
        results.push_back(
            RankedTensorType::get({ShapedType::kDynamic, element.getRank()},
                                  IntegerType::get(type.getContext(), 64)));
        return success();
      });
}
