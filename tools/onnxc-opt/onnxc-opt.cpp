//===- onnxc-opt.cpp - mlir-opt with onnxc's dialects and passes ----------===//
//
// mlir-opt's driver with only onnxc's dialects and passes registered. The
// options are registered here rather than by MlirOptMain so that --help can
// group them by category and hide the LLVM options that libLLVM registers
// and that have nothing to do with this tool.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Compiler/Registration.h"

#include "mlir/Debug/Counter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

static cl::OptionCategory toolCategory("onnxc-opt options");
static cl::OptionCategory driverCategory(
    "mlir-opt options", "Passes and pipelines to run, and how to read and "
                        "check the input");
static cl::OptionCategory debugCategory(
    "MLIR debugging options",
    "Timing, statistics, IR printing, and the context's and printer's flags");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input file>"),
                                          cl::init("-"), cl::cat(toolCategory));
static cl::opt<std::string> outputFilename("o", cl::desc("Output filename"),
                                           cl::value_desc("filename"),
                                           cl::init("-"),
                                           cl::cat(toolCategory));

/// Runs `registerOptions` and puts the options it registers into `category`.
static void registerInCategory(cl::OptionCategory &category,
                               function_ref<void()> registerOptions) {
  StringSet<> before;
  for (auto &entry : cl::getRegisteredOptions())
    before.insert(entry.first);
  registerOptions();
  for (auto &entry : cl::getRegisteredOptions())
    if (!before.contains(entry.first))
      entry.second->addCategory(category);
}

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  onnxc::registerDialects(registry);
  onnxc::registerPasses();

  // What mlir::registerCLIOptions registers, by category.
  registerInCategory(driverCategory, [&] {
    mlir::MlirOptMainConfig::registerCLOptions(registry);
  });
  registerInCategory(debugCategory, [] {
    mlir::registerAsmPrinterCLOptions();
    mlir::registerMLIRContextCLOptions();
    mlir::registerPassManagerCLOptions();
    mlir::registerDefaultTimingManagerCLOptions();
    mlir::tracing::DebugCounter::registerCLOptions();
  });
  cl::HideUnrelatedOptions({&toolCategory, &driverCategory, &debugCategory});
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "onnxc-opt " << ONNXC_VERSION << "\n"
       << "  LLVM/MLIR " << LLVM_VERSION_STRING << "\n";
  });

  std::string helpHeader =
      "onnxc-opt: runs onnxc's passes and pipelines on MLIR files\n\n"
      "Available Dialects: ";
  {
    raw_string_ostream os(helpHeader);
    interleaveComma(registry.getDialectNames(), os);
  }
  cl::ParseCommandLineOptions(argc, argv, helpHeader);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, inputFilename, outputFilename, registry));
}
