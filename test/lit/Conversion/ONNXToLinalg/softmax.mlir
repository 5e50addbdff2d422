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

// Before opset 13, Softmax normalises over all dims from axis on.
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @softmax_v1
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
