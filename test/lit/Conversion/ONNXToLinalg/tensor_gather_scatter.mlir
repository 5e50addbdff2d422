// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Indices wrap when negative and are clamped into the dim.
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<2x3xi32>) outs(%{{.*}} : tensor<5x2x3xf32>)
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[IDX:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]]
// CHECK: %[[WRAPPED:.*]] = arith.select %[[NEG]]
// CHECK: %[[HIGH:.*]] = arith.minsi %[[WRAPPED]]
// CHECK: %[[CLAMPED:.*]] = arith.maxsi %[[HIGH]]
// CHECK: tensor.extract %arg0[%[[I]], %[[CLAMPED]]] : tensor<5x4xf32>
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<2x3xi32>) -> tensor<5x2x3xf32> {
  %0 = onnx.Gather %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi32>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_nd
// CHECK: linalg.generic
// CHECK: tensor.extract %arg1[%{{.*}}, %{{.*}}] : tensor<5x2xi64>
// CHECK: tensor.extract %arg1[%{{.*}}, %{{.*}}] : tensor<5x2xi64>
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}, %{{.*}}] : tensor<2x3x4xf32>
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<5x2xi64>) -> tensor<5x4xf32> {
  %0 = onnx.GatherND %x, %i : (tensor<2x3x4xf32>, tensor<5x2xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

// Updates apply in row-major order through loops carrying the tensor.
// CHECK-LABEL: func.func @scatter_elements_add
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %arg0) -> (tensor<3x3xf32>)
// CHECK: scf.for {{.*}} iter_args(%[[T:.*]] = %{{.*}}) -> (tensor<3x3xf32>)
// CHECK: %[[U:.*]] = tensor.extract %arg2
// CHECK: %[[OLD:.*]] = tensor.extract %[[T]]
// CHECK: %[[NEW:.*]] = arith.addf %[[OLD]], %[[U]]
// CHECK: tensor.insert %[[NEW]] into %[[T]]
func.func @scatter_elements_add(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  %0 = onnx.ScatterElements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_nd
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract %arg1
// CHECK: %[[U:.*]] = tensor.extract %arg2
// CHECK: tensor.insert %[[U]]
func.func @scatter_nd(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = onnx.ScatterND %x, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Negative indices count from depth.
// CHECK-LABEL: func.func @one_hot
// CHECK-DAG: %[[OFF:.*]] = tensor.extract %arg2[%{{.*}}] : tensor<2xf32>
// CHECK-DAG: %[[ON:.*]] = tensor.extract %arg2[%{{.*}}] : tensor<2xf32>
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = linalg.index 1
// CHECK: %[[HOT:.*]] = arith.cmpi eq, %{{.*}}, %[[J]]
// CHECK: arith.select %[[HOT]], %[[ON]], %[[OFF]]
func.func @one_hot(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>) -> tensor<3x?xf32> {
  %0 = onnx.OneHot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}
