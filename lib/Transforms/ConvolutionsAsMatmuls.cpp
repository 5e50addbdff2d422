//===- ConvolutionsAsMatmuls.cpp - 2-D convolutions as contractions -------===//
//
// A 2-D NCHW convolution is a matrix product per image: filters [F, C*KH*KW]
// times the image's patches [C*KH*KW, OH*OW]. A 1x1 convolution needs no
// patch matrix at all: with unit stride the image already is [C, H*W]; with a
// larger stride a strided slice of it is. Other kernels gather the patches
// (im2col). The products are contractions that onnx-tile-contractions turns
// into register-tiled vector code.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_CONVOLUTIONSASMATMULSPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// Integer convolutions (ConvInteger) keep their own lowering.
bool isFloatConvolution(linalg::Conv2DNchwFchwOp op) {
  return op.hasPureTensorSemantics() &&
         isa<FloatType>(getElementTypeOrSelf(op.getOutputs()[0].getType()));
}

bool isUnitFilter(linalg::Conv2DNchwFchwOp op) {
  auto filterType = cast<RankedTensorType>(op.getInputs()[1].getType());
  return filterType.getDimSize(2) == 1 && filterType.getDimSize(3) == 1;
}

/// `out[n, f, p] += filter[f, c] * image[n, c, p]` for a 1x1 convolution,
/// `p` running over the output's pixels.
struct UnitConvolutionAsContraction
    : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!isFloatConvolution(op) || !isUnitFilter(op))
      return failure();
    Location loc = op.getLoc();
    Value image = op.getInputs()[0], filter = op.getInputs()[1];
    Value init = op.getOutputs()[0];
    auto initType = cast<RankedTensorType>(init.getType());

    // With a stride, only every stride-th pixel is read: slice them out.
    SmallVector<int64_t> strides =
        llvm::to_vector(op.getStrides().getValues<int64_t>());
    if (llvm::any_of(strides, [](int64_t s) { return s != 1; })) {
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes =
          tensor::getMixedSizes(rewriter, loc, image);
      sizes[2] = tensor::getMixedSize(rewriter, loc, init, 2);
      sizes[3] = tensor::getMixedSize(rewriter, loc, init, 3);
      SmallVector<OpFoldResult> steps = {
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
          rewriter.getIndexAttr(strides[0]), rewriter.getIndexAttr(strides[1])};
      image = tensor::ExtractSliceOp::create(rewriter, loc, image, offsets,
                                             sizes, steps);
    }

    SmallVector<ReassociationIndices> pixels = {{0}, {1}, {2, 3}};
    Value flatImage =
        tensor::CollapseShapeOp::create(rewriter, loc, image, pixels);
    Value flatFilter = tensor::CollapseShapeOp::create(
        rewriter, loc, filter, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
    Value flatInit =
        tensor::CollapseShapeOp::create(rewriter, loc, init, pixels);

    MLIRContext *context = rewriter.getContext();
    AffineExpr n, f, p, c;
    bindDims(context, n, f, p, c);
    SmallVector<AffineMap> maps = AffineMap::inferFromExprList(
        ArrayRef<ArrayRef<AffineExpr>>{{f, c}, {n, c, p}, {n, f, p}}, context);
    SmallVector<utils::IteratorType> iterators = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::parallel, utils::IteratorType::reduction};
    auto product = linalg::GenericOp::create(
        rewriter, loc, TypeRange{flatInit.getType()},
        ValueRange{flatFilter, flatImage}, ValueRange{flatInit}, maps,
        iterators, [](OpBuilder &b, Location l, ValueRange args) {
          Value mul = arith::MulFOp::create(b, l, args[0], args[1]);
          Value sum = arith::AddFOp::create(b, l, args[2], mul);
          linalg::YieldOp::create(b, l, sum);
        });
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, initType, product.getResult(0), pixels);
    return success();
  }
};

/// Other kernels: im2col, then a contraction over the patches. The patch
/// matrix needs a static shape: with a batch only the run knows, one image
/// at a time.
struct ConvolutionAsIm2ColContraction
    : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!isFloatConvolution(op) || isUnitFilter(op))
      return failure();
    if (isDynamicOnlyInBatch(op)) {
      scf::SCFTilingOptions options;
      SmallVector<int64_t> sizes(op.getNumLoops(), 0);
      sizes[0] = 1;
      options.setTileSizes(
          getAsIndexOpFoldResult(rewriter.getContext(), sizes));
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        return failure();
      rewriter.replaceOp(op, tiled->replacements);
      return success();
    }
    if (failed(linalg::rewriteInIm2Col(rewriter, op)))
      return failure();
    return success();
  }

private:
  static bool isDynamicOnlyInBatch(linalg::Conv2DNchwFchwOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    return ShapedType::isDynamic(ranges[0]) &&
           llvm::none_of(llvm::drop_begin(ranges), ShapedType::isDynamic);
  }
};

struct ConvolutionsAsMatmulsPass
    : onnxc::impl::ConvolutionsAsMatmulsPassBase<ConvolutionsAsMatmulsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<UnitConvolutionAsContraction, ConvolutionAsIm2ColContraction>(
        &getContext());
    // Greedy, so that the convolution of one image that tiling a dynamic
    // batch creates is rewritten in turn; not converging is not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
