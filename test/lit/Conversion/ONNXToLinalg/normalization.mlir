// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// BatchNormalization at inference is one generic reading the statistics at
// the channel.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[C]], #[[C]], #[[C]], #[[C]], #[[X]]]
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[SCALE:.*]]: f32, %[[BIAS:.*]]: f32, %[[MEAN:.*]]: f32, %[[VAR:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[V:.*]] = arith.addf %[[VAR]], %{{.*}} : f32
// CHECK: %[[SQRT:.*]] = math.sqrt %[[V]]
// CHECK: %[[INV:.*]] = arith.divf %{{.*}}, %[[SQRT]]
// CHECK: %[[D:.*]] = arith.subf %[[IN]], %[[MEAN]]
// CHECK: %[[N:.*]] = arith.mulf %[[D]], %[[INV]]
// CHECK: %[[S:.*]] = arith.mulf %[[N]], %[[SCALE]]
// CHECK: arith.addf %[[S]], %[[BIAS]]
func.func @batch_norm(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = onnx.BatchNormalization %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// LayerNormalization: the mean, then the mean squared deviation, over the
// dims from `axis`, in f32 for f16 input; Scale broadcast to those dims;
// Mean returned with unit dims.
// CHECK-LABEL: func.func @layer_norm_f16
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<?x4x5xf16>) outs(%{{.*}} : tensor<?xf32>)
// CHECK: arith.extf
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MEAN]] : tensor<?x4x5xf16>, tensor<?xf32>)
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<?xf32>)
// CHECK: math.sqrt
// CHECK: %[[SCALE:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<5xf16>) outs(%{{.*}} : tensor<4x5xf16>)
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MEAN]], %[[INV]], %[[SCALE]] : tensor<?x4x5xf16>, tensor<?xf32>, tensor<?xf32>, tensor<4x5xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: %[[M:.*]] = tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2]] output_shape [%{{.*}}, 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
// CHECK: return %[[Y]], %[[M]]
func.func @layer_norm_f16(%x: tensor<?x4x5xf16>, %s: tensor<5xf16>) -> (tensor<?x4x5xf16>, tensor<?x1x1xf32>) {
  %y, %m, %i = onnx.LayerNormalization %x, %s {axis = 1 : i64} : (tensor<?x4x5xf16>, tensor<5xf16>) -> (tensor<?x4x5xf16>, tensor<?x1x1xf32>, tensor<?x1x1xf32>)
  return %y, %m : tensor<?x4x5xf16>, tensor<?x1x1xf32>
}

// -----

// GroupNormalization views (N x C x H x W) as (N x G x C/G x H x W) and
// normalises over its last three dims; per-channel scale splits the same way.
// CHECK-DAG: #[[GROUP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>
// CHECK-LABEL: func.func @group_norm
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3], [4]] output_shape [2, 2, 3, 3, 3]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK: %[[SCALE:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1]] output_shape [2, 3]
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [{{.*}}, #[[GROUP]], #[[GROUP]], #[[CHANNEL]], #[[CHANNEL]], {{.*}}]} ins(%[[GROUPED]], %{{.*}}, %{{.*}}, %[[SCALE]], %{{.*}} :
// CHECK: tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<2x2x3x3x3xf32> into tensor<2x6x3x3xf32>
func.func @group_norm(%x: tensor<2x6x3x3xf32>, %s: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<2x6x3x3xf32> {
  %0 = onnx.GroupNormalization %x, %s, %b {num_groups = 2 : i64} : (tensor<2x6x3x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x3x3xf32>
  return %0 : tensor<2x6x3x3xf32>
}

// -----

// With dynamic dims only the channels are split (one dynamic size, C/G);
// spatial dims are never folded, so no reshape groups several dynamic sizes.
// CHECK-LABEL: func.func @group_norm_dynamic
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3], [4]] output_shape [%{{.*}}, 2, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<?x?x?x?xf32> into tensor<?x2x?x?x?xf32>
// CHECK-NOT: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]]
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x?x?x?xf32> into tensor<?x?x?x?xf32>
func.func @group_norm_dynamic(%x: tensor<?x?x?x?xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<?x?x?x?xf32> {
  %0 = onnx.GroupNormalizationV18 %x, %s, %b {num_groups = 2 : i64} : (tensor<?x?x?x?xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// InstanceNormalization: statistics per (n, c); scale and B at the channel.
// CHECK-DAG: #[[PLANE:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @instance_norm
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: linalg.generic {indexing_maps = [{{.*}}, #[[PLANE]], #[[PLANE]], #[[CH]], #[[CH]], {{.*}}]}
func.func @instance_norm(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = onnx.InstanceNormalization %x, %s, %b : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// MeanVarianceNormalization divides by sqrt(variance) + 1e-9.
// CHECK-LABEL: func.func @mvn
// CHECK: math.sqrt
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: arith.divf
func.func @mvn(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = onnx.MeanVarianceNormalization %x : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// LRN: squares zero-padded along C by floor((size - 1) / 2) before and
// ceil((size - 1) / 2) after, summed over a window of `size` channels.
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d4, d2, d3)>
// CHECK-LABEL: func.func @lrn
// CHECK: %[[SQ:.*]] = linalg.generic
// CHECK: arith.mulf
// CHECK: %[[PAD:.*]] = tensor.pad %[[SQ]] low[0, 1, 0, 0] high[0, 2, 0, 0]
// CHECK: linalg.generic {indexing_maps = [#[[WIN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[PAD]], %{{.*}} : tensor<1x8x2x2xf32>, tensor<4xf32>)
// CHECK: math.powf
func.func @lrn(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %0 = onnx.LRN %x {size = 4 : i64} : (tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32>
  return %0 : tensor<1x5x2x2xf32>
}

// -----

// BatchNormalization in training mode: the batch's mean and population
// variance per channel (in f32 for f16 input) normalise X; each running
// statistic is input * momentum + batch * (1 - momentum).
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_training
// CHECK-DAG: %[[KEEP:.*]] = arith.constant 7.500000e-01 : f32
// CHECK-DAG: %[[MIX:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]} ins(%arg0 : tensor<?x3x4xf16>) outs(%{{.*}} : tensor<3xf32>)
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<3xf32>)
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]} ins(%arg0, %[[MEAN]] : tensor<?x3x4xf16>, tensor<3xf32>)
// CHECK: %[[VAR:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<3xf32>)
// CHECK: arith.divf
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[C]], #[[C]], #[[C]], #[[C]], #{{.*}}], {{.*}} ins(%arg0, %[[MEAN]], %[[VAR]], %arg1, %arg1 :
// CHECK: math.sqrt
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: %[[RM:.*]] = linalg.generic {{.*}} ins(%arg2, %[[MEAN]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: ^bb0(%[[GIVEN:.*]]: f32, %[[BATCH:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[A:.*]] = arith.mulf %[[GIVEN]], %[[KEEP]]
// CHECK: %[[B:.*]] = arith.mulf %[[BATCH]], %[[MIX]]
// CHECK: arith.addf %[[A]], %[[B]]
// CHECK: %[[RV:.*]] = linalg.generic {{.*}} ins(%arg2, %[[VAR]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: return %[[Y]], %[[RM]], %[[RV]]
func.func @batch_norm_training(%x: tensor<?x3x4xf16>, %s: tensor<3xf16>, %m: tensor<3xf32>) -> (tensor<?x3x4xf16>, tensor<3xf32>, tensor<3xf32>) {
  %y, %rm, %rv = onnx.BatchNormalizationTraining %x, %s, %s, %m, %m {momentum = 0.75 : f32} : (tensor<?x3x4xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf32>, tensor<3xf32>) -> (tensor<?x3x4xf16>, tensor<3xf32>, tensor<3xf32>)
  return %y, %rm, %rv : tensor<?x3x4xf16>, tensor<3xf32>, tensor<3xf32>
}

// -----

// RMSNormalization: one reduction of squares over the trailing dims, then
// x * 1 / sqrt(mean + epsilon) * scale with scale read at the trailing dims.
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[TRAIL:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @rms_norm
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: arith.mulf
// CHECK: math.sqrt
// CHECK: linalg.generic {indexing_maps = [{{.*}}, #[[KEPT]], #[[TRAIL]], {{.*}}]}
// CHECK-NOT: arith.subf
// CHECK: arith.mulf
// CHECK: arith.mulf
func.func @rms_norm(%x: tensor<2x3x4xf32>, %s: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = onnx.RMSNormalization %x, %s {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// LpNormalization p = 1 sums |x| along the axis and divides by the sum.
// CHECK-LABEL: func.func @lp_norm_l1
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: math.absf
// CHECK: linalg.generic
// CHECK-NOT: math.sqrt
// CHECK: arith.divf
func.func @lp_norm_l1(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = onnx.LpNormalization %x {axis = 0 : i64, p = 1 : i64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// LpNormalization p = 2 divides by the square root of the sum of squares.
// CHECK-LABEL: func.func @lp_norm_l2
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK: math.sqrt
// CHECK: arith.divf
func.func @lp_norm_l2(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = onnx.LpNormalization %x : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
