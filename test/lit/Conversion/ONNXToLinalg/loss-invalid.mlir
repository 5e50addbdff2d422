// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @nll_unranked(%x: tensor<*xf32>, %t: tensor<3xi64>) -> tensor<f32> {
  // expected-error @below {{cannot lower 'onnx.NegativeLogLikelihoodLoss' to linalg: its operands must be ranked tensors}}
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t : (tensor<*xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}
