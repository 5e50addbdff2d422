//===- PeelTiles.h - Whole tiles and a peeled rest --------------*- C++ -*-===//

#ifndef ONNXC_LIB_TRANSFORMS_PEELTILES_H
#define ONNXC_LIB_TRANSFORMS_PEELTILES_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace onnxc {

/// Peels the last, partial step off each of `loops` (scf.for, nested,
/// outermost first) whose step is more than one, so that every other step
/// has the full tile size and, once canonicalized, a static shape.
/// Innermost first, so that the step peeled off an outer loop holds an inner
/// loop already peeled.
void peelPartialSteps(mlir::RewriterBase &rewriter,
                      llvm::ArrayRef<mlir::LoopLikeOpInterface> loops);

} // namespace onnxc

#endif // ONNXC_LIB_TRANSFORMS_PEELTILES_H
