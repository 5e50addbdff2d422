//===- ImportONNX.cpp - ONNX protobuf to the onnx dialect -----------------===//
//
// Reads and checks the ModelProto (size, opset imports) and records the
// model's identity on the module; the graph itself is GraphImporter's.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "GraphImporter.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>

#include <climits>

using namespace mlir;

namespace onnxc {

/// Protobuf cannot parse messages of 2 GiB or more; larger models keep their
/// weights in external data files.
static constexpr uint64_t kMaxModelBytes = INT_MAX;

/// Each subgraph level nests three messages (GraphProto, NodeProto,
/// AttributeProto), so protobuf's default limit of 100 would refuse models
/// well within GraphImporter::kMaxSubgraphDepth, with a less precise error.
/// The slack covers the model and main graph and the deepest types below the
/// innermost graph (ValueInfoProto, TypeProto, shapes, nested sequences).
static constexpr int kMaxMessageNesting =
    3 * importer::GraphImporter::kMaxSubgraphDepth + 32;

int64_t getMaxSupportedOpset() { return 23; }

static InFlightDiagnostic emitTooLarge(Location loc, StringRef path,
                                       uint64_t size) {
  return emitError(loc) << "'" << path << "' is " << size
                        << " bytes; ONNX models must be smaller than 2 GiB "
                           "(larger ones keep their weights in external data)";
}

/// Reads opset_import; the default domain is keyed "".
static FailureOr<importer::OpsetVersions>
readOpsetImports(const ::onnx::ModelProto &model, Location loc) {
  importer::OpsetVersions opsets;
  for (const ::onnx::OperatorSetIdProto &opset : model.opset_import()) {
    StringRef domain = importer::normalizeDomain(opset.domain());
    if (!opsets.try_emplace(domain, opset.version()).second)
      return emitError(loc) << "the model imports domain '"
                            << importer::getDomainDisplayName(domain)
                            << "' more than once";
    if (opset.version() < 1)
      return emitError(loc) << "the model imports domain '"
                            << importer::getDomainDisplayName(domain)
                            << "' at invalid opset " << opset.version();
  }
  auto defaultOpset = opsets.find(importer::kDefaultDomain);
  if (defaultOpset != opsets.end() &&
      defaultOpset->second > getMaxSupportedOpset())
    return emitError(loc) << "the model imports opset " << defaultOpset->second
                          << " of the default ONNX domain; onnxc supports "
                             "opsets up to "
                          << getMaxSupportedOpset();
  return opsets;
}

/// The default domain is keyed "ai.onnx": an empty attribute name would print
/// but not parse back.
static DictionaryAttr
getOpsetImportsAttr(MLIRContext *context,
                    const importer::OpsetVersions &opsets) {
  Builder builder(context);
  SmallVector<NamedAttribute> entries;
  for (const auto &entry : opsets)
    entries.push_back(builder.getNamedAttr(
        importer::getDomainDisplayName(entry.getKey()),
        builder.getI64IntegerAttr(entry.getValue())));
  return builder.getDictionaryAttr(entries);
}

OwningOpRef<ModuleOp> importONNXModelFromBuffer(MLIRContext *context,
                                                StringRef bytes, StringRef path,
                                                const ImportOptions &options) {
  context->loadDialect<onnx::ONNXDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  if (bytes.size() > kMaxModelBytes) {
    emitTooLarge(fileLoc, path, bytes.size());
    return {};
  }
  if (bytes.empty()) {
    emitError(fileLoc) << "'" << path << "' is empty";
    return {};
  }
  ::onnx::ModelProto model;
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(bytes.data()),
      static_cast<int>(bytes.size()));
  stream.SetRecursionLimit(kMaxMessageNesting);
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
    emitError(fileLoc) << "'" << path
                       << "' is not a valid ONNX model (protobuf parsing "
                          "failed: the file is truncated, not a ModelProto, "
                          "or nests messages more than "
                       << kMaxMessageNesting << " deep)";
    return {};
  }
  if (!model.has_graph()) {
    emitError(fileLoc) << "'" << path << "' has no graph";
    return {};
  }
  FailureOr<importer::OpsetVersions> opsets =
      readOpsetImports(model, fileLoc);
  if (failed(opsets))
    return {};

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  Builder builder(context);
  StringRef modelName = model.graph().name();
  if (modelName.empty())
    modelName = llvm::sys::path::stem(path);
  (*module)->setAttr(onnx::kModelNameAttr, builder.getStringAttr(modelName));
  (*module)->setAttr(onnx::kOpsetImportsAttr,
                     getOpsetImportsAttr(context, *opsets));

  importer::GraphImporter graphImporter(context, model.graph(), path, *opsets,
                                        importer::getOpRegistry(), options);
  if (failed(graphImporter.importMainGraph(*module)) ||
      failed(mlir::verify(*module)))
    return {};
  return module;
}

OwningOpRef<ModuleOp> importONNXModel(MLIRContext *context, StringRef path,
                                      const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  uint64_t size;
  if (std::error_code ec = llvm::sys::fs::file_size(path, size)) {
    emitError(fileLoc) << "cannot read '" << path << "': " << ec.message();
    return {};
  }
  if (size > kMaxModelBytes) {
    emitTooLarge(fileLoc, path, size);
    return {};
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(fileLoc) << "cannot read '" << path
                       << "': " << buffer.getError().message();
    return {};
  }
  return importONNXModelFromBuffer(context, (*buffer)->getBuffer(), path,
                                   options);
}

} // namespace onnxc
