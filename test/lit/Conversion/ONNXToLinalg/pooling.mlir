// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Pads hold -inf, which never wins; the output starts at -inf too.
// CHECK-LABEL: func.func @maxpool2d
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[LOWEST]] : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x3x3x3xf32>)
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WINDOW]] : tensor<2x3x7x7xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<2x3x3x3xf32>)
func.func @maxpool2d(%x: tensor<2x3x5x5xf32>) -> tensor<2x3x3x3xf32> {
  %0 = onnx.MaxPool %x {kernel_shape = [3, 3], pads = [1, 1, 1, 1], strides = [2, 2]} : (tensor<2x3x5x5xf32>) -> tensor<2x3x3x3xf32>
  return %0 : tensor<2x3x3x3xf32>
}

// -----

// With ceil_mode the last window reaches past the input: it is padded
// further so that it reads only padding there.
// CHECK-LABEL: func.func @maxpool2d_ceil_mode
// CHECK: tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: linalg.pooling_nchw_max {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x7x7xf32>, tensor<3x3xf32>) outs(%{{.*}} : tensor<1x1x3x3xf32>)
func.func @maxpool2d_ceil_mode(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32> {
  %0 = onnx.MaxPool %x {ceil_mode = 1 : i64, kernel_shape = [3, 3], strides = [2, 2]} : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @maxpool1d
// CHECK: linalg.pooling_ncw_max {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>}
func.func @maxpool1d(%x: tensor<1x2x9xf32>) -> tensor<1x2x4xf32> {
  %0 = onnx.MaxPool %x {kernel_shape = [3], strides = [2]} : (tensor<1x2x9xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

// 3-D pooling is a linalg.generic over (n, c, o..., k...); the window
// operand bounds the k loops.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 * 2 + d5, d3 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @maxpool3d
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK: arith.maximumf
func.func @maxpool3d(%x: tensor<1x2x4x5x6xf32>) -> tensor<1x2x2x4x2xf32> {
  %0 = onnx.MaxPool %x {kernel_shape = [2, 2, 3], strides = [2, 1, 2]} : (tensor<1x2x4x5x6xf32>) -> tensor<1x2x2x4x2xf32>
  return %0 : tensor<1x2x2x4x2xf32>
}

// -----

// Unsigned elements pad with 0 and compare unsigned, in a generic.
// CHECK-LABEL: func.func @maxpool2d_unsigned
// CHECK-SAME: tensor<1x1x4x4xi8>
// CHECK: %[[LOWEST:.*]] = arith.constant 0 : i8
// CHECK: linalg.fill ins(%[[LOWEST]] : i8)
// CHECK: linalg.generic
// CHECK: arith.maxui
func.func @maxpool2d_unsigned(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = onnx.MaxPool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// CHECK-LABEL: func.func @maxpool2d_signed
// CHECK: %[[LOWEST:.*]] = arith.constant -128 : i8
// CHECK: linalg.pooling_nchw_max
func.func @maxpool2d_signed(%x: tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8> {
  %0 = onnx.MaxPool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}

// -----

// Dynamic spatial sizes: the output size follows ONNX's ceil_mode rule at
// run time, and the end pad grows to cover the last window.
// CHECK-LABEL: func.func @maxpool2d_dynamic_ceil
// CHECK: %[[IN:.*]] = tensor.dim %arg0, %{{.*}} : tensor<1x1x?x6xf32>
// CHECK: %[[STEPS:.*]] = arith.ceildivsi
// CHECK: %[[OUT:.*]] = arith.addi %[[STEPS]]
// CHECK: %[[TOOFAR:.*]] = arith.cmpi sge
// CHECK: %[[SEL:.*]] = arith.select %[[TOOFAR]], %[[STEPS]], %[[OUT]] : index
// CHECK: %[[EXTRA:.*]] = arith.maxsi
// CHECK: %[[HIGH:.*]] = arith.addi %{{.*}}, %[[EXTRA]] : index
// CHECK: tensor.pad %arg0 low[0, 0, %{{.*}}, 0] high[0, 0, %[[HIGH]], 1]
// CHECK: tensor.empty(%[[SEL]]) : tensor<1x1x?x3xf32>
// CHECK: linalg.pooling_nchw_max
func.func @maxpool2d_dynamic_ceil(%x: tensor<1x1x?x6xf32>) -> tensor<1x1x?x3xf32> {
  %0 = onnx.MaxPool %x {ceil_mode = 1 : i64, kernel_shape = [3, 3], strides = [2, 2]} : (tensor<1x1x?x6xf32>) -> tensor<1x1x?x3xf32>
  return %0 : tensor<1x1x?x3xf32>
}
