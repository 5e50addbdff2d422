// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @per_axis_size(%x: tensor<2x3xf32>, %s: tensor<2xf32>) -> tensor<2x3xui8> {
  // expected-error @+1 {{'onnx.QuantizeLinear' op y_scale: 1-D scales and zero points must hold one value per index of dim 1 (3), got 2}}
  %0 = onnx.QuantizeLinear %x, %s : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

func.func @output_dtype_contradicts(%x: tensor<2xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<2xui8> {
  // expected-error @+1 {{'onnx.QuantizeLinear' op output_dtype 'i8' differs from the zero point's type 'ui8'}}
  %0 = onnx.QuantizeLinear %x, %s, %z {output_dtype = i8} : (tensor<2xf32>, tensor<f32>, tensor<ui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

func.func @blocks(%x: tensor<4x6xi8>, %s: tensor<4x3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'onnx.DequantizeLinear' op x_scale: blocked scales and zero points must have the input's shape with dim 1 divided by the block size 4}}
  %0 = onnx.DequantizeLinear %x, %s {block_size = 4 : i64} : (tensor<4x6xi8>, tensor<4x3xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @zero_point_type(%a: tensor<2x3xui8>, %b: tensor<3x2xui8>, %za: tensor<i8>) -> tensor<2x2xi32> {
  // expected-error @+1 {{'onnx.MatMulInteger' op a_zero_point must hold 'ui8' like its tensor, got 'i8'}}
  %0 = onnx.MatMulInteger %a, %b a_zero_point %za : (tensor<2x3xui8>, tensor<3x2xui8>, tensor<i8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

func.func @qlinear_conv_y_scale(%x: tensor<1x1x3x3xui8>, %s: tensor<f32>, %z: tensor<ui8>, %ys: tensor<2xf32>) -> tensor<1x1x1x1xui8> {
  // expected-error @+1 {{'onnx.QLinearConv' op y_scale must be a scalar, got 'tensor<2xf32>'}}
  %0 = onnx.QLinearConv %x, %s, %z, %x, %s, %z, %ys, %z : (tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<2xf32>, tensor<ui8>) -> tensor<1x1x1x1xui8>
  return %0 : tensor<1x1x1x1xui8>
}
