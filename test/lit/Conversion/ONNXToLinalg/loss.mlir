// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// NegativeLogLikelihoodLoss: the weight applied to each element (0 where the
// target is ignore_index, tested in i64 before the target indexes anything),
// the loss read at the clamped target class (and at clamped N and D1, which
// the types do not show to agree with the target's), then the sum of the
// losses divided by the sum of the weights.
// CHECK-LABEL: func.func @nll_mean
// CHECK-SAME: (%[[X:.*]]: tensor<?x5x?xf32>, %[[T:.*]]: tensor<?x?xi32>, %[[W:.*]]: tensor<5xf32>)
// CHECK-DAG: %[[LAST:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[II:.*]] = arith.constant -1 : i64
// CHECK: %[[WEIGHTS:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<?x?xi32>) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK: ^bb0(%[[L:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[I:.*]] = arith.index_cast %[[L]] : i32 to index
// CHECK: %[[MIN:.*]] = arith.minsi %[[I]], %[[LAST]]
// CHECK: %[[C:.*]] = arith.maxsi %[[MIN]], %{{.*}}
// CHECK: %[[WC:.*]] = tensor.extract %[[W]][%[[C]]]
// CHECK: %[[L64:.*]] = arith.extsi %[[L]] : i32 to i64
// CHECK: %[[IGNORED:.*]] = arith.cmpi eq, %[[L64]], %[[II]]
// CHECK: arith.select %[[IGNORED]], %{{.*}}, %[[WC]]
// CHECK: %[[LOSSES:.*]] = linalg.generic {{.*}} ins(%[[T]], %[[WEIGHTS]] : tensor<?x?xi32>, tensor<?x?xf32>)
// CHECK: ^bb0(%[[L2:.*]]: i32, %[[WE:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[N:.*]] = linalg.index 0
// CHECK: %[[NMIN:.*]] = arith.minsi %[[N]]
// CHECK: %[[NC:.*]] = arith.maxsi %[[NMIN]]
// CHECK: %[[C2:.*]] = arith.maxsi
// CHECK: %[[D:.*]] = linalg.index 1
// CHECK: %[[DMIN:.*]] = arith.minsi %[[D]]
// CHECK: %[[DC:.*]] = arith.maxsi %[[DMIN]]
// CHECK: %[[LP:.*]] = tensor.extract %[[X]][%[[NC]], %[[C2]], %[[DC]]]
// CHECK: %[[P:.*]] = arith.mulf %[[LP]], %[[WE]]
// CHECK: %[[NEG:.*]] = arith.negf %[[P]]
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[NEG]]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[LOSSES]] : tensor<?x?xf32>)
// CHECK: %[[TOTAL:.*]] = tensor.extract %[[SUM]][]
// CHECK: %[[WSUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[WEIGHTS]] : tensor<?x?xf32>)
// CHECK: %[[WTOTAL:.*]] = tensor.extract %[[WSUM]][]
// CHECK: %[[MEAN:.*]] = arith.divf %[[TOTAL]], %[[WTOTAL]]
// CHECK: %[[R:.*]] = tensor.from_elements %[[MEAN]] : tensor<f32>
// CHECK: return %[[R]]
func.func @nll_mean(%x: tensor<?x5x?xf32>, %t: tensor<?x?xi32>, %w: tensor<5xf32>) -> tensor<f32> {
  %0 = onnx.NegativeLogLikelihoodLoss %x, %t, %w {ignore_index = -1 : i64} : (tensor<?x5x?xf32>, tensor<?x?xi32>, tensor<5xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// SoftmaxCrossEntropyLoss: LogSoftmax along dim 1, returned as log_prob and
// read by the loss; without weight or ignore_index each weight is 1, and
// reduction "none" returns the losses.
// CHECK-LABEL: func.func @sce_none
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<3x5xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0, %[[MAX]] : tensor<3x5xf32>, tensor<3xf32>)
// CHECK: math.exp
// CHECK: %[[LOGP:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MAX]], %[[SUM]] : tensor<3x5xf32>, tensor<3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<3x5xf32>)
// CHECK: math.log
// CHECK: %[[WEIGHTS:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<3xi64>)
// CHECK: linalg.yield %[[ONE]]
// CHECK: %[[LOSSES:.*]] = linalg.generic {{.*}} ins(%arg1, %[[WEIGHTS]] : tensor<3xi64>, tensor<3xf32>)
// CHECK: %[[N:.*]] = linalg.index 0
// CHECK: tensor.extract %[[LOGP]][%[[N]], %{{.*}}]
// CHECK: return %[[LOSSES]], %[[LOGP]]
func.func @sce_none(%x: tensor<3x5xf32>, %t: tensor<3xi64>) -> (tensor<3xf32>, tensor<3x5xf32>) {
  %0, %1 = onnx.SoftmaxCrossEntropyLoss %x, %t {reduction = "none"} : (tensor<3x5xf32>, tensor<3xi64>) -> (tensor<3xf32>, tensor<3x5xf32>)
  return %0, %1 : tensor<3xf32>, tensor<3x5xf32>
}

// -----

// reduction "sum" is the sum of the losses, a 0-D tensor. With a dynamic
// number of classes the clamp reads it at run time.
// CHECK-LABEL: func.func @sce_sum
// CHECK: %[[C:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[LOSSES:.*]] = linalg.generic {{.*}} ins(%arg1, %{{.*}} : tensor<?x?xi64>, tensor<?x?xf64>)
// CHECK: %[[LAST:.*]] = arith.subi %[[C]], %c1
// CHECK: arith.minsi %{{.*}}, %[[LAST]]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[LOSSES]] : tensor<?x?xf64>) outs(%{{.*}} : tensor<f64>)
// CHECK: return %[[SUM]]
func.func @sce_sum(%x: tensor<?x?x?xf64>, %t: tensor<?x?xi64>) -> tensor<f64> {
  %0 = onnx.SoftmaxCrossEntropyLoss %x, %t {reduction = "sum"} : (tensor<?x?x?xf64>, tensor<?x?xi64>) -> tensor<f64>
  return %0 : tensor<f64>
}
