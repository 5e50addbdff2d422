//===- Target.cpp - Choosing a target -------------------------------------===//

#include "onnxc/Target/Target.h"
#include "CPUTarget.h"

#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace onnxc;

Target::~Target() = default;

std::unique_ptr<Target> onnxc::createTarget(const CompileOptions &options,
                                            std::string &error) {
  std::string tripleName = options.targetTriple.empty()
                               ? llvm::sys::getDefaultTargetTriple()
                               : options.targetTriple;
  llvm::Triple triple(llvm::Triple::normalize(tripleName));
  switch (triple.getArch()) {
  case llvm::Triple::x86_64:
  case llvm::Triple::aarch64:
    return createCPUTarget(triple, options, error);
  default:
    error = "unsupported target '" + tripleName +
            "': onnxc generates code for x86_64 and aarch64";
    return nullptr;
  }
}
