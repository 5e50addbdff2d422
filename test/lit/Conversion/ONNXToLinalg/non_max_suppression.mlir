// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// A generic ranks every box within its class (a reduction over the class's
// other scores); loops over batches, classes and ranked boxes then append
// the kept (batch, class, box) rows, and the result is the filled rows.
// CHECK-LABEL: func.func @nms
// CHECK: %[[RANKS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi ult
// CHECK: %[[ROWS:.*]] = tensor.empty(%{{.*}}) : tensor<?x3xi64>
// CHECK: %[[LOOP:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %[[ROWS]], %{{.*}} = %c0)
// CHECK: scf.for
// CHECK: tensor.extract %[[RANKS]]
// CHECK: scf.for
// CHECK: scf.if
// CHECK: arith.divf
// CHECK: arith.cmpf ogt
// CHECK: tensor.insert
// CHECK: tensor.extract_slice %[[LOOP]]#0[0, 0] [%[[LOOP]]#1, 3] [1, 1]
func.func @nms(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>, %score: tensor<1xf32>) -> tensor<?x3xi64> {
  %0 = onnx.NonMaxSuppression %boxes, %scores max_output %max iou %iou score %score : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}
