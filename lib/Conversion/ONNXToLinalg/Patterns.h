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

void populateConvPatterns(const mlir::TypeConverter &typeConverter,
                          mlir::RewritePatternSet &patterns);
void populateElementwisePatterns(const mlir::TypeConverter &typeConverter,
                                 mlir::RewritePatternSet &patterns);
void populateMatMulPatterns(const mlir::TypeConverter &typeConverter,
                            mlir::RewritePatternSet &patterns);
void populatePoolingPatterns(const mlir::TypeConverter &typeConverter,
                             mlir::RewritePatternSet &patterns);
void populateSoftmaxPatterns(const mlir::TypeConverter &typeConverter,
                             mlir::RewritePatternSet &patterns);
void populateTensorPatterns(const mlir::TypeConverter &typeConverter,
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

/// `value` with the type `type`, through a tensor.cast where the two differ
/// only in what they know statically.
mlir::Value castTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                   mlir::Type type);

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

/// The indexing map that reads an operand of `operandShape` broadcast
/// (ONNX multidirectional broadcasting: trailing dims aligned) to the leading
/// `resultShape.size()` loops of a `numLoops`-loop linalg op. A dim of static
/// size 1 that stretches reads index 0. A dynamic dim is read with the
/// result's index: it is assumed not to be a 1 that stretches at run time, so
/// it must equal the result's size there.
mlir::AffineMap getBroadcastMap(llvm::ArrayRef<int64_t> operandShape,
                                llvm::ArrayRef<int64_t> resultShape,
                                unsigned numLoops, mlir::MLIRContext *context);

/// The size of dim `dim` of the broadcast of `operands` (ranked tensors) to
/// `resultShape`: the static size when the result or an operand knows it,
/// else tensor.dim of an operand whose size there is not statically 1 (under
/// the assumption of getBroadcastMap).
mlir::OpFoldResult getBroadcastSize(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::ValueRange operands,
                                    llvm::ArrayRef<int64_t> resultShape,
                                    int64_t dim);

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

} // namespace onnxc::detail

#endif // ONNXC_LIB_CONVERSION_ONNXTOLINALG_PATTERNS_H
