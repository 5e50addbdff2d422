//===- VectorizeElementwise.cpp - Elementwise ops as vector code ----------===//
//
// Runs on buffers: tiling on tensors multiplies the slices that bufferization
// must analyse, which for a Transformer took it from seconds to minutes.
// An elementwise linalg op (all loops parallel) is first collapsed so that
// its innermost loop is as long as the operands allow (an NCHW activation
// becomes one loop over C*H*W; a bias broadcast over H and W keeps C apart),
// then tiled into vector-wide steps of that loop, the last step peeled off
// with its own static width, and each step vectorised. Left to LLVM, the same
// loops run one element at a time as soon as they call a math function or
// index through a broadcast.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "Canonicalize.h"
#include "PeelTiles.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include "llvm/ADT/TypeSwitch.h"

namespace onnxc {
#define GEN_PASS_DEF_VECTORIZEELEMENTWISEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;
using onnxc::canonicalize;

namespace {

/// Marks the vector-wide steps until they are vectorised.
constexpr StringLiteral kVectorStep = "onnxc.vector_step";

bool isElementwise(linalg::GenericOp op) {
  return op.hasPureBufferSemantics() && op.getNumLoops() > 0 &&
         op.getNumParallelLoops() == op.getNumLoops() &&
         llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation(/*allowZeroInResults=*/true);
         });
}

/// Reads an operand indexed by constant zeros in some dimensions (a
/// [N, C, 1, 1] scale broadcast over [N, C, H, W]) through a view without
/// those dimensions, so that every indexing map is a projected permutation,
/// which collapsing and vectorisation require.
void dropConstantIndices(RewriterBase &rewriter, linalg::GenericOp op) {
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool changed = false;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = maps[operand.getOperandNumber()];
    if (map.isProjectedPermutation())
      continue;
    auto type = cast<MemRefType>(operand.get().getType());
    SmallVector<AffineExpr> kept;
    SmallVector<OpFoldResult> sizes;
    rewriter.setInsertionPoint(op);
    for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
      bool isConstant = isa<AffineConstantExpr>(expr);
      if (!isConstant)
        kept.push_back(expr);
      sizes.push_back(isConstant ? rewriter.getIndexAttr(1)
                                 : memref::getMixedSize(rewriter, op.getLoc(),
                                                        operand.get(), dim));
    }
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> steps(type.getRank(), rewriter.getIndexAttr(1));
    SmallVector<int64_t> keptShape;
    for (auto [size, expr] : llvm::zip(sizes, map.getResults()))
      if (!isa<AffineConstantExpr>(expr))
        keptShape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
    auto viewType = memref::SubViewOp::inferRankReducedResultType(
        keptShape, type, offsets, sizes, steps);
    Value view = memref::SubViewOp::create(rewriter, op.getLoc(), viewType,
                                           operand.get(), offsets, sizes, steps);
    rewriter.modifyOpInPlace(op, [&] { operand.set(view); });
    maps[operand.getOperandNumber()] =
        AffineMap::get(map.getNumDims(), 0, kept, op.getContext());
    changed = true;
  }
  if (changed)
    rewriter.modifyOpInPlace(op, [&] {
      op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    });
}

/// The loop whose index `index` is: that loop's linalg.index, or one
/// clamped to the last index of a size that is the loop's extent,
/// `min(i, size - 1)`. The lowering of a broadcast that only the run can
/// decide reads its operand so; bufferized, both sizes are often the same
/// value (a GELU's operands all sized by the matmul before it).
std::optional<unsigned> getLoopOfIndex(Value index,
                                       ArrayRef<OpFoldResult> loopSizes) {
  if (auto loop = index.getDefiningOp<linalg::IndexOp>())
    return loop.getDim();
  auto clamp = index.getDefiningOp<arith::MinUIOp>();
  if (!clamp)
    return std::nullopt;
  auto loop = clamp.getLhs().getDefiningOp<linalg::IndexOp>();
  auto last = clamp.getRhs().getDefiningOp<arith::SubIOp>();
  if (!loop || !last || !isOneInteger(getAsOpFoldResult(last.getRhs())) ||
      !isEqualConstantIntOrValue(getAsOpFoldResult(last.getLhs()),
                                 loopSizes[loop.getDim()]))
    return std::nullopt;
  return loop.getDim();
}

/// Loads in the body of `op` from a buffer defined outside it, at the
/// indices of distinct loops (or 0 in a dimension of size 1), become
/// operands of the op read through the matching indexing map: vectorised,
/// they are contiguous loads instead of gathers, and their stores scatters.
void readLoadsAsOperands(RewriterBase &rewriter, linalg::GenericOp op) {
  Block *body = op.getBody();
  SmallVector<std::pair<memref::LoadOp, AffineMap>> reads;
  SmallVector<OpFoldResult> loopSizes;
  for (auto load : body->getOps<memref::LoadOp>()) {
    if (load.getMemRef().getParentBlock() == body)
      continue;
    if (loopSizes.empty()) {
      rewriter.setInsertionPoint(op);
      for (Range range : cast<linalg::LinalgOp>(op.getOperation())
                             .createLoopRanges(rewriter, op.getLoc()))
        loopSizes.push_back(range.size);
    }
    MemRefType type = load.getMemRefType();
    SmallVector<AffineExpr> exprs;
    llvm::SmallBitVector used(op.getNumLoops());
    for (auto [dim, index] : llvm::enumerate(load.getIndices())) {
      if (isZeroInteger(getAsOpFoldResult(index)) &&
          type.getDimSize(dim) == 1) {
        exprs.push_back(rewriter.getAffineConstantExpr(0));
        continue;
      }
      std::optional<unsigned> loop = getLoopOfIndex(index, loopSizes);
      if (!loop || used.test(*loop))
        break;
      used.set(*loop);
      exprs.push_back(rewriter.getAffineDimExpr(*loop));
    }
    if (exprs.size() != load.getIndices().size())
      continue;
    reads.emplace_back(load, AffineMap::get(op.getNumLoops(), 0, exprs,
                                            op.getContext()));
  }
  if (reads.empty())
    return;

  SmallVector<Value> inputs(op.getDpsInputs());
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands())
    maps.push_back(op.getMatchingIndexingMap(input));
  for (auto [load, map] : reads) {
    inputs.push_back(load.getMemRef());
    maps.push_back(map);
  }
  for (OpOperand &init : op.getDpsInitsMutable())
    maps.push_back(op.getMatchingIndexingMap(&init));
  rewriter.setInsertionPoint(op);
  auto read = linalg::GenericOp::create(
      rewriter, op.getLoc(), TypeRange{}, inputs, op.getDpsInits(), maps,
      op.getIteratorTypesArray());
  rewriter.inlineRegionBefore(op.getRegion(), read.getRegion(),
                              read.getRegion().begin());
  unsigned position = op.getNumDpsInputs();
  for (auto [load, map] : reads) {
    BlockArgument element =
        body->insertArgument(position++, load.getType(), load.getLoc());
    rewriter.replaceOp(load, element);
  }
  rewriter.eraseOp(op);
}

/// Lanes of the widest element type the op touches; 0 when an operand's
/// elements are not whole bytes (a vector of i1 is packed into bits, while a
/// buffer of i1 holds one byte per element).
int64_t getLanes(linalg::GenericOp op, int64_t vectorBits) {
  unsigned widest = 8;
  for (Value operand : op->getOperands()) {
    Type element = getElementTypeOrSelf(operand.getType());
    if (!element.isIntOrIndexOrFloat() ||
        (!element.isIndex() && element.getIntOrFloatBitWidth() % 8 != 0))
      return 0;
    widest = std::max(widest, element.isIndex() ? 64u
                                                : element.getIntOrFloatBitWidth());
  }
  return std::max<int64_t>(vectorBits / widest, 1);
}

/// Collapses the longest run of innermost loops, from `lowest` on, that every
/// operand reads contiguously into one loop.
linalg::GenericOp collapseInnerLoops(RewriterBase &rewriter,
                                     linalg::GenericOp op,
                                     unsigned lowest = 0) {
  // The body's indices would be recomputed from the collapsed one by a
  // division per loop and element (a broadcast decided at run time reads
  // its operands at such indices).
  if (op.hasIndexSemantics())
    return op;
  unsigned numLoops = op.getNumLoops();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned first = numLoops - 1;
  while (first > lowest) {
    ReassociationIndices run =
        llvm::to_vector(llvm::seq<int64_t>(first - 1, numLoops));
    if (!linalg::areDimSequencesPreserved(maps, {run}))
      break;
    --first;
  }
  if (first == numLoops - 1)
    return op;
  SmallVector<ReassociationIndices> groups;
  for (unsigned loop = 0; loop < first; ++loop)
    groups.push_back({loop});
  groups.push_back(llvm::to_vector(llvm::seq<int64_t>(first, numLoops)));
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(op, groups, rewriter);
  if (failed(collapsed))
    return op;
  rewriter.eraseOp(op);
  return cast<linalg::GenericOp>(collapsed->collapsedOp.getOperation());
}

/// Elementwise ops smaller than this are not worth waking other threads for.
constexpr int64_t kParallelElements = 1 << 14;

/// Turns `loop`, whose iterations are independent, into an scf.parallel
/// (which onnx-parallelize hands to the runtime's thread pool).
void runInParallel(RewriterBase &rewriter, scf::ForOp loop) {
  if (loop.getNumRegionIterArgs() != 0)
    return;
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = parallel.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.mergeBlocks(loop.getBody(), body, parallel.getInductionVars());
  rewriter.setInsertionPoint(body->getTerminator());
  rewriter.replaceOpWithNewOp<scf::ReduceOp>(body->getTerminator());
  rewriter.eraseOp(loop);
}

/// The number of iterations of `op`'s loops, computed before it, when only
/// the run knows it; null when it is static.
Value getDynamicIterationCount(RewriterBase &rewriter, linalg::GenericOp op) {
  if (!op.hasDynamicShape())
    return nullptr;
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
  for (Range range :
       cast<linalg::LinalgOp>(op.getOperation()).createLoopRanges(rewriter, loc))
    count = arith::MulIOp::create(
        rewriter, loc, count,
        getValueOrCreateConstantIndexOp(rewriter, loc, range.size));
  return count;
}

/// Runs `loop` on the thread pool when `count`, the iterations of the op it
/// steps through, reaches kParallelElements at run time: a copy of the loop
/// in parallel, the loop itself otherwise.
void runInParallelWhenLarge(RewriterBase &rewriter, scf::ForOp loop,
                            Value count) {
  if (loop.getNumRegionIterArgs() != 0)
    return;
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  Value large = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::sge, count,
      arith::ConstantIndexOp::create(rewriter, loc, kParallelElements));
  auto branch = scf::IfOp::create(rewriter, loc, large,
                                  /*withElseRegion=*/true);
  rewriter.moveOpBefore(loop, branch.elseBlock()->getTerminator());
  rewriter.setInsertionPoint(branch.thenBlock()->getTerminator());
  runInParallel(rewriter, cast<scf::ForOp>(rewriter.clone(*loop)));
}

/// Runs `outermost`, the outermost loop over the tiles of an op of `extents`,
/// on the thread pool when the op is large: known now when its extents are
/// static, else tested at run time against `count` (its iterations).
void runInParallelIfLarge(RewriterBase &rewriter, scf::ForOp outermost,
                          ArrayRef<int64_t> extents, Value count) {
  if (count)
    runInParallelWhenLarge(rewriter, outermost, count);
  else if (ShapedType::getNumElements(extents) >= kParallelElements)
    runInParallel(rewriter, outermost);
}

/// Tiles `op` by `sizes` (0: untiled) in its place.
FailureOr<scf::SCFTilingResult> tileInPlace(RewriterBase &rewriter,
                                            linalg::GenericOp op,
                                            ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (succeeded(tiled))
    rewriter.eraseOp(op);
  return tiled;
}

/// The loop along which an input of `op` is contiguous when it is not the
/// innermost loop, along which the output is (a transpose that moves the
/// innermost dim, such as an attention's K^T): none otherwise.
std::optional<unsigned> getTransposedLoop(linalg::GenericOp op) {
  unsigned innermost = op.getNumLoops() - 1;
  AffineMap out = op.getIndexingMapsArray().back();
  if (out.getNumResults() == 0 ||
      out.getResults().back() != getAffineDimExpr(innermost, op.getContext()))
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands()) {
    // Not a broadcast: those read one row for the whole step.
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!map.isPermutation())
      continue;
    unsigned last = cast<AffineDimExpr>(map.getResults().back()).getPosition();
    if (last != innermost)
      return last;
  }
  return std::nullopt;
}

/// Tiles `op` into steps one vector wide along its innermost loop (one
/// iteration of every other loop) and peels the last, partial step. When an
/// input is contiguous along another loop, that loop is a vector wide too:
/// a step is then a square block, read along the input's rows, transposed
/// in registers and written along the output's; one vector at a time, each
/// read was a gather of elements a row apart.
void tileIntoVectorSteps(RewriterBase &rewriter, linalg::GenericOp op,
                         int64_t lanes) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> sizes(numLoops, 1);
  sizes.back() = lanes;
  if (std::optional<unsigned> transposed = getTransposedLoop(op))
    sizes[*transposed] = lanes;
  for (auto [size, extent] : llvm::zip(sizes, extents))
    if (!ShapedType::isDynamic(extent) && extent <= size)
      size = 0;
  if (llvm::all_of(sizes, [](int64_t size) { return size == 0; })) {
    op->setAttr(kVectorStep, rewriter.getUnitAttr());
    return;
  }
  Value count = getDynamicIterationCount(rewriter, op);
  FailureOr<scf::SCFTilingResult> tiled = tileInPlace(rewriter, op, sizes);
  if (failed(tiled))
    return;
  tiled->tiledOps.back()->setAttr(kVectorStep, rewriter.getUnitAttr());
  auto outermost = cast<scf::ForOp>(tiled->loops.front().getOperation());
  onnxc::peelPartialSteps(rewriter, tiled->loops);
  // Steps write disjoint slices of the output: the outermost loop (its full
  // steps, when it was peeled) can run on the runtime's threads. Only when
  // the op is known to be large: waking a thread costs more than a small op
  // (an LSTM's gates, run once per time step, ran 10x slower in parallel).
  runInParallelIfLarge(rewriter, outermost, extents, count);
}

/// Bufferization leaves data movement as copies and named ops (a pad's
/// interior and border, im2col's patch rows, a bias broadcast into a
/// contraction's accumulator, a transpose): as generics they are vectorised
/// and run in parallel like any elementwise op, instead of becoming scalar
/// loops. Fills stay memsets: as parallel vector stores they made
/// SqueezeNet at 2 threads 40% slower.
void generalizeDataMovement(RewriterBase &rewriter, Operation *root) {
  SmallVector<memref::CopyOp> copies;
  root->walk([&](memref::CopyOp op) { copies.push_back(op); });
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                copy.getTarget());
  }
  SmallVector<linalg::LinalgOp> named;
  root->walk([&](linalg::LinalgOp op) {
    if (isa<linalg::CopyOp, linalg::MapOp, linalg::BroadcastOp,
            linalg::TransposeOp>(op))
      named.push_back(op);
  });
  for (linalg::LinalgOp op : named) {
    rewriter.setInsertionPoint(op);
    (void)linalg::generalizeNamedOp(rewriter, op);
  }
}

/// Fills of at least this many bytes are split among the runtime's threads.
constexpr int64_t kParallelFillBytes = 1 << 18;
/// Into this many memsets, so that 2, 4 or 8 threads get equal shares.
constexpr int64_t kFillChunks = 8;

/// Splits a large fill of a contiguous buffer (a padded image's zeros,
/// which the op producing its interior then overwrites) into memsets of
/// contiguous chunks that run on the thread pool: run by the calling
/// thread, the fill left the others waiting.
void fillInParallel(RewriterBase &rewriter, Operation *root) {
  SmallVector<linalg::FillOp> fills;
  root->walk([&](linalg::FillOp fill) {
    auto type = dyn_cast<MemRefType>(fill.getOutputs()[0].getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !type.getElementType().isIntOrFloat() ||
        type.getElementTypeBitWidth() % 8 != 0 ||
        !isa<FunctionOpInterface>(fill->getParentOp()))
      return;
    if (type.getNumElements() * (type.getElementTypeBitWidth() / 8) >=
        kParallelFillBytes)
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    Location loc = fill.getLoc();
    Value buffer = fill.getOutputs()[0];
    auto type = cast<MemRefType>(buffer.getType());
    rewriter.setInsertionPoint(fill);
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    Value flat =
        memref::CollapseShapeOp::create(rewriter, loc, buffer, ArrayRef{all});
    int64_t elements = type.getNumElements();
    int64_t chunk = llvm::divideCeil(elements, kFillChunks);
    auto index = [&](int64_t value) {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{index(0)},
                                            ValueRange{index(elements)},
                                            ValueRange{index(chunk)});
    rewriter.setInsertionPointToStart(parallel.getBody());
    Value begin = parallel.getInductionVars()[0];
    AffineMap rest = AffineMap::get(1, 0,
                                    {rewriter.getAffineConstantExpr(chunk),
                                     rewriter.getAffineConstantExpr(elements) -
                                         rewriter.getAffineDimExpr(0)},
                                    rewriter.getContext());
    Value size = affine::AffineMinOp::create(rewriter, loc, rest, begin);
    Value part = memref::SubViewOp::create(
        rewriter, loc, flat, ArrayRef<OpFoldResult>{begin},
        ArrayRef<OpFoldResult>{size},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], part);
    rewriter.eraseOp(fill);
  }
}

/// How a reduction's body combines its output with each new value.
struct Combiner {
  arith::AtomicRMWKind atomicKind;
  vector::CombiningKind vectorKind;
};

std::optional<Combiner> getCombiner(Operation *op) {
  using AK = arith::AtomicRMWKind;
  using VK = vector::CombiningKind;
  return llvm::TypeSwitch<Operation *, std::optional<Combiner>>(op)
      .Case([](arith::AddFOp) { return Combiner{AK::addf, VK::ADD}; })
      .Case([](arith::MulFOp) { return Combiner{AK::mulf, VK::MUL}; })
      .Case([](arith::MaximumFOp) {
        return Combiner{AK::maximumf, VK::MAXIMUMF};
      })
      .Case([](arith::MinimumFOp) {
        return Combiner{AK::minimumf, VK::MINIMUMF};
      })
      .Case([](arith::MaxNumFOp) { return Combiner{AK::maxnumf, VK::MAXNUMF}; })
      .Case([](arith::MinNumFOp) { return Combiner{AK::minnumf, VK::MINNUMF}; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The combiner of a float reduction that vectorisation can split into
/// partial results: one output, reduction loops innermost, read by each input
/// (if at all) along the input's innermost dimension, and a body of
/// elementwise ops ending in one sum, product, maximum or minimum with the
/// output.
std::optional<Combiner> getSplittableReduction(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || op.hasIndexSemantics() ||
      !isa<FloatType>(getElementTypeOrSelf(op.getDpsInits()[0].getType())))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned firstReduction = op.getNumParallelLoops();
  for (auto [loop, iterator] : llvm::enumerate(iterators))
    if ((iterator == utils::IteratorType::reduction) != (loop >= firstReduction))
      return std::nullopt;
  if (!op.getMatchingIndexingMap(op.getDpsInitOperand(0))
           .isProjectedPermutation(/*allowZeroInResults=*/false))
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/false))
      return std::nullopt;
    // The reduction loops, where read, must be the innermost dims, in order.
    SmallVector<unsigned> reductionPositions;
    for (auto [position, expr] : llvm::enumerate(map.getResults()))
      if (cast<AffineDimExpr>(expr).getPosition() >= firstReduction)
        reductionPositions.push_back(position);
    for (auto [index, position] : llvm::enumerate(reductionPositions))
      if (position != map.getNumResults() - reductionPositions.size() + index ||
          cast<AffineDimExpr>(map.getResult(position)).getPosition() !=
              op.getNumLoops() - reductionPositions.size() + index)
        return std::nullopt;
  }
  for (Operation &bodyOp : op.getBody()->without_terminator())
    if (!OpTrait::hasElementwiseMappableTraits(&bodyOp) &&
        !isa<arith::ConstantOp>(bodyOp))
      return std::nullopt;
  SmallVector<Operation *> combiners;
  if (!matchReduction(op.getRegionOutputArgs(), 0, combiners) ||
      combiners.size() != 1)
    return std::nullopt;
  return getCombiner(combiners.front());
}

/// The body of `op` on vectors of `lanes` elements read at `index` of the
/// reduction loop, combined into `accumulator`.
Value buildVectorStep(OpBuilder &b, Location loc, linalg::GenericOp op,
                      Value index, int64_t lanes, Value accumulator) {
  unsigned reductionLoop = op.getNumLoops() - 1;
  Block *body = op.getBody();
  IRMapping mapping;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    Value source = input->get();
    Type element = getElementTypeOrSelf(source.getType());
    auto vectorType = VectorType::get({lanes}, element);
    SmallVector<Value> indices(map.getNumResults(), zero);
    Value value;
    if (map.getNumResults() != 0 &&
        cast<AffineDimExpr>(map.getResults().back()).getPosition() ==
            reductionLoop) {
      indices.back() = index;
      value = vector::TransferReadOp::create(
          b, loc, vectorType, source, indices,
          /*padding=*/std::nullopt, ArrayRef<bool>{true});
    } else {
      value = vector::BroadcastOp::create(
          b, loc, vectorType, memref::LoadOp::create(b, loc, source, indices));
    }
    mapping.map(op.getMatchingBlockArgument(input), value);
  }
  mapping.map(op.getRegionOutputArgs().front(), accumulator);
  for (Operation &bodyOp : body->without_terminator()) {
    // Scalars from outside the body, and its constants, are broadcast.
    for (Value operand : bodyOp.getOperands())
      if (!mapping.contains(operand))
        mapping.map(operand,
                    vector::BroadcastOp::create(
                        b, loc, VectorType::get({lanes}, operand.getType()),
                        operand));
    Operation *vectorOp = b.clone(bodyOp, mapping);
    if (auto constant = dyn_cast<arith::ConstantOp>(vectorOp)) {
      mapping.map(bodyOp.getResult(0),
                  vector::BroadcastOp::create(
                      b, loc, VectorType::get({lanes}, constant.getType()),
                      constant));
      continue;
    }
    for (Value result : vectorOp->getResults())
      result.setType(VectorType::get({lanes}, result.getType()));
  }
  return mapping.lookup(body->getTerminator()->getOperand(0));
}

/// Replaces `op`, whose parallel loops have one iteration, by a loop over
/// its reduction in steps of `lanes` that keeps `lanes` partial results in
/// a vector, then their combination with the output; the last, partial step
/// is `op` itself on what is left. Summing in `lanes` interleaved partial
/// sums reassociates a float sum; the scalar loop's serial chain of
/// additions ran at one element per 4 cycles.
void splitIntoVectorSteps(RewriterBase &rewriter, linalg::GenericOp op,
                          Combiner combiner, int64_t lanes) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  unsigned reductionLoop = op.getNumLoops() - 1;
  OpFoldResult extent = cast<linalg::LinalgOp>(op.getOperation())
                            .createLoopRanges(rewriter, loc)[reductionLoop]
                            .size;
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  OpFoldResult whole = affine::makeComposedFoldedAffineApply(
      rewriter, loc, s0.floorDiv(lanes) * lanes, {extent});
  Value output = op.getDpsInits()[0];
  Type element = getElementTypeOrSelf(output.getType());
  auto vectorType = VectorType::get({lanes}, element);
  Value identity = vector::BroadcastOp::create(
      rewriter, loc, vectorType,
      arith::getIdentityValue(combiner.atomicKind, element, rewriter, loc));
  auto loop = scf::ForOp::create(
      rewriter, loc, arith::ConstantIndexOp::create(rewriter, loc, 0),
      getValueOrCreateConstantIndexOp(rewriter, loc, whole),
      arith::ConstantIndexOp::create(rewriter, loc, lanes), ValueRange{identity},
      [&](OpBuilder &b, Location l, Value index, ValueRange carried) {
        scf::YieldOp::create(
            b, l, buildVectorStep(b, l, op, index, lanes, carried.front()));
      });
  Value partials = vector::ReductionOp::create(
      rewriter, loc, combiner.vectorKind, loop.getResult(0),
      arith::FastMathFlags::reassoc);
  auto outputType = cast<MemRefType>(output.getType());
  SmallVector<Value> origin(outputType.getRank(),
                            arith::ConstantIndexOp::create(rewriter, loc, 0));
  Value previous = memref::LoadOp::create(rewriter, loc, output, origin);
  memref::StoreOp::create(
      rewriter, loc,
      arith::getReductionOp(combiner.atomicKind, rewriter, loc, previous,
                            partials),
      output, origin);

  // The rest of the reduction, as the op itself on the inputs' tails.
  if (std::optional<int64_t> constantExtent = getConstantIntValue(extent))
    if (*constantExtent % lanes == 0) {
      rewriter.eraseOp(op);
      return;
    }
  OpFoldResult rest = affine::makeComposedFoldedAffineApply(
      rewriter, loc, s0 - s0.floorDiv(lanes) * lanes, {extent});
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 0 ||
        cast<AffineDimExpr>(map.getResults().back()).getPosition() !=
            reductionLoop)
      continue;
    auto type = cast<MemRefType>(input->get().getType());
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes =
        memref::getMixedSizes(rewriter, loc, input->get());
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    offsets.back() = whole;
    sizes.back() = rest;
    Value tail = memref::SubViewOp::create(rewriter, loc, input->get(), offsets,
                                           sizes, strides);
    rewriter.modifyOpInPlace(op, [&] { input->set(tail); });
  }
}

/// Vectorises a splittable reduction: its innermost reduction loops
/// collapsed into one, one iteration of the parallel loops at a time (the
/// outermost on the thread pool when the op is large).
void vectorizeReduction(RewriterBase &rewriter, linalg::GenericOp op,
                        Combiner combiner, int64_t lanes) {
  op = collapseInnerLoops(rewriter, op, op.getNumParallelLoops());
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  unsigned reductionLoop = op.getNumLoops() - 1;
  // Fewer elements than a vector, or several reduction loops left (read in
  // different orders): scalar, as before.
  if (op.getNumReductionLoops() != 1 ||
      (!ShapedType::isDynamic(extents[reductionLoop]) &&
       extents[reductionLoop] < 2 * lanes))
    return;
  if (op.getNumParallelLoops() == 0) {
    splitIntoVectorSteps(rewriter, op, combiner, lanes);
    return;
  }
  Value count = getDynamicIterationCount(rewriter, op);
  SmallVector<int64_t> sizes(op.getNumLoops(), 1);
  sizes.back() = 0;
  FailureOr<scf::SCFTilingResult> tiled = tileInPlace(rewriter, op, sizes);
  if (failed(tiled))
    return;
  splitIntoVectorSteps(rewriter,
                       cast<linalg::GenericOp>(tiled->tiledOps.back()),
                       combiner, lanes);
  runInParallelIfLarge(rewriter,
                       cast<scf::ForOp>(tiled->loops.front().getOperation()),
                       extents, count);
}

/// Reads every s-th element (a stride-2 window's tap, a strided im2col row)
/// with one contiguous load of the (n - 1) * s + 1 elements it spans and a
/// shuffle. Lowered as it is, a transfer along a non-unit stride becomes n
/// scalar loads and inserts (1.4 ms of EfficientNet-B0's 21). With
/// `maskedLoads`, the span is loaded as whole vectors, the lanes beyond it
/// masked off: LLVM split a span of 31 elements into loads of 16, 8, 4, 2
/// and 1, and the shuffle into as many pieces, where two vectors take one
/// two-source permutation (MobileNetV2's stride-2 depthwise convolutions
/// ran 2x slower than ONNX Runtime's).
struct ReadStridedAsShuffle : OpRewritePattern<vector::TransferReadOp> {
  ReadStridedAsShuffle(MLIRContext *context, bool maskedLoads)
      : OpRewritePattern(context), maskedLoads(maskedLoads) {}

  LogicalResult matchAndRewrite(vector::TransferReadOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<MemRefType>(op.getBase().getType());
    VectorType vectorType = op.getVectorType();
    // The lanes run along the buffer's innermost dim; the vector's other
    // dims are single elements, read or broadcast (a depthwise
    // convolution's tap, the same for each of a channel's outputs).
    AffineMap map = op.getPermutationMap();
    if (!type || op.hasOutOfBoundsDim() ||
        !type.getElementType().isIntOrFloat() ||
        type.getElementType().getIntOrFloatBitWidth() % 8 != 0 ||
        map.getNumResults() == 0 ||
        map.getResults().back() !=
            rewriter.getAffineDimExpr(type.getRank() - 1) ||
        llvm::any_of(vectorType.getShape().drop_back(),
                     [](int64_t size) { return size != 1; }))
      return failure();
    auto [strides, offset] = type.getStridesAndOffset();
    int64_t stride = strides.back();
    int64_t lanes = vectorType.getShape().back();
    if (ShapedType::isDynamic(stride) || stride < 2 || stride > 4 || lanes < 2)
      return failure();
    // A masked step (the last of a row) reads only its first `valid` lanes;
    // the others take masked-off elements.
    int64_t valid = lanes;
    if (Value mask = op.getMask()) {
      auto constantMask = mask.getDefiningOp<vector::ConstantMaskOp>();
      if (!maskedLoads || !constantMask)
        return failure();
      ArrayRef<int64_t> sizes = constantMask.getMaskDimSizes();
      if (sizes.empty() || sizes.back() < 1 ||
          llvm::any_of(sizes.drop_back(),
                       [](int64_t size) { return size != 1; }))
        return failure();
      valid = std::min(sizes.back(), lanes);
    }

    // A one-dimensional, unit-stride view of the span, at the linear offset
    // of the transfer's first element.
    Location loc = op.getLoc();
    auto metadata =
        memref::ExtractStridedMetadataOp::create(rewriter, loc, op.getBase());
    AffineExpr linear = rewriter.getAffineSymbolExpr(0);
    SmallVector<OpFoldResult> operands{metadata.getConstifiedMixedOffset()};
    SmallVector<OpFoldResult> sourceStrides =
        metadata.getConstifiedMixedStrides();
    for (auto [index, sourceStride] :
         llvm::zip_equal(op.getIndices(), sourceStrides)) {
      unsigned position = operands.size();
      linear = linear + rewriter.getAffineSymbolExpr(position) *
                            rewriter.getAffineSymbolExpr(position + 1);
      operands.push_back(index);
      operands.push_back(sourceStride);
    }
    OpFoldResult start =
        affine::makeComposedFoldedAffineApply(rewriter, loc, linear, operands);
    int64_t span = (valid - 1) * stride + 1;
    auto spanType = MemRefType::get(
        {span}, type.getElementType(),
        StridedLayoutAttr::get(getContext(), ShapedType::kDynamic, {1}),
        type.getMemorySpace());
    Value view = memref::ReinterpretCastOp::create(
        rewriter, loc, spanType, metadata.getBaseBuffer(), start,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(span)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value contiguous;
    if (int64_t whole =
            llvm::divideCeil((lanes - 1) * stride + 1, lanes) * lanes;
        maskedLoads && whole != span) {
      auto wholeType = VectorType::get({whole}, type.getElementType());
      Value mask = vector::ConstantMaskOp::create(
          rewriter, loc, VectorType::get({whole}, rewriter.getI1Type()),
          ArrayRef<int64_t>{span});
      Value passThrough = arith::ConstantOp::create(
          rewriter, loc, wholeType, rewriter.getZeroAttr(wholeType));
      contiguous = vector::MaskedLoadOp::create(
          rewriter, loc, wholeType, view, ValueRange{zero}, mask, passThrough);
    } else {
      contiguous = vector::LoadOp::create(
          rewriter, loc, VectorType::get({span}, type.getElementType()), view,
          ValueRange{zero});
    }
    SmallVector<int64_t> picked;
    for (int64_t lane = 0; lane < lanes; ++lane)
      picked.push_back(lane * stride);
    Value elements = vector::ShuffleOp::create(rewriter, loc, contiguous,
                                               contiguous, picked);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, vectorType, elements);
    return success();
  }

private:
  bool maskedLoads;
};

/// Whether the step `op`, a last partial step along its innermost loop
/// (the only loop of more than one iteration), is computed as a whole
/// power-of-two vector whose lanes beyond the step are masked off when read
/// and written. A width of 7 (a 7x7 image's rows) otherwise became vectors
/// of 4, 2 and 1, three instructions for each load and operation of a step
/// (EfficientNet-B0's depthwise convolutions over 7x7 images ran 4x slower
/// than ONNX Runtime's; the model 16.1 -> 14.4 ms). The extra lanes compute
/// on whatever the masked reads gave them, so no integer division or
/// remainder, which would trap on a zero, may be among the body's ops.
bool isMaskableTail(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() || ranges.back() <= 1 ||
      llvm::isPowerOf2_64(ranges.back()) ||
      llvm::any_of(ArrayRef(ranges).drop_back(),
                   [](int64_t range) { return range != 1; }) ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  return !op.getBlock()
              ->walk([](Operation *inner) {
                return isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp,
                           arith::RemUIOp, arith::CeilDivSIOp,
                           arith::CeilDivUIOp, arith::FloorDivSIOp>(inner)
                           ? WalkResult::interrupt()
                           : WalkResult::advance();
              })
              .wasInterrupted();
}

/// Whether `memref` is a view of a constant global (a weight, a bias), which
/// no op writes.
bool isConstantMemory(Value memref) {
  while (Operation *producer = memref.getDefiningOp()) {
    // Subviews, reshapes and casts alike.
    if (auto view = dyn_cast<ViewLikeOpInterface>(producer)) {
      memref = view.getViewSource();
      continue;
    }
    auto get = dyn_cast<memref::GetGlobalOp>(producer);
    if (!get)
      return false;
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        get, get.getNameAttr());
    return global && global.getConstant();
  }
  return false;
}

/// Reads of constant memory at indices a loop does not change (a depthwise
/// convolution's weights and bias, the same for a channel's rows) move out
/// of the loop, with the views and broadcasts around them: left in it, each
/// step loaded every weight again through a pointer of its own, and the
/// pointers no longer fit the registers (a 3x3 window's step reloaded them
/// from the stack). Only out of loops known to run, and never out of an
/// scf.parallel, whose body becomes a function of its own.
void hoistConstantReads(Operation *root) {
  root->walk([](scf::ForOp loop) {
    std::optional<APInt> trips = loop.getStaticTripCount();
    if (!trips || trips->isZero())
      return;
    moveLoopInvariantCode(loop);
    bool moved = false;
    for (Operation &op :
         llvm::make_early_inc_range(loop.getBody()->without_terminator())) {
      auto read = dyn_cast<vector::TransferReadOp>(op);
      if (!read || !isConstantMemory(read.getBase()) ||
          !llvm::all_of(read->getOperands(), [&](Value operand) {
            return loop.isDefinedOutsideOfLoop(operand);
          }))
        continue;
      loop.moveOutOfLoop(read);
      moved = true;
    }
    if (moved)
      moveLoopInvariantCode(loop);
  });
}

struct VectorizeElementwisePass
    : onnxc::impl::VectorizeElementwisePassBase<VectorizeElementwisePass> {
  using VectorizeElementwisePassBase::VectorizeElementwisePassBase;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    generalizeDataMovement(rewriter, getOperation());
    fillInParallel(rewriter, getOperation());
    SmallVector<linalg::GenericOp> generics;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (op.hasPureBufferSemantics())
        generics.push_back(op);
    });
    for (linalg::GenericOp op : generics)
      readLoadsAsOperands(rewriter, op);
    SmallVector<linalg::GenericOp> candidates;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isElementwise(op))
        candidates.push_back(op);
    });
    for (linalg::GenericOp op : candidates) {
      int64_t lanes = getLanes(op, vectorBits);
      if (lanes == 0)
        continue;
      dropConstantIndices(rewriter, op);
      tileIntoVectorSteps(rewriter, collapseInnerLoops(rewriter, op), lanes);
    }
    SmallVector<std::pair<linalg::GenericOp, Combiner>> reductions;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (std::optional<Combiner> combiner = getSplittableReduction(op))
        reductions.emplace_back(op, *combiner);
    });
    for (auto [op, combiner] : reductions)
      if (int64_t lanes = getLanes(op, vectorBits))
        vectorizeReduction(rewriter, op, combiner, lanes);
    // Peeled steps get static shapes.
    canonicalize(getOperation(), RewritePatternSet(&getContext()));

    SmallVector<linalg::LinalgOp> steps;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kVectorStep))
        steps.push_back(op);
    });
    for (linalg::LinalgOp step : steps) {
      step->removeAttr(kVectorStep);
      // A step whose width only the run knows stays scalar.
      if (step.hasDynamicShape())
        continue;
      SmallVector<int64_t> vectorSizes = step.getStaticLoopRanges();
      if (maskedLoads && isMaskableTail(step))
        vectorSizes.back() = llvm::PowerOf2Ceil(vectorSizes.back());
      SmallVector<bool> scalable(vectorSizes.size(), false);
      rewriter.setInsertionPoint(step);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, step, vectorSizes, scalable);
      if (succeeded(vectorized))
        rewriter.eraseOp(step);
    }
    // Masked steps read and write through masked transfers, which the rest
    // of the pipeline lowers like any other.
    RewritePatternSet masks(&getContext());
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(masks);
    (void)applyPatternsGreedily(getOperation(), std::move(masks));
    RewritePatternSet cleanup(&getContext());
    cleanup.add<ReadStridedAsShuffle>(&getContext(), maskedLoads);
    canonicalize(getOperation(), std::move(cleanup));
    hoistConstantReads(getOperation());
  }
};

} // namespace
