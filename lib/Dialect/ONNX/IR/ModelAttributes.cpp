//===- ModelAttributes.cpp - How a model's interface is kept in IR --------===//

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace onnxc::onnx {

func::FuncOp getEntryFunction(ModuleOp module) {
  func::FuncOp entry;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func->hasAttr(kEntryPointAttr))
      continue;
    if (entry) {
      module.emitError("more than one function is marked '")
          << kEntryPointAttr << "'";
      return {};
    }
    entry = func;
  }
  if (!entry)
    module.emitError("no function is marked '") << kEntryPointAttr << "'";
  return entry;
}

// ONNX TensorProto.DataType numbers (onnx.proto).
enum : int {
  kFloat = 1, kUInt8 = 2, kInt8 = 3, kUInt16 = 4, kInt16 = 5, kInt32 = 6,
  kInt64 = 7, kBool = 9, kFloat16 = 10, kDouble = 11, kUInt32 = 12,
  kUInt64 = 13, kBFloat16 = 16,
};

std::optional<int> getONNXDataType(Type type) {
  if (type.isF32()) return kFloat;
  if (type.isF64()) return kDouble;
  if (type.isF16()) return kFloat16;
  if (type.isBF16()) return kBFloat16;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return std::nullopt;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1: return integer.isSignless() ? std::optional<int>(kBool) : std::nullopt;
  case 8: return isUnsigned ? kUInt8 : kInt8;
  case 16: return isUnsigned ? kUInt16 : kInt16;
  case 32: return isUnsigned ? kUInt32 : kInt32;
  case 64: return isUnsigned ? kUInt64 : kInt64;
  default: return std::nullopt;
  }
}

Type getElementTypeForONNXDataType(MLIRContext *context, int64_t dataType) {
  Builder b(context);
  auto unsignedType = [&](unsigned width) {
    return IntegerType::get(context, width, IntegerType::Unsigned);
  };
  switch (dataType) {
  case kFloat: return b.getF32Type();
  case kDouble: return b.getF64Type();
  case kFloat16: return b.getF16Type();
  case kBFloat16: return b.getBF16Type();
  case kBool: return b.getI1Type();
  case kInt8: return b.getI8Type();
  case kInt16: return b.getI16Type();
  case kInt32: return b.getI32Type();
  case kInt64: return b.getI64Type();
  case kUInt8: return unsignedType(8);
  case kUInt16: return unsignedType(16);
  case kUInt32: return unsignedType(32);
  case kUInt64: return unsignedType(64);
  default: return {};
  }
}

} // namespace onnxc::onnx
