// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// X W^T is one product of all (seq x batch) rows, before the loop. One loop
// over time per direction carries Y and H. Each step slices X_t W^T,
// accumulates H R^T into it, applies f to it plus both biases, and inserts H
// into Y at (t, direction).
// CHECK-LABEL: func.func @rnn
// CHECK-SAME: (%[[X:.*]]: tensor<5x3x2xf32>, %[[W:.*]]: tensor<1x4x2xf32>, %[[R:.*]]: tensor<1x4x4xf32>, %[[B:.*]]: tensor<1x8xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[WSLAB:.*]] = tensor.extract_slice %[[W]][0, 0, 0] [1, 4, 2] [1, 1, 1] : tensor<1x4x2xf32> to tensor<4x2xf32>
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[WSLAB]] : tensor<4x2xf32>) outs(%{{.*}} : tensor<2x4xf32>) permutation = [1, 0]
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<5x3x2xf32> into tensor<15x2xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.matmul ins(%[[ROWS]], %[[WT]] : tensor<15x2xf32>, tensor<2x4xf32>)
// CHECK: %[[XW:.*]] = tensor.expand_shape %[[PRODUCT]] {{\[}}[0, 1], [2]] output_shape [5, 3, 4] : tensor<15x4xf32> into tensor<5x3x4xf32>
// CHECK: %[[RT:.*]] = linalg.transpose ins(%{{.*}} : tensor<4x4xf32>) outs(%{{.*}} : tensor<4x4xf32>) permutation = [1, 0]
// CHECK-NOT: linalg.matmul
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[T:[a-z0-9_]+]] = %[[C0]] to %[[C5]] step %[[C1]] iter_args(%[[Y:.*]] = %{{.*}}, %[[H:.*]] = %{{.*}}) -> (tensor<5x1x3x4xf32>, tensor<3x4xf32>)
// CHECK:   %[[XWT:.*]] = tensor.extract_slice %[[XW]][%[[T]], 0, 0] [1, 3, 4] [1, 1, 1] : tensor<5x3x4xf32> to tensor<3x4xf32>
// CHECK:   %[[GATES:.*]] = linalg.matmul ins(%[[H]], %[[RT]] : tensor<3x4xf32>, tensor<4x4xf32>) outs(%[[XWT]] : tensor<3x4xf32>)
// CHECK:   %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[GATES]], %{{.*}}, %{{.*}} : tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK:     math.tanh
// CHECK:   %[[NEWY:.*]] = tensor.insert_slice %[[NEXT]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 3, 4] [1, 1, 1, 1] : tensor<3x4xf32> into tensor<5x1x3x4xf32>
// CHECK:   scf.yield %[[NEWY]], %[[NEXT]]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#1 into %{{.*}}[0, 0, 0] [1, 3, 4] [1, 1, 1] : tensor<3x4xf32> into tensor<1x3x4xf32>
// CHECK: return %[[LOOP]]#0, %[[YH]]
func.func @rnn(%x: tensor<5x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>, %b: tensor<1x8xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>) {
  %y, %yh = onnx.RNN %x, %w, %r B(%b) : (tensor<5x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return %y, %yh : tensor<5x1x3x4xf32>, tensor<1x3x4xf32>
}

// -----

// Bidirectional: two loops, the second running backwards (t = seq - 1 - i),
// both writing into the same Y. Batch and sequence length are read at run
// time.
// CHECK-LABEL: func.func @rnn_bidirectional_dynamic
// CHECK: %[[SEQ:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x?x2xf32>
// CHECK: %[[FWD:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %[[SEQ]]
// CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0, 0, 0]
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %[[SEQ]] step %{{.*}} iter_args(%{{.*}} = %[[FWD]]#0
// CHECK:   %[[LAST:.*]] = arith.subi %[[SEQ]], %{{.*}} : index
// CHECK:   %[[T:[a-z0-9_]+]] = arith.subi %[[LAST]], %[[I]] : index
// CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[%[[T]], 1, 0, 0]
func.func @rnn_bidirectional_dynamic(%x: tensor<?x?x2xf32>, %w: tensor<2x4x2xf32>, %r: tensor<2x4x4xf32>) -> (tensor<?x2x?x4xf32>, tensor<2x?x4xf32>) {
  %y, %yh = onnx.RNN %x, %w, %r {direction = "bidirectional"} : (tensor<?x?x2xf32>, tensor<2x4x2xf32>, tensor<2x4x4xf32>) -> (tensor<?x2x?x4xf32>, tensor<2x?x4xf32>)
  return %y, %yh : tensor<?x2x?x4xf32>, tensor<2x?x4xf32>
}

// -----

// LSTM carries H and C; one generic computes both from the four gate slices,
// the biases and the peepholes. sequence_lens masks each step: past a
// sequence's end the states stay (written over in place) and the output is
// zero.
// CHECK-LABEL: func.func @lstm_sequence_lens
// CHECK: scf.for %[[T:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}) -> (tensor<4x1x2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:   %[[GATES:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x3xf32>, tensor<3x12xf32>)
// CHECK-COUNT-4: tensor.extract_slice %[[GATES]]
// CHECK:   %[[CELL:.*]]:2 = linalg.generic
// CHECK:   %[[T32:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK:   %[[MASKED:.*]]:3 = linalg.generic {{.*}} ins(%{{.*}}, %[[CELL]]#0, %[[CELL]]#1 : tensor<2xi32>, tensor<2x3xf32>, tensor<2x3xf32>) outs(%[[H]], %[[C]], %{{.*}} : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:     %[[VALID:.*]] = arith.cmpi slt, %[[T32]]
// CHECK:     arith.select %[[VALID]]
// CHECK:   tensor.insert_slice %[[MASKED]]#2
// CHECK:   scf.yield %{{.*}}, %[[MASKED]]#0, %[[MASKED]]#1
func.func @lstm_sequence_lens(%x: tensor<4x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x3xf32>, %lens: tensor<2xi32>, %p: tensor<1x9xf32>) -> (tensor<4x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh, %yc = onnx.LSTM %x, %w, %r sequence_lens(%lens) P(%p) : (tensor<4x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x3xf32>, tensor<2xi32>, tensor<1x9xf32>) -> (tensor<4x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y, %yh, %yc : tensor<4x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// GRU without linear_before_reset: z and r first, then (r . H) Rh^T.
// CHECK-LABEL: func.func @gru
// CHECK: linalg.matmul {{.*}} tensor<8x5xf32>, tensor<5x9xf32>
// CHECK: scf.for
// CHECK:   %[[ZR:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x6xf32>)
// CHECK:   %[[ZRH:.*]]:2 = linalg.generic
// CHECK:   %[[N:.*]] = linalg.matmul ins(%[[ZRH]]#1, %{{.*}} : tensor<2x3xf32>, tensor<3x3xf32>)
// CHECK:   linalg.generic {{.*}} ins(%[[N]],
// CHECK:   scf.yield
func.func @gru(%x: tensor<4x2x5xf32>, %w: tensor<1x9x5xf32>, %r: tensor<1x9x3xf32>) -> (tensor<4x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = onnx.GRU %x, %w, %r : (tensor<4x2x5xf32>, tensor<1x9x5xf32>, tensor<1x9x3xf32>) -> (tensor<4x1x2x3xf32>, tensor<1x2x3xf32>)
  return %y, %yh : tensor<4x1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// layout = 1 only moves the dims the slices fix: X_t W^T at dim 1, Y at
// (1, 2).
// CHECK-LABEL: func.func @gru_batch_major
// CHECK: %[[XW:.*]] = tensor.expand_shape %{{.*}} output_shape [2, 4, 9] : tensor<8x9xf32> into tensor<2x4x9xf32>
// CHECK: scf.for %[[T:[a-z0-9_]+]] =
// CHECK:   tensor.extract_slice %[[XW]][0, %[[T]], 0] [2, 1, 9] [1, 1, 1] : tensor<2x4x9xf32> to tensor<2x9xf32>
// CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[T]], 0, 0] [2, 1, 1, 3] [1, 1, 1, 1] : tensor<2x3xf32> into tensor<2x4x1x3xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0] [2, 1, 3] [1, 1, 1] : tensor<2x3xf32> into tensor<2x1x3xf32>
func.func @gru_batch_major(%x: tensor<2x4x5xf32>, %w: tensor<1x9x5xf32>, %r: tensor<1x9x3xf32>) -> (tensor<2x4x1x3xf32>, tensor<2x1x3xf32>) {
  %y, %yh = onnx.GRU %x, %w, %r {layout = 1 : i64, linear_before_reset = 1 : i64} : (tensor<2x4x5xf32>, tensor<1x9x5xf32>, tensor<1x9x3xf32>) -> (tensor<2x4x1x3xf32>, tensor<2x1x3xf32>)
  return %y, %yh : tensor<2x4x1x3xf32>, tensor<2x1x3xf32>
}
