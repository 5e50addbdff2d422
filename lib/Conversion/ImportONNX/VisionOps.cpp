//===- VisionOps.cpp - Importing GridSample, RoiAlign, NonMaxSuppression --===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

/// GridSample-16 names the modes bilinear and bicubic; opset 20 renamed
/// them linear and cubic and allowed N-D inputs.
LogicalResult importGridSampleCommon(NodeBinder &b, bool oldModeNames) {
  Value x, grid;
  NamedAttrList attrs;
  const ::onnx::AttributeProto *mode;
  if (failed(b.input(0, x)) || failed(b.input(1, grid)) ||
      failed(b.copyIntAttr(attrs, "align_corners")) ||
      failed(b.copyStringAttr(attrs, "padding_mode")) ||
      failed(b.rawAttr("mode", ::onnx::AttributeProto::STRING, mode)))
    return failure();
  if (mode) {
    StringRef name = mode->s();
    if (oldModeNames) {
      if (name != "bilinear" && name != "nearest" && name != "bicubic")
        return b.emitError() << "unknown mode '" << name << "'";
      name = name == "bilinear" ? "linear" : name == "bicubic" ? "cubic" : name;
    }
    attrs.set("mode", b.getBuilder().getStringAttr(name));
  }
  return b.createAndBind<onnx::GridSampleOp>({x, grid}, attrs.getAttrs());
}

LogicalResult importGridSampleV16(NodeBinder &b) {
  return importGridSampleCommon(b, /*oldModeNames=*/true);
}

LogicalResult importGridSampleV20(NodeBinder &b) {
  return importGridSampleCommon(b, /*oldModeNames=*/false);
}

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

/// RoiAlign-16 added coordinate_transformation_mode (default half_pixel);
/// RoiAlign-10 computes what output_half_pixel does.
LogicalResult importRoiAlignCommon(NodeBinder &b, bool hasTransformMode) {
  Value x, rois, batchIndices;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, rois)) ||
      failed(b.input(2, batchIndices)) ||
      failed(b.copyStringAttr(attrs, "mode")) ||
      failed(b.copyIntAttr(attrs, "output_height")) ||
      failed(b.copyIntAttr(attrs, "output_width")) ||
      failed(b.copyIntAttr(attrs, "sampling_ratio")) ||
      failed(b.copyFloatAttr(attrs, "spatial_scale")))
    return failure();
  if (hasTransformMode) {
    if (failed(b.copyStringAttr(attrs, "coordinate_transformation_mode")))
      return failure();
  } else {
    attrs.set("coordinate_transformation_mode",
              b.getBuilder().getStringAttr("output_half_pixel"));
  }
  return b.createAndBind<onnx::RoiAlignOp>({x, rois, batchIndices},
                                           attrs.getAttrs());
}

LogicalResult importRoiAlignV10(NodeBinder &b) {
  return importRoiAlignCommon(b, /*hasTransformMode=*/false);
}

LogicalResult importRoiAlignV16(NodeBinder &b) {
  return importRoiAlignCommon(b, /*hasTransformMode=*/true);
}

//===----------------------------------------------------------------------===//
// NonMaxSuppression
//===----------------------------------------------------------------------===//

/// NonMaxSuppression-10 and 11 differ only in documentation.
LogicalResult importNonMaxSuppression(NodeBinder &b) {
  Value boxes, scores, maxOutput, iouThreshold, scoreThreshold;
  NamedAttrList attrs;
  if (failed(b.input(0, boxes)) || failed(b.input(1, scores)) ||
      failed(b.optionalInput(2, maxOutput)) ||
      failed(b.optionalInput(3, iouThreshold)) ||
      failed(b.optionalInput(4, scoreThreshold)) ||
      failed(b.copyIntAttr(attrs, "center_point_box")))
    return failure();
  SmallVector<Value> operands{boxes, scores};
  for (Value v : {maxOutput, iouThreshold, scoreThreshold})
    if (v)
      operands.push_back(v);
  attrs.set("operandSegmentSizes",
            b.getBuilder().getDenseI32ArrayAttr({1, 1, maxOutput ? 1 : 0,
                                                 iouThreshold ? 1 : 0,
                                                 scoreThreshold ? 1 : 0}));
  return b.createAndBind<onnx::NonMaxSuppressionOp>(operands, attrs.getAttrs());
}

} // namespace

void registerVisionHandlers(OpRegistry &registry) {
  registry.add("GridSample", 16, importGridSampleV16);
  registry.add("GridSample", 20, importGridSampleV20);

  registry.add("NonMaxSuppression", 10, importNonMaxSuppression);

  registry.add("RoiAlign", 10, importRoiAlignV10);
  registry.add("RoiAlign", 16, importRoiAlignV16);
}

} // namespace onnxc::importer
