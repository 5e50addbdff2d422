//===- GenerateEntryPoint.cpp - The model's exported C ABI ----------------===//
//
// Builds, in the LLVM dialect, the functions and constants through which the
// runtime calls a compiled model (include/onnxc/Runtime/ModelABI.h). The
// entry function has been lowered by func-to-llvm, which expands each memref
// argument into (allocated, aligned, offset, sizes..., strides...) and returns
// memref results as descriptor structs; the ranks recorded in the signature
// tell how the arguments group.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Runtime/ModelABI.h"
#include "onnxc/Transforms/Passes.h"

#include "RunExec.h"

#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"

namespace onnxc {
#define GEN_PASS_DEF_GENERATEENTRYPOINTPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// The ranks of the inputs and outputs named in a signature string.
struct SignatureRanks {
  SmallVector<int64_t> inputs, outputs;
};

FailureOr<SignatureRanks> parseRanks(StringRef signature) {
  SignatureRanks ranks;
  SmallVector<StringRef> lines;
  signature.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef line : lines) {
    SmallVector<StringRef> fields;
    line.split(fields, ' ');
    bool isInput = fields[0] == "input";
    if (!isInput && fields[0] != "output")
      continue;
    int64_t rank;
    if (fields.size() < 4 || fields[3].getAsInteger(10, rank) || rank < 0)
      return failure();
    (isInput ? ranks.inputs : ranks.outputs).push_back(rank);
  }
  return ranks;
}

struct GenerateEntryPointPass
    : onnxc::impl::GenerateEntryPointPassBase<GenerateEntryPointPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto signature =
        module->getAttrOfType<StringAttr>(onnxc::onnx::kSignatureAttr);
    if (!signature) {
      module.emitError("no '") << onnxc::onnx::kSignatureAttr
                               << "' attribute: run onnx-record-signature "
                                  "before lowering";
      return signalPassFailure();
    }
    FailureOr<SignatureRanks> ranks = parseRanks(signature.getValue());
    LLVM::LLVMFuncOp entry;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (func->hasAttr(onnxc::onnx::kEntryPointAttr))
        entry = func;
    if (failed(ranks) || !entry) {
      module.emitError("malformed signature or no lowered entry function");
      return signalPassFailure();
    }
    if (failed(checkEntryType(entry, *ranks)))
      return signalPassFailure();
    // The names and dim_params now live in the signature; LLVM has no
    // meaning for them.
    entry.removeArgAttrsAttr();
    entry.removeResAttrsAttr();

    if (failed(defineBufferFunctions(module)))
      return signalPassFailure();

    // Only what the ABI names is exported, so that several models link into
    // one program.
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (!func.isExternal())
        func.setLinkage(LLVM::Linkage::Internal);

    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto errorSlot =
        module.lookupSymbol<LLVM::GlobalOp>(onnxc::onnx::kRunErrorGlobal);
    auto execSlot =
        module.lookupSymbol<LLVM::GlobalOp>(onnxc::onnx::kRunExecGlobal);
    LLVM::LLVMFuncOp run =
        buildRunFunction(builder, entry, *ranks, errorSlot, execSlot);
    buildDescriptor(builder, module.getLoc(), signature.getValue(), run);
  }

  /// Gives bodies to the allocation functions that finalize-memref-to-llvm
  /// calls with `use-generic-functions`: the run's exec->alloc and
  /// exec->release, whose buffers the runtime keeps for the next run, or
  /// malloc and free where the thread has no exec (a run without one, or a
  /// worker of the thread pool: a buffer allocated in a parallel loop's body
  /// is released in it).
  LogicalResult defineBufferFunctions(ModuleOp module) {
    MLIRContext *context = module.getContext();
    if (auto aligned = module.lookupSymbol<LLVM::LLVMFuncOp>(
            "_mlir_memref_to_llvm_aligned_alloc"))
      return aligned.emitError("aligned allocation has no exec counterpart: "
                               "lower memrefs without use-aligned-alloc");
    auto alloc =
        module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_memref_to_llvm_alloc");
    auto release =
        module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_memref_to_llvm_free");
    if (!alloc && !release)
      return success();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    LLVM::GlobalOp execGlobal = onnxc::getOrCreateRunExecGlobal(module);
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    // exec == null ? libcFunc(args) : exec->field(exec->pool, args)
    auto define = [&](LLVM::LLVMFuncOp func, onnxc::ExecField field,
                      LLVM::LLVMFuncOp libcFunc) {
      Location loc = func.getLoc();
      LLVM::LLVMFunctionType type = func.getFunctionType();
      Block *entry = func.addEntryBlock(builder);
      Block *withExec = builder.createBlock(&func.getBody());
      Block *withoutExec = builder.createBlock(&func.getBody());
      builder.setInsertionPointToStart(entry);
      Value exec = LLVM::LoadOp::create(
          builder, loc, ptrType,
          onnxc::getThreadLocalAddress(builder, loc, execGlobal));
      Value null = LLVM::ZeroOp::create(builder, loc, ptrType);
      Value hasNone = LLVM::ICmpOp::create(builder, loc,
                                           LLVM::ICmpPredicate::eq, exec, null);
      LLVM::CondBrOp::create(builder, loc, hasNone, withoutExec, withExec);
      auto ret = [&](LLVM::CallOp call) {
        if (isa<LLVM::LLVMVoidType>(type.getReturnType()))
          LLVM::ReturnOp::create(builder, loc, ValueRange());
        else
          LLVM::ReturnOp::create(builder, loc, call.getResult());
      };

      builder.setInsertionPointToStart(withExec);
      SmallVector<Value> operands = {
          onnxc::loadExecField(builder, loc, exec, field),
          onnxc::loadExecField(builder, loc, exec, onnxc::kExecPool)};
      llvm::append_range(operands, entry->getArguments());
      SmallVector<Type> params = {ptrType};
      llvm::append_range(params, type.getParams());
      ret(LLVM::CallOp::create(
          builder, loc,
          LLVM::LLVMFunctionType::get(type.getReturnType(), params), operands));

      builder.setInsertionPointToStart(withoutExec);
      ret(LLVM::CallOp::create(builder, loc, libcFunc, entry->getArguments()));
    };
    if (alloc) {
      FailureOr<LLVM::LLVMFuncOp> malloc = LLVM::lookupOrCreateMallocFn(
          builder, module, IntegerType::get(context, 64));
      if (failed(malloc))
        return failure();
      define(alloc, onnxc::kExecAlloc, *malloc);
    }
    if (release) {
      FailureOr<LLVM::LLVMFuncOp> free =
          LLVM::lookupOrCreateFreeFn(builder, module);
      if (failed(free))
        return failure();
      define(release, onnxc::kExecRelease, *free);
    }
    return success();
  }

  LogicalResult checkEntryType(LLVM::LLVMFuncOp entry,
                               const SignatureRanks &ranks) {
    unsigned expectedArgs = 0;
    for (int64_t rank : ranks.inputs)
      expectedArgs += 3 + 2 * rank;
    if (entry.getNumArguments() != expectedArgs)
      return entry.emitError("entry function has ")
             << entry.getNumArguments() << " arguments, but the signature's "
             << ranks.inputs.size() << " memref inputs need " << expectedArgs;
    bool returnsVoid = isa<LLVM::LLVMVoidType>(entry.getResultTypes()[0]);
    if (ranks.outputs.empty() != returnsVoid)
      return entry.emitError("entry function results do not match the "
                             "signature's outputs");
    return success();
  }

  /// `errorSlot` is the thread-local of onnx-lower-checks, or null when the
  /// model checks nothing at run time; `execSlot` the thread-local of
  /// onnx-parallelize, or null when the model has no parallel loop.
  LLVM::LLVMFuncOp buildRunFunction(OpBuilder &builder, LLVM::LLVMFuncOp entry,
                                    const SignatureRanks &ranks,
                                    LLVM::GlobalOp errorSlot,
                                    LLVM::GlobalOp execSlot) {
    MLIRContext *context = builder.getContext();
    Location loc = entry.getLoc();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto i32Type = builder.getI32Type();
    auto i64Type = builder.getI64Type();
    auto runType = LLVM::LLVMFunctionType::get(
        i32Type, {ptrType, ptrType, ptrType, ptrType});
    auto run = LLVM::LLVMFuncOp::create(builder, loc, symbolPrefix + "_run",
                                        runType);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(run.addEntryBlock(builder));
    Value inputs = run.getArgument(0), results = run.getArgument(1),
          errorOut = run.getArgument(2), exec = run.getArgument(3);
    Value null = LLVM::ZeroOp::create(builder, loc, ptrType);
    auto threadLocal = [&](LLVM::GlobalOp global) -> Value {
      return LLVM::ThreadlocalAddressOp::create(
          builder, loc, ptrType, LLVM::AddressOfOp::create(builder, loc, global));
    };
    Value slot;
    if (errorSlot) {
      slot = threadLocal(errorSlot);
      LLVM::StoreOp::create(builder, loc, null, slot);
    }
    Value execAddress;
    if (execSlot) {
      execAddress = threadLocal(execSlot);
      LLVM::StoreOp::create(builder, loc, exec, execAddress);
    }

    // Expand each input descriptor into the entry function's arguments.
    SmallVector<Value> args;
    for (auto [index, rank] : llvm::enumerate(ranks.inputs)) {
      Value slot = LLVM::GEPOp::create(builder, loc, ptrType, ptrType, inputs,
                                       ArrayRef<LLVM::GEPArg>{int32_t(index)});
      Value descriptor = LLVM::LoadOp::create(builder, loc, ptrType, slot);
      for (int64_t field = 0; field < 3 + 2 * rank; ++field) {
        Type fieldType = field < 2 ? Type(ptrType) : Type(i64Type);
        Value address = LLVM::GEPOp::create(
            builder, loc, ptrType, i64Type, descriptor,
            ArrayRef<LLVM::GEPArg>{int32_t(field)});
        args.push_back(LLVM::LoadOp::create(builder, loc, fieldType, address));
      }
    }
    auto call = LLVM::CallOp::create(builder, loc, entry, args);
    // No pointer into the caller's exec outlives the run.
    if (execAddress)
      LLVM::StoreOp::create(builder, loc, null, execAddress);
    // The result descriptors' struct layout is the ABI's back-to-back layout.
    if (!ranks.outputs.empty())
      LLVM::StoreOp::create(builder, loc, call.getResult(), results);
    Value message =
        slot ? LLVM::LoadOp::create(builder, loc, ptrType, slot).getResult()
             : null;
    LLVM::StoreOp::create(builder, loc, message, errorOut);
    Value failed = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::ne,
                                        message, null);
    LLVM::ReturnOp::create(
        builder, loc, LLVM::ZExtOp::create(builder, loc, i32Type, failed));
    return run;
  }

  void buildDescriptor(OpBuilder &builder, Location loc, StringRef signature,
                       LLVM::LLVMFuncOp run) {
    MLIRContext *context = builder.getContext();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto i32Type = builder.getI32Type();
    std::string text = (signature + StringRef("\0", 1)).str();
    auto stringType = LLVM::LLVMArrayType::get(builder.getI8Type(), text.size());
    auto signatureGlobal = LLVM::GlobalOp::create(
        builder, loc, stringType, /*isConstant=*/true, LLVM::Linkage::Internal,
        symbolPrefix + "_signature", builder.getStringAttr(text));

    // struct onnxc_model_abi { uint32_t abi_version, reserved;
    //                          const char *signature; run function pointer }
    auto abiType = LLVM::LLVMStructType::getLiteral(
        context, {i32Type, i32Type, ptrType, ptrType});
    auto abiGlobal = LLVM::GlobalOp::create(
        builder, loc, abiType, /*isConstant=*/true, LLVM::Linkage::Internal,
        symbolPrefix + "_abi", Attribute());
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(
          builder.createBlock(&abiGlobal.getInitializerRegion()));
      Value abi = LLVM::UndefOp::create(builder, loc, abiType);
      auto field = [&](Value value, int64_t position) {
        abi = LLVM::InsertValueOp::create(builder, loc, abi, value, position);
      };
      field(LLVM::ConstantOp::create(
                builder, loc, i32Type,
                builder.getI32IntegerAttr(ONNXC_MODEL_ABI_VERSION)),
            0);
      field(LLVM::ConstantOp::create(builder, loc, i32Type,
                                     builder.getI32IntegerAttr(0)),
            1);
      field(LLVM::AddressOfOp::create(builder, loc, signatureGlobal), 2);
      field(LLVM::AddressOfOp::create(builder, loc, run), 3);
      LLVM::ReturnOp::create(builder, loc, abi);
    }

    auto descriptorType = LLVM::LLVMFunctionType::get(ptrType, {});
    auto buildGetter = [&](StringRef name) {
      auto getter =
          LLVM::LLVMFuncOp::create(builder, loc, name, descriptorType);
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(getter.addEntryBlock(builder));
      Value address = LLVM::AddressOfOp::create(builder, loc, abiGlobal);
      LLVM::ReturnOp::create(builder, loc, address);
    };
    buildGetter(symbolPrefix + "_descriptor");
    if (exportDefaultDescriptor)
      buildGetter(ONNXC_MODEL_DESCRIPTOR_SYMBOL);
  }
};

} // namespace
