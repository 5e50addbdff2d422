// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// QuantizeLinear holds the zero point's type, else output_dtype, else ui8;
// DequantizeLinear the scale's type, else output_dtype.
// CHECK-LABEL: func @quantize_types
func.func @quantize_types(%x: tensor<2x?xf32>, %s: tensor<f32>, %z: tensor<i16>, %q: tensor<4x6xi8>, %bs: tensor<4x3xf16>) -> (tensor<*xi16>, tensor<*xui8>, tensor<*xi8>, tensor<*xf16>, tensor<*xf32>) {
  // CHECK: onnx.QuantizeLinear {{.*}} -> tensor<2x?xi16>
  %0 = onnx.QuantizeLinear %x, %s, %z : (tensor<2x?xf32>, tensor<f32>, tensor<i16>) -> tensor<*xi16>
  // CHECK: onnx.QuantizeLinear {{.*}} -> tensor<2x?xui8>
  %1 = onnx.QuantizeLinear %x, %s : (tensor<2x?xf32>, tensor<f32>) -> tensor<*xui8>
  // CHECK: onnx.QuantizeLinear {{.*}} -> tensor<2x?xi8>
  %2 = onnx.QuantizeLinear %x, %s {output_dtype = i8} : (tensor<2x?xf32>, tensor<f32>) -> tensor<*xi8>
  // Blocks of 2 along dim 1: 6 values, 3 scales.
  // CHECK: onnx.DequantizeLinear {{.*}} -> tensor<4x6xf16>
  %3 = onnx.DequantizeLinear %q, %bs {block_size = 2 : i64} : (tensor<4x6xi8>, tensor<4x3xf16>) -> tensor<*xf16>
  // CHECK: onnx.DequantizeLinear {{.*}} -> tensor<4x6xf32>
  %4 = onnx.DequantizeLinear %q, %bs {block_size = 2 : i64, output_dtype = f32} : (tensor<4x6xi8>, tensor<4x3xf16>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xi16>, tensor<*xui8>, tensor<*xi8>, tensor<*xf16>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @dynamic_quantize
func.func @dynamic_quantize(%x: tensor<3x?xf32>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xui8>) {
  // CHECK: onnx.DynamicQuantizeLinear {{.*}} -> (tensor<3x?xui8>, tensor<f32>, tensor<ui8>)
  %0:3 = onnx.DynamicQuantizeLinear %x : (tensor<3x?xf32>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xui8>)
  return %0#0, %0#1, %0#2 : tensor<*xui8>, tensor<*xf32>, tensor<*xui8>
}

// -----

// The integer products take numpy.matmul's and Conv's shapes; MatMulInteger
// and ConvInteger hold i32, the QLinear* ops y_zero_point's type.
// CHECK-LABEL: func @integer_products
func.func @integer_products(%a: tensor<2x4x3xui8>, %b: tensor<3x5xi8>, %za: tensor<4xui8>, %sa: tensor<f32>, %sb: tensor<5xf32>, %zb: tensor<5xi8>, %zy: tensor<ui8>,
                            %x: tensor<1x2x5x?xi8>, %w: tensor<4x2x3x3xui8>, %zw: tensor<4xui8>, %sw: tensor<4xf32>, %zx: tensor<i8>, %bias: tensor<4xi32>)
    -> (tensor<*xi32>, tensor<*xui8>, tensor<*xi32>, tensor<*xui8>) {
  // CHECK: onnx.MatMulInteger {{.*}} -> tensor<2x4x5xi32>
  %0 = onnx.MatMulInteger %a, %b a_zero_point %za : (tensor<2x4x3xui8>, tensor<3x5xi8>, tensor<4xui8>) -> tensor<*xi32>
  // CHECK: onnx.QLinearMatMul {{.*}} -> tensor<2x4x5xui8>
  %1 = onnx.QLinearMatMul %a, %sa, %zy, %b, %sb, %zb, %sa, %zy : (tensor<2x4x3xui8>, tensor<f32>, tensor<ui8>, tensor<3x5xi8>, tensor<5xf32>, tensor<5xi8>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  // CHECK: onnx.ConvInteger {{.*}} -> tensor<1x4x3x?xi32>
  %2 = onnx.ConvInteger %x, %w x_zero_point %zx w_zero_point %zw : (tensor<1x2x5x?xi8>, tensor<4x2x3x3xui8>, tensor<i8>, tensor<4xui8>) -> tensor<*xi32>
  // CHECK: onnx.QLinearConv {{.*}} -> tensor<1x4x5x?xui8>
  %3 = onnx.QLinearConv %x, %sa, %zx, %w, %sw, %zw, %sa, %zy, %bias {pads = [1, 1, 1, 1]} : (tensor<1x2x5x?xi8>, tensor<f32>, tensor<i8>, tensor<4x2x3x3xui8>, tensor<4xf32>, tensor<4xui8>, tensor<f32>, tensor<ui8>, tensor<4xi32>) -> tensor<*xui8>
  return %0, %1, %2, %3 : tensor<*xi32>, tensor<*xui8>, tensor<*xi32>, tensor<*xui8>
}

// -----

// A filter whose spatial sizes are known only at run time gives dynamic
// output sizes.
// CHECK-LABEL: func @conv_integer_dynamic_filter
func.func @conv_integer_dynamic_filter(%x: tensor<1x1x5x5xui8>, %w: tensor<1x1x?x?xui8>) -> tensor<*xi32> {
  // CHECK: onnx.ConvInteger {{.*}} -> tensor<1x1x?x?xi32>
  %0 = onnx.ConvInteger %x, %w : (tensor<1x1x5x5xui8>, tensor<1x1x?x?xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}
