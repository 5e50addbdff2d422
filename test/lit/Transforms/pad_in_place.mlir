// RUN: onnxc-opt %s --split-input-file --onnx-pad-in-place | FileCheck %s

#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// The ReLU whose result is padded writes it into the interior of the
// filled padded tensor; the pad becomes the insertion of that interior.
// CHECK-LABEL: func @relu_then_pad
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x6x7xf32>
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x6x7xf32>)
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][0, 1, 2] [2, 4, 4] [1, 1, 1]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} outs(%[[INTERIOR]] : tensor<2x4x4xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[RELU]] into %[[FILLED]][0, 1, 2] [2, 4, 4] [1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[PADDED]]
func.func @relu_then_pad(%x: tensor<2x4x4xf32>) -> tensor<2x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id],
                          iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<2x4x4xf32>) outs(%empty : tensor<2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x4x4xf32>
  %padded = tensor.pad %relu low[0, 1, 2] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<2x4x4xf32> to tensor<2x6x7xf32>
  return %padded : tensor<2x6x7xf32>
}

// -----

// A dynamic size: the padded sizes are computed from the producer's output.
// CHECK-LABEL: func @dynamic_rows
// CHECK: %[[ROWS:.*]] = tensor.dim
// CHECK: %[[PADDED_ROWS:.*]] = affine.apply {{.*}}()[%[[ROWS]]]
// CHECK: tensor.empty(%[[PADDED_ROWS]]) : tensor<?x6xf32>
// CHECK: linalg.fill
// CHECK: tensor.insert_slice
// CHECK-NOT: tensor.pad
func.func @dynamic_rows(%x: tensor<?x4xf32>) -> tensor<?x6xf32> {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %rows = tensor.dim %x, %c0 : tensor<?x4xf32>
  %empty = tensor.empty(%rows) : tensor<?x4xf32>
  %neg = linalg.negf ins(%x : tensor<?x4xf32>) outs(%empty : tensor<?x4xf32>) -> tensor<?x4xf32>
  %padded = tensor.pad %neg low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %ninf : f32
  } : tensor<?x4xf32> to tensor<?x6xf32>
  return %padded : tensor<?x6xf32>
}

// -----

// Left alone: the result is also used unpadded, and a function argument has
// no producer to write it.
// CHECK-LABEL: func @not_in_place
// CHECK-COUNT-2: tensor.pad
func.func @not_in_place(%x: tensor<4xf32>) -> (tensor<6xf32>, tensor<4xf32>, tensor<6xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4xf32>
  %neg = linalg.negf ins(%x : tensor<4xf32>) outs(%empty : tensor<4xf32>) -> tensor<4xf32>
  %p0 = tensor.pad %neg low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %zero : f32
  } : tensor<4xf32> to tensor<6xf32>
  %p1 = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %zero : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %p0, %neg, %p1 : tensor<6xf32>, tensor<4xf32>, tensor<6xf32>
}

// -----

// A forall (a product's blocks with their activation) writes its blocks
// into the interior of the filled padded tensor as well.
// CHECK-LABEL: func @forall_then_pad
// CHECK: %[[FILLED:.*]] = linalg.fill
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][0, 1, 1] [2, 4, 4] [1, 1, 1]
// CHECK: %[[BLOCKS:.*]] = scf.forall {{.*}} shared_outs(%{{.*}} = %[[INTERIOR]])
// CHECK: tensor.insert_slice %[[BLOCKS]] into %[[FILLED]][0, 1, 1] [2, 4, 4] [1, 1, 1]
// CHECK-NOT: tensor.pad
func.func @forall_then_pad(%x: tensor<2x4x4xf32>) -> tensor<2x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x4x4xf32>
  %blocks = scf.forall (%i) in (2) shared_outs(%out = %empty) -> (tensor<2x4x4xf32>) {
    %in = tensor.extract_slice %x[%i, 0, 0] [1, 4, 4] [1, 1, 1] : tensor<2x4x4xf32> to tensor<1x4x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %in into %out[%i, 0, 0] [1, 4, 4] [1, 1, 1] : tensor<1x4x4xf32> into tensor<2x4x4xf32>
    }
  }
  %padded = tensor.pad %blocks low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<2x4x4xf32> to tensor<2x6x6xf32>
  return %padded : tensor<2x6x6xf32>
}
