//===- RunExec.cpp - The run's exec as generated code reaches it ----------===//

#include "RunExec.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"

using namespace mlir;

LLVM::GlobalOp onnxc::getOrCreateRunExecGlobal(ModuleOp module) {
  if (auto global =
          module.lookupSymbol<LLVM::GlobalOp>(onnxc::onnx::kRunExecGlobal))
    return global;
  auto ptrType = LLVM::LLVMPointerType::get(module.getContext());
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  Location loc = module.getLoc();
  auto global = LLVM::GlobalOp::create(
      builder, loc, ptrType, /*isConstant=*/false, LLVM::Linkage::Internal,
      onnxc::onnx::kRunExecGlobal, Attribute(), /*alignment=*/0,
      /*addrSpace=*/0, /*dsoLocal=*/true, /*threadLocal=*/true);
  builder.setInsertionPointToStart(
      builder.createBlock(&global.getInitializerRegion()));
  LLVM::ReturnOp::create(builder, loc,
                         LLVM::ZeroOp::create(builder, loc, ptrType));
  return global;
}

Value onnxc::getThreadLocalAddress(OpBuilder &builder, Location loc,
                                   LLVM::GlobalOp global) {
  return LLVM::ThreadlocalAddressOp::create(
      builder, loc, LLVM::LLVMPointerType::get(builder.getContext()),
      LLVM::AddressOfOp::create(builder, loc, global));
}

Value onnxc::loadExecField(OpBuilder &builder, Location loc, Value exec,
                           int32_t field) {
  auto ptrType = LLVM::LLVMPointerType::get(builder.getContext());
  auto execType = LLVM::LLVMStructType::getLiteral(
      builder.getContext(), SmallVector<Type>(kNumExecFields, ptrType));
  return LLVM::LoadOp::create(
      builder, loc, ptrType,
      LLVM::GEPOp::create(builder, loc, ptrType, execType, exec,
                          ArrayRef<LLVM::GEPArg>{0, field}));
}
