// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Average: one generic over Y; the batch index read from batch_indices is
// clamped into X's batch, and two nested scf.for (sampling_ratio 2 each)
// add up bilinear samples of four corners, divided by the sample count.
// CHECK-LABEL: func.func @roi_align_avg
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2x5x4xf32>)
// CHECK: %[[B:.*]] = tensor.extract %arg2
// CHECK: arith.index_cast %[[B]]
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: scf.for %{{.*}} = %c0 to %c2
// CHECK: scf.for %{{.*}} = %c0 to %c2
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @roi_align_avg(%x: tensor<2x2x10x10xf32>, %rois: tensor<3x4xf32>, %idx: tensor<3xi64>) -> tensor<3x2x5x4xf32> {
  %0 = onnx.RoiAlign %x, %rois, %idx {output_height = 5 : i64, output_width = 4 : i64, sampling_ratio = 2 : i64} : (tensor<2x2x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x5x4xf32>
  return %0 : tensor<3x2x5x4xf32>
}

// -----

// Max with an adaptive sample count: the loop bounds are ceil(region size /
// output size), and samples combine by maximum.
// CHECK-LABEL: func.func @roi_align_max_adaptive
// CHECK: linalg.generic
// CHECK: math.ceil
// CHECK: math.ceil
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.maximumf
func.func @roi_align_max_adaptive(%x: tensor<1x1x8x8xf32>, %rois: tensor<?x4xf32>, %idx: tensor<?xi64>) -> tensor<?x1x2x2xf32> {
  %0 = onnx.RoiAlign %x, %rois, %idx {mode = "max", output_height = 2 : i64, output_width = 2 : i64} : (tensor<1x1x8x8xf32>, tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x1x2x2xf32>
  return %0 : tensor<?x1x2x2xf32>
}
