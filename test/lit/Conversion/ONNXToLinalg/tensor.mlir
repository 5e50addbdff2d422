// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Unsigned constants keep their bits under a signless type.
// CHECK-LABEL: func.func @constant_dense
// CHECK: %[[C:.*]] = arith.constant dense<[1, -1]> : tensor<2xi8>
// CHECK: return %[[C]] : tensor<2xi8>
func.func @constant_dense() -> tensor<2xui8> {
  %0 = onnx.Constant dense<[1, 255]> : tensor<2xui8> -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// A resource-backed constant keeps its blob: only the type changes.
// CHECK-LABEL: func.func @constant_resource
// CHECK: arith.constant dense_resource<weights> : tensor<2xi16>
// CHECK: arith.constant dense_resource<floats> : tensor<2xf32>
// CHECK: weights: "0x020000000100FFFF"
func.func @constant_resource() -> (tensor<2xui16>, tensor<2xf32>) {
  %0 = onnx.Constant dense_resource<weights> : tensor<2xui16> -> tensor<2xui16>
  %1 = onnx.Constant dense_resource<floats> : tensor<2xf32> -> tensor<2xf32>
  return %0, %1 : tensor<2xui16>, tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      weights: "0x020000000100FFFF",
      floats: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @identity
// CHECK-NEXT: return %arg0
func.func @identity(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = onnx.Identity %x : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Static sizes are constants; dynamic ones tensor.dim cast to i64.
// CHECK-LABEL: func.func @shape
// CHECK: %[[STATIC:.*]] = arith.constant dense<[3, 4]> : tensor<2xi64>
// CHECK: %[[D0:.*]] = tensor.dim %arg1, %{{.*}} : tensor<?x3xf32>
// CHECK: %[[I0:.*]] = arith.index_cast %[[D0]] : index to i64
// CHECK: %[[C3:.*]] = arith.constant 3 : i64
// CHECK: %[[DYN:.*]] = tensor.from_elements %[[I0]], %[[C3]] : tensor<2xi64>
// CHECK: return %[[STATIC]], %[[DYN]]
func.func @shape(%x: tensor<2x3x4xf32>, %y: tensor<?x3xf32>) -> (tensor<2xi64>, tensor<2xi64>) {
  %0 = onnx.Shape %x {start = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %1 = onnx.Shape %y : (tensor<?x3xf32>) -> tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_collapse
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0], [1, 2]] : tensor<?x3x4xf32> into tensor<?x12xf32>
func.func @reshape_collapse(%x: tensor<?x3x4xf32>) -> tensor<?x12xf32> {
  %s = onnx.Constant dense<[0, -1]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<?x12xf32>
  return %0 : tensor<?x12xf32>
}

// -----

// The one dynamic size of a group is the input's size over the static ones.
// CHECK-LABEL: func.func @reshape_expand
// CHECK: %[[D:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?xf32>
// CHECK: %[[N:.*]] = arith.divsi %[[D]], %{{.*}} : index
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0, 1, 2]] output_shape [%[[N]], 2, 2] : tensor<?xf32> into tensor<?x2x2xf32>
func.func @reshape_expand(%x: tensor<?xf32>) -> tensor<?x2x2xf32> {
  %s = onnx.Constant dense<[-1, 2, 2]> : tensor<3xi64> -> tensor<3xi64>
  %0 = onnx.Reshape %x, %s : (tensor<?xf32>, tensor<3xi64>) -> tensor<?x2x2xf32>
  return %0 : tensor<?x2x2xf32>
}

// -----

// Static shapes that do not regroup go through 1-D.
// CHECK-LABEL: func.func @reshape_static
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
func.func @reshape_static(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %s = onnx.Constant dense<[4, 6]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// A shape known only at run time: a 0 copies the input's size, a -1 takes
// the element count over the product of the others.
// CHECK-LABEL: func.func @reshape_runtime
// CHECK: %[[MINUS1:.*]] = arith.constant -1 : i64
// CHECK: %[[D0:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3x4xf32>
// CHECK: %[[D0I:.*]] = arith.index_cast %[[D0]] : index to i64
// CHECK: %[[TOTAL:.*]] = arith.muli %[[D0I]], %{{.*}} : i64
// CHECK: %[[S0:.*]] = tensor.extract %arg1[%{{.*}}] : tensor<2xi64>
// CHECK: %[[IS0:.*]] = arith.cmpi eq, %[[S0]], %{{.*}} : i64
// CHECK: %[[R0:.*]] = arith.select %[[IS0]], %{{.*}}, %[[S0]] : i64
// CHECK: arith.cmpi eq, %[[R0]], %[[MINUS1]] : i64
// CHECK: %[[INFERRED:.*]] = arith.divsi %[[TOTAL]], %{{.*}} : i64
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2xi64>
// CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
func.func @reshape_runtime(%x: tensor<?x3x4xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Reshape %x, %s : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// With allowzero a 0 is a size of zero: no comparison with 0.
// CHECK-LABEL: func.func @reshape_runtime_allowzero
// CHECK-NOT: arith.cmpi eq, %{{.*}}, %c0_i64
// CHECK: tensor.reshape
func.func @reshape_runtime_allowzero(%x: tensor<?x3x4xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Reshape %x, %s {allowzero = 1 : i64} : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: %[[D:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3x4xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[D]]) : tensor<4x?x3xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<?x3x4xf32>) outs(%[[INIT]] : tensor<4x?x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x?x3xf32> {
  %0 = onnx.Transpose %x {perm = [2, 0, 1]} : (tensor<?x3x4xf32>) -> tensor<4x?x3xf32>
  return %0 : tensor<4x?x3xf32>
}

// -----

// Without perm the dims are reversed.
// CHECK-LABEL: func.func @transpose_default
// CHECK: linalg.transpose {{.*}} permutation = [1, 0]
func.func @transpose_default(%x: tensor<2x3xi1>) -> tensor<3x2xi1> {
  %0 = onnx.Transpose %x : (tensor<2x3xi1>) -> tensor<3x2xi1>
  return %0 : tensor<3x2xi1>
}

// -----

// CHECK-LABEL: func.func @flatten
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2, 3]] : tensor<?x3x4x5xf32> into tensor<?x20xf32>
func.func @flatten(%x: tensor<?x3x4x5xf32>) -> tensor<?x20xf32> {
  %0 = onnx.Flatten %x {axis = 2 : i64} : (tensor<?x3x4x5xf32>) -> tensor<?x20xf32>
  return %0 : tensor<?x20xf32>
}

// -----

// Axis 0 puts a unit dim first.
// CHECK-LABEL: func.func @flatten_axis0
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [1, 6] : tensor<6xf32> into tensor<1x6xf32>
func.func @flatten_axis0(%x: tensor<2x3xf32>) -> tensor<1x6xf32> {
  %0 = onnx.Flatten %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}
