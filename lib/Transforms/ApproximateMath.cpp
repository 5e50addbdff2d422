//===- ApproximateMath.cpp - Inline polynomials for math functions -------===//
//
// Without this, math.exp, math.tanh, math.erf... become calls to libm, one
// element at a time: a loop that calls a function cannot be vectorised, and
// the call dominates elementwise ops such as GELU, SiLU or softmax. MLIR's
// polynomial approximations are plain arithmetic that vectorises. Only
// functions whose approximation holds over the whole f32 range are
// replaced; sin and cos, whose range reduction is not exact for large
// arguments, still call libm.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

struct ApproximateMathPass
    : onnxc::impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    auto approximated = [](StringRef name) {
      return llvm::is_contained(
          {math::ExpOp::getOperationName(), math::ExpM1Op::getOperationName(),
           math::LogOp::getOperationName(), math::Log1pOp::getOperationName(),
           math::Log2Op::getOperationName(), math::TanhOp::getOperationName(),
           math::ErfOp::getOperationName()},
          name);
    };
    RewritePatternSet patterns(&getContext());
    // f16 and bf16 through f32, where the polynomials are defined.
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
