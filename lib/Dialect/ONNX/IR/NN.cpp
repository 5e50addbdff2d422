//===- NN.cpp - Shape rules of convolution, pooling, normalisation --------===//

#include "onnxc/Dialect/ONNX/IR/NN.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

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
  return computeWindowGeometry(x.getShape().drop_front(2), kernel,
                               getValues(getStrides(), stridesStorage),
                               getValues(getDilations(), dilationsStorage),
                               getValues(getPads(), padsStorage), getAutoPad(),
                               /*ceilMode=*/false, error);
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
    return emitOpError("W's ")
           << filters << " filters do not divide into " << group << " groups";
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

/// The geometry of a pool with MaxPool's attributes (MaxPool, AveragePool,
/// LpPool).
template <typename OpTy>
static FailureOr<WindowGeometry> computePoolGeometry(OpTy op,
                                                     std::string &error) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  SmallVector<int64_t> kernelStorage, stridesStorage, dilationsStorage,
      padsStorage;
  return computeWindowGeometry(x.getShape().drop_front(2),
                               *getValues(op.getKernelShape(), kernelStorage),
                               getValues(op.getStrides(), stridesStorage),
                               getValues(op.getDilations(), dilationsStorage),
                               getValues(op.getPads(), padsStorage),
                               op.getAutoPad(), op.getCeilMode() != 0, error);
}

/// The (N x C x O1 ... On) shape of a pool's output, or failure after
/// reporting why.
template <typename OpTy>
static FailureOr<SmallVector<int64_t>> inferPoolShape(OpTy op) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  if (x.getRank() < 3)
    return op.emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  std::string error;
  auto geometry = op.computeGeometry(error);
  if (failed(geometry))
    return op.emitOpError(error);
  SmallVector<int64_t> shape{x.getDimSize(0), x.getDimSize(1)};
  llvm::append_range(shape, geometry->outputSizes);
  return shape;
}

FailureOr<WindowGeometry> MaxPoolOp::computeGeometry(std::string &error) {
  return computePoolGeometry(*this, error);
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
  if (getStorageOrder() != 0 && getStorageOrder() != 1)
    return emitOpError("storage_order must be 0 or 1");
  FailureOr<SmallVector<int64_t>> shape = inferPoolShape(*this);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  if (getIndices())
    inferred.push_back(RankedTensorType::get(*shape, indexType));
  return success();
}

//===----------------------------------------------------------------------===//
// MaxUnpool
//===----------------------------------------------------------------------===//

int64_t MaxUnpoolGeometry::getOutputSize(size_t dim, int64_t input) const {
  if (ShapedType::isDynamic(input))
    return ShapedType::kDynamic;
  return (input - 1) * strides[dim] + kernel[dim] - pads[dim] -
         pads[dim + kernel.size()];
}

FailureOr<MaxUnpoolGeometry> computeMaxUnpoolGeometry(MaxUnpoolOp op,
                                                      std::string &error) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  size_t rank = x.getRank() - 2;
  MaxUnpoolGeometry geometry;
  SmallVector<int64_t> storage;
  geometry.kernel.assign(*getValues(op.getKernelShape(), storage));
  if (geometry.kernel.size() != rank) {
    error = "kernel_shape must hold one size per spatial dimension of X";
    return failure();
  }
  storage.clear();
  auto strides = getValues(op.getStrides(), storage);
  geometry.strides.assign(strides ? *strides : SmallVector<int64_t>(rank, 1));
  if (geometry.strides.size() != rank) {
    error = "strides must hold one value per spatial dimension of X";
    return failure();
  }
  storage.clear();
  auto pads = getValues(op.getPads(), storage);
  geometry.pads.assign(pads ? *pads : SmallVector<int64_t>(2 * rank, 0));
  if (geometry.pads.size() != 2 * rank) {
    error = "pads must hold two values per spatial dimension of X";
    return failure();
  }
  if (llvm::any_of(geometry.kernel, [](int64_t k) { return k <= 0; }) ||
      llvm::any_of(geometry.strides, [](int64_t s) { return s <= 0; }) ||
      llvm::any_of(geometry.pads, [](int64_t p) { return p < 0; })) {
    error = "kernel_shape and strides must be positive, pads not negative";
    return failure();
  }
  return geometry;
}

LogicalResult MaxUnpoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  auto indices = cast<TensorType>(getI().getType());
  if (!x.hasRank()) {
    inferred.push_back(x);
    return success();
  }
  if (x.getRank() < 3)
    return emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  if (indices.hasRank() &&
      failed(verifyCompatibleShape(x.getShape(), indices.getShape())))
    return emitOpError("I must have X's shape, got ")
           << indices << " and " << x;
  std::string error;
  FailureOr<MaxUnpoolGeometry> geometry =
      computeMaxUnpoolGeometry(*this, error);
  if (failed(geometry))
    return emitOpError(error);
  int64_t rank = x.getRank();
  if (Value outputShape = getOutputShape()) {
    auto type = cast<TensorType>(outputShape.getType());
    if (type.hasRank() &&
        (type.getRank() != 1 ||
         failed(verifyCompatibleShape({rank}, type.getShape()))))
      return emitOpError("output_shape must be a vector of ")
             << rank << " sizes, got " << type;
    SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
    if (FailureOr<SmallVector<int64_t>> values =
            getConstantIntValues(outputShape);
        succeeded(values)) {
      if (llvm::any_of(*values, [](int64_t size) { return size < 0; }))
        return emitOpError("output_shape must not hold negative sizes");
      shape.assign(*values);
    }
    inferred.push_back(x.clone(shape));
    return success();
  }
  SmallVector<int64_t> shape{x.getDimSize(0), x.getDimSize(1)};
  for (int64_t dim = 2; dim < rank; ++dim) {
    int64_t size = geometry->getOutputSize(dim - 2, x.getDimSize(dim));
    if (!ShapedType::isDynamic(size) && size < 0)
      return emitOpError("the output would have a negative size");
    shape.push_back(size);
  }
  inferred.push_back(x.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// AveragePool, LpPool, global pools
//===----------------------------------------------------------------------===//

FailureOr<WindowGeometry> AveragePoolOp::computeGeometry(std::string &error) {
  return computePoolGeometry(*this, error);
}

LogicalResult AveragePoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  if (!x.hasRank()) {
    inferred.push_back(x);
    return success();
  }
  if (getCountIncludePad() != 0 && getCountIncludePad() != 1)
    return emitOpError("count_include_pad must be 0 or 1");
  FailureOr<SmallVector<int64_t>> shape = inferPoolShape(*this);
  if (failed(shape))
    return failure();
  inferred.push_back(x.clone(*shape));
  return success();
}

FailureOr<WindowGeometry> LpPoolOp::computeGeometry(std::string &error) {
  return computePoolGeometry(*this, error);
}

LogicalResult LpPoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  if (!x.hasRank()) {
    inferred.push_back(x);
    return success();
  }
  if (static_cast<int64_t>(getP()) <= 0)
    return emitOpError("p must be positive, got ")
           << static_cast<int64_t>(getP());
  FailureOr<SmallVector<int64_t>> shape = inferPoolShape(*this);
  if (failed(shape))
    return failure();
  inferred.push_back(x.clone(*shape));
  return success();
}

/// (N x C x D1 ... Dn) to (N x C x 1 ... 1).
static LogicalResult inferGlobalPoolType(Operation *op, Value input,
                                         SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(input.getType());
  if (!x.hasRank()) {
    inferred.push_back(x);
    return success();
  }
  if (x.getRank() < 3)
    return op->emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  SmallVector<int64_t> shape(x.getRank(), 1);
  shape[0] = x.getDimSize(0);
  shape[1] = x.getDimSize(1);
  inferred.push_back(x.clone(shape));
  return success();
}

LogicalResult
GlobalAveragePoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferGlobalPoolType(*this, getX(), inferred);
}

LogicalResult
GlobalLpPoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (static_cast<int64_t>(getP()) <= 0)
    return emitOpError("p must be positive, got ")
           << static_cast<int64_t>(getP());
  return inferGlobalPoolType(*this, getX(), inferred);
}

LogicalResult
GlobalMaxPoolOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferGlobalPoolType(*this, getX(), inferred);
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> splitConvTransposePads(int64_t total,
                                                   StringRef autoPad) {
  int64_t half = llvm::divideFloorSigned(total, 2);
  if (autoPad == "SAME_UPPER")
    return {half, total - half};
  return {total - half, half};
}

FailureOr<ConvTransposeGeometry>
computeConvTransposeGeometry(ConvTransposeOp op, std::string &error) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  auto w = cast<RankedTensorType>(op.getW().getType());
  ArrayRef<int64_t> input = x.getShape().drop_front(2);
  size_t rank = input.size();
  ConvTransposeGeometry geometry;
  SmallVector<int64_t> storage;
  ArrayRef<int64_t> kernel = w.getShape().drop_front(2);
  if (auto explicitKernel = getValues(op.getKernelShape(), storage)) {
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
  geometry.kernel.assign(kernel.begin(), kernel.end());

  // Each optional INTS attribute, `count` values long, else `fill`.
  auto resolve = [&](StringRef name, std::optional<ArrayAttr> attr,
                     size_t count, int64_t fill,
                     SmallVectorImpl<int64_t> &values) -> LogicalResult {
    values.assign(count, fill);
    SmallVector<int64_t> given;
    if (!getValues(attr, given))
      return success();
    if (given.size() != count) {
      llvm::raw_string_ostream(error) << "'" << name << "' has " << given.size()
                                      << " values, expected " << count;
      return failure();
    }
    values.assign(given.begin(), given.end());
    return success();
  };
  StringRef autoPad = op.getAutoPad();
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER") {
    error = ("unknown auto_pad '" + autoPad + "'").str();
    return failure();
  }
  if (failed(resolve("strides", op.getStrides(), rank, 1, geometry.strides)) ||
      failed(resolve("dilations", op.getDilations(), rank, 1,
                     geometry.dilations)) ||
      failed(resolve("output_padding", op.getOutputPadding(), rank, 0,
                     geometry.outputPadding)) ||
      failed(resolve("pads", autoPad == "NOTSET" ? op.getPads() : std::nullopt,
                     2 * rank, 0, geometry.pads)))
    return failure();
  for (size_t i = 0; i < rank; ++i) {
    if (geometry.kernel[i] <= 0 || geometry.strides[i] <= 0 ||
        geometry.dilations[i] <= 0 || geometry.outputPadding[i] < 0) {
      error = "kernel sizes, strides and dilations must be positive, "
              "output_padding not negative";
      return failure();
    }
  }

  // output_shape may also list N and C, as some exporters write it.
  SmallVector<int64_t> outputShape;
  if (getValues(op.getOutputShape(), outputShape)) {
    if (outputShape.size() == rank + 2)
      outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
    if (outputShape.size() != rank) {
      llvm::raw_string_ostream(error)
          << "'output_shape' has " << outputShape.size() << " values, expected "
          << rank;
      return failure();
    }
    geometry.targetSizes = outputShape;
  }
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  // Attribute values near int64's limits must be refused, not overflowed.
  bool overflow = false;
  auto add = [&](int64_t a, int64_t b) {
    int64_t sum;
    overflow |= llvm::AddOverflow(a, b, sum);
    return sum;
  };
  auto multiply = [&](int64_t a, int64_t b) {
    int64_t product;
    overflow |= llvm::MulOverflow(a, b, product);
    return product;
  };
  auto overflowed = [&] {
    error = "the output size overflows int64";
    return failure();
  };
  for (size_t i = 0; i < rank; ++i) {
    int64_t in = input[i], stride = geometry.strides[i];
    int64_t effectiveKernel =
        add(multiply(geometry.kernel[i] - 1, geometry.dilations[i]), 1);
    // ONNX ConvTranspose: the full output is (in - 1) * stride +
    // effectiveKernel long; output_padding adds to its end, pads cut from
    // either end.
    int64_t full = ShapedType::isDynamic(in)
                       ? ShapedType::kDynamic
                       : add(add(multiply(in - 1, stride), effectiveKernel),
                             geometry.outputPadding[i]);
    if (geometry.targetSizes.empty() && same) {
      // ONNX: SAME_* asks for input * stride, so the total pad is
      // output_padding + effectiveKernel - stride whatever the input size.
      int64_t padTotal = add(geometry.outputPadding[i], effectiveKernel);
      int64_t size = ShapedType::isDynamic(in) ? ShapedType::kDynamic
                                               : multiply(in, stride);
      if (overflow)
        return overflowed();
      auto [begin, end] = splitConvTransposePads(padTotal - stride, autoPad);
      geometry.pads[i] = begin;
      geometry.pads[i + rank] = end;
      geometry.outputSizes.push_back(size);
      continue;
    }
    if (overflow)
      return overflowed();
    if (!geometry.targetSizes.empty()) {
      int64_t target = geometry.targetSizes[i];
      int64_t total;
      if (ShapedType::isDynamic(full)) {
        geometry.pads[i] = geometry.pads[i + rank] = ShapedType::kDynamic;
      } else if (llvm::SubOverflow(full, target, total)) {
        return overflowed();
      } else {
        auto [begin, end] = splitConvTransposePads(total, autoPad);
        geometry.pads[i] = begin;
        geometry.pads[i + rank] = end;
      }
      geometry.outputSizes.push_back(target);
      continue;
    }
    if (ShapedType::isDynamic(full)) {
      geometry.outputSizes.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t size;
    if (llvm::SubOverflow(full, geometry.pads[i], size) ||
        llvm::SubOverflow(size, geometry.pads[i + rank], size))
      return overflowed();
    geometry.outputSizes.push_back(size);
  }
  for (int64_t size : geometry.outputSizes) {
    if (!ShapedType::isDynamic(size) && size <= 0) {
      error = "the pads leave no output";
      return failure();
    }
  }
  return geometry;
}

LogicalResult
ConvTransposeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  auto w = cast<TensorType>(getW().getType());
  if (!x.hasRank() || !w.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(x.getElementType()));
    return success();
  }
  if (x.getRank() < 3 || w.getRank() != x.getRank())
    return emitOpError("X must be (N x C x D1 ... Dn) and W of the same rank, "
                       "got ")
           << x << " and " << w;
  int64_t group = getGroup();
  if (group <= 0)
    return emitOpError("group must be positive, got ") << group;
  int64_t channels = x.getDimSize(1), filterChannels = w.getDimSize(0);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) && channels != filterChannels)
    return emitOpError("X has ")
           << channels << " channels, but W has " << filterChannels;
  if (!ShapedType::isDynamic(filterChannels) && filterChannels % group != 0)
    return emitOpError("W's ")
           << filterChannels << " channels do not divide into " << group
           << " groups";
  int64_t outChannels = ShapedType::isDynamic(w.getDimSize(1))
                            ? ShapedType::kDynamic
                            : w.getDimSize(1) * group;
  if (Value b = getB()) {
    auto bType = dyn_cast<RankedTensorType>(b.getType());
    if (bType &&
        (bType.getRank() != 1 ||
         failed(verifyCompatibleShape({outChannels}, bType.getShape()))))
      return emitOpError("B must be a vector of ")
             << outChannels << " biases, got " << bType;
  }
  std::string error;
  FailureOr<ConvTransposeGeometry> geometry =
      computeConvTransposeGeometry(*this, error);
  if (failed(geometry))
    return emitOpError(error);
  SmallVector<int64_t> shape{x.getDimSize(0), outChannels};
  llvm::append_range(shape, geometry->outputSizes);
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalisations
//===----------------------------------------------------------------------===//

/// Checks that `param` is a vector of `size` values when its shape is known.
static LogicalResult verifyVector(Operation *op, StringRef name, Value param,
                                  int64_t size) {
  auto type = dyn_cast<RankedTensorType>(param.getType());
  if (!type)
    return success();
  if (type.getRank() != 1 ||
      failed(verifyCompatibleShape({size}, type.getShape())))
    return op->emitOpError() << name << " must be a vector of " << size
                             << " values, got " << type;
  return success();
}

LogicalResult
BatchNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  if (!x.hasRank())
    return success();
  if (x.getRank() < 2)
    return emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  // The statistics are (C), or (C x D1 ... Dn) per activation. (Named
  // arrays: an ArrayRef of a braced list would dangle inside the loop.)
  StringRef names[] = {"scale", "B", "input_mean", "input_var"};
  Value params[] = {getScale(), getB(), getInputMean(), getInputVar()};
  for (auto [name, param] : llvm::zip_equal(names, params)) {
    auto type = dyn_cast<RankedTensorType>(param.getType());
    if (!type)
      continue;
    ArrayRef<int64_t> expected = x.getShape().drop_front(1);
    if (type.getRank() == 1)
      expected = expected.take_front(1);
    if (failed(verifyCompatibleShape(expected, type.getShape())))
      return emitOpError() << name << " must be (C) or (C x D1 ... Dn) for X "
                           << x << ", got " << type;
  }
  return success();
}

LogicalResult BatchNormalizationTrainingOp::inferResultTypes(
    SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  inferred.push_back(getInputMean().getType());
  inferred.push_back(getInputVar().getType());
  if (!x.hasRank())
    return success();
  if (x.getRank() < 2)
    return emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  StringRef names[] = {"scale", "B", "input_mean", "input_var"};
  Value params[] = {getScale(), getB(), getInputMean(), getInputVar()};
  for (auto [name, param] : llvm::zip_equal(names, params))
    if (failed(verifyVector(*this, name, param, x.getDimSize(1))))
      return failure();
  return success();
}

LogicalResult
InstanceNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getInput().getType());
  inferred.push_back(x);
  if (!x.hasRank())
    return success();
  if (x.getRank() < 3)
    return emitOpError("input must be (N x C x D1 ... Dn), got ") << x;
  if (failed(verifyVector(*this, "scale", getScale(), x.getDimSize(1))) ||
      failed(verifyVector(*this, "B", getB(), x.getDimSize(1))))
    return failure();
  return success();
}

/// ONNX LayerNormalization and RMSNormalization: `param` (if given) must
/// broadcast unidirectionally to `normalized`, the dims of X from `axis` on.
static LogicalResult verifyNormalizedParam(Operation *op, TensorType x,
                                           ArrayRef<int64_t> normalized,
                                           Value param, StringRef names) {
  auto type =
      param ? dyn_cast<RankedTensorType>(param.getType()) : RankedTensorType();
  if (!type)
    return success();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(normalized, type.getShape());
  if (type.getRank() > static_cast<int64_t>(normalized.size()) ||
      failed(shape) || failed(verifyCompatibleShape(*shape, normalized)))
    return op->emitOpError(names)
           << " must broadcast to the normalised dims of X " << x << ", got "
           << type;
  return success();
}

LogicalResult
LayerNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  Type statsType =
      getStashType() == 1 ? Float32Type::get(getContext()) : x.getElementType();
  inferred.push_back(x);
  if (!x.hasRank()) {
    inferred.append(2, UnrankedTensorType::get(statsType));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), x.getRank());
  if (failed(axis))
    return emitOpError("axis ") << getAxis() << " is out of range for X " << x;
  ArrayRef<int64_t> normalized = x.getShape().drop_front(*axis);
  for (Value param : {getScale(), getB()})
    if (failed(verifyNormalizedParam(*this, x, normalized, param,
                                     "Scale and B")))
      return failure();
  SmallVector<int64_t> statsShape(x.getShape());
  std::fill(statsShape.begin() + *axis, statsShape.end(), 1);
  inferred.append(2, RankedTensorType::get(statsShape, statsType));
  return success();
}

LogicalResult
RMSNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  if (!x.hasRank())
    return success();
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), x.getRank());
  if (failed(axis))
    return emitOpError("axis ") << getAxis() << " is out of range for X " << x;
  return verifyNormalizedParam(*this, x, x.getShape().drop_front(*axis),
                               getScale(), "scale");
}

LogicalResult
LpNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getInput().getType());
  inferred.push_back(x);
  if (getP() != 1 && getP() != 2)
    return emitOpError("p must be 1 or 2, got ") << getP();
  if (x.hasRank() && failed(normalizeAxis(getAxis(), x.getRank())))
    return emitOpError("axis ") << getAxis() << " is out of range for "
                                << x;
  return success();
}

/// The shape rule of GroupNormalization: Y is X; scale and bias hold
/// `paramsPerGroup ? num_groups : C` values.
static LogicalResult inferGroupNormType(Operation *op, Value input, Value scale,
                                        Value bias, int64_t numGroups,
                                        bool paramsPerGroup,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(input.getType());
  inferred.push_back(x);
  if (numGroups <= 0)
    return op->emitOpError("num_groups must be positive, got ") << numGroups;
  if (!x.hasRank())
    return success();
  if (x.getRank() < 2)
    return op->emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  int64_t channels = x.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % numGroups != 0)
    return op->emitOpError("X's ") << channels << " channels do not divide "
                                   << "into " << numGroups << " groups";
  int64_t size = paramsPerGroup ? numGroups : channels;
  if (failed(verifyVector(op, "scale", scale, size)) ||
      failed(verifyVector(op, "bias", bias, size)))
    return failure();
  return success();
}

LogicalResult
GroupNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferGroupNormType(*this, getX(), getScale(), getBias(),
                            getNumGroups(), /*paramsPerGroup=*/false, inferred);
}

LogicalResult
GroupNormalizationV18Op::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferGroupNormType(*this, getX(), getScale(), getBias(),
                            getNumGroups(), /*paramsPerGroup=*/true, inferred);
}

LogicalResult
MeanVarianceNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  if (!x.hasRank())
    return success();
  SmallVector<int64_t> axes;
  getValues(getAxes(), axes);
  std::string error;
  if (failed(computeReducedDims(x.getRank(), axes,
                                /*noopWithEmptyAxes=*/false, error)))
    return emitOpError(error);
  return success();
}

LogicalResult LRNOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  int64_t size = getSize();
  if (size <= 0)
    return emitOpError("size must be positive, got ") << size;
  if (x.hasRank() && x.getRank() < 2)
    return emitOpError("X must be (N x C x D1 ... Dn), got ") << x;
  return success();
}

//===----------------------------------------------------------------------===//
// AffineGrid
//===----------------------------------------------------------------------===//

LogicalResult AffineGridOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto theta = cast<TensorType>(getTheta().getType());
  auto size = dyn_cast<RankedTensorType>(getSize().getType());
  if (size && (size.getRank() != 1 ||
               (!size.isDynamicDim(0) && size.getDimSize(0) != 4 &&
                size.getDimSize(0) != 5)))
    return emitOpError("'size' must hold 4 or 5 values, got ") << size;
  // The number of spatial dims, from `size` or theta.
  int64_t spatial = ShapedType::kDynamic;
  if (size && !size.isDynamicDim(0))
    spatial = size.getDimSize(0) - 2;
  if (theta.hasRank()) {
    if (theta.getRank() != 3)
      return emitOpError("theta must be 3-D, got ") << theta;
    int64_t rows = theta.getDimSize(1), cols = theta.getDimSize(2);
    if ((!ShapedType::isDynamic(rows) && rows != 2 && rows != 3) ||
        (!ShapedType::isDynamic(rows) && !ShapedType::isDynamic(cols) &&
         cols != rows + 1) ||
        (!ShapedType::isDynamic(rows) && !ShapedType::isDynamic(spatial) &&
         rows != spatial))
      return emitOpError("theta ") << theta << " does not fit 'size'";
    if (ShapedType::isDynamic(spatial))
      spatial = rows;
  }
  Type elementType = theta.getElementType();
  if (ShapedType::isDynamic(spatial)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  SmallVector<int64_t> shape(spatial + 2, ShapedType::kDynamic);
  shape.back() = spatial;
  if (theta.hasRank())
    shape[0] = theta.getDimSize(0);
  if (FailureOr<SmallVector<int64_t>> values = getConstantIntValues(getSize());
      succeeded(values)) {
    if (static_cast<int64_t>(values->size()) != spatial + 2)
      return emitOpError("'size' must hold ") << spatial + 2 << " values";
    if (llvm::any_of(*values, [](int64_t v) { return v < 0; }))
      return emitOpError("'size' must not be negative");
    shape[0] = (*values)[0];
    std::copy(values->begin() + 2, values->end(), shape.begin() + 1);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Col2Im
//===----------------------------------------------------------------------===//

FailureOr<WindowGeometry> Col2ImOp::computeGeometry(std::string &error) {
  FailureOr<SmallVector<int64_t>> image = getConstantIntValues(getImageShape());
  FailureOr<SmallVector<int64_t>> block = getConstantIntValues(getBlockShape());
  if (failed(image) || failed(block))
    return failure();
  if (image->size() != block->size() || image->empty()) {
    error = "image_shape and block_shape must hold one value per spatial dim";
    return failure();
  }
  if (llvm::any_of(*image, [](int64_t v) { return v < 0; }) ||
      llvm::any_of(*block, [](int64_t v) { return v <= 0; })) {
    error = "image_shape must not be negative and block_shape must be "
            "positive";
    return failure();
  }
  SmallVector<int64_t> stridesStorage, dilationsStorage, padsStorage;
  return computeWindowGeometry(
      *image, *block, getValues(getStrides(), stridesStorage),
      getValues(getDilations(), dilationsStorage),
      getValues(getPads(), padsStorage), "NOTSET", /*ceilMode=*/false, error);
}

LogicalResult Col2ImOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto input = cast<TensorType>(getInput().getType());
  Type elementType = input.getElementType();
  if (input.hasRank() && input.getRank() != 3)
    return emitOpError("input must be 3-D, got ") << input;
  std::string error;
  FailureOr<WindowGeometry> geometry = computeGeometry(error);
  if (failed(geometry)) {
    if (!error.empty())
      return emitOpError(error);
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<SmallVector<int64_t>> image = getConstantIntValues(getImageShape());
  SmallVector<int64_t> shape{ShapedType::kDynamic, ShapedType::kDynamic};
  shape.append(*image);
  if (input.hasRank()) {
    shape[0] = input.getDimSize(0);
    int64_t blockSize = productOfDims(geometry->kernel);
    int64_t columns = input.getDimSize(1);
    if (!ShapedType::isDynamic(columns)) {
      if (columns % blockSize != 0)
        return emitOpError("input's dim 1 (")
               << columns << ") is not a multiple of the block size "
               << blockSize;
      shape[1] = columns / blockSize;
    }
    int64_t positions = productOfDims(geometry->outputSizes);
    if (!input.isDynamicDim(2) && input.getDimSize(2) != positions)
      return emitOpError("input's dim 2 (")
             << input.getDimSize(2) << ") is not the number of blocks, "
             << positions;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// RotaryEmbedding
//===----------------------------------------------------------------------===//

LogicalResult
RotaryEmbeddingOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  inferred.push_back(x);
  if (!x.hasRank())
    return success();
  int64_t rank = x.getRank(), numHeads = getNumHeads();
  if (rank != 3 && rank != 4)
    return emitOpError("X must be 3-D or 4-D, got ") << x;
  if (rank == 3 && numHeads <= 0)
    return emitOpError("num_heads is required with a 3-D X");
  if (numHeads < 0 || getRotaryEmbeddingDim() < 0)
    return emitOpError("num_heads and rotary_embedding_dim must not be "
                       "negative");
  int64_t headSize = x.getDimSize(rank - 1);
  if (rank == 3 && !ShapedType::isDynamic(headSize)) {
    if (headSize % numHeads != 0)
      return emitOpError("X's hidden size ")
             << headSize << " does not divide into " << numHeads << " heads";
    headSize /= numHeads;
  }
  int64_t rotaryDim = getRotaryEmbeddingDim();
  if (rotaryDim % 2 != 0 ||
      (rotaryDim != 0 && !ShapedType::isDynamic(headSize) &&
       rotaryDim > headSize))
    return emitOpError("rotary_embedding_dim ")
           << rotaryDim << " must be even and at most the head size";
  if (!ShapedType::isDynamic(headSize) && rotaryDim == 0 && headSize % 2 != 0)
    return emitOpError("the head size ") << headSize << " must be even";
  int64_t cacheRank = getPositionIds() ? 2 : 3;
  for (Value cache : {getCosCache(), getSinCache()})
    if (auto type = dyn_cast<RankedTensorType>(cache.getType());
        type && type.getRank() != cacheRank)
      return emitOpError("the caches must be ")
             << cacheRank << "-D " << (getPositionIds() ? "with" : "without")
             << " position_ids, got " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

/// The float values of `value` when a dense constant defines it.
static FailureOr<SmallVector<double>> getConstantFloatValues(Value value) {
  DenseFPElementsAttr dense;
  if (!matchPattern(value, m_Constant(&dense)))
    return failure();
  return llvm::to_vector(
      llvm::map_range(dense.getValues<APFloat>(),
                      [](const APFloat &v) { return v.convertToDouble(); }));
}

FailureOr<ResizeGeometry> computeResizeGeometry(ResizeOp op,
                                                std::string &error) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  int64_t rank = x.getRank();
  ResizeGeometry geometry;
  geometry.operandIndex.assign(rank, -1);
  SmallVector<int64_t> axes;
  if (!getValues(op.getAxes(), axes))
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  for (auto [position, axis] : llvm::enumerate(axes)) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim)) {
      llvm::raw_string_ostream(error)
          << "axis " << axis << " is out of range for rank " << rank;
      return failure();
    }
    if (geometry.operandIndex[*dim] != -1) {
      error = "'axes' repeat a dim";
      return failure();
    }
    geometry.operandIndex[*dim] = position;
  }
  int64_t count = axes.size();
  StringRef policy = op.getKeepAspectRatioPolicy();
  if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller") {
    llvm::raw_string_ostream(error)
        << "unknown keep_aspect_ratio_policy '" << policy << "'";
    return failure();
  }

  if (op.getCoordinateTransformationMode() == "tf_crop_and_resize") {
    if (!op.getRoi())
      return geometry;
    FailureOr<SmallVector<double>> roi = getConstantFloatValues(op.getRoi());
    if (failed(roi))
      return geometry;
    if (static_cast<int64_t>(roi->size()) != 2 * count) {
      llvm::raw_string_ostream(error)
          << "'roi' has " << roi->size() << " values, expected " << 2 * count;
      return failure();
    }
    geometry.roi.assign(rank, 0.0);
    geometry.roi.append(rank, 1.0);
    for (auto [dim, index] : llvm::enumerate(geometry.operandIndex)) {
      if (index < 0)
        continue;
      geometry.roi[dim] = (*roi)[index];
      geometry.roi[rank + dim] = (*roi)[count + index];
    }
  }
  auto checkCount = [&](size_t size, StringRef name) {
    if (static_cast<int64_t>(size) == count)
      return success();
    llvm::raw_string_ostream(error) << "'" << name << "' has " << size
                                    << " values, expected " << count;
    return failure();
  };
  if (Value sizes = op.getSizes()) {
    FailureOr<SmallVector<int64_t>> values = getConstantIntValues(sizes);
    if (failed(values))
      return geometry;
    if (failed(checkCount(values->size(), "sizes")))
      return failure();
    if (llvm::any_of(*values, [](int64_t v) { return v <= 0; })) {
      error = "'sizes' must be positive";
      return failure();
    }
    geometry.known = true;
    geometry.outputSizes = llvm::to_vector(x.getShape());
    if (policy == "stretch") {
      for (auto [dim, index] : llvm::enumerate(geometry.operandIndex))
        if (index >= 0)
          geometry.outputSizes[dim] = (*values)[index];
      return geometry;
    }
    // ONNX Resize-18: every resized dim takes the smallest (not_larger) or
    // largest (not_smaller) of the ratios sizes / input, and its output size
    // is round(scale * input), rounding halves up.
    std::optional<double> scale;
    for (auto [dim, index] : llvm::enumerate(geometry.operandIndex)) {
      if (index < 0)
        continue;
      if (x.isDynamicDim(dim)) {
        geometry.outputSizes[dim] = ShapedType::kDynamic;
        scale.reset();
        break;
      }
      double ratio = static_cast<double>((*values)[index]) / x.getDimSize(dim);
      scale = !scale ? ratio
              : policy == "not_larger" ? std::min(*scale, ratio)
                                       : std::max(*scale, ratio);
    }
    for (auto [dim, index] : llvm::enumerate(geometry.operandIndex)) {
      if (index < 0)
        continue;
      geometry.outputSizes[dim] =
          scale ? static_cast<int64_t>(
                      std::floor(*scale * x.getDimSize(dim) + 0.5))
                : ShapedType::kDynamic;
    }
    if (scale) {
      geometry.scales.assign(rank, 1.0);
      for (auto [dim, index] : llvm::enumerate(geometry.operandIndex))
        if (index >= 0)
          geometry.scales[dim] = *scale;
    }
    return geometry;
  }
  if (!op.getScales()) {
    error = "one of 'scales' and 'sizes' is required";
    return failure();
  }
  if (policy != "stretch") {
    error = "keep_aspect_ratio_policy applies to 'sizes' only";
    return failure();
  }
  FailureOr<SmallVector<double>> scales =
      getConstantFloatValues(op.getScales());
  if (failed(scales))
    return geometry;
  if (failed(checkCount(scales->size(), "scales")))
    return failure();
  if (llvm::any_of(*scales, [](double scale) { return !(scale > 0); })) {
    error = "'scales' must be positive";
    return failure();
  }
  geometry.known = true;
  geometry.scales.assign(rank, 1.0);
  for (auto [dim, index] : llvm::enumerate(geometry.operandIndex))
    if (index >= 0)
      geometry.scales[dim] = (*scales)[index];
  for (int64_t i = 0; i < rank; ++i) {
    int64_t in = x.getDimSize(i);
    if (ShapedType::isDynamic(in)) {
      geometry.outputSizes.push_back(ShapedType::kDynamic);
      continue;
    }
    // ONNX Resize: floor(input * (roi end - roi start) * scale).
    double extent =
        geometry.roi.empty() ? 1.0 : geometry.roi[rank + i] - geometry.roi[i];
    double size = std::floor(in * extent * geometry.scales[i]);
    // Huge or infinite scales, or an inverted roi, give no valid size (and
    // casting one out of int64's range is undefined).
    if (!(size >= 0 && size < 0x1p63)) {
      llvm::raw_string_ostream(error)
          << "the output size of dim " << i << " (" << size
          << ") is not a valid size";
      return failure();
    }
    geometry.outputSizes.push_back(static_cast<int64_t>(size));
  }
  return geometry;
}

LogicalResult ResizeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  if (!x.hasRank()) {
    inferred.push_back(x);
    return success();
  }
  StringRef mode = getMode();
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return emitOpError("unknown mode '") << mode << "'";
  std::string error;
  FailureOr<ResizeGeometry> geometry = computeResizeGeometry(*this, error);
  if (failed(geometry))
    return emitOpError(error);
  if (!geometry->known) {
    SmallVector<int64_t> shape(x.getShape());
    for (auto [dim, index] : llvm::enumerate(geometry->operandIndex))
      if (index >= 0)
        shape[dim] = ShapedType::kDynamic;
    inferred.push_back(x.clone(shape));
    return success();
  }
  inferred.push_back(x.clone(geometry->outputSizes));
  return success();
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

/// Checks that `value` holds one element when its shape is known: ONNX
/// Dropout's ratio and training_mode are scalars.
static LogicalResult verifyScalar(Operation *op, StringRef name, Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.hasStaticShape() && type.getNumElements() != 1)
    return op->emitOpError() << name << " must be a scalar, got " << type;
  return success();
}

LogicalResult DropoutOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyScalar(*this, "ratio", getRatio())) ||
      failed(verifyScalar(*this, "training_mode", getTrainingMode())))
    return failure();
  auto data = cast<TensorType>(getData().getType());
  inferred.push_back(data);
  inferred.push_back(data.clone(IntegerType::get(getContext(), 1)));
  return success();
}

} // namespace onnxc::onnx
