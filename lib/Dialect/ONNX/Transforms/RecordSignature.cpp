//===- RecordSignature.cpp - Describe the entry point for the runtime -----===//

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/Transforms/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace onnxc::onnx {
#define GEN_PASS_DEF_ONNXRECORDSIGNATUREPASS
#include "onnxc/Dialect/ONNX/Transforms/Passes.h.inc"
} // namespace onnxc::onnx

using namespace mlir;
using namespace onnxc::onnx;

namespace {

/// ModelABI.h: bytes outside '!'..'~', and '%', are written as %XX.
void writeEncoded(llvm::raw_ostream &os, StringRef text) {
  for (unsigned char c : text) {
    if (c < '!' || c > '~' || c == '%')
      os << '%' << llvm::format_hex_no_prefix(c, 2, /*Upper=*/true);
    else
      os << c;
  }
}

LogicalResult writeValue(llvm::raw_ostream &os, StringRef kind, Location loc,
                         Type type, DictionaryAttr attrs, unsigned index) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  std::optional<int> dataType =
      tensorType ? getONNXDataType(tensorType.getElementType()) : std::nullopt;
  auto name = attrs ? attrs.getAs<StringAttr>(kNameAttr) : StringAttr();
  std::string label = (kind + " #" + Twine(index)).str();
  if (name)
    label += " '" + name.str() + "'";
  if (!tensorType)
    return emitError(loc) << label << " has type " << type
                          << ", whose rank onnxc could not infer";
  if (!dataType)
    return emitError(loc) << label << " has element type "
                          << tensorType.getElementType()
                          << ", which ONNX cannot express";
  auto dimParams = attrs ? attrs.getAs<ArrayAttr>(kDimParamsAttr) : ArrayAttr();
  os << kind << ' ';
  writeEncoded(os, name ? name.getValue() : StringRef(label));
  os << ' ' << *dataType << ' ' << tensorType.getRank();
  for (auto [dim, size] : llvm::enumerate(tensorType.getShape())) {
    os << ' ';
    if (!ShapedType::isDynamic(size)) {
      os << size;
      continue;
    }
    os << '?';
    if (dimParams && dim < dimParams.size())
      if (auto param = dyn_cast<StringAttr>(dimParams[dim]))
        writeEncoded(os, param.getValue());
  }
  os << '\n';
  return success();
}

struct ONNXRecordSignaturePass
    : onnxc::onnx::impl::ONNXRecordSignaturePassBase<ONNXRecordSignaturePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp entry = getEntryFunction(module);
    if (!entry)
      return signalPassFailure();

    std::string signature;
    llvm::raw_string_ostream os(signature);
    os << "onnxc-signature 1\nmodel ";
    auto modelName = module->getAttrOfType<StringAttr>(kModelNameAttr);
    writeEncoded(os, modelName ? modelName.getValue() : entry.getSymName());
    os << '\n';
    for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes()))
      if (failed(writeValue(os, "input", entry.getLoc(), type,
                            entry.getArgAttrDict(index), index)))
        return signalPassFailure();
    for (auto [index, type] : llvm::enumerate(entry.getResultTypes()))
      if (failed(writeValue(os, "output", entry.getLoc(), type,
                            entry.getResultAttrDict(index), index)))
        return signalPassFailure();
    module->setAttr(kSignatureAttr, StringAttr::get(module.getContext(), signature));
  }
};

} // namespace
