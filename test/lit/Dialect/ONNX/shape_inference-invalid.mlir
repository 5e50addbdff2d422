// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.Add' op operands of types 'tensor<2x3xf32>' and 'tensor<4xf32>' do not broadcast}}
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{contraction sizes differ: A has 3 columns but B has 4 rows}}
  %0 = onnx.MatMul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @declared_type_contradicts(%a: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{result #0 has type 'tensor<3x3xf32>', which contradicts the type 'tensor<2x3xf32>' that the operands give}}
  %0 = onnx.Relu %a : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{X has 3 channels, but W expects 2 per group x 1 groups}}
  %0 = onnx.Conv %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pool_too_small(%x: tensor<1x3x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{spatial dimension 0 (2 plus pads) is smaller than the dilated kernel (3)}}
  %0 = onnx.MaxPool %x {kernel_shape = [3, 3]} : (tensor<1x3x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[4, -1]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{cannot reshape 6 elements: the other sizes multiply to 4}}
  %0 = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{perm is not a permutation of [0, 2)}}
  %0 = onnx.Transpose %x {perm = [0, 0]} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for an input of rank 2 (expected [-2, 1])}}
  %0 = onnx.Softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Kernels, dilations and pads near int64's limits
// (test/fuzz/regressions/pool-*-overflow.onnx).
func.func @maxpool_dilation_overflow(%x: tensor<1x1x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{the window over spatial dimension 0 overflows 64 bits}}
  %0 = onnx.MaxPool %x {kernel_shape = [3], dilations = [4611686018427387904]} : (tensor<1x1x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @averagepool_pads_overflow(%x: tensor<1x1x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{the window over spatial dimension 0 overflows 64 bits}}
  %0 = onnx.AveragePool %x {kernel_shape = [1], pads = [4611686018427387904, 4611686018427387904]} : (tensor<1x1x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
