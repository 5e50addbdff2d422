// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// The result holds either branch's value: sizes the branches disagree on
// become dynamic.
// CHECK-LABEL: func.func @if_join
// CHECK: onnx.If %{{.*}} : tensor<i1> -> tensor<2x?xf32>
func.func @if_join(%c: tensor<i1>, %a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<*xf32> {
  %0 = onnx.If %c : tensor<i1> -> tensor<*xf32> {
    onnx.Yield %a : tensor<2x3xf32>
  } else {
    onnx.Yield %b : tensor<2x4xf32>
  }
  return %0 : tensor<*xf32>
}

// -----

// Scan outputs stack along a new first dim: M iterations exactly when there
// is no condition operand.
// CHECK-LABEL: func.func @loop_static_trip_count
// CHECK: -> tensor<2xf32>, tensor<3x2xf32>
func.func @loop_static_trip_count(%y: tensor<2xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %m = onnx.Constant dense<3> : tensor<i64> -> tensor<i64>
  %0, %1 = onnx.Loop max_trip_count(%m : tensor<i64>) carried(%y : tensor<2xf32>) -> tensor<*xf32>, tensor<*xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    %s = onnx.Add %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %c, %s, %s : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @loop_with_condition
// CHECK: -> tensor<2xf32>, tensor<?x2xf32>
func.func @loop_with_condition(%m: tensor<i64>, %cond: tensor<i1>, %y: tensor<2xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0, %1 = onnx.Loop max_trip_count(%m : tensor<i64>) cond(%cond : tensor<i1>) carried(%y : tensor<2xf32>) -> tensor<*xf32>, tensor<*xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    onnx.Yield %c, %v, %v : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @scan_sum
// CHECK: -> (tensor<2xf32>, tensor<3x2xf32>)
func.func @scan_sum(%init: tensor<2xf32>, %x: tensor<3x2xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0, %1 = onnx.Scan(%init, %x) {num_scan_inputs = 1 : i64} : (tensor<2xf32>, tensor<3x2xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  ^bb0(%sum: tensor<2xf32>, %next: tensor<2xf32>):
    %s = onnx.Add %sum, %next : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %s, %s : tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
