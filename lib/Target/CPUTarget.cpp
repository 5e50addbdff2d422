//===- CPUTarget.cpp - CPUs reached through an LLVM TargetMachine ---------===//

#include "CPUTarget.h"

#include "onnxc/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"

#include "lld/Common/Driver.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace mlir;

namespace onnxc {
namespace {

void initializeLLVMTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });
}

class CPUTarget : public Target {
public:
  CPUTarget(llvm::Triple triple, std::unique_ptr<llvm::TargetMachine> machine)
      : triple(std::move(triple)), machine(std::move(machine)) {}

  std::string describe() const override {
    return triple.str() + " (" + machine->getTargetCPU().str() + ")";
  }

  void buildKernelPipeline(OpPassManager &pm,
                           const CompileOptions &options) const override {
    if (options.optLevel == 0)
      return;
    pm.addNestedPass<func::FuncOp>(createWindowsAsElementwisePass());
    // Takes the op that follows a depthwise convolution or a pool (a ReLU)
    // into it.
    pm.addPass(createFuseElementwisePass());
    TileContractionsPassOptions tileOptions;
    tileOptions.vectorBits = vectorBits();
    // An accumulator tile of rows x 2 vectors, plus two vectors of the
    // right-hand side and a broadcast, must fit the register file.
    tileOptions.registerRows = vectorRegisters() >= 32 ? 8 : 6;
    ConvolutionsAsMatmulsPassOptions convOptions;
    convOptions.registerRows = tileOptions.registerRows;
    convOptions.panelWidth = 2 * std::max<int64_t>(vectorBits() / 32, 4);
    pm.addNestedPass<func::FuncOp>(
        createConvolutionsAsMatmulsPass(convOptions));
    pm.addNestedPass<func::FuncOp>(createTileContractionsPass(tileOptions));
    // Packs the weights that onnx-tile-contractions reads in panels.
    pm.addPass(createFoldConstantTransposesPass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  void buildLowerToLLVMPipeline(OpPassManager &pm,
                                const CompileOptions &options) const override {
    pm.addPass(createLowerChecksPass());
    OpPassManager &funcPM = pm.nest<func::FuncOp>();
    if (options.optLevel > 0) {
      VectorizeElementwisePassOptions elementwiseOptions;
      elementwiseOptions.vectorBits = vectorBits();
      // AVX-512's masked moves. AVX's vmaskmovps stores are slow on some
      // cores, and elsewhere LLVM moves a masked vector a lane at a time.
      elementwiseOptions.maskedLoads = triple.isX86() && vectorBits() >= 512;
      funcPM.addPass(createVectorizeElementwisePass(elementwiseOptions));
      // Adjacent parallel loops of the same bounds, fused, wake the thread
      // pool once instead of once each.
      funcPM.addPass(createParallelLoopFusionPass());
      funcPM.addPass(createApproximateMathPass());
    }
    funcPM.addPass(createLowerMemRefCopyPass());
    VectorTransferToSCFOptions vectorToSCF;
    // Unrolled, the transfers of a register tile need no stack buffer.
    vectorToSCF.enableFullUnroll();
    funcPM.addPass(createConvertVectorToSCFPass(vectorToSCF));
    funcPM.addPass(createConvertLinalgToLoopsPass());
    funcPM.addPass(createLowerAffinePass());
    // Parallel loops go to the thread pool before SCF-to-CF would lower
    // them sequentially; after onnx-lower-checks, whose error slot the
    // outlined bodies forward.
    pm.addPass(createParallelizePass());
    pm.addNestedPass<func::FuncOp>(createSCFToControlFlowPass());
    pm.addNestedPass<func::FuncOp>(createLowerDynamicExpandShapePass());
    pm.addPass(memref::createExpandStridedMetadataPass());
    pm.addPass(createLowerAffinePass());
    // Buffers come from the run's exec (onnx-generate-entry-point).
    FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
    memrefToLLVM.useGenericFunctions = true;
    pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
    // Ops with an LLVM intrinsic first, so that fma, floor... become
    // instructions rather than libm calls; the rest (tanh, erf...) call libm,
    // one lane at a time for vectors, before the vector ops are lowered.
    pm.addPass(createConvertMathToLLVMPass());
    pm.addPass(createConvertMathToLibmPass());
    ConvertVectorToLLVMPassOptions vectorToLLVM;
    vectorToLLVM.vectorContractLowering =
        vector::VectorContractLowering::OuterProduct;
    vectorToLLVM.vectorTransposeLowering =
        vector::VectorTransposeLowering::Shuffle1D;
    pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
    pm.addPass(createArithToLLVMConversionPass());
    // Vector lowerings fill lanes they overwrite with ub.poison.
    pm.addPass(createUBToLLVMConversionPass());
    pm.addPass(createConvertIndexToLLVMPass());
    pm.addPass(createConvertFuncToLLVMPass());
    pm.addPass(createConvertControlFlowToLLVMPass());
    pm.addPass(createReconcileUnrealizedCastsPass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createFlattenGlobalsPass());
  }

  std::unique_ptr<llvm::Module>
  translateToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                    const CompileOptions &options) const override {
    std::unique_ptr<llvm::Module> llvmModule =
        translateModuleToLLVMIR(module, context);
    if (!llvmModule)
      return nullptr;
    llvmModule->setDataLayout(machine->createDataLayout());
    llvmModule->setTargetTriple(triple);
    auto optimize = makeOptimizingTransformer(options.optLevel,
                                              /*sizeLevel=*/0, machine.get());
    if (llvm::Error error = optimize(llvmModule.get())) {
      emitError(module.getLoc()) << "LLVM optimisation failed: "
                                 << llvm::toString(std::move(error));
      return nullptr;
    }
    return llvmModule;
  }

  LogicalResult emitCode(llvm::Module &module, bool assembly,
                         llvm::raw_pwrite_stream &os,
                         std::string &error) const override {
    llvm::legacy::PassManager pm;
    auto fileType = assembly ? llvm::CodeGenFileType::AssemblyFile
                             : llvm::CodeGenFileType::ObjectFile;
    if (machine->addPassesToEmitFile(pm, os, nullptr, fileType)) {
      error = "the target cannot emit this file type";
      return failure();
    }
    pm.run(module);
    return success();
  }

  LogicalResult linkSharedObject(StringRef objectPath, StringRef outputPath,
                                 std::string &error) const override {
    // lld keeps global state per link: one link at a time in this process.
    static std::mutex lldMutex;
    std::lock_guard<std::mutex> lock(lldMutex);

    std::string output = outputPath.str(), object = objectPath.str();
    std::vector<std::string> storage = {"ld.lld", "-shared", "--eh-frame-hdr",
                                        "-z", "noexecstack", "-z", "relro",
                                        "-z", "now", "-o", output, object};
    // Generated code calls libm (expf, tanhf...); record the dependency so a
    // process that does not link libm itself can still load the model.
    std::string multiarch = triple.getArchName().str() + "-linux-gnu";
    for (std::string dir : {"/usr/lib/" + multiarch, "/lib/" + multiarch,
                            "/usr/" + multiarch + "/lib"}) {
      if (llvm::sys::fs::exists(dir + "/libm.so.6")) {
        storage.push_back(dir + "/libm.so.6");
        break;
      }
    }
    std::vector<const char *> args;
    for (const std::string &arg : storage)
      args.push_back(arg.c_str());
    std::string messages;
    llvm::raw_string_ostream errs(messages);
    lld::Result result = lld::lldMain(args, llvm::nulls(), errs,
                                      {{lld::Gnu, &lld::elf::link}});
    if (result.retCode != 0 || !result.canRunAgain) {
      error = "linking " + output + " failed: " + messages;
      return failure();
    }
    return success();
  }

private:
  unsigned vectorBits() const {
    const llvm::MCSubtargetInfo *subtarget = machine->getMCSubtargetInfo();
    if (triple.isX86()) {
      if (subtarget->checkFeatures("+avx512f"))
        return 512;
      if (subtarget->checkFeatures("+avx"))
        return 256;
    }
    return 128;
  }

  unsigned vectorRegisters() const {
    if (triple.isAArch64())
      return 32;
    if (triple.isX86() && triple.isArch64Bit() &&
        machine->getMCSubtargetInfo()->checkFeatures("+avx512f"))
      return 32;
    return 16;
  }

  llvm::Triple triple;
  std::unique_ptr<llvm::TargetMachine> machine;
};

} // namespace

std::unique_ptr<Target> createCPUTarget(const llvm::Triple &triple,
                                        const CompileOptions &options,
                                        std::string &error) {
  initializeLLVMTargets();
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;

  bool isHost = llvm::Triple(llvm::sys::getDefaultTargetTriple()).getArch() ==
                triple.getArch();
  std::string cpu = options.cpu;
  if (cpu.empty() || cpu == "native")
    cpu = isHost ? llvm::sys::getHostCPUName().str() : "generic";
  std::string features;
  if (isHost && (options.cpu.empty() || options.cpu == "native")) {
    // The host's own feature list also captures features that the CPU name
    // alone would not enable (e.g. on a CPU LLVM does not know by name).
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features += (feature.second ? "+" : "-") + feature.first().str() + ",";
  }
  features += options.features;
  // Checked before creating the machine, which would only warn and go on.
  std::unique_ptr<llvm::MCSubtargetInfo> genericSubtarget(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!genericSubtarget || !genericSubtarget->isCPUStringValid(cpu)) {
    error = "unknown CPU '" + cpu + "' for " + triple.str();
    return nullptr;
  }

  llvm::TargetOptions targetOptions;
  auto level = options.optLevel == 0   ? llvm::CodeGenOptLevel::None
               : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
               : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                       : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      level));
  if (!machine) {
    error = "cannot create a target machine for " + triple.str() + " (" + cpu +
            ")";
    return nullptr;
  }
  return std::make_unique<CPUTarget>(triple, std::move(machine));
}

} // namespace onnxc
