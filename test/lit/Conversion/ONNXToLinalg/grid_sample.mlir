// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Linear with zeros padding: one generic over Y reads the grid's y (its
// second component) and x, denormalises them without align_corners
// (((n + 1) * size - 1) / 2), and sums four taps, each read with a clamped
// index and zeroed when outside.
// CHECK-LABEL: func.func @grid_sample_linear
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x3x5xf32>)
// CHECK: tensor.extract %arg1[%c0, %{{.*}}, %{{.*}}, %c1]
// CHECK: math.floor
// CHECK: tensor.extract %arg1[%c0, %{{.*}}, %{{.*}}, %c0]
// CHECK: math.floor
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK: linalg.yield
func.func @grid_sample_linear(%x: tensor<1x2x4x4xf32>, %grid: tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32> {
  %0 = onnx.GridSample %x, %grid : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  return %0 : tensor<1x2x3x5xf32>
}

// -----

// Nearest rounds half to even and reads one pixel; border padding clamps
// the coordinate.
// CHECK-LABEL: func.func @grid_sample_nearest_border
// CHECK: linalg.generic
// CHECK: math.roundeven
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.roundeven
// CHECK-COUNT-1: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
// CHECK: linalg.yield
func.func @grid_sample_nearest_border(%x: tensor<1x2x4x4xf32>, %grid: tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32> {
  %0 = onnx.GridSample %x, %grid {mode = "nearest", padding_mode = "border"} : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  return %0 : tensor<1x2x3x5xf32>
}

// -----

// Cubic reads sixteen taps. With dynamic image sizes, an empty image or
// grid yields zeros without running the sampling generic.
// CHECK-LABEL: func.func @grid_sample_cubic_dynamic
// CHECK: scf.if
// CHECK: linalg.fill
// CHECK: } else {
// CHECK: linalg.generic
// CHECK-COUNT-16: tensor.extract %arg0
func.func @grid_sample_cubic_dynamic(%x: tensor<?x?x?x?xf32>, %grid: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %0 = onnx.GridSample %x, %grid {mode = "cubic", align_corners = 1 : i64} : (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}
