// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @squeeze_non_unit(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = onnx.Constant dense<[1]> : tensor<1xi64> -> tensor<1xi64>
  // expected-error @+1 {{'onnx.Squeeze' op cannot squeeze dim 1 of size 3}}
  %0 = onnx.Squeeze %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unsqueeze_repeated_axis(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = onnx.Constant dense<[0, -4]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Unsqueeze' op axes repeat a dim}}
  %0 = onnx.Unsqueeze %x, %axes : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_sizes_differ(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.Concat' op inputs differ in size on dim 0}}
  %0 = onnx.Concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @split_sizes_do_not_add_up(%x: tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %split = onnx.Constant dense<[2, 3]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op 'split' sizes add up to 5, but the input has 6}}
  %0:2 = onnx.Split %x, %split : (tensor<6xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<6xf32>) -> tensor<*xf32> {
  %c = onnx.Constant dense<[0]> : tensor<1xi64> -> tensor<1xi64>
  // expected-error @+1 {{'onnx.Slice' op steps must not be 0}}
  %0 = onnx.Slice %x, %c, %c axes %c steps %c : (tensor<6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_wrong_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %pads = onnx.Constant dense<[1, 1]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Pad' op 'pads' has 2 values for 2 axes}}
  %0 = onnx.Pad %x, %pads : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @expand_incompatible(%x: tensor<3xf32>) -> tensor<*xf32> {
  %shape = onnx.Constant dense<[2, 4]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Expand' op cannot expand size 3 to 4 on dim 1}}
  %0 = onnx.Expand %x, %shape : (tensor<3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.DepthToSpace' op size 6 is not a multiple of 4}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_axis(%x: tensor<2x3xf32>, %i: tensor<4xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.Gather' op axis -3 is out of range for rank 2}}
  %0 = onnx.Gather %x, %i {axis = -3 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @scatter_reduction(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.ScatterElements' op unknown reduction 'sub'}}
  %0 = onnx.ScatterElements %x, %i, %x {reduction = "sub"} : (tensor<2x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gathernd_too_many_dims(%x: tensor<2x3xf32>, %i: tensor<4x3xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.GatherND' op indices address 3 dims after 0 batch dims of rank-2 data}}
  %0 = onnx.GatherND %x, %i : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reverse_sequence_axes(%x: tensor<4x4xf32>, %lens: tensor<4xi64>) {
  // expected-error @+1 {{'onnx.ReverseSequence' op batch_axis and time_axis must be 0 and 1 in either order, got 1 and 1}}
  %0 = onnx.ReverseSequence %x, %lens {batch_axis = 1 : i64, time_axis = 1 : i64} : (tensor<4x4xf32>, tensor<4xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @center_crop_pad_axes(%x: tensor<2x3xf32>, %s: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.CenterCropPad' op axes repeat a dim}}
  %0 = onnx.CenterCropPad %x, %s {axes = [1, -1]} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reverse_sequence_batch(%x: tensor<4x3xf32>, %lens: tensor<3xi64>) {
  // expected-error @+1 {{'onnx.ReverseSequence' op sequence_lens has 3 entries for a batch of 4}}
  %0 = onnx.ReverseSequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<4x3xf32>, tensor<3xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @center_crop_pad_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[1, 2]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.CenterCropPad' op 'shape' has 2 values for 1 axes}}
  %0 = onnx.CenterCropPad %x, %s {axes = [1]} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// limit - start overflows int64 (test/fuzz/regressions/range-int64-overflow.onnx).
func.func @range_too_long() -> tensor<*xi64> {
  %start = onnx.Constant dense<-4611686018427387904> : tensor<i64> -> tensor<i64>
  %limit = onnx.Constant dense<4611686018427387904> : tensor<i64> -> tensor<i64>
  %delta = onnx.Constant dense<1> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.Range' op start, limit and delta do not give an element count that fits in 64 bits}}
  %0 = onnx.Range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @range_infinite() -> tensor<*xf32> {
  %start = onnx.Constant dense<0.0> : tensor<f32> -> tensor<f32>
  %limit = onnx.Constant dense<0x7F800000> : tensor<f32> -> tensor<f32>
  %delta = onnx.Constant dense<1.0> : tensor<f32> -> tensor<f32>
  // expected-error @+1 {{'onnx.Range' op start, limit and delta do not give an element count that fits in 64 bits}}
  %0 = onnx.Range %start, %limit, %delta : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Sizes near int64's limits (test/fuzz/regressions/*-overflow.onnx).
func.func @concat_overflow(%x: tensor<9223372036854775806xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.Concat' op the concatenated size overflows int64}}
  %0 = onnx.Concat %x, %x {axis = 0 : i64} : (tensor<9223372036854775806xf32>, tensor<9223372036854775806xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @split_overflow(%x: tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %split = onnx.Constant dense<[4611686018427387904, 4611686018427387904]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op 'split' sizes overflow int64}}
  %0:2 = onnx.Split %x, %split : (tensor<6xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @pad_overflow(%x: tensor<4611686018427387904xf32>) -> tensor<*xf32> {
  %pads = onnx.Constant dense<[4611686018427387904, 4611686018427387904]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Pad' op padded dim 0 overflows int64}}
  %0 = onnx.Pad %x, %pads : (tensor<4611686018427387904xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @depth_to_space_blocksize_overflow(%x: tensor<1x4x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.DepthToSpace' op size 4294967296 times 4294967296 overflows 64 bits}}
  %0 = onnx.DepthToSpace %x {blocksize = 4294967296 : i64} : (tensor<1x4x4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @depth_to_space_overflow(%x: tensor<1x4x4611686018427387904x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.DepthToSpace' op size 4611686018427387904 times 2 overflows 64 bits}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64} : (tensor<1x4x4611686018427387904x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
