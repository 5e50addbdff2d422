//===- WindowsAsElementwise.cpp - Small windows as elementwise ops --------===//
//
// A depthwise convolution or a pool reads, for each output element, one
// element of each of the window's strided views of its image: it is an
// elementwise op over those views (a sum of products with per-channel
// weights, a maximum, a sum). Written so, it is vectorised along the output
// rows, runs on the thread pool when large and takes in the elementwise op
// that follows (ReLU6); the named ops would be scalar loops over the window.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "WindowTaps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace onnxc {
#define GEN_PASS_DEF_WINDOWSASELEMENTWISEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;
using onnxc::Window;

namespace {

/// Each tap is an operand of the elementwise op; beyond a 7x7 window the
/// named op's loops are kept.
constexpr int64_t kMaxTaps = 49;

template <typename WindowOp>
std::optional<Window> getWindow(WindowOp op, ArrayRef<int64_t> windowShape) {
  if (!op.hasPureTensorSemantics() ||
      !isa<FloatType>(getElementTypeOrSelf(op.getOutputs()[0].getType())))
    return std::nullopt;
  int64_t height = windowShape[windowShape.size() - 2];
  int64_t width = windowShape.back();
  if (ShapedType::isDynamic(height) || ShapedType::isDynamic(width) ||
      height * width > kMaxTaps)
    return std::nullopt;
  return Window::get(op, height, width);
}

SmallVector<utils::IteratorType> allParallel(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

/// What a window op's output starts from. When the op's init only fills or
/// broadcasts (zero, -inf, a convolution's bias), the elementwise op reads
/// the source (a scalar, or a tensor through `map`) instead of the init: the
/// init tensor, as large as the output, is then neither written nor read.
struct Start {
  Value value;
  AffineMap map; // null when `value` is a scalar used in the body
  Value output;  // the elementwise op's output operand
};

Start getStart(RewriterBase &rewriter, Location loc, Value init) {
  auto producer = init.getDefiningOp<linalg::LinalgOp>();
  if (!producer || producer.getNumDpsInputs() != 1 ||
      producer.getNumDpsInits() != 1 ||
      producer.getNumLoops() != producer.getNumParallelLoops() ||
      !producer.getMatchingIndexingMap(producer.getDpsInitOperand(0))
           .isIdentity())
    return {init, AffineMap(), init};
  Block *body = producer.getBlock();
  if (body->getTerminator()->getOperand(0) != body->getArgument(0))
    return {init, AffineMap(), init};
  OpOperand *source = producer.getDpsInputOperand(0);
  bool scalar = !isa<ShapedType>(source->get().getType());
  AffineMap map =
      scalar ? AffineMap() : producer.getMatchingIndexingMap(source);
  if (map && !map.isProjectedPermutation(/*allowZeroInResults=*/true))
    return {init, AffineMap(), init};
  Value dest = producer.getDpsInitOperand(0)->get();
  Value output = tensor::EmptyOp::create(
      rewriter, loc, tensor::getMixedSizes(rewriter, loc, dest),
      getElementTypeOrSelf(init.getType()));
  return {source->get(), map, output};
}

/// `start` as an operand of the elementwise op, if it is one.
void addStart(const Start &start, SmallVectorImpl<Value> &operands,
              SmallVectorImpl<AffineMap> &maps) {
  if (start.map) {
    operands.push_back(start.value);
    maps.push_back(start.map);
  }
}

/// The start inside the elementwise op's body, given its block arguments.
Value getStartInBody(const Start &start, ValueRange args) {
  if (!start.map)
    return start.value == start.output ? args.back() : start.value;
  return args[args.size() - 2];
}

/// `out[n, g, m, oh, ow] = start + sum over taps k of image_k[n, g, oh, ow] *
/// filter[g, m, 0, kh, kw]`, for a grouped convolution with one input
/// channel per group (a depthwise convolution, `m` its channel multiplier).
struct DepthwiseConvolutionAsElementwise
    : OpRewritePattern<linalg::Conv2DNgchwGfchwOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::Conv2DNgchwGfchwOp op,
                                PatternRewriter &rewriter) const override {
    Value image = op.getInputs()[0], filter = op.getInputs()[1];
    Value init = op.getOutputs()[0];
    auto filterType = cast<RankedTensorType>(filter.getType());
    if (filterType.getDimSize(2) != 1 || filterType.isDynamicDim(0) ||
        filterType.isDynamicDim(1))
      return failure();
    std::optional<Window> window = getWindow(op, filterType.getShape());
    if (!window)
      return failure();

    Location loc = op.getLoc();
    Value channels = tensor::CollapseShapeOp::create(
        rewriter, loc, image,
        SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
    SmallVector<Value> taps = onnxc::getWindowTaps(
        rewriter, loc, channels, *window,
        tensor::getMixedSize(rewriter, loc, init, 3),
        tensor::getMixedSize(rewriter, loc, init, 4));

    auto weightType = RankedTensorType::get(
        {filterType.getDimSize(0), filterType.getDimSize(1)},
        filterType.getElementType());
    SmallVector<Value> operands;
    for (int64_t tap = 0; tap < window->getNumTaps(); ++tap) {
      SmallVector<OpFoldResult> offsets = {
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
          rewriter.getIndexAttr(0),
          rewriter.getIndexAttr(tap / window->width),
          rewriter.getIndexAttr(tap % window->width)};
      SmallVector<OpFoldResult> sizes = {
          rewriter.getIndexAttr(weightType.getDimSize(0)),
          rewriter.getIndexAttr(weightType.getDimSize(1)),
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
          rewriter.getIndexAttr(1)};
      SmallVector<OpFoldResult> steps(5, rewriter.getIndexAttr(1));
      operands.push_back(taps[tap]);
      operands.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, weightType, filter, offsets, sizes, steps));
    }

    MLIRContext *context = rewriter.getContext();
    AffineExpr n, g, m, oh, ow;
    bindDims(context, n, g, m, oh, ow);
    AffineMap tapMap = AffineMap::get(5, 0, {n, g, oh, ow}, context);
    AffineMap weightMap = AffineMap::get(5, 0, {g, m}, context);
    SmallVector<AffineMap> maps;
    for (int64_t tap = 0; tap < window->getNumTaps(); ++tap)
      maps.append({tapMap, weightMap});
    Start start = getStart(rewriter, loc, init);
    addStart(start, operands, maps);
    maps.push_back(AffineMap::getMultiDimIdentityMap(5, context));

    int64_t numTaps = window->getNumTaps();
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, TypeRange{init.getType()}, operands, ValueRange{start.output}, maps,
        allParallel(5), [&](OpBuilder &b, Location l, ValueRange args) {
          // Each product and sum may become one fused multiply-add, as in
          // the contractions (which use vector.fma): half the instructions
          // of a tap, and the rounding of a convolution by im2col.
          auto contract = arith::FastMathFlags::contract;
          Value sum = getStartInBody(start, args);
          for (int64_t tap = 0; tap < numTaps; ++tap) {
            Value product = arith::MulFOp::create(b, l, args[2 * tap],
                                                  args[2 * tap + 1], contract);
            sum = arith::AddFOp::create(b, l, sum, product, contract);
          }
          linalg::YieldOp::create(b, l, sum);
        });
    return success();
  }
};

/// `out[n, c, oh, ow] = combine(start, image_k[n, c, oh, ow])` over the taps,
/// in the named pool's order.
template <typename PoolOp, typename CombineOp>
struct PoolAsElementwise : OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    Value image = op.getInputs()[0];
    Value init = op.getOutputs()[0];
    auto windowType = cast<ShapedType>(op.getInputs()[1].getType());
    std::optional<Window> window = getWindow(op, windowType.getShape());
    if (!window)
      return failure();

    Location loc = op.getLoc();
    SmallVector<Value> taps = onnxc::getWindowTaps(
        rewriter, loc, image, *window,
        tensor::getMixedSize(rewriter, loc, init, 2),
        tensor::getMixedSize(rewriter, loc, init, 3));
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(4, rewriter.getContext());
    SmallVector<AffineMap> maps(taps.size(), identity);
    Start start = getStart(rewriter, loc, init);
    addStart(start, taps, maps);
    maps.push_back(identity);
    int64_t numTaps = window->getNumTaps();
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, TypeRange{init.getType()}, taps, ValueRange{start.output}, maps,
        allParallel(4), [&](OpBuilder &b, Location l, ValueRange args) {
          Value result = getStartInBody(start, args);
          ValueRange elements = args.take_front(numTaps);
          if constexpr (std::is_same_v<CombineOp, arith::MaximumFOp>) {
            linalg::YieldOp::create(
                b, l, maximumPropagatingNaN(b, l, result, elements));
            return;
          }
          for (Value element : elements)
            result = CombineOp::create(b, l, result, element);
          linalg::YieldOp::create(b, l, result);
        });
    return success();
  }

private:
  /// The maximum of `start` and `elements`, NaN if any of them is: a chain
  /// of maxima that may ignore NaNs and the sign of zero (`nnan`, `nsz`:
  /// one vmaxps each), then one unordered comparison per pair of operands.
  /// Each NaN-propagating maximum took three instructions (a maximum, a
  /// comparison and a blend), and a 3x3 max pool ran 4x slower than ONNX
  /// Runtime's; ordering -0 below +0 took a mask and two blends per maximum
  /// (ResNet-18's max pool 1.7x slower). The maximum of -0 and +0 is then
  /// either zero, as ONNX Runtime's is.
  static Value maximumPropagatingNaN(OpBuilder &b, Location l, Value start,
                                     ValueRange elements) {
    SmallVector<Value> operands;
    if (!matchPattern(start, m_Constant()))
      operands.push_back(start);
    llvm::append_range(operands, elements);
    Value result = start;
    for (Value element : elements)
      result = arith::MaximumFOp::create(b, l, result, element,
                                         arith::FastMathFlags::nnan |
                                             arith::FastMathFlags::nsz);
    Value anyNaN;
    for (size_t i = 0; i < operands.size(); i += 2) {
      Value pair =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, operands[i],
                                operands[std::min(i + 1, operands.size() - 1)]);
      anyNaN = anyNaN ? arith::OrIOp::create(b, l, anyNaN, pair) : pair;
    }
    auto type = cast<FloatType>(result.getType());
    Value nan = arith::ConstantOp::create(
        b, l, b.getFloatAttr(type, APFloat::getQNaN(type.getFloatSemantics())));
    return arith::SelectOp::create(b, l, anyNaN, nan, result);
  }
};

struct WindowsAsElementwisePass
    : onnxc::impl::WindowsAsElementwisePassBase<WindowsAsElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DepthwiseConvolutionAsElementwise,
                 PoolAsElementwise<linalg::PoolingNchwMaxOp, arith::MaximumFOp>,
                 PoolAsElementwise<linalg::PoolingNchwSumOp, arith::AddFOp>>(
        &getContext());
    // Each rewrite is final; not converging is not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
