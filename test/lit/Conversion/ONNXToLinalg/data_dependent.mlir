// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// NonZero counts first, then allocates [rank, count] and walks the input in
// row-major order, writing each non-zero element's indices into the next
// column.
// CHECK-LABEL: func.func @nonzero
// CHECK: %[[COUNTED:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%arg0 : tensor<?x3xf32>) outs(%{{.*}} : tensor<i64>)
// CHECK: arith.cmpf une
// CHECK: %[[C:.*]] = tensor.extract %[[COUNTED]][] : tensor<i64>
// CHECK: %[[COUNT:.*]] = arith.index_cast %[[C]] : i64 to index
// CHECK: %[[INIT:.*]] = tensor.empty(%[[COUNT]]) : tensor<2x?xi64>
// CHECK: scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %[[INIT]], %{{.*}} = %c0)
// CHECK: scf.for %[[J:[a-z0-9_]+]] =
// CHECK: %[[X:.*]] = tensor.extract %arg0[%[[I]], %[[J]]]
// CHECK: %[[NZ:.*]] = arith.cmpf une, %[[X]]
// CHECK: scf.if %[[NZ]] -> (tensor<2x?xi64>, index)
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c0{{.*}}, %[[COL:.*]]]
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c1{{.*}}, %[[COL]]]
// CHECK: arith.addi %[[COL]], %c1
func.func @nonzero(%x: tensor<?x3xf32>) -> tensor<2x?xi64> {
  %0 = onnx.NonZero %x : (tensor<?x3xf32>) -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// -----

// Compress reads only the entries of the condition that have a slice along
// the axis, counts the true ones, then copies each selected slice to the
// next position.
// CHECK-LABEL: func.func @compress_axis
// CHECK: %[[AXIS:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[LEN:.*]] = tensor.dim %arg1, %c0
// CHECK: %[[N:.*]] = arith.minui %[[AXIS]], %[[LEN]]
// CHECK: %[[COUNT:.*]] = scf.for %{{.*}} = %c0 to %[[N]]
// CHECK: %[[INIT:.*]] = tensor.empty(%[[COUNT]]) : tensor<3x?xf32>
// CHECK: scf.for %[[K:.*]] = %c0 to %[[N]] step %c1 iter_args(%{{.*}} = %[[INIT]], %[[POS:.*]] = %c0)
// CHECK: %[[SEL:.*]] = tensor.extract %arg1[%[[K]]]
// CHECK: scf.if %[[SEL]]
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %arg0[0, %[[K]]] [3, 1] [1, 1]
// CHECK: tensor.insert_slice %[[SLICE]] into %{{.*}}[0, %[[POS]]] [3, 1] [1, 1]
func.func @compress_axis(%x: tensor<3x?xf32>, %c: tensor<?xi1>) -> tensor<3x?xf32> {
  %0 = onnx.Compress %x, %c {axis = -1 : i64} : (tensor<3x?xf32>, tensor<?xi1>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// Without an axis Compress works on the flattened input.
// CHECK-LABEL: func.func @compress_flat
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<3x2xf32> into tensor<6xf32>
// CHECK: tensor.extract_slice %[[FLAT]]
func.func @compress_flat(%x: tensor<3x2xf32>, %c: tensor<5xi1>) -> tensor<?xf32> {
  %0 = onnx.Compress %x, %c : (tensor<3x2xf32>, tensor<5xi1>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Unique along an axis moves the axis to the front, compares the slices as
// the rows of a 2-D view, and moves the axis of Y back.
// CHECK-LABEL: func.func @unique_axis
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<2x4x3xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [1, 0, 2]
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0], [1, 2]] : tensor<4x2x3xf32> into tensor<4x6xf32>
// CHECK: arith.cmpf olt
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[T]][%{{.*}}, 0, 0] [1, 2, 3] [1, 1, 1]
// CHECK: tensor.insert_slice %[[SLICE]] into %{{.*}}[%{{.*}}, 0, 0] [1, 2, 3] [1, 1, 1] : tensor<1x2x3xf32> into tensor<?x2x3xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<?x2x3xf32>) outs(%{{.*}} : tensor<2x?x3xf32>) permutation = [1, 0, 2]
func.func @unique_axis(%x: tensor<2x4x3xf32>) -> (tensor<2x?x3xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>) {
  %y, %i, %inv, %c = onnx.Unique %x {axis = 1 : i64} : (tensor<2x4x3xf32>) -> (tensor<2x?x3xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  return %y, %i, %inv, %c : tensor<2x?x3xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>
}

// -----

// Outputs nothing reads are not computed: only Y is written here, and
// unsigned elements compare unsigned.
// CHECK-LABEL: func.func @unique_only_y
// CHECK: arith.cmpi ult
// CHECK: scf.for {{.*}} -> (tensor<?xi8>) {
// CHECK-NOT: arith.index_cast {{.*}} : index to i64
// CHECK: tensor.insert_slice
// CHECK: return
func.func @unique_only_y(%x: tensor<?xui8>) -> tensor<?xui8> {
  %y, %i, %inv, %c = onnx.Unique %x {sorted = 1 : i64} : (tensor<?xui8>) -> (tensor<?xui8>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
  return %y : tensor<?xui8>
}
