// RUN: onnxc-opt --split-input-file %s --onnx-fold-constant-transposes | FileCheck %s

// A dense constant: the new constant holds the elements in the transposed
// order.
// CHECK-LABEL: func.func @dense
// CHECK: %[[C:.*]] = arith.constant dense_resource<transposed> : tensor<3x2xi32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[C]]
// CHECK: transposed: "0x40000000010000000400000002000000050000000300000006000000"
func.func @dense() -> tensor<3x2xi32> {
  %c = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %e = tensor.empty() : tensor<3x2xi32>
  %t = linalg.transpose ins(%c : tensor<2x3xi32>) outs(%e : tensor<3x2xi32>) permutation = [1, 0]
  return %t : tensor<3x2xi32>
}

// -----

// A weight resource sliced to one direction (dim 0 dropped) and transposed:
// the slice's offset picks the second 2x2 matrix, [[4, 5], [6, 7]].
// CHECK-LABEL: func.func @resource_slice
// CHECK: %[[C:.*]] = arith.constant dense_resource<transposed> : tensor<2x2xf32>
// CHECK: return %[[C]]
// CHECK: transposed: "0x40000000000080400000C0400000A0400000E040"
func.func @resource_slice() -> tensor<2x2xf32> {
  %w = arith.constant dense_resource<weights> : tensor<2x2x2xf32>
  %s = tensor.extract_slice %w[1, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2x2xf32> to tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %t = linalg.transpose ins(%s : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) permutation = [1, 0]
  return %t : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x04000000000000000000803F0000004000004040000080400000A0400000C0400000E040"
    }
  }
#-}

// -----

// The last 2 of 3 rows of a weight [[1, 2], [3, 4], [5, 6]], each row split
// into 2 columns of 1 and transposed: [[[3], [5]], [[4], [6]]]. The slice
// moves the base by a row, the expansion keeps the weight's strides.
// CHECK-LABEL: func.func @resource_slice_expanded
// CHECK: %[[C:.*]] = arith.constant dense_resource<transposed> : tensor<2x2x1xf32>
// CHECK: return %[[C]]
// CHECK: transposed: "0x40000000000040400000A040000080400000C040"
func.func @resource_slice_expanded() -> tensor<2x2x1xf32> {
  %w = arith.constant dense_resource<rows> : tensor<3x2xf32>
  %s = tensor.extract_slice %w[1, 0] [2, 2] [1, 1] : tensor<3x2xf32> to tensor<2x2xf32>
  %x = tensor.expand_shape %s [[0], [1, 2]] output_shape [2, 2, 1] : tensor<2x2xf32> into tensor<2x2x1xf32>
  %e = tensor.empty() : tensor<2x2x1xf32>
  %t = linalg.transpose ins(%x : tensor<2x2x1xf32>) outs(%e : tensor<2x2x1xf32>) permutation = [1, 0, 2]
  return %t : tensor<2x2x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      rows: "0x040000000000803F0000004000004040000080400000A0400000C040"
    }
  }
#-}

// -----

// A splat stays a splat, of the transposed type.
// CHECK-LABEL: func.func @splat
// CHECK: %[[C:.*]] = arith.constant dense<1.500000e+00> : tensor<3x2x4xf32>
// CHECK: return %[[C]]
func.func @splat() -> tensor<3x2x4xf32> {
  %c = arith.constant dense<1.5> : tensor<2x4x3xf32>
  %e = tensor.empty() : tensor<3x2x4xf32>
  %t = linalg.transpose ins(%c : tensor<2x4x3xf32>) outs(%e : tensor<3x2x4xf32>) permutation = [2, 0, 1]
  return %t : tensor<3x2x4xf32>
}

// -----

// Run-time values, and slices whose offset only the run knows, are left to
// the run.
// CHECK-LABEL: func.func @not_constant
// CHECK-COUNT-2: linalg.transpose
func.func @not_constant(%x: tensor<2x3xf32>, %i: index) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  %c = arith.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]]> : tensor<2x2x3xf32>
  %s = tensor.extract_slice %c[%i, 0, 0] [1, 2, 3] [1, 1, 1] : tensor<2x2x3xf32> to tensor<2x3xf32>
  %u = linalg.transpose ins(%s : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t, %u : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// A weight split into column panels ([K, N] as [K, N / 2, 2], then panel
// first): each panel's rows follow each other.
// CHECK-LABEL: func.func @panels
// CHECK: %[[C:.*]] = arith.constant dense_resource<transposed> : tensor<2x2x2xi32>
// CHECK: return %[[C]]
// CHECK: transposed: "0x400000000000000001000000040000000500000002000000030000000600000007000000"
func.func @panels() -> tensor<2x2x2xi32> {
  %c = arith.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7]]> : tensor<2x4xi32>
  %x = tensor.expand_shape %c [[0], [1, 2]] output_shape [2, 2, 2] : tensor<2x4xi32> into tensor<2x2x2xi32>
  %e = tensor.empty() : tensor<2x2x2xi32>
  %t = linalg.transpose ins(%x : tensor<2x2x2xi32>) outs(%e : tensor<2x2x2xi32>) permutation = [1, 0, 2]
  return %t : tensor<2x2x2xi32>
}
