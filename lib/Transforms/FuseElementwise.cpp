//===- FuseElementwise.cpp - Elementwise fusion that keeps contractions ---===//
//
// Upstream's elementwise fusion also folds an elementwise producer into a
// contraction that reads it (a GELU into the next matmul, say). The fused op
// is no longer a product of two operands, so it misses the register-tiled
// kernel and runs as scalar loops, recomputing the producer K times per
// output. Here contractions keep their operands, and so does an op that
// reads a producer through a broadcast; everything else fuses as upstream
// would. A sum of a product and an addend (a MatMul's bias) fuses the other
// way: the product's accumulator starts from the addend instead of zeros,
// as a convolution's starts from its bias, and the sum's pass over the
// product's output goes.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// `addf(product, addend)`, the product a contraction that starts from zeros
/// and that nothing else reads, as the contraction starting from the addend:
/// the addend itself, or broadcast (without a transpose) as the sum reads
/// it.
struct AddendAsAccumulator : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp sum,
                                PatternRewriter &rewriter) const override {
    if (!sum.hasPureTensorSemantics() || sum.getNumDpsInputs() != 2 ||
        sum.getNumDpsInits() != 1 ||
        sum.getNumParallelLoops() != sum.getNumLoops() ||
        !sum.getIndexingMapsArray().back().isIdentity())
      return failure();
    Block *body = sum.getBody();
    auto add = dyn_cast<arith::AddFOp>(&body->front());
    if (!add || add->getNextNode() != body->getTerminator() ||
        body->getTerminator()->getOperand(0) != add.getResult() ||
        !llvm::is_contained(add->getOperands(), body->getArgument(0)) ||
        !llvm::is_contained(add->getOperands(), body->getArgument(1)))
      return failure();
    for (unsigned index : {0u, 1u}) {
      OpOperand *productOperand = sum.getDpsInputOperand(index);
      OpOperand *addendOperand = sum.getDpsInputOperand(1 - index);
      auto product = productOperand->get().getDefiningOp<linalg::LinalgOp>();
      if (!product || !linalg::isaContractionOpInterface(product) ||
          !product->hasOneUse() || product->getNumResults() != 1 ||
          !sum.getMatchingIndexingMap(productOperand).isIdentity() ||
          product->getResult(0).getType() != sum.getResult(0).getType())
        continue;
      auto zeros = product.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
      if (!zeros || !matchPattern(zeros.value(), m_AnyZeroFloat()))
        continue;
      Value addend = addendOperand->get();
      if (getElementTypeOrSelf(addend.getType()) !=
              getElementTypeOrSelf(sum.getResult(0).getType()) ||
          !DominanceInfo().properlyDominates(addend, product))
        continue;
      AffineMap map = sum.getMatchingIndexingMap(addendOperand);
      Value init = addend;
      if (!map.isIdentity()) {
        // The dims the addend has must come in order; a broadcast adds the
        // others.
        if (!map.isProjectedPermutation())
          continue;
        SmallVector<unsigned> kept =
            llvm::map_to_vector(map.getResults(), [](AffineExpr result) {
              return cast<AffineDimExpr>(result).getPosition();
            });
        if (!llvm::is_sorted(kept))
          continue;
        SmallVector<int64_t> broadcast;
        for (unsigned dim = 0; dim < map.getNumDims(); ++dim)
          if (!llvm::is_contained(kept, dim))
            broadcast.push_back(dim);
        rewriter.setInsertionPoint(product);
        init = linalg::BroadcastOp::create(rewriter, sum.getLoc(), addend,
                                           zeros.getOutputs()[0], broadcast)
                   .getResult()[0];
      } else if (addend.getType() != sum.getResult(0).getType()) {
        continue;
      }
      rewriter.modifyOpInPlace(
          product, [&] { product.getDpsInitsMutable()[0].set(init); });
      rewriter.replaceOp(sum, product->getResult(0));
      return success();
    }
    return failure();
  }
};

struct FuseElementwisePass
    : onnxc::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // Before upstream's fusion takes the sum into the ops after it.
    RewritePatternSet addends(context);
    addends.add<AddendAsAccumulator>(context);
    (void)applyPatternsGreedily(getOperation(), std::move(addends));

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
