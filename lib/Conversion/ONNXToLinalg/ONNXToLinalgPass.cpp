//===- ONNXToLinalgPass.cpp - The convert-onnx-to-linalg pass -------------===//
//
// Sets up the conversion target and applies populateONNXToLinalgPatterns,
// together with the conversion of function signatures to signless types.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Conversion/ONNXToLinalg/ONNXToLinalg.h"
#include "onnxc/Conversion/Passes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Transforms/DialectConversion.h"

namespace onnxc {
#define GEN_PASS_DEF_CONVERTONNXTOLINALGPASS
#include "onnxc/Conversion/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {
struct ConvertONNXToLinalgPass
    : onnxc::impl::ConvertONNXToLinalgPassBase<ConvertONNXToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ModuleOp module = getOperation();
    onnxc::ONNXToLinalgTypeConverter typeConverter;

    // onnx ops are left without a legality so that partial conversion goes on
    // past one it cannot lower; all that remain are reported below.
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    // Recurrent ops lower to a loop over time.
    target.addLegalDialect<scf::SCFDialect>();
    // Checks of input values that lowerings emit stay until code generation.
    target.addLegalOp<onnxc::onnx::CheckOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return typeConverter.isSignatureLegal(op.getFunctionType()) &&
             typeConverter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>(
        [&](func::ReturnOp op) { return typeConverter.isLegal(op); });

    RewritePatternSet patterns(context);
    onnxc::populateONNXToLinalgPatterns(typeConverter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(
        patterns, typeConverter);
    populateReturnOpTypeConversionPattern(patterns, typeConverter);

    // Patterns explain what they do not support on the op's location; an op
    // explained there is not reported again.
    DenseSet<Location> explained;
    LogicalResult converted = success();
    {
      ScopedDiagnosticHandler handler(context, [&](Diagnostic &diagnostic) {
        if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
          explained.insert(diagnostic.getLocation());
        return failure(); // Pass it on to the enclosing handler.
      });
      converted = applyPartialConversion(module, target, std::move(patterns));
    }
    if (failed(converted))
      return signalPassFailure();

    bool remaining = false;
    module.walk([&](Operation *op) {
      if (!isa<onnxc::onnx::ONNXDialect>(op->getDialect()) ||
          isa<onnxc::onnx::CheckOp>(op))
        return;
      remaining = true;
      if (!explained.contains(op->getLoc()))
        op->emitError() << "cannot lower '" << op->getName() << "' to linalg";
    });
    if (remaining)
      signalPassFailure();
  }
};
} // namespace
