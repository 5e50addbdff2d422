// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

// The number of taps of an antialiased kernel depends on the scale.
func.func @resize_antialias_runtime_scales(%x: tensor<1x8xf32>, %s: tensor<2xf32>) -> tensor<?x?xf32> {
  // expected-error @below {{cannot lower 'onnx.Resize' to linalg: antialias needs the scale of every resized dim at compile time (constant 'scales', or constant 'sizes' and static input sizes)}}
  %0 = onnx.Resize %x scales %s {antialias = 1 : i64, mode = "linear"} : (tensor<1x8xf32>, tensor<2xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Downscaling 1000 times stretches the kernel over 2000 taps per dim.
func.func @resize_antialias_tiny_scale(%x: tensor<1000x1000xf32>) -> tensor<1x1xf32> {
  %s = onnx.Constant dense<[0.001, 0.001]> : tensor<2xf32> -> tensor<2xf32>
  // expected-error @below {{cannot lower 'onnx.Resize' to linalg: antialias at these scales reads more than 4096 input elements per output element}}
  %0 = onnx.Resize %x scales %s {antialias = 1 : i64, mode = "linear"} : (tensor<1000x1000xf32>, tensor<2xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}
