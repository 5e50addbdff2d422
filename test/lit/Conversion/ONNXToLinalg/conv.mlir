// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// The input is zero-padded; the output starts as the bias broadcast along
// the channel dim.
// CHECK-LABEL: func.func @conv2d_bias_pads_strides
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 2, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<2x3x7x6xf32> to tensor<2x3x10x7xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x4x4x6xf32>
// CHECK: %[[BIAS:.*]] = linalg.broadcast ins(%arg2 : tensor<4xf32>) outs(%[[EMPTY]] : tensor<2x4x4x6xf32>) dimensions = [0, 2, 3]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[PAD]], %arg1 : tensor<2x3x10x7xf32>, tensor<4x3x3x2xf32>) outs(%[[BIAS]] : tensor<2x4x4x6xf32>)
func.func @conv2d_bias_pads_strides(%x: tensor<2x3x7x6xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x6xf32> {
  %0 = onnx.Conv %x, %w, %b {strides = [2, 1], pads = [1, 0, 2, 1]} : (tensor<2x3x7x6xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<2x4x4x6xf32>
  return %0 : tensor<2x4x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_no_bias_dilated
// CHECK-NOT: tensor.pad
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%arg0, %arg1 : {{.*}}) outs(%[[INIT]] : tensor<1x3x5x5xf32>)
func.func @conv2d_no_bias_dilated(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32> {
  %0 = onnx.Conv %x, %w {dilations = [2, 2]} : (tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

// Groups split the channel and filter dims for linalg.conv_2d_ngchw_gfchw.
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK: %[[X:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 6, 6] : tensor<1x4x6x6xf32> into tensor<1x2x2x6x6xf32>
// CHECK: %[[W:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[INIT:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 3, 4, 4] : tensor<1x6x4x4xf32> into tensor<1x2x3x4x4xf32>
// CHECK: %[[C:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} ins(%[[X]], %[[W]] : tensor<1x2x2x6x6xf32>, tensor<2x3x2x3x3xf32>) outs(%[[INIT]] : tensor<1x2x3x4x4xf32>)
// CHECK: tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x4x4xf32> into tensor<1x6x4x4xf32>
func.func @conv2d_grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = onnx.Conv %x, %w {group = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv1d
// CHECK: tensor.pad %arg0 low[0, 0, 1] high[0, 0, 2]
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>}
func.func @conv1d(%x: tensor<2x3x10xf32>, %w: tensor<4x3x3xf32>) -> tensor<2x4x6xf32> {
  %0 = onnx.Conv %x, %w {strides = [2], pads = [1, 2]} : (tensor<2x3x10xf32>, tensor<4x3x3xf32>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv3d
// CHECK: linalg.conv_3d_ncdhw_fcdhw
func.func @conv3d(%x: tensor<1x2x5x5x4xf32>, %w: tensor<3x2x2x3x2xf32>) -> tensor<1x3x4x3x3xf32> {
  %0 = onnx.Conv %x, %w : (tensor<1x2x5x5x4xf32>, tensor<3x2x2x3x2xf32>) -> tensor<1x3x4x3x3xf32>
  return %0 : tensor<1x3x4x3x3xf32>
}

// -----

// Grouped convolutions other than 2-D are a linalg.generic over
// (n, g, f, o..., c, k...).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d3 * 2 + d5)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv1d_grouped
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x2x2x10xf32>, tensor<2x2x2x3xf32>) outs(%{{.*}} : tensor<1x2x2x4xf32>)
func.func @conv1d_grouped(%x: tensor<1x4x10xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x4xf32> {
  %0 = onnx.Conv %x, %w {group = 2 : i64, strides = [2]} : (tensor<1x4x10xf32>, tensor<4x2x3xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

// SAME_UPPER on a dynamic size: output ceil(in / stride), pads split with
// the odd one at the end, all at run time.
// CHECK-LABEL: func.func @conv2d_same_upper_dynamic
// CHECK: %[[IN:.*]] = tensor.dim %arg0, %{{.*}} : tensor<1x2x?x8xf32>
// CHECK: %[[OUT:.*]] = arith.ceildivsi %[[IN]], %{{.*}} : index
// CHECK: %[[TOTAL:.*]] = arith.maxsi
// CHECK: %[[LOW:.*]] = arith.divsi %[[TOTAL]]
// CHECK: %[[HIGH:.*]] = arith.subi %[[TOTAL]], %[[LOW]]
// CHECK: tensor.pad %arg0 low[0, 0, %[[LOW]], 1] high[0, 0, %[[HIGH]], 1]
// CHECK: tensor.empty(%[[OUT]]) : tensor<1x2x?x4xf32>
// CHECK: linalg.conv_2d_nchw_fchw
func.func @conv2d_same_upper_dynamic(%x: tensor<1x2x?x8xf32>, %w: tensor<2x2x4x4xf32>) -> tensor<1x2x?x4xf32> {
  %0 = onnx.Conv %x, %w {auto_pad = "SAME_UPPER", strides = [2, 2]} : (tensor<1x2x?x8xf32>, tensor<2x2x4x4xf32>) -> tensor<1x2x?x4xf32>
  return %0 : tensor<1x2x?x4xf32>
}

// -----

// Col2Im: one generic over (n, c, y, x) with the block offsets (ky, kx) as
// reduction loops; the column is c * 4 + ky * 2 + kx, and a guarded read
// takes the element of the window position (y - ky, x - kx) when it exists.
// CHECK-LABEL: func.func @col2im
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.divsi
// CHECK: arith.remsi
// CHECK: scf.if
// CHECK: tensor.extract %arg0
// CHECK: arith.addf
func.func @col2im(%x: tensor<2x4x12xf32>) -> tensor<2x1x4x5xf32> {
  %image = onnx.Constant dense<[4, 5]> : tensor<2xi64> -> tensor<2xi64>
  %block = onnx.Constant dense<[2, 2]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Col2Im %x, %image, %block : (tensor<2x4x12xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x1x4x5xf32>
  return %0 : tensor<2x1x4x5xf32>
}
