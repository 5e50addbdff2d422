// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Nearest: one generic over the output; each resized dim maps its index back
// (asymmetric: x / scale), rounds (floor), clamps, and the element is read
// with tensor.extract. Dims with scale 1 read their own index.
// CHECK-LABEL: func.func @resize_nearest_constant_scales
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3.000000e+00 : f64
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x6xf32>)
// CHECK: arith.divf %{{.*}}, %[[TWO]] : f64
// CHECK: math.floor
// CHECK: arith.divf %{{.*}}, %[[THREE]] : f64
// CHECK: math.floor
// CHECK: %[[E:.*]] = tensor.extract %arg0[%c0, %c0, %{{.*}}, %{{.*}}] : tensor<1x1x2x2xf32>
// CHECK: linalg.yield %[[E]] : f32
func.func @resize_nearest_constant_scales(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32> {
  %s = onnx.Constant dense<[1.0, 1.0, 2.0, 3.0]> : tensor<4xf32> -> tensor<4xf32>
  %0 = onnx.Resize %x scales %s {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x6xf32>
  return %0 : tensor<1x1x4x6xf32>
}

// -----

// Linear with sizes read at run time: the output sizes come from `sizes`,
// and every dim contributes two taps, weighted 1 - t and t in f64.
// CHECK-LABEL: func.func @resize_linear_runtime_sizes
// CHECK: %[[N:.*]] = tensor.extract %arg1[%c0] : tensor<2xi64>
// CHECK: %[[M:.*]] = tensor.extract %arg1[%c1] : tensor<2xi64>
// CHECK: linalg.generic
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @resize_linear_runtime_sizes(%x: tensor<3x4xf32>, %sizes: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Resize %x sizes %sizes {mode = "linear"} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Resize-18 axes: `scales` covers dims 2 and 3 only; the others are read
// straight through.
// CHECK-LABEL: func.func @resize_axes_scales
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2x6x6xf32>)
// CHECK: %[[N:.*]] = linalg.index 0 : index
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK-COUNT-4: tensor.extract %arg0[%[[N]], %[[C]], %{{.*}}, %{{.*}}] : tensor<2x2x3x4xf32>
func.func @resize_axes_scales(%x: tensor<2x2x3x4xf32>) -> tensor<2x2x6x6xf32> {
  %s = onnx.Constant dense<[2.0, 1.5]> : tensor<2xf32> -> tensor<2xf32>
  %0 = onnx.Resize %x scales %s {axes = [2, 3], mode = "linear"} : (tensor<2x2x3x4xf32>, tensor<2xf32>) -> tensor<2x2x6x6xf32>
  return %0 : tensor<2x2x6x6xf32>
}

// -----

// keep_aspect_ratio_policy with sizes read at run time: the common scale is
// the min of sizes / input over the resized dims, the output size
// floor(input * scale + 0.5).
// CHECK-LABEL: func.func @resize_not_larger_runtime
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK: %[[R0:.*]] = arith.divf
// CHECK: %[[R1:.*]] = arith.divf
// CHECK: %[[S:.*]] = arith.minimumf %[[R0]], %[[R1]] : f64
// CHECK: %[[P:.*]] = arith.mulf %[[S]], %{{.*}} : f64
// CHECK: arith.addf %[[P]], %[[HALF]] : f64
// CHECK: math.floor
func.func @resize_not_larger_runtime(%x: tensor<4x6xf32>, %sizes: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Resize %x sizes %sizes {keep_aspect_ratio_policy = "not_larger"} : (tensor<4x6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Antialias stretches the linear kernel by 1 / scale: downscaling by 0.5
// reads taps base - 1 ... base + 2 (four per resized dim) and renormalises.
// CHECK-LABEL: func.func @resize_linear_antialias
// CHECK: linalg.generic
// CHECK-COUNT-4: arith.maximumf
// CHECK-NOT: arith.maximumf
// CHECK: arith.divf
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
func.func @resize_linear_antialias(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %s = onnx.Constant dense<[1.0, 0.5]> : tensor<2xf32> -> tensor<2xf32>
  %0 = onnx.Resize %x scales %s {antialias = 1 : i64, mode = "linear"} : (tensor<1x8xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
