//===- Vision.td - Sampling and detection ops -----------------*- tablegen -*-===//
//
// Ops that read an image at computed, fractional positions (GridSample,
// RoiAlign) or select among detected boxes (NonMaxSuppression). Their shape
// rules are in lib/Dialect/ONNX/IR/Vision.cpp, their lowerings one file each
// in lib/Conversion/ONNXToLinalg.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_VISION_TD
#define ONNXC_DIALECT_ONNX_IR_VISION_TD

def ONNX_GridSampleOp : ONNX_Op<"GridSample",
    [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "ONNX GridSample: sample X at the positions of Grid";
  let description = [{
    X is (N x C x D1 ... Dr), Grid (N x O1 ... Or x r) holds normalised
    coordinates in [-1, 1], innermost the last spatial dim first (x, y, ...);
    Y is (N x C x O1 ... Or). Opset 16's mode names bilinear and bicubic are
    imported as linear and cubic.
  }];
  let arguments = (ins ONNX_NumericTensor:$X, ONNX_FloatTensor:$Grid,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$align_corners,
                   DefaultValuedStrAttr<StrAttr, "linear">:$mode,
                   DefaultValuedStrAttr<StrAttr, "zeros">:$padding_mode);
  let results = (outs ONNX_NumericTensor:$Y);
  let assemblyFormat = "$X `,` $Grid attr-dict `:` functional-type(operands, results)";
}

def ONNX_RoiAlignOp : ONNX_Op<"RoiAlign",
    [AllElementTypesMatch<["X", "rois", "Y"]>]> {
  let summary = "ONNX RoiAlign: pool regions of interest by bilinear sampling";
  let description = [{
    X is (N x C x H x W), rois (R x 4) boxes (x1, y1, x2, y2) in X's
    coordinates before spatial_scale, batch_indices (R) the image of each
    box. Y (R x C x output_height x output_width) averages or takes the
    maximum of sampling_ratio x sampling_ratio bilinear samples per bin
    (ceil(box size / output size) when sampling_ratio is 0). RoiAlign-10
    is this op with coordinate_transformation_mode output_half_pixel.
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$rois,
                   ONNX_I64Tensor:$batch_indices,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedStrAttr<StrAttr, "avg">:$mode,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$output_height,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$output_width,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$sampling_ratio,
                   DefaultValuedAttr<F32Attr, "1.0">:$spatial_scale);
  let results = (outs ONNX_FloatTensor:$Y);
  let assemblyFormat = "$X `,` $rois `,` $batch_indices attr-dict `:` functional-type(operands, results)";
}

def ONNX_NonMaxSuppressionOp : ONNX_Op<"NonMaxSuppression",
    [AttrSizedOperandSegments]> {
  let summary = "ONNX NonMaxSuppression: greedy selection of boxes per class";
  let description = [{
    boxes is (B x S x 4): (y1, x1, y2, x2) corners, or (x, y, width,
    height) with center_point_box = 1; scores is (B x C x S). For each batch
    and class, boxes whose score exceeds score_threshold (when given) are
    taken by descending score, the lower index first among equal scores,
    and kept unless their IoU with a box already kept exceeds
    iou_threshold, until max_output_boxes_per_class (0 when absent) are
    kept. selected_indices lists (batch, class, box) of the kept boxes in
    that order; its length is known only at run time.
  }];
  let arguments = (ins ONNX_FloatTensor:$boxes, ONNX_FloatTensor:$scores,
                   Optional<ONNX_I64Tensor>:$max_output_boxes_per_class,
                   Optional<ONNX_FloatTensor>:$iou_threshold,
                   Optional<ONNX_FloatTensor>:$score_threshold,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$center_point_box);
  let results = (outs ONNX_I64Tensor:$selected_indices);
  let assemblyFormat = [{
    $boxes `,` $scores (`max_output` $max_output_boxes_per_class^)?
    (`iou` $iou_threshold^)? (`score` $score_threshold^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_VISION_TD
