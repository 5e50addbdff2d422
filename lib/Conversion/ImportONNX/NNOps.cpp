//===- NNOps.cpp - Importing convolution, pooling, normalisation, Dropout -===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

/// Conv-1, 11 and 22 differ only in documentation and types.
LogicalResult importConv(NodeBinder &b) {
  Value x, w, bias;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, w)) ||
      failed(b.optionalInput(2, bias)) ||
      failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntsAttr(attrs, "dilations")) ||
      failed(b.copyIntAttr(attrs, "group")) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape")) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  SmallVector<Value> operands{x, w};
  if (bias)
    operands.push_back(bias);
  return b.createAndBind<onnx::ConvOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// MaxPool
//===----------------------------------------------------------------------===//

/// What each MaxPool version added: Indices and storage_order (8), then
/// ceil_mode and dilations (10). Later versions only widened the types.
struct MaxPoolVersion {
  bool hasIndices;
  bool hasCeilModeAndDilations;
};

LogicalResult importMaxPoolCommon(NodeBinder &b, MaxPoolVersion version) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  if (version.hasIndices && failed(b.copyIntAttr(attrs, "storage_order")))
    return failure();
  if (version.hasCeilModeAndDilations &&
      (failed(b.copyIntAttr(attrs, "ceil_mode")) ||
       failed(b.copyIntsAttr(attrs, "dilations"))))
    return failure();
  unsigned numResults = version.hasIndices && b.hasOutput(1) ? 2 : 1;
  return b.createAndBind<onnx::MaxPoolOp>({x}, attrs.getAttrs(), numResults);
}

LogicalResult importMaxPoolV1(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/false,
                                 /*hasCeilModeAndDilations=*/false});
}

LogicalResult importMaxPoolV8(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/true,
                                 /*hasCeilModeAndDilations=*/false});
}

LogicalResult importMaxPoolV10(NodeBinder &b) {
  return importMaxPoolCommon(b, {/*hasIndices=*/true,
                                 /*hasCeilModeAndDilations=*/true});
}

//===----------------------------------------------------------------------===//
// MaxUnpool
//===----------------------------------------------------------------------===//

/// MaxUnpool-9, 11 and 22 differ only in documentation and types.
LogicalResult importMaxUnpool(NodeBinder &b) {
  Value x, indices, outputShape;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, indices)) ||
      failed(b.optionalInput(2, outputShape)) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  SmallVector<Value> operands{x, indices};
  if (outputShape)
    operands.push_back(outputShape);
  return b.createAndBind<onnx::MaxUnpoolOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

/// ConvTranspose-1 and 11 differ only in documentation.
LogicalResult importConvTranspose(NodeBinder &b) {
  Value x, w, bias;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, w)) ||
      failed(b.optionalInput(2, bias)))
    return failure();
  for (StringRef name : {"dilations", "kernel_shape", "output_padding",
                         "output_shape", "pads", "strides"})
    if (failed(b.copyIntsAttr(attrs, name)))
      return failure();
  if (failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntAttr(attrs, "group")))
    return failure();
  SmallVector<Value> operands{x, w};
  if (bias)
    operands.push_back(bias);
  return b.createAndBind<onnx::ConvTransposeOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// AveragePool, LpPool, global pools
//===----------------------------------------------------------------------===//

/// The window attributes common to AveragePool and LpPool; `ceil_mode` and
/// `dilations` where the version has them.
LogicalResult copyPoolAttrs(NodeBinder &b, NamedAttrList &attrs,
                            bool hasCeilMode, bool hasDilations) {
  if (failed(b.copyStringAttr(attrs, "auto_pad")) ||
      failed(b.copyIntsAttr(attrs, "kernel_shape", /*required=*/true)) ||
      failed(b.copyIntsAttr(attrs, "pads")) ||
      failed(b.copyIntsAttr(attrs, "strides")))
    return failure();
  if (hasCeilMode && failed(b.copyIntAttr(attrs, "ceil_mode")))
    return failure();
  if (hasDilations && failed(b.copyIntsAttr(attrs, "dilations")))
    return failure();
  return success();
}

/// What each AveragePool version added: count_include_pad (7), ceil_mode
/// (10), dilations (19).
struct AveragePoolVersion {
  bool hasCountIncludePad, hasCeilMode, hasDilations;
};

LogicalResult importAveragePoolCommon(NodeBinder &b,
                                      AveragePoolVersion version) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) ||
      failed(
          copyPoolAttrs(b, attrs, version.hasCeilMode, version.hasDilations)))
    return failure();
  if (version.hasCountIncludePad &&
      failed(b.copyIntAttr(attrs, "count_include_pad")))
    return failure();
  return b.createAndBind<onnx::AveragePoolOp>({x}, attrs.getAttrs());
}

LogicalResult importAveragePoolV1(NodeBinder &b) {
  return importAveragePoolCommon(b, {false, false, false});
}
LogicalResult importAveragePoolV7(NodeBinder &b) {
  return importAveragePoolCommon(b, {true, false, false});
}
LogicalResult importAveragePoolV10(NodeBinder &b) {
  return importAveragePoolCommon(b, {true, true, false});
}
LogicalResult importAveragePoolV19(NodeBinder &b) {
  return importAveragePoolCommon(b, {true, true, true});
}

/// LpPool-1 and GlobalLpPool-1 had a FLOAT `p`; later versions an INT.
LogicalResult copyFloatP(NodeBinder &b, NamedAttrList &attrs) {
  float p;
  if (failed(b.floatAttr("p", p, 2.0f)))
    return failure();
  if (p != std::round(p) || p < 1)
    return b.emitError() << "'p' = " << p
                         << " is not a positive integer, which onnxc "
                            "requires";
  attrs.set("p", b.getBuilder().getI64IntegerAttr(static_cast<int64_t>(p)));
  return success();
}

LogicalResult importLpPoolCommon(NodeBinder &b, bool floatP,
                                 bool hasCeilModeAndDilations) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) ||
      failed(copyPoolAttrs(b, attrs, hasCeilModeAndDilations,
                           hasCeilModeAndDilations)) ||
      failed(floatP ? copyFloatP(b, attrs) : b.copyIntAttr(attrs, "p")))
    return failure();
  return b.createAndBind<onnx::LpPoolOp>({x}, attrs.getAttrs());
}

LogicalResult importLpPoolV1(NodeBinder &b) {
  return importLpPoolCommon(b, /*floatP=*/true, false);
}
LogicalResult importLpPoolV2(NodeBinder &b) {
  return importLpPoolCommon(b, /*floatP=*/false, false);
}
LogicalResult importLpPoolV18(NodeBinder &b) {
  return importLpPoolCommon(b, /*floatP=*/false, true);
}

LogicalResult importGlobalAveragePool(NodeBinder &b) {
  Value x;
  if (failed(b.input(0, x)))
    return failure();
  return b.createAndBind<onnx::GlobalAveragePoolOp>({x});
}

LogicalResult importGlobalMaxPool(NodeBinder &b) {
  Value x;
  if (failed(b.input(0, x)))
    return failure();
  return b.createAndBind<onnx::GlobalMaxPoolOp>({x});
}

LogicalResult importGlobalLpPoolCommon(NodeBinder &b, bool floatP) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) ||
      failed(floatP ? copyFloatP(b, attrs) : b.copyIntAttr(attrs, "p")))
    return failure();
  return b.createAndBind<onnx::GlobalLpPoolOp>({x}, attrs.getAttrs());
}

LogicalResult importGlobalLpPoolV1(NodeBinder &b) {
  return importGlobalLpPoolCommon(b, /*floatP=*/true);
}
LogicalResult importGlobalLpPoolV2(NodeBinder &b) {
  return importGlobalLpPoolCommon(b, /*floatP=*/false);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

/// BatchNormalization, every version. At inference only Y is computed: the
/// outputs past it hold running or saved statistics, which only training
/// computes. Versions 1-6 ask for training with is_test = 0, 7-13 by using
/// those outputs, 14 and later with training_mode = 1; onnxc implements
/// training from version 14 on, whose extra outputs are the running
/// statistics alone.
LogicalResult importBatchNormCommon(NodeBinder &b, bool isTestAttr,
                                    bool trainingModeAttr) {
  Value x, scale, bias, mean, var;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.input(2, bias)) || failed(b.input(3, mean)) ||
      failed(b.input(4, var)) || failed(b.copyFloatAttr(attrs, "epsilon")))
    return failure();
  // The statistics' shapes carry what `spatial` says: (C), or (C x D1 ...)
  // per activation.
  b.ignoreAttr("consumed_inputs");
  b.ignoreAttr("spatial");
  int64_t trainingMode = 0;
  if (trainingModeAttr &&
      failed(b.intAttr("training_mode", trainingMode, 0)))
    return failure();
  if (trainingMode != 0) {
    if (failed(b.copyFloatAttr(attrs, "momentum")))
      return failure();
    return b.createAndBind<onnx::BatchNormalizationTrainingOp>(
        {x, scale, bias, mean, var}, attrs.getAttrs(), 3);
  }
  // `momentum` only updates running statistics.
  b.ignoreAttr("momentum");
  bool training = false;
  if (isTestAttr) {
    int64_t isTest;
    if (failed(b.intAttr("is_test", isTest, 0)))
      return failure();
    training = isTest == 0 && b.isOutputUsed(1);
  }
  for (int index = 1; index < b.getNode().output_size(); ++index) {
    training |= b.isOutputUsed(index);
    b.ignoreOutput(index);
  }
  if (training && trainingModeAttr)
    return b.emitError() << "outputs past Y are only computed in training "
                            "mode (training_mode = 1)";
  if (training)
    return b.emitError() << "BatchNormalization in training mode (computing "
                            "batch statistics) is supported from opset 14 on";
  return b.createAndBind<onnx::BatchNormalizationOp>(
      {x, scale, bias, mean, var}, attrs.getAttrs());
}

LogicalResult importBatchNormV1(NodeBinder &b) {
  return importBatchNormCommon(b, /*isTestAttr=*/true,
                               /*trainingModeAttr=*/false);
}
LogicalResult importBatchNormV7(NodeBinder &b) {
  return importBatchNormCommon(b, /*isTestAttr=*/false,
                               /*trainingModeAttr=*/false);
}
LogicalResult importBatchNormV14(NodeBinder &b) {
  return importBatchNormCommon(b, /*isTestAttr=*/false,
                               /*trainingModeAttr=*/true);
}

//===----------------------------------------------------------------------===//
// InstanceNormalization, LayerNormalization, GroupNormalization
//===----------------------------------------------------------------------===//

LogicalResult importInstanceNorm(NodeBinder &b) {
  Value x, scale, bias;
  NamedAttrList attrs;
  b.ignoreAttr("consumed_inputs");
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.input(2, bias)) || failed(b.copyFloatAttr(attrs, "epsilon")))
    return failure();
  return b.createAndBind<onnx::InstanceNormalizationOp>({x, scale, bias},
                                                        attrs.getAttrs());
}

/// LayerNormalization-17: Mean and InvStdDev are always computed; the node
/// binds those it names.
LogicalResult importLayerNorm(NodeBinder &b) {
  Value x, scale, bias;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.optionalInput(2, bias)) ||
      failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyFloatAttr(attrs, "epsilon")) ||
      failed(b.copyIntAttr(attrs, "stash_type")))
    return failure();
  SmallVector<Value> operands{x, scale};
  if (bias)
    operands.push_back(bias);
  return b.createAndBind<onnx::LayerNormalizationOp>(operands, attrs.getAttrs(),
                                                     3);
}

/// RMSNormalization-23.
LogicalResult importRMSNorm(NodeBinder &b) {
  Value x, scale;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyFloatAttr(attrs, "epsilon")) ||
      failed(b.copyIntAttr(attrs, "stash_type")))
    return failure();
  return b.createAndBind<onnx::RMSNormalizationOp>({x, scale},
                                                   attrs.getAttrs());
}

/// LpNormalization-1 and -22 (which only adds bfloat16).
LogicalResult importLpNorm(NodeBinder &b) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "p")))
    return failure();
  return b.createAndBind<onnx::LpNormalizationOp>({x}, attrs.getAttrs());
}

template <typename OpTy> LogicalResult importGroupNorm(NodeBinder &b) {
  Value x, scale, bias;
  NamedAttrList attrs;
  int64_t numGroups;
  if (failed(b.input(0, x)) || failed(b.input(1, scale)) ||
      failed(b.input(2, bias)) || failed(b.copyFloatAttr(attrs, "epsilon")) ||
      failed(b.copyIntAttr(attrs, "stash_type")) ||
      failed(b.intAttr("num_groups", numGroups, 0)))
    return failure();
  if (!b.hasAttr("num_groups") && numGroups == 0)
    return b.emitError() << "required attribute 'num_groups' (INT) is missing";
  attrs.set("num_groups", b.getBuilder().getI64IntegerAttr(numGroups));
  return b.createAndBind<OpTy>({x, scale, bias}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// MeanVarianceNormalization, LRN
//===----------------------------------------------------------------------===//

LogicalResult importMeanVarianceNorm(NodeBinder &b) {
  Value x;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.copyIntsAttr(attrs, "axes")))
    return failure();
  return b.createAndBind<onnx::MeanVarianceNormalizationOp>({x},
                                                            attrs.getAttrs());
}

LogicalResult importLRN(NodeBinder &b) {
  Value x;
  NamedAttrList attrs;
  int64_t size;
  if (failed(b.input(0, x)) || failed(b.copyFloatAttr(attrs, "alpha")) ||
      failed(b.copyFloatAttr(attrs, "beta")) ||
      failed(b.copyFloatAttr(attrs, "bias")) ||
      failed(b.intAttr("size", size, 0)))
    return failure();
  if (!b.hasAttr("size"))
    return b.emitError() << "required attribute 'size' (INT) is missing";
  attrs.set("size", b.getBuilder().getI64IntegerAttr(size));
  return b.createAndBind<onnx::LRNOp>({x}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// AffineGrid
//===----------------------------------------------------------------------===//

/// AffineGrid-20.
LogicalResult importAffineGrid(NodeBinder &b) {
  Value theta, size;
  NamedAttrList attrs;
  if (failed(b.input(0, theta)) || failed(b.input(1, size)) ||
      failed(b.copyIntAttr(attrs, "align_corners")))
    return failure();
  return b.createAndBind<onnx::AffineGridOp>({theta, size}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Col2Im
//===----------------------------------------------------------------------===//

/// Col2Im-18.
LogicalResult importCol2Im(NodeBinder &b) {
  Value input, imageShape, blockShape;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.input(1, imageShape)) ||
      failed(b.input(2, blockShape)))
    return failure();
  for (StringRef name : {"dilations", "pads", "strides"})
    if (failed(b.copyIntsAttr(attrs, name)))
      return failure();
  return b.createAndBind<onnx::Col2ImOp>({input, imageShape, blockShape},
                                         attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// RotaryEmbedding
//===----------------------------------------------------------------------===//

/// RotaryEmbedding-23.
LogicalResult importRotaryEmbedding(NodeBinder &b) {
  Value x, cosCache, sinCache, positionIds;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, cosCache)) ||
      failed(b.input(2, sinCache)) || failed(b.optionalInput(3, positionIds)))
    return failure();
  for (StringRef name : {"interleaved", "num_heads", "rotary_embedding_dim"})
    if (failed(b.copyIntAttr(attrs, name)))
      return failure();
  SmallVector<Value> operands{x, cosCache, sinCache};
  if (positionIds)
    operands.push_back(positionIds);
  return b.createAndBind<onnx::RotaryEmbeddingOp>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// Resize, Upsample
//===----------------------------------------------------------------------===//

/// `value`, or null when it is a tensor of no elements: Resize-11+ models
/// pass an empty `roi` or `scales` to leave it out.
Value nullIfEmpty(Value value) {
  auto type =
      value ? dyn_cast<RankedTensorType>(value.getType()) : RankedTensorType();
  return type && type.hasStaticShape() && type.getNumElements() == 0 ? Value()
                                                                     : value;
}

LogicalResult createResize(NodeBinder &b, Value x, Value roi, Value scales,
                           Value sizes, NamedAttrList &attrs) {
  SmallVector<Value> operands{x};
  for (Value v : {roi, scales, sizes})
    if (v)
      operands.push_back(v);
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr(
                {1, roi ? 1 : 0, scales ? 1 : 0, sizes ? 1 : 0}));
  return b.createAndBind<onnx::ResizeOp>(operands, attrs.getAttrs());
}

/// Upsample and Resize-10 scale with asymmetric coordinates and take the
/// nearest input element below (ONNX Upsample: floor(output / scale)).
void setLegacyResizeAttrs(NodeBinder &b, NamedAttrList &attrs) {
  OpBuilder &builder = b.getBuilder();
  attrs.set("coordinate_transformation_mode",
            builder.getStringAttr("asymmetric"));
  attrs.set("nearest_mode", builder.getStringAttr("floor"));
}

LogicalResult importResizeV10(NodeBinder &b) {
  Value x, scales;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scales)) ||
      failed(b.copyStringAttr(attrs, "mode")))
    return failure();
  setLegacyResizeAttrs(b, attrs);
  return createResize(b, x, Value(), scales, Value(), attrs);
}

/// Resize-11 to 19. Version 18 added antialias, axes and
/// keep_aspect_ratio_policy, which are absent (their defaults) before.
LogicalResult importResizeV11(NodeBinder &b) {
  Value x, roi, scales, sizes;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.optionalInput(1, roi)) ||
      failed(b.optionalInput(2, scales)) || failed(b.optionalInput(3, sizes)))
    return failure();
  for (StringRef name : {"coordinate_transformation_mode", "mode",
                         "nearest_mode", "keep_aspect_ratio_policy"})
    if (failed(b.copyStringAttr(attrs, name)))
      return failure();
  if (failed(b.copyFloatAttr(attrs, "cubic_coeff_a")) ||
      failed(b.copyFloatAttr(attrs, "extrapolation_value")) ||
      failed(b.copyIntAttr(attrs, "exclude_outside")) ||
      failed(b.copyIntAttr(attrs, "antialias")) ||
      failed(b.copyIntsAttr(attrs, "axes")))
    return failure();
  scales = nullIfEmpty(scales);
  sizes = nullIfEmpty(sizes);
  if (sizes)
    scales = Value();
  if (auto mode = attrs.get("coordinate_transformation_mode");
      !mode || cast<StringAttr>(mode).getValue() != "tf_crop_and_resize")
    roi = Value();
  return createResize(b, x, nullIfEmpty(roi), scales, sizes, attrs);
}

/// Upsample-7: `scales` is an attribute.
LogicalResult importUpsampleV7(NodeBinder &b) {
  Value x;
  NamedAttrList attrs;
  const ::onnx::AttributeProto *scalesAttr;
  if (failed(b.input(0, x)) || failed(b.copyStringAttr(attrs, "mode")) ||
      failed(b.rawAttr("scales", ::onnx::AttributeProto::FLOATS, scalesAttr)))
    return failure();
  if (!scalesAttr)
    return b.emitError() << "required attribute 'scales' (FLOATS) is missing";
  SmallVector<float> values(scalesAttr->floats().begin(),
                            scalesAttr->floats().end());
  OpBuilder &builder = b.getBuilder();
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getF32Type());
  FailureOr<onnx::ConstantOp> scales = b.create<onnx::ConstantOp>(
      {}, {builder.getNamedAttr(
              "value", DenseElementsAttr::get(type, ArrayRef(values)))});
  if (failed(scales))
    return failure();
  setLegacyResizeAttrs(b, attrs);
  return createResize(b, x, Value(), *scales, Value(), attrs);
}

LogicalResult importUpsampleV9(NodeBinder &b) {
  Value x, scales;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, scales)) ||
      failed(b.copyStringAttr(attrs, "mode")))
    return failure();
  setLegacyResizeAttrs(b, attrs);
  return createResize(b, x, Value(), scales, Value(), attrs);
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

/// At inference Dropout passes its input through; its `mask` output is then
/// all true, of the input's shape.
LogicalResult importDropoutCommon(NodeBinder &b) {
  Value data;
  if (failed(b.input(0, data)))
    return failure();
  FailureOr<onnx::IdentityOp> output = b.create<onnx::IdentityOp>({data});
  if (failed(output))
    return failure();
  SmallVector<Value> results{*output};
  if (b.isOutputUsed(1)) {
    FailureOr<onnx::ShapeOp> shape = b.create<onnx::ShapeOp>({data});
    if (failed(shape))
      return failure();
    OpBuilder &builder = b.getBuilder();
    auto trueValue = DenseElementsAttr::get(
        RankedTensorType::get({1}, builder.getI1Type()), true);
    FailureOr<onnx::ConstantOfShapeOp> mask = b.create<onnx::ConstantOfShapeOp>(
        {*shape}, {builder.getNamedAttr("value", trueValue)});
    if (failed(mask))
      return failure();
    results.push_back(*mask);
  }
  b.ignoreOutput(1);
  return b.bindOutputs(results);
}

/// Dropout-1/6: `is_test` and `ratio` only matter in training.
LogicalResult importDropoutV1(NodeBinder &b) {
  b.ignoreAttr("consumed_inputs");
  b.ignoreAttr("is_test");
  b.ignoreAttr("ratio");
  return importDropoutCommon(b);
}

LogicalResult importDropoutV7(NodeBinder &b) {
  b.ignoreAttr("ratio");
  return importDropoutCommon(b);
}

/// Whether `value` is a constant whose elements are all zero.
bool isZeroConstant(Value value) {
  DenseElementsAttr elements;
  if (!matchPattern(value, m_Constant(&elements)))
    return false;
  if (auto floats = dyn_cast<DenseFPElementsAttr>(elements))
    return llvm::all_of(floats.getValues<APFloat>(),
                        [](const APFloat &v) { return v.isZero(); });
  return false;
}

/// The value of `value` when a constant defines it as one boolean.
std::optional<bool> getConstantFlag(Value value) {
  FailureOr<SmallVector<int64_t>> values = onnx::getConstantIntValues(value);
  if (failed(values) || values->size() != 1)
    return std::nullopt;
  return values->front() != 0;
}

/// Dropout-12, 13 and 22 (these differ only in their types): ratio and
/// training_mode became inputs. Where the importer sees that nothing is
/// dropped (not training, or a ratio of 0) Dropout is an identity. Otherwise
/// it is onnx.Dropout, which decides at run time whether to drop and then
/// draws the mask itself from `seed`.
LogicalResult importDropoutV12(NodeBinder &b) {
  Value data, ratio, trainingMode;
  if (failed(b.input(0, data)) || failed(b.optionalInput(1, ratio)) ||
      failed(b.optionalInput(2, trainingMode)))
    return failure();
  std::optional<bool> training =
      trainingMode ? getConstantFlag(trainingMode) : false;
  if (training == false || (ratio && isZeroConstant(ratio))) {
    b.ignoreAttr("seed");
    return importDropoutCommon(b);
  }
  if (!ratio) {
    // ONNX Dropout: ratio defaults to 0.5.
    OpBuilder &builder = b.getBuilder();
    FailureOr<onnx::ConstantOp> half = b.create<onnx::ConstantOp>(
        {}, {builder.getNamedAttr(
                "value", DenseElementsAttr::get(
                             RankedTensorType::get({}, builder.getF32Type()),
                             0.5f))});
    if (failed(half))
      return failure();
    ratio = *half;
  }
  NamedAttrList attrs;
  if (failed(b.copyIntAttr(attrs, "seed")))
    return failure();
  return b.createAndBind<onnx::DropoutOp>({data, ratio, trainingMode},
                                          attrs.getAttrs(), 2);
}

} // namespace

void registerNNHandlers(OpRegistry &registry) {
  registry.add("AffineGrid", 20, importAffineGrid);

  registry.add("AveragePool", 1, importAveragePoolV1);
  registry.add("AveragePool", 7, importAveragePoolV7);
  registry.add("AveragePool", 10, importAveragePoolV10);
  registry.add("AveragePool", 19, importAveragePoolV19);

  registry.add("BatchNormalization", 1, importBatchNormV1);
  registry.add("BatchNormalization", 7, importBatchNormV7);
  registry.add("BatchNormalization", 14, importBatchNormV14);

  registry.add("Col2Im", 18, importCol2Im);
  registry.add("Conv", 1, importConv);
  registry.add("ConvTranspose", 1, importConvTranspose);

  registry.add("Dropout", 1, importDropoutV1);
  registry.add("Dropout", 7, importDropoutV7);
  registry.add("Dropout", 12, importDropoutV12);

  registry.add("GlobalAveragePool", 1, importGlobalAveragePool);
  registry.add("GlobalLpPool", 1, importGlobalLpPoolV1);
  registry.add("GlobalLpPool", 2, importGlobalLpPoolV2);
  registry.add("GlobalMaxPool", 1, importGlobalMaxPool);

  registry.add("GroupNormalization", 18,
               importGroupNorm<onnx::GroupNormalizationV18Op>);
  registry.add("GroupNormalization", 21,
               importGroupNorm<onnx::GroupNormalizationOp>);

  registry.add("InstanceNormalization", 1, importInstanceNorm);
  registry.add("LayerNormalization", 17, importLayerNorm);
  registry.add("LRN", 1, importLRN);
  registry.add("LpNormalization", 1, importLpNorm);

  registry.add("LpPool", 1, importLpPoolV1);
  registry.add("LpPool", 2, importLpPoolV2);
  registry.add("LpPool", 18, importLpPoolV18);

  registry.add("MaxPool", 1, importMaxPoolV1);
  registry.add("MaxPool", 8, importMaxPoolV8);
  registry.add("MaxPool", 10, importMaxPoolV10);

  registry.add("MaxUnpool", 9, importMaxUnpool);

  registry.add("MeanVarianceNormalization", 9, importMeanVarianceNorm);

  registry.add("RMSNormalization", 23, importRMSNorm);

  registry.add("Resize", 10, importResizeV10);
  registry.add("Resize", 11, importResizeV11);

  registry.add("RotaryEmbedding", 23, importRotaryEmbedding);

  registry.add("Upsample", 7, importUpsampleV7);
  registry.add("Upsample", 9, importUpsampleV9);
}

} // namespace onnxc::importer
