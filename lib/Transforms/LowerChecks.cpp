//===- LowerChecks.cpp - onnx.Check as a thread-local error message -------===//

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace onnxc {
#define GEN_PASS_DEF_LOWERCHECKSPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

struct LowerChecksPass : onnxc::impl::LowerChecksPassBase<LowerChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<onnxc::onnx::CheckOp> checks;
    module.walk([&](onnxc::onnx::CheckOp check) { checks.push_back(check); });
    if (checks.empty())
      return;

    MLIRContext *context = &getContext();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
    Location loc = module.getLoc();
    auto slot = LLVM::GlobalOp::create(
        builder, loc, ptrType, /*isConstant=*/false, LLVM::Linkage::Internal,
        onnxc::onnx::kRunErrorGlobal, Attribute(), /*alignment=*/0,
        /*addrSpace=*/0, /*dsoLocal=*/true, /*threadLocal=*/true);
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(
          builder.createBlock(&slot.getInitializerRegion()));
      LLVM::ReturnOp::create(builder, loc,
                             LLVM::ZeroOp::create(builder, loc, ptrType));
    }

    // Equal messages share one string.
    llvm::StringMap<LLVM::GlobalOp> messages;
    auto messageGlobal = [&](StringRef text) {
      LLVM::GlobalOp &global = messages[text];
      if (!global) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(module.getBody());
        std::string bytes = (text + StringRef("\0", 1)).str();
        global = LLVM::GlobalOp::create(
            builder, loc,
            LLVM::LLVMArrayType::get(builder.getI8Type(), bytes.size()),
            /*isConstant=*/true, LLVM::Linkage::Internal,
            "onnxc_check_message_" + std::to_string(messages.size() - 1),
            builder.getStringAttr(bytes));
      }
      return global;
    };
    for (onnxc::onnx::CheckOp check : checks) {
      builder.setInsertionPoint(check);
      Location checkLoc = check.getLoc();
      Value failed = arith::XOrIOp::create(
          builder, checkLoc, check.getCondition(),
          arith::ConstantOp::create(builder, checkLoc,
                                    builder.getBoolAttr(true)));
      auto ifOp = scf::IfOp::create(builder, checkLoc, failed,
                                    /*withElseRegion=*/false);
      builder.setInsertionPointToStart(ifOp.thenBlock());
      Value message = LLVM::AddressOfOp::create(
          builder, checkLoc, messageGlobal(check.getMessage()));
      Value address = LLVM::ThreadlocalAddressOp::create(
          builder, checkLoc, ptrType,
          LLVM::AddressOfOp::create(builder, checkLoc, slot));
      Value current = LLVM::LoadOp::create(builder, checkLoc, ptrType, address);
      Value isFirst = LLVM::ICmpOp::create(
          builder, checkLoc, LLVM::ICmpPredicate::eq, current,
          LLVM::ZeroOp::create(builder, checkLoc, ptrType));
      LLVM::StoreOp::create(
          builder, checkLoc,
          LLVM::SelectOp::create(builder, checkLoc, isFirst, message, current),
          address);
      check.erase();
    }
  }
};

} // namespace
