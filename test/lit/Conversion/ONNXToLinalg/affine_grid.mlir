// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// AffineGrid: one generic over (N x H x W x 2); each element starts from
// theta[n, k, 2] and adds theta[n, k, 0] * x (along W) and theta[n, k, 1] * y
// (along H), with x = (2 w + 1) / W - 1 without align_corners.
// CHECK-LABEL: func.func @affine_grid
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x5x2xf32>)
// CHECK: %[[BIAS:.*]] = tensor.extract %arg0[%{{.*}}, %{{.*}}, %c2]
// CHECK: %[[W:.*]] = linalg.index 2 : index
// CHECK: arith.divf %{{.*}}, %cst{{.*}} : f32
// CHECK: %[[T0:.*]] = tensor.extract %arg0[%{{.*}}, %{{.*}}, %c0]
// CHECK: %[[H:.*]] = linalg.index 1 : index
// CHECK: %[[T1:.*]] = tensor.extract %arg0[%{{.*}}, %{{.*}}, %c1]
func.func @affine_grid(%theta: tensor<2x2x3xf32>) -> tensor<2x4x5x2xf32> {
  %size = onnx.Constant dense<[2, 3, 4, 5]> : tensor<4xi64> -> tensor<4xi64>
  %0 = onnx.AffineGrid %theta, %size : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x4x5x2xf32>
  return %0 : tensor<2x4x5x2xf32>
}
