//===- ShapeInference.cpp - Refine onnx result types ----------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"
#include "onnxc/Dialect/ONNX/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/FoldUtils.h"

namespace onnxc::onnx {
#define GEN_PASS_DEF_ONNXSHAPEINFERENCEPASS
#include "onnxc/Dialect/ONNX/Transforms/Passes.h.inc"
} // namespace onnxc::onnx

using namespace mlir;
using namespace onnxc::onnx;

namespace {

struct ONNXShapeInferencePass
    : onnxc::onnx::impl::ONNXShapeInferencePassBase<ONNXShapeInferencePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Operands come before their users in this order, so one pass refines
    // everything. Each op is folded right after its types are refined: shape
    // computations become constants that refine the ops after them (a
    // Reshape whose shape is computed from a Shape, for one).
    SmallVector<ShapeInferenceOpInterface> ops;
    func.walk([&](ShapeInferenceOpInterface op) { ops.push_back(op); });
    OperationFolder folder(func.getContext());
    for (ShapeInferenceOpInterface op : ops) {
      SmallVector<Type> inferred;
      if (failed(op.inferResultTypes(inferred)))
        return signalPassFailure();
      for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred)) {
        Type refined = meetTensorTypes(result.getType(), type);
        if (!refined) {
          op->emitOpError("declared type ")
              << result.getType() << " of result #" << result.getResultNumber()
              << " contradicts the inferred type " << type;
          return signalPassFailure();
        }
        // Folders compute with the sizes of the types they fold.
        std::string error;
        if (failed(checkTensorTypeLimits(refined, error))) {
          op->emitOpError("result #")
              << result.getResultNumber() << " " << error;
          return signalPassFailure();
        }
        result.setType(refined);
      }
      (void)folder.tryToFold(op);
    }

    // Refine the function's results to what it returns.
    Operation *terminator = func.getBody().back().getTerminator();
    SmallVector<Type> resultTypes;
    for (auto [operand, declared] : llvm::zip_equal(
             terminator->getOperandTypes(), func.getResultTypes())) {
      Type refined = meetTensorTypes(declared, operand);
      if (!refined) {
        terminator->emitError("the graph declares an output of type ")
            << declared << " but computes " << operand;
        return signalPassFailure();
      }
      // The returned value's type is what the body guarantees; a more
      // precise declaration cannot be honoured without a run-time check.
      resultTypes.push_back(operand);
    }
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   resultTypes));
  }
};

} // namespace
