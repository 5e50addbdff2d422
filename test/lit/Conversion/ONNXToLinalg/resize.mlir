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
