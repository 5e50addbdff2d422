//===- Compiler.cpp - Compiling an ONNX model as a library call -----------===//

#include "onnxc/Compiler/Compiler.h"

#include "onnxc/Compiler/ModelHeader.h"
#include "onnxc/Compiler/Pipelines.h"
#include "onnxc/Compiler/Registration.h"
#include "onnxc/Conversion/ImportONNX/ImportONNX.h"
#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Target/Target.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

#include <sys/resource.h>

using namespace mlir;

namespace onnxc {

std::unique_ptr<MLIRContext> createContext() {
  DialectRegistry registry;
  registerDialects(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  // Users read diagnostics in ONNX terms; the failing op's IR is noise there.
  context->printOpOnDiagnostic(false);
  return context;
}

/// The model file and node a location names, if any.
static void describeLocation(Location loc, std::string &file,
                             std::string &node) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (node.empty())
      node = name.getName().str();
    describeLocation(name.getChildLoc(), file, node);
  } else if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
    file = fileLoc.getFilename().str();
    if (fileLoc.getLine() != 0)
      file += ":" + std::to_string(fileLoc.getLine()) + ":" +
              std::to_string(fileLoc.getColumn());
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location part : fused.getLocations())
      describeLocation(part, file, node);
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    describeLocation(callSite.getCallee(), file, node);
  }
}

void printDiagnostic(Diagnostic &diagnostic, llvm::raw_ostream &os) {
  std::string file, node;
  describeLocation(diagnostic.getLocation(), file, node);
  if (!file.empty())
    os << file << ": ";
  if (!node.empty())
    os << "node '" << node << "': ";
  switch (diagnostic.getSeverity()) {
  case DiagnosticSeverity::Error: os << "error: "; break;
  case DiagnosticSeverity::Warning: os << "warning: "; break;
  case DiagnosticSeverity::Note: os << "note: "; break;
  case DiagnosticSeverity::Remark: os << "remark: "; break;
  }
  os << diagnostic.str() << "\n";
  for (Diagnostic &note : diagnostic.getNotes())
    printDiagnostic(note, os);
}

namespace {

/// Runs the stages of one compilation, reporting each when verbose.
class Compilation {
public:
  Compilation(MLIRContext &context, const CompileOptions &options)
      : context(context), options(options) {}

  /// Times `work`, printing "<stage>: <ms>, peak <MiB>" with -v: the
  /// process's peak resident memory so far, so that a big model shows where
  /// its memory goes. `work` gets the stage's timer (a no-op one without
  /// CompileOptions::timing) to nest its own timers in.
  LogicalResult stage(StringRef name,
                      llvm::function_ref<LogicalResult(TimingScope &)> work) {
    TimingScope timer =
        options.timing ? options.timing->nest(name) : TimingScope();
    auto start = std::chrono::steady_clock::now();
    LogicalResult result = work(timer);
    if (options.verbose) {
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      llvm::errs() << "onnxc: " << name << ": " << llvm::format("%.1f", ms)
                   << " ms";
      struct rusage usage;
      if (getrusage(RUSAGE_SELF, &usage) == 0)
        // Linux reports ru_maxrss in KiB.
        llvm::errs() << ", peak " << usage.ru_maxrss / 1024 << " MiB";
      llvm::errs() << "\n";
    }
    return result;
  }

  LogicalResult stage(StringRef name, llvm::function_ref<LogicalResult()> work) {
    return stage(name, [&](TimingScope &) { return work(); });
  }

  LogicalResult runPhase(StringRef name, ModuleOp module,
                         llvm::function_ref<void(OpPassManager &)> build) {
    return stage(name, [&](TimingScope &timer) {
      PassManager pm(&context);
      build(pm);
      if (options.configurePassManager &&
          failed(options.configurePassManager(pm)))
        return failure();
      if (options.timing)
        pm.enableTiming(timer);
      return pm.run(module);
    });
  }

  MLIRContext &context;
  const CompileOptions &options;
};

LogicalResult writeText(StringRef outputPath,
                        llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output) {
    llvm::errs() << "onnxc: " << error << "\n";
    return failure();
  }
  print(output->os());
  output->keep();
  return success();
}

} // namespace

LogicalResult compileModel(MLIRContext &context, StringRef inputPath,
                           StringRef outputPath,
                           const CompileOptions &options) {
  Compilation compilation(context, options);
  OwningOpRef<ModuleOp> module;
  if (failed(compilation.stage("import", [&] {
        module = importONNXModel(&context, inputPath, ImportOptions());
        return success(static_cast<bool>(module));
      })))
    return failure();
  return compileModule(context, std::move(module), outputPath, options);
}

LogicalResult compileModule(MLIRContext &context,
                            OwningOpRef<ModuleOp> module, StringRef outputPath,
                            const CompileOptions &options) {
  Compilation compilation(context, options);
  Location fileLoc = module->getLoc();

  std::string error;
  std::unique_ptr<Target> target = createTarget(options, error);
  if (!target)
    return emitError(fileLoc) << error;
  if (options.verbose)
    llvm::errs() << "onnxc: target " << target->describe() << "\n";

  auto printModule = [&](llvm::raw_ostream &os) { module->print(os); };
  if (failed(compilation.runPhase("onnx", *module, [&](OpPassManager &pm) {
        buildONNXPipeline(pm, options);
      })))
    return failure();
  if (options.emit == EmitKind::ONNX)
    return writeText(outputPath, printModule);
  if (options.emit == EmitKind::Header) {
    auto signature = (*module)->getAttrOfType<StringAttr>(onnx::kSignatureAttr);
    if (!signature)
      return emitError(fileLoc) << "the onnx phase recorded no signature";
    std::string header;
    llvm::raw_string_ostream os(header);
    if (failed(writeModelHeader(signature.getValue(), options.symbolPrefix, os,
                                error)))
      return emitError(fileLoc) << "cannot write the model's header: " << error;
    return writeText(outputPath, [&](llvm::raw_ostream &out) { out << header; });
  }

  if (failed(compilation.runPhase("linalg", *module, [&](OpPassManager &pm) {
        buildLinalgPipeline(pm, options);
      })))
    return failure();
  if (options.emit == EmitKind::Linalg)
    return writeText(outputPath, printModule);

  if (failed(compilation.runPhase("kernels", *module, [&](OpPassManager &pm) {
        target->buildKernelPipeline(pm, options);
      })) ||
      failed(compilation.runPhase("bufferize", *module, [&](OpPassManager &pm) {
        buildBufferizationPipeline(pm, options);
      })) ||
      failed(compilation.runPhase("llvm-dialect", *module,
                                  [&](OpPassManager &pm) {
                                    buildLLVMDialectPipeline(pm, options,
                                                             *target);
                                  })))
    return failure();
  if (options.emit == EmitKind::LLVMDialect)
    return writeText(outputPath, printModule);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  if (failed(compilation.stage("llvm-ir", [&] {
        llvmModule = target->translateToLLVMIR(*module, llvmContext, options);
        return success(llvmModule != nullptr);
      })))
    return failure();
  // The MLIR module, weights included, is no longer needed.
  module = nullptr;
  if (options.emit == EmitKind::LLVMIR)
    return writeText(outputPath,
                     [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); });

  bool assembly = options.emit == EmitKind::Assembly;
  bool linking = options.emit == EmitKind::SharedObject;
  SmallString<128> objectPath(outputPath);
  if (linking) {
    int fd;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "onnxc", "o", fd, objectPath))
      return emitError(fileLoc) << "cannot create a temporary object file: "
                                << ec.message();
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  llvm::FileRemover removeObject(linking ? objectPath.str() : StringRef());
  if (failed(compilation.stage("codegen", [&] {
        std::string openError;
        auto output = openOutputFile(objectPath, &openError);
        if (!output)
          return LogicalResult(emitError(fileLoc) << openError);
        if (failed(target->emitCode(*llvmModule, assembly, output->os(),
                                    error)))
          return LogicalResult(emitError(fileLoc) << error);
        output->keep();
        return success();
      })))
    return failure();
  if (!linking)
    return success();
  return compilation.stage("link", [&] {
    if (failed(target->linkSharedObject(objectPath, outputPath, error)))
      return LogicalResult(emitError(fileLoc) << error);
    return success();
  });
}

} // namespace onnxc
