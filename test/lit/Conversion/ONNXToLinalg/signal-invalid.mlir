// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @stft_window_type(%signal: tensor<1x128x1xf32>, %step: tensor<i64>, %window: tensor<16xf64>) -> tensor<1x?x9x2xf32> {
  // expected-error @below {{cannot lower 'onnx.STFT' to linalg: its window must be a ranked tensor of the signal's type}}
  %0 = onnx.STFT %signal, %step window(%window) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf64>) -> tensor<1x?x9x2xf32>
  return %0 : tensor<1x?x9x2xf32>
}
