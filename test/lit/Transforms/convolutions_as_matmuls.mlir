// RUN: onnxc-opt %s --split-input-file --onnx-convolutions-as-matmuls | FileCheck %s

// A 1x1 convolution reads the image as a [C, H*W] matrix: the filters times
// it, per image, with no copy of the input.
// CHECK-LABEL: func @unit_kernel
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK-DAG: %[[IMAGE:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<2x8x5x5xf32> into tensor<2x8x25xf32>
// CHECK-DAG: %[[FILTER:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<4x8x1x1xf32> into tensor<4x8xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[FILTER]], %[[IMAGE]] : tensor<4x8xf32>, tensor<2x8x25xf32>)
// CHECK: tensor.expand_shape {{.*}} : tensor<2x4x25xf32> into tensor<2x4x5x5xf32>
func.func @unit_kernel(%image: tensor<2x8x5x5xf32>, %filter: tensor<4x8x1x1xf32>,
                       %init: tensor<2x4x5x5xf32>) -> tensor<2x4x5x5xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<2x8x5x5xf32>, tensor<4x8x1x1xf32>)
         outs(%init : tensor<2x4x5x5xf32>) -> tensor<2x4x5x5xf32>
  return %0 : tensor<2x4x5x5xf32>
}

// -----

// With a stride, a strided slice keeps the pixels the kernel reads.
// CHECK-LABEL: func @unit_kernel_strided
// CHECK: tensor.extract_slice %arg0[0, 0, 0, 0] [1, 8, 3, 3] [1, 1, 2, 2] : tensor<1x8x5x5xf32> to tensor<1x8x3x3xf32>
// CHECK: linalg.generic
// CHECK-SAME: tensor<4x8xf32>, tensor<1x8x9xf32>
func.func @unit_kernel_strided(%image: tensor<1x8x5x5xf32>, %filter: tensor<4x8x1x1xf32>,
                               %init: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x5x5xf32>, tensor<4x8x1x1xf32>)
         outs(%init : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// Larger kernels gather the patches (im2col) into [C*KH*KW, OH*OW] first.
// CHECK-LABEL: func @im2col
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x72x9xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x72xf32>, tensor<1x72x9xf32>)
func.func @im2col(%image: tensor<1x8x5x5xf32>, %filter: tensor<4x8x3x3xf32>,
                  %init: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x5x5xf32>, tensor<4x8x3x3xf32>)
         outs(%init : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// Integer convolutions keep their lowering.
// CHECK-LABEL: func @integer
// CHECK: linalg.conv_2d_nchw_fchw
func.func @integer(%image: tensor<1x8x5x5xi32>, %filter: tensor<4x8x1x1xi32>,
                   %init: tensor<1x4x5x5xi32>) -> tensor<1x4x5x5xi32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x5x5xi32>, tensor<4x8x1x1xi32>)
         outs(%init : tensor<1x4x5x5xi32>) -> tensor<1x4x5x5xi32>
  return %0 : tensor<1x4x5x5xi32>
}

// -----

// A batch only the run knows: one image at a time, each through im2col.
// CHECK-LABEL: func @dynamic_batch
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x72x9xf32>)
func.func @dynamic_batch(%image: tensor<?x8x5x5xf32>, %filter: tensor<4x8x3x3xf32>,
                         %init: tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<?x8x5x5xf32>, tensor<4x8x3x3xf32>)
         outs(%init : tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  return %0 : tensor<?x4x3x3xf32>
}
