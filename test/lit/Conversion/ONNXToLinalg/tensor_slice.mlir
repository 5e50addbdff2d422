// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Constant bounds are clamped at compile time; positive steps make an
// extract_slice.
// CHECK-LABEL: func.func @slice_static
// CHECK: tensor.extract_slice %arg0[0, 0] [3, 4] [1, 3] : tensor<20x10xf32> to tensor<3x4xf32>
func.func @slice_static(%x: tensor<20x10xf32>) -> tensor<3x4xf32> {
  %s = onnx.Constant dense<[0, -100]> : tensor<2xi64> -> tensor<2xi64>
  %e = onnx.Constant dense<[3, 1000]> : tensor<2xi64> -> tensor<2xi64>
  %a = onnx.Constant dense<[0, 1]> : tensor<2xi64> -> tensor<2xi64>
  %st = onnx.Constant dense<[1, 3]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Slice %x, %s, %e axes %a steps %st : (tensor<20x10xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// A negative step reads element start + i * step in a linalg.generic.
// CHECK-LABEL: func.func @slice_negative_step
// CHECK-DAG: %[[START:.*]] = arith.constant 9 : index
// CHECK-DAG: %[[STEP:.*]] = arith.constant -1 : index
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = linalg.index 1
// CHECK: %[[OFF:.*]] = arith.muli %[[J]], %[[STEP]]
// CHECK: %[[COL:.*]] = arith.addi %[[START]], %[[OFF]]
// CHECK: tensor.extract %arg0[%{{.*}}, %[[COL]]]
func.func @slice_negative_step(%x: tensor<20x10xf32>) -> tensor<20x10xf32> {
  %s = onnx.Constant dense<[-1]> : tensor<1xi64> -> tensor<1xi64>
  %e = onnx.Constant dense<[-1000]> : tensor<1xi64> -> tensor<1xi64>
  %a = onnx.Constant dense<[1]> : tensor<1xi64> -> tensor<1xi64>
  %0 = onnx.Slice %x, %s, %e axes %a steps %s : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<20x10xf32>
  return %0 : tensor<20x10xf32>
}

// -----

// Bounds read at run time are clamped by the same rules.
// CHECK-LABEL: func.func @slice_run_time
// CHECK: %[[S:.*]] = tensor.extract %arg1
// CHECK: %[[E:.*]] = tensor.extract %arg2
// CHECK: %[[N:.*]] = tensor.dim %arg0
// CHECK: arith.minsi %{{.*}}, %[[N]]
// CHECK: tensor.extract_slice %arg0[%{{.*}}] [%{{.*}}] [1] : tensor<?xf32> to tensor<?xf32>
func.func @slice_run_time(%x: tensor<?xf32>, %s: tensor<1xi64>, %e: tensor<1xi64>) -> tensor<?xf32> {
  %0 = onnx.Slice %x, %s, %e : (tensor<?xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Starts of unknown length: a loop assigns each value to its dim.
// CHECK-LABEL: func.func @slice_run_time_length
// CHECK: %[[K:.*]] = tensor.dim %arg1
// CHECK: %[[B:.*]]:4 = scf.for %{{.*}} = %{{.*}} to %[[K]] {{.*}} -> (index, index, index, index)
// CHECK: tensor.extract_slice %arg0
func.func @slice_run_time_length(%x: tensor<4x5xf32>, %s: tensor<?xi64>, %e: tensor<?xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Slice %x, %s, %e : (tensor<4x5xf32>, tensor<?xi64>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Negative pads crop first; constant padding is tensor.pad.
// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[CROP:.*]] = tensor.extract_slice %arg0[0, 1] [4, 4] [1, 1]
// CHECK: %[[V:.*]] = tensor.extract %arg1[]
// CHECK: tensor.pad %[[CROP]] low[1, 0] high[0, 3]
// CHECK: tensor.yield %[[V]]
func.func @pad_constant(%x: tensor<4x5xf32>, %v: tensor<f32>) -> tensor<5x7xf32> {
  %p = onnx.Constant dense<[1, -1, 0, 3]> : tensor<4xi64> -> tensor<4xi64>
  %0 = onnx.Pad %x, %p value %v : (tensor<4x5xf32>, tensor<4xi64>, tensor<f32>) -> tensor<5x7xf32>
  return %0 : tensor<5x7xf32>
}

// -----

// Reflect maps index i - low into a period of 2 (n - 1), mirrored in its
// second half.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic
// CHECK: arith.remsi
// CHECK: arith.cmpi sgt
// CHECK: %[[I:.*]] = arith.select
// CHECK: tensor.extract %arg0[%[[I]]] : tensor<4xf32>
func.func @pad_reflect(%x: tensor<4xf32>) -> tensor<7xf32> {
  %p = onnx.Constant dense<[2, 1]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Pad %x, %p {mode = "reflect"} : (tensor<4xf32>, tensor<2xi64>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// CenterCropPad reads the input at index + (size - target) / 2 on the
// resized dims, guarded so padding reads nothing.
// CHECK-LABEL: func.func @center_crop_pad
// CHECK: %[[OFF:.*]] = arith.divsi
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x7xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[SRC:.*]] = arith.addi %[[J]], %[[OFF]] : index
// CHECK: scf.if
// CHECK: tensor.extract %arg0[%[[I]], %[[SRC]]]
// CHECK: } else {
// CHECK: arith.constant 0.000000e+00 : f32
func.func @center_crop_pad(%x: tensor<2x?xf32>) -> tensor<2x7xf32> {
  %s = onnx.Constant dense<[7]> : tensor<1xi64> -> tensor<1xi64>
  %0 = onnx.CenterCropPad %x, %s {axes = [1]} : (tensor<2x?xf32>, tensor<1xi64>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}
