// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// The loss of each element has the target's shape, with the sizes the input
// knows; "sum" and "mean" (the default) give a scalar.
// CHECK-LABEL: func @nll_loss
func.func @nll_loss(%x: tensor<3x5x?xf32>, %t: tensor<?x6xi64>, %w: tensor<5xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.NegativeLogLikelihoodLoss {{.*}} -> tensor<3x6xf32>
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t, %w {reduction = "none"} : (tensor<3x5x?xf32>, tensor<?x6xi64>, tensor<5xf32>) -> tensor<*xf32>
  // CHECK: onnx.NegativeLogLikelihoodLoss {{.*}} -> tensor<f32>
  %1 = onnx.NegativeLogLikelihoodLoss %x, %t {ignore_index = -1 : i64} : (tensor<3x5x?xf32>, tensor<?x6xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// SoftmaxCrossEntropyLoss's optional log_prob has the scores' type.
// CHECK-LABEL: func @sce_loss
func.func @sce_loss(%x: tensor<?x5xf64>, %t: tensor<4xi32>) -> (tensor<*xf64>, tensor<*xf64>, tensor<*xf64>) {
  // CHECK: onnx.SoftmaxCrossEntropyLoss {{.*}} -> (tensor<4xf64>, tensor<?x5xf64>)
  %0, %1 = onnx.SoftmaxCrossEntropyLoss %x, %t {reduction = "none"} : (tensor<?x5xf64>, tensor<4xi32>) -> (tensor<*xf64>, tensor<*xf64>)
  // CHECK: onnx.SoftmaxCrossEntropyLoss {{.*}} -> tensor<f64>
  %2 = onnx.SoftmaxCrossEntropyLoss %x, %t {reduction = "sum"} : (tensor<?x5xf64>, tensor<4xi32>) -> tensor<*xf64>
  return %0, %1, %2 : tensor<*xf64>, tensor<*xf64>, tensor<*xf64>
}
