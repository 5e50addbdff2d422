// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @compress_condition_rank(%x: tensor<3x2xf32>, %c: tensor<2x1xi1>) {
  // expected-error @+1 {{'onnx.Compress' op condition must be 1-D, got 'tensor<2x1xi1>'}}
  %0 = onnx.Compress %x, %c {axis = 1 : i64} : (tensor<3x2xf32>, tensor<2x1xi1>) -> tensor<*xf32>
  return
}

// -----

func.func @compress_axis(%x: tensor<3x2xf32>, %c: tensor<2xi1>) {
  // expected-error @+1 {{'onnx.Compress' op axis 2 is out of range for an input of rank 2}}
  %0 = onnx.Compress %x, %c {axis = 2 : i64} : (tensor<3x2xf32>, tensor<2xi1>) -> tensor<*xf32>
  return
}

// -----

func.func @unique_axis(%x: tensor<3x2xf32>) {
  // expected-error @+1 {{'onnx.Unique' op axis -3 is out of range for an input of rank 2}}
  %y, %i, %inv, %c = onnx.Unique %x {axis = -3 : i64} : (tensor<3x2xf32>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>)
  return
}
