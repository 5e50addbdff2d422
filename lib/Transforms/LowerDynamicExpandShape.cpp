//===- LowerDynamicExpandShape.cpp - Expansions into several unknown dims -===//
//
// memref.expand_shape that splits one dim into two or more of dynamic size
// (the rows [batch * sequence] of a product, back into [batch, sequence])
// crashes upstream's expand-strided-metadata in LLVM 22. On a contiguous
// buffer the expansion is a reinterpret_cast with the strides of the
// expanded shape, which this pass builds instead.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_LOWERDYNAMICEXPANDSHAPEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

struct ExpandAsReinterpretCast : OpRewritePattern<memref::ExpandShapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::ExpandShapeOp op,
                                PatternRewriter &rewriter) const override {
    MemRefType result = op.getResultType();
    if (!op.getSrcType().getLayout().isIdentity() ||
        !result.getLayout().isIdentity())
      return failure();
    if (llvm::none_of(op.getReassociationIndices(),
                      [&](const ReassociationIndices &group) {
                        return llvm::count_if(group, [&](int64_t dim) {
                                 return result.isDynamicDim(dim);
                               }) > 1;
                      }))
      return failure();

    // Row-major strides: each dim's is the product of the sizes after it.
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> sizes = op.getMixedOutputShape();
    SmallVector<OpFoldResult> strides(sizes.size());
    OpFoldResult stride = rewriter.getIndexAttr(1);
    for (int64_t dim = sizes.size() - 1; dim >= 0; --dim) {
      strides[dim] = stride;
      if (dim == 0)
        break;
      std::optional<int64_t> size = getConstantIntValue(sizes[dim]);
      std::optional<int64_t> known = getConstantIntValue(stride);
      if (size && known) {
        stride = rewriter.getIndexAttr(*size * *known);
        continue;
      }
      stride = arith::MulIOp::create(
                   rewriter, loc,
                   getValueOrCreateConstantIndexOp(rewriter, loc, stride),
                   getValueOrCreateConstantIndexOp(rewriter, loc, sizes[dim]))
                   .getResult();
    }
    rewriter.replaceOpWithNewOp<memref::ReinterpretCastOp>(
        op, result, op.getSrc(), rewriter.getIndexAttr(0), sizes, strides);
    return success();
  }
};

struct LowerDynamicExpandShapePass
    : onnxc::impl::LowerDynamicExpandShapePassBase<
          LowerDynamicExpandShapePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandAsReinterpretCast>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
