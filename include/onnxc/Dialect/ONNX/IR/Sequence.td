//===- Sequence.td - Sequence operators ----------------------*- tablegen -*-===//
//
// ONNX's operators on sequences of tensors (`!onnx.seq`). Positions are
// run-time scalars; a negative position counts from the back. ONNX makes a
// position out of range an error; generated code cannot report one yet, so
// the lowering clamps it into range.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_SEQUENCE_TD
#define ONNXC_DIALECT_ONNX_IR_SEQUENCE_TD

def ONNX_PositionTensor : TensorOf<[I32, I64]>;

def ONNX_SequenceEmptyOp : ONNX_Op<"SequenceEmpty"> {
  let summary = "ONNX SequenceEmpty: a sequence without elements";
  let description = [{
    `dtype` is the element type of the tensors the sequence will hold. Its
    element type is unranked: the first insertion decides the shape
    (SequenceInsert's shape rule, and its canonicalisation into
    SequenceConstruct).
  }];
  let arguments = (ins TypeAttr:$dtype);
  let results = (outs ONNX_SeqType:$output);
  let assemblyFormat = "attr-dict `:` qualified(type($output))";
}

def ONNX_SequenceConstructOp : ONNX_Op<"SequenceConstruct"> {
  let summary = "ONNX SequenceConstruct: a sequence of the inputs, in order";
  let arguments = (ins Variadic<ONNX_AnyTensor>:$inputs);
  let results = (outs ONNX_SeqType:$output_sequence);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def ONNX_SequenceInsertOp : ONNX_Op<"SequenceInsert"> {
  let summary = "ONNX SequenceInsert: a sequence with `tensor` inserted";
  let description = [{
    `tensor` is inserted before the element at `position` (in [-n, n]), at
    the back without one.
  }];
  let arguments = (ins ONNX_SeqType:$input_sequence, ONNX_AnyTensor:$tensor,
                   Optional<ONNX_PositionTensor>:$position);
  let results = (outs ONNX_SeqType:$output_sequence);
  let hasCanonicalizer = 1;
  let assemblyFormat = "$input_sequence `,` $tensor (`,` $position^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

def ONNX_SequenceEraseOp : ONNX_Op<"SequenceErase"> {
  let summary = "ONNX SequenceErase: a sequence without the element at `position`";
  let description = [{
    `position` is in [-n, n - 1]; without one the last element is erased.
  }];
  let arguments = (ins ONNX_SeqType:$input_sequence,
                   Optional<ONNX_PositionTensor>:$position);
  let results = (outs ONNX_SeqType:$output_sequence);
  let assemblyFormat = "$input_sequence (`,` $position^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

def ONNX_SequenceAtOp : ONNX_Op<"SequenceAt"> {
  let summary = "ONNX SequenceAt: the element at `position`";
  let arguments = (ins ONNX_SeqType:$input_sequence,
                   ONNX_PositionTensor:$position);
  let results = (outs ONNX_AnyTensor:$tensor);
  let assemblyFormat = "$input_sequence `,` $position attr-dict "
                       "`:` functional-type(operands, results)";
}

def ONNX_SequenceLengthOp : ONNX_Op<"SequenceLength"> {
  let summary = "ONNX SequenceLength: the number of elements, as an i64 scalar";
  let arguments = (ins ONNX_SeqType:$input_sequence);
  let results = (outs TensorOf<[I64]>:$length);
  let assemblyFormat = "$input_sequence attr-dict "
                       "`:` functional-type(operands, results)";
}

def ONNX_SplitToSequenceOp : ONNX_Op<"SplitToSequence"> {
  let summary = "ONNX SplitToSequence: `input` cut along `axis` into a sequence";
  let description = [{
    Without `split`, every element is one slice along `axis`, which
    `keepdims` = 0 drops. A scalar `split` gives each element's size along
    `axis`, the last taking what remains; a 1-D `split` gives the size of
    each element, and `keepdims` is ignored.
  }];
  let arguments = (ins ONNX_AnyTensor:$input,
                   Optional<ONNX_PositionTensor>:$split,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "1">:$keepdims);
  let results = (outs ONNX_SeqType:$output_sequence);
  let assemblyFormat = "$input (`,` $split^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

def ONNX_ConcatFromSequenceOp : ONNX_Op<"ConcatFromSequence"> {
  let summary = "ONNX ConcatFromSequence: the elements joined along `axis`";
  let description = [{
    With `new_axis` = 0 the elements are concatenated along `axis` (in
    [-r, r - 1] for elements of rank r); with `new_axis` = 1 they are stacked
    along a new dim at `axis` (in [-r - 1, r]).
  }];
  let arguments = (ins ONNX_SeqType:$input_sequence, ONNX_IntAttr:$axis,
                   DefaultValuedAttr<ONNX_IntAttr, "0">:$new_axis);
  let results = (outs ONNX_AnyTensor:$concat_result);
  let assemblyFormat = "$input_sequence attr-dict "
                       "`:` functional-type(operands, results)";
}

#endif // ONNXC_DIALECT_ONNX_IR_SEQUENCE_TD
