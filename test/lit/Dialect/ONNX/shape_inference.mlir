// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Broadcasting aligns trailing dims; a dynamic dim against a known one takes
// the known size only when that size is not 1.
// CHECK-LABEL: func @broadcast
// CHECK-SAME: -> (tensor<?x3xf32>, tensor<4x2x3xf32>)
func.func @broadcast(%a: tensor<?x3xf32>, %b: tensor<3xf32>, %c: tensor<4x1x3xf32>, %d: tensor<2x1xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Add {{.*}} -> tensor<?x3xf32>
  %0 = onnx.Add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<*xf32>
  // CHECK: onnx.Mul {{.*}} -> tensor<4x2x3xf32>
  %1 = onnx.Mul %c, %d : (tensor<4x1x3xf32>, tensor<2x1xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// numpy.matmul: 1-D operands are promoted and the promoted dim dropped;
// batch dims broadcast.
// CHECK-LABEL: func @matmul
func.func @matmul(%a: tensor<2x1x4x5xf32>, %b: tensor<3x5x6xf32>, %v: tensor<5xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.MatMul {{.*}} -> tensor<2x3x4x6xf32>
  %0 = onnx.MatMul %a, %b : (tensor<2x1x4x5xf32>, tensor<3x5x6xf32>) -> tensor<*xf32>
  // CHECK: onnx.MatMul {{.*}} -> tensor<2x1x4xf32>
  %1 = onnx.MatMul %a, %v : (tensor<2x1x4x5xf32>, tensor<5xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @gemm
func.func @gemm(%a: tensor<5x3xf32>, %b: tensor<4x5xf32>, %c: tensor<4xf32>) -> tensor<*xf32> {
  // CHECK: onnx.Gemm {{.*}} -> tensor<3x4xf32>
  %0 = onnx.Gemm %a, %b, %c {transA = 1 : i64, transB = 1 : i64} : (tensor<5x3xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Conv: pads, strides and dilations; SAME_UPPER gives ceil(in / stride).
// CHECK-LABEL: func @conv
func.func @conv(%x: tensor<1x4x10x9xf32>, %w: tensor<8x2x3x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Conv {{.*}} -> tensor<1x8x5x5xf32>
  %0 = onnx.Conv %x, %w {group = 2 : i64, pads = [1, 1, 1, 1], strides = [2, 2]} : (tensor<1x4x10x9xf32>, tensor<8x2x3x3xf32>) -> tensor<*xf32>
  // CHECK: onnx.Conv {{.*}} -> tensor<1x8x6x5xf32>
  %1 = onnx.Conv %x, %w {group = 2 : i64, dilations = [2, 2]} : (tensor<1x4x10x9xf32>, tensor<8x2x3x3xf32>) -> tensor<*xf32>
  // CHECK: onnx.Conv {{.*}} -> tensor<1x8x4x3xf32>
  %2 = onnx.Conv %x, %w {auto_pad = "SAME_UPPER", group = 2 : i64, strides = [3, 3]} : (tensor<1x4x10x9xf32>, tensor<8x2x3x3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// ceil_mode keeps a last, partial window.
// CHECK-LABEL: func @maxpool
func.func @maxpool(%x: tensor<?x3x7x7xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  // CHECK: onnx.MaxPool {{.*}} -> tensor<?x3x3x3xf32>
  %0 = onnx.MaxPool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<?x3x7x7xf32>) -> tensor<*xf32>
  // CHECK: onnx.MaxPool {{.*}} -> (tensor<?x3x4x4xf32>, tensor<?x3x4x4xi64>)
  %1, %2 = onnx.MaxPool %x {ceil_mode = 1 : i64, kernel_shape = [2, 2], strides = [2, 2]} : (tensor<?x3x7x7xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}

// -----

// Reshape reads a constant shape: 0 copies, -1 is inferred.
// CHECK-LABEL: func @reshape
func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  %shape = onnx.Constant dense<[0, -1]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Reshape {{.*}} -> tensor<2x12xf32>
  %0 = onnx.Reshape %x, %shape : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  // A shape known only at run time still fixes the rank.
  // CHECK: onnx.Reshape {{.*}} -> tensor<?x?x?xf32>
  %1 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @shape_ops
func.func @shape_ops(%x: tensor<2x3x?xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  // CHECK: onnx.Transpose {{.*}} -> tensor<?x2x3xf32>
  %0 = onnx.Transpose %x {perm = [2, 0, 1]} : (tensor<2x3x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.Flatten {{.*}} -> tensor<6x?xf32>
  %1 = onnx.Flatten %x {axis = 2 : i64} : (tensor<2x3x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.Shape {{.*}} -> tensor<2xi64>
  %2 = onnx.Shape %x {start = -2 : i64} : (tensor<2x3x?xf32>) -> tensor<*xi64>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}
