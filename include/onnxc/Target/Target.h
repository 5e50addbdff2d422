//===- Target.h - What differs between the machines onnxc targets -*- C++ -*-===//
//
// The pipeline builder asks a Target for the phases that differ per machine;
// everything before them is target-independent. A new target (the NVVM/CUDA
// GPU target, say) is a new implementation of this interface, chosen in
// createTarget, not a branch in passes.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_TARGET_TARGET_H
#define ONNXC_TARGET_TARGET_H

#include "onnxc/Compiler/Options.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace onnxc {

class Target {
public:
  virtual ~Target();

  /// A short description for messages, e.g. "x86_64-pc-linux-gnu (znver4)".
  virtual std::string describe() const = 0;

  /// Adds the passes that shape linalg on tensors for this machine: tiling
  /// for its caches and registers, vectorisation for its vector width.
  virtual void buildKernelPipeline(mlir::OpPassManager &pm,
                                   const CompileOptions &options) const = 0;

  /// Adds the passes that take bufferized IR (memref, linalg, scf, arith,
  /// math) to the LLVM dialect.
  virtual void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                                        const CompileOptions &options) const = 0;

  /// Translates an LLVM-dialect module to LLVM IR, sets the target's data
  /// layout and triple, and runs LLVM's optimisations at options.optLevel.
  virtual std::unique_ptr<llvm::Module>
  translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                    const CompileOptions &options) const = 0;

  /// Writes `module` as assembly or as a relocatable object.
  virtual mlir::LogicalResult emitCode(llvm::Module &module, bool assembly,
                                       llvm::raw_pwrite_stream &os,
                                       std::string &error) const = 0;

  /// Links relocatable objects into a shared object at `outputPath`.
  virtual mlir::LogicalResult linkSharedObject(llvm::StringRef objectPath,
                                               llvm::StringRef outputPath,
                                               std::string &error) const = 0;
};

/// The target for options.targetTriple / cpu / features; null with `error`
/// set when the triple is unknown or unsupported.
std::unique_ptr<Target> createTarget(const CompileOptions &options,
                                     std::string &error);

} // namespace onnxc

#endif // ONNXC_TARGET_TARGET_H
