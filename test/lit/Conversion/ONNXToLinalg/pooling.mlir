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

// -----

// Indices: one generic keeps the maximum and its flattened index into X;
// column-major within the plane for storage_order 1 (h + w * H). A smaller
// index wins among equal values, and positions in the padding never win.
// CHECK-LABEL: func.func @maxpool2d_indices_column_major
// CHECK: %[[START:.*]] = arith.constant 9223372036854775807 : i64
// CHECK: linalg.fill ins(%[[START]] : i64)
// CHECK: %[[H:.*]] = tensor.dim %arg0, %c2
// CHECK: %[[W:.*]] = tensor.dim %arg0, %c3
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
// CHECK: %[[ROW:.*]] = arith.subi
// CHECK: %[[COL:.*]] = arith.subi
// CHECK: %[[PLANE:.*]] = arith.addi
// CHECK: %[[A:.*]] = arith.muli %[[PLANE]], %[[W]]
// CHECK: %[[B:.*]] = arith.addi %[[A]], %[[COL]]
// CHECK: %[[C:.*]] = arith.muli %[[B]], %[[H]]
// CHECK: arith.addi %[[C]], %[[ROW]]
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi slt
// CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, i64
func.func @maxpool2d_indices_column_major(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) {
  %0, %1 = onnx.MaxPool %x {kernel_shape = [2, 2], storage_order = 1 : i64, strides = [2, 2]} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
}

// -----

// AveragePool pads with zeros and sums with the named op, then divides each
// sum by the number of window positions inside the input and (with
// count_include_pad) its explicit pads, counted from linalg.index.
// CHECK-LABEL: func.func @averagepool2d_count_include_pad_dynamic
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: tensor.pad %arg0
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x3x?x5xf32>)
// CHECK: linalg.index 2
// CHECK: arith.ceildivsi
// CHECK: arith.floordivsi
// CHECK: linalg.index 3
// CHECK: %[[COUNT:.*]] = arith.sitofp
// CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
func.func @averagepool2d_count_include_pad_dynamic(%x: tensor<1x3x?x5xf32>) -> tensor<1x3x?x5xf32> {
  %0 = onnx.AveragePool %x {count_include_pad = 1 : i64, kernel_shape = [3, 3], pads = [1, 1, 1, 1]} : (tensor<1x3x?x5xf32>) -> tensor<1x3x?x5xf32>
  return %0 : tensor<1x3x?x5xf32>
}

// -----

// LpPool sums |x|^p over each window, then takes the p-th root.
// CHECK-LABEL: func.func @lppool1d_p3
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: math.absf
// CHECK: math.powf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.constant 0.333333343 : f32
// CHECK: math.powf
func.func @lppool1d_p3(%x: tensor<1x3x5xf32>) -> tensor<1x3x4xf32> {
  %0 = onnx.LpPool %x {kernel_shape = [2], p = 3 : i64} : (tensor<1x3x5xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// Global pools reduce the spatial dims into (N x C), then add unit dims.
// CHECK-LABEL: func.func @global_average_pool_dynamic
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: %[[H:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3x?x?xf32>
// CHECK: %[[HW:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?x3xf32>)
// CHECK: arith.divf
// CHECK: tensor.expand_shape %[[MEAN]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.*}}, 3, 1, 1] : tensor<?x3xf32> into tensor<?x3x1x1xf32>
func.func @global_average_pool_dynamic(%x: tensor<?x3x?x?xf32>) -> tensor<?x3x1x1xf32> {
  %0 = onnx.GlobalAveragePool %x : (tensor<?x3x?x?xf32>) -> tensor<?x3x1x1xf32>
  return %0 : tensor<?x3x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @global_max_pool
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape
func.func @global_max_pool(%x: tensor<2x3x4xf32>) -> tensor<2x3x1xf32> {
  %0 = onnx.GlobalMaxPool %x : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}
