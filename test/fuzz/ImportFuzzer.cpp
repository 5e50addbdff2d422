//===- ImportFuzzer.cpp - libFuzzer target for the ONNX importer ----------===//
//
// Feeds arbitrary bytes to the importer as a ModelProto and runs the onnx
// phase (verification, shape inference, canonicalisation, signature) on what
// it imports. Diagnostics are expected and discarded; a crash, a sanitizer
// report, a timeout or running out of memory is a finding.
//
// Built with -fsanitize=fuzzer under ONNXC_FUZZ, and, in every build, with
// ReplayMain.cpp as a plain program that replays test/fuzz/regressions.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Compiler/Options.h"
#include "onnxc/Compiler/Pipelines.h"
#include "onnxc/Compiler/Registration.h"
#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const DialectRegistry *registry = [] {
    auto *registry = new DialectRegistry();
    onnxc::registerDialects(*registry);
    return registry;
  }();
  // A fresh context per input, as onnxc uses one per model: nothing an input
  // uniques or allocates outlives it. One thread keeps runs reproducible.
  MLIRContext context(*registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  ScopedDiagnosticHandler discard(&context,
                                  [](Diagnostic &) { return success(); });

  // The path names no real directory, so external-data locations in an
  // input resolve to nothing rather than to files on this machine.
  OwningOpRef<ModuleOp> module = onnxc::importONNXModelFromBuffer(
      &context, llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "/nonexistent/onnxc-fuzz/model.onnx", onnxc::ImportOptions());
  if (!module)
    return 0;
  PassManager pm(&context);
  onnxc::buildONNXPipeline(pm, onnxc::CompileOptions());
  (void)pm.run(*module);
  return 0;
}
