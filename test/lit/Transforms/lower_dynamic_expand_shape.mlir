// RUN: onnxc-opt %s --split-input-file --onnx-lower-dynamic-expand-shape | FileCheck %s
// RUN: onnxc-opt %s --split-input-file --onnx-lower-dynamic-expand-shape \
// RUN:   --expand-strided-metadata | FileCheck %s --check-prefix=METADATA

// Rows [batch * sequence] split back into [batch, sequence]: a reinterpret_cast
// of the buffer with row-major strides, which expand-strided-metadata then
// takes as it is (its own expansion of this reshape crashes).
// CHECK-LABEL: func @split_rows
// CHECK-SAME: (%[[ROWS:.*]]: memref<?x32xf32>, %[[BATCH:.*]]: index, %[[SEQUENCE:.*]]: index)
// CHECK-NOT: memref.expand_shape
// CHECK: %[[STRIDE:.*]] = arith.muli %{{.*}}, %[[SEQUENCE]] : index
// CHECK-NOT: arith.muli
// CHECK: memref.reinterpret_cast %[[ROWS]] to offset: [0], sizes: [%[[BATCH]], %[[SEQUENCE]], 32], strides: [%[[STRIDE]], 32, 1]
// METADATA-LABEL: func @split_rows
// METADATA: memref.reinterpret_cast
func.func @split_rows(%rows: memref<?x32xf32>, %batch: index, %sequence: index)
    -> memref<?x?x32xf32> {
  %0 = memref.expand_shape %rows [[0, 1], [2]] output_shape [%batch, %sequence, 32]
      : memref<?x32xf32> into memref<?x?x32xf32>
  return %0 : memref<?x?x32xf32>
}

// -----

// One dynamic size per group is left to expand-strided-metadata, which
// handles it.
// CHECK-LABEL: func @one_dynamic_size
// CHECK: memref.expand_shape
// METADATA-LABEL: func @one_dynamic_size
// METADATA: memref.reinterpret_cast %{{.*}} to offset: [0], sizes: [%{{.*}}, 12, 64], strides: [768, 64, 1]
func.func @one_dynamic_size(%rows: memref<?x768xf32>, %n: index) -> memref<?x12x64xf32> {
  %0 = memref.expand_shape %rows [[0], [1, 2]] output_shape [%n, 12, 64]
      : memref<?x768xf32> into memref<?x12x64xf32>
  return %0 : memref<?x12x64xf32>
}
