// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --convert-onnx-to-linalg

// The representation needs the elements' rank; canonicalisation removes the
// SequenceEmpty of an ordinary model, but not one whose elements' rank no
// insertion fixes.
func.func @unknown_rank() -> tensor<i64> {
  // expected-error @below {{cannot lower 'onnx.SequenceEmpty' to linalg: the rank of the sequence's elements is unknown}}
  %0 = onnx.SequenceEmpty {dtype = f32} : !onnx.seq<tensor<*xf32>>
  // expected-error @below {{cannot lower 'onnx.SequenceLength' to linalg}}
  %1 = onnx.SequenceLength %0 : (!onnx.seq<tensor<*xf32>>) -> tensor<i64>
  return %1 : tensor<i64>
}

// -----

func.func @mixed_ranks(%x: tensor<2x3xf32>, %y: tensor<2xf32>) -> tensor<i64> {
  // expected-error @below {{cannot lower 'onnx.SequenceConstruct' to linalg: the rank of the sequence's elements is unknown}}
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2x3xf32>, tensor<2xf32>) -> !onnx.seq<tensor<*xf32>>
  // expected-error @below {{cannot lower 'onnx.SequenceLength' to linalg}}
  %1 = onnx.SequenceLength %0 : (!onnx.seq<tensor<*xf32>>) -> tensor<i64>
  return %1 : tensor<i64>
}
