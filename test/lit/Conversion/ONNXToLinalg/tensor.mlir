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

// -----

// The axes are known: dropping unit dims is a collapse.
// CHECK-LABEL: func.func @squeeze
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2, 3]] : tensor<1x3x?x1xf32> into tensor<3x?xf32>
func.func @squeeze(%x: tensor<1x3x?x1xf32>) -> tensor<3x?xf32> {
  %axes = onnx.Constant dense<[0, -1]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Squeeze %x, %axes : (tensor<1x3x?x1xf32>, tensor<2xi64>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// Axes read at run time: the result's sizes are computed and fed to
// tensor.reshape.
// CHECK-LABEL: func.func @squeeze_run_time_axes
// CHECK: tensor.extract %arg1
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %{{.*}} : tensor<1xindex>
// CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<2x1xf32>, tensor<1xindex>) -> tensor<?xf32>
func.func @squeeze_run_time_axes(%x: tensor<2x1xf32>, %axes: tensor<1xi64>) -> tensor<?xf32> {
  %0 = onnx.Squeeze %x, %axes : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @unsqueeze
// CHECK: %[[D:.*]] = tensor.dim %arg0
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0, 1], [2, 3]] output_shape [1, 3, %[[D]], 1] : tensor<3x?xf32> into tensor<1x3x?x1xf32>
func.func @unsqueeze(%x: tensor<3x?xf32>) -> tensor<1x3x?x1xf32> {
  %axes = onnx.Constant dense<[0, -1]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Unsqueeze %x, %axes : (tensor<3x?xf32>, tensor<2xi64>) -> tensor<1x3x?x1xf32>
  return %0 : tensor<1x3x?x1xf32>
}

// -----

// Each input is inserted at its offset along the axis.
// CHECK-LABEL: func.func @concat
// CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<2x?xf32>
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %arg0 into %[[EMPTY]][0, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[FIRST]][0, 3] [2, %{{.*}}] [1, 1]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = onnx.Concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func.func @split
// CHECK: tensor.extract_slice %arg0[0, 0] [2, 4] [1, 1] : tensor<2x7xf32> to tensor<2x4xf32>
// CHECK: tensor.extract_slice %arg0[0, 4] [2, 3] [1, 1] : tensor<2x7xf32> to tensor<2x3xf32>
func.func @split(%x: tensor<2x7xf32>) -> (tensor<2x4xf32>, tensor<2x3xf32>) {
  %0:2 = onnx.Split %x {axis = 1 : i64} : (tensor<2x7xf32>) -> (tensor<2x4xf32>, tensor<2x3xf32>)
  return %0#0, %0#1 : tensor<2x4xf32>, tensor<2x3xf32>
}

// -----

// Expand with a shape read at run time: dims of static size 1 stretch.
// CHECK-LABEL: func.func @expand
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x3x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0 : tensor<3x1xf32>)
func.func @expand(%x: tensor<3x1xf32>, %s: tensor<3xi64>) -> tensor<?x3x?xf32> {
  %0 = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// -----

// Tile iterates (repeat, size) pairs, then collapses each pair.
// CHECK-LABEL: func.func @tile
// CHECK: %[[T:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x?xf32>) outs(%{{.*}} : tensor<3x2x2x?xf32>)
// CHECK: tensor.collapse_shape %[[T]] {{\[\[}}0, 1], [2, 3]] : tensor<3x2x2x?xf32> into tensor<6x?xf32>
func.func @tile(%x: tensor<2x?xf32>) -> tensor<6x?xf32> {
  %r = onnx.Constant dense<[3, 2]> : tensor<2xi64> -> tensor<2xi64>
  %0 = onnx.Tile %x, %r : (tensor<2x?xf32>, tensor<2xi64>) -> tensor<6x?xf32>
  return %0 : tensor<6x?xf32>
}

// -----

// CRD: channels split as (channel, block row, block column).
// CHECK-LABEL: func.func @depth_to_space
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2, 3], [4], [5]] output_shape [1, 2, 2, 2, 2, 3]
// CHECK: linalg.transpose {{.*}} permutation = [0, 1, 4, 2, 5, 3]
// CHECK: tensor.collapse_shape {{.*}} {{\[\[}}0], [1], [2, 3], [4, 5]] : tensor<1x2x2x2x3x2xf32> into tensor<1x2x4x6xf32>
func.func @depth_to_space(%x: tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32> {
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return %0 : tensor<1x2x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @size
// CHECK: %[[D:.*]] = tensor.dim %arg0
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[N:.*]] = arith.muli %{{.*}}, %[[I]] : i64
// CHECK: tensor.from_elements %[[N]] : tensor<i64>
func.func @size(%x: tensor<2x?xf32>) -> tensor<i64> {
  %0 = onnx.Size %x : (tensor<2x?xf32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// An unsigned fill value keeps its bits under the signless type.
// CHECK-LABEL: func.func @constant_of_shape
// CHECK-DAG: %[[V:.*]] = arith.constant -56 : i8
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi8>
// CHECK: linalg.fill ins(%[[V]] : i8) outs(%[[E]] : tensor<?x?xi8>)
func.func @constant_of_shape(%s: tensor<2xi64>) -> tensor<?x?xui8> {
  %0 = onnx.ConstantOfShape %s {value = dense<200> : tensor<1xui8>} : (tensor<2xi64>) -> tensor<?x?xui8>
  return %0 : tensor<?x?xui8>
}

// -----

// The count is max(ceil((limit - start) / delta), 0) in the element type.
// CHECK-LABEL: func.func @range
// CHECK: arith.subf
// CHECK: arith.divf
// CHECK: math.ceil
// CHECK: arith.fptosi
// CHECK: arith.maxsi
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @range(%s: tensor<f32>, %l: tensor<f32>, %d: tensor<f32>) -> tensor<?xf32> {
  %0 = onnx.Range %s, %l, %d : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @trilu_lower
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[J:.*]] = linalg.index 1
// CHECK: %[[D:.*]] = arith.subi %[[J]], %[[I]]
// CHECK: %[[KEEP:.*]] = arith.cmpi sle, %[[D]]
// CHECK: arith.select %[[KEEP]], %{{.*}}, %{{.*}} : i32
func.func @trilu_lower(%x: tensor<3x4xi32>) -> tensor<3x4xi32> {
  %0 = onnx.Trilu %x {upper = 0 : i64} : (tensor<3x4xi32>) -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}
