//===- Vision.cpp - Shape rules of GridSample, RoiAlign, NonMaxSuppression ===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::onnx {

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

LogicalResult GridSampleOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  auto grid = cast<TensorType>(getGrid().getType());
  StringRef mode = getMode();
  if (mode != "linear" && mode != "nearest" && mode != "cubic")
    return emitOpError("unknown mode '") << mode << "'";
  StringRef padding = getPaddingMode();
  if (padding != "zeros" && padding != "border" && padding != "reflection")
    return emitOpError("unknown padding_mode '") << padding << "'";
  if (x.hasRank() && x.getRank() < 3)
    return emitOpError("X must be (N x C x D1 ... Dr), got ") << x;
  if (grid.hasRank() && grid.getRank() < 3)
    return emitOpError("Grid must be (N x O1 ... Or x r), got ") << grid;
  if (!x.hasRank() || !grid.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(x.getElementType()));
    return success();
  }
  int64_t spatialRank = x.getRank() - 2;
  if (grid.getRank() != spatialRank + 2 ||
      failed(verifyCompatibleShape({spatialRank}, grid.getShape().take_back())))
    return emitOpError("Grid must be (N x O1 ... Or x ")
           << spatialRank << ") for X " << x << ", got " << grid;
  int64_t batch = x.getDimSize(0);
  if (ShapedType::isDynamic(batch))
    batch = grid.getDimSize(0);
  else if (!ShapedType::isDynamic(grid.getDimSize(0)) &&
           grid.getDimSize(0) != batch)
    return emitOpError("X and Grid must have the same batch size, got ")
           << x << " and " << grid;
  SmallVector<int64_t> shape{batch, x.getDimSize(1)};
  llvm::append_range(shape, grid.getShape().drop_front().drop_back());
  inferred.push_back(x.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

LogicalResult RoiAlignOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = cast<TensorType>(getX().getType());
  auto rois = cast<TensorType>(getRois().getType());
  auto batchIndices = cast<TensorType>(getBatchIndices().getType());
  StringRef mode = getMode();
  if (mode != "avg" && mode != "max")
    return emitOpError("unknown mode '") << mode << "'";
  StringRef transform = getCoordinateTransformationMode();
  if (transform != "half_pixel" && transform != "output_half_pixel")
    return emitOpError("unknown coordinate_transformation_mode '")
           << transform << "'";
  int64_t outputHeight = getOutputHeight(), outputWidth = getOutputWidth();
  if (outputHeight <= 0 || outputWidth <= 0)
    return emitOpError("output_height and output_width must be positive");
  if (static_cast<int64_t>(getSamplingRatio()) < 0)
    return emitOpError("sampling_ratio must not be negative");
  if (x.hasRank() && x.getRank() != 4)
    return emitOpError("X must be (N x C x H x W), got ") << x;
  if (rois.hasRank() &&
      (rois.getRank() != 2 ||
       failed(verifyCompatibleShape({4}, rois.getShape().take_back()))))
    return emitOpError("rois must be (num_rois x 4), got ") << rois;
  if (batchIndices.hasRank() && batchIndices.getRank() != 1)
    return emitOpError("batch_indices must be a vector, got ") << batchIndices;
  int64_t numRois = ShapedType::kDynamic;
  for (TensorType type : {rois, batchIndices}) {
    if (!type.hasRank() || ShapedType::isDynamic(type.getDimSize(0)))
      continue;
    if (!ShapedType::isDynamic(numRois) && numRois != type.getDimSize(0))
      return emitOpError("rois and batch_indices must name as many regions, "
                         "got ")
             << rois << " and " << batchIndices;
    numRois = type.getDimSize(0);
  }
  int64_t channels = x.hasRank() ? x.getDimSize(1) : ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(
      {numRois, channels, outputHeight, outputWidth}, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// NonMaxSuppression
//===----------------------------------------------------------------------===//

LogicalResult
NonMaxSuppressionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto boxes = cast<TensorType>(getBoxes().getType());
  auto scores = cast<TensorType>(getScores().getType());
  if (getCenterPointBox() != 0 && getCenterPointBox() != 1)
    return emitOpError("center_point_box must be 0 or 1");
  if (boxes.hasRank() &&
      (boxes.getRank() != 3 ||
       failed(verifyCompatibleShape({4}, boxes.getShape().take_back()))))
    return emitOpError("boxes must be (batches x boxes x 4), got ") << boxes;
  if (scores.hasRank() && scores.getRank() != 3)
    return emitOpError("scores must be (batches x classes x boxes), got ")
           << scores;
  if (boxes.hasRank() && scores.hasRank() &&
      (failed(verifyCompatibleShape({boxes.getDimSize(0)},
                                    {scores.getDimSize(0)})) ||
       failed(verifyCompatibleShape({boxes.getDimSize(1)},
                                    {scores.getDimSize(2)}))))
    return emitOpError("boxes and scores disagree on the number of batches "
                       "or boxes: ")
           << boxes << " and " << scores;
  // ONNX: the optional inputs are scalars; models also pass them as
  // one-element vectors.
  for (Value scalar :
       {getMaxOutputBoxesPerClass(), getIouThreshold(), getScoreThreshold()}) {
    auto type = scalar ? dyn_cast<RankedTensorType>(scalar.getType())
                       : RankedTensorType();
    if (type && type.hasStaticShape() && type.getNumElements() != 1)
      return emitOpError("max_output_boxes_per_class, iou_threshold and "
                         "score_threshold must be scalars, got ")
             << type;
  }
  inferred.push_back(RankedTensorType::get({ShapedType::kDynamic, 3},
                                           IntegerType::get(getContext(), 64)));
  return success();
}

} // namespace onnxc::onnx
