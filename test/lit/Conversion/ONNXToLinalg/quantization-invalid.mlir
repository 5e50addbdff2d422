// RUN: onnxc-opt --split-input-file --verify-diagnostics --convert-onnx-to-linalg %s

func.func @grouped_conv_1d(%x: tensor<1x2x5xi8>, %w: tensor<2x1x3xi8>) -> tensor<1x2x3xi32> {
  // expected-error @+1 {{cannot lower 'onnx.ConvInteger' to linalg: grouped integer convolutions must be 2-D}}
  %0 = onnx.ConvInteger %x, %w {group = 2 : i64} : (tensor<1x2x5xi8>, tensor<2x1x3xi8>) -> tensor<1x2x3xi32>
  return %0 : tensor<1x2x3xi32>
}
