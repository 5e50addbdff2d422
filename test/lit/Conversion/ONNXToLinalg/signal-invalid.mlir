// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @dft_runtime_axis(%x: tensor<2x10x2xf32>, %axis: tensor<i64>) -> tensor<?x?x2xf32> {
  // expected-error @below {{cannot lower 'onnx.DFT' to linalg: axis must be a constant}}
  %0 = onnx.DFT %x axis(%axis) : (tensor<2x10x2xf32>, tensor<i64>) -> tensor<?x?x2xf32>
  return %0 : tensor<?x?x2xf32>
}
