//===- onnxc.cpp - The onnxc compiler driver ------------------------------===//
//
// Parses options and calls onnxc::compileModel; everything else is in the
// libraries.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Compiler/Compiler.h"
#include "onnxc/Compiler/Registration.h"
#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/CodeGen/CommandFlags.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory compilerCategory("onnxc options");
static cl::OptionCategory mlirCategory(
    "MLIR debugging options",
    "Timing, statistics and IR printing of the MLIR pass pipeline");

static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::cat(compilerCategory));
static cl::opt<std::string>
    outputPath("o", cl::desc("Output file (default: <model>.so, <model>.o, "
                             "<model>.s, <model>.h, or stdout for IR)"),
               cl::value_desc("file"), cl::cat(compilerCategory));
static cl::opt<std::string> emitKind(
    "emit",
    cl::desc("What to produce: onnx, linalg, llvm-dialect, llvm-ir, asm, "
             "obj, so (default), or header (a C header for the object of "
             "--emit=obj with the same --name)"),
    cl::value_desc("kind"), cl::init("so"), cl::cat(compilerCategory));
static cl::opt<std::string>
    targetTriple("target", cl::desc("LLVM target triple (default: the host)"),
                 cl::value_desc("triple"), cl::cat(compilerCategory));
// --mcpu and --mattr are LLVM's own code-generation flags, which the linked-in
// lld registers too; defining them here as well would clash.
static codegen::RegisterCodeGenFlags codegenFlags;
static cl::opt<char> optLevel("O", cl::desc("Optimisation level: -O0..-O3 "
                                            "(default -O3)"),
                              cl::Prefix, cl::init('3'),
                              cl::cat(compilerCategory));
static cl::opt<std::string>
    modelName("name",
              cl::desc("Prefix of the exported symbols (default: derived "
                       "from the model file name)"),
              cl::value_desc("prefix"),
              cl::cat(compilerCategory));
static cl::opt<bool> verbose("v", cl::desc("Print each stage and its time"),
                             cl::cat(compilerCategory));
static cl::opt<int64_t> testParallelTiles(
    "test-parallel-tiles",
    cl::desc("For tests: tile linalg ops into parallel loops of N "
             "iterations (onnx-test-parallel-tiling)"),
    cl::value_desc("N"), cl::init(0), cl::Hidden, cl::cat(compilerCategory));
static cl::opt<bool> listOps(
    "list-ops",
    cl::desc("Print each ONNX operator onnxc imports (domain, name, and the "
             "opset versions from which each of its implementations applies) "
             "and exit"),
    cl::cat(compilerCategory));

static void printVersion(raw_ostream &os) {
  os << "onnxc " << ONNXC_VERSION << "\n"
     << "  LLVM/MLIR " << LLVM_VERSION_STRING << "\n"
     << "  newest supported ONNX opset: " << onnxc::getMaxSupportedOpset()
     << "\n";
}

/// Registers MLIR's options for the pass manager (IR printing, statistics,
/// crash reproducers), timing, the IR printer and the context, and puts them
/// in `mlirCategory`, so that --help shows them and no other LLVM options.
static void registerMLIROptions() {
  llvm::StringSet<> before;
  for (auto &entry : cl::getRegisteredOptions())
    before.insert(entry.first);
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  for (auto &entry : cl::getRegisteredOptions())
    if (!before.contains(entry.first))
      entry.second->addCategory(mlirCategory);
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  // --mlir-print-ir-after=<pass> and the like name passes by argument.
  onnxc::registerPasses();
  registerMLIROptions();
  auto &registered = cl::getRegisteredOptions();
  registered["mcpu"]->setDescription(
      "Target CPU (default: the host's CPU when compiling for the host)");
  registered["mattr"]->setDescription(
      "Target features, e.g. +avx2,-avx512f");
  for (StringRef name : {"mcpu", "mattr"})
    registered[name]->addCategory(compilerCategory);
  cl::HideUnrelatedOptions({&compilerCategory, &mlirCategory});
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "onnxc: compiles an ONNX model to native code\n\n"
      "  onnxc model.onnx -o model.so\n");

  if (listOps) {
    for (const onnxc::SupportedOperator &op : onnxc::getSupportedOperators()) {
      outs() << op.domain << " " << op.opType;
      for (int64_t version : op.sinceVersions)
        outs() << " " << version;
      outs() << "\n";
    }
    return 0;
  }
  if (inputPath.empty()) {
    errs() << "onnxc: no input model (usage: onnxc model.onnx -o model.so; "
              "see --help)\n";
    return 2;
  }

  onnxc::CompileOptions options;
  std::optional<onnxc::EmitKind> emit = onnxc::parseEmitKind(emitKind);
  if (!emit) {
    errs() << "onnxc: unknown --emit=" << emitKind
           << " (expected onnx, linalg, llvm-dialect, llvm-ir, asm, obj, so "
              "or header)\n";
    return 2;
  }
  if (optLevel < '0' || optLevel > '3') {
    errs() << "onnxc: invalid optimisation level -O" << optLevel
           << " (expected -O0..-O3)\n";
    return 2;
  }
  options.emit = *emit;
  options.optLevel = optLevel - '0';
  options.targetTriple = targetTriple;
  options.cpu = codegen::getMCPU();
  options.features = join(codegen::getMAttrs(), ",");
  options.verbose = verbose;
  options.testParallelTiles = testParallelTiles;
  StringRef stem = sys::path::stem(inputPath);
  options.symbolPrefix =
      onnxc::makeSymbolPrefix(modelName.empty() ? stem : StringRef(modelName));

  std::string output = outputPath;
  if (output.empty()) {
    switch (options.emit) {
    case onnxc::EmitKind::SharedObject: output = (stem + ".so").str(); break;
    case onnxc::EmitKind::Object: output = (stem + ".o").str(); break;
    case onnxc::EmitKind::Assembly: output = (stem + ".s").str(); break;
    case onnxc::EmitKind::Header: output = (stem + ".h").str(); break;
    default: output = "-"; break;
    }
  }

  // One timer tree for the whole compilation: a scope per stage, and per
  // pass within each phase; printed when `timing` goes out of scope.
  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  mlir::TimingScope rootTimer = timing.getRootScope();
  options.timing = &rootTimer;
  options.configurePassManager = [](mlir::PassManager &pm) {
    return mlir::applyPassManagerCLOptions(pm);
  };

  auto context = onnxc::createContext();
  mlir::ScopedDiagnosticHandler handler(
      context.get(), [](mlir::Diagnostic &diagnostic) {
        onnxc::printDiagnostic(diagnostic, errs());
        return mlir::success();
      });
  if (mlir::failed(
          onnxc::compileModel(*context, inputPath, output, options))) {
    errs() << "onnxc: compilation of " << inputPath << " failed\n";
    return 1;
  }
  return 0;
}
