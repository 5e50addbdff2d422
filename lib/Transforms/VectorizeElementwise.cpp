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

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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

/// Collapses the longest run of innermost loops that every operand reads
/// contiguously into one loop.
linalg::GenericOp collapseInnerLoops(RewriterBase &rewriter,
                                     linalg::GenericOp op) {
  // The body's indices would be recomputed from the collapsed one by a
  // division per loop and element (a broadcast decided at run time reads
  // its operands at such indices).
  if (op.hasIndexSemantics())
    return op;
  unsigned numLoops = op.getNumLoops();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned first = numLoops - 1;
  while (first > 0) {
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

/// Tiles `op` into steps one vector wide along its innermost loop (one
/// iteration of every other loop) and peels the last, partial step.
void tileIntoVectorSteps(RewriterBase &rewriter, linalg::GenericOp op,
                         int64_t lanes) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> sizes(numLoops, 1);
  sizes.back() = lanes;
  for (auto [size, extent] : llvm::zip(sizes, extents))
    if (!ShapedType::isDynamic(extent) && extent <= size)
      size = 0;
  if (llvm::all_of(sizes, [](int64_t size) { return size == 0; })) {
    op->setAttr(kVectorStep, rewriter.getUnitAttr());
    return;
  }
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return;
  rewriter.eraseOp(op);
  tiled->tiledOps.back()->setAttr(kVectorStep, rewriter.getUnitAttr());
  auto outermost = cast<scf::ForOp>(tiled->loops.front().getOperation());
  if (sizes.back() != 0) {
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(
        rewriter, cast<scf::ForOp>(tiled->loops.back().getOperation()),
        partial);
  }
  // Steps write disjoint slices of the output: the outermost loop (its full
  // steps, when it was peeled) can run on the runtime's threads. Only when
  // the op is known to be large: waking a thread costs more than a small op
  // (an LSTM's gates, run once per time step, ran 10x slower in parallel).
  if (llvm::none_of(extents, ShapedType::isDynamic) &&
      ShapedType::getNumElements(extents) >= kParallelElements)
    runInParallel(rewriter, outermost);
}

/// Bufferization leaves data movement as copies and named ops (a pad's
/// interior and border, im2col's patch rows, a bias broadcast into a
/// contraction's accumulator): as generics they are vectorised and run in
/// parallel like any elementwise op, instead of becoming scalar loops.
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
    if (isa<linalg::CopyOp, linalg::MapOp, linalg::BroadcastOp>(op))
      named.push_back(op);
  });
  for (linalg::LinalgOp op : named) {
    rewriter.setInsertionPoint(op);
    (void)linalg::generalizeNamedOp(rewriter, op);
  }
}

struct VectorizeElementwisePass
    : onnxc::impl::VectorizeElementwisePassBase<VectorizeElementwisePass> {
  using VectorizeElementwisePassBase::VectorizeElementwisePassBase;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    generalizeDataMovement(rewriter, getOperation());
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
      SmallVector<bool> scalable(vectorSizes.size(), false);
      rewriter.setInsertionPoint(step);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, step, vectorSizes, scalable);
      if (succeeded(vectorized))
        rewriter.eraseOp(step);
    }
    canonicalize(getOperation(), RewritePatternSet(&getContext()));
  }
};

} // namespace
