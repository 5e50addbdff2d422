// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Pools share MaxPool's window rule; global pools keep N and C.
// CHECK-LABEL: func @pools
func.func @pools(%x: tensor<1x3x?x8xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.AveragePool {{.*}} -> tensor<1x3x?x4xf32>
  %0 = onnx.AveragePool %x {ceil_mode = 1 : i64, kernel_shape = [3, 3], strides = [2, 2]} : (tensor<1x3x?x8xf32>) -> tensor<*xf32>
  // CHECK: onnx.LpPool {{.*}} -> tensor<1x3x?x7xf32>
  %1 = onnx.LpPool %x {kernel_shape = [2, 2], p = 3 : i64} : (tensor<1x3x?x8xf32>) -> tensor<*xf32>
  // CHECK: onnx.GlobalMaxPool {{.*}} -> tensor<1x3x1x1xf32>
  %2 = onnx.GlobalMaxPool %x : (tensor<1x3x?x8xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// ConvTranspose: (in - 1) * stride + dilated kernel + output_padding - pads;
// output_shape fixes the size even when the input size is dynamic; SAME_*
// gives input * stride. W is (C x M/group x K...).
// CHECK-LABEL: func @conv_transpose
func.func @conv_transpose(%x: tensor<1x4x3x?xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.ConvTranspose {{.*}} -> tensor<1x6x8x?xf32>
  %0 = onnx.ConvTranspose %x, %w {group = 2 : i64, output_padding = [1, 0], pads = [1, 0, 1, 0], strides = [3, 1]} : (tensor<1x4x3x?xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  // CHECK: onnx.ConvTranspose {{.*}} -> tensor<1x6x10x8xf32>
  %1 = onnx.ConvTranspose %x, %w {group = 2 : i64, output_shape = [10, 8], strides = [3, 2]} : (tensor<1x4x3x?xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  // CHECK: onnx.ConvTranspose {{.*}} -> tensor<1x6x6x?xf32>
  %2 = onnx.ConvTranspose %x, %w {auto_pad = "SAME_UPPER", group = 2 : i64, strides = [2, 2]} : (tensor<1x4x3x?xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// LayerNormalization's Mean and InvStdDev keep X's dims before `axis` and
// hold f32 with stash_type 1.
// CHECK-LABEL: func @layer_norm
func.func @layer_norm(%x: tensor<2x?x5xf16>, %s: tensor<5xf16>) -> (tensor<*xf16>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.LayerNormalization {{.*}} -> (tensor<2x?x5xf16>, tensor<2x?x1xf32>, tensor<2x?x1xf32>)
  %y, %m, %i = onnx.LayerNormalization %x, %s : (tensor<2x?x5xf16>, tensor<5xf16>) -> (tensor<*xf16>, tensor<*xf32>, tensor<*xf32>)
  return %y, %m, %i : tensor<*xf16>, tensor<*xf32>, tensor<*xf32>
}

// -----

// BatchNormalization in training mode: the running statistics keep the
// types of the given ones, which may differ from X's.
// CHECK-LABEL: func @batch_norm_training
func.func @batch_norm_training(%x: tensor<?x3x4xf32>, %s: tensor<3xf32>, %m: tensor<?xf64>) -> (tensor<*xf32>, tensor<*xf64>, tensor<*xf64>) {
  // CHECK: onnx.BatchNormalizationTraining {{.*}} -> (tensor<?x3x4xf32>, tensor<?xf64>, tensor<?xf64>)
  %y, %rm, %rv = onnx.BatchNormalizationTraining %x, %s, %s, %m, %m {momentum = 0.5 : f32} : (tensor<?x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<?xf64>, tensor<?xf64>) -> (tensor<*xf32>, tensor<*xf64>, tensor<*xf64>)
  return %y, %rm, %rv : tensor<*xf32>, tensor<*xf64>, tensor<*xf64>
}

// -----

// RMSNormalization and LpNormalization keep X's type; scale may broadcast.
// CHECK-LABEL: func @rms_lp_norm
func.func @rms_lp_norm(%x: tensor<2x?x5xf32>, %s: tensor<1xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.RMSNormalization {{.*}} -> tensor<2x?x5xf32>
  %0 = onnx.RMSNormalization %x, %s {axis = 1 : i64} : (tensor<2x?x5xf32>, tensor<1xf32>) -> tensor<*xf32>
  // CHECK: onnx.LpNormalization {{.*}} -> tensor<2x?x5xf32>
  %1 = onnx.LpNormalization %x {p = 1 : i64} : (tensor<2x?x5xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Dropout's mask has the data's shape.
// CHECK-LABEL: func @dropout
func.func @dropout(%x: tensor<?x4xf16>, %r: tensor<f32>, %t: tensor<i1>) -> (tensor<*xf16>, tensor<*xi1>) {
  // CHECK: onnx.Dropout {{.*}} -> (tensor<?x4xf16>, tensor<?x4xi1>)
  %y, %mask = onnx.Dropout %x, %r, %t : (tensor<?x4xf16>, tensor<f32>, tensor<i1>) -> (tensor<*xf16>, tensor<*xi1>)
  return %y, %mask : tensor<*xf16>, tensor<*xi1>
}

// -----

// AffineGrid's grid is (N x size[2:] x d), d from `size`'s length even when
// theta's shape is unknown.
// CHECK-LABEL: func @affine_grid
func.func @affine_grid(%theta: tensor<?x?x?xf32>) -> tensor<*xf32> {
  %size = onnx.Constant dense<[1, 2, 2, 3, 4]> : tensor<5xi64> -> tensor<5xi64>
  // CHECK: onnx.AffineGrid {{.*}} -> tensor<1x2x3x4x3xf32>
  %0 = onnx.AffineGrid %theta, %size : (tensor<?x?x?xf32>, tensor<5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Col2Im's image is (N x C x image_shape), C the columns over prod(block).
// CHECK-LABEL: func @col2im
func.func @col2im(%x: tensor<?x8x12xf32>) -> tensor<*xf32> {
  %image = onnx.Constant dense<[4, 5]> : tensor<2xi64> -> tensor<2xi64>
  %block = onnx.Constant dense<[2, 2]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Col2Im {{.*}} -> tensor<?x2x4x5xf32>
  %0 = onnx.Col2Im %x, %image, %block : (tensor<?x8x12xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
