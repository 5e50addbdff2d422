//===- Signal.cpp - Shape rules of DFT, STFT, windows, MelWeightMatrix ----===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

using namespace mlir;

namespace onnxc::onnx {

/// Fails unless `value`, when its shape is known, holds one element in a 0-D
/// or 1-D tensor: ONNX's scalar inputs.
static LogicalResult verifyScalarOperand(Operation *op, Value value,
                                         StringRef name) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && (type.getRank() > 1 ||
               (type.hasStaticShape() && type.getNumElements() != 1)))
    return op->emitOpError("'") << name << "' must be a scalar, got " << type;
  return success();
}

/// The value of the scalar `value` when a constant defines it.
static std::optional<int64_t> getConstantScalar(Value value) {
  if (!value)
    return std::nullopt;
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(value);
  if (failed(values) || values->size() != 1)
    return std::nullopt;
  return values->front();
}

/// The number of frequencies a transform of `length` samples keeps.
static int64_t getNumBins(int64_t length, bool onesided) {
  if (ShapedType::isDynamic(length) || !onesided)
    return length;
  return length / 2 + 1;
}

/// Fails unless the trailing dim of `type`, when known, is 1 or 2 (real or
/// complex values).
static LogicalResult verifyComplexDim(Operation *op, RankedTensorType type) {
  int64_t last = type.getShape().back();
  if (!ShapedType::isDynamic(last) && last != 1 && last != 2)
    return op->emitOpError("the last dim must be 1 (real) or 2 (complex), "
                           "got ")
           << type;
  return success();
}

//===----------------------------------------------------------------------===//
// DFT
//===----------------------------------------------------------------------===//

FailureOr<int64_t> DFTOp::getAxisDim(int64_t rank) {
  // ONNX DFT-20: the axis lies in [-r, -2] or [0, r - 2]; the trailing dim
  // holds the parts of complex values.
  int64_t axis = -2;
  if (getAxis()) {
    std::optional<int64_t> value = getConstantScalar(getAxis());
    if (!value)
      return failure();
    axis = *value;
  }
  FailureOr<int64_t> dim = normalizeAxis(axis, rank);
  if (failed(dim) || *dim == rank - 1)
    return failure();
  return *dim;
}

LogicalResult DFTOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  if (getDftLength() &&
      failed(verifyScalarOperand(*this, getDftLength(), "dft_length")))
    return failure();
  if (getAxis() && failed(verifyScalarOperand(*this, getAxis(), "axis")))
    return failure();
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(type.getElementType()));
    return success();
  }
  auto ranked = cast<RankedTensorType>(type);
  int64_t rank = ranked.getRank();
  if (rank < 2)
    return emitOpError("input must have rank 2 or more, got ") << type;
  if (failed(verifyComplexDim(*this, ranked)))
    return failure();

  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  shape.back() = 2;
  FailureOr<int64_t> axis = getAxisDim(rank);
  if (failed(axis)) {
    if (getConstantScalar(getAxis()))
      return emitOpError("axis must lie in [-")
             << rank << ", -2] or [0, " << rank - 2 << "]";
    inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
    return success();
  }
  for (int64_t dim = 0; dim < rank - 1; ++dim)
    shape[dim] = ranked.getDimSize(dim);
  int64_t length = ranked.getDimSize(*axis);
  if (getDftLength()) {
    std::optional<int64_t> value = getConstantScalar(getDftLength());
    if (value && *value < 1)
      return emitOpError("dft_length must be positive, got ") << *value;
    length = value ? *value : ShapedType::kDynamic;
  }
  shape[*axis] = getNumBins(length, getOnesided() != 0);
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// STFT
//===----------------------------------------------------------------------===//

LogicalResult STFTOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getSignal().getType());
  Type elementType = type.getElementType();
  if (failed(verifyScalarOperand(*this, getFrameStep(), "frame_step")) ||
      (getFrameLength() &&
       failed(verifyScalarOperand(*this, getFrameLength(), "frame_length"))))
    return failure();
  if (type.hasRank() && type.getRank() != 3)
    return emitOpError("signal must be [batch, length, 1 or 2], got ") << type;
  if (type.hasRank() &&
      failed(verifyComplexDim(*this, cast<RankedTensorType>(type))))
    return failure();

  std::optional<int64_t> step = getConstantScalar(getFrameStep());
  if (step && *step < 1)
    return emitOpError("frame_step must be positive, got ") << *step;
  // ONNX STFT: the window's size is the frame length; frame_length may
  // repeat it.
  int64_t length = ShapedType::kDynamic;
  if (getWindow()) {
    auto windowType = cast<TensorType>(getWindow().getType());
    if (windowType.hasRank() && windowType.getRank() != 1)
      return emitOpError("window must be 1-D, got ") << windowType;
    if (windowType.hasRank())
      length = windowType.getDimSize(0);
  }
  if (std::optional<int64_t> frameLength =
          getConstantScalar(getFrameLength())) {
    if (*frameLength < 1)
      return emitOpError("frame_length must be positive, got ") << *frameLength;
    if (!ShapedType::isDynamic(length) && length != *frameLength)
      return emitOpError("frame_length ")
             << *frameLength << " differs from the window's size " << length;
    length = *frameLength;
  }
  if (!getWindow() && !getFrameLength())
    return emitOpError("needs a window or a frame_length");

  int64_t batch = ShapedType::kDynamic, frames = ShapedType::kDynamic;
  if (type.hasRank()) {
    batch = type.getDimSize(0);
    int64_t signalLength = type.getDimSize(1);
    if (step && !ShapedType::isDynamic(length) &&
        !ShapedType::isDynamic(signalLength)) {
      if (signalLength < length)
        return emitOpError("the signal (")
               << signalLength << " samples) is shorter than a frame ("
               << length << ")";
      frames = (signalLength - length) / *step + 1;
    }
  }
  inferred.push_back(RankedTensorType::get(
      {batch, frames, getNumBins(length, getOnesided() != 0), 2}, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix
//===----------------------------------------------------------------------===//

/// The element type that `output_datatype` asks for (f32 when absent), or
/// an error.
static FailureOr<Type> getOutputElementType(Operation *op,
                                            std::optional<Type> outputType) {
  Type type = outputType ? *outputType : Float32Type::get(op->getContext());
  if (!isa<IntegerType, FloatType>(type) || type.isInteger(1))
    return op->emitOpError("output_datatype must be a numeric type, got ")
           << type;
  return type;
}

LogicalResult inferWindowResultType(Operation *op, Value size,
                                    std::optional<Type> outputType,
                                    SmallVectorImpl<Type> &inferred) {
  if (failed(verifyScalarOperand(op, size, "size")))
    return failure();
  FailureOr<Type> elementType = getOutputElementType(op, outputType);
  if (failed(elementType))
    return failure();
  int64_t length = ShapedType::kDynamic;
  if (std::optional<int64_t> value = getConstantScalar(size)) {
    if (*value < 0)
      return op->emitOpError("size must not be negative, got ") << *value;
    length = *value;
  }
  inferred.push_back(RankedTensorType::get({length}, *elementType));
  return success();
}

LogicalResult
MelWeightMatrixOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  for (auto [value, name] : {std::pair{getNumMelBins(), "num_mel_bins"},
                             {getDftLength(), "dft_length"},
                             {getSampleRate(), "sample_rate"},
                             {getLowerEdgeHertz(), "lower_edge_hertz"},
                             {getUpperEdgeHertz(), "upper_edge_hertz"}})
    if (failed(verifyScalarOperand(*this, value, name)))
      return failure();
  FailureOr<Type> elementType =
      getOutputElementType(*this, getOutputDatatype());
  if (failed(elementType))
    return failure();
  int64_t bins = ShapedType::kDynamic, melBins = ShapedType::kDynamic;
  if (std::optional<int64_t> length = getConstantScalar(getDftLength())) {
    if (*length < 1)
      return emitOpError("dft_length must be positive, got ") << *length;
    bins = *length / 2 + 1;
  }
  if (std::optional<int64_t> count = getConstantScalar(getNumMelBins())) {
    if (*count < 0)
      return emitOpError("num_mel_bins must not be negative, got ") << *count;
    melBins = *count;
  }
  if (std::optional<int64_t> rate = getConstantScalar(getSampleRate());
      rate && *rate < 1)
    return emitOpError("sample_rate must be positive, got ") << *rate;
  inferred.push_back(RankedTensorType::get({bins, melBins}, *elementType));
  return success();
}

} // namespace onnxc::onnx
