//===- OpRegistry.cpp - ONNX op handlers by name and version --------------===//

#include "OpRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <cassert>

using namespace mlir;

namespace onnxc::importer {

StringRef normalizeDomain(StringRef domain) {
  return domain == "ai.onnx" ? StringRef(kDefaultDomain) : domain;
}

StringRef getDomainDisplayName(StringRef domain) {
  return domain.empty() ? StringRef("ai.onnx") : domain;
}

static std::string getKey(StringRef domain, StringRef opType) {
  return (normalizeDomain(domain) + ":" + opType).str();
}

void OpRegistry::add(StringRef domain, StringRef opType, int64_t sinceVersion,
                     OpHandler handler) {
  SmallVector<Entry, 4> &entries = handlers[getKey(domain, opType)];
  auto position = llvm::lower_bound(entries, sinceVersion,
                                    [](const Entry &entry, int64_t version) {
                                      return entry.sinceVersion < version;
                                    });
  assert((position == entries.end() ||
          position->sinceVersion != sinceVersion) &&
         "operator version registered twice");
  entries.insert(position, Entry{sinceVersion, handler});
}

OpHandler OpRegistry::lookup(StringRef domain, StringRef opType,
                             int64_t version) const {
  auto it = handlers.find(getKey(domain, opType));
  if (it == handlers.end())
    return nullptr;
  OpHandler handler = nullptr;
  for (const Entry &entry : it->second) {
    if (entry.sinceVersion > version)
      break;
    handler = entry.handler;
  }
  return handler;
}

const OpRegistry &getOpRegistry() {
  static const OpRegistry registry = [] {
    OpRegistry registry;
    registerControlFlowHandlers(registry);
    registerMathHandlers(registry);
    registerNNHandlers(registry);
    registerQuantizationHandlers(registry);
    registerRecurrentHandlers(registry);
    registerReductionHandlers(registry);
    registerSequenceHandlers(registry);
    registerTensorHandlers(registry);
    return registry;
  }();
  return registry;
}

} // namespace onnxc::importer
