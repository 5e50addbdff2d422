// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// A count of selected elements stays dynamic; what the types fix is kept.
// CHECK-LABEL: func @nonzero
func.func @nonzero(%x: tensor<2x?x4xf32>, %u: tensor<*xi1>) -> (tensor<*xi64>, tensor<*xi64>) {
  // CHECK: onnx.NonZero {{.*}} -> tensor<3x?xi64>
  %0 = onnx.NonZero %x : (tensor<2x?x4xf32>) -> tensor<*xi64>
  // CHECK: onnx.NonZero {{.*}} -> tensor<?x?xi64>
  %1 = onnx.NonZero %u : (tensor<*xi1>) -> tensor<*xi64>
  return %0, %1 : tensor<*xi64>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func @compress
func.func @compress(%x: tensor<3x2x5xf32>, %c: tensor<2xi1>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Compress {{.*}} -> tensor<3x?x5xf32>
  %0 = onnx.Compress %x, %c {axis = 1 : i64} : (tensor<3x2x5xf32>, tensor<2xi1>) -> tensor<*xf32>
  // CHECK: onnx.Compress {{.*}} -> tensor<3x2x?xf32>
  %1 = onnx.Compress %x, %c {axis = -1 : i64} : (tensor<3x2x5xf32>, tensor<2xi1>) -> tensor<*xf32>
  // Without an axis the input is flattened.
  // CHECK: onnx.Compress {{.*}} -> tensor<?xf32>
  %2 = onnx.Compress %x, %c : (tensor<3x2x5xf32>, tensor<2xi1>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// inverse_indices has one entry per item of X: its elements, or its slices
// along axis.
// CHECK-LABEL: func @unique
func.func @unique(%x: tensor<2x4x3xi64>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>) {
  // CHECK: onnx.Unique {{.*}} -> (tensor<?xi64>, tensor<?xi64>, tensor<24xi64>, tensor<?xi64>)
  %y, %i, %inv, %c = onnx.Unique %x : (tensor<2x4x3xi64>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>)
  // CHECK: onnx.Unique {{.*}} -> (tensor<2x?x3xi64>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  %y2, %i2, %inv2, %c2 = onnx.Unique %x {axis = -2 : i64, sorted = 0 : i64} : (tensor<2x4x3xi64>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>)
  return %y, %inv, %y2, %inv2, %c2 : tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>
}
