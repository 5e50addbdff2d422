// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// A sequence becomes its elements' data back to back and one row of sizes
// per element; SequenceConstruct flattens and joins its inputs.
// CHECK-LABEL: func.func @construct_length
// CHECK-NOT: onnx.
// CHECK-DAG: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-DAG: %[[Y:.*]] = tensor.collapse_shape %arg1 {{\[}}[0, 1]] : tensor<1x3xf32> into tensor<3xf32>
// CHECK: %[[DATA:.*]] = tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[DATA]][0]
// CHECK: %[[ROWS:.*]] = tensor.from_elements {{.*}} : tensor<2x2xi64>
// CHECK: %[[SHAPES:.*]] = tensor.cast %[[ROWS]] : tensor<2x2xi64> to tensor<?x2xi64>
// CHECK: %[[N:.*]] = tensor.dim %[[SHAPES]], %{{.*}} : tensor<?x2xi64>
// CHECK: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: tensor.from_elements %[[N64]] : tensor<i64>
func.func @construct_length(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>) -> tensor<i64> {
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<1x3xf32>) -> !onnx.seq<tensor<?x3xf32>>
  %1 = onnx.SequenceLength %0 : (!onnx.seq<tensor<?x3xf32>>) -> tensor<i64>
  return %1 : tensor<i64>
}

// -----

// SequenceAt: the position is wrapped and clamped into [0, n - 1]; an empty
// sequence gives zeros instead of reading its (empty) shapes. The element
// starts after the sizes of the elements before it.
// CHECK-LABEL: func.func @at
// CHECK: %[[P:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: arith.select
// CHECK: arith.minsi
// CHECK: %[[POS:.*]] = arith.maxsi
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt
// CHECK: scf.if %[[NONEMPTY]] -> (tensor<?x3xf32>)
// CHECK:   tensor.extract %{{.*}}[%[[POS]], %{{.*}}] : tensor<?x2xi64>
// CHECK:   %[[OFFSET:.*]] = scf.for %{{.*}} = %{{.*}} to %[[POS]]
// CHECK:   %[[FLAT:.*]] = tensor.extract_slice %{{.*}}[%[[OFFSET]]] [%{{.*}}] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK:   tensor.reshape %[[FLAT]](%{{.*}}) : (tensor<?xf32>, tensor<2xindex>) -> tensor<?x3xf32>
// CHECK: } else {
// CHECK:   linalg.fill
func.func @at(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>, %p: tensor<i64>) -> tensor<?x3xf32> {
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<1x3xf32>) -> !onnx.seq<tensor<?x3xf32>>
  %1 = onnx.SequenceAt %0, %p : (!onnx.seq<tensor<?x3xf32>>, tensor<i64>) -> tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// SequenceInsert: the position is clamped into [0, n]; data and shapes are
// each rebuilt from the part before it, the new tensor and the part after.
// CHECK-LABEL: func.func @insert
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x2xi64>
// CHECK: %[[NP1:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.maxsi
// CHECK: %[[OFFSET:.*]] = scf.for %{{.*}} = %{{.*}} to %[[POS]]
// CHECK: tensor.extract_slice %{{.*}}[0] [%[[OFFSET]]] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK: tensor.extract_slice %{{.*}}[%[[OFFSET]]] [%{{.*}}] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [%[[POS]], 2] [1, 1] : tensor<?x2xi64> to tensor<?x2xi64>
// CHECK: tensor.extract_slice %{{.*}}[%[[POS]], 0] [%{{.*}}, 2] [1, 1] : tensor<?x2xi64> to tensor<?x2xi64>
func.func @insert(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>, %p: tensor<i32>) -> tensor<i64> {
  %0 = onnx.SequenceConstruct %x : (tensor<2x3xf32>) -> !onnx.seq<tensor<2x3xf32>>
  %1 = onnx.SequenceInsert %0, %y, %p : (!onnx.seq<tensor<2x3xf32>>, tensor<1x3xf32>, tensor<i32>) -> !onnx.seq<tensor<?x3xf32>>
  %2 = onnx.SequenceLength %1 : (!onnx.seq<tensor<?x3xf32>>) -> tensor<i64>
  return %2 : tensor<i64>
}

// -----

// SequenceErase without a position erases the last element; an empty
// sequence stays empty (end = min(position + 1, n)).
// CHECK-LABEL: func.func @erase
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x2xi64>
// CHECK: %[[LAST:.*]] = arith.subi %[[N]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.maxsi
// CHECK: %[[NEXT:.*]] = arith.addi %[[POS]], %{{.*}} : index
// CHECK: %[[END:.*]] = arith.minsi %[[NEXT]], %[[N]] : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[POS]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END]]
func.func @erase(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>) -> tensor<i64> {
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<1x3xf32>) -> !onnx.seq<tensor<?x3xf32>>
  %1 = onnx.SequenceErase %0 : (!onnx.seq<tensor<?x3xf32>>) -> !onnx.seq<tensor<?x3xf32>>
  %2 = onnx.SequenceLength %1 : (!onnx.seq<tensor<?x3xf32>>) -> tensor<i64>
  return %2 : tensor<i64>
}

// -----

// SplitToSequence with a 1-D split: each size is clamped into what remains
// of the input, and the data keeps only what the elements cover.
// CHECK-LABEL: func.func @split_list
// CHECK: %[[COUNT:.*]] = tensor.dim %arg1, %{{.*}} : tensor<?xi64>
// CHECK: %[[LOOP:.*]]:4 = scf.for %[[K:.*]] = %{{.*}} to %[[COUNT]]
// CHECK:   %[[REMAINING:.*]] = arith.subi
// CHECK:   %[[ENTRY:.*]] = tensor.extract %arg1[%[[K]]] : tensor<?xi64>
// CHECK:   %[[ENTRYINDEX:.*]] = arith.index_cast %[[ENTRY]] : i64 to index
// CHECK:   %[[MIN:.*]] = arith.minsi %[[ENTRYINDEX]], %[[REMAINING]] : index
// CHECK:   %[[SIZE:.*]] = arith.maxsi %{{.*}}, %[[MIN]] : index
// CHECK:   tensor.extract_slice %arg0[%{{.*}}, 0] [%[[SIZE]], 4] [1, 1] : tensor<6x4xf32> to tensor<?x4xf32>
// CHECK:   tensor.insert %{{.*}} into %{{.*}}[%[[K]], %{{.*}}] : tensor<?x2xi64>
// CHECK: tensor.extract_slice %[[LOOP]]#0[0] [%[[LOOP]]#3] [1] : tensor<?xf32> to tensor<?xf32>
func.func @split_list(%x: tensor<6x4xf32>, %s: tensor<?xi64>) -> tensor<i64> {
  %0 = onnx.SplitToSequence %x, %s : (tensor<6x4xf32>, tensor<?xi64>) -> !onnx.seq<tensor<?x4xf32>>
  %1 = onnx.SequenceLength %0 : (!onnx.seq<tensor<?x4xf32>>) -> tensor<i64>
  return %1 : tensor<i64>
}

// -----

// A scalar split gives ceil(size / split) elements, the last one smaller;
// a split below 1 counts as 1.
// CHECK-LABEL: func.func @split_scalar
// CHECK: %[[S:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK: %[[COUNT:.*]] = arith.ceildivsi %{{.*}}, %[[S]] : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[COUNT]]
// CHECK:   arith.minsi %[[S]], %{{.*}} : index
func.func @split_scalar(%x: tensor<?x4xf32>, %s: tensor<i64>) -> tensor<i64> {
  %0 = onnx.SplitToSequence %x, %s : (tensor<?x4xf32>, tensor<i64>) -> !onnx.seq<tensor<?x4xf32>>
  %1 = onnx.SequenceLength %0 : (!onnx.seq<tensor<?x4xf32>>) -> tensor<i64>
  return %1 : tensor<i64>
}

// -----

// ConcatFromSequence: the result's size along the axis is the sum of the
// elements' sizes there; each element is inserted cut to the result's other
// sizes.
// CHECK-LABEL: func.func @concat
// CHECK: %[[TOTAL:.*]] = scf.for
// CHECK: %[[INIT:.*]] = tensor.empty(%[[TOTAL]]) : tensor<2x?xf32>
// CHECK: scf.for {{.*}} iter_args(%[[RESULT:.*]] = %[[INIT]], %{{.*}} = %{{.*}}, %[[AT:.*]] = %{{.*}})
// CHECK:   %[[ELEMENT:.*]] = tensor.reshape
// CHECK:   %[[ROWS:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK:   %[[TILE:.*]] = tensor.extract_slice %[[ELEMENT]][0, 0] [%[[ROWS]], %{{.*}}] [1, 1]
// CHECK:   tensor.insert_slice %[[TILE]] into %[[RESULT]][0, %[[AT]]] [%[[ROWS]], %{{.*}}] [1, 1] : tensor<?x?xf32> into tensor<2x?xf32>
func.func @concat(%x: tensor<2x3xf32>, %y: tensor<2x1xf32>) -> tensor<2x?xf32> {
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<2x1xf32>) -> !onnx.seq<tensor<2x?xf32>>
  %1 = onnx.ConcatFromSequence %0 {axis = 1 : i64} : (!onnx.seq<tensor<2x?xf32>>) -> tensor<2x?xf32>
  return %1 : tensor<2x?xf32>
}

// -----

// With new_axis, element k is inserted at k along the new dim.
// CHECK-LABEL: func.func @stack
// CHECK: %[[INIT:.*]] = tensor.empty(%{{.*}}) : tensor<2x?x3xf32>
// CHECK: scf.for %[[K:.*]] = {{.*}} iter_args(%[[RESULT:.*]] = %[[INIT]],
// CHECK:   tensor.insert_slice %{{.*}} into %[[RESULT]][0, %[[K]], 0] [%{{.*}}, 1, %{{.*}}] [1, 1, 1] : tensor<?x?xf32> into tensor<2x?x3xf32>
func.func @stack(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x?x3xf32> {
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> !onnx.seq<tensor<2x3xf32>>
  %1 = onnx.ConcatFromSequence %0 {axis = 1 : i64, new_axis = 1 : i64} : (!onnx.seq<tensor<2x3xf32>>) -> tensor<2x?x3xf32>
  return %1 : tensor<2x?x3xf32>
}
