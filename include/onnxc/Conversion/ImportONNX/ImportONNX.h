//===- ImportONNX.h - ONNX protobuf to the onnx dialect ---------*- C++ -*-===//

#ifndef ONNXC_CONVERSION_IMPORTONNX_IMPORTONNX_H
#define ONNXC_CONVERSION_IMPORTONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnxc {

struct ImportOptions {
  /// Initializers and constants with more elements than this become
  /// dense_resource blobs; smaller ones stay inline so folders can read them.
  int64_t inlineConstantLimit = 64;
};

/// Imports the ONNX model at `path`. Every problem (unreadable file, malformed
/// model, unsupported ops: all of them at once) is reported through the
/// context's diagnostics with a location naming the file and node; the result
/// is then null.
mlir::OwningOpRef<mlir::ModuleOp> importONNXModel(mlir::MLIRContext *context,
                                                  llvm::StringRef path,
                                                  const ImportOptions &options);

/// As above, for a model already in memory; `path` names it in diagnostics
/// and anchors relative external-data locations.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXModelFromBuffer(mlir::MLIRContext *context, llvm::StringRef bytes,
                          llvm::StringRef path, const ImportOptions &options);

/// The newest default-domain opset the importer knows.
int64_t getMaxSupportedOpset();

/// An operator the importer knows: its domain ("ai.onnx" for the default
/// one), its name, and the opset versions from which each of its handlers
/// applies (each until the next).
struct SupportedOperator {
  std::string domain;
  std::string opType;
  llvm::SmallVector<int64_t> sinceVersions;
};

/// Every operator the importer knows, sorted by domain and name.
std::vector<SupportedOperator> getSupportedOperators();

} // namespace onnxc

#endif // ONNXC_CONVERSION_IMPORTONNX_IMPORTONNX_H
