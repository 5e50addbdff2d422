//===- CPUTarget.h - CPUs reached through an LLVM TargetMachine -*- C++ -*-===//

#ifndef ONNXC_LIB_TARGET_CPUTARGET_H
#define ONNXC_LIB_TARGET_CPUTARGET_H

#include "onnxc/Target/Target.h"

#include "llvm/TargetParser/Triple.h"

namespace onnxc {

std::unique_ptr<Target> createCPUTarget(const llvm::Triple &triple,
                                        const CompileOptions &options,
                                        std::string &error);

} // namespace onnxc

#endif // ONNXC_LIB_TARGET_CPUTARGET_H
