// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Trailing dims align; a missing leading dim is not indexed.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast_rank
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: arith.addf
func.func @add_broadcast_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A static 1 that stretches reads index 0; each dynamic result size comes
// from the operand whose size there is not 1.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @mul_dynamic_outer
// CHECK: %[[D0:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x1xf32>
// CHECK: %[[D1:.*]] = tensor.dim %arg1, %{{.*}} : tensor<1x?xf32>
// CHECK: tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #{{.*}}]
// CHECK: arith.mulf
func.func @mul_dynamic_outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = onnx.Mul %a, %b : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static size wins over a dynamic one for the result's size.
// CHECK-LABEL: func.func @sub_dynamic_and_static
// CHECK-NOT: tensor.dim
// CHECK: tensor.empty() : tensor<4xf32>
// CHECK: arith.subf
func.func @sub_dynamic_and_static(%a: tensor<?xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = onnx.Sub %a, %b : (tensor<?xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A rank-0 operand has an empty indexing map.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @div_scalar
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK: arith.divf
func.func @div_scalar(%a: tensor<5xf32>, %b: tensor<f32>) -> tensor<5xf32> {
  %0 = onnx.Div %a, %b : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// ONNX Div truncates integers: signed and unsigned divisions differ, and
// unsigned types become signless, in the signature too.
// CHECK-LABEL: func.func @div_signed
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
func.func @div_signed(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = onnx.Div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
// CHECK-LABEL: func.func @div_unsigned
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.divui %{{.*}}, %{{.*}} : i8
// CHECK: return %{{.*}} : tensor<4xi8>
func.func @div_unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = onnx.Div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}
// CHECK-LABEL: func.func @add_integers
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
func.func @add_integers(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = onnx.Add %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK: linalg.generic
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]] : f32
// CHECK: linalg.generic
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.negf
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]]
// CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]]
// CHECK: arith.divf %[[ONE]], %[[DEN]]
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @unary(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = onnx.Relu %x : (tensor<2x?xf32>) -> tensor<2x?xf32>
  %1 = onnx.Sigmoid %0 : (tensor<2x?xf32>) -> tensor<2x?xf32>
  %2 = onnx.Tanh %1 : (tensor<2x?xf32>) -> tensor<2x?xf32>
  return %2 : tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func.func @relu_integer
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: arith.maxsi %{{.*}}, %[[ZERO]] : i32
func.func @relu_integer(%x: tensor<3xi32>) -> tensor<3xi32> {
  %0 = onnx.Relu %x : (tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
