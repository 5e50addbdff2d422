// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// ONNX QuantizeLinear: per-axis parameters are read along the axis; round
// half to even, add the zero point, saturate to i8's range.
// CHECK: #[[AXIS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: linalg.generic {{.*}}#[[AXIS]], #[[AXIS]]
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[Z:.*]] = arith.sitofp %{{.*}} : i8 to f32
// CHECK: %[[R:.*]] = math.roundeven %[[Q]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[R]], %[[Z]] : f32
// CHECK: arith.constant -1.280000e+02 : f32
// CHECK: arith.maxnumf %[[S]]
// CHECK: arith.constant 1.270000e+02 : f32
// CHECK: arith.minnumf
// CHECK: arith.fptosi %{{.*}} : f32 to i8
func.func @quantize_per_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<2x3xi8> {
  %0 = onnx.QuantizeLinear %x, %s, %z : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// A 1-D parameter of run-time size may hold one value for all: the body
// reads it at min(index, size - 1).
// CHECK-LABEL: func.func @dequantize_dynamic_scale
// CHECK: %[[DIM:.*]] = tensor.dim %arg1
// CHECK: %[[LAST:.*]] = arith.subi %[[DIM]]
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[P:.*]] = arith.minsi %[[I]], %[[LAST]] : index
// CHECK: %[[SCALE:.*]] = tensor.extract %arg1[%[[P]]]
// CHECK: %[[X:.*]] = arith.uitofp %in : i8 to f32
// CHECK: %[[ZP:.*]] = arith.uitofp %{{.*}} : i8 to f32
// CHECK: %[[D:.*]] = arith.subf %[[X]], %[[ZP]] : f32
// CHECK: arith.mulf %[[D]], %[[SCALE]] : f32
func.func @dequantize_dynamic_scale(%x: tensor<2x?xui8>, %s: tensor<?xf32>, %z: tensor<?xui8>) -> tensor<2x?xf32> {
  %0 = onnx.DequantizeLinear %x, %s, %z : (tensor<2x?xui8>, tensor<?xf32>, tensor<?xui8>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Blocked parameters are read at index / block_size along the axis.
// CHECK: #[[BLOCK:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 2)>
// CHECK-LABEL: func.func @dequantize_blocked
// CHECK: linalg.generic {{.*}}#[[BLOCK]]
func.func @dequantize_blocked(%x: tensor<4x6xi8>, %s: tensor<4x3xf16>) -> tensor<4x6xf16> {
  %0 = onnx.DequantizeLinear %x, %s {block_size = 2 : i64} : (tensor<4x6xi8>, tensor<4x3xf16>) -> tensor<4x6xf16>
  return %0 : tensor<4x6xf16>
}

// -----

// ONNX DynamicQuantizeLinear: min and max start from 0; the zero point is
// saturate(round(-min / scale)).
// CHECK-LABEL: func.func @dynamic_quantize
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ZERO]]
// CHECK: arith.minimumf
// CHECK: linalg.fill ins(%[[ZERO]]
// CHECK: arith.maximumf
// CHECK: %[[RANGE:.*]] = arith.subf
// CHECK: %[[SCALE:.*]] = arith.divf %[[RANGE]], %{{.*}} : f32
// CHECK: arith.negf
// CHECK: %[[ZP:.*]] = arith.fptoui %{{.*}} : f32 to i8
// CHECK: linalg.generic
// CHECK: arith.divf %in, %[[SCALE]]
// CHECK: tensor.from_elements %[[SCALE]] : tensor<f32>
// CHECK: tensor.from_elements %[[ZP]] : tensor<i8>
func.func @dynamic_quantize(%x: tensor<?xf32>) -> (tensor<?xui8>, tensor<f32>, tensor<ui8>) {
  %0:3 = onnx.DynamicQuantizeLinear %x : (tensor<?xf32>) -> (tensor<?xui8>, tensor<f32>, tensor<ui8>)
  return %0#0, %0#1, %0#2 : tensor<?xui8>, tensor<f32>, tensor<ui8>
}

// -----

// MatMulInteger: each operand widened to i32 minus its zero point (per row
// of A), then an i32 linalg.matmul.
// CHECK: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @matmul_integer
// CHECK: %[[A:.*]] = linalg.generic {{.*}}#[[ROW]]
// CHECK: arith.extui %in : i8 to i32
// CHECK: arith.subi
// CHECK: %[[B:.*]] = linalg.generic
// CHECK: arith.extsi %in : i8 to i32
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<4x3xi32>, tensor<3x2xi32>) outs(%{{.*}} : tensor<4x2xi32>)
func.func @matmul_integer(%a: tensor<4x3xui8>, %b: tensor<3x2xi8>, %za: tensor<4xui8>) -> tensor<4x2xi32> {
  %0 = onnx.MatMulInteger %a, %b a_zero_point %za : (tensor<4x3xui8>, tensor<3x2xi8>, tensor<4xui8>) -> tensor<4x2xi32>
  return %0 : tensor<4x2xi32>
}

// -----

// QLinearConv: an i32 convolution starting from B, requantized by
// x_scale * w_scale[channel] / y_scale.
// CHECK: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @qlinear_conv
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg6 : tensor<2xi32>)
// CHECK: %[[ACC:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x5x5xi32>, tensor<2x1x3x3xi32>) outs(%[[INIT]] : tensor<1x2x3x3xi32>)
// CHECK: linalg.generic {{.*}}#[[CHANNEL]]{{.*}} ins(%[[ACC]], %arg1, %arg4, %arg1, %arg2
// CHECK: %[[SCALES:.*]] = arith.mulf
// CHECK: %[[M:.*]] = arith.divf %[[SCALES]]
// CHECK: %[[F:.*]] = arith.sitofp %in : i32 to f32
// CHECK: arith.mulf %[[F]], %[[M]] : f32
// CHECK: math.roundeven
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @qlinear_conv(%x: tensor<1x1x5x5xui8>, %s: tensor<f32>, %z: tensor<ui8>, %w: tensor<2x1x3x3xui8>, %sw: tensor<2xf32>, %zw: tensor<2xui8>, %b: tensor<2xi32>) -> tensor<1x2x3x3xui8> {
  %0 = onnx.QLinearConv %x, %s, %z, %w, %sw, %zw, %s, %z, %b : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<2x1x3x3xui8>, tensor<2xf32>, tensor<2xui8>, tensor<f32>, tensor<ui8>, tensor<2xi32>) -> tensor<1x2x3x3xui8>
  return %0 : tensor<1x2x3x3xui8>
}

// -----

// A filter of run-time size: the output size is computed from w's dims.
// CHECK-LABEL: func.func @conv_integer_dynamic_filter
// CHECK: tensor.dim %{{.*}}, %{{.*}} : tensor<1x1x?x?xi32>
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x1x?x?xi32>
func.func @conv_integer_dynamic_filter(%x: tensor<1x1x5x5xui8>, %w: tensor<1x1x?x?xui8>) -> tensor<1x1x?x?xi32> {
  %0 = onnx.ConvInteger %x, %w : (tensor<1x1x5x5xui8>, tensor<1x1x?x?xui8>) -> tensor<1x1x?x?xi32>
  return %0 : tensor<1x1x?x?xi32>
}
