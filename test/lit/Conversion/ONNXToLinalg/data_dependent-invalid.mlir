// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @nonzero_scalar(%x: tensor<f32>) -> tensor<0x?xi64> {
  // expected-error @below {{cannot lower 'onnx.NonZero' to linalg: its input must be a tensor of rank 1 or more}}
  %0 = onnx.NonZero %x : (tensor<f32>) -> tensor<0x?xi64>
  return %0 : tensor<0x?xi64>
}
