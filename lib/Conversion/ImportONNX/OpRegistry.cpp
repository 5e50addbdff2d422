//===- OpRegistry.cpp - ONNX op handlers by name and version --------------===//

#include "OpRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <cassert>
#include <tuple>

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

std::vector<SupportedOperator> OpRegistry::list() const {
  std::vector<SupportedOperator> operators;
  for (const auto &[key, entries] : handlers) {
    auto [domain, opType] = key.split(':');
    SupportedOperator op{getDomainDisplayName(domain).str(), opType.str(), {}};
    for (const Entry &entry : entries)
      op.sinceVersions.push_back(entry.sinceVersion);
    operators.push_back(std::move(op));
  }
  llvm::sort(operators, [](const SupportedOperator &a,
                           const SupportedOperator &b) {
    return std::tie(a.domain, a.opType) < std::tie(b.domain, b.opType);
  });
  return operators;
}

const OpRegistry &getOpRegistry() {
  static const OpRegistry registry = [] {
    OpRegistry registry;
    registerControlFlowHandlers(registry);
    registerLossHandlers(registry);
    registerDataDependentHandlers(registry);
    registerMathHandlers(registry);
    registerNNHandlers(registry);
    registerQuantizationHandlers(registry);
    registerRecurrentHandlers(registry);
    registerReductionHandlers(registry);
    registerSignalHandlers(registry);
    registerSequenceHandlers(registry);
    registerTensorHandlers(registry);
    registerTextHandlers(registry);
    registerVisionHandlers(registry);
    return registry;
  }();
  return registry;
}

} // namespace onnxc::importer

std::vector<onnxc::SupportedOperator> onnxc::getSupportedOperators() {
  return importer::getOpRegistry().list();
}
