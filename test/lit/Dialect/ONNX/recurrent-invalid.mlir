// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @gates_mismatch(%x: tensor<5x3x2xf32>, %w: tensor<1x8x2xf32>, %r: tensor<1x8x4xf32>) {
  // expected-error @+1 {{W must have shape (1 x 16 x 2), got 'tensor<1x8x2xf32>'}}
  %y, %yh, %yc = onnx.LSTM %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x3x2xf32>, tensor<1x8x2xf32>, tensor<1x8x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

func.func @directions_mismatch(%x: tensor<5x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+1 {{W must have shape (2 x 4 x 2), got 'tensor<1x4x2xf32>'}}
  %y, %yh = onnx.RNN %x, %w, %r {direction = "bidirectional"} : (tensor<5x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

func.func @bad_direction(%x: tensor<5x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+1 {{direction must be forward, reverse or bidirectional, got 'sideways'}}
  %y, %yh = onnx.RNN %x, %w, %r {direction = "sideways"} : (tensor<5x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return
}

// -----

func.func @activation_count(%x: tensor<5x3x2xf32>, %w: tensor<1x12x2xf32>, %r: tensor<1x12x4xf32>) {
  // expected-error @+1 {{expects 2 activations (2 per direction), got 1}}
  %y, %yh = onnx.GRU %x, %w, %r {activations = ["Tanh"]} : (tensor<5x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return
}

// -----

func.func @unknown_activation(%x: tensor<5x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+1 {{unknown activation function 'Swish'}}
  %y, %yh = onnx.RNN %x, %w, %r {activations = ["Swish"]} : (tensor<5x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return
}

// -----

// test/fuzz/regressions/lstm-hidden-size-overflow.onnx
func.func @lstm_hidden_size_overflow(%x: tensor<5x3x2xf32>, %w: tensor<1x8x2xf32>, %r: tensor<1x8x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.LSTM' op hidden_size is too large, got 4611686018427387904}}
  %y, %yh, %yc = onnx.LSTM %x, %w, %r {hidden_size = 4611686018427387904 : i64} : (tensor<5x3x2xf32>, tensor<1x8x2xf32>, tensor<1x8x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %y : tensor<*xf32>
}
