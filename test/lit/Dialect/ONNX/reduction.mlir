// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Constant axes, negative ones counting from the back; keepdims keeps the
// reduced dims with size 1 (the default), else drops them.
// CHECK-LABEL: func @reduce_axes
func.func @reduce_axes(%x: tensor<2x?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %axes = onnx.Constant dense<[-1, 0]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.ReduceSum {{.*}} -> tensor<1x?x1xf32>
  %0 = onnx.ReduceSum %x, %axes : (tensor<2x?x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.ReduceMax {{.*}} -> tensor<?xf32>
  %1 = onnx.ReduceMax %x, %axes {keepdims = 0 : i64} : (tensor<2x?x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// No axes, or empty ones, reduce over every dim unless noop_with_empty_axes.
// CHECK-LABEL: func @reduce_empty_axes
func.func @reduce_empty_axes(%x: tensor<2x3xi32>, %empty: tensor<0xi64>) -> (tensor<*xi32>, tensor<*xi32>, tensor<*xi32>) {
  // CHECK: onnx.ReduceProd {{.*}} -> tensor<i32>
  %0 = onnx.ReduceProd %x {keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<*xi32>
  // CHECK: onnx.ReduceMean {{.*}} -> tensor<1x1xi32>
  %1 = onnx.ReduceMean %x, %empty : (tensor<2x3xi32>, tensor<0xi64>) -> tensor<*xi32>
  // CHECK: onnx.ReduceL1 {{.*}} -> tensor<2x3xi32>
  %2 = onnx.ReduceL1 %x, %empty {keepdims = 0 : i64, noop_with_empty_axes = 1 : i64} : (tensor<2x3xi32>, tensor<0xi64>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xi32>, tensor<*xi32>, tensor<*xi32>
}

// -----

// Axes known only at run time: with keepdims each dim keeps its size or
// becomes 1; without, the rank drops by the number of axes if known.
// CHECK-LABEL: func @reduce_runtime_axes
func.func @reduce_runtime_axes(%x: tensor<1x3xf32>, %axes: tensor<1xi64>, %some: tensor<?xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.ReduceLogSumExp {{.*}} -> tensor<1x?xf32>
  %0 = onnx.ReduceLogSumExp %x, %axes : (tensor<1x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  // CHECK: onnx.ReduceL2 {{.*}} -> tensor<?xf32>
  %1 = onnx.ReduceL2 %x, %axes {keepdims = 0 : i64} : (tensor<1x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  // CHECK: onnx.ReduceSumSquare {{.*}} -> tensor<*xf32>
  %2 = onnx.ReduceSumSquare %x, %some {keepdims = 0 : i64} : (tensor<1x3xf32>, tensor<?xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @arg_reduce
func.func @arg_reduce(%x: tensor<2x?x4xf32>) -> (tensor<*xi64>, tensor<*xi64>) {
  // CHECK: onnx.ArgMax {{.*}} -> tensor<1x?x4xi64>
  %0 = onnx.ArgMax %x : (tensor<2x?x4xf32>) -> tensor<*xi64>
  // CHECK: onnx.ArgMin {{.*}} -> tensor<2x?xi64>
  %1 = onnx.ArgMin %x {axis = -1 : i64, keepdims = 0 : i64} : (tensor<2x?x4xf32>) -> tensor<*xi64>
  return %0, %1 : tensor<*xi64>, tensor<*xi64>
}

// -----

// TopK: the axis takes size K when K is a constant.
// CHECK-LABEL: func @topk
func.func @topk(%x: tensor<3x?xf32>, %k: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>) {
  %two = onnx.Constant dense<2> : tensor<1xi64> -> tensor<1xi64>
  // CHECK: onnx.TopK {{.*}} -> (tensor<3x2xf32>, tensor<3x2xi64>)
  %0, %1 = onnx.TopK %x, %two : (tensor<3x?xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  // CHECK: onnx.TopK {{.*}} -> (tensor<?x?xf32>, tensor<?x?xi64>)
  %2, %3 = onnx.TopK %x, %k {axis = 0 : i64} : (tensor<3x?xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func @cumsum_softmax_like
func.func @cumsum_softmax_like(%x: tensor<2x?xf32>, %axis: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.CumSum {{.*}} -> tensor<2x?xf32>
  %0 = onnx.CumSum %x, %axis {reverse = 1 : i64} : (tensor<2x?xf32>, tensor<i32>) -> tensor<*xf32>
  // CHECK: onnx.LogSoftmax {{.*}} -> tensor<2x?xf32>
  %1 = onnx.LogSoftmax %x : (tensor<2x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.HardmaxV1 {{.*}} -> tensor<2x?xf32>
  %2 = onnx.HardmaxV1 %x : (tensor<2x?xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
