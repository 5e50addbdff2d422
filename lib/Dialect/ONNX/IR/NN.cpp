//===- NN.cpp - Shape rules of convolution and pooling ops ----------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {

static std::optional<ArrayRef<int64_t>>
getValues(std::optional<ArrayAttr> attr, SmallVectorImpl<int64_t> &storage) {
  if (!attr)
    return std::nullopt;
  for (Attribute value : *attr)
    storage.push_back(cast<IntegerAttr>(value).getInt());
  return ArrayRef<int64_t>(storage);
}

FailureOr<WindowGeometry> ConvOp::computeGeometry(std::string &error) {
  auto x = cast<RankedTensorType>(getX().getType());
  auto w = cast<RankedTensorType>(getW().getType());
  SmallVector<int64_t> kernelStorage, stridesStorage, dilationsStorage,
      padsStorage;
  ArrayRef<int64_t> kernel = w.getShape().drop_front(2);
  if (auto explicitKernel = getValues(getKernelShape(), kernelStorage)) {
    if (failed(verifyCompatibleShape(*explicitKernel, kernel))) {
      error = "kernel_shape contradicts W's spatial dimensions";
      return failure();
    }
    kernel = *explicitKernel;
  }
  if (llvm::any_of(kernel, ShapedType::isDynamic)) {
    error = "W's spatial dimensions must be static";
    return failure();
  }
  return computeWindowGeometry(
      x.getShape().drop_front(2), kernel,
      getValues(getStrides(), stridesStorage),
      getValues(getDilations(), dilationsStorage),
      getValues(getPads(), padsStorage), getAutoPad(), /*ceilMode=*/false,
      error);
}

LogicalResult ConvOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  auto w = cast<TensorType>(getW().getType());
  Type elementType = x.getElementType();
  if (!x.hasRank() || !w.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (x.getRank() < 3 || w.getRank() != x.getRank())
    return emitOpError("X must be (N x C x D1 ... Dn) and W of the same rank, "
                       "got ")
           << x << " and " << w;
  int64_t group = getGroup();
  int64_t channels = x.getDimSize(1), filterChannels = w.getDimSize(1);
  int64_t filters = w.getDimSize(0);
  if (group <= 0)
    return emitOpError("group must be positive, got ") << group;
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) &&
      channels != filterChannels * group)
    return emitOpError("X has ")
           << channels << " channels, but W expects " << filterChannels
           << " per group x " << group << " groups";
  if (!ShapedType::isDynamic(filters) && filters % group != 0)
    return emitOpError("W's ") << filters << " filters do not divide into "
                               << group << " groups";
  if (Value b = getB()) {
    auto bType = dyn_cast<RankedTensorType>(b.getType());
    if (bType && (bType.getRank() != 1 ||
                  failed(verifyCompatibleShape({filters}, bType.getShape()))))
      return emitOpError("B must be a vector of ")
             << filters << " biases, got " << bType;
  }
  std::string error;
  auto geometry = computeGeometry(error);
  if (failed(geometry))
    return emitOpError(error);
  SmallVector<int64_t> shape{x.getDimSize(0), filters};
  llvm::append_range(shape, geometry->outputSizes);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

FailureOr<WindowGeometry> MaxPoolOp::computeGeometry(std::string &error) {
  auto x = cast<RankedTensorType>(getX().getType());
  SmallVector<int64_t> kernelStorage, stridesStorage, dilationsStorage,
      padsStorage;
  return computeWindowGeometry(
      x.getShape().drop_front(2), *getValues(getKernelShape(), kernelStorage),
      getValues(getStrides(), stridesStorage),
      getValues(getDilations(), dilationsStorage),
      getValues(getPads(), padsStorage), getAutoPad(), getCeilMode() != 0,
      error);
}

LogicalResult MaxPoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  Type elementType = x.getElementType();
  Type indexType = IntegerType::get(getContext(), 64);
  if (!x.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    if (getIndices())
      inferred.push_back(UnrankedTensorType::get(indexType));
    return success();
  }
  if (x.getRank() < 3)
    return emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  if (getStorageOrder() != 0 && getStorageOrder() != 1)
    return emitOpError("storage_order must be 0 or 1");
  std::string error;
  auto geometry = computeGeometry(error);
  if (failed(geometry))
    return emitOpError(error);
  SmallVector<int64_t> shape{x.getDimSize(0), x.getDimSize(1)};
  llvm::append_range(shape, geometry->outputSizes);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  if (getIndices())
    inferred.push_back(RankedTensorType::get(shape, indexType));
  return success();
}

} // namespace onnxc::onnx
