// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// One linalg.generic reducing the marked dims into the kept ones, then the
// finaliser (Mean: divide by the number of reduced elements, read at run
// time for a dynamic dim), then keepdims puts unit dims back.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%arg0 : tensor<?x4x3xf32>) outs(%[[INIT]] : tensor<4xf32>)
// CHECK: arith.addf
// CHECK: %[[DIM:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[COUNT:.*]] = arith.muli %{{.*}}, %c3
// CHECK: %[[COUNT64:.*]] = arith.index_castui %[[COUNT]] : index to i64
// CHECK: %[[DIVISOR:.*]] = arith.uitofp %[[COUNT64]] : i64 to f32
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<4xf32>)
// CHECK: arith.divf %{{.*}}, %[[DIVISOR]]
// CHECK: tensor.expand_shape %[[MEAN]] {{\[}}[0, 1, 2]] output_shape [1, 4, 1] : tensor<4xf32> into tensor<1x4x1xf32>
func.func @reduce_mean(%x: tensor<?x4x3xf32>) -> tensor<1x4x1xf32> {
  %axes = onnx.Constant dense<[0, -1]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.ReduceMean %x, %axes : (tensor<?x4x3xf32>, tensor<2xi64>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

// -----

// Each kind has its identity as initial value (for max over unsigned
// integers: 0) and its own combiner.
// CHECK-LABEL: func.func @reduce_kinds
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.minimumf
// CHECK: arith.constant 0 : i32
// CHECK: arith.maxui
// CHECK: arith.constant 1 : i32
// CHECK: arith.muli
// CHECK: math.absi
// CHECK: arith.addi
func.func @reduce_kinds(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %u: tensor<2x3xui32>) -> (tensor<f32>, tensor<ui32>, tensor<i32>, tensor<i32>) {
  %0 = onnx.ReduceMin %x {keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<f32>
  %1 = onnx.ReduceMax %u {keepdims = 0 : i64} : (tensor<2x3xui32>) -> tensor<ui32>
  %2 = onnx.ReduceProd %i {keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<i32>
  %3 = onnx.ReduceL1 %i {keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<i32>
  return %0, %1, %2, %3 : tensor<f32>, tensor<ui32>, tensor<i32>, tensor<i32>
}

// -----

// ReduceLogSumExp is numerically stable: log(sum(exp(x - m))) + m, the
// maximum m replaced by 0 when infinite.
// CHECK-LABEL: func.func @reduce_log_sum_exp
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MAX]] : tensor<2x3xf32>, tensor<f32>)
// CHECK: %[[ABS:.*]] = math.absf
// CHECK: %[[FINITE:.*]] = arith.cmpf one, %[[ABS]]
// CHECK: %[[SHIFT:.*]] = arith.select %[[FINITE]]
// CHECK: arith.subf %{{.*}}, %[[SHIFT]]
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[MAX]] : tensor<f32>, tensor<f32>)
// CHECK: math.log
// CHECK: arith.addf
func.func @reduce_log_sum_exp(%x: tensor<2x3xf32>) -> tensor<f32> {
  %0 = onnx.ReduceLogSumExp %x {keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// noop_with_empty_axes reduces over nothing: only the elementwise part (here
// x * x) remains, in an all-parallel generic.
// CHECK-LABEL: func.func @reduce_noop
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @reduce_noop(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.ReduceSumSquare %x {noop_with_empty_axes = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// ArgMin with select_last_index: an equal element at a larger index wins,
// so the result does not depend on the order of visits.
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmin_last
// CHECK: %[[HIGHEST:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[RESULT:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]}
// CHECK: %[[I:.*]] = arith.index_cast
// CHECK: %[[LATER:.*]] = arith.cmpi sgt, %[[I]]
// CHECK: %[[LESS:.*]] = arith.cmpf olt
// CHECK: %[[EQUAL:.*]] = arith.cmpf oeq
// CHECK: %[[TIE:.*]] = arith.andi %[[EQUAL]], %[[LATER]]
// CHECK: arith.ori %[[LESS]], %[[TIE]]
// CHECK: tensor.expand_shape %[[RESULT]]#1 {{\[}}[0, 1]] output_shape [%{{.*}}, 1] : tensor<?xi64> into tensor<?x1xi64>
func.func @argmin_last(%x: tensor<?x5xf32>) -> tensor<?x1xi64> {
  %0 = onnx.ArgMin %x {axis = 1 : i64, select_last_index = 1 : i64} : (tensor<?x5xf32>) -> tensor<?x1xi64>
  return %0 : tensor<?x1xi64>
}

// -----

// CumSum: for each output index i, a reduction loop j along the axis adds
// x[j] when j is on the summed side of i (exclusive and reverse: j > i).
// CHECK-DAG: #[[ALONG_J:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum
// CHECK: linalg.generic {indexing_maps = [#[[ALONG_J]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[J:.*]] = linalg.index 2
// CHECK: %[[SUMMED:.*]] = arith.cmpi ugt, %[[J]], %[[I]]
// CHECK: %[[ADDED:.*]] = arith.addf
// CHECK: arith.select %[[SUMMED]], %[[ADDED]]
func.func @cumsum(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %axis = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  %0 = onnx.CumSum %x, %axis {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<4x3xf32>, tensor<i64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// An axis known only at run time: the running sums along every axis, one
// selected by the axis value (negative values count from the back).
// CHECK-LABEL: func.func @cumsum_runtime_axis
// CHECK: %[[AXIS:.*]] = tensor.extract %arg1[] : tensor<i32>
// CHECK: %[[AXIS64:.*]] = arith.extsi %[[AXIS]] : i32 to i64
// CHECK: %[[ALONG1:.*]] = linalg.generic
// CHECK: %[[IS0:.*]] = arith.cmpi eq
// CHECK: %[[ALONG0:.*]] = linalg.generic
// CHECK: arith.select %[[IS0]], %[[ALONG0]], %[[ALONG1]] : tensor<2x3xi32>
func.func @cumsum_runtime_axis(%x: tensor<2x3xi32>, %axis: tensor<i32>) -> tensor<2x3xi32> {
  %0 = onnx.CumSum %x, %axis : (tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// TopK: the first generic counts the elements before each one (smaller, or
// equal at a smaller index, for largest = 0); the second puts the element
// whose count is r at output position r. K is read at run time.
// CHECK-DAG: #[[OUTER:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ALONG_J:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @topk
// CHECK: %[[COUNTS:.*]] = linalg.generic {indexing_maps = [#[[OUTER]], #[[ALONG_J]], #[[OUTER]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg0 : tensor<3x?xf32>, tensor<3x?xf32>)
// CHECK: arith.cmpi ult
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf olt
// CHECK: %[[K:.*]] = tensor.extract %arg1[%c0] : tensor<1xi64>
// CHECK: %[[KINDEX:.*]] = arith.index_cast %[[K]] : i64 to index
// K must lie in [0, size of the axis]; it is clamped there for the run.
// CHECK: %[[NONNEGATIVE:.*]] = arith.cmpi sge, %[[KINDEX]]
// CHECK: %[[ATLEAST0:.*]] = arith.maxsi %[[KINDEX]]
// CHECK: %[[ATMOST:.*]] = arith.cmpi sle, %[[KINDEX]], %[[DIM:.*]] : index
// CHECK: %[[FITS:.*]] = arith.andi %[[NONNEGATIVE]], %[[ATMOST]]
// CHECK: %[[CLAMPED:.*]] = arith.minsi %[[ATLEAST0]], %[[DIM]]
// CHECK: onnx.Check %[[FITS]], "TopK: 'K' is negative or larger than the input's axis"
// CHECK: tensor.empty(%[[CLAMPED]]) : tensor<3x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ALONG_J]], #[[ALONG_J]], #[[OUTER]], #[[OUTER]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %[[COUNTS]] : tensor<3x?xf32>, tensor<3x?xi64>)
// CHECK: arith.cmpi eq
func.func @topk(%x: tensor<3x?xf32>, %k: tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>) {
  %0, %1 = onnx.TopK %x, %k {largest = 0 : i64} : (tensor<3x?xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return %0, %1 : tensor<3x?xf32>, tensor<3x?xi64>
}

// -----

// Axes known only at run time: a bit mask of the named dims, then each dim
// reduced in turn under an scf.if (kept as a unit dim), then the finaliser;
// without keepdims a tensor.reshape drops the reduced dims.
// CHECK-LABEL: func.func @runtime_axes
// CHECK: %[[MASK:.*]] = scf.for {{.*}} iter_args
// CHECK: arith.shli
// CHECK: arith.ori
// CHECK: %[[D0:.*]] = scf.if %{{.*}} -> (tensor<?x3xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: scf.if %{{.*}} -> (tensor<?x?xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.divf
// CHECK: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<?x?xf32>, tensor<1xi64>) -> tensor<?xf32>
func.func @runtime_axes(%x: tensor<2x3xf32>, %axes: tensor<1xi64>) -> tensor<?xf32> {
  %0 = onnx.ReduceMean %x, %axes {keepdims = 0 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
