// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// Numerically stable: max, exp(x - max), sum, divide, reducing along axis.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_axis
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0 : tensor<2x4x3xf32>) outs(%[[MAXINIT]] : tensor<2x3xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MAX]] : tensor<2x4x3xf32>, tensor<2x3xf32>)
// CHECK: %[[SHIFTED:.*]] = arith.subf
// CHECK: math.exp %[[SHIFTED]]
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[EXP]] : tensor<2x4x3xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<2x4x3xf32>, tensor<2x3xf32>)
// CHECK: arith.divf
func.func @softmax_axis(%x: tensor<2x4x3xf32>) -> tensor<2x4x3xf32> {
  %0 = onnx.Softmax %x {axis = 1 : i64} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// Before opset 13, Softmax normalises over all dims from axis on, reduced
// together (not collapsed into one, which would need several dynamic dims
// expanded back).
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @softmax_v1
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<?x4x3xf32>) outs(%{{.*}} : tensor<?xf32>)
func.func @softmax_v1(%x: tensor<?x4x3xf32>) -> tensor<?x4x3xf32> {
  %0 = onnx.SoftmaxV1 %x : (tensor<?x4x3xf32>) -> tensor<?x4x3xf32>
  return %0 : tensor<?x4x3xf32>
}

// -----

// The default axis of Softmax is the last.
// CHECK-LABEL: func.func @softmax_default_axis
// CHECK: iterator_types = ["parallel", "reduction"]
func.func @softmax_default_axis(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.Softmax %x : (tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// LogSoftmax: (x - max) - log(sum(exp(x - max))), with no division.
// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0, %[[MAX]] : tensor<3x5xf32>, tensor<3xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %[[MAX]], %[[SUM]] : tensor<3x5xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[SHIFTED:.*]] = arith.subf
// CHECK: %[[LOG:.*]] = math.log
// CHECK: arith.subf %[[SHIFTED]], %[[LOG]]
func.func @log_softmax(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.LogSoftmax %x : (tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Hardmax: 1 where the index along the axis is that of the first maximum
// (an arg-reduction: a later equal element does not replace an earlier one).
// CHECK-LABEL: func.func @hardmax
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: %[[I:.*]] = arith.index_cast
// CHECK: %[[EARLIER:.*]] = arith.cmpi slt, %[[I]]
// CHECK: %[[GREATER:.*]] = arith.cmpf ogt
// CHECK: %[[EQUAL:.*]] = arith.cmpf oeq
// CHECK: %[[TIE:.*]] = arith.andi %[[EQUAL]], %[[EARLIER]]
// CHECK: arith.ori %[[GREATER]], %[[TIE]]
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[ARG]]#1 : tensor<3x5xf32>, tensor<3xi64>)
// CHECK: arith.cmpi eq
// CHECK: arith.uitofp
func.func @hardmax(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.Hardmax %x : (tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// HardmaxV1: the first maximum in row-major order over dims axis..rank-1,
// its position computed from the loop indices and the dims' sizes.
// CHECK-LABEL: func.func @hardmax_v1
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: %[[I1:.*]] = linalg.index 1
// CHECK: %[[I2:.*]] = linalg.index 2
// CHECK: %[[SCALED:.*]] = arith.muli %[[I1]], %[[SIZE:.*]] : index
// CHECK: arith.addi %[[SCALED]], %[[I2]] : index
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[ARG]]#1 : tensor<2x3x?xf32>, tensor<2xi64>)
func.func @hardmax_v1(%x: tensor<2x3x?xf32>) -> tensor<2x3x?xf32> {
  %0 = onnx.HardmaxV1 %x : (tensor<2x3x?xf32>) -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}
