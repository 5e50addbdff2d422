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

#include "WindowTaps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// `out[n, f, oh, ow] += filter[f, k] * patches[n, k, oh, ow]`, the pixels
/// one loop (a 7x7 image is 49 columns of the product rather than 7 rows of
/// 7), expanded back into rows after it.
Value buildPatchProduct(PatternRewriter &rewriter, Location loc, Value filter,
                        Value patches, Value init) {
  auto initType = cast<RankedTensorType>(init.getType());
  SmallVector<ReassociationIndices> pixels = {{0}, {1}, {2, 3}};
  Value flatFilter = tensor::CollapseShapeOp::create(
      rewriter, loc, filter, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  patches = tensor::CollapseShapeOp::create(rewriter, loc, patches, pixels);
  Value productInit =
      tensor::CollapseShapeOp::create(rewriter, loc, init, pixels);

  // Loops: n, f, the pixel, k.
  MLIRContext *context = rewriter.getContext();
  AffineExpr n = getAffineDimExpr(0, context), f = getAffineDimExpr(1, context);
  AffineExpr pixel = getAffineDimExpr(2, context),
             k = getAffineDimExpr(3, context);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {f, k}, context),
                                 AffineMap::get(4, 0, {n, k, pixel}, context),
                                 AffineMap::get(4, 0, {n, f, pixel}, context)};
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto product = linalg::GenericOp::create(
      rewriter, loc, TypeRange{productInit.getType()},
      ValueRange{flatFilter, patches}, ValueRange{productInit}, maps, iterators,
      [](OpBuilder &b, Location l, ValueRange args) {
        Value mul = arith::MulFOp::create(b, l, args[0], args[1]);
        Value sum = arith::AddFOp::create(b, l, args[2], mul);
        linalg::YieldOp::create(b, l, sum);
      });
  // A dynamic output size is expanded back into two dynamic sizes, which
  // onnx-lower-dynamic-expand-shape lowers for expand-strided-metadata.
  return tensor::ExpandShapeOp::create(
      rewriter, loc, initType, product.getResult(0), pixels,
      tensor::getMixedSizes(rewriter, loc, init));
}

/// A 1x1 convolution: the (strided) image is its own patch matrix.
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
    rewriter.replaceOp(op, buildPatchProduct(rewriter, loc, filter, image, init));
    return success();
  }
};

/// The patches [N, C*KH*KW, OH, OW] of `op`'s image, gathered by an
/// scf.forall over (n, c, oh): each iteration copies output row oh of
/// channel c for every window tap (kh, kw), a strided row of the image, into
/// rows (c, kh, kw) with vector moves (a gather per element would not be).
/// One parallel loop for the whole gather: as an elementwise op per tap, each
/// was judged alone for the thread pool, and with an image size only the run
/// knows, each tap (16 channels of 25x33) was too small to run in parallel
/// although the nine together were not.
Value buildPatches(PatternRewriter &rewriter, linalg::Conv2DNchwFchwOp op) {
  Location loc = op.getLoc();
  Value image = op.getInputs()[0], init = op.getOutputs()[0];
  auto filterType = cast<RankedTensorType>(op.getInputs()[1].getType());
  onnxc::Window window = onnxc::Window::get(op, filterType.getDimSize(2),
                                            filterType.getDimSize(3));
  OpFoldResult batch = tensor::getMixedSize(rewriter, loc, image, 0);
  OpFoldResult channels = tensor::getMixedSize(rewriter, loc, image, 1);
  OpFoldResult height = tensor::getMixedSize(rewriter, loc, init, 2);
  OpFoldResult width = tensor::getMixedSize(rewriter, loc, init, 3);
  Type elementType = filterType.getElementType();
  OpFoldResult one = rewriter.getIndexAttr(1);
  OpFoldResult kernelHeight = rewriter.getIndexAttr(window.height);
  OpFoldResult kernelWidth = rewriter.getIndexAttr(window.width);

  Value patches = tensor::EmptyOp::create(
      rewriter, loc,
      SmallVector<OpFoldResult>{batch, channels, kernelHeight, kernelWidth,
                                height, width},
      elementType);
  auto forall = scf::ForallOp::create(
      rewriter, loc, SmallVector<OpFoldResult>{batch, channels, height},
      ValueRange{patches}, /*mapping=*/std::nullopt);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(forall.getTerminator());
  Value n = forall.getInductionVar(0), c = forall.getInductionVar(1),
        oh = forall.getInductionVar(2);

  // The taps of one output row, [1, 1, KH, KW, 1, OW], written in place.
  SmallVector<OpFoldResult> rowOffsets = {n,
                                          c,
                                          rewriter.getIndexAttr(0),
                                          rewriter.getIndexAttr(0),
                                          oh,
                                          rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> rowSizes = {one,         one, kernelHeight,
                                        kernelWidth, one, width};
  SmallVector<OpFoldResult> unitSteps(6, one);
  Value rows = tensor::ExtractSliceOp::create(rewriter, loc,
                                              forall.getRegionIterArgs()[0],
                                              rowOffsets, rowSizes, unitSteps);
  MLIRContext *context = rewriter.getContext();
  SmallVector<AffineMap> maps = {AffineMap::get(6, 0,
                                                {getAffineDimExpr(0, context),
                                                 getAffineDimExpr(1, context),
                                                 getAffineDimExpr(4, context),
                                                 getAffineDimExpr(5, context)},
                                                context),
                                 AffineMap::getMultiDimIdentityMap(6, context)};
  SmallVector<utils::IteratorType> parallel(6, utils::IteratorType::parallel);
  AffineExpr row = rewriter.getAffineDimExpr(0);
  for (int64_t kh = 0; kh < window.height; ++kh) {
    OpFoldResult imageRow = affine::makeComposedFoldedAffineApply(
        rewriter, loc, row * window.strides[0] + kh * window.dilations[0],
        {oh});
    for (int64_t kw = 0; kw < window.width; ++kw) {
      Value tap = tensor::ExtractSliceOp::create(
          rewriter, loc, image,
          SmallVector<OpFoldResult>{
              n, c, imageRow, rewriter.getIndexAttr(kw * window.dilations[1])},
          SmallVector<OpFoldResult>{one, one, one, width},
          SmallVector<OpFoldResult>{one, one, one,
                                    rewriter.getIndexAttr(window.strides[1])});
      // The slice keeps the tap's unit dims: one that dropped them would be
      // ambiguous ([1, 1, 1, 1, 1, OW] to [OW]), and with dynamic strides (a
      // dynamic image size) expand-strided-metadata dropped the wrong unit
      // dims.
      SmallVector<OpFoldResult> offsets(6, rewriter.getIndexAttr(0));
      offsets[2] = rewriter.getIndexAttr(kh);
      offsets[3] = rewriter.getIndexAttr(kw);
      SmallVector<OpFoldResult> sizes = rowSizes;
      sizes[2] = sizes[3] = one;
      Value slot = tensor::ExtractSliceOp::create(rewriter, loc, rows, offsets,
                                                  sizes, unitSteps);
      auto copy = linalg::GenericOp::create(
          rewriter, loc, TypeRange{slot.getType()}, ValueRange{tap},
          ValueRange{slot}, maps, parallel,
          [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(b, l, args[0]);
          });
      rows = tensor::InsertSliceOp::create(rewriter, loc, copy.getResult(0),
                                           rows, offsets, sizes, unitSteps);
    }
  }
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, rows,
                                        forall.getRegionIterArgs()[0],
                                        rowOffsets, rowSizes, unitSteps);
  rewriter.setInsertionPointAfter(forall);
  return tensor::CollapseShapeOp::create(
      rewriter, loc, forall.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4}, {5}});
}

/// Other kernels: im2col, then a contraction over the patches. With a batch
/// only the run knows, one image at a time, so that each image's patches are
/// used while they are in cache.
struct ConvolutionAsIm2ColContraction
    : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  ConvolutionAsIm2ColContraction(MLIRContext *context, int64_t registerRows,
                                 int64_t panelWidth)
      : OpRewritePattern(context), registerRows(registerRows),
        panelWidth(panelWidth) {}

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!isFloatConvolution(op) || isUnitFilter(op) || isDirect(op))
      return failure();
    // The window's taps are unrolled: its size must be known.
    auto filterType = cast<RankedTensorType>(op.getInputs()[1].getType());
    if (filterType.isDynamicDim(2) || filterType.isDynamicDim(3))
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
    Value patches = buildPatches(rewriter, op);
    rewriter.replaceOp(op, buildPatchProduct(rewriter, op.getLoc(),
                                             op.getInputs()[1], patches,
                                             op.getOutputs()[0]));
    return success();
  }

private:
  /// Whether onnx-tile-contractions computes `op` from its image's windows:
  /// of static shape but for its output's height and width, with filters in
  /// whole panels, and output rows that split into nearly full register
  /// tiles if their width is known. Rows of a width only the run knows end
  /// in tiles of single pixels: a 3-convolution CNN at 97x131 ran 15% faster
  /// so than with its patches, at 64x48 (rows of 12 and 6) 5% slower.
  bool isDirect(linalg::Conv2DNchwFchwOp op) const {
    return onnxc::isDirectConvolution(op.getStaticLoopRanges(), panelWidth,
                                      registerRows);
  }

  int64_t registerRows, panelWidth;

  static bool isDynamicOnlyInBatch(linalg::Conv2DNchwFchwOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    return ShapedType::isDynamic(ranges[0]) &&
           llvm::none_of(llvm::drop_begin(ranges), ShapedType::isDynamic);
  }
};

struct ConvolutionsAsMatmulsPass
    : onnxc::impl::ConvolutionsAsMatmulsPassBase<ConvolutionsAsMatmulsPass> {
  using ConvolutionsAsMatmulsPassBase::ConvolutionsAsMatmulsPassBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<UnitConvolutionAsContraction>(&getContext());
    patterns.add<ConvolutionAsIm2ColContraction>(&getContext(), registerRows,
                                                 panelWidth);
    // Greedy, so that the convolution of one image that tiling a dynamic
    // batch creates is rewritten in turn; not converging is not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
