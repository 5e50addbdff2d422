// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @matmul_2d
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<3x5xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<3x5xf32>)
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// numpy.matmul: a 1-D A is a row, a 1-D B a column; both dims are dropped.
// CHECK-LABEL: func.func @matmul_vectors
// CHECK: %[[ROW:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK: %[[COL:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[ROW]], %[[COL]] : tensor<1x4xf32>, tensor<4x1xf32>)
// CHECK: %[[C1:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1]] : tensor<1x1xf32> into tensor<1xf32>
// CHECK: %[[C0:.*]] = tensor.collapse_shape %[[C1]] [] : tensor<1xf32> into tensor<f32>
// CHECK: return %[[C0]] : tensor<f32>
func.func @matmul_vectors(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %0 = onnx.MatMul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// A batch against a matrix is one matmul over the batch folded into M.
// CHECK-LABEL: func.func @matmul_batch_matrix
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x3x4xf32> into tensor<?x4xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[FLAT]], %arg1 : tensor<?x4xf32>, tensor<4x5xf32>) outs(%{{.*}} : tensor<?x5xf32>)
// CHECK: tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2]] output_shape [%{{.*}}, 3, 5] : tensor<?x5xf32> into tensor<?x3x5xf32>
func.func @matmul_batch_matrix(%a: tensor<?x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<?x3x5xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<?x3x4xf32>, tensor<4x5xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// Equal batches fold into one batch dim of linalg.batch_matmul.
// CHECK-LABEL: func.func @matmul_equal_batches
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2], [3]] : tensor<2x6x3x4xf32> into tensor<12x3x4xf32>
// CHECK: %[[B:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1], [2], [3]] : tensor<2x6x4x5xf32> into tensor<12x4x5xf32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<12x3x4xf32>, tensor<12x4x5xf32>)
// CHECK: tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2], [3]] output_shape [2, 6, 3, 5] : tensor<12x3x5xf32> into tensor<2x6x3x5xf32>
func.func @matmul_equal_batches(%a: tensor<2x6x3x4xf32>, %b: tensor<2x6x4x5xf32>) -> tensor<2x6x3x5xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<2x6x3x4xf32>, tensor<2x6x4x5xf32>) -> tensor<2x6x3x5xf32>
  return %0 : tensor<2x6x3x5xf32>
}

// -----

// Broadcast batches: a linalg.generic whose maps read a stretched 1 at
// index 0 and skip missing leading dims.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast_batches
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: %[[M:.*]] = arith.mulf
// CHECK: arith.addf %{{.*}}, %[[M]]
func.func @matmul_broadcast_batches(%a: tensor<2x1x3x4xf32>, %b: tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
  return %0 : tensor<2x6x3x5xf32>
}

// -----

// Gemm: A^T is the matmul's indexing map, B^T a linalg.transpose (rows of
// B for the kernel; folded when B is a weight); with alpha 1 the product
// accumulates onto beta * C broadcast to (M, N).
// CHECK-DAG: #[[CMAP:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_transposed
// CHECK: %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[CMAP]], #{{.*}}]
// CHECK: arith.mulf %{{.*}}, %[[BETA]]
// CHECK: %[[BT:.*]] = linalg.transpose ins(%arg1 : tensor<5x4xf32>) outs(%{{.*}} : tensor<4x5xf32>) permutation = [1, 0]
// CHECK: linalg.matmul indexing_maps = [#[[AT]], #[[B]], #[[OUT]]] ins(%arg0, %[[BT]] : tensor<4x3xf32>, tensor<4x5xf32>) outs(%[[BIAS]] : tensor<3x5xf32>)
func.func @gemm_transposed(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.Gemm %a, %b, %c {beta = 0.5 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// With alpha other than 1 the product starts from zero and one generic
// computes alpha * AB + beta * C; a stretched 1 of C reads index 0.
// CHECK-DAG: #[[CMAP:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @gemm_alpha
// CHECK: %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[P:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4x5xf32>)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CMAP]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[P]], %arg2 : tensor<?x5xf32>, tensor<1x5xf32>)
// CHECK: %[[S:.*]] = arith.mulf %{{.*}}, %[[ALPHA]]
// CHECK: arith.addf %[[S]], %{{.*}}
func.func @gemm_alpha(%a: tensor<?x4xf32>, %b: tensor<4x5xf32>, %c: tensor<1x5xf32>) -> tensor<?x5xf32> {
  %0 = onnx.Gemm %a, %b, %c {alpha = 2.0 : f32} : (tensor<?x4xf32>, tensor<4x5xf32>, tensor<1x5xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_plain
// CHECK-NOT: linalg.generic
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<3x4xi32>, tensor<4x5xi32>)
// CHECK-NOT: linalg.generic
func.func @gemm_plain(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  %0 = onnx.Gemm %a, %b : (tensor<3x4xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// -----

// Gemm's result is (M, N) from A and B alone. A C of dynamic sizes may be 1s
// that stretch at run time: it is read in the body at min(i, size - 1).
// CHECK-LABEL: func.func @gemm_dynamic_bias
// CHECK-DAG: %[[M:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[N:.*]] = tensor.dim %arg1, %c1
// CHECK: %[[INIT:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: arith.minui
// CHECK: arith.minui
// CHECK: tensor.extract %arg2[%{{.*}}, %{{.*}}] : tensor<?x?xf32>
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[BIAS]] : tensor<?x?xf32>)
func.func @gemm_dynamic_bias(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = onnx.Gemm %a, %b, %c : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Batch dims that may be 1s stretching at run time: each operand is first
// broadcast to the result's batch (computed by ONNX's rule), then one
// linalg.batch_matmul multiplies them.
// CHECK-LABEL: func.func @matmul_dynamic_batches
// CHECK-DAG: %[[BA:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[BB:.*]] = tensor.dim %arg1, %c0
// CHECK: arith.minui %[[BA]], %[[BB]] : index
// CHECK: %[[BATCH:.*]] = arith.select
// CHECK: %[[A:.*]] = linalg.generic
// CHECK: tensor.extract %arg0
// CHECK: %[[B:.*]] = linalg.generic
// CHECK: tensor.extract %arg1
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<?x?x?xf32>, tensor<?x?x?xf32>)
func.func @matmul_dynamic_batches(%a: tensor<?x?x?xf32>, %b: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}
