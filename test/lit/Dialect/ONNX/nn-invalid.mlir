// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @conv_transpose_channels(%x: tensor<1x4x3x3xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.ConvTranspose' op X has 4 channels, but W has 3}}
  %0 = onnx.ConvTranspose %x, %w : (tensor<1x4x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @instance_norm_scale(%x: tensor<1x4x3xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.InstanceNormalization' op scale must be a vector of 4 values, got 'tensor<3xf32>'}}
  %0 = onnx.InstanceNormalization %x, %s, %b : (tensor<1x4x3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @group_norm_groups(%x: tensor<1x6x3xf32>, %s: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.GroupNormalization' op X's 6 channels do not divide into 4 groups}}
  %0 = onnx.GroupNormalization %x, %s, %s {num_groups = 4 : i64} : (tensor<1x6x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // expected-error @+1 {{'onnx.LayerNormalization' op axis 2 is out of range for X 'tensor<2x3xf32>'}}
  %y, %m, %i = onnx.LayerNormalization %x, %s {axis = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %y, %m, %i : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @mvn_axes(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.MeanVarianceNormalization' op axis 2 is out of range for an input of rank 2}}
  %0 = onnx.MeanVarianceNormalization %x : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_norm_training_stats(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %m: tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalizationTraining' op input_mean must be a vector of 3 values, got 'tensor<3x4xf32>'}}
  %y, %rm, %rv = onnx.BatchNormalizationTraining %x, %s, %s, %m, %m : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %y, %rm, %rv : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @resize_axes_repeat(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[2.0, 2.0]> : tensor<2xf32> -> tensor<2xf32>
  // expected-error @+1 {{'onnx.Resize' op 'axes' repeat a dim}}
  %0 = onnx.Resize %x scales %s {axes = [1, -1]} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dropout_ratio(%x: tensor<2x3xf32>, %r: tensor<2xf32>, %t: tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  // expected-error @+1 {{'onnx.Dropout' op ratio must be a scalar, got 'tensor<2xf32>'}}
  %y, %mask = onnx.Dropout %x, %r, %t : (tensor<2x3xf32>, tensor<2xf32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %y, %mask : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

func.func @resize_axes_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[2.0, 2.0]> : tensor<2xf32> -> tensor<2xf32>
  // expected-error @+1 {{'onnx.Resize' op 'scales' has 2 values, expected 1}}
  %0 = onnx.Resize %x scales %s {axes = [1]} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_policy_with_scales(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[2.0, 2.0]> : tensor<2xf32> -> tensor<2xf32>
  // expected-error @+1 {{'onnx.Resize' op keep_aspect_ratio_policy applies to 'sizes' only}}
  %0 = onnx.Resize %x scales %s {keep_aspect_ratio_policy = "not_larger"} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @rms_norm_scale(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.RMSNormalization' op scale must broadcast to the normalised dims of X 'tensor<2x3x4xf32>', got 'tensor<3xf32>'}}
  %0 = onnx.RMSNormalization %x, %s : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @lp_norm_p(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.LpNormalization' op p must be 1 or 2, got 3}}
  %0 = onnx.LpNormalization %x {p = 3 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @lp_norm_axis(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.LpNormalization' op axis 2 is out of range for 'tensor<2x3xf32>'}}
  %0 = onnx.LpNormalization %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @rotary_embedding_num_heads(%x: tensor<2x3x16xf32>, %c: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.RotaryEmbedding' op num_heads is required with a 3-D X}}
  %0 = onnx.RotaryEmbedding %x, %c, %c : (tensor<2x3x16xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @rotary_embedding_dim(%x: tensor<2x2x3x4xf32>, %c: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.RotaryEmbedding' op rotary_embedding_dim 6 must be even and at most the head size}}
  %0 = onnx.RotaryEmbedding %x, %c, %c {rotary_embedding_dim = 6 : i64} : (tensor<2x2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @affine_grid_theta(%theta: tensor<1x2x3xf32>) -> tensor<*xf32> {
  %size = onnx.Constant dense<[1, 2, 2, 3, 4]> : tensor<5xi64> -> tensor<5xi64>
  // expected-error @+1 {{'onnx.AffineGrid' op theta 'tensor<1x2x3xf32>' does not fit 'size'}}
  %0 = onnx.AffineGrid %theta, %size : (tensor<1x2x3xf32>, tensor<5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @col2im_positions(%x: tensor<1x4x10xf32>) -> tensor<*xf32> {
  %image = onnx.Constant dense<[4, 5]> : tensor<2xi64> -> tensor<2xi64>
  %block = onnx.Constant dense<[2, 2]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.Col2Im' op input's dim 2 (10) is not the number of blocks, 12}}
  %0 = onnx.Col2Im %x, %image, %block : (tensor<1x4x10xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// An output size out of int64's range
// (test/fuzz/regressions/resize-huge-scale.onnx).
func.func @resize_huge_scale(%x: tensor<1x1x2x2xf32>) -> tensor<*xf32> {
  %s = onnx.Constant dense<[1.0, 1.0, 1.0e30, 1.0e30]> : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{'onnx.Resize' op output dimension 2 (2 * 1.000000e+00 * 1.000000e+30) is not a valid size}}
  %0 = onnx.Resize %x scales %s : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// test/fuzz/regressions/conv-transpose-*-overflow.onnx
func.func @conv_transpose_stride_overflow(%x: tensor<1x1x4xf32>, %w: tensor<1x1x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.ConvTranspose' op the output size of spatial dimension 0 overflows 64 bits}}
  %0 = onnx.ConvTranspose %x, %w {strides = [4611686018427387904]} : (tensor<1x1x4xf32>, tensor<1x1x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_transpose_dilation_overflow(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.ConvTranspose' op the output size of spatial dimension 0 overflows 64 bits}}
  %0 = onnx.ConvTranspose %x, %w {dilations = [4611686018427387904]} : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
