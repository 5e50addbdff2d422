// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @nll_reduction(%x: tensor<3x5xf32>, %t: tensor<3xi64>) -> tensor<f32> {
  // expected-error @+1 {{'onnx.NegativeLogLikelihoodLoss' op reduction must be "none", "sum" or "mean", got "max"}}
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t {reduction = "max"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_input_rank(%x: tensor<5xf32>, %t: tensor<i64>) -> tensor<f32> {
  // expected-error @+1 {{'onnx.NegativeLogLikelihoodLoss' op the input must be (N x C x D1 ... Dk), got 'tensor<5xf32>'}}
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t : (tensor<5xf32>, tensor<i64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_target_shape(%x: tensor<3x5x2xf32>, %t: tensor<3x4xi64>) -> tensor<f32> {
  // expected-error @+1 {{'onnx.NegativeLogLikelihoodLoss' op the target must be (N x D1 ... Dk) for an input 'tensor<3x5x2xf32>', got 'tensor<3x4xi64>'}}
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t : (tensor<3x5x2xf32>, tensor<3x4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @sce_weights(%x: tensor<3x5xf32>, %t: tensor<3xi64>, %w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'onnx.SoftmaxCrossEntropyLoss' op the weights must be a vector of one value per class, got 'tensor<4xf32>'}}
  %0 = onnx.SoftmaxCrossEntropyLoss %x, %t, %w : (tensor<3x5xf32>, tensor<3xi64>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @sce_weight_type(%x: tensor<3x5xf32>, %t: tensor<3xi64>, %w: tensor<5xf64>) -> tensor<f32> {
  // expected-error @+1 {{'onnx.SoftmaxCrossEntropyLoss' op the weights must hold 'f32', as the input does, got 'tensor<5xf64>'}}
  %0 = onnx.SoftmaxCrossEntropyLoss %x, %t, %w : (tensor<3x5xf32>, tensor<3xi64>, tensor<5xf64>) -> tensor<f32>
  return %0 : tensor<f32>
}
