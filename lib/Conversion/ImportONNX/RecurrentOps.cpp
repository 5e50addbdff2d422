//===- RecurrentOps.cpp - Importing RNN, GRU and LSTM ---------------------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// What changed between versions of the three operators: version 1 had
/// `output_sequence` (whether Y is produced, which the node's outputs say
/// anyway), GRU-3 added `linear_before_reset`, version 14 added `layout`.
/// Versions 7 and 22 changed only documentation and types.
struct RecurrentVersion {
  bool hasOutputSequence;
  bool hasLayout;
};

template <typename OpTy>
LogicalResult importRecurrent(NodeBinder &b, RecurrentVersion version,
                              ArrayRef<StringRef> cellAttributes) {
  constexpr bool isLSTM = std::is_same_v<OpTy, onnx::LSTMOp>;
  Value x, w, r, bias, sequenceLens, initialH, initialC, peepholes;
  if (failed(b.input(0, x)) || failed(b.input(1, w)) || failed(b.input(2, r)) ||
      failed(b.optionalInput(3, bias)) ||
      failed(b.optionalInput(4, sequenceLens)) ||
      failed(b.optionalInput(5, initialH)))
    return failure();
  if (isLSTM && (failed(b.optionalInput(6, initialC)) ||
                 failed(b.optionalInput(7, peepholes))))
    return failure();

  NamedAttrList attrs;
  auto copyFloats = [&](StringRef name) -> LogicalResult {
    const ::onnx::AttributeProto *attr;
    if (failed(b.rawAttr(name, ::onnx::AttributeProto::FLOATS, attr)))
      return failure();
    if (attr)
      attrs.set(name, b.getBuilder().getF32ArrayAttr(SmallVector<float>(
                          attr->floats().begin(), attr->floats().end())));
    return success();
  };
  const ::onnx::AttributeProto *activations;
  if (failed(copyFloats("activation_alpha")) ||
      failed(copyFloats("activation_beta")) ||
      failed(b.rawAttr("activations", ::onnx::AttributeProto::STRINGS,
                       activations)) ||
      failed(b.copyFloatAttr(attrs, "clip")) ||
      failed(b.copyStringAttr(attrs, "direction")) ||
      failed(b.copyIntAttr(attrs, "hidden_size")))
    return failure();
  if (activations)
    attrs.set(
        "activations",
        b.getBuilder().getStrArrayAttr(SmallVector<StringRef>(
            activations->strings().begin(), activations->strings().end())));
  if (version.hasLayout && failed(b.copyIntAttr(attrs, "layout")))
    return failure();
  if (version.hasOutputSequence)
    b.ignoreAttr("output_sequence");
  for (StringRef name : cellAttributes)
    if (failed(b.copyIntAttr(attrs, name)))
      return failure();

  SmallVector<Value> operands{x, w, r};
  SmallVector<int32_t> segments{1, 1, 1};
  SmallVector<Value> optionals{bias, sequenceLens, initialH};
  if (isLSTM)
    llvm::append_range(optionals, ArrayRef<Value>{initialC, peepholes});
  for (Value optional : optionals) {
    segments.push_back(optional ? 1 : 0);
    if (optional)
      operands.push_back(optional);
  }
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr(segments));
  return b.createAndBind<OpTy>(operands, attrs.getAttrs(), isLSTM ? 3 : 2);
}

constexpr RecurrentVersion kVersion1{/*hasOutputSequence=*/true,
                                     /*hasLayout=*/false};
constexpr RecurrentVersion kVersion7{/*hasOutputSequence=*/false,
                                     /*hasLayout=*/false};
constexpr RecurrentVersion kVersion14{/*hasOutputSequence=*/false,
                                      /*hasLayout=*/true};

LogicalResult importRNNV1(NodeBinder &b) {
  return importRecurrent<onnx::RNNOp>(b, kVersion1, {});
}
LogicalResult importRNNV7(NodeBinder &b) {
  return importRecurrent<onnx::RNNOp>(b, kVersion7, {});
}
LogicalResult importRNNV14(NodeBinder &b) {
  return importRecurrent<onnx::RNNOp>(b, kVersion14, {});
}

/// GRU-1 has no linear_before_reset: it computes what 0 means.
LogicalResult importGRUV1(NodeBinder &b) {
  return importRecurrent<onnx::GRUOp>(b, kVersion1, {});
}
LogicalResult importGRUV3(NodeBinder &b) {
  return importRecurrent<onnx::GRUOp>(b, kVersion1, {"linear_before_reset"});
}
LogicalResult importGRUV7(NodeBinder &b) {
  return importRecurrent<onnx::GRUOp>(b, kVersion7, {"linear_before_reset"});
}
LogicalResult importGRUV14(NodeBinder &b) {
  return importRecurrent<onnx::GRUOp>(b, kVersion14, {"linear_before_reset"});
}

LogicalResult importLSTMV1(NodeBinder &b) {
  return importRecurrent<onnx::LSTMOp>(b, kVersion1, {"input_forget"});
}
LogicalResult importLSTMV7(NodeBinder &b) {
  return importRecurrent<onnx::LSTMOp>(b, kVersion7, {"input_forget"});
}
LogicalResult importLSTMV14(NodeBinder &b) {
  return importRecurrent<onnx::LSTMOp>(b, kVersion14, {"input_forget"});
}

} // namespace

void registerRecurrentHandlers(OpRegistry &registry) {
  registry.add("GRU", 1, importGRUV1);
  registry.add("GRU", 3, importGRUV3);
  registry.add("GRU", 7, importGRUV7);
  registry.add("GRU", 14, importGRUV14);

  registry.add("LSTM", 1, importLSTMV1);
  registry.add("LSTM", 7, importLSTMV7);
  registry.add("LSTM", 14, importLSTMV14);

  registry.add("RNN", 1, importRNNV1);
  registry.add("RNN", 7, importRNNV7);
  registry.add("RNN", 14, importRNNV14);
}

} // namespace onnxc::importer
