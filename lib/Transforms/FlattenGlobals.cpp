//===- FlattenGlobals.cpp - One-dimensional constant globals --------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace onnxc {
#define GEN_PASS_DEF_FLATTENGLOBALSPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// The same elements as `value` with a one-dimensional type, or null when
/// `value` is of a kind the translation does not take as a whole.
Attribute flatten(ElementsAttr value) {
  auto type = cast<ShapedType>(value.getType());
  auto flatType = RankedTensorType::get({type.getNumElements()},
                                        type.getElementType());
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(flatType);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(flatType, resource.getRawHandle());
  return nullptr;
}

struct FlattenGlobalsPass
    : onnxc::impl::FlattenGlobalsPassBase<FlattenGlobalsPass> {
  void runOnOperation() override {
    getOperation().walk([](LLVM::GlobalOp global) {
      auto arrayType = dyn_cast<LLVM::LLVMArrayType>(global.getGlobalType());
      auto value = dyn_cast_or_null<ElementsAttr>(global.getValueOrNull());
      if (!arrayType || !value ||
          !isa<LLVM::LLVMArrayType>(arrayType.getElementType()))
        return;
      auto shaped = cast<ShapedType>(value.getType());
      if (shaped.getRank() < 2)
        return;
      Attribute flat = flatten(value);
      if (!flat)
        return;
      global.setGlobalType(LLVM::LLVMArrayType::get(
          shaped.getElementType(), shaped.getNumElements()));
      global.setValueAttr(flat);
    });
  }
};

} // namespace
