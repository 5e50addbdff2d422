//===- RunExec.h - The run's exec as generated code reaches it --*- C++ -*-===//
//
// The run function stores its `onnxc_model_exec` (ModelABI.h) in a
// thread-local for the duration of the run; the parallel loops and the
// buffer functions that generated code calls read it from there.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_TRANSFORMS_RUNEXEC_H
#define ONNXC_LIB_TRANSFORMS_RUNEXEC_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace onnxc {

/// The thread-local `onnxc_run_exec`, created null-initialised if absent.
mlir::LLVM::GlobalOp getOrCreateRunExecGlobal(mlir::ModuleOp module);

/// The calling thread's slot of the thread-local `global`.
mlir::Value getThreadLocalAddress(mlir::OpBuilder &builder, mlir::Location loc,
                                  mlir::LLVM::GlobalOp global);

/// Field `field` (a pointer) of the `onnxc_model_exec` at `exec`.
mlir::Value loadExecField(mlir::OpBuilder &builder, mlir::Location loc,
                          mlir::Value exec, int32_t field);

/// The fields of `onnxc_model_exec`, in order.
enum ExecField : int32_t {
  kExecPool,
  kExecParallelFor,
  kExecAlloc,
  kExecRelease,
  kNumExecFields
};

} // namespace onnxc

#endif // ONNXC_LIB_TRANSFORMS_RUNEXEC_H
