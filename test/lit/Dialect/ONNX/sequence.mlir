// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// A sequence's element type holds every tensor it may contain: sizes the
// elements share stay static, the others become dynamic. Inserting into an
// empty sequence takes the tensor's type.
// CHECK-LABEL: func @build
func.func @build(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>, %p: tensor<i64>) -> tensor<*xf32> {
  // CHECK: onnx.SequenceEmpty {{.*}} : !onnx.seq<tensor<*xf32>>
  %0 = onnx.SequenceEmpty {dtype = f32} : !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SequenceInsert {{.*}} -> !onnx.seq<tensor<2x3xf32>>
  %1 = onnx.SequenceInsert %0, %x : (!onnx.seq<tensor<*xf32>>, tensor<2x3xf32>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SequenceInsert {{.*}} -> !onnx.seq<tensor<?x3xf32>>
  %2 = onnx.SequenceInsert %1, %y, %p : (!onnx.seq<tensor<*xf32>>, tensor<1x3xf32>, tensor<i64>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SequenceErase {{.*}} -> !onnx.seq<tensor<?x3xf32>>
  %3 = onnx.SequenceErase %2 : (!onnx.seq<tensor<*xf32>>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SequenceAt {{.*}} -> tensor<?x3xf32>
  %4 = onnx.SequenceAt %3, %p : (!onnx.seq<tensor<*xf32>>, tensor<i64>) -> tensor<*xf32>
  return %4 : tensor<*xf32>
}

// -----

// CHECK-LABEL: func @construct
func.func @construct(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>, %z: tensor<2xf32>) -> (!onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, tensor<*xi64>) {
  // CHECK: onnx.SequenceConstruct {{.*}} -> !onnx.seq<tensor<2x3xf32>>
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> !onnx.seq<tensor<*xf32>>
  // Elements of different ranks: the element type is unranked.
  // CHECK: onnx.SequenceConstruct {{.*}} -> !onnx.seq<tensor<*xf32>>
  %1 = onnx.SequenceConstruct %x, %z : (tensor<2x3xf32>, tensor<2xf32>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SequenceLength {{.*}} -> tensor<i64>
  %2 = onnx.SequenceLength %0 : (!onnx.seq<tensor<*xf32>>) -> tensor<*xi64>
  return %0, %1, %2 : !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, tensor<*xi64>
}

// -----

// Without `split` each element is one slice (dropped with keepdims = 0); a
// constant `split` that cuts evenly keeps the elements' size static.
// CHECK-LABEL: func @split_to_sequence
func.func @split_to_sequence(%x: tensor<6x4xf32>, %s: tensor<2xi64>) -> (!onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>) {
  // CHECK: onnx.SplitToSequence {{.*}} -> !onnx.seq<tensor<6x1xf32>>
  %0 = onnx.SplitToSequence %x {axis = -1 : i64} : (tensor<6x4xf32>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SplitToSequence {{.*}} -> !onnx.seq<tensor<4xf32>>
  %1 = onnx.SplitToSequence %x {keepdims = 0 : i64} : (tensor<6x4xf32>) -> !onnx.seq<tensor<*xf32>>
  %three = onnx.Constant dense<3> : tensor<i64> -> tensor<i64>
  // CHECK: onnx.SplitToSequence {{.*}} -> !onnx.seq<tensor<3x4xf32>>
  %2 = onnx.SplitToSequence %x, %three : (tensor<6x4xf32>, tensor<i64>) -> !onnx.seq<tensor<*xf32>>
  %four = onnx.Constant dense<4> : tensor<i64> -> tensor<i64>
  // The last element takes what remains.
  // CHECK: onnx.SplitToSequence {{.*}} -> !onnx.seq<tensor<?x4xf32>>
  %3 = onnx.SplitToSequence %x, %four : (tensor<6x4xf32>, tensor<i64>) -> !onnx.seq<tensor<*xf32>>
  // CHECK: onnx.SplitToSequence {{.*}} -> !onnx.seq<tensor<?x4xf32>>
  %4 = onnx.SplitToSequence %x, %s : (tensor<6x4xf32>, tensor<2xi64>) -> !onnx.seq<tensor<*xf32>>
  return %0, %1, %2, %3, %4 : !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>, !onnx.seq<tensor<*xf32>>
}

// -----

// The number of elements is known only at run time.
// CHECK-LABEL: func @concat_from_sequence
func.func @concat_from_sequence(%s: !onnx.seq<tensor<2x3xf32>>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.ConcatFromSequence {{.*}} -> tensor<2x?xf32>
  %0 = onnx.ConcatFromSequence %s {axis = 1 : i64} : (!onnx.seq<tensor<2x3xf32>>) -> tensor<*xf32>
  // CHECK: onnx.ConcatFromSequence {{.*}} -> tensor<2x3x?xf32>
  %1 = onnx.ConcatFromSequence %s {axis = -1 : i64, new_axis = 1 : i64} : (!onnx.seq<tensor<2x3xf32>>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
