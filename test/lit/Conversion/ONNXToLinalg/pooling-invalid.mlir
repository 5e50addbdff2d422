// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @averagepool_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @below {{cannot lower 'onnx.AveragePool' to linalg: its results must be ranked tensors}}
  %0 = onnx.AveragePool %x {kernel_shape = [2, 2]} : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
