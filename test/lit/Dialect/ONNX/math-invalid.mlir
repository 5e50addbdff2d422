// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @three_way(%c: tensor<2xi1>, %x: tensor<3xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Where' op operands of types 'tensor<2xi1>', 'tensor<3xf32>' and 'tensor<3xf32>' do not broadcast}}
  %0 = onnx.Where %c, %x, %y : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @no_operands() {
  // expected-error @+1 {{'onnx.Max' op expected 1 or more operands, but found 0}}
  %0 = onnx.Max : () -> tensor<*xf32>
  return
}

// -----

func.func @shift_direction(%x: tensor<3xui8>) {
  // expected-error @+1 {{'onnx.BitShift' op direction must be LEFT or RIGHT, got 'UP'}}
  %0 = onnx.BitShift %x, %x {direction = "UP"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return
}

// -----

func.func @gemm_bias(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Gemm' op C of type 'tensor<2x3xf32>' does not broadcast to (2, 4)}}
  %0 = onnx.Gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_terms(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'ij,jk->ik': the equation has 2 input terms for 1 inputs}}
  %0 = onnx.Einsum %a {equation = "ij,jk->ik"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_rank(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'ijk': term 'ijk' does not fit an input of rank 2}}
  %0 = onnx.Einsum %a {equation = "ijk"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_sizes(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'ij,jk->ik': sizes 3 and 4 of one index differ}}
  %0 = onnx.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_output_letter(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'ij->ik': output letter 'k' names no dim of an input}}
  %0 = onnx.Einsum %a {equation = "ij->ik"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_character(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'i1->i': unexpected character '1'}}
  %0 = onnx.Einsum %a {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @det_square(%x: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'onnx.Det' op input matrices must be square, got 'tensor<4x2x3xf32>'}}
  %0 = onnx.Det %x : (tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_ellipsis_output(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation '...ij->j': the output must have '...' where the inputs' '...' stands for dims}}
  %0 = onnx.Einsum %a {equation = "...ij->j"} : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return
}
