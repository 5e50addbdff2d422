// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Constant axes give static shapes; axes known only by their count give the
// rank. Squeezing the only unit dims of a static input is known too.
// CHECK-LABEL: func @squeeze_unsqueeze
func.func @squeeze_unsqueeze(%x: tensor<1x3x1x5xf32>, %y: tensor<3x?xf32>, %axes: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %c = onnx.Constant dense<[-2, 0]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Squeeze {{.*}} -> tensor<3x5xf32>
  %0 = onnx.Squeeze %x, %c : (tensor<1x3x1x5xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.Squeeze {{.*}} -> tensor<3x5xf32>
  %1 = onnx.Squeeze %x : (tensor<1x3x1x5xf32>) -> tensor<*xf32>
  // CHECK: onnx.Squeeze {{.*}} -> tensor<3x5xf32>
  %2 = onnx.Squeeze %x, %axes : (tensor<1x3x1x5xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.Unsqueeze {{.*}} -> tensor<1x3x1x?xf32>
  %3 = onnx.Unsqueeze %y, %c : (tensor<3x?xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.Unsqueeze {{.*}} -> tensor<?x?x?x?xf32>
  %4 = onnx.Unsqueeze %y, %axes : (tensor<3x?xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @concat_split
func.func @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>, %c: tensor<?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Concat {{.*}} -> tensor<2x?xf32>
  %0 = onnx.Concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.Concat {{.*}} -> tensor<2x7xf32>
  %1 = onnx.Concat %a, %c {axis = 1 : i64} : (tensor<2x3xf32>, tensor<?x4xf32>) -> tensor<*xf32>
  // Split-18: ceil(7 / 3) = 3 each, the last takes the rest.
  // CHECK: onnx.Split {{.*}} -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>)
  %2:3 = onnx.Split %1 {axis = 1 : i64} : (tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0, %1, %2#0, %2#1, %2#2, %2#2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// ONNX Slice clamps starts and ends; negative steps walk backwards.
// CHECK-LABEL: func @slice
func.func @slice(%x: tensor<20x10x5xf32>, %starts: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %s = onnx.Constant dense<[0, -100]> : tensor<2xi64> -> tensor<2xi64>
  %e = onnx.Constant dense<[3, 1000]> : tensor<2xi64> -> tensor<2xi64>
  %a = onnx.Constant dense<[0, 1]> : tensor<2xi64> -> tensor<2xi64>
  %st = onnx.Constant dense<[1, 3]> : tensor<2xi64> -> tensor<2xi64>
  %neg = onnx.Constant dense<[-1, -1]> : tensor<2xi64> -> tensor<2xi64>
  %big = onnx.Constant dense<[1000, 1000]> : tensor<2xi64> -> tensor<2xi64>
  %min = onnx.Constant dense<[-1000, -1000]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Slice {{.*}} -> tensor<3x4x5xf32>
  %0 = onnx.Slice %x, %s, %e axes %a steps %st : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.Slice {{.*}} -> tensor<20x10x5xf32>
  %1 = onnx.Slice %x, %big, %min axes %a steps %neg : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.Slice {{.*}} -> tensor<?x?x5xf32>
  %2 = onnx.Slice %x, %starts, %e : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Negative pads remove elements; axes pick the padded dims.
// CHECK-LABEL: func @pad
func.func @pad(%x: tensor<4x5xf32>, %pads: tensor<4xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %p = onnx.Constant dense<[1, -1, 2, 0]> : tensor<4xi64> -> tensor<4xi64>
  %p2 = onnx.Constant dense<[3, 3]> : tensor<2xi64> -> tensor<2xi64>
  %axes = onnx.Constant dense<[-1]> : tensor<1xi64> -> tensor<1xi64>
  // CHECK: onnx.Pad {{.*}} -> tensor<7x4xf32>
  %0 = onnx.Pad %x, %p {mode = "reflect"} : (tensor<4x5xf32>, tensor<4xi64>) -> tensor<*xf32>
  // CHECK: onnx.Pad {{.*}} -> tensor<4x11xf32>
  %1 = onnx.Pad %x, %p2 axes %axes {mode = "wrap"} : (tensor<4x5xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<*xf32>
  // CHECK: onnx.Pad {{.*}} -> tensor<?x?xf32>
  %2 = onnx.Pad %x, %pads : (tensor<4x5xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Expand broadcasts with the requested shape: a 1 keeps the input's size,
// an unknown request keeps a size that is not 1.
// CHECK-LABEL: func @expand_tile
func.func @expand_tile(%x: tensor<3x1xf32>, %shape: tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %s = onnx.Constant dense<[2, 1, 6]> : tensor<3xi64> -> tensor<3xi64>
  %r = onnx.Constant dense<[2, 4]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Expand {{.*}} -> tensor<2x3x6xf32>
  %0 = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  // CHECK: onnx.Expand {{.*}} -> tensor<?x3x?xf32>
  %1 = onnx.Expand %x, %shape : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  // CHECK: onnx.Tile {{.*}} -> tensor<6x4xf32>
  %2 = onnx.Tile %x, %r : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// A constant shape makes ConstantOfShape a constant (folded as it is
// inferred).
// CHECK-LABEL: func @generated
// CHECK: onnx.Constant dense<0.000000e+00> : tensor<2x3xf32>
func.func @generated(%n: tensor<i32>, %shape: tensor<2xi64>, %m: tensor<?x3xf32>) -> (tensor<*xi32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf16>, tensor<*xi64>) {
  %start = onnx.Constant dense<10> : tensor<i32> -> tensor<i32>
  %limit = onnx.Constant dense<4> : tensor<i32> -> tensor<i32>
  %delta = onnx.Constant dense<-3> : tensor<i32> -> tensor<i32>
  %fs = onnx.Constant dense<1.0> : tensor<f32> -> tensor<f32>
  %fl = onnx.Constant dense<5.0> : tensor<f32> -> tensor<f32>
  %fd = onnx.Constant dense<0.5> : tensor<f32> -> tensor<f32>
  %c = onnx.Constant dense<[2, 3]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.Range {{.*}} -> tensor<2xi32>
  %0 = onnx.Range %start, %limit, %delta : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  // CHECK: onnx.Range {{.*}} -> tensor<8xf32>
  %1 = onnx.Range %fs, %fl, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: onnx.Range {{.*}} -> tensor<?xi32>
  %2 = onnx.Range %start, %n, %delta : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  %3 = onnx.ConstantOfShape %c : (tensor<2xi64>) -> tensor<*xf32>
  // CHECK: onnx.EyeLike {{.*}} -> tensor<?x3xf16>
  %4 = onnx.EyeLike %m {dtype = f16, k = 1 : i64} : (tensor<?x3xf32>) -> tensor<*xf16>
  // CHECK: onnx.ConstantOfShape {{.*}} -> tensor<?x?xi64>
  %5 = onnx.ConstantOfShape %shape {value = dense<7> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<*xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<*xi32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf16>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func @rearrange
func.func @rearrange(%x: tensor<1x8x2x?xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  // CHECK: onnx.DepthToSpace {{.*}} -> tensor<1x2x4x?xf32>
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.SpaceToDepth {{.*}} -> tensor<1x32x1x?xf32>
  %1 = onnx.SpaceToDepth %x {blocksize = 2 : i64} : (tensor<1x8x2x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.Size {{.*}} -> tensor<i64>
  %2 = onnx.Size %x : (tensor<1x8x2x?xf32>) -> tensor<*xi64>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func @indexing
func.func @indexing(%data: tensor<5x4x3xf32>, %i: tensor<2x6xi64>, %nd: tensor<2x2xi64>, %e: tensor<5x2x3xi32>, %hot: tensor<2x?xi64>, %ndb: tensor<5x1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %depth = onnx.Constant dense<10.0> : tensor<f32> -> tensor<f32>
  %values = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32> -> tensor<2xf32>
  // CHECK: onnx.Gather {{.*}} -> tensor<5x2x6x3xf32>
  %0 = onnx.Gather %data, %i {axis = -2 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi64>) -> tensor<*xf32>
  // CHECK: onnx.GatherElements {{.*}} -> tensor<5x2x3xf32>
  %1 = onnx.GatherElements %data, %e {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<5x2x3xi32>) -> tensor<*xf32>
  // CHECK: onnx.GatherND {{.*}} -> tensor<2x3xf32>
  %2 = onnx.GatherND %data, %nd : (tensor<5x4x3xf32>, tensor<2x2xi64>) -> tensor<*xf32>
  // CHECK: onnx.GatherND {{.*}} -> tensor<5x3xf32>
  %3 = onnx.GatherND %data, %ndb {batch_dims = 1 : i64} : (tensor<5x4x3xf32>, tensor<5x1xi64>) -> tensor<*xf32>
  // CHECK: onnx.OneHot {{.*}} -> tensor<2x10x?xf32>
  %4 = onnx.OneHot %hot, %depth, %values {axis = 1 : i64} : (tensor<2x?xi64>, tensor<f32>, tensor<2xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @reverse_sequence
func.func @reverse_sequence(%x: tensor<4x?x3xf32>, %lens: tensor<?xi64>) -> tensor<*xf32> {
  // CHECK: onnx.ReverseSequence {{.*}} -> tensor<4x?x3xf32>
  %0 = onnx.ReverseSequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<4x?x3xf32>, tensor<?xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// CenterCropPad sets the dims in `axes` to `shape`'s values, in axes' order.
// CHECK-LABEL: func @center_crop_pad
func.func @center_crop_pad(%x: tensor<2x?x4xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[7, 3]> : tensor<2xi64> -> tensor<2xi64>
  // CHECK: onnx.CenterCropPad {{.*}} -> tensor<3x?x7xf32>
  %0 = onnx.CenterCropPad %x, %s {axes = [-1, 0]} : (tensor<2x?x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
