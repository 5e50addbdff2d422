// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @runtime_axes(%x: tensor<2x3xf32>, %axes: tensor<1xi64>) -> tensor<?x?xf32> {
  // expected-error @below {{cannot lower 'onnx.ReduceSum' to linalg: its axes must be known at compile time (a constant, or an empty tensor), but they are computed at run time}}
  %0 = onnx.ReduceSum %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
