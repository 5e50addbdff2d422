// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// One generic: the result's labels are parallel loops, summed labels
// reduction loops; the body multiplies and accumulates.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @batch_matmul
// CHECK: %[[ZERO:.*]] = linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<5x2x3xf32>, tensor<5x3x4xf32>) outs(%[[ZERO]] : tensor<5x2x4xf32>)
// CHECK: %[[P:.*]] = arith.mulf
// CHECK: arith.addf %{{.*}}, %[[P]]
func.func @batch_matmul(%x: tensor<5x2x3xf32>, %y: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = onnx.Einsum %x, %y {equation = "bij, bjk -> bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// A letter repeated within an operand reads its diagonal.
// CHECK-DAG: #[[DIAG:.*]] = affine_map<(d0, d1) -> (d0, d1, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @batch_diagonal
// CHECK: linalg.generic {indexing_maps = [#[[DIAG]], #[[OUT]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<?x?x?xf64>) outs(%{{.*}} : tensor<?x?xf64>)
func.func @batch_diagonal(%x: tensor<?x?x?xf64>) -> tensor<?x?xf64> {
  %0 = onnx.Einsum %x {equation = "...ii ->...i"} : (tensor<?x?x?xf64>) -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// A `...` dim of static size 1 that stretches reads index 0; an integer
// Einsum multiplies and adds integers.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @ellipsis_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[Y]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.muli
// CHECK: arith.addi
func.func @ellipsis_broadcast(%x: tensor<2x1x3xi32>, %y: tensor<4x3xi32>) -> tensor<2x4xi32> {
  %0 = onnx.Einsum %x, %y {equation = "...i,...i->..."} : (tensor<2x1x3xi32>, tensor<4x3xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

// A dynamic `...` dim shared with another operand may be a 1 that stretches
// at run time: that operand is broadcast first.
// CHECK-LABEL: func.func @ellipsis_dynamic
// CHECK: %[[BCAST:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x3xf32>, tensor<?x3xf32>)
func.func @ellipsis_dynamic(%x: tensor<?x3xf32>, %y: tensor<?x3xf32>) -> tensor<?xf32> {
  %0 = onnx.Einsum %x, %y {equation = "...i,...i->..."} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
