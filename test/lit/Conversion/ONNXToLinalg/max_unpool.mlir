// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Zeros, then a loop over the positions of X: each index read from I, when
// it lies in the default-shaped output (16 elements), is split into a
// multi-index at which X's element is inserted.
// CHECK-LABEL: func.func @max_unpool
// CHECK: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<1x1x4x4xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1 iter_args(%[[ACC:.*]] = %[[FILL]])
// CHECK: %[[I:.*]] = tensor.extract %arg1
// CHECK: %[[T:.*]] = arith.index_cast %[[I]]
// CHECK: arith.cmpi slt, %[[T]], %c16
// CHECK: scf.if
// CHECK: %[[W:.*]] = arith.remui %[[T]], %c4
// CHECK: %[[Q:.*]] = arith.divui %[[T]], %c4
// CHECK: %[[H:.*]] = arith.remui %[[Q]], %c4
// CHECK: scf.if
// CHECK: %[[X:.*]] = tensor.extract %arg0
// CHECK: tensor.insert %[[X]] into %[[ACC]][%c0, %c0, %[[H]], %[[W]]]
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32> {
  %0 = onnx.MaxUnpool %x, %i {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// output_shape read at run time sizes Y (negative sizes become 0); indices
// still address the default 4 x 4 output, and land in Y only where the
// multi-index fits.
// CHECK-LABEL: func.func @max_unpool_output_shape
// CHECK: %[[D2:.*]] = tensor.extract %arg2[%c2]
// CHECK: %[[I2:.*]] = arith.index_cast %[[D2]]
// CHECK: %[[S2:.*]] = arith.maxsi %[[I2]], %c0
// CHECK: tensor.empty
// CHECK: scf.for
// CHECK: arith.cmpi slt, %{{.*}}, %c16
// CHECK: arith.remui %{{.*}}, %c4
// CHECK: arith.divui
// CHECK: %[[H:.*]] = arith.remui %{{.*}}, %c4
// CHECK: arith.cmpi ult, %[[H]], %[[S2]]
func.func @max_unpool_output_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %shape: tensor<4xi64>) -> tensor<?x?x?x?xf32> {
  %0 = onnx.MaxUnpool %x, %i, %shape {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}
