// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// Comparisons, logic and predicates give bool tensors of the broadcast shape.
// CHECK-LABEL: func @bool_results
func.func @bool_results(%a: tensor<2x1xf32>, %b: tensor<3xf32>, %p: tensor<4xi1>) -> (tensor<*xi1>, tensor<*xi1>, tensor<*xi1>) {
  // CHECK: onnx.LessOrEqual {{.*}} -> tensor<2x3xi1>
  %0 = onnx.LessOrEqual %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<*xi1>
  // CHECK: onnx.IsInf {{.*}} -> tensor<2x1xi1>
  %1 = onnx.IsInf %a : (tensor<2x1xf32>) -> tensor<*xi1>
  // CHECK: onnx.Xor {{.*}} -> tensor<4xi1>
  %2 = onnx.Xor %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<*xi1>
  return %0, %1, %2 : tensor<*xi1>, tensor<*xi1>, tensor<*xi1>
}

// -----

// Where and the variadic ops broadcast all their operands; Where takes the
// element type of X and Y.
// CHECK-LABEL: func @many_operands
func.func @many_operands(%c: tensor<5x1x1xi1>, %x: tensor<4x1xi64>, %y: tensor<3xi64>, %f: tensor<2x1xf32>, %g: tensor<?xf32>) -> (tensor<*xi64>, tensor<*xf32>) {
  // CHECK: onnx.Where {{.*}} -> tensor<5x4x3xi64>
  %0 = onnx.Where %c, %x, %y : (tensor<5x1x1xi1>, tensor<4x1xi64>, tensor<3xi64>) -> tensor<*xi64>
  // CHECK: onnx.Sum {{.*}} -> tensor<2x?xf32>
  %1 = onnx.Sum %f, %g, %f : (tensor<2x1xf32>, tensor<?xf32>, tensor<2x1xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xi64>, tensor<*xf32>
}

// -----

// Cast takes `to`; Clip keeps the input's shape; Pow the base's type.
// CHECK-LABEL: func @types
func.func @types(%x: tensor<2x?xf32>, %lo: tensor<f32>, %e: tensor<1xi32>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Cast {{.*}} -> tensor<2x?xui8>
  %0 = onnx.Cast %x {to = ui8} : (tensor<2x?xf32>) -> tensor<*xui8>
  // CHECK: onnx.Clip {{.*}} -> tensor<2x?xf32>
  %1 = onnx.Clip %x min %lo : (tensor<2x?xf32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: onnx.Pow {{.*}} -> tensor<2x?xf32>
  %2 = onnx.Pow %x, %e : (tensor<2x?xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xui8>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Gemm's result is (M, N) from A and B; C does not refine it.
// CHECK-LABEL: func @gemm_dynamic
func.func @gemm_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x4xf32>, %c: tensor<3x4xf32>) -> tensor<*xf32> {
  // CHECK: onnx.Gemm {{.*}} -> tensor<?x4xf32>
  %0 = onnx.Gemm %a, %b, %c : (tensor<?x?xf32>, tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Einsum: explicit and implicit outputs (the letters used once, sorted),
// diagonals, and `...` dims that broadcast.
// CHECK-LABEL: func @einsum
func.func @einsum(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>, %d: tensor<3x5x5xf32>, %e: tensor<2x1x3xf32>, %f: tensor<4x?xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.Einsum {{.*}} -> tensor<5x2x4xf32>
  %0 = onnx.Einsum %a, %b {equation = "bij, bjk -> bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<*xf32>
  // CHECK: onnx.Einsum {{.*}} -> tensor<2x4xf32>
  %1 = onnx.Einsum %a, %b {equation = "bij,bjk"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<*xf32>
  // CHECK: onnx.Einsum {{.*}} -> tensor<3x5xf32>
  %2 = onnx.Einsum %d {equation = "...ii ->...i"} : (tensor<3x5x5xf32>) -> tensor<*xf32>
  // CHECK: onnx.Einsum {{.*}} -> tensor<2x4xf32>
  %3 = onnx.Einsum %e, %f {equation = "...i,...i->..."} : (tensor<2x1x3xf32>, tensor<4x?xf32>) -> tensor<*xf32>
  // CHECK: onnx.Einsum {{.*}} -> tensor<3xf32>
  %4 = onnx.Einsum %a {equation = "bij->j"} : (tensor<5x2x3xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Det drops the two matrix dims.
// CHECK-LABEL: func @det
func.func @det(%x: tensor<?x3x3xf32>, %y: tensor<2x2xf64>) -> (tensor<*xf32>, tensor<*xf64>) {
  // CHECK: onnx.Det {{.*}} -> tensor<?xf32>
  %0 = onnx.Det %x : (tensor<?x3x3xf32>) -> tensor<*xf32>
  // CHECK: onnx.Det {{.*}} -> tensor<f64>
  %1 = onnx.Det %y : (tensor<2x2xf64>) -> tensor<*xf64>
  return %0, %1 : tensor<*xf32>, tensor<*xf64>
}
