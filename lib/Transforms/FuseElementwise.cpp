//===- FuseElementwise.cpp - Elementwise fusion that keeps contractions ---===//
//
// Upstream's elementwise fusion also folds an elementwise producer into a
// contraction that reads it (a GELU into the next matmul, say). The fused op
// is no longer a product of two operands, so it misses the register-tiled
// kernel and runs as scalar loops, recomputing the producer K times per
// output. Here contractions keep their operands, and so does an op that
// reads a producer through a broadcast; everything else fuses as upstream
// would.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

struct FuseElementwisePass
    : onnxc::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
      if (!producer || !producer->hasOneUse())
        return false;
      if (!consumer)
        return true;
      if (linalg::isaContractionOpInterface(consumer))
        return false;
      // Read through a broadcast, a fused producer would be recomputed for
      // every element it is broadcast to: a squeeze-and-excitation's sigmoid
      // once per pixel instead of once per channel.
      return !isa<linalg::LinalgOp>(producer) ||
             consumer.getMatchingIndexingMap(fused).isPermutation();
    };
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    // Top-down, as upstream, for compile time; not converging within the
    // driver's limit leaves valid, less fused IR.
    (void)applyPatternsGreedily(
        getOperation(), std::move(patterns),
        GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace
