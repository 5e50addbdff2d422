//===- Quantization.cpp - Shape rules of the quantization ops -------------===//

#include "onnxc/Dialect/ONNX/IR/Quantization.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace onnxc::onnx {

FailureOr<QuantizationGranularity>
classifyQuantizationParam(RankedTensorType input, RankedTensorType param,
                          int64_t axis, int64_t blockSize, std::string &error) {
  auto known = [](int64_t size) { return !ShapedType::isDynamic(size); };
  if (blockSize < 0) {
    error = "block_size must not be negative";
    return failure();
  }
  if (blockSize > 0) {
    // ONNX blocked quantization: the parameter has the input's shape but for
    // dim `axis`, which holds ceil(size / block_size) blocks.
    bool fits = param.getRank() == input.getRank();
    for (int64_t dim = 0; fits && dim < input.getRank(); ++dim) {
      int64_t size = input.getDimSize(dim), paramSize = param.getDimSize(dim);
      int64_t expected =
          known(size) && dim == axis ? llvm::divideCeil(size, blockSize) : size;
      fits = !known(expected) || !known(paramSize) || expected == paramSize;
    }
    if (!fits) {
      error = "blocked scales and zero points must have the input's shape "
              "with dim " +
              std::to_string(axis) + " divided by the block size " +
              std::to_string(blockSize);
      return failure();
    }
    return QuantizationGranularity::Blocked;
  }
  if (param.getRank() == 0 ||
      (param.getRank() == 1 && param.getDimSize(0) == 1))
    return QuantizationGranularity::PerTensor;
  if (param.getRank() != 1) {
    error = "scales and zero points must be scalars or 1-D without a "
            "block_size";
    return failure();
  }
  int64_t size = input.getDimSize(axis), paramSize = param.getDimSize(0);
  if (known(size) && known(paramSize) && size != paramSize) {
    error = "1-D scales and zero points must hold one value per index of dim " +
            std::to_string(axis) + " (" + std::to_string(size) + "), got " +
            std::to_string(paramSize);
    return failure();
  }
  return QuantizationGranularity::PerAxis;
}

namespace {

/// Checks a quantization parameter of `input` along `axis` (normalised when
/// it matters) when both are ranked; scalars need no axis.
LogicalResult verifyParam(Operation *op, Value input, Value param,
                          StringRef name, int64_t axis, int64_t blockSize) {
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto paramType = dyn_cast<RankedTensorType>(param.getType());
  if (!inputType || !paramType)
    return success();
  bool isScalar = paramType.getRank() == 0 ||
                  (paramType.getRank() == 1 && paramType.getDimSize(0) == 1);
  if (isScalar && blockSize == 0)
    return success();
  FailureOr<int64_t> normalized = normalizeAxis(axis, inputType.getRank());
  if (failed(normalized))
    return op->emitOpError("axis ")
           << axis << " is out of range for " << inputType;
  std::string error;
  if (failed(classifyQuantizationParam(inputType, paramType, *normalized,
                                       blockSize, error)))
    return op->emitOpError(name)
           << ": " << error << " (" << paramType << " for " << inputType << ")";
  return success();
}

/// A scale and its zero point have one shape.
LogicalResult verifySameShape(Operation *op, Value scale, Value zeroPoint) {
  if (!zeroPoint)
    return success();
  auto scaleType = cast<ShapedType>(scale.getType());
  auto zeroPointType = cast<ShapedType>(zeroPoint.getType());
  if (scaleType.hasRank() && zeroPointType.hasRank() &&
      failed(verifyCompatibleShape(scaleType.getShape(),
                                   zeroPointType.getShape())))
    return op->emitOpError("scale ") << scaleType << " and zero point "
                                     << zeroPointType << " differ in shape";
  return success();
}

/// A per-tensor parameter: a scalar or a 1-D tensor of one element.
LogicalResult verifyScalar(Operation *op, Value param, StringRef name) {
  auto type = dyn_cast<RankedTensorType>(param.getType());
  if (type &&
      (type.getRank() > 1 || (type.getRank() == 1 && type.getDimSize(0) != 1 &&
                              !type.isDynamicDim(0))))
    return op->emitOpError(name) << " must be a scalar, got " << type;
  return success();
}

/// The parameter of a matrix operand given per tensor or, when 1-D, per
/// row (`perRow`) or per column of it.
LogicalResult verifyMatrixParam(Operation *op, Value matrix, Value param,
                                StringRef name, bool perRow) {
  if (!param)
    return success();
  auto matrixType = dyn_cast<RankedTensorType>(matrix.getType());
  auto paramType = dyn_cast<RankedTensorType>(param.getType());
  if (!matrixType || !paramType || paramType.getRank() != 1)
    return success();
  // A 1-D operand has no rows (A) or columns (B) to index.
  if (matrixType.getRank() < 2)
    return verifyScalar(op, param, name);
  return verifyParam(op, matrix, param, name, perRow ? -2 : -1,
                     /*blockSize=*/0);
}

/// A zero point holds the element type of the values it belongs to.
LogicalResult verifyZeroPointType(Operation *op, Value values, Value zeroPoint,
                                  StringRef name) {
  if (!zeroPoint)
    return success();
  Type expected = getElementTypeOrSelf(values.getType());
  Type actual = getElementTypeOrSelf(zeroPoint.getType());
  if (expected != actual)
    return op->emitOpError(name)
           << " must hold " << expected << " like its tensor, got " << actual;
  return success();
}

std::optional<ArrayRef<int64_t>> getValues(std::optional<ArrayAttr> attr,
                                           SmallVectorImpl<int64_t> &storage) {
  if (!attr)
    return std::nullopt;
  for (Attribute value : *attr)
    storage.push_back(cast<IntegerAttr>(value).getInt());
  return ArrayRef<int64_t>(storage);
}

/// ONNX Conv's window geometry of ConvInteger and QLinearConv.
template <typename OpTy>
FailureOr<WindowGeometry> computeConvGeometry(OpTy op, std::string &error) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  auto w = cast<RankedTensorType>(op.getW().getType());
  SmallVector<int64_t> kernelStorage, stridesStorage, dilationsStorage,
      padsStorage;
  ArrayRef<int64_t> kernel = w.getShape().drop_front(2);
  if (auto explicitKernel = getValues(op.getKernelShape(), kernelStorage)) {
    if (failed(verifyCompatibleShape(*explicitKernel, kernel))) {
      error = "kernel_shape contradicts w's spatial dimensions";
      return failure();
    }
    kernel = *explicitKernel;
  }
  SmallVector<int64_t> spatialInput(x.getShape().drop_front(2));
  SmallVector<int64_t> knownKernel(kernel);
  bool dynamicKernel = llvm::any_of(kernel, ShapedType::isDynamic);
  if (dynamicKernel) {
    // w's sizes are known only at run time: the attributes are still
    // checked, but every output size (and SAME_* pad) is dynamic.
    llvm::fill(spatialInput, ShapedType::kDynamic);
    for (int64_t &size : knownKernel)
      if (ShapedType::isDynamic(size))
        size = 1;
  }
  FailureOr<WindowGeometry> geometry = computeWindowGeometry(
      spatialInput, knownKernel, getValues(op.getStrides(), stridesStorage),
      getValues(op.getDilations(), dilationsStorage),
      getValues(op.getPads(), padsStorage), op.getAutoPad(),
      /*ceilMode=*/false, error);
  if (succeeded(geometry) && dynamicKernel)
    geometry->kernel.assign(kernel.begin(), kernel.end());
  return geometry;
}

/// Conv's shape rule: (N x M x O1 ... On) holding `elementType`.
template <typename OpTy>
LogicalResult inferConvType(OpTy op, Type elementType,
                            SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(op.getX().getType());
  auto w = cast<TensorType>(op.getW().getType());
  if (!x.hasRank() || !w.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (x.getRank() < 3 || w.getRank() != x.getRank())
    return op.emitOpError("x must be (N x C x D1 ... Dn) and w of the same "
                          "rank, got ")
           << x << " and " << w;
  int64_t group = op.getGroup();
  int64_t channels = x.getDimSize(1), filterChannels = w.getDimSize(1);
  int64_t filters = w.getDimSize(0);
  if (group <= 0)
    return op.emitOpError("group must be positive, got ") << group;
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) &&
      channels != filterChannels * group)
    return op.emitOpError("x has ")
           << channels << " channels, but w expects " << filterChannels
           << " per group x " << group << " groups";
  if (!ShapedType::isDynamic(filters) && filters % group != 0)
    return op.emitOpError("w's ")
           << filters << " filters do not divide into " << group << " groups";
  std::string error;
  FailureOr<WindowGeometry> geometry = op.computeGeometry(error);
  if (failed(geometry))
    return op.emitOpError(error);
  SmallVector<int64_t> shape{x.getDimSize(0), filters};
  llvm::append_range(shape, geometry->outputSizes);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// A per-output-channel parameter of w: a scalar or one value per filter.
LogicalResult verifyFilterParam(Operation *op, Value w, Value param,
                                StringRef name) {
  if (!param)
    return success();
  return verifyParam(op, w, param, name, /*axis=*/0, /*blockSize=*/0);
}

} // namespace

//===----------------------------------------------------------------------===//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear
//===----------------------------------------------------------------------===//

LogicalResult
QuantizeLinearOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  // ONNX: the zero point's type, else output_dtype, else uint8.
  Type elementType = IntegerType::get(getContext(), 8, IntegerType::Unsigned);
  std::optional<Type> outputType = getOutputDtype();
  if (outputType)
    elementType = *outputType;
  if (Value zeroPoint = getYZeroPoint()) {
    Type zeroPointType = getElementTypeOrSelf(zeroPoint.getType());
    if (outputType && *outputType != zeroPointType)
      return emitOpError("output_dtype ")
             << *outputType << " differs from the zero point's type "
             << zeroPointType;
    elementType = zeroPointType;
  }
  if (!isa<IntegerType>(elementType) ||
      !llvm::is_contained({8u, 16u}, elementType.getIntOrFloatBitWidth()))
    return emitOpError("cannot quantize to ") << elementType;
  if (failed(verifySameShape(*this, getYScale(), getYZeroPoint())) ||
      failed(verifyParam(*this, getX(), getYScale(), "y_scale", getAxis(),
                         getBlockSize())))
    return failure();
  inferred.push_back(cast<TensorType>(getX().getType()).clone(elementType));
  return success();
}

LogicalResult
DequantizeLinearOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  Type elementType =
      getOutputDtype().value_or(getElementTypeOrSelf(getXScale().getType()));
  if (!isa<FloatType>(elementType))
    return emitOpError("cannot dequantize to ") << elementType;
  if (failed(verifyZeroPointType(*this, getX(), getXZeroPoint(),
                                 "x_zero_point")) ||
      failed(verifySameShape(*this, getXScale(), getXZeroPoint())) ||
      failed(verifyParam(*this, getX(), getXScale(), "x_scale", getAxis(),
                         getBlockSize())))
    return failure();
  inferred.push_back(cast<TensorType>(getX().getType()).clone(elementType));
  return success();
}

LogicalResult
DynamicQuantizeLinearOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  Type u8 = IntegerType::get(getContext(), 8, IntegerType::Unsigned);
  inferred.push_back(cast<TensorType>(getX().getType()).clone(u8));
  inferred.push_back(RankedTensorType::get({}, Float32Type::get(getContext())));
  inferred.push_back(RankedTensorType::get({}, u8));
  return success();
}

//===----------------------------------------------------------------------===//
// MatMulInteger, QLinearMatMul
//===----------------------------------------------------------------------===//

LogicalResult
MatMulIntegerOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyZeroPointType(*this, getA(), getAZeroPoint(),
                                 "a_zero_point")) ||
      failed(verifyZeroPointType(*this, getB(), getBZeroPoint(),
                                 "b_zero_point")) ||
      failed(verifyMatrixParam(*this, getA(), getAZeroPoint(), "a_zero_point",
                               /*perRow=*/true)) ||
      failed(verifyMatrixParam(*this, getB(), getBZeroPoint(), "b_zero_point",
                               /*perRow=*/false)))
    return failure();
  return inferMatMulResultType(*this, getA(), getB(),
                                IntegerType::get(getContext(), 32), inferred);
}

LogicalResult
QLinearMatMulOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyZeroPointType(*this, getA(), getAZeroPoint(),
                                 "a_zero_point")) ||
      failed(verifyZeroPointType(*this, getB(), getBZeroPoint(),
                                 "b_zero_point")) ||
      failed(verifySameShape(*this, getAScale(), getAZeroPoint())) ||
      failed(verifySameShape(*this, getBScale(), getBZeroPoint())) ||
      failed(verifyMatrixParam(*this, getA(), getAScale(), "a_scale",
                               /*perRow=*/true)) ||
      failed(verifyMatrixParam(*this, getB(), getBScale(), "b_scale",
                               /*perRow=*/false)) ||
      failed(verifyScalar(*this, getYScale(), "y_scale")) ||
      failed(verifyScalar(*this, getYZeroPoint(), "y_zero_point")))
    return failure();
  return inferMatMulResultType(*this, getA(), getB(),
                                getElementTypeOrSelf(getYZeroPoint().getType()),
                                inferred);
}

//===----------------------------------------------------------------------===//
// ConvInteger, QLinearConv
//===----------------------------------------------------------------------===//

FailureOr<WindowGeometry> ConvIntegerOp::computeGeometry(std::string &error) {
  return computeConvGeometry(*this, error);
}

LogicalResult ConvIntegerOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyZeroPointType(*this, getX(), getXZeroPoint(),
                                 "x_zero_point")) ||
      failed(verifyZeroPointType(*this, getW(), getWZeroPoint(),
                                 "w_zero_point")) ||
      (getXZeroPoint() &&
       failed(verifyScalar(*this, getXZeroPoint(), "x_zero_point"))) ||
      failed(verifyFilterParam(*this, getW(), getWZeroPoint(), "w_zero_point")))
    return failure();
  return inferConvType(*this, IntegerType::get(getContext(), 32), inferred);
}

FailureOr<WindowGeometry> QLinearConvOp::computeGeometry(std::string &error) {
  return computeConvGeometry(*this, error);
}

LogicalResult QLinearConvOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyZeroPointType(*this, getX(), getXZeroPoint(),
                                 "x_zero_point")) ||
      failed(verifyZeroPointType(*this, getW(), getWZeroPoint(),
                                 "w_zero_point")) ||
      failed(verifyScalar(*this, getXScale(), "x_scale")) ||
      failed(verifyScalar(*this, getXZeroPoint(), "x_zero_point")) ||
      failed(verifySameShape(*this, getWScale(), getWZeroPoint())) ||
      failed(verifyFilterParam(*this, getW(), getWScale(), "w_scale")) ||
      failed(verifyScalar(*this, getYScale(), "y_scale")) ||
      failed(verifyScalar(*this, getYZeroPoint(), "y_zero_point")))
    return failure();
  if (Value bias = getB()) {
    auto biasType = dyn_cast<RankedTensorType>(bias.getType());
    auto wType = dyn_cast<RankedTensorType>(getW().getType());
    if (biasType &&
        (biasType.getRank() != 1 ||
         (wType && failed(verifyCompatibleShape({wType.getDimSize(0)},
                                                biasType.getShape())))))
      return emitOpError("B must hold one value per output channel, got ")
             << biasType;
  }
  return inferConvType(*this, getElementTypeOrSelf(getYZeroPoint().getType()),
                       inferred);
}

} // namespace onnxc::onnx
