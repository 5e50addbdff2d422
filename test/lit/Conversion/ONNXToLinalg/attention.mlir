// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// RotaryEmbedding with position_ids: one generic over X; the cache row is
// the clamped position, the partner of element d is d +- R/2, and the first
// of a pair takes x cos - x' sin, the second x cos + x' sin.
// CHECK-LABEL: func.func @rotary_embedding
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2x3x4xf32>)
// CHECK: %[[POS:.*]] = tensor.extract %arg3
// CHECK: arith.index_cast %[[POS]] : i64 to index
// CHECK: %[[COS:.*]] = tensor.extract %arg1
// CHECK: %[[SIN:.*]] = tensor.extract %arg2
// CHECK: %[[X:.*]] = tensor.extract %arg0
// CHECK: %[[XP:.*]] = tensor.extract %arg0
// CHECK: %[[A:.*]] = arith.mulf %[[X]], %[[COS]] : f32
// CHECK: %[[B:.*]] = arith.mulf %[[XP]], %[[SIN]] : f32
// CHECK: arith.subf %[[A]], %[[B]] : f32
// CHECK: arith.addf %[[A]], %[[B]] : f32
func.func @rotary_embedding(%x: tensor<2x2x3x4xf32>, %cos: tensor<6x2xf32>, %sin: tensor<6x2xf32>, %pos: tensor<2x3xi64>) -> tensor<2x2x3x4xf32> {
  %0 = onnx.RotaryEmbedding %x, %cos, %sin positions %pos : (tensor<2x2x3x4xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<2x3xi64>) -> tensor<2x2x3x4xf32>
  return %0 : tensor<2x2x3x4xf32>
}

// -----

// A 3-D X splits its last dim into num_heads heads; elements past
// rotary_embedding_dim are copied.
// CHECK-LABEL: func.func @rotary_embedding_3d_partial
// CHECK: linalg.generic
// CHECK: arith.remsi %{{.*}}, %c8 : index
// CHECK: arith.cmpi slt, %{{.*}}, %c4 : index
func.func @rotary_embedding_3d_partial(%x: tensor<2x3x16xf32>, %cos: tensor<2x3x2xf32>, %sin: tensor<2x3x2xf32>) -> tensor<2x3x16xf32> {
  %0 = onnx.RotaryEmbedding %x, %cos, %sin {num_heads = 2 : i64, rotary_embedding_dim = 4 : i64} : (tensor<2x3x16xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>) -> tensor<2x3x16xf32>
  return %0 : tensor<2x3x16xf32>
}
