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

func.func @dropout_ratio(%x: tensor<2x3xf32>, %r: tensor<2xf32>, %t: tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  // expected-error @+1 {{'onnx.Dropout' op ratio must be a scalar, got 'tensor<2xf32>'}}
  %y, %mask = onnx.Dropout %x, %r, %t : (tensor<2x3xf32>, tensor<2xf32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %y, %mask : tensor<2x3xf32>, tensor<2x3xi1>
}
