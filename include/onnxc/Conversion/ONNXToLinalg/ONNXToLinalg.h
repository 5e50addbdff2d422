//===- ONNXToLinalg.h - Lowering onnx ops to linalg on tensors --*- C++ -*-===//

#ifndef ONNXC_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H
#define ONNXC_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace onnxc {

/// Converts tensor types with unsigned element types to signless ones and
/// leaves other types alone: after this lowering, signedness lives in the
/// choice of ops, as upstream dialects expect. Sequences become two tensors
/// (their elements' data and shapes), so no sequence outlives the lowering.
class ONNXToLinalgTypeConverter : public mlir::TypeConverter {
public:
  ONNXToLinalgTypeConverter();
};

/// Adds the patterns that lower each onnx op to linalg/tensor/arith/math.
void populateONNXToLinalgPatterns(const mlir::TypeConverter &typeConverter,
                                  mlir::RewritePatternSet &patterns);

} // namespace onnxc

#endif // ONNXC_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H
