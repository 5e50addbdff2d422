//===- BlockEpilogue.h - Elementwise ops in a product's blocks -*- C++ -*-===//

#ifndef ONNXC_LIB_TRANSFORMS_BLOCKEPILOGUE_H
#define ONNXC_LIB_TRANSFORMS_BLOCKEPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace onnxc {

/// An elementwise op that reads the result of a product through reshapes
/// only (a convolution's [F, pixels] seen as the image [N, F, H, W]): its
/// activation, or the residual sum that follows it.
struct BlockEpilogue {
  mlir::tensor::CollapseShapeOp collapse;
  mlir::tensor::ExpandShapeOp expand;
  mlir::linalg::GenericOp op;
  /// Where `op` reads the product (its result after the reshapes): an
  /// operand, not a value, since tiling replaces the product's result.
  mlir::OpOperand *input = nullptr;
  /// For each dim of the product's result: the multiple of which a block's
  /// size along it must be, so that the block is a box of `op`'s iteration
  /// space (the whole rows of an image); 0 when the block must span it.
  llvm::SmallVector<int64_t> alignment;
};

/// The epilogue of `result`, the result of a product with static shape.
std::optional<BlockEpilogue> findBlockEpilogue(mlir::Value result);

/// Rewrites `epilogue`, read through an expansion of the product's result,
/// to iterate over the shape before the expansion, its result expanded after
/// it, when nothing pads that result: its blocks then need no whole rows. The
/// epilogue so rewritten, or nothing.
std::optional<BlockEpilogue> collapseBlockEpilogue(mlir::RewriterBase &rewriter,
                                                   BlockEpilogue epilogue);

/// Computes `epilogue` in each block of `forall` (the product's cache
/// blocks, whose sizes respect its alignment and divide the extents), right
/// after the block's product and into the epilogue's own output, which
/// becomes the forall's: the product's result no longer exists whole.
mlir::LogicalResult fuseBlockEpilogue(mlir::RewriterBase &rewriter,
                                      mlir::scf::ForallOp forall,
                                      BlockEpilogue epilogue);

} // namespace onnxc

#endif // ONNXC_LIB_TRANSFORMS_BLOCKEPILOGUE_H
