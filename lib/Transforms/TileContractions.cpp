//===- TileContractions.cpp - Register-tiled, vectorised contractions -----===//
//
// A contraction (matmul, batch matmul, a convolution rewritten as a matmul)
// is tiled three times on tensors: for the caches, for registers, and by one
// step of its reduction. The innermost tile becomes one vector.contract whose
// accumulator lives in registers across the reduction loop; lowered to outer
// products, each step is a few broadcasts and `mr` fused multiply-adds of
// `nr`-wide vectors, the shape of a BLIS micro-kernel.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "BlockEpilogue.h"
#include "Canonicalize.h"
#include "PeelTiles.h"
#include "WindowTaps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace onnxc {
#define GEN_PASS_DEF_TILECONTRACTIONSPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;
using onnxc::canonicalize;

namespace {

/// Tile sizes per role of a contraction's loops; 0 leaves a loop untiled.
struct RoleSizes {
  int64_t batch, m, n, k;
};

/// The loops of a convolution computed from its image's windows
/// (packFilterPanels), in order: out[image, panel, column, row, pixel] +=
/// image[image, channel, row*sh + tapRow*dh, pixel*sw + tapColumn*dw] *
/// filters[panel, channel, tapRow, tapColumn, column].
namespace window {
enum Loop : unsigned {
  Image,
  Panel,
  Column,
  Row,
  Pixel,
  Channel,
  TapRow,
  TapColumn,
  NumLoops
};
} // namespace window

std::optional<linalg::ContractionDimensions>
getWindowProductDims(linalg::LinalgOp op);

/// The loops of `op` by role, when it is a contraction over floats with one
/// K loop, or a window product. Of several M (or N) loops, the innermost is
/// the one tiled for registers and the others are stepped through one at a
/// time like batch loops (e.g. the images of a convolution, which only its
/// input and output index).
std::optional<linalg::ContractionDimensions>
getMatmulDims(linalg::LinalgOp op) {
  if (std::optional<linalg::ContractionDimensions> dims =
          getWindowProductDims(op))
    return dims;
  if (!linalg::isaContractionOpInterface(op) || !op.hasPureTensorSemantics())
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() ||
      dims->k.size() != 1)
    return std::nullopt;
  for (auto *outer : {&dims->m, &dims->n}) {
    dims->batch.append(outer->begin(), std::prev(outer->end()));
    outer->erase(outer->begin(), std::prev(outer->end()));
  }
  Type element = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  if (!isa<FloatType>(element))
    return std::nullopt;
  return *dims;
}

SmallVector<int64_t> sizesByLoop(unsigned numLoops,
                                 const linalg::ContractionDimensions &dims,
                                 RoleSizes sizes) {
  SmallVector<int64_t> result(numLoops, 0);
  for (unsigned d : dims.batch)
    result[d] = sizes.batch;
  result[dims.m[0]] = sizes.m;
  result[dims.n[0]] = sizes.n;
  for (unsigned d : dims.k)
    result[d] = sizes.k;
  return result;
}

/// The op and loops that tiling produced; `op` is the original when no loop
/// needed tiling.
struct Tiled {
  linalg::LinalgOp op;
  SmallVector<LoopLikeOpInterface> loops;
};

/// Tiles `op` by `sizes` with the loops nested in `order` (outermost first).
/// A loop whose static extent is within its tile size is left untiled. With
/// `fuseInit`, an init that a broadcast or fill produces (a convolution's
/// bias, the zeros of a matmul) is produced tile by tile inside the loops:
/// each cache block then starts its accumulator while the block is in
/// cache, instead of the whole output being written before the product and
/// read back by it (for MobileNetV2's first 1x1 convolution, 4.8 MB each
/// way).
FailureOr<Tiled> tile(RewriterBase &rewriter, linalg::LinalgOp op,
                      ArrayRef<int64_t> sizes, ArrayRef<int64_t> order,
                      scf::SCFTilingOptions::LoopType loopType =
                          scf::SCFTilingOptions::LoopType::ForOp,
                      bool fuseInit = false) {
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> effective(sizes);
  for (auto [size, extent] : llvm::zip(effective, extents))
    if (!ShapedType::isDynamic(extent) && extent <= size)
      size = 0;
  if (llvm::all_of(effective, [](int64_t size) { return size == 0; }))
    return Tiled{op, {}};

  scf::SCFTilingOptions options;
  options.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), effective));
  options.setInterchange(order);
  options.setLoopType(loopType);
  rewriter.setInsertionPoint(op);
  if (fuseInit) {
    scf::SCFTileAndFuseOptions fusion;
    fusion.setTilingOptions(options);
    fusion.setFusionControlFn(
        [](tensor::ExtractSliceOp, OpResult producer, bool isDestination)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (!isDestination ||
              !isa<linalg::BroadcastOp, linalg::FillOp>(producer.getOwner()))
            return std::nullopt;
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        });
    FailureOr<scf::SCFTileAndFuseResult> fused =
        scf::tileConsumerAndFuseProducersUsingSCF(
            rewriter, cast<TilingInterface>(op.getOperation()), fusion);
    if (failed(fused))
      return failure();
    for (OpResult result : op->getResults())
      rewriter.replaceAllUsesWith(result, fused->replacements.lookup(result));
    rewriter.eraseOp(op);
    return Tiled{cast<linalg::LinalgOp>(fused->tiledAndFusedOps.front()),
                 std::move(fused->loops)};
  }
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()),
                        options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return Tiled{cast<linalg::LinalgOp>(tiled->tiledOps.back()),
               std::move(tiled->loops)};
}

/// `reshape(broadcast(x))` as `broadcast(reshape'(x))`, where each group of
/// the reshape's dims is all broadcast or not at all: a convolution's bias
/// broadcast over [N, F, H, W], seen by its contraction as [N, F, H*W] (or
/// with F split into panels). The contraction's init is then the broadcast
/// itself, which block tiling fuses.
template <typename ReshapeOp>
struct BroadcastBeforeReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp reshape,
                                PatternRewriter &rewriter) const override {
    constexpr bool collapsing =
        std::is_same_v<ReshapeOp, tensor::CollapseShapeOp>;
    // Also a broadcast that other reshapes read (identical biases, which CSE
    // merged: a model's zero-initialised ones): each gets its own.
    auto broadcast =
        reshape.getSrc().template getDefiningOp<linalg::BroadcastOp>();
    if (!broadcast)
      return failure();
    ArrayRef<int64_t> dims = broadcast.getDimensions();
    auto isBroadcast = [&](int64_t dim) {
      return llvm::is_contained(dims, dim);
    };
    // The groups of the broadcast's dims (the collapse's source, or the
    // expansion's result) and the dim of the other side each stands for.
    SmallVector<ReassociationIndices> groups =
        reshape.getReassociationIndices();
    SmallVector<int64_t> newDims;
    // Collapsing, the input's dims that each non-broadcast group collapses.
    SmallVector<ReassociationIndices> inputGroups;
    int64_t inputDim = 0;
    for (auto [other, group] : llvm::enumerate(groups)) {
      // Expanding, the source dim `other` is the broadcast's.
      bool broadcastGroup =
          collapsing ? isBroadcast(group.front()) : isBroadcast(other);
      if (collapsing && llvm::any_of(group, [&](int64_t dim) {
            return isBroadcast(dim) != broadcastGroup;
          }))
        return failure();
      if (broadcastGroup) {
        if (collapsing)
          newDims.push_back(other);
        else
          newDims.append(group.begin(), group.end());
      } else if (collapsing) {
        ReassociationIndices inputGroup;
        for (size_t i = 0; i < group.size(); ++i)
          inputGroup.push_back(inputDim++);
        inputGroups.push_back(inputGroup);
      }
    }

    Location loc = reshape.getLoc();
    Value input = broadcast.getInput();
    auto resultType = cast<RankedTensorType>(reshape.getResultType());
    if constexpr (collapsing) {
      if (llvm::any_of(inputGroups, [](const ReassociationIndices &g) {
            return g.size() != 1;
          }))
        input =
            tensor::CollapseShapeOp::create(rewriter, loc, input, inputGroups);
    } else {
      // Each of the input's dims expands like the result's group it became.
      SmallVector<ReassociationIndices> expansion;
      SmallVector<int64_t> shape;
      SmallVector<OpFoldResult> sizes;
      SmallVector<OpFoldResult> resultSizes = reshape.getMixedOutputShape();
      for (auto [other, group] : llvm::enumerate(groups)) {
        if (isBroadcast(other))
          continue;
        ReassociationIndices inputGroup;
        for (int64_t d : group) {
          inputGroup.push_back(shape.size());
          shape.push_back(resultType.getDimSize(d));
          sizes.push_back(resultSizes[d]);
        }
        expansion.push_back(inputGroup);
      }
      if (llvm::any_of(expansion, [](const ReassociationIndices &g) {
            return g.size() != 1;
          }))
        input = tensor::ExpandShapeOp::create(
            rewriter, loc,
            RankedTensorType::get(shape, resultType.getElementType()), input,
            expansion, sizes);
    }
    // The broadcast's init, which only gives the shape, reshaped alike.
    Value init;
    if constexpr (collapsing)
      init = tensor::CollapseShapeOp::create(rewriter, loc, resultType,
                                             broadcast.getInit(), groups);
    else
      init = tensor::ExpandShapeOp::create(rewriter, loc, resultType,
                                           broadcast.getInit(), groups,
                                           reshape.getMixedOutputShape());
    rewriter.replaceOpWithNewOp<linalg::BroadcastOp>(reshape, input, init,
                                                     newDims);
    return success();
  }
};

/// Loop order for tiling: batch loops, then N, then K, then M, so that a
/// panel of the right-hand operand stays in cache while M advances.
SmallVector<int64_t> loopOrder(linalg::LinalgOp op,
                               const linalg::ContractionDimensions &dims) {
  SmallVector<int64_t> order;
  for (unsigned d : dims.batch)
    order.push_back(d);
  order.push_back(dims.n[0]);
  order.append(dims.k.begin(), dims.k.end());
  order.push_back(dims.m[0]);
  return order;
}

/// How many times longer than the other parallel loops together M must be
/// for the cache blocks to be split between threads along it. Each thread
/// then reads the whole weight rather than the whole of the activations: a
/// 3x3 convolution of 128 channels at 28x28 (784 pixels, 128 filters) ran
/// 12% faster on 2 threads, a 1x1 one of 128 to 512 channels there (784
/// pixels, 512 filters) 9% slower.
constexpr int64_t kLongerM = 4;

/// Loop order of the cache blocks' forall: as `loopOrder`, except that M
/// comes first when it is kLongerM times as long as the other parallel loops
/// together (the batch loops include the panels of a packed weight). The
/// runtime's threads take contiguous shares of the forall, split along its
/// outermost loop. A convolution's patches [K, pixels], split by filters,
/// were read whole by every thread, which also wrote every pixel of its
/// output; split by pixels, each thread reads and writes about the pixels
/// that the next layer's patches of its share read. ResNet-18 on 2 threads:
/// 3-6% faster where the two CPUs share their last-level cache, 12% where
/// they do not (each patch copy then waited for the lines that the other
/// thread had read); ResNet-50 2% faster; both unchanged at 1 thread.
SmallVector<int64_t> blockOrder(linalg::LinalgOp op,
                                const linalg::ContractionDimensions &dims) {
  SmallVector<int64_t> order = loopOrder(op, dims);
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> others = {extents[dims.n[0]]};
  for (unsigned d : dims.batch)
    others.push_back(extents[d]);
  int64_t m = extents[dims.m[0]];
  if (ShapedType::isDynamic(m) || ShapedType::isDynamicShape(others) ||
      m < kLongerM * ShapedType::getNumElements(others))
    return order;
  order.erase(llvm::find(order, int64_t(dims.m[0])));
  order.insert(order.begin(), dims.m[0]);
  return order;
}

/// Marks the register tiles of a contraction until they are vectorised.
constexpr StringLiteral kRegisterTile = "onnxc.register_tile";

/// Tiles `op` into register tiles of `registers`' size and peels the
/// register loops so that every tile but the last along each of them has the
/// full size.
LogicalResult tileIntoRegisterTiles(RewriterBase &rewriter, linalg::LinalgOp op,
                                    const linalg::ContractionDimensions &dims,
                                    RoleSizes registers) {
  FailureOr<Tiled> registerTile =
      tile(rewriter, op,
           sizesByLoop(op.getNumLoops(), dims,
                       {registers.batch, registers.m, registers.n, 0}),
           loopOrder(op, dims));
  if (failed(registerTile))
    return failure();
  registerTile->op->setAttr(kRegisterTile, rewriter.getUnitAttr());
  onnxc::peelPartialSteps(rewriter, registerTile->loops);
  return success();
}

/// Splits `op`'s loop `loop` where its last `extent mod multiple`
/// iterations begin. Either part is null when it is statically empty.
std::pair<linalg::LinalgOp, linalg::LinalgOp>
splitOffRemainder(RewriterBase &rewriter, linalg::LinalgOp op, unsigned loop,
                  int64_t multiple) {
  int64_t extent = op.getStaticLoopRanges()[loop];
  if (!ShapedType::isDynamic(extent)) {
    if (extent % multiple == 0)
      return {op, nullptr};
    if (extent < multiple)
      return {nullptr, op};
  }
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  OpFoldResult size = op.createLoopRanges(rewriter, loc)[loop].size;
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  OpFoldResult splitPoint = affine::makeComposedFoldedAffineApply(
      rewriter, loc, s0.floorDiv(multiple) * multiple, {size});
  auto [full, last] = linalg::splitOp(
      rewriter, cast<TilingInterface>(op.getOperation()), loop, splitPoint);
  return {cast_or_null<linalg::LinalgOp>(full.getOperation()),
          cast_or_null<linalg::LinalgOp>(last.getOperation())};
}

/// The register tile of the rows that do not fill a full one: that many
/// rows (one at a time when only the run knows how many) and as many columns
/// as keep about as many independent accumulators as a full tile has. A
/// single row 2 vectors wide has two, and each of its FMAs waits for the
/// previous one on the same accumulator: matrix-vector products were bound
/// by the FMA latency, not its throughput.
RoleSizes registersForLastRows(int64_t rows, RoleSizes full, int64_t lanes) {
  int64_t accumulators = full.m * full.n / lanes;
  int64_t m = ShapedType::isDynamic(rows) ? 1 : rows;
  int64_t vectors = std::clamp<int64_t>(accumulators / m, 2, 8);
  return {0, m, vectors * lanes, 0};
}

/// Whether the output `out` of a contraction is laid out [N, M] (its N loop
/// before its M loop), so that its register tiles hold the accumulator
/// transposed.
bool hasTransposedOutput(AffineMap out, unsigned m, unsigned n) {
  MLIRContext *context = out.getContext();
  return *out.getResultPosition(getAffineDimExpr(m, context)) >
         *out.getResultPosition(getAffineDimExpr(n, context));
}

/// Adjusts the cache block `sizes` of `op` to `alignment` (by dim of its
/// output, as BlockEpilogue states it): a block along a dim that must be
/// whole spans it; one along an image's pixels holds whole rows that fill
/// whole register tiles (`registers`, by loop), as many as fit the size
/// wanted, else as few as do, up to 4 times that size. A row-aligned block
/// that ended in a partial tile cost more than the epilogue saved (SqueezeNet's
/// first convolution, rows of 111 pixels, ran 1.4x slower). False when no
/// such sizes exist.
bool alignBlocks(linalg::LinalgOp op, SmallVectorImpl<int64_t> &sizes,
                 ArrayRef<int64_t> registers, ArrayRef<int64_t> alignment) {
  AffineMap out = op.getIndexingMapsArray().back();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  for (unsigned loop = 0; loop < sizes.size(); ++loop) {
    std::optional<unsigned> dim =
        out.getResultPosition(getAffineDimExpr(loop, op.getContext()));
    int64_t extent = extents[loop], &size = sizes[loop];
    if (!dim || size == 0 || size >= extent)
      continue;
    int64_t align = alignment[*dim];
    if (align == 1)
      continue;
    if (align == 0 || ShapedType::isDynamic(extent) || extent % align != 0)
      return false;
    int64_t tile = std::max<int64_t>(registers[loop], 1);
    auto fills = [&](int64_t rows) { return rows * align % tile == 0; };
    int64_t rows = size / align;
    while (rows > 0 && !fills(rows))
      --rows;
    if (rows == 0) {
      rows = llvm::divideCeil(size, align);
      while (rows * align <= 4 * size && !fills(rows))
        ++rows;
      if (!fills(rows) || rows * align > 4 * size)
        return false;
    }
    size = std::min(rows * align, extent);
  }
  return true;
}

/// An odd number of cache blocks on 2 threads leaves one idle for a block's
/// time; from this many blocks on, that is under 1/32 of the loop's.
constexpr int64_t kBalancedBlocks = 32;

/// Multiply-adds below which a product is not worth another block: the
/// thread that takes it would start later than the product ends.
constexpr int64_t kMinSplitWork = int64_t(1) << 20;

/// Makes the cache blocks `sizes` (by loop) of `op` along M and N of one
/// size, and splits them finer along M, or else N, so that there are an even
/// number of them when they are few: the runtime's threads take near-equal
/// contiguous shares of a forall's blocks, which a block cannot be split
/// between, so 5 blocks on 2 threads run in the time of 3 (and one block on
/// one thread), and the thread whose share holds the larger blocks ends
/// later (96 filters were blocks of 64 and 32; 576 filters in 9 blocks were
/// split into pixels of 128 and 68, and the 1x1 convolution of a 14x14 image
/// ran 1.5x faster on 2 threads than on 1). Sizes stay whole numbers of
/// register tiles (`registers`, by role).
void balanceBlocks(linalg::LinalgOp op,
                   const linalg::ContractionDimensions &dims,
                   SmallVectorImpl<int64_t> &sizes, RoleSizes registers) {
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  if (ShapedType::isDynamicShape(extents))
    return;
  auto blocksAlong = [&](unsigned loop) -> int64_t {
    return llvm::divideCeil(extents[loop],
                            std::min(sizes[loop], extents[loop]));
  };
  // The size of `count` blocks along `loop`, whole register tiles each,
  // of which the last is short of the others by less than a tile, if there
  // are such blocks.
  auto equalBlocks = [&](unsigned loop, int64_t tile,
                         int64_t count) -> std::optional<int64_t> {
    int64_t size = llvm::alignTo(llvm::divideCeil(extents[loop], count), tile);
    int64_t last = extents[loop] - (count - 1) * size;
    if (last <= 0 || last <= size - tile)
      return std::nullopt;
    return size;
  };
  SmallVector<std::pair<unsigned, int64_t>> roles = {{dims.m[0], registers.m},
                                                     {dims.n[0], registers.n}};
  for (auto [loop, tile] : roles)
    if (sizes[loop] != 0)
      if (std::optional<int64_t> size =
              equalBlocks(loop, tile, blocksAlong(loop)))
        sizes[loop] = *size;

  int64_t blocks = 1, work = 1;
  for (unsigned loop = 0; loop < sizes.size(); ++loop) {
    work *= extents[loop];
    if (sizes[loop] != 0)
      blocks *= blocksAlong(loop);
  }
  if (blocks % 2 == 0 || blocks >= kBalancedBlocks || work < kMinSplitWork)
    return;
  // The fewest more blocks along one loop (M first) that make the count
  // even, up to twice as many.
  SmallVector<int64_t> along = {blocksAlong(dims.m[0]), blocksAlong(dims.n[0])};
  for (int64_t extra = 1; extra <= std::max(along[0], along[1]) + 1;
       extra += 2) {
    for (auto [role, entry] : llvm::enumerate(roles)) {
      auto [loop, tile] = entry;
      if (sizes[loop] == 0 || extra > along[role] + 1)
        continue;
      if (std::optional<int64_t> size =
              equalBlocks(loop, tile, along[role] + extra)) {
        sizes[loop] = *size;
        return;
      }
    }
  }
}

/// Tiles `op` for the caches and for registers: whole register tiles over
/// the rows that fill them, and a tile of their own for the rest.
LogicalResult tileForRegisters(RewriterBase &rewriter, linalg::LinalgOp op,
                               const linalg::ContractionDimensions &dims,
                               RoleSizes cache, RoleSizes registers,
                               int64_t lanes) {
  SmallVector<int64_t> order = loopOrder(op, dims);
  unsigned numLoops = op.getNumLoops();
  // An accumulator transposed into registers is transposed again for each
  // chunk of K: such a product steps through the whole of K at once.
  int64_t chunk =
      hasTransposedOutput(op.getIndexingMapsArray().back(), dims.m[0],
                          dims.n[0])
          ? 0
          : cache.k;
  // Cache blocks of the parallel loops are independent: an scf.forall,
  // which onnx-parallelize spreads over the runtime's threads. Each block
  // then steps through K, and computes the elementwise op that follows the
  // product, if any, while the block is in cache.
  SmallVector<int64_t> blockSizes =
      sizesByLoop(numLoops, dims, {cache.batch, cache.m, cache.n, 0});
  bool windows = getWindowProductDims(op).has_value();
  if (windows) {
    // A window product's blocks are whole output rows, at least `cache.m`
    // pixels' worth and as many in each block, and its register tiles split
    // each row evenly. The threads take contiguous shares of the blocks: 14
    // rows in blocks of 4, 4, 4 and 2 gave one thread 8 rows and the other
    // 6; blocks of 2 rows read each panel of filters twice as often.
    SmallVector<int64_t> extents = op.getStaticLoopRanges();
    int64_t width = extents[window::Pixel], height = extents[window::Row];
    int64_t rows = 1;
    if (!ShapedType::isDynamic(width) && !ShapedType::isDynamic(height)) {
      rows = std::clamp<int64_t>(cache.m / width, 1, height);
      while (height % rows != 0)
        ++rows;
    }
    blockSizes[window::Pixel] = 0;
    blockSizes[window::Row] = rows;
    if (!ShapedType::isDynamic(width))
      registers.m = onnxc::getDirectTileRows(width, registers.m);
    registers.batch = 1;
  }
  balanceBlocks(op, dims, blockSizes, registers);
  std::optional<onnxc::BlockEpilogue> epilogue =
      onnxc::findBlockEpilogue(op->getResult(0));
  SmallVector<int64_t> unaligned = blockSizes;
  if (epilogue && !alignBlocks(op, blockSizes,
                               sizesByLoop(numLoops, dims,
                                           {0, registers.m, registers.n, 0}),
                               epilogue->alignment)) {
    // Blocks of whole rows would end in partial register tiles: the
    // epilogue iterates over the product's shape instead, if it may.
    blockSizes = unaligned;
    epilogue = onnxc::collapseBlockEpilogue(rewriter, *epilogue);
  }
  FailureOr<Tiled> block =
      tile(rewriter, op, blockSizes, blockOrder(op, dims),
           scf::SCFTilingOptions::LoopType::ForallOp, /*fuseInit=*/true);
  if (failed(block))
    return failure();
  if (epilogue && !block->loops.empty())
    (void)onnxc::fuseBlockEpilogue(
        rewriter, cast<scf::ForallOp>(block->loops.front().getOperation()),
        *epilogue);
  FailureOr<Tiled> cacheTile =
      tile(rewriter, block->op, sizesByLoop(numLoops, dims, {0, 0, 0, chunk}),
           order);
  if (failed(cacheTile))
    return failure();
  auto [fullRows, lastRows] =
      splitOffRemainder(rewriter, cacheTile->op, dims.m[0], registers.m);
  if (!fullRows && !lastRows)
    return failure();
  if (fullRows &&
      failed(tileIntoRegisterTiles(rewriter, fullRows, dims, registers)))
    return failure();
  if (!lastRows)
    return success();
  int64_t rows = lastRows.getStaticLoopRanges()[dims.m[0]];
  RoleSizes last = registersForLastRows(rows, registers, lanes);
  last.batch = registers.batch;
  return tileIntoRegisterTiles(rewriter, lastRows, dims, last);
}

/// Rewrites a product with one column, W[M, K] x[K] (a 1x1 convolution of
/// a pooled [N, C, 1, 1] vector, a squeeze-and-excitation's, whose filters
/// are no whole number of panels), without that column's loop, left as a
/// generic: its register tiles would be one element wide (scalar FMAs,
/// EfficientNet-B0's squeeze convolutions), where `onnx-vectorize-elementwise`
/// computes each output element as a dot product of vectors along K, which
/// both operands read contiguously.
bool dropSingleColumn(RewriterBase &rewriter, linalg::LinalgOp op,
                      const linalg::ContractionDimensions &dims,
                      int64_t lanes) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned column = dims.n[0], k = dims.k[0];
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || ranges[column] != 1 || ShapedType::isDynamic(ranges[k]) ||
      ranges[k] < lanes || k != op.getNumLoops() - 1)
    return false;
  // K must then be each input's innermost dim.
  MLIRContext *context = op.getContext();
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    ArrayRef<AffineExpr> results = map.getResults();
    while (!results.empty() &&
           results.back() == getAffineDimExpr(column, context))
      results = results.drop_back();
    if (results.empty() || results.back() != getAffineDimExpr(k, context))
      return false;
  }
  rewriter.setInsertionPoint(op);
  linalg::ControlDropUnitDims control;
  control.rankReductionStrategy =
      linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
  control.controlFn = [column](Operation *) {
    return SmallVector<unsigned>{column};
  };
  FailureOr<linalg::DropUnitDimsResult> dropped =
      linalg::dropUnitDims(rewriter, generic, control);
  if (failed(dropped))
    return false;
  rewriter.replaceOp(generic, dropped->replacements);
  return true;
}

/// Splits a last register tile whose shape would vectorise badly: one of
/// dynamic extent into single rows (or columns), which have a static shape,
/// and one narrower than the register tile but wider than a vector (17 of 32
/// columns, say) into whole vectors and a peeled rest, rather than computed
/// with vectors of an odd width.
LogicalResult splitRemainder(RewriterBase &rewriter, linalg::LinalgOp op,
                             int64_t lanes) {
  std::optional<linalg::ContractionDimensions> dims = getMatmulDims(op);
  if (!dims)
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t rows = ranges[dims->m[0]], columns = ranges[dims->n[0]];
  RoleSizes sizes{0, 0, 0, 0};
  if (ShapedType::isDynamic(rows))
    sizes.m = 1;
  bool peel = false;
  if (ShapedType::isDynamic(columns)) {
    sizes.n = 1;
  } else if (columns > lanes && columns % lanes != 0) {
    sizes.n = lanes;
    peel = true;
  }
  if (sizes.m == 0 && sizes.n == 0)
    return failure();
  FailureOr<Tiled> split =
      tile(rewriter, op, sizesByLoop(op.getNumLoops(), *dims, sizes),
           loopOrder(op, *dims));
  if (failed(split))
    return failure();
  split->op->setAttr(kRegisterTile, rewriter.getUnitAttr());
  if (!peel)
    return success();
  onnxc::peelPartialSteps(rewriter, split->loops);
  return success();
}

/// The leading loops of a matrix product: (rows..., n, k), reading
/// A (rows..., k), B (k, n) and C (rows..., n).
SmallVector<AffineExpr> getRowDims(unsigned numRows, MLIRContext *context) {
  SmallVector<AffineExpr> rows;
  for (unsigned loop = 0; loop < numRows; ++loop)
    rows.push_back(getAffineDimExpr(loop, context));
  return rows;
}

/// Whether `op` is C[rows..., n] += A[rows..., k] B[k, n] with its loops in
/// that order: a matmul (one row loop) or a product of activations
/// [..., K] and a matrix.
bool isMatrixProduct(linalg::LinalgOp op) {
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3)
    return false;
  MLIRContext *context = op.getContext();
  unsigned numRows = numLoops - 2;
  SmallVector<AffineExpr> rows = getRowDims(numRows, context);
  AffineExpr n = getAffineDimExpr(numRows, context),
             k = getAffineDimExpr(numRows + 1, context);
  auto withLast = [&](AffineExpr last) {
    SmallVector<AffineExpr> exprs(rows);
    exprs.push_back(last);
    return AffineMap::get(numLoops, 0, exprs, context);
  };
  SmallVector<AffineMap> expected{withLast(k),
                                  AffineMap::get(numLoops, 0, {k, n}, context),
                                  withLast(n)};
  return op.getIndexingMapsArray() == expected;
}

/// Collapses the row loops of a product of activations [rows..., K] and a
/// matrix into one. Only the innermost row loop is tiled for registers and
/// the others are stepped through one at a time, so each of a Transformer's
/// sequences ([batch, sequence, K]) ended in a partial register tile of its
/// own, computed a row at a time when only the run knows the sequence's
/// length: 10 of the 74 rows of 2 sequences of 37 tokens, 2 once collapsed.
/// Returns the product, collapsed or not.
linalg::LinalgOp collapseRows(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || !isMatrixProduct(op) ||
      !linalg::isaContractionOpInterface(op))
    return op;
  int64_t numRows = op.getNumLoops() - 2;
  if (numRows < 2)
    return op;
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::CollapseResult> collapsed = linalg::collapseOpIterationDims(
      op, ReassociationIndices(llvm::to_vector(llvm::seq<int64_t>(0, numRows))),
      rewriter);
  if (failed(collapsed))
    return op;
  rewriter.replaceOp(op, collapsed->results);
  return collapsed->collapsedOp;
}

/// `weight` read in panels of `width` along its dim `wide`: [wide / width,
/// the other dims collapsed into one, width], by a transpose that
/// onnx-fold-constant-transposes folds into a new constant.
Value packInPanels(RewriterBase &rewriter, Location loc, Value weight,
                   int64_t wide, int64_t width) {
  auto type = cast<RankedTensorType>(weight.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> expandedShape;
  SmallVector<ReassociationIndices> split;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t first = expandedShape.size();
    if (dim == wide) {
      expandedShape.append({type.getDimSize(dim) / width, width});
      split.push_back({first, first + 1});
    } else {
      expandedShape.push_back(type.getDimSize(dim));
      split.push_back({first});
    }
  }
  Type element = type.getElementType();
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(expandedShape, element), weight,
      split);
  // [panel, the other dims..., column].
  SmallVector<int64_t> permutation{wide};
  for (int64_t dim = 0; dim <= rank; ++dim)
    if (dim != wide && dim != wide + 1)
      permutation.push_back(dim);
  permutation.push_back(wide + 1);
  SmallVector<int64_t> packedShape;
  for (int64_t dim : permutation)
    packedShape.push_back(expandedShape[dim]);
  Value packed =
      linalg::TransposeOp::create(
          rewriter, loc, expanded,
          tensor::EmptyOp::create(rewriter, loc, packedShape, element),
          permutation)
          .getResult()[0];
  if (rank == 2)
    return packed;
  ReassociationIndices others;
  for (int64_t dim = 1; dim < rank; ++dim)
    others.push_back(dim);
  return tensor::CollapseShapeOp::create(
      rewriter, loc, packed,
      SmallVector<ReassociationIndices>{{0}, others, {rank}});
}

/// Splits result `position` of `init` into [size / width, width].
Value splitIntoPanels(RewriterBase &rewriter, Location loc, Value init,
                      unsigned position, int64_t width,
                      SmallVector<ReassociationIndices> &reassociation) {
  auto type = cast<RankedTensorType>(init.getType());
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  reassociation.clear();
  for (unsigned dim = 0; dim < type.getRank(); ++dim) {
    int64_t first = shape.size();
    if (dim == position) {
      shape.append({type.getDimSize(dim) / width, width});
      sizes.append({rewriter.getIndexAttr(type.getDimSize(dim) / width),
                    rewriter.getIndexAttr(width)});
      reassociation.push_back({first, first + 1});
      continue;
    }
    shape.push_back(type.getDimSize(dim));
    sizes.push_back(tensor::getMixedSize(rewriter, loc, init, dim));
    reassociation.push_back({first});
  }
  return tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(shape, type.getElementType()), init,
      reassociation, sizes);
}

/// A sum of products `out += lhs * rhs` over `maps` (lhs, rhs, out).
Value buildProduct(RewriterBase &rewriter, Location loc, Value lhs, Value rhs,
                   Value init, ArrayRef<AffineMap> maps, unsigned numLoops,
                   ArrayRef<unsigned> reductionLoops) {
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  for (unsigned loop : reductionLoops)
    iterators[loop] = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
             ValueRange{init}, maps, iterators,
             [](OpBuilder &b, Location l, ValueRange args) {
               Value term = arith::MulFOp::create(b, l, args[0], args[1]);
               linalg::YieldOp::create(
                   b, l, ValueRange{arith::AddFOp::create(b, l, args[2], term)});
             })
      .getResult(0);
}

/// Whether `value` is a float constant of static shape and element type
/// `element`.
bool isConstantOf(Value value, Type element) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getElementType() == element &&
         matchPattern(value, m_Constant());
}

/// Rewrites a product of activations [..., K] (any number of leading row
/// dims: a Transformer's [batch, sequence, K]) and a weight [K, N] to read
/// the weight packed in panels of `width` columns, [N / width, K, width],
/// the panel a batch loop of the contraction; onnx-fold-constant-transposes
/// then packs the constant. In [K, N] a register tile's rows of B lie N
/// elements apart, a page or more for a Transformer's 3072 columns, so that
/// every step of the reduction loaded from another page; in a panel they
/// are `width` apart (a 128x768x3072 product: 7.4 -> 6.0 ms).
bool packWeightColumns(RewriterBase &rewriter, linalg::LinalgOp op,
                       int64_t width) {
  if (!op.hasPureTensorSemantics() || op.getNumReductionLoops() != 1 ||
      !isMatrixProduct(op) || !linalg::isaContractionOpInterface(op))
    return false;
  unsigned numLoops = op.getNumLoops();
  unsigned numRows = numLoops - 2;
  MLIRContext *context = rewriter.getContext();
  SmallVector<AffineExpr> rows = getRowDims(numRows, context);
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  Type element = getElementTypeOrSelf(init.getType());
  if (!isa<FloatType>(element) || !isConstantOf(rhs, element) ||
      getElementTypeOrSelf(lhs.getType()) != element)
    return false;
  int64_t columns = cast<RankedTensorType>(rhs.getType()).getDimSize(1);
  if (columns / width < 2)
    return false;
  // The columns beyond the last whole panel (8 of a classifier's 1000) are
  // a product of their own, with the weight as it is. Not when only the run
  // knows the rows: the second product's slices of dynamic size made
  // bufferizing ResNet-18 with a dynamic batch 6 s (12%) slower, for its
  // classifier's 0.3% of the run.
  if (columns % width != 0 &&
      ShapedType::isDynamicShape(op.getStaticLoopRanges()))
    return false;
  op = splitOffRemainder(rewriter, op, /*loop=*/numRows, width).first;
  lhs = op.getDpsInputs()[0];
  rhs = op.getDpsInputs()[1];
  init = op.getDpsInits()[0];

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value packed = packInPanels(rewriter, loc, rhs, /*wide=*/1, width);
  // C [rows..., N] as [rows..., N / width, width].
  SmallVector<ReassociationIndices> splitLast;
  Value panelInit =
      splitIntoPanels(rewriter, loc, init, numRows, width, splitLast);

  // Loops (rows..., panel, column, k).
  AffineExpr panel = rewriter.getAffineDimExpr(numRows),
             column = rewriter.getAffineDimExpr(numRows + 1),
             r = rewriter.getAffineDimExpr(numRows + 2);
  SmallVector<AffineExpr> lhsExprs(rows), outExprs(rows);
  lhsExprs.push_back(r);
  outExprs.append({panel, column});
  SmallVector<AffineMap> maps{
      AffineMap::get(numLoops + 1, 0, lhsExprs, context),
      AffineMap::get(numLoops + 1, 0, {panel, r, column}, context),
      AffineMap::get(numLoops + 1, 0, outExprs, context)};
  Value product = buildProduct(rewriter, loc, lhs, packed, panelInit, maps,
                               numLoops + 1, {numLoops});
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, init.getType(),
                                                       product, splitLast);
  return true;
}

/// Rewrites a product whose left-hand operand is a weight [M, K] read as
/// (f, k) (a convolution's filters times its patches [K, pixels]) to compute
/// the transposed product: the activations become the left-hand operand,
/// whose M loop (the pixels) the register tile's rows step along, and the
/// weight, packed in panels of `width` rows [M / width, K, width], the
/// right-hand one, read a vector at a time. The filters' K elements of a
/// row were `K` apart and the patches' `pixels` apart; a panel's are
/// contiguous, and the rows of a register tile are consecutive pixels. A
/// 7x7 image's 49 pixels were also a poor width for vectors (32 + 16 + one
/// column computed with scalars) but fill 6 tiles of 8 rows and one more.
/// A weight seen through a collapse of its trailing dims (a convolution's
/// [F, C, KH, KW] as [F, C*KH*KW]) is packed from the uncollapsed tensor.
/// `tileRows` is the number of rows of a register tile.
bool packWeightRows(RewriterBase &rewriter, linalg::LinalgOp op, int64_t width,
                    int64_t tileRows) {
  if (!op.hasPureTensorSemantics() || op.getNumReductionLoops() != 1 ||
      !linalg::isaContractionOpInterface(op) || op.getNumDpsInputs() != 2)
    return false;
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  Type element = getElementTypeOrSelf(init.getType());
  if (!isa<FloatType>(element) || !isa<linalg::GenericOp>(op) ||
      getElementTypeOrSelf(rhs.getType()) != element)
    return false;
  Value weight = lhs;
  if (auto collapse = lhs.getDefiningOp<tensor::CollapseShapeOp>();
      collapse && collapse.getReassociationIndices().front().size() == 1)
    weight = collapse.getSrc();
  if (!isConstantOf(weight, element))
    return false;
  int64_t rows = cast<RankedTensorType>(lhs.getType()).getDimSize(0);
  if (rows % width != 0)
    return false;

  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned numLoops = op.getNumLoops();
  if (maps[0].getNumResults() != 2)
    return false;
  auto f = dyn_cast<AffineDimExpr>(maps[0].getResult(0));
  auto k = dyn_cast<AffineDimExpr>(maps[0].getResult(1));
  if (!f || !k || !maps[2].isProjectedPermutation() ||
      maps[1].isFunctionOfDim(f.getPosition()) ||
      op.getIteratorTypesArray()[k.getPosition()] !=
          utils::IteratorType::reduction)
    return false;
  std::optional<unsigned> position = maps[2].getResultPosition(f);
  if (!position)
    return false;
  // A large image with a short reduction keeps its filters as the rows:
  // the register tile's vectors are then consecutive pixels, loaded and
  // stored whole, where a transposed tile is transposed in registers around
  // a reduction too short to pay for it, and stored a few pixels per filter.
  // MobileNetV2's convolutions of 112x112 images with K = 16 and 27 ran
  // 1.3-1.5x faster so, 1x1 ones of 56x56 and 55x55 images with K = 16 to
  // 256 4-35% faster (ResNet-50's bottlenecks, SqueezeNet's expansions) and
  // ResNet-18's first (112x112, K = 147) 7%; a 3x3 one of a 56x56 image
  // (K = 576) 1.5% slower. So does an image whose pixels are no whole
  // number of `tileRows` (a 14x14 or 27x27 one): transposed, it ends in a
  // tile of fewer rows, at any K (1x1 and 3x3 convolutions of 14x14, 13x13
  // and 27x27 images as fast or up to 23% faster so; 28x28 and 7x7 ones
  // 7-17% slower, and a 7x7 image's pixels are too few for vectors).
  constexpr int64_t kMinPixelsAsColumns = 2048, kMaxReductionAsColumns = 256,
                    kMinRaggedPixelsAsColumns = 128;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (auto pixels = dyn_cast<AffineDimExpr>(maps[1].getResults().back());
      pixels && pixels != k) {
    int64_t extent = ranges[pixels.getPosition()];
    int64_t reduction = ranges[k.getPosition()];
    bool shortReduction = !ShapedType::isDynamic(reduction) &&
                          reduction <= kMaxReductionAsColumns;
    if (!ShapedType::isDynamic(extent) &&
        ((extent >= kMinPixelsAsColumns && shortReduction) ||
         (extent >= kMinRaggedPixelsAsColumns && extent % tileRows != 0)))
      return false;
  }

  // Loops: f becomes (panel, column); the loops after it move up by one.
  MLIRContext *context = rewriter.getContext();
  unsigned fLoop = f.getPosition();
  SmallVector<AffineExpr> renumbered;
  for (unsigned loop = 0; loop < numLoops; ++loop)
    renumbered.push_back(
        getAffineDimExpr(loop < fLoop ? loop : loop + 1, context));
  AffineExpr panel = getAffineDimExpr(fLoop, context),
             column = getAffineDimExpr(fLoop + 1, context);
  AffineMap activations =
      maps[1].replaceDimsAndSymbols(renumbered, {}, numLoops + 1, 0);
  SmallVector<AffineExpr> outExprs;
  for (AffineExpr expr : maps[2].getResults()) {
    if (expr == f) {
      outExprs.append({panel, column});
      continue;
    }
    outExprs.push_back(expr.replaceDims(renumbered));
  }

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value packed = packInPanels(rewriter, loc, weight, /*wide=*/0, width);
  SmallVector<ReassociationIndices> splitRows;
  Value panelInit =
      splitIntoPanels(rewriter, loc, init, *position, width, splitRows);
  SmallVector<AffineMap> newMaps{
      activations,
      AffineMap::get(numLoops + 1, 0,
                     {panel, k.replaceDims(renumbered), column}, context),
      AffineMap::get(numLoops + 1, 0, outExprs, context)};
  unsigned kLoop = k.getPosition() < fLoop ? k.getPosition()
                                           : k.getPosition() + 1;
  Value product = buildProduct(rewriter, loc, rhs, packed, panelInit, newMaps,
                               numLoops + 1, {kLoop});
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, init.getType(),
                                                       product, splitRows);
  return true;
}

/// A window product's maps of its filter panels and of its output.
AffineMap getFilterPanelsMap(MLIRContext *context) {
  using namespace window;
  auto loop = [&](unsigned d) { return getAffineDimExpr(d, context); };
  return AffineMap::get(
      NumLoops, 0,
      {loop(Panel), loop(Channel), loop(TapRow), loop(TapColumn), loop(Column)},
      context);
}

AffineMap getWindowOutputMap(MLIRContext *context) {
  using namespace window;
  auto loop = [&](unsigned d) { return getAffineDimExpr(d, context); };
  return AffineMap::get(
      NumLoops, 0,
      {loop(Image), loop(Panel), loop(Column), loop(Row), loop(Pixel)},
      context);
}

/// The coefficient of loop `dim` in `expr`, a sum of loops times constants.
int64_t getCoefficient(AffineExpr expr, unsigned dim, unsigned numDims) {
  MLIRContext *context = expr.getContext();
  SmallVector<AffineExpr> only;
  for (unsigned d = 0; d < numDims; ++d)
    only.push_back(getAffineConstantExpr(d == dim ? 1 : 0, context));
  return cast<AffineConstantExpr>(
             simplifyAffineExpr(expr.replaceDims(only), numDims, 0))
      .getValue();
}

/// The roles of a window product's loops: its images, output rows and
/// panels are stepped through like batch loops; the pixels of a row are
/// the register tiles' rows, the columns of a panel their vectors, and the
/// channels and taps the reduction.
std::optional<linalg::ContractionDimensions>
getWindowProductDims(linalg::LinalgOp op) {
  using namespace window;
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || !op.hasPureTensorSemantics() ||
      op.getNumLoops() != NumLoops || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return std::nullopt;
  MLIRContext *context = op.getContext();
  auto loop = [&](unsigned d) { return getAffineDimExpr(d, context); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[1] != getFilterPanelsMap(context) ||
      maps[2] != getWindowOutputMap(context) || maps[0].getNumResults() != 4 ||
      maps[0].getResult(0) != loop(Image) ||
      maps[0].getResult(1) != loop(Channel))
    return std::nullopt;
  auto onlyOf = [&](AffineExpr expr, unsigned a, unsigned b) {
    for (unsigned d = 0; d < NumLoops; ++d)
      if (expr.isFunctionOfDim(d) != (d == a || d == b))
        return false;
    return true;
  };
  if (!onlyOf(maps[0].getResult(2), Row, TapRow) ||
      !onlyOf(maps[0].getResult(3), Pixel, TapColumn))
    return std::nullopt;
  linalg::ContractionDimensions dims;
  dims.batch = {Image, Row, Panel};
  dims.m = {Pixel};
  dims.n = {Column};
  dims.k = {Channel, TapRow, TapColumn};
  return dims;
}

/// Rewrites a convolution that onnx-convolutions-as-matmuls left as it is
/// (its output rows fill register tiles) as a product that reads its
/// image's windows directly, with its filters packed in panels of `width`,
/// [F / width, C, KH, KW, width]: a register tile holds pixels of one output
/// row times a panel's filters, and each step of its reduction (a channel
/// and tap) broadcasts the tile's pixels from the image, as it would have
/// broadcast them from a patch matrix, which is neither written nor read.
bool packFilterPanels(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
                      int64_t width, int64_t tileRows) {
  using namespace window;
  Value image = conv.getInputs()[0], filters = conv.getInputs()[1];
  Value init = conv.getOutputs()[0];
  auto filterType = cast<RankedTensorType>(filters.getType());
  Type element = filterType.getElementType();
  if (!conv.hasPureTensorSemantics() || !isa<FloatType>(element) ||
      getElementTypeOrSelf(image.getType()) != element ||
      getElementTypeOrSelf(init.getType()) != element ||
      !onnxc::isDirectConvolution(conv.getStaticLoopRanges(), width, tileRows))
    return false;
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  SmallVector<int64_t> panelShape = {
      filterType.getDimSize(0) / width, filterType.getDimSize(1),
      filterType.getDimSize(2), filterType.getDimSize(3), width};
  Value packed = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(panelShape, element),
      packInPanels(rewriter, loc, filters, /*wide=*/0, width),
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4}});
  SmallVector<ReassociationIndices> splitFilters;
  Value panelInit =
      splitIntoPanels(rewriter, loc, init, /*position=*/1, width, splitFilters);

  MLIRContext *context = rewriter.getContext();
  auto loop = [&](unsigned d) { return getAffineDimExpr(d, context); };
  SmallVector<int64_t> strides =
      llvm::to_vector(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations =
      llvm::to_vector(conv.getDilations().getValues<int64_t>());
  SmallVector<AffineMap> maps = {
      AffineMap::get(
          NumLoops, 0,
          {loop(Image), loop(Channel),
           loop(Row) * strides[0] + loop(TapRow) * dilations[0],
           loop(Pixel) * strides[1] + loop(TapColumn) * dilations[1]},
          context),
      getFilterPanelsMap(context), getWindowOutputMap(context)};
  Value product = buildProduct(rewriter, loc, image, packed, panelInit, maps,
                               NumLoops, {Channel, TapRow, TapColumn});
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(conv, init.getType(),
                                                       product, splitFilters);
  return true;
}

/// The step of a window product's register tile reads the tile's pixels, a
/// strided row of the image, as a slice of their own, indexed by the pixel
/// loop alone: the step is then a contraction of projected operands, which
/// vectorises like a product of patches.
void readWindowRow(RewriterBase &rewriter, linalg::GenericOp step) {
  using namespace window;
  AffineMap map = step.getIndexingMapsArray()[0];
  int64_t stride = getCoefficient(map.getResult(3), Pixel, NumLoops);
  int64_t pixels = step.getStaticLoopRanges()[Pixel];
  Value window = step.getDpsInputs()[0];
  rewriter.setInsertionPoint(step);
  Location loc = step.getLoc();
  SmallVector<OpFoldResult> zeros(4, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes(3, rewriter.getIndexAttr(1));
  sizes.push_back(rewriter.getIndexAttr(pixels));
  SmallVector<OpFoldResult> steps(3, rewriter.getIndexAttr(1));
  steps.push_back(rewriter.getIndexAttr(stride));
  Value row = tensor::ExtractSliceOp::create(rewriter, loc, window, zeros,
                                             sizes, steps);
  MLIRContext *context = rewriter.getContext();
  SmallVector<AffineMap> maps = step.getIndexingMapsArray();
  maps[0] = AffineMap::get(
      NumLoops, 0,
      {getAffineDimExpr(Image, context), getAffineDimExpr(Channel, context),
       getAffineDimExpr(Row, context), getAffineDimExpr(Pixel, context)},
      context);
  rewriter.modifyOpInPlace(step, [&] {
    step.getDpsInputOperand(0)->set(row);
    step.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
  });
}

/// Whether `value` is a strided slice, or a slice of one: a window row of a
/// convolution with a stride.
bool isStridedSlice(Value value) {
  while (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride())
      return true;
    value = slice.getSource();
  }
  return false;
}

/// Vectorises the reduction step of a register tile that is a contraction
/// with one loop per role but no plain matmul: its operands read in other
/// layouts (the pixels of a convolution's patches [K, pixels], an output
/// [N, M]). One vector.contract over the operands as they lie, except that
/// the accumulator is always held as M rows of N-wide vectors, transposed
/// after it is read and before it is written when the output is [N, M]
/// (CarryTransposed then moves the transposes out of the K loop): held as
/// laid out, each step would broadcast N scalars into M-wide vectors.
LogicalResult vectorizeAsContract(RewriterBase &rewriter, linalg::GenericOp op) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || !dims->batch.empty() || op.getNumLoops() != 3)
    return failure();
  Type element = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  for (Value operand : op->getOperands())
    if (getElementTypeOrSelf(operand.getType()) != element)
      return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!llvm::all_of(maps, [](AffineMap map) {
        return map.isProjectedPermutation();
      }))
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ShapedType::isDynamicShape(ranges))
    return failure();

  MLIRContext *context = op.getContext();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantOp::create(rewriter, loc, element,
                                         rewriter.getZeroAttr(element));
  Value origin = arith::ConstantIndexOp::create(rewriter, loc, 0);
  auto transfer = [&](Value tensor) {
    return SmallVector<Value>(cast<RankedTensorType>(tensor.getType()).getRank(),
                              origin);
  };
  SmallVector<Value> inputs;
  for (Value input : op.getDpsInputs()) {
    auto type = cast<RankedTensorType>(input.getType());
    if (isStridedSlice(input)) {
      SmallVector<Value> elements;
      for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
        SmallVector<Value> indices;
        for (int64_t index : delinearize(i, computeStrides(type.getShape())))
          indices.push_back(
              arith::ConstantIndexOp::create(rewriter, loc, index));
        elements.push_back(
            tensor::ExtractOp::create(rewriter, loc, input, indices));
      }
      inputs.push_back(vector::FromElementsOp::create(
          rewriter, loc, VectorType::get(type.getShape(), element), elements));
      continue;
    }
    SmallVector<bool> inBounds(type.getRank(), true);
    inputs.push_back(vector::TransferReadOp::create(
        rewriter, loc, VectorType::get(type.getShape(), element), input,
        transfer(input), zero,
        AffineMap::getMultiDimIdentityMap(type.getRank(), context), inBounds));
  }

  // The accumulator as (M, N), and the permutation from the output's order.
  unsigned m = dims->m[0], n = dims->n[0];
  AffineMap out = maps[2];
  Value init = op.getDpsInits()[0];
  auto initType = cast<RankedTensorType>(init.getType());
  SmallVector<bool> inBounds(2, true);
  Value acc = vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(initType.getShape(), element), init,
      transfer(init), zero,
      AffineMap::getMultiDimIdentityMap(2, context), inBounds);
  bool transposed = hasTransposedOutput(out, m, n);
  SmallVector<int64_t> rowsByColumns{1, 0};
  if (transposed)
    acc = vector::TransposeOp::create(rewriter, loc, acc, rowsByColumns);

  SmallVector<AffineMap> contractMaps{
      maps[0], maps[1],
      AffineMap::get(3, 0,
                     {getAffineDimExpr(m, context), getAffineDimExpr(n, context)},
                     context)};
  SmallVector<Attribute> iterators;
  for (utils::IteratorType iterator : op.getIteratorTypesArray())
    iterators.push_back(vector::IteratorTypeAttr::get(
        context, iterator == utils::IteratorType::reduction
                     ? vector::IteratorType::reduction
                     : vector::IteratorType::parallel));
  Value result = vector::ContractionOp::create(
      rewriter, loc, inputs[0], inputs[1], acc,
      rewriter.getAffineMapArrayAttr(contractMaps),
      rewriter.getArrayAttr(iterators));
  if (transposed)
    result = vector::TransposeOp::create(rewriter, loc, result, rowsByColumns);
  rewriter.replaceOp(op, vector::TransferWriteOp::create(
                             rewriter, loc, result, init, transfer(init),
                             AffineMap::getMultiDimIdentityMap(2, context),
                             inBounds)
                             ->getResults());
  return success();
}

/// A vector that a loop carries in one layout while each iteration
/// transposes it on entry and back before it yields it (the accumulator of
/// a register tile whose output is [N, M]) is carried transposed instead:
/// transposed once before the loop and once after it.
struct CarryTransposed : OpRewritePattern<scf::ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(scf::ForOp loop,
                                PatternRewriter &rewriter) const override {
    auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
    for (unsigned index = 0; index < loop.getNumRegionIterArgs(); ++index) {
      BlockArgument arg = loop.getRegionIterArgs()[index];
      if (!arg.hasOneUse())
        continue;
      auto entry = dyn_cast<vector::TransposeOp>(*arg.getUsers().begin());
      auto exit =
          yield.getOperand(index).getDefiningOp<vector::TransposeOp>();
      if (!entry || !exit || !exit->hasOneUse() ||
          exit.getPermutation() != entry.getPermutation() ||
          entry.getPermutation().size() != 2)
        continue;
      Location loc = loop.getLoc();
      rewriter.setInsertionPoint(loop);
      Value init = vector::TransposeOp::create(
          rewriter, loc, loop.getInitArgs()[index], entry.getPermutation());
      Value carried = exit.getVector();
      rewriter.modifyOpInPlace(loop, [&] {
        loop.getInitArgsMutable()[index].set(init);
        arg.setType(init.getType());
        loop.getResult(index).setType(init.getType());
      });
      rewriter.replaceAllUsesWith(entry.getResult(), arg);
      rewriter.eraseOp(entry);
      rewriter.modifyOpInPlace(yield,
                               [&] { yield->setOperand(index, carried); });
      rewriter.eraseOp(exit);
      rewriter.setInsertionPointAfter(loop);
      auto after = vector::TransposeOp::create(
          rewriter, loc, loop.getResult(index), entry.getPermutation());
      rewriter.replaceAllUsesExcept(loop.getResult(index), after.getResult(),
                                    after);
      return success();
    }
    return failure();
  }
};

/// Steps a register tile of static shape through its reduction one element
/// at a time, each step a vector.contract of the whole tile.
LogicalResult vectorizeRegisterTile(RewriterBase &rewriter,
                                    linalg::LinalgOp op) {
  // The reduction is stepped through, so only its extent may be dynamic.
  std::optional<linalg::ContractionDimensions> dims = getMatmulDims(op);
  if (!dims)
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (auto [loop, range] : llvm::enumerate(ranges))
    if (loop != dims->k[0] && ShapedType::isDynamic(range))
      return failure();
  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> order = loopOrder(op, *dims);
  // Before tiling, which erases `op`.
  bool windows = getWindowProductDims(op).has_value();
  FailureOr<Tiled> step = tile(rewriter, op,
                               sizesByLoop(numLoops, *dims, {0, 0, 0, 1}), order);
  if (failed(step))
    return failure();
  linalg::LinalgOp stepOp = step->op;
  if (windows)
    readWindowRow(rewriter, cast<linalg::GenericOp>(stepOp.getOperation()));

  // The batch loops of a register tile have one iteration; without them the
  // step is a plain matrix product, which vectorises to a vector.contract
  // that lowers to outer products. So do a window product's taps, whose
  // step is then one channel's.
  if (!dims->batch.empty()) {
    rewriter.setInsertionPoint(stepOp);
    FailureOr<linalg::GenericOp> generic =
        isa<linalg::GenericOp>(stepOp)
            ? FailureOr<linalg::GenericOp>(cast<linalg::GenericOp>(stepOp))
            : linalg::generalizeNamedOp(rewriter, stepOp);
    if (failed(generic))
      return failure();
    linalg::ControlDropUnitDims control;
    control.rankReductionStrategy = linalg::ControlDropUnitDims::
        RankReductionStrategy::ExtractInsertSlice;
    SmallVector<unsigned> batch(dims->batch.begin(), dims->batch.end());
    if (windows)
      batch.append(std::next(dims->k.begin()), dims->k.end());
    control.controlFn = [batch](Operation *) { return batch; };
    FailureOr<linalg::DropUnitDimsResult> dropped =
        linalg::dropUnitDims(rewriter, *generic, control);
    if (failed(dropped))
      return failure();
    rewriter.replaceOp(*generic, dropped->replacements);
    // As linalg.matmul, the step vectorises to a vector.contract. Other
    // layouts of the step (A read as [K, M] from an einsum's operand) stay a
    // generic, which the generic lowering handles: upstream specialises
    // them to a matmul with M and K swapped.
    auto droppedGeneric = cast<linalg::GenericOp>(dropped->resultOp);
    if (!isMatrixProduct(droppedGeneric))
      return vectorizeAsContract(rewriter, droppedGeneric);
    rewriter.setInsertionPoint(droppedGeneric);
    FailureOr<linalg::LinalgOp> matmul =
        linalg::specializeGenericOp(rewriter, droppedGeneric);
    if (failed(matmul))
      return failure();
    stepOp = *matmul;
  }

  SmallVector<int64_t> vectorSizes = stepOp.getStaticLoopRanges();
  SmallVector<bool> scalable(vectorSizes.size(), false);
  rewriter.setInsertionPoint(stepOp);
  FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
      rewriter, stepOp, vectorSizes, scalable,
      /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
      /*assumeDynamicDimsMatchVecSizes=*/false,
      /*createNamedContraction=*/true);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(stepOp, vectorized->replacements);
  return success();
}

struct TileContractionsPass
    : onnxc::impl::TileContractionsPassBase<TileContractionsPass> {
  using TileContractionsPassBase::TileContractionsPassBase;

  SmallVector<linalg::LinalgOp> collectRegisterTiles() {
    SmallVector<linalg::LinalgOp> tiles;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kRegisterTile))
        tiles.push_back(op);
    });
    return tiles;
  }

  void runOnOperation() override {
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 4);
    RoleSizes registers{0, registerRows, 2 * lanes, 1};
    RoleSizes cache{1, cacheM, cacheN, cacheK};

    IRRewriter rewriter(&getContext());
    SmallVector<linalg::Conv2DNchwFchwOp> convolutions;
    getOperation()->walk(
        [&](linalg::Conv2DNchwFchwOp conv) { convolutions.push_back(conv); });
    for (linalg::Conv2DNchwFchwOp conv : convolutions)
      packFilterPanels(rewriter, conv, 2 * lanes, registers.m);
    // As wide as the widest register tile, that of a matrix-vector product.
    SmallVector<linalg::LinalgOp> products;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (getMatmulDims(op))
        products.push_back(op);
    });
    for (linalg::LinalgOp op : products) {
      linalg::LinalgOp product = collapseRows(rewriter, op);
      if (!packWeightColumns(rewriter, product, 2 * lanes))
        packWeightRows(rewriter, product, 2 * lanes, registers.m);
    }
    RewritePatternSet reshapes(&getContext());
    reshapes.add<BroadcastBeforeReshape<tensor::CollapseShapeOp>,
                 BroadcastBeforeReshape<tensor::ExpandShapeOp>>(&getContext());
    canonicalize(getOperation(), std::move(reshapes));

    SmallVector<std::pair<linalg::LinalgOp, linalg::ContractionDimensions>>
        contractions;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (std::optional<linalg::ContractionDimensions> dims = getMatmulDims(op))
        contractions.emplace_back(op, *dims);
    });
    // A contraction that cannot be tiled or vectorised keeps its linalg
    // form, which the generic lowering to loops handles.
    for (auto &[op, dims] : contractions)
      if (!dropSingleColumn(rewriter, op, dims, lanes))
        (void)tileForRegisters(rewriter, op, dims, cache, registers, lanes);

    // Peeled loops have constant trip extents: their tiles get static shapes.
    canonicalize(getOperation(), RewritePatternSet(&getContext()));

    for (linalg::LinalgOp op : collectRegisterTiles())
      (void)splitRemainder(rewriter, op, lanes);
    canonicalize(getOperation(), RewritePatternSet(&getContext()));

    for (linalg::LinalgOp op : collectRegisterTiles()) {
      op->removeAttr(kRegisterTile);
      (void)vectorizeRegisterTile(rewriter, op);
    }

    // Folds the slices of the register tile into the transfers that read
    // and write it, so that the transfers of the accumulator become loop
    // invariant subsets of the reduction loop.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
    canonicalize(getOperation(), std::move(patterns));

    // The accumulator is then read before the reduction loop and written
    // after it, and stays in registers across the loop.
    getOperation()->walk(
        [&](scf::ForOp loop) { hoistLoopInvariantSubsets(rewriter, loop); });

    // Each reduction step as outer products: broadcasts and FMAs of whole
    // rows of the accumulator.
    RewritePatternSet lowering(&getContext());
    vector::populateVectorContractLoweringPatterns(
        lowering, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(lowering);
    // Drops the tensors that hoisting left unused in the loops.
    scf::ForOp::getCanonicalizationPatterns(lowering, &getContext());
    lowering.add<CarryTransposed>(&getContext());
    (void)applyPatternsGreedily(getOperation(), std::move(lowering));
  }
};

} // namespace
