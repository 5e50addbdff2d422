//===- PeelTiles.cpp - Whole tiles and a peeled rest ----------------------===//

#include "PeelTiles.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

void onnxc::peelPartialSteps(RewriterBase &rewriter,
                             ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : llvm::reverse(loops)) {
    auto forOp = cast<scf::ForOp>(loop.getOperation());
    std::optional<int64_t> step = getConstantIntValue(forOp.getStep());
    if (step && *step == 1)
      continue;
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, partial);
  }
}
