// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @below {{cannot lower 'onnx.Relu' to linalg: its results must be ranked tensors}}
  %0 = onnx.Relu %x : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Every op that cannot be lowered is reported, not only the first.
func.func @two_failures(%x: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // expected-error @below {{cannot lower 'onnx.Tanh' to linalg: its results must be ranked tensors}}
  %0 = onnx.Tanh %x : (tensor<*xf32>) -> tensor<*xf32>
  // expected-error @below {{cannot lower 'onnx.Sigmoid' to linalg: its results must be ranked tensors}}
  %1 = onnx.Sigmoid %x : (tensor<*xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
