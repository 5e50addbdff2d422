// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @runtime_axes_logsumexp(%x: tensor<2x3xf32>, %axes: tensor<1xi64>) -> tensor<?x?xf32> {
  // expected-error @below {{cannot lower 'onnx.ReduceLogSumExp' to linalg: ReduceLogSumExp needs its axes at compile time (a constant, or an empty tensor)}}
  %0 = onnx.ReduceLogSumExp %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
