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

// A static size wins over a dynamic one for the result's size; the run
// checks that the dynamic one is 1 or that size.
// CHECK-LABEL: func.func @sub_dynamic_and_static
// CHECK: %[[DIM:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: %[[IS_ONE:.*]] = arith.cmpi eq, %[[DIM]], %c1
// CHECK: %[[IS_FOUR:.*]] = arith.cmpi eq, %[[DIM]], %c4
// CHECK: %[[FITS:.*]] = arith.ori %[[IS_ONE]], %[[IS_FOUR]]
// CHECK: onnx.Check %[[FITS]], "Sub: the shapes of its inputs do not broadcast: dim 0 of input #0 is neither 1 nor the size of the others"
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

// -----

// Dynamic sizes that may be a 1 stretching at run time: the result's size is
// ONNX's rule (out = a == 1 ? b : a, the smaller of two sizes that do not
// broadcast) and both operands are read in the body at min(i, size - 1).
// The dim only A has is read at the loop index.
// CHECK-LABEL: func.func @add_dynamic_broadcast
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[A0:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[A1:.*]] = tensor.dim %arg0, %c1
// CHECK-DAG: %[[B0:.*]] = tensor.dim %arg1, %c0
// CHECK: %[[MIN:.*]] = arith.minui %[[A1]], %[[B0]] : index
// CHECK: %[[B_ONE:.*]] = arith.cmpi eq, %[[B0]], %{{.*}} : index
// CHECK: %[[A_ONE:.*]] = arith.cmpi eq, %[[A1]], %{{.*}} : index
// CHECK: %[[S:.*]] = arith.select %[[B_ONE]], %[[A1]], %[[MIN]] : index
// CHECK: %[[N:.*]] = arith.select %[[A_ONE]], %[[B0]], %[[S]] : index
// CHECK: %[[INIT:.*]] = tensor.empty(%[[A0]], %[[N]]) : tensor<?x?xf32>
// CHECK: %[[A_LAST:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: %[[B_LAST:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]} outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[AJ:.*]] = arith.minui %[[J]], %[[A_LAST]] : index
// CHECK: %[[X:.*]] = tensor.extract %arg0[%[[I]], %[[AJ]]] : tensor<?x?xf32>
// CHECK: %[[J2:.*]] = linalg.index 1 : index
// CHECK: %[[BJ:.*]] = arith.minui %[[J2]], %[[B_LAST]] : index
// CHECK: %[[Y:.*]] = tensor.extract %arg1[%[[BJ]]] : tensor<?xf32>
// CHECK: arith.addf %[[X]], %[[Y]] : f32
func.func @add_dynamic_broadcast(%a: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = onnx.Add %a, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A dynamic size against a known one that is not 1: the result has the
// known size, and the dynamic operand, which may still be a 1, is read in
// the body while the static one keeps its indexing map.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @mul_dynamic_against_static
// CHECK: tensor.empty() : tensor<4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel"]} ins(%arg1 : tensor<4xf32>)
// CHECK: tensor.extract %arg0[%{{.*}}] : tensor<?xf32>
// CHECK: arith.mulf
func.func @mul_dynamic_against_static(%a: tensor<?xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = onnx.Mul %a, %b : (tensor<?xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Sizes provably equal keep the identity maps: one value on both sides, or
// a dynamic dim against static 1s only.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ZERO:.*]] = affine_map<(d0, d1) -> (0)>
// CHECK-LABEL: func.func @dynamic_provably_equal
// CHECK-NOT: tensor.extract
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ZERO]], #[[ID]]]
// CHECK-NOT: tensor.extract
func.func @dynamic_provably_equal(%a: tensor<?x?xf32>, %b: tensor<1xf32>) -> tensor<?x?xf32> {
  %0 = onnx.Sub %a, %a : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = onnx.Add %0, %b : (tensor<?x?xf32>, tensor<1xf32>) -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// -----

// ONNX Mod: with fmod=0 an integer remainder takes the divisor's sign (a
// nonzero remainder of the other sign moves by one divisor); fmod=1 is C's
// fmod; unsigned remainders need neither.
// CHECK-LABEL: func.func @mod
// CHECK: %[[R:.*]] = arith.remsi %{{.*}}, %[[D:.*]] : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[R]], %{{.*}} : i32
// CHECK: %[[RN:.*]] = arith.cmpi slt, %[[R]], %{{.*}} : i32
// CHECK: %[[DN:.*]] = arith.cmpi slt, %[[D]], %{{.*}} : i32
// CHECK: %[[DIFF:.*]] = arith.xori %[[RN]], %[[DN]] : i1
// CHECK: %[[ADJ:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
// CHECK: %[[SUM:.*]] = arith.addi %[[R]], %[[D]] : i32
// CHECK: arith.select %[[ADJ]], %[[SUM]], %[[R]] : i32
// CHECK: linalg.generic
// CHECK-NOT: arith.select
// CHECK: arith.remf
// CHECK: linalg.generic
// CHECK: arith.remui
func.func @mod(%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>, %y: tensor<4xf32>, %u: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xui8>) {
  %0 = onnx.Mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = onnx.Mod %x, %y {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = onnx.Mod %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xf32>, tensor<4xui8>
}

// -----

// Comparisons give i1 and read signedness from the onnx operand types.
// CHECK-LABEL: func.func @compare
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i16
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i16
// CHECK: arith.cmpf oeq, %{{.*}}, %{{.*}} : f32
func.func @compare(%u: tensor<3xui16>, %s: tensor<3xi16>, %f: tensor<3xf32>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %0 = onnx.Less %u, %u : (tensor<3xui16>, tensor<3xui16>) -> tensor<3xi1>
  %1 = onnx.GreaterOrEqual %s, %s : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi1>
  %2 = onnx.Equal %f, %f : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// Cast: floats to integers truncate toward zero (fptosi, fptoui for
// unsigned targets), to bool is `!= 0`, unsigned and bool sources extend
// with zeros, f16 and bf16 convert through f32.
// CHECK-LABEL: func.func @cast
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %[[W]] : f32 to bf16
func.func @cast(%f: tensor<2xf32>, %u: tensor<2xui8>, %s: tensor<2xi8>, %b: tensor<2xi1>, %h: tensor<2xf16>) -> (tensor<2xi32>, tensor<2xui8>, tensor<2xi1>, tensor<2xi64>, tensor<2xi64>, tensor<2xf32>, tensor<2xbf16>) {
  %0 = onnx.Cast %f {to = i32} : (tensor<2xf32>) -> tensor<2xi32>
  %1 = onnx.Cast %f {to = ui8} : (tensor<2xf32>) -> tensor<2xui8>
  %2 = onnx.Cast %f {to = i1} : (tensor<2xf32>) -> tensor<2xi1>
  %3 = onnx.Cast %u {to = i64} : (tensor<2xui8>) -> tensor<2xi64>
  %4 = onnx.Cast %s {to = i64} : (tensor<2xi8>) -> tensor<2xi64>
  %5 = onnx.Cast %b {to = f32} : (tensor<2xi1>) -> tensor<2xf32>
  %6 = onnx.Cast %h {to = bf16} : (tensor<2xf16>) -> tensor<2xbf16>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2xi32>, tensor<2xui8>, tensor<2xi1>, tensor<2xi64>, tensor<2xi64>, tensor<2xf32>, tensor<2xbf16>
}

// -----

// f16 computes in f32 (libm has no f16 functions) and rounds once.
// CHECK-LABEL: func.func @half_precision
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: %[[E:.*]] = math.erf %[[W]] : f32
// CHECK: arith.truncf %[[E]] : f32 to f16
func.func @half_precision(%x: tensor<3xf16>) -> tensor<3xf16> {
  %0 = onnx.Erf %x : (tensor<3xf16>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

// Clip reads only the bounds it has; its scalar bounds have empty maps.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @clip
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK: arith.minsi
// CHECK-NOT: arith.maxsi
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #[[SCALAR]], #{{.*}}]
// CHECK: %[[LO:.*]] = arith.maximumf
// CHECK: arith.minimumf %[[LO]]
func.func @clip(%x: tensor<4xi8>, %hi: tensor<i8>, %f: tensor<4xf32>, %a: tensor<f32>, %b: tensor<f32>) -> (tensor<4xi8>, tensor<4xf32>) {
  %0 = onnx.Clip %x max %hi : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  %1 = onnx.Clip %f min %a max %b : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi8>, tensor<4xf32>
}

// -----

// Where broadcasts all three operands; Max folds any number of them and
// propagates NaN.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @where_max
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID]], #[[ID]]]
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: %[[M:.*]] = arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.maximumf %[[M]], %{{.*}} : f32
func.func @where_max(%c: tensor<2x1xi1>, %x: tensor<3xi64>, %y: tensor<2x3xi64>, %f: tensor<3xf32>) -> (tensor<2x3xi64>, tensor<3xf32>) {
  %0 = onnx.Where %c, %x, %y : (tensor<2x1xi1>, tensor<3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  %1 = onnx.Max %f, %f, %f : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<2x3xi64>, tensor<3xf32>
}

// -----

// Pow: a float base raises to the exponent converted to its type; an
// integer base with an integer exponent multiplies by squaring.
// CHECK-LABEL: func.func @pow
// CHECK: %[[E:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK: math.powf %{{.*}}, %[[E]] : f32
// CHECK: linalg.generic
// CHECK: scf.while
// CHECK: arith.muli
func.func @pow(%x: tensor<3xf32>, %e: tensor<3xi64>, %i: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>) {
  %0 = onnx.Pow %x, %e : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
  %1 = onnx.Pow %i, %e : (tensor<3xi32>, tensor<3xi64>) -> tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}

// -----

// Shrink compares with -lambd and lambd; integers go through f64 because
// lambd and bias are floats.
// CHECK-LABEL: func.func @shrink
// CHECK: arith.cmpf olt, %{{.*}}, %cst{{.*}} : f32
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: arith.fptosi %{{.*}} : f64 to i32
func.func @shrink(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = onnx.Shrink %x {bias = 0.5 : f32, lambd = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = onnx.Shrink %i {bias = 1.0 : f32, lambd = 1.5 : f32} : (tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xf32>, tensor<4xi32>
}
