// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @mixed_element_types(%x: tensor<2xf32>, %y: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.SequenceConstruct' op cannot hold tensors of 'f32' and 'i64' in one sequence}}
  %0 = onnx.SequenceConstruct %x, %y : (tensor<2xf32>, tensor<2xi64>) -> !onnx.seq<tensor<*xf32>>
  return
}

// -----

func.func @insert_other_element_type(%x: tensor<2xi64>) {
  %0 = onnx.SequenceEmpty {dtype = f32} : !onnx.seq<tensor<*xf32>>
  // expected-error @+1 {{'onnx.SequenceInsert' op inserts a tensor of 'i64' into a sequence of 'f32'}}
  %1 = onnx.SequenceInsert %0, %x : (!onnx.seq<tensor<*xf32>>, tensor<2xi64>) -> !onnx.seq<tensor<2xi64>>
  return
}

// -----

func.func @position_not_scalar(%s: !onnx.seq<tensor<2xf32>>, %p: tensor<1xi64>) {
  // expected-error @+1 {{'onnx.SequenceAt' op 'position' must be a scalar, got 'tensor<1xi64>'}}
  %0 = onnx.SequenceAt %s, %p : (!onnx.seq<tensor<2xf32>>, tensor<1xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @declared_element_type_contradicts(%s: !onnx.seq<tensor<2xf32>>, %p: tensor<i64>) {
  // expected-error @+1 {{'onnx.SequenceErase' op result #0 has type '!onnx.seq<tensor<3xf32>>', which contradicts the type '!onnx.seq<tensor<2xf32>>' that the operands give}}
  %0 = onnx.SequenceErase %s, %p : (!onnx.seq<tensor<2xf32>>, tensor<i64>) -> !onnx.seq<tensor<3xf32>>
  return
}

// -----

func.func @split_matrix(%x: tensor<4xf32>, %s: tensor<2x2xi64>) {
  // expected-error @+1 {{'onnx.SplitToSequence' op 'split' must be a scalar or 1-D, got 'tensor<2x2xi64>'}}
  %0 = onnx.SplitToSequence %x, %s : (tensor<4xf32>, tensor<2x2xi64>) -> !onnx.seq<tensor<?xf32>>
  return
}

// -----

func.func @split_zero(%x: tensor<4xf32>) {
  %zero = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  // expected-error @+1 {{'onnx.SplitToSequence' op 'split' has a size of 0}}
  %0 = onnx.SplitToSequence %x, %zero : (tensor<4xf32>, tensor<i64>) -> !onnx.seq<tensor<?xf32>>
  return
}

// -----

func.func @concat_axis_out_of_range(%s: !onnx.seq<tensor<2x3xf32>>) {
  // expected-error @+1 {{'onnx.ConcatFromSequence' op axis 2 is out of range for elements of rank 2}}
  %0 = onnx.ConcatFromSequence %s {axis = 2 : i64} : (!onnx.seq<tensor<2x3xf32>>) -> tensor<*xf32>
  return
}

// -----

func.func @result_not_a_sequence(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.SequenceConstruct' op result #0 must be An ONNX sequence of tensors, but got 'tensor<2xf32>'}}
  %0 = onnx.SequenceConstruct %x : (tensor<2xf32>) -> tensor<2xf32>
  return
}
