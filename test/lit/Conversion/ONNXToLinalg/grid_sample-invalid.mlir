// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

func.func @grid_sample_3d(%x: tensor<1x1x2x2x2xf32>, %grid: tensor<1x2x2x2x3xf32>) -> tensor<1x1x2x2x2xf32> {
  // expected-error @below {{cannot lower 'onnx.GridSample' to linalg: only 2-D spatial inputs (a 4-D X) are supported}}
  %0 = onnx.GridSample %x, %grid : (tensor<1x1x2x2x2xf32>, tensor<1x2x2x2x3xf32>) -> tensor<1x1x2x2x2xf32>
  return %0 : tensor<1x1x2x2x2xf32>
}

// -----

func.func @grid_sample_linear_integers(%x: tensor<1x1x2x2xi32>, %grid: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xi32> {
  // expected-error @below {{cannot lower 'onnx.GridSample' to linalg: linear and cubic modes need float elements}}
  %0 = onnx.GridSample %x, %grid : (tensor<1x1x2x2xi32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}
