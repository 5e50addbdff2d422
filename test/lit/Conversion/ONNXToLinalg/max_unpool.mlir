// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Zeros, then a loop over the flattened X and I that inserts each value at
// its index in the flattened Y when the index lies inside Y.
// CHECK-LABEL: func.func @max_unpool
// CHECK: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<1x1x4x4xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[FILL]] {{\[\[}}0, 1, 2, 3]]
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1 iter_args(%[[ACC:.*]] = %[[FLAT]])
// CHECK: %[[IN:.*]] = arith.andi
// CHECK: scf.if %[[IN]]
// CHECK: tensor.insert %{{.*}} into %[[ACC]]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] output_shape [1, 1, 4, 4]
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32> {
  %0 = onnx.MaxUnpool %x, %i {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// output_shape read at run time sizes Y; negative sizes become 0.
// CHECK-LABEL: func.func @max_unpool_output_shape
// CHECK: %[[D0:.*]] = tensor.extract %arg2[%c0]
// CHECK: %[[I0:.*]] = arith.index_cast %[[D0]]
// CHECK: arith.maxsi %[[I0]], %c0
// CHECK: tensor.empty
// CHECK: scf.for
func.func @max_unpool_output_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %shape: tensor<4xi64>) -> tensor<?x?x?x?xf32> {
  %0 = onnx.MaxUnpool %x, %i, %shape {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}
