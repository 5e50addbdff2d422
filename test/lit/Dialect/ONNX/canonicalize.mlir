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

// -----

// Inserting into an empty sequence builds a sequence of that one tensor,
// whatever the position (the lowering clamps it to 0, the only valid one).
// CHECK-LABEL: func @insert_into_empty
// CHECK-NOT: onnx.SequenceEmpty
// CHECK: %[[S:.*]] = onnx.SequenceConstruct %arg0 : (tensor<2x3xf32>) -> !onnx.seq<tensor<2x3xf32>>
// CHECK: onnx.SequenceInsert %[[S]], %arg1
func.func @insert_into_empty(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>, %p: tensor<i64>) -> !onnx.seq<tensor<2x3xf32>> {
  %0 = onnx.SequenceEmpty {dtype = f32} : !onnx.seq<tensor<*xf32>>
  %1 = onnx.SequenceInsert %0, %x, %p : (!onnx.seq<tensor<*xf32>>, tensor<2x3xf32>, tensor<i64>) -> !onnx.seq<tensor<2x3xf32>>
  %2 = onnx.SequenceInsert %1, %y : (!onnx.seq<tensor<2x3xf32>>, tensor<2x3xf32>) -> !onnx.seq<tensor<2x3xf32>>
  return %2 : !onnx.seq<tensor<2x3xf32>>
}
