//===- ShapeHelpers.h - Output-shape rules shared by onnx ops ---*- C++ -*-===//
//
// The arithmetic of ONNX's shape rules, free of any op, so that verifiers,
// shape inference and lowerings compute shapes the same way. Dynamic sizes
// are mlir::ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_SHAPEHELPERS_H
#define ONNXC_DIALECT_ONNX_IR_SHAPEHELPERS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace onnxc::onnx {

/// ONNX multidirectional broadcasting of two shapes. Fails when two known
/// sizes differ and neither is 1.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Maps a possibly negative ONNX axis into [0, rank), or fails.
mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The geometry of a convolution or pooling window over the spatial
/// dimensions, with ONNX's defaults applied and auto_pad resolved.
struct WindowGeometry {
  llvm::SmallVector<int64_t> kernel;
  llvm::SmallVector<int64_t> strides;
  llvm::SmallVector<int64_t> dilations;
  /// Begin pads of each spatial dim, then end pads (ONNX's `pads` layout).
  llvm::SmallVector<int64_t> pads;
  /// Spatial output sizes (kDynamic where the input size is dynamic).
  llvm::SmallVector<int64_t> outputSizes;
};

/// Resolves a window op's attributes against the spatial input sizes.
/// `kernel` must hold one size per spatial dim; empty optional attributes take
/// ONNX's defaults. On failure `error` says what is inconsistent.
mlir::FailureOr<WindowGeometry>
computeWindowGeometry(llvm::ArrayRef<int64_t> spatialInput,
                      llvm::ArrayRef<int64_t> kernel,
                      std::optional<llvm::ArrayRef<int64_t>> strides,
                      std::optional<llvm::ArrayRef<int64_t>> dilations,
                      std::optional<llvm::ArrayRef<int64_t>> pads,
                      llvm::StringRef autoPad, bool ceilMode,
                      std::string &error);

/// The result shape of ONNX Reshape given the requested `shape` values.
/// Sizes of `requested` that are unknown are kDynamic.
mlir::FailureOr<llvm::SmallVector<int64_t>>
computeReshapeShape(llvm::ArrayRef<int64_t> input,
                    llvm::ArrayRef<int64_t> requested, bool allowZero,
                    std::string &error);

/// The most precise tensor type compatible with both `a` and `b`, taking each
/// known size from whichever type knows it; null when they contradict each
/// other (element types, ranks or known sizes differ). Two sequence types
/// meet in their element types; the same holds for the join and refinement
/// below.
mlir::Type meetTensorTypes(mlir::Type a, mlir::Type b);

/// The product of `dims`, or kDynamic if any is dynamic.
int64_t productOfDims(llvm::ArrayRef<int64_t> dims);

/// `a * b` for two sizes: kDynamic when either is, failure when the product
/// overflows 64 bits.
mlir::FailureOr<int64_t> multiplySizes(int64_t a, int64_t b);

/// Limits on tensor types (docs/architecture/importer.md). Past them, a
/// type's byte size overflows the 64-bit index arithmetic of generated code
/// or exceeds any address space, and the compile time of elementwise code
/// grows with the rank.
constexpr int64_t kMaxTensorRank = 64;
/// 2^47 bytes: the user address space of x86-64 and AArch64 with 48-bit
/// virtual addresses.
constexpr int64_t kMaxTensorBytes = int64_t(1) << 47;

/// Fails, saying why in `error`, when tensor type `type` (or a sequence's
/// element type) has more than kMaxTensorRank dims or when its static sizes
/// alone make it larger than kMaxTensorBytes.
mlir::LogicalResult checkTensorTypeLimits(mlir::Type type, std::string &error);

/// What ONNX Slice selects of a dim of `size` elements: `count` elements
/// from `start` on, `step` apart.
struct SliceBounds {
  int64_t start;
  int64_t count;
};

/// ONNX Slice on one dim: negative `start` and `end` count from the end, and
/// are then clamped into [0, size] for a positive step, [-1, size - 1] for a
/// negative one. `step` must not be 0.
SliceBounds computeSliceBounds(int64_t size, int64_t start, int64_t end,
                               int64_t step);

/// The dims that an ONNX Reduce* op reduces in an input of rank `rank`: those
/// in `axes` (negative values count from the back), every dim when `axes` is
/// empty, or none when it is empty and `noopWithEmptyAxes` is set. Fails on an
/// axis out of range or named twice.
mlir::FailureOr<llvm::SmallVector<bool>>
computeReducedDims(int64_t rank, llvm::ArrayRef<int64_t> axes,
                   bool noopWithEmptyAxes, std::string &error);

/// `shape` with the dims marked in `reduced` set to 1 when `keepDims`, else
/// dropped.
llvm::SmallVector<int64_t> computeReducedShape(llvm::ArrayRef<int64_t> shape,
                                               llvm::ArrayRef<bool> reduced,
                                               bool keepDims);

/// The most precise tensor type that holds values of both `a` and `b`: a
/// size both know and agree on stays static, any other becomes dynamic;
/// unranked when either is unranked or their ranks differ. Null when the
/// element types differ.
mlir::Type joinTensorTypes(mlir::Type a, mlir::Type b);

/// Whether every value of tensor type `precise` is a value of `general`:
/// equal element types, and `general` unranked or of the same rank with
/// each of its static sizes equal to `precise`'s.
bool isTensorTypeRefinementOf(mlir::Type precise, mlir::Type general);

} // namespace onnxc::onnx

#endif // ONNXC_DIALECT_ONNX_IR_SHAPEHELPERS_H
