//===- Patterns.h - Shared pieces of the onnx to linalg lowering -*- C++
//-*-===//
//
// Private to lib/Conversion/ONNXToLinalg: each op family's file exports one
// populate function, and the helpers here keep the families from each
// re-deriving sizes, neutral elements and signedness.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_CONVERSION_ONNXTOLINALG_PATTERNS_H
#define ONNXC_LIB_CONVERSION_ONNXTOLINALG_PATTERNS_H

#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace onnxc::detail {

//===----------------------------------------------------------------------===//
// Op families
//===----------------------------------------------------------------------===//

void populateAffineGridPatterns(const mlir::TypeConverter &typeConverter,
                                mlir::RewritePatternSet &patterns);
void populateAttentionPatterns(const mlir::TypeConverter &typeConverter,
                               mlir::RewritePatternSet &patterns);
void populateControlFlowPatterns(const mlir::TypeConverter &typeConverter,
                                 mlir::RewritePatternSet &patterns);
void populateConvPatterns(const mlir::TypeConverter &typeConverter,
                          mlir::RewritePatternSet &patterns);
void populateDropoutPatterns(const mlir::TypeConverter &typeConverter,
                             mlir::RewritePatternSet &patterns);
void populateDataDependentPatterns(const mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);
void populateDetPatterns(const mlir::TypeConverter &typeConverter,
                         mlir::RewritePatternSet &patterns);
void populateEinsumPatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populateElementwisePatterns(const mlir::TypeConverter &typeConverter,
                                 mlir::RewritePatternSet &patterns);
void populateLossPatterns(const mlir::TypeConverter &typeConverter,
                          mlir::RewritePatternSet &patterns);
void populateMatMulPatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populateNormalizationPatterns(const mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);
void populatePoolingPatterns(const mlir::TypeConverter &typeConverter,
                             mlir::RewritePatternSet &patterns);
void populateQuantizationPatterns(const mlir::TypeConverter &typeConverter,
                                  mlir::RewritePatternSet &patterns);
void populateRecurrentPatterns(const mlir::TypeConverter &typeConverter,
                               mlir::RewritePatternSet &patterns);
void populateResizePatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populateReverseSequencePatterns(const mlir::TypeConverter &typeConverter,
                                     mlir::RewritePatternSet &patterns);
void populateReductionPatterns(const mlir::TypeConverter &typeConverter,
                               mlir::RewritePatternSet &patterns);
void populateSignalPatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populateSequencePatterns(const mlir::TypeConverter &typeConverter,
                              mlir::RewritePatternSet &patterns);
void populateSoftmaxPatterns(const mlir::TypeConverter &typeConverter,
                             mlir::RewritePatternSet &patterns);
void populateTensorPatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populateTextPatterns(const mlir::TypeConverter &typeConverter,
                          mlir::RewritePatternSet &patterns);
// The sampling and detection ops (Vision.td) and MaxUnpool, one file each.
void populateGridSamplePatterns(const mlir::TypeConverter &typeConverter,
                                mlir::RewritePatternSet &patterns);
void populateMaxUnpoolPatterns(const mlir::TypeConverter &typeConverter,
                               mlir::RewritePatternSet &patterns);
void populateNonMaxSuppressionPatterns(const mlir::TypeConverter &typeConverter,
                                       mlir::RewritePatternSet &patterns);
void populateRoiAlignPatterns(const mlir::TypeConverter &typeConverter,
                              mlir::RewritePatternSet &patterns);
// Parts of the tensor family, added by populateTensorPatterns.
void populateGatherScatterPatterns(const mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);
void populateSlicePatterns(const mlir::TypeConverter &typeConverter,
                           mlir::RewritePatternSet &patterns);
// Part of the data-dependent family, added by populateDataDependentPatterns.
void populateUniquePatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
// Part of the convolution family, added by populateConvPatterns.
void populateConvTransposePatterns(const mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Whether `type` (a tensor or a scalar) holds ONNX unsigned integers. Only
/// the onnx op's own types can say: converted types are signless.
bool isUnsignedElement(mlir::Type type);

/// Reports that `op` uses something the lowering does not implement. The
/// error names the op (its location points into the model); the pass does not
/// report the op a second time. Converts to failure().
mlir::InFlightDiagnostic emitUnsupported(mlir::Operation *op,
                                         const llvm::Twine &what);

/// The converted result type of `op`, required to be a ranked tensor.
mlir::FailureOr<mlir::RankedTensorType>
getConvertedResultType(mlir::Operation *op, unsigned index,
                       const mlir::TypeConverter &typeConverter);

/// The converted types of all of `op`'s results, as above.
mlir::FailureOr<llvm::SmallVector<mlir::RankedTensorType>>
getConvertedResultTypes(mlir::Operation *op,
                        const mlir::TypeConverter &typeConverter);
/// A tensor.empty of `type` whose dynamic sizes are taken from `sizes`
/// (one entry per dimension; the entries of static dims are ignored).
mlir::Value createEmptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType type,
                              llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// A tensor of `type` (sized by `sizes`, as above) filled with `value`.
mlir::Value createFilledTensor(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::RankedTensorType type,
                               llvm::ArrayRef<mlir::OpFoldResult> sizes,
                               mlir::Value value);

/// Builds a tensor.
using TensorBuilder =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location)>;

/// The tensor `build` makes (of type `type`), or, when any of `inputSizes`
/// is 0 at run time, a tensor of `type` sized `sizes` filled with `fill`
/// instead: guards ops whose every output element reads an input that may
/// turn out empty. Constant sizes are decided here.
mlir::Value createIfNonEmpty(mlir::OpBuilder &b, mlir::Location loc,
                             llvm::ArrayRef<mlir::OpFoldResult> inputSizes,
                             mlir::RankedTensorType type,
                             llvm::ArrayRef<mlir::OpFoldResult> sizes,
                             mlir::Value fill, TensorBuilder build);

/// `value` with the type `type`, through a tensor.cast where the two differ
/// only in what they know statically.
mlir::Value castTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                   mlir::Type type);

/// The float `value` converted to float type `type`.
mlir::Value convertFloat(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value value, mlir::Type type);

/// The constant 0 of a float or integer type.
mlir::Value createZero(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Type elementType);

/// The identity of max: -inf for floats, the lowest value for integers
/// (unsigned per `isUnsigned`).
mlir::Value createLowest(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type elementType, bool isUnsigned);

/// max(a, b) for floats (propagating NaN), signed or unsigned integers.
mlir::Value createMax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                      mlir::Value b2, bool isUnsigned);

/// Groups of dims that insert (or drop) a unit dim at `position` of a tensor
/// of rank `smallRank`, for tensor.expand_shape (or tensor.collapse_shape).
llvm::SmallVector<mlir::ReassociationIndices>
unitDimReassociation(int64_t smallRank, int64_t position);

/// tensor.expand_shape of `value` to `type` with the result sizes `sizes`.
mlir::Value createExpandShape(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType type, mlir::Value value,
                              llvm::ArrayRef<mlir::ReassociationIndices> groups,
                              llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// `value` with a unit dim inserted at, or dropped from, `position`.
mlir::Value insertUnitDim(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value value, int64_t position);
mlir::Value dropUnitDim(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value value, int64_t position);

//===----------------------------------------------------------------------===//
// ONNX multidirectional broadcasting (Broadcast.cpp)
//===----------------------------------------------------------------------===//

/// How an operand's dim is read at the result's loop index i when broadcast
/// (trailing dims aligned): at i, at 0 (a static 1 that stretches), or at
/// min(i, size - 1) computed in the body (a dynamic size that may be a 1
/// stretching at run time).
enum class BroadcastRead { Loop, Zero, RunTime };

/// How each of the leading `count` dims of `operand` (all of them by
/// default) is read when broadcast to a result of `sizes`, the operand's dims
/// aligned with the trailing ones of `sizes`. A dynamic dim reads the loop
/// index only when its size is provably the result's.
llvm::SmallVector<BroadcastRead>
classifyBroadcastDims(mlir::Value operand,
                      llvm::ArrayRef<mlir::OpFoldResult> sizes,
                      std::optional<int64_t> count = std::nullopt);

/// The indexing map reading dim j of an operand at loop `loops[j]` (or at 0)
/// as `reads` says; none of `reads` may be RunTime.
mlir::AffineMap getBroadcastMap(llvm::ArrayRef<BroadcastRead> reads,
                                llvm::ArrayRef<int64_t> loops,
                                unsigned numLoops, mlir::MLIRContext *context);

/// The size of dim `dim` of the broadcast of `operands` (ranked tensors) to
/// `resultShape`: static when the result or an operand knows it, otherwise
/// computed at run time by ONNX's rule (out = a == 1 ? b : a).
mlir::OpFoldResult getBroadcastSize(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::ValueRange operands,
                                    llvm::ArrayRef<int64_t> resultShape,
                                    int64_t dim);
/// Checks at run time that each of `operands` broadcasts to `sizes` (the
/// result of getBroadcastSizes) where that is not known at compile time.
void checkBroadcastable(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Operation *op, mlir::ValueRange operands,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// getBroadcastSize of every dim.
llvm::SmallVector<mlir::OpFoldResult>
getBroadcastSizes(mlir::OpBuilder &b, mlir::Location loc,
                  mlir::ValueRange operands,
                  llvm::ArrayRef<int64_t> resultShape);

/// Computes a result element from the operands' elements.
using BroadcastBodyBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// A linalg.generic producing a tensor of `resultType` sized `sizes` whose
/// element at each index is `bodyBuilder` of the elements of `operands`
/// broadcast to it. Operands whose sizes are known to fit are read through
/// indexing maps, the others in the body.
mlir::Value createBroadcastingGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::RankedTensorType resultType,
                                      llvm::ArrayRef<mlir::OpFoldResult> sizes,
                                      mlir::ValueRange operands,
                                      BroadcastBodyBuilder bodyBuilder);

/// `operand` broadcast to `type` sized `sizes`, as a new tensor.
mlir::Value materializeBroadcast(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::Value operand,
                                 mlir::RankedTensorType type,
                                 llvm::ArrayRef<mlir::OpFoldResult> sizes);

//===----------------------------------------------------------------------===//
// Convolution and pooling windows
//===----------------------------------------------------------------------===//

/// Pads and output sizes of a convolution or pooling window over the spatial
/// dims of `input` (N x C x D1 ... Dn). Static where the geometry is; where an
/// input size is dynamic they are computed at run time, applying the same
/// ONNX rules as computeWindowGeometry (auto_pad SAME_*, ceil_mode).
struct WindowSizes {
  llvm::SmallVector<mlir::OpFoldResult> padLow, padHigh, outputSizes;
};
WindowSizes computeWindowSizes(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value input,
                               const onnx::WindowGeometry &geometry,
                               llvm::StringRef autoPad, bool ceilMode);

/// `input` padded with `padValue` on its spatial dims (dims 2 and up) by the
/// given amounts; `input` itself when there is nothing to pad.
mlir::Value padSpatialDims(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input,
                           llvm::ArrayRef<mlir::OpFoldResult> padLow,
                           llvm::ArrayRef<mlir::OpFoldResult> padHigh,
                           mlir::Value padValue);

/// Dim `dim` of `value` split into (groups, size / groups), as grouped
/// convolutions and GroupNormalization view channels (Conv.cpp).
mlir::Value splitGroups(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value value, int64_t dim, int64_t groups);

/// The accumulator a convolution's result of `type` (N x M x O...) starts
/// from: `bias` (M) broadcast, or zeros without one (Conv.cpp).
mlir::Value createConvInit(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::RankedTensorType type,
                           llvm::ArrayRef<mlir::OpFoldResult> sizes,
                           mlir::Value bias);

/// `init` plus the grouped N-D convolution of `input` (N x C x D..., already
/// padded) with `filter` (M x C/groups x K...): a named linalg convolution
/// where one fits, else a linalg.generic (Conv.cpp).
mlir::Value createConvolution(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value input, mlir::Value filter,
                              mlir::Value init,
                              llvm::ArrayRef<int64_t> strides,
                              llvm::ArrayRef<int64_t> dilations,
                              int64_t groups);

//===----------------------------------------------------------------------===//
// Interpolation (Resize.cpp), shared with GridSample.cpp
//===----------------------------------------------------------------------===//

/// The weights of the four taps at floor(x) - 1 ... floor(x) + 2 of cubic
/// convolution (Keys, coefficient `a`) at fraction `t` = x - floor(x), in
/// t's float type.
llvm::SmallVector<mlir::Value> createCubicWeights(mlir::OpBuilder &b,
                                                  mlir::Location loc,
                                                  mlir::Value t, double a);

//===----------------------------------------------------------------------===//
// Reductions (Reduction.cpp), shared with Softmax.cpp
//===----------------------------------------------------------------------===//

/// Computes a linalg.generic's yielded value from its block arguments.
using GenericBodyBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// A linalg.generic reducing `input` over the dims marked in `reduced` into a
/// tensor of its other dims, filled with `init` first. `body` gets the
/// element, the elements of `extra` (tensors of the other dims) at the same
/// index, and the accumulator. With no dim marked it is an elementwise map.
mlir::Value createReduction(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value input, llvm::ArrayRef<bool> reduced,
                            mlir::Value init, mlir::ValueRange extra,
                            GenericBodyBuilder body);

/// A linalg.generic over `input`'s shape yielding `elementType`: `body` gets
/// the element and the elements of `reducedValues` (tensors of the dims not
/// marked in `reduced`) at the same index, and may read linalg.index.
mlir::Value createBroadcastReduced(mlir::OpBuilder &b, mlir::Location loc,
                                   mlir::Value input,
                                   mlir::ValueRange reducedValues,
                                   llvm::ArrayRef<bool> reduced,
                                   mlir::Type elementType,
                                   GenericBodyBuilder body);

/// The position of the largest (else smallest) element of `input` among the
/// dims marked in `reduced`, the first among equals or the last with
/// `selectLast`, as a tensor of the other dims. The position is an i64,
/// row-major over the marked dims (the index along the axis for one dim).
mlir::Value createArgReduction(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value input, llvm::ArrayRef<bool> reduced,
                               bool largest, bool selectLast, bool isUnsigned);

/// Inside the body of a linalg.generic over a tensor of sizes `sizes` (index
/// values defined outside the body), the row-major position of the current
/// iteration among the dims marked in `reduced`, as an i64.
mlir::Value createReducedPosition(mlir::OpBuilder &b, mlir::Location loc,
                                  llvm::ArrayRef<bool> reduced,
                                  mlir::ValueRange sizes);

//===----------------------------------------------------------------------===//
// Softmax family (Softmax.cpp), shared with Loss.cpp
//===----------------------------------------------------------------------===//

enum class SoftmaxKind { Softmax, LogSoftmax, Hardmax };

/// The Softmax, LogSoftmax or Hardmax of `input` over the dims marked in
/// `reduced`.
mlir::Value createSoftmaxLike(mlir::OpBuilder &b, mlir::Location loc,
                              SoftmaxKind kind, mlir::Value input,
                              llvm::ArrayRef<bool> reduced);

//===----------------------------------------------------------------------===//
// Index arithmetic of the tensor family (Tensor.cpp)
//===----------------------------------------------------------------------===//

/// The elements of the 1-D integer tensor `converted` as index values:
/// constants where `original`, the onnx operand it was converted from, is a
/// constant, else read at run time. `count` gives the number of elements
/// when the type does not (the operator's rules fix it).
llvm::SmallVector<mlir::OpFoldResult>
getIndexElements(mlir::OpBuilder &b, mlir::Location loc, mlir::Value original,
                 mlir::Value converted,
                 std::optional<int64_t> count = std::nullopt);

//===----------------------------------------------------------------------===//
// Run-time checks (RunTimeChecks.cpp)
//===----------------------------------------------------------------------===//

/// Emits an onnx.Check that fails the run with "<node>: <what>" when
/// `condition` is false at run time; nothing when it is the constant true.
void emitCheck(mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op,
               mlir::Value condition, const llvm::Twine &what);

/// Checks that two sizes known only at run time agree; nothing when they are
/// the same constant or value.
void checkSizesEqual(mlir::OpBuilder &b, mlir::Location loc,
                     mlir::Operation *op, mlir::OpFoldResult lhs,
                     mlir::OpFoldResult rhs, const llvm::Twine &what);

/// Checks that a size computed from input values lies in [0, upper] (no
/// upper bound when `upper` is null); returns it clamped into that range,
/// so that code after a failed check allocates and loops within bounds.
mlir::OpFoldResult checkSizeInRange(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::Operation *op,
                                    mlir::OpFoldResult size,
                                    mlir::OpFoldResult upper,
                                    const llvm::Twine &what);

/// Checks that every element of the integer tensor `indices` lies in
/// [-s, s), s = `bound` of its position (loop indices over `indices`), as
/// ONNX requires of the indices of gathers and scatters.
void checkIndicesInRange(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op,
    mlir::Value indices,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   llvm::ArrayRef<mlir::Value>)>
        bound,
    const llvm::Twine &what);

/// `index` (an index value) with `size` added when negative: ONNX indices
/// count from the end.
mlir::Value wrapIndex(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::Value index, mlir::Value size);

/// `index` clamped into [0, size - 1]. Where an index out of range is an
/// error, a check reports it (checkIndicesInRange); the clamp makes sure the
/// code computing the discarded results stays inside the tensor.
mlir::Value clampIndex(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value index, mlir::Value size);

/// wrapIndex, then clampIndex.
mlir::Value wrapAndClampIndex(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value index, mlir::Value size);

/// tensor.extract_slice of `source`; a tensor.empty when a size is a
/// constant 0 (the slice verifier rejects offsets at the end of a dim, which
/// an empty ONNX slice may have).
mlir::Value createExtractSlice(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value source,
                               llvm::ArrayRef<mlir::OpFoldResult> offsets,
                               llvm::ArrayRef<mlir::OpFoldResult> sizes,
                               llvm::ArrayRef<mlir::OpFoldResult> strides);

/// The one element of a scalar or one-element tensor.
mlir::Value extractScalar(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value tensor);
/// `value` reshaped to `type` with the given sizes, which must hold the same
/// number of elements: a tensor.reshape, which unlike tensor.expand_shape
/// takes any number of dynamic sizes (the LLVM lowering of a memref
/// expand_shape with several dynamic sizes in one group crashes in MLIR 22).
mlir::Value reshapeToSizes(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value value, mlir::RankedTensorType type,
                           llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// lhs + rhs, folded when both are constants.
mlir::OpFoldResult addIndices(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::OpFoldResult lhs, mlir::OpFoldResult rhs);

} // namespace onnxc::detail

#endif // ONNXC_LIB_CONVERSION_ONNXTOLINALG_PATTERNS_H
