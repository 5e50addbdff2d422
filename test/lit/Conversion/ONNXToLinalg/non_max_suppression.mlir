// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// A generic ranks every box within its class (a reduction over the class's
// other scores: higher, or equal at a lower index). Loops over batches and
// classes scatter the boxes into rank order, then walk them: a box is taken
// while the class has room and its score is above the threshold, and kept
// unless a box kept before in its class overlaps it by more than the IoU
// threshold. Kept (batch, class, box) rows fill a tensor with room for
// every box; the result is its filled rows.
// CHECK-LABEL: func.func @nms
// CHECK: %[[MAX:.*]] = arith.maxsi %{{.*}}, %c0 : index
// CHECK: %[[IOU:.*]] = tensor.extract %arg3[%c0]
// CHECK: %[[SCORE:.*]] = tensor.extract %arg4[%c0]
// CHECK: %[[RANKS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi ult
// CHECK: %[[ROWS:.*]] = tensor.empty() : tensor<24x3xi64>
// CHECK: %[[LOOP:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %[[ROWS]], %{{.*}} = %c0)
// CHECK: scf.for
// CHECK: tensor.extract %[[RANKS]]
// CHECK: tensor.insert
// CHECK: scf.for
// CHECK: arith.cmpi slt, %{{.*}}, %[[MAX]]
// CHECK: arith.cmpf ogt, %{{.*}}, %[[SCORE]]
// CHECK: scf.if
// CHECK: scf.for
// CHECK: %[[RATIO:.*]] = arith.divf
// CHECK: arith.cmpf ogt, %[[RATIO]], %[[IOU]]
// CHECK: tensor.insert
// CHECK: tensor.extract_slice %[[LOOP]]#0[0, 0] [%[[LOOP]]#1, 3] [1, 1]
func.func @nms(%boxes: tensor<2x6x4xf32>, %scores: tensor<2x2x6xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>, %score: tensor<1xf32>) -> tensor<?x3xi64> {
  %0 = onnx.NonMaxSuppression %boxes, %scores max_output %max iou %iou score %score : (tensor<2x6x4xf32>, tensor<2x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

// Without max_output_boxes_per_class nothing is kept (ONNX's default 0);
// scalars of unknown size are read only when they hold an element.
// CHECK-LABEL: func.func @nms_defaults
// CHECK: %[[DIM:.*]] = tensor.dim %arg2, %c0
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[DIM]], %c0
// CHECK: scf.if %[[NONEMPTY]]
// CHECK: tensor.extract %arg2[%c0]
// CHECK: arith.cmpi slt, %{{.*}}, %c0
func.func @nms_defaults(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x1x6xf32>, %iou: tensor<?xf32>) -> tensor<?x3xi64> {
  %0 = onnx.NonMaxSuppression %boxes, %scores iou %iou : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<?xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}
