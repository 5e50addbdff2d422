// RUN: onnxc-opt --split-input-file %s --canonicalize | FileCheck %s

// CHECK-LABEL: func @identity_folds
// CHECK-NEXT: return %arg0
func.func @identity_folds(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Identity %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Two transposes compose into one; an identity permutation disappears.
// CHECK-LABEL: func @transposes
// CHECK: onnx.Transpose %arg0 {perm = [2, 1, 0]}
// CHECK-NOT: onnx.Transpose
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x3x4xf32>) {
  %0 = onnx.Transpose %x {perm = [1, 0, 2]} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = onnx.Transpose %0 {perm = [2, 0, 1]} : (tensor<3x2x4xf32>) -> tensor<4x3x2xf32>
  %2 = onnx.Transpose %0 {perm = [1, 0, 2]} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  return %1, %2 : tensor<4x3x2xf32>, tensor<2x3x4xf32>
}

// -----

// The shape of a static tensor is a constant.
// CHECK-LABEL: func @shape_of_static
// CHECK: onnx.Constant dense<[3, 4]>
// CHECK-NOT: onnx.Shape
func.func @shape_of_static(%x: tensor<2x3x4xf32>) -> tensor<2xi64> {
  %0 = onnx.Shape %x {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
