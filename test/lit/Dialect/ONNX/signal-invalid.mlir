// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @dft_complex_axis(%x: tensor<2x10x1xf32>) -> tensor<*xf32> {
  %axis = onnx.Constant dense<-1> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.DFT' op axis must lie in [-3, -2] or [0, 1]}}
  %0 = onnx.DFT %x axis(%axis) : (tensor<2x10x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_parts(%x: tensor<2x10x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.DFT' op the last dim must be 1 (real) or 2 (complex), got 'tensor<2x10x3xf32>'}}
  %0 = onnx.DFT %x : (tensor<2x10x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_length(%x: tensor<2x10x1xf32>) -> tensor<*xf32> {
  %length = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.DFT' op dft_length must be positive, got 0}}
  %0 = onnx.DFT %x length(%length) : (tensor<2x10x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_frame_length(%signal: tensor<1x128x1xf32>, %window: tensor<16xf32>) -> tensor<*xf32> {
  %step = onnx.Constant dense<8> : tensor<i64> -> tensor<i64>
  %length = onnx.Constant dense<32> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.STFT' op frame_length 32 differs from the window's size 16}}
  %0 = onnx.STFT %signal, %step window(%window) length(%length) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_short_signal(%signal: tensor<1x8x1xf32>, %window: tensor<16xf32>) -> tensor<*xf32> {
  %step = onnx.Constant dense<8> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.STFT' op the signal (8 samples) is shorter than a frame (16)}}
  %0 = onnx.STFT %signal, %step window(%window) : (tensor<1x8x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_no_frame_length(%signal: tensor<1x128x1xf32>, %step: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.STFT' op needs a window or a frame_length}}
  %0 = onnx.STFT %signal, %step : (tensor<1x128x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @window_size(%size: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.HannWindow' op 'size' must be a scalar, got 'tensor<2xi64>'}}
  %0 = onnx.HannWindow %size : (tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @window_negative_size() -> tensor<*xf32> {
  %size = onnx.Constant dense<-1> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.BlackmanWindow' op size must not be negative, got -1}}
  %0 = onnx.BlackmanWindow %size : (tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mel_sample_rate(%bins: tensor<i32>, %length: tensor<i32>, %low: tensor<f32>, %high: tensor<f32>) -> tensor<*xf32> {
  %rate = onnx.Constant dense<0> : tensor<i32> -> tensor<i32>
  // expected-error @+1 {{'onnx.MelWeightMatrix' op sample_rate must be positive, got 0}}
  %0 = onnx.MelWeightMatrix %bins, %length, %rate, %low, %high : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
