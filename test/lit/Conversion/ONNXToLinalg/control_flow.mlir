// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @if_branches
// CHECK: %[[COND:.*]] = tensor.extract %arg0[] : tensor<i1>
// CHECK: %[[IF:.*]] = scf.if %[[COND]] -> (tensor<2x?xf32>)
// CHECK:   %[[T:.*]] = tensor.cast %arg1 : tensor<2x3xf32> to tensor<2x?xf32>
// CHECK:   scf.yield %[[T]]
// CHECK: } else {
// CHECK:   linalg.generic
// CHECK:   scf.yield
// CHECK: return %[[IF]]
func.func @if_branches(%c: tensor<i1>, %a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<2x?xf32> {
  %0 = onnx.If %c : tensor<i1> -> tensor<2x?xf32> {
    onnx.Yield %a : tensor<2x3xf32>
  } else {
    %s = onnx.Add %b, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    onnx.Yield %s : tensor<2x4xf32>
  }
  return %0 : tensor<2x?xf32>
}

// -----

// A constant trip count without condition preallocates the scan output.
// CHECK-LABEL: func.func @loop_static
// CHECK: %[[M:.*]] = tensor.extract
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: %[[W:.*]]:4 = scf.while (%[[I:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[V:.*]] = %arg0, %[[ACC:.*]] = %[[INIT]]) : (i64, i1, tensor<2xf32>, tensor<3x2xf32>)
// CHECK:   %[[LT:.*]] = arith.cmpi slt, %[[I]], %[[M]] : i64
// CHECK:   %[[GO:.*]] = arith.andi %[[LT]], %[[C]] : i1
// CHECK:   scf.condition(%[[GO]])
// CHECK: } do {
// CHECK:   scf.execute_region -> (tensor<i1>, tensor<2xf32>, tensor<2xf32>)
// CHECK:     linalg.generic
// CHECK:   arith.addi %{{.*}}, %{{.*}} : i64
// CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<3x2xf32>
// CHECK:   scf.yield
// CHECK: return %[[W]]#2, %[[W]]#3
func.func @loop_static(%y: tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  %m = onnx.Constant dense<3> : tensor<i64> -> tensor<i64>
  %0, %1 = onnx.Loop max_trip_count(%m : tensor<i64>) carried(%y : tensor<2xf32>) -> tensor<2xf32>, tensor<3x2xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    %s = onnx.Add %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %c, %s, %s : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<2xf32>, tensor<3x2xf32>
}

// -----

// With a condition the number of iterations is unknown: the scan output
// grows by one row per iteration.
// CHECK-LABEL: func.func @loop_dynamic
// CHECK: scf.while
// CHECK:   scf.condition
// CHECK: } do {
// CHECK:   %[[OUT:.*]]:3 = scf.execute_region
// CHECK:   tensor.extract %[[OUT]]#0[] : tensor<i1>
// CHECK:   %[[GROWN:.*]] = tensor.empty(%{{.*}}) : tensor<?x2xf32>
// CHECK:   %[[COPY:.*]] = tensor.insert_slice %{{.*}} into %[[GROWN]]
// CHECK:   tensor.insert_slice %[[OUT]]#2 into %[[COPY]]
func.func @loop_dynamic(%m: tensor<i64>, %cond: tensor<i1>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  %0, %1 = onnx.Loop max_trip_count(%m : tensor<i64>) cond(%cond : tensor<i1>) carried(%y : tensor<2xf32>) -> tensor<2xf32>, tensor<?x2xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    onnx.Yield %c, %v, %v : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<2xf32>, tensor<?x2xf32>
}

// -----

// CHECK-LABEL: func.func @scan_reverse
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:   tensor.extract_slice %arg1[%{{.*}}, 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<2xf32>
// CHECK:   scf.execute_region
// CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<3x2xf32>
func.func @scan_reverse(%init: tensor<2xf32>, %x: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  %0, %1 = onnx.Scan(%init, %x) {num_scan_inputs = 1 : i64, scan_input_directions = [1]} : (tensor<2xf32>, tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  ^bb0(%sum: tensor<2xf32>, %next: tensor<2xf32>):
    %s = onnx.Add %sum, %next : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %s, %s : tensor<2xf32>, tensor<2xf32>
  }
  return %0, %1 : tensor<2xf32>, tensor<3x2xf32>
}
