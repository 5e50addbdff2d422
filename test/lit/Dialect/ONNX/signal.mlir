// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// DFT along a constant axis: the axis' size becomes dft_length (the axis'
// own size without one), halved plus one when onesided; the trailing dim
// becomes 2 (complex).
// CHECK-LABEL: func @dft
func.func @dft(%x: tensor<2x10x6x1xf32>, %runtime: tensor<i64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %axis = onnx.Constant dense<1> : tensor<1xi64> -> tensor<1xi64>
  %length = onnx.Constant dense<16> : tensor<i64> -> tensor<i64>
  // CHECK: onnx.DFT {{.*}} -> tensor<2x10x6x2xf32>
  %0 = onnx.DFT %x axis(%axis) : (tensor<2x10x6x1xf32>, tensor<1xi64>) -> tensor<*xf32>
  // CHECK: onnx.DFT {{.*}} -> tensor<2x9x6x2xf32>
  %1 = onnx.DFT %x length(%length) axis(%axis) {onesided = 1 : i64} : (tensor<2x10x6x1xf32>, tensor<i64>, tensor<1xi64>) -> tensor<*xf32>
  // The default axis is -2, the last signal dim.
  // CHECK: onnx.DFT {{.*}} -> tensor<2x10x4x2xf32>
  %2 = onnx.DFT %x {onesided = 1 : i64} : (tensor<2x10x6x1xf32>) -> tensor<*xf32>
  // A length known at run time makes the axis' size dynamic.
  // CHECK: onnx.DFT {{.*}} -> tensor<2x?x6x2xf32>
  %3 = onnx.DFT %x length(%runtime) axis(%axis) : (tensor<2x10x6x1xf32>, tensor<i64>, tensor<1xi64>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// An axis known only at run time leaves every dim but the last unknown.
// CHECK-LABEL: func @dft_runtime_axis
func.func @dft_runtime_axis(%x: tensor<2x10x2xf64>, %axis: tensor<i64>) -> tensor<*xf64> {
  // CHECK: onnx.DFT {{.*}} -> tensor<?x?x2xf64>
  %0 = onnx.DFT %x axis(%axis) : (tensor<2x10x2xf64>, tensor<i64>) -> tensor<*xf64>
  return %0 : tensor<*xf64>
}

// -----

// STFT: frames = (length - frame_length) / frame_step + 1, the frame length
// from the window or from frame_length.
// CHECK-LABEL: func @stft
func.func @stft(%signal: tensor<1x128x1xf32>, %window: tensor<16xf32>, %runtime: tensor<i64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %step = onnx.Constant dense<8> : tensor<i64> -> tensor<i64>
  %length = onnx.Constant dense<16> : tensor<i64> -> tensor<i64>
  // CHECK: onnx.STFT {{.*}} -> tensor<1x15x9x2xf32>
  %0 = onnx.STFT %signal, %step window(%window) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  // CHECK: onnx.STFT {{.*}} -> tensor<1x15x16x2xf32>
  %1 = onnx.STFT %signal, %step length(%length) {onesided = 0 : i64} : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<*xf32>
  // CHECK: onnx.STFT {{.*}} -> tensor<1x?x9x2xf32>
  %2 = onnx.STFT %signal, %runtime window(%window) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Windows are [size], f32 unless output_datatype says otherwise.
// CHECK-LABEL: func @windows
func.func @windows(%size: tensor<i32>) -> (tensor<*xf32>, tensor<*xf64>, tensor<*xf32>) {
  %ten = onnx.Constant dense<10> : tensor<i32> -> tensor<i32>
  // CHECK: onnx.HannWindow {{.*}} -> tensor<10xf32>
  %0 = onnx.HannWindow %ten : (tensor<i32>) -> tensor<*xf32>
  // CHECK: onnx.HammingWindow {{.*}} -> tensor<10xf64>
  %1 = onnx.HammingWindow %ten {output_datatype = f64, periodic = 0 : i64} : (tensor<i32>) -> tensor<*xf64>
  // CHECK: onnx.BlackmanWindow {{.*}} -> tensor<?xf32>
  %2 = onnx.BlackmanWindow %size : (tensor<i32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf64>, tensor<*xf32>
}

// -----

// MelWeightMatrix is [dft_length / 2 + 1, num_mel_bins].
// CHECK-LABEL: func @mel_weight_matrix
func.func @mel_weight_matrix(%rate: tensor<i32>, %low: tensor<f32>, %high: tensor<f32>, %bins: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %mel = onnx.Constant dense<8> : tensor<i32> -> tensor<i32>
  %length = onnx.Constant dense<16> : tensor<i32> -> tensor<i32>
  // CHECK: onnx.MelWeightMatrix {{.*}} -> tensor<9x8xf32>
  %0 = onnx.MelWeightMatrix %mel, %length, %rate, %low, %high : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: onnx.MelWeightMatrix {{.*}} -> tensor<9x?xf32>
  %1 = onnx.MelWeightMatrix %bins, %length, %rate, %low, %high : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
