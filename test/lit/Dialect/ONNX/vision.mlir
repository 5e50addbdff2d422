// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// GridSample: Y is (N x C) of X then the grid's output dims; the batch size
// comes from Grid when X does not know it.
// CHECK-LABEL: func @grid_sample
func.func @grid_sample(%x: tensor<?x3x8x8xf32>, %grid: tensor<2x5x?x2xf32>) -> tensor<*xf32> {
  // CHECK: onnx.GridSample {{.*}} -> tensor<2x3x5x?xf32>
  %0 = onnx.GridSample %x, %grid {mode = "cubic", padding_mode = "reflection"} : (tensor<?x3x8x8xf32>, tensor<2x5x?x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// RoiAlign: (num_rois x C x output_height x output_width); the number of
// regions comes from rois or batch_indices, whichever knows it.
// CHECK-LABEL: func @roi_align
func.func @roi_align(%x: tensor<1x4x10x10xf32>, %rois: tensor<?x4xf32>, %idx: tensor<3xi64>) -> tensor<*xf32> {
  // CHECK: onnx.RoiAlign {{.*}} -> tensor<3x4x2x5xf32>
  %0 = onnx.RoiAlign %x, %rois, %idx {output_height = 2 : i64, output_width = 5 : i64} : (tensor<1x4x10x10xf32>, tensor<?x4xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// NonMaxSuppression: the number of selected boxes is known only at run time.
// CHECK-LABEL: func @non_max_suppression
func.func @non_max_suppression(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<1xi64>, %iou: tensor<f32>) -> tensor<*xi64> {
  // CHECK: onnx.NonMaxSuppression {{.*}} -> tensor<?x3xi64>
  %0 = onnx.NonMaxSuppression %boxes, %scores max_output %max iou %iou : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<f32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

// MaxUnpool: (in - 1) * stride + kernel - pads per spatial dim, or the
// constant output_shape; a run-time output_shape leaves every size dynamic.
// CHECK-LABEL: func @max_unpool
func.func @max_unpool(%x: tensor<1x2x3x?xf32>, %i: tensor<1x2x3x?xi64>, %shape: tensor<4xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.MaxUnpool {{.*}} -> tensor<1x2x5x?xf32>
  %0 = onnx.MaxUnpool %x, %i {kernel_shape = [3, 2], pads = [1, 0, 1, 0], strides = [2, 2]} : (tensor<1x2x3x?xf32>, tensor<1x2x3x?xi64>) -> tensor<*xf32>
  %c = onnx.Constant dense<[1, 2, 7, 9]> : tensor<4xi64> -> tensor<4xi64>
  // CHECK: onnx.MaxUnpool {{.*}} -> tensor<1x2x7x9xf32>
  %1 = onnx.MaxUnpool %x, %i, %c {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x2x3x?xf32>, tensor<1x2x3x?xi64>, tensor<4xi64>) -> tensor<*xf32>
  // CHECK: onnx.MaxUnpool {{.*}} -> tensor<?x?x?x?xf32>
  %2 = onnx.MaxUnpool %x, %i, %shape {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x2x3x?xf32>, tensor<1x2x3x?xi64>, tensor<4xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
