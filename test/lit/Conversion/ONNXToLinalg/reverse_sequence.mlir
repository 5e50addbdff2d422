// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// One generic over the result reads sequence_lens along the batch dim and
// the input at the reversed step; lengths are clamped into [0, steps].
// CHECK-DAG: #[[BATCH:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @time_major
// CHECK: linalg.generic {indexing_maps = [#[[BATCH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg1 : tensor<?xi64>)
// CHECK: ^bb0(%[[LEN:.*]]: i64,
// CHECK: %[[CAST:.*]] = arith.index_cast %[[LEN]]
// CHECK: %[[UPPER:.*]] = arith.minsi %[[CAST]], %{{.*}}
// CHECK: %[[LENGTH:.*]] = arith.maxsi %[[UPPER]], %{{.*}}
// CHECK: %[[T:.*]] = linalg.index 0
// CHECK: %[[B:.*]] = linalg.index 1
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[T]], %[[LENGTH]]
// CHECK: %[[SRC:.*]] = arith.select %[[IN]]
// CHECK: tensor.extract %arg0[%[[SRC]], %[[B]], %{{.*}}]
func.func @time_major(%x: tensor<?x?x3xf32>, %lens: tensor<?xi64>) -> tensor<?x?x3xf32> {
  %0 = onnx.ReverseSequence %x, %lens {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<?x?x3xf32>, tensor<?xi64>) -> tensor<?x?x3xf32>
  return %0 : tensor<?x?x3xf32>
}
