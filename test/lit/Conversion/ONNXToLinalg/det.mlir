// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// A loop over the batch; in each matrix, a loop over the columns finds the
// pivot with the largest magnitude, swaps rows, and eliminates below it,
// the determinant being the product of the pivots with a sign per swap. A
// zero pivot divides nothing.
// CHECK-LABEL: func.func @det_batch
// CHECK: %[[INIT:.*]] = tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %arg0, %[[RES:.*]] = %[[INIT]])
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[DET:.*]] = %[[ONE]]) -> (tensor<?x?x?xf32>, f32)
// CHECK: math.absf
// CHECK: arith.cmpf ogt
// CHECK: %[[SWAPPED:.*]] = scf.for
// CHECK: arith.negf %[[DET]]
// CHECK: %[[PIVOT:.*]] = tensor.extract %[[SWAPPED]][%[[B]], %[[K]], %[[K]]]
// CHECK: arith.mulf %{{.*}}, %[[PIVOT]]
// CHECK: %[[SINGULAR:.*]] = arith.cmpf oeq, %[[PIVOT]], %[[ZERO]]
// CHECK: %[[RATIO:.*]] = arith.divf %{{.*}}, %[[PIVOT]]
// CHECK: arith.select %[[SINGULAR]], %[[ZERO]], %[[RATIO]]
// CHECK: arith.subf
// CHECK: tensor.insert %{{.*}} into %[[RES]][%[[B]]] : tensor<?xf32>
func.func @det_batch(%x: tensor<?x?x?xf32>) -> tensor<?xf32> {
  %0 = onnx.Det %x : (tensor<?x?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A single matrix gives a 0-D result and no batch loop.
// CHECK-LABEL: func.func @det_matrix
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<f64>
// CHECK-NOT: scf.for {{.*}} -> (tensor<3x3xf64>, tensor<f64>)
// CHECK: %[[R:.*]]:2 = scf.for {{.*}} -> (tensor<3x3xf64>, f64)
// CHECK: tensor.insert %[[R]]#1 into %[[INIT]][] : tensor<f64>
func.func @det_matrix(%x: tensor<3x3xf64>) -> tensor<f64> {
  %0 = onnx.Det %x : (tensor<3x3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}
