// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// DFT: one generic over the result's dims and the samples (a reduction),
// reading the real and imaginary parts as [..., 1] slices with the axis
// replaced by the sample loop. The twiddle angle is 2 pi ((k n) mod L) / L
// in f64, rounded to f32.
// CHECK-DAG: #[[SLICE:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d2, 0)>
// CHECK-DAG: #[[RESULT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @dft
// CHECK: %[[RE:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 10, 10, 1] [1, 1, 1, 1] : tensor<1x10x10x1xf32> to tensor<1x10x10x1xf32>
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[SLICE]], #[[SLICE]], #[[RESULT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[RE]], %{{.*}} : tensor<1x10x10x1xf32>, tensor<1x10x10x1xf32>) outs(%[[INIT]] : tensor<1x10x10x2xf32>)
// CHECK: %[[K:.*]] = linalg.index 1 : index
// CHECK: %[[N:.*]] = linalg.index 4 : index
// CHECK: %[[KN:.*]] = arith.muli %[[K]], %[[N]] : index
// CHECK: arith.remui %[[KN]], %{{.*}} : index
// CHECK: math.cos %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: math.sin %{{.*}} : f64
func.func @dft(%x: tensor<1x10x10x1xf32>) -> tensor<1x10x10x2xf32> {
  %axis = onnx.Constant dense<1> : tensor<1xi64> -> tensor<1xi64>
  %0 = onnx.DFT %x axis(%axis) : (tensor<1x10x10x1xf32>, tensor<1xi64>) -> tensor<1x10x10x2xf32>
  return %0 : tensor<1x10x10x2xf32>
}

// -----

// A dft_length read at run time sizes the onesided result (L / 2 + 1) and
// the samples used (min(N, L)); the inverse scales the twiddles by 1 / L.
// Whether the input is complex is decided at run time from its last dim.
// CHECK-LABEL: func.func @dft_dynamic_inverse
// CHECK: %[[LEN:.*]] = tensor.extract %arg1[] : tensor<i32>
// CHECK: %[[L:.*]] = arith.index_cast %[[LEN]] : i32 to index
// CHECK: %[[POSITIVE:.*]] = arith.maxsi %[[L]], %{{.*}} : index
// CHECK: %[[SAMPLES:.*]] = arith.minsi %{{.*}}, %[[POSITIVE]] : index
// CHECK: %[[COMPLEX:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : index
// CHECK: tensor.extract_slice %arg0[0, 0, 0] [%{{.*}}, %[[SAMPLES]], 1]
// CHECK: %[[HALF:.*]] = arith.divui %[[POSITIVE]], %{{.*}} : index
// CHECK: %[[BINS:.*]] = arith.addi %[[HALF]], %{{.*}} : index
// CHECK: tensor.empty(%{{.*}}, %[[BINS]]) : tensor<?x?x2xf64>
// CHECK: %[[SCALE:.*]] = arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: linalg.generic
// CHECK: arith.select %[[COMPLEX]]
// CHECK: arith.mulf %{{.*}}, %[[SCALE]] : f64
func.func @dft_dynamic_inverse(%x: tensor<?x?x?xf64>, %len: tensor<i32>) -> tensor<?x?x2xf64> {
  %0 = onnx.DFT %x length(%len) {inverse = 1 : i64, onesided = 1 : i64} : (tensor<?x?x?xf64>, tensor<i32>) -> tensor<?x?x2xf64>
  return %0 : tensor<?x?x2xf64>
}

// -----

// STFT: loops (batch, frame, bin, part, sample); the window is read at the
// sample, the signal at frame * step + sample, clamped into the signal.
// frames = max(0, floor((128 - 16) / step) + 1) with the step read at run
// time.
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-LABEL: func.func @stft
// CHECK: %[[STEP:.*]] = tensor.extract %arg1[] : tensor<i64>
// CHECK: arith.floordivsi
// CHECK: linalg.generic {indexing_maps = [#[[WINDOW]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg2 : tensor<16xf32>)
// CHECK: %[[FRAME:.*]] = linalg.index 1 : index
// CHECK: %[[N:.*]] = linalg.index 4 : index
// CHECK: %[[START:.*]] = arith.muli %[[FRAME]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.addi %[[START]], %[[N]] : index
// CHECK: %[[LOW:.*]] = arith.minsi %[[POS]], %c127 : index
// CHECK: %[[CLAMPED:.*]] = arith.maxsi %[[LOW]], %{{.*}} : index
// CHECK: tensor.extract %arg0[%{{.*}}, %[[CLAMPED]], %{{.*}}] : tensor<1x128x1xf32>
func.func @stft(%signal: tensor<1x128x1xf32>, %step: tensor<i64>, %window: tensor<16xf32>) -> tensor<1x?x9x2xf32> {
  %0 = onnx.STFT %signal, %step window(%window) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
  return %0 : tensor<1x?x9x2xf32>
}

// -----

// Without a window, frames are multiplied by a window of ones of
// frame_length samples.
// CHECK-LABEL: func.func @stft_frame_length
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<16xf32>
// CHECK: %[[ONES:.*]] = linalg.fill ins(%[[ONE]] : f32) outs(%[[EMPTY]] : tensor<16xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[ONES]] : tensor<16xf32>)
func.func @stft_frame_length(%signal: tensor<1x128x1xf32>) -> tensor<1x15x9x2xf32> {
  %step = onnx.Constant dense<8> : tensor<i64> -> tensor<i64>
  %length = onnx.Constant dense<16> : tensor<i64> -> tensor<i64>
  %0 = onnx.STFT %signal, %step length(%length) : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x15x9x2xf32>
  return %0 : tensor<1x15x9x2xf32>
}

// -----

// A symmetric window of a size read at run time: w[n] = 0.5 - 0.5 cos(2 pi
// n / (size - 1)) + 0 cos(4 pi n / (size - 1)), in f64.
// CHECK-LABEL: func.func @hann_symmetric
// CHECK: %[[SIZE:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[NONNEG:.*]] = arith.maxsi %[[SIZE]], %{{.*}} : index
// CHECK: %[[D:.*]] = arith.subf %{{.*}}, %{{.*}} : f64
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[NONNEG]]) : tensor<?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK: arith.divf %{{.*}}, %[[D]] : f64
// CHECK: math.cos
// CHECK: math.cos
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @hann_symmetric(%size: tensor<i32>) -> tensor<?xf32> {
  %0 = onnx.HannWindow %size {periodic = 0 : i64} : (tensor<i32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Each element of the mel matrix locates the three edge points of its mel
// bin as spectrogram bins, floor((dft_length + 1) * hertz / sample_rate).
// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK: math.log10 %{{.*}} : f64
// CHECK: math.log10 %{{.*}} : f64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK-COUNT-3: math.floor
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @mel_weight_matrix(%a: tensor<i32>, %b: tensor<i32>, %c: tensor<i32>, %d: tensor<f32>, %e: tensor<f32>) -> tensor<?x?xf32> {
  %0 = onnx.MelWeightMatrix %a, %b, %c, %d, %e : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// An axis read at run time (counting from the back when negative) picks one
// of the transforms along dims 0 and 1, the last being the default.
// CHECK-LABEL: func.func @dft_runtime_axis
// CHECK: %[[AXIS:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[WRAPPED:.*]] = arith.select %{{.*}}, %{{.*}}, %[[AXIS]] : index
// CHECK: %[[SWITCH:.*]] = scf.index_switch %[[WRAPPED]] -> tensor<?x?x2xf32>
// CHECK: case 0 {
// CHECK: linalg.generic
// CHECK: linalg.index 0 : index
// CHECK: scf.yield %{{.*}} : tensor<?x?x2xf32>
// CHECK: default {
// CHECK: linalg.generic
// CHECK: linalg.index 1 : index
// CHECK: tensor.cast %[[SWITCH]] : tensor<?x?x2xf32> to tensor<4x6x2xf32>
func.func @dft_runtime_axis(%x: tensor<4x6x1xf32>, %axis: tensor<i64>) -> tensor<4x6x2xf32> {
  %0 = onnx.DFT %x axis(%axis) : (tensor<4x6x1xf32>, tensor<i64>) -> tensor<4x6x2xf32>
  return %0 : tensor<4x6x2xf32>
}
