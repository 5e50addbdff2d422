//===- TextOps.cpp - Importing TfIdfVectorizer ----------------------------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// TfIdfVectorizer-9, on integer tokens only.
LogicalResult importTfIdfVectorizer(NodeBinder &b) {
  Value x;
  NamedAttrList attrs;
  const ::onnx::AttributeProto *poolStrings, *weights;
  if (failed(b.input(0, x)) ||
      failed(b.rawAttr("pool_strings", ::onnx::AttributeProto::STRINGS,
                       poolStrings)))
    return failure();
  if (poolStrings)
    return b.emitError() << "string tensors are not supported (pool_strings)";
  for (StringRef name :
       {"max_gram_length", "min_gram_length", "max_skip_count"}) {
    if (!b.hasAttr(name))
      return b.emitError() << "required attribute '" << name
                           << "' (INT) is missing";
    if (failed(b.copyIntAttr(attrs, name)))
      return failure();
  }
  if (!b.hasAttr("mode"))
    return b.emitError() << "required attribute 'mode' (STRING) is missing";
  if (failed(b.copyStringAttr(attrs, "mode")) ||
      failed(b.copyIntsAttr(attrs, "ngram_counts", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "ngram_indexes", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "pool_int64s")) ||
      failed(b.rawAttr("weights", ::onnx::AttributeProto::FLOATS, weights)))
    return failure();
  if (!attrs.get("pool_int64s"))
    return b.emitError() << "one of 'pool_int64s' and 'pool_strings' is "
                            "required";
  if (weights)
    attrs.set("weights",
              b.getBuilder().getF32ArrayAttr(SmallVector<float>(
                  weights->floats().begin(), weights->floats().end())));
  return b.createAndBind<onnx::TfIdfVectorizerOp>({x}, attrs.getAttrs());
}

} // namespace

void registerTextHandlers(OpRegistry &registry) {
  registry.add("TfIdfVectorizer", 9, importTfIdfVectorizer);
}

} // namespace onnxc::importer
