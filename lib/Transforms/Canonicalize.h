//===- Canonicalize.h - Canonicalization inside code-generation passes -*- C++ -*-===//

#ifndef ONNXC_LIB_TRANSFORMS_CANONICALIZE_H
#define ONNXC_LIB_TRANSFORMS_CANONICALIZE_H

#include "mlir/IR/PatternMatch.h"

namespace onnxc {

/// Applies `extra` together with every canonicalization pattern of the loaded
/// dialects and ops, as the canonicalizer pass does; like it, not reaching a
/// fixed point within the driver's iteration limit is not an error. Tiling
/// passes use it between steps, e.g. to give peeled tiles their static shapes.
void canonicalize(mlir::Operation *root, mlir::RewritePatternSet &&extra);

} // namespace onnxc

#endif // ONNXC_LIB_TRANSFORMS_CANONICALIZE_H
