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

// Larger kernels gather the patches (im2col) into [C*KH*KW, OH*OW] first:
// a parallel loop over (n, c, oh) copies, for each tap (kh, kw) of the
// window, the tap's strided row of the image into rows (c, kh, kw) of the
// patches, in place in the loop's slice [1, 1, KH, KW, 1, OW]. Here a 3x3
// window with stride 2 and dilation 2 over a 9x9 image: tap (kh, kw) of
// output row oh reads image row 2*oh + 2*kh from column 2*kw, every other
// column.
// CHECK-DAG: #[[ROW0:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK-DAG: #[[ROW1:.*]] = affine_map<(d0) -> (d0 * 2 + 2)>
// CHECK-DAG: #[[ROW2:.*]] = affine_map<(d0) -> (d0 * 2 + 4)>
// CHECK-LABEL: func @im2col
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x8x3x3x3x3xf32>
// CHECK: %[[PATCHES:.*]] = scf.forall (%[[N:.*]], %[[C:.*]], %[[OH:.*]]) in (1, 8, 3) shared_outs(%[[OUT:.*]] = %[[EMPTY]])
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[OUT]][%[[N]], %[[C]], 0, 0, %[[OH]], 0] [1, 1, 3, 3, 1, 3] [1, 1, 1, 1, 1, 1]
// CHECK: %[[R0:.*]] = affine.apply #[[ROW0]](%[[OH]])
// CHECK: %[[TAP0:.*]] = tensor.extract_slice %arg0[%[[N]], %[[C]], %[[R0]], 0] [1, 1, 1, 3] [1, 1, 1, 2]
// CHECK: %[[SLOT0:.*]] = tensor.extract_slice %[[ROWS]][0, 0, 0, 0, 0, 0] [1, 1, 1, 1, 1, 3]
// CHECK: %[[COPY0:.*]] = linalg.generic {{.*}} ins(%[[TAP0]] : tensor<1x1x1x3xf32>) outs(%[[SLOT0]] : tensor<1x1x1x1x1x3xf32>)
// CHECK: tensor.insert_slice %[[COPY0]] into %[[ROWS]][0, 0, 0, 0, 0, 0] [1, 1, 1, 1, 1, 3]
// CHECK: %[[R1:.*]] = affine.apply #[[ROW1]](%[[OH]])
// CHECK: %[[TAP5:.*]] = tensor.extract_slice %arg0[%[[N]], %[[C]], %[[R1]], 4] [1, 1, 1, 3] [1, 1, 1, 2]
// CHECK: linalg.generic {{.*}} ins(%[[TAP5]] :
// CHECK: tensor.insert_slice {{.*}}[0, 0, 1, 2, 0, 0] [1, 1, 1, 1, 1, 3]
// CHECK: %[[R2:.*]] = affine.apply #[[ROW2]](%[[OH]])
// CHECK: %[[TAP8:.*]] = tensor.extract_slice %arg0[%[[N]], %[[C]], %[[R2]], 4] [1, 1, 1, 3] [1, 1, 1, 2]
// CHECK: linalg.generic {{.*}} ins(%[[TAP8]] :
// CHECK: %[[LAST:.*]] = tensor.insert_slice {{.*}}[0, 0, 2, 2, 0, 0] [1, 1, 1, 1, 1, 3]
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %[[LAST]] into %[[OUT]][%[[N]], %[[C]], 0, 0, %[[OH]], 0] [1, 1, 3, 3, 1, 3]
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[PATCHES]] {{\[}}[0], [1, 2, 3], [4], [5]] : tensor<1x8x3x3x3x3xf32> into tensor<1x72x3x3xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[MATRIX]] {{\[}}[0], [1], [2, 3]] : tensor<1x72x3x3xf32> into tensor<1x72x9xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[FLAT]] : tensor<4x72xf32>, tensor<1x72x9xf32>)
func.func @im2col(%image: tensor<1x8x9x9xf32>, %filter: tensor<4x8x3x3xf32>,
                  %init: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x9x9xf32>, tensor<4x8x3x3xf32>)
         outs(%init : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// An output size only the run knows has its pixels as one loop too, expanded
// back into the two dynamic sizes of the output.
// CHECK-LABEL: func @dynamic_size
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %arg2 {{\[\[}}0], [1], [2, 3]] : tensor<1x4x?x?xf32> into tensor<1x4x?xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<4x72xf32>, tensor<1x72x?xf32>) outs(%[[OUT]] : tensor<1x4x?xf32>)
// CHECK: tensor.expand_shape %[[PRODUCT]] {{\[\[}}0], [1], [2, 3]] output_shape [1, 4, %{{.*}}, %{{.*}}] : tensor<1x4x?xf32> into tensor<1x4x?x?xf32>
func.func @dynamic_size(%image: tensor<1x8x?x?xf32>, %filter: tensor<4x8x3x3xf32>,
                        %init: tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x?x?xf32>, tensor<4x8x3x3xf32>)
         outs(%init : tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32>
  return %0 : tensor<1x4x?x?xf32>
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
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x72xf32>, tensor<1x72x9xf32>)
func.func @dynamic_batch(%image: tensor<?x8x5x5xf32>, %filter: tensor<4x8x3x3xf32>,
                         %init: tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<?x8x5x5xf32>, tensor<4x8x3x3xf32>)
         outs(%init : tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  return %0 : tensor<?x4x3x3xf32>
}

// -----

// A filter whose window size only the run knows keeps the named op.
// CHECK-LABEL: func @dynamic_window
// CHECK: linalg.conv_2d_nchw_fchw
func.func @dynamic_window(%image: tensor<1x8x5x5xf32>, %filter: tensor<4x8x?x?xf32>,
                          %init: tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x5x5xf32>, tensor<4x8x?x?xf32>)
         outs(%init : tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32>
  return %0 : tensor<1x4x?x?xf32>
}
