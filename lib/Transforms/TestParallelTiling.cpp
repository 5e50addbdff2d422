//===- TestParallelTiling.cpp - scf.forall loops for tests ----------------===//
//
// Gives tests parallel loops in real models: each top-level linalg op on
// tensors indexed by projected permutations is tiled along its first
// parallel dimension (of a size other than 1) into an scf.forall of
// `num-tiles` iterations, the form that bufferization turns into the loops
// onnx-parallelize expects.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/IR/PatternMatch.h"

namespace onnxc {
#define GEN_PASS_DEF_TESTPARALLELTILINGPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

struct TestParallelTilingPass
    : onnxc::impl::TestParallelTilingPassBase<TestParallelTilingPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() &&
          !op->getParentOfType<LoopLikeOpInterface>())
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      // Upstream tiling computes wrong slices for some indexing maps (a
      // reversed window, -d3 + 2) and crashes on empty iteration spaces:
      // only ops indexed by projected permutations (elementwise, transposes,
      // contractions, reductions) with no empty loop are tiled.
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      if (llvm::is_contained(ranges, 0) ||
          !llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
            return map.isProjectedPermutation();
          }))
        continue;
      // The first parallel dimension that is not statically 1 (a batch of
      // one would leave all but one tile empty).
      SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
      std::optional<size_t> dim;
      for (auto [index, iterator] : llvm::enumerate(iterators))
        if (iterator == utils::IteratorType::parallel && ranges[index] != 1) {
          dim = index;
          break;
        }
      if (!dim)
        continue;
      SmallVector<OpFoldResult> numThreads(iterators.size(),
                                           rewriter.getIndexAttr(0));
      numThreads[*dim] = rewriter.getIndexAttr(numTiles);
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setNumThreads(numThreads);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled)) {
        op->emitError("onnx-test-parallel-tiling failed to tile this op");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, tiled->replacements);
    }
  }
};

} // namespace
