// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// The input is spread by the strides (zeros between elements), padded by
// dilation * (kernel - 1) less ONNX's pads, and convolved with unit strides
// by the flipped kernel with its channel dims swapped.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @conv_transpose_strides_pads
// CHECK: %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x1x7x5xf32>
// CHECK: %[[SPREAD:.*]] = tensor.insert_slice %arg0 into %[[ZEROS]][0, 0, 0, 0] [1, 1, 3, 3] [1, 1, 3, 2]
// CHECK: %[[PAD:.*]] = tensor.pad %[[SPREAD]] low[0, 0, 1, 0] high[0, 0, 1, 0]
// CHECK: %[[W:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [1, 1, 2, 3, 3]
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]} ins(%[[W]] : tensor<1x1x2x3x3xf32>)
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %[[FLIPPED]] {{\[\[}}0, 1], [2], [3], [4]] : tensor<1x2x1x3x3xf32> into tensor<2x1x3x3xf32>
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[FILTER]] : tensor<1x1x9x5xf32>, tensor<2x1x3x3xf32>) outs(%{{.*}} : tensor<1x2x7x3xf32>)
func.func @conv_transpose_strides_pads(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x7x3xf32> {
  %0 = onnx.ConvTranspose %x, %w {pads = [1, 2, 1, 2], strides = [3, 2]} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x3xf32>
  return %0 : tensor<1x2x7x3xf32>
}

// -----

// Pads larger than dilation * (kernel - 1) cut the spread input instead;
// the bias starts the accumulator.
// CHECK-LABEL: func.func @conv_transpose_cut_bias
// CHECK: %[[CUT:.*]] = tensor.extract_slice %arg0[0, 0, 1] [1, 2, 3] [1, 1, 1]
// CHECK: %[[BIAS:.*]] = linalg.broadcast ins(%arg2 : tensor<3xf32>)
// CHECK: linalg.conv_1d_ncw_fcw {{.*}} ins(%[[CUT]], %{{.*}} : tensor<1x2x3xf32>, tensor<3x2x1xf32>) outs(%[[BIAS]] : tensor<1x3x3xf32>)
func.func @conv_transpose_cut_bias(%x: tensor<1x2x5xf32>, %w: tensor<2x3x1xf32>, %b: tensor<3xf32>) -> tensor<1x3x3xf32> {
  %0 = onnx.ConvTranspose %x, %w, %b {pads = [1, 1]} : (tensor<1x2x5xf32>, tensor<2x3x1xf32>, tensor<3xf32>) -> tensor<1x3x3xf32>
  return %0 : tensor<1x3x3xf32>
}

// -----

// With output_shape and a dynamic input size the pads follow at run time.
// CHECK-LABEL: func.func @conv_transpose_output_shape_dynamic
// CHECK: %[[IN:.*]] = tensor.dim %arg0, %{{.*}} : tensor<1x1x?xf32>
// CHECK: arith.floordivsi
// CHECK: tensor.extract_slice
// CHECK: tensor.pad
// CHECK: linalg.conv_1d_ncw_fcw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x?xf32>, tensor<2x1x3xf32>) outs(%{{.*}} : tensor<1x2x10xf32>)
func.func @conv_transpose_output_shape_dynamic(%x: tensor<1x1x?xf32>, %w: tensor<1x2x3xf32>) -> tensor<1x2x10xf32> {
  %0 = onnx.ConvTranspose %x, %w {output_shape = [10], strides = [3]} : (tensor<1x1x?xf32>, tensor<1x2x3xf32>) -> tensor<1x2x10xf32>
  return %0 : tensor<1x2x10xf32>
}
