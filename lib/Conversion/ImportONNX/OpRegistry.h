//===- OpRegistry.h - ONNX op handlers by name and version ------*- C++ -*-===//
//
// Each ONNX operator is imported by named handler functions registered under
// (domain, op_type) and the opset version they were introduced in. A node is
// imported by the handler with the largest sinceVersion not newer than the
// model's opset for the node's domain; an operator version whose meaning
// differs from every registered handler simply has no handler and is
// reported as unsupported.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_CONVERSION_IMPORTONNX_OPREGISTRY_H
#define ONNXC_LIB_CONVERSION_IMPORTONNX_OPREGISTRY_H

#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace onnxc::importer {

class NodeBinder;

/// Imports one node through its binder. On failure the handler (or the op it
/// created) has reported why.
using OpHandler = mlir::LogicalResult (*)(NodeBinder &);

/// The default ONNX domain; the registry and opset maps use "" for it, as
/// ONNX does.
inline constexpr llvm::StringLiteral kDefaultDomain = "";

/// "" and "ai.onnx" both name the default domain.
llvm::StringRef normalizeDomain(llvm::StringRef domain);

/// The domain as diagnostics spell it ("ai.onnx" for the default domain).
llvm::StringRef getDomainDisplayName(llvm::StringRef domain);

class OpRegistry {
public:
  /// Registers `handler` for `opType` in `domain` from opset `sinceVersion`
  /// on, until the next registered version of the same operator.
  void add(llvm::StringRef domain, llvm::StringRef opType,
           int64_t sinceVersion, OpHandler handler);

  /// Registers `handler` in the default domain.
  void add(llvm::StringRef opType, int64_t sinceVersion, OpHandler handler) {
    add(kDefaultDomain, opType, sinceVersion, handler);
  }

  /// The handler for `opType` at opset `version` of `domain`, or null.
  OpHandler lookup(llvm::StringRef domain, llvm::StringRef opType,
                   int64_t version) const;

  /// Every registered operator with its handlers' versions.
  std::vector<SupportedOperator> list() const;

private:
  struct Entry {
    int64_t sinceVersion;
    OpHandler handler;
  };
  /// Keyed by "domain:op_type"; entries sorted by sinceVersion.
  llvm::StringMap<llvm::SmallVector<Entry, 4>> handlers;
};

/// The registry holding every handler onnxc has, built on first use.
const OpRegistry &getOpRegistry();

// Handlers by op family, one registration function per file.
void registerControlFlowHandlers(OpRegistry &registry);
void registerLossHandlers(OpRegistry &registry);
void registerDataDependentHandlers(OpRegistry &registry);
void registerMathHandlers(OpRegistry &registry);
void registerNNHandlers(OpRegistry &registry);
void registerQuantizationHandlers(OpRegistry &registry);
void registerRecurrentHandlers(OpRegistry &registry);
void registerReductionHandlers(OpRegistry &registry);
void registerSignalHandlers(OpRegistry &registry);
void registerSequenceHandlers(OpRegistry &registry);
void registerTensorHandlers(OpRegistry &registry);
void registerTextHandlers(OpRegistry &registry);
void registerVisionHandlers(OpRegistry &registry);

} // namespace onnxc::importer

#endif // ONNXC_LIB_CONVERSION_IMPORTONNX_OPREGISTRY_H
