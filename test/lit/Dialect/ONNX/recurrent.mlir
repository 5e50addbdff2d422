// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Y is (seq x dirs x batch x hidden), Y_h (dirs x batch x hidden); hidden
// comes from R when hidden_size is absent.
// CHECK-LABEL: func @rnn_forward
func.func @rnn_forward(%x: tensor<5x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.RNN {{.*}} -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  %y, %yh = onnx.RNN %x, %w, %r : (tensor<5x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %y, %yh : tensor<*xf32>, tensor<*xf32>
}

// -----

// Bidirectional doubles the direction dim; the batch comes from initial_h
// when X does not know it.
// CHECK-LABEL: func @gru_bidirectional
func.func @gru_bidirectional(%x: tensor<?x?x2xf32>, %w: tensor<2x9x2xf32>, %r: tensor<2x9x3xf32>, %h: tensor<2x7x3xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.GRU {{.*}} -> (tensor<?x2x7x3xf32>, tensor<2x7x3xf32>)
  %y, %yh = onnx.GRU %x, %w, %r initial_h(%h) {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<?x?x2xf32>, tensor<2x9x2xf32>, tensor<2x9x3xf32>, tensor<2x7x3xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %y, %yh : tensor<*xf32>, tensor<*xf32>
}

// -----

// layout = 1 puts the batch first in X, Y and the states.
// CHECK-LABEL: func @lstm_batch_major
func.func @lstm_batch_major(%x: tensor<3x5x2xf32>, %w: tensor<1x16x2xf32>, %r: tensor<1x16x4xf32>, %b: tensor<1x32xf32>, %lens: tensor<3xi32>, %p: tensor<1x12xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.LSTM {{.*}} -> (tensor<3x5x1x4xf32>, tensor<3x1x4xf32>, tensor<3x1x4xf32>)
  %y, %yh, %yc = onnx.LSTM %x, %w, %r B(%b) sequence_lens(%lens) P(%p) {layout = 1 : i64} : (tensor<3x5x2xf32>, tensor<1x16x2xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<3xi32>, tensor<1x12xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %y, %yh, %yc : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
