// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = onnx.Constant dense<[2]> : tensor<1xi64> -> tensor<1xi64>
  // expected-error @+1 {{'onnx.ReduceSum' op axis 2 is out of range for an input of rank 2}}
  %0 = onnx.ReduceSum %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @axis_twice(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = onnx.Constant dense<[1, -1]> : tensor<2xi64> -> tensor<2xi64>
  // expected-error @+1 {{'onnx.ReduceMin' op axis -1 is named twice}}
  %0 = onnx.ReduceMin %x, %axes : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @axes_not_1d(%x: tensor<2x3xf32>, %axes: tensor<1x1xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'axes' must be a 1-D tensor, got 'tensor<1x1xi64>'}}
  %0 = onnx.ReduceMean %x, %axes : (tensor<2x3xf32>, tensor<1x1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @argmax_axis(%x: tensor<2x3xf32>) -> tensor<*xi64> {
  // expected-error @+1 {{'onnx.ArgMax' op axis 2 is out of range for an input of rank 2 (expected [-2, 1])}}
  %0 = onnx.ArgMax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @topk_too_large(%x: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  %k = onnx.Constant dense<4> : tensor<1xi64> -> tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op K = 4 exceeds the size 3 of axis 1}}
  %0, %1 = onnx.TopK %x, %k : (tensor<2x3xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0, %1 : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @cumsum_axis_vector(%x: tensor<2x3xf32>, %axis: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'axis' must be a scalar tensor, got 'tensor<2xi64>'}}
  %0 = onnx.CumSum %x, %axis : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
