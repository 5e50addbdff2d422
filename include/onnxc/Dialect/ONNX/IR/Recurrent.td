//===- Recurrent.td - RNN, GRU and LSTM ----------------------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_RECURRENT_TD
#define ONNXC_DIALECT_ONNX_IR_RECURRENT_TD

// The three recurrent ops share operands, attributes and their shape rule;
// they differ in the number of gates per hidden unit, the optional operands
// of their cell (initial_c and P for LSTM) and a few cell attributes.
//
// Every result is always present: the importer binds those the node names,
// and the ones nothing reads are dead. Optional operands that the model
// leaves out take ONNX's defaults in the lowering (zero biases, zero initial
// states, zero peepholes, every sequence of full length).
class ONNX_RecurrentOp<string mnemonic, int numGates,
                       string defaultActivations, dag cellOperands,
                       string cellOperandsFormat,
                       dag cellAttributes, dag cellResults>
    : ONNX_Op<mnemonic, [AttrSizedOperandSegments]> {
  let arguments = !con(
      (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W, ONNX_FloatTensor:$R,
           Optional<ONNX_FloatTensor>:$B,
           Optional<TensorOf<[I32]>>:$sequence_lens,
           Optional<ONNX_FloatTensor>:$initial_h),
      cellOperands,
      (ins OptionalAttr<F32ArrayAttr>:$activation_alpha,
           OptionalAttr<F32ArrayAttr>:$activation_beta,
           OptionalAttr<StrArrayAttr>:$activations,
           OptionalAttr<F32Attr>:$clip,
           DefaultValuedStrAttr<StrAttr, "forward">:$direction,
           OptionalAttr<ONNX_IntAttr>:$hidden_size,
           DefaultValuedAttr<ONNX_IntAttr, "0">:$layout),
      cellAttributes);
  let results = !con((outs ONNX_FloatTensor:$Y, ONNX_FloatTensor:$Y_h),
                     cellResults);
  let assemblyFormat = "$X `,` $W `,` $R (`B` `(` $B^ `)`)? "
      "(`sequence_lens` `(` $sequence_lens^ `)`)? "
      "(`initial_h` `(` $initial_h^ `)`)? " # cellOperandsFormat #
      " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Gates per hidden unit: the rows of W and R are numGates x hidden_size.
    static constexpr int64_t kNumGates = }] # numGates # [{;

    /// ONNX's activation functions (f, g[, h]) of one direction when the
    /// node has no `activations`.
    static ::llvm::ArrayRef<::llvm::StringLiteral> getDefaultActivations() {
      static constexpr ::llvm::StringLiteral names[] = {}] #
          defaultActivations # [{};
      return names;
    }

    /// 2 for "bidirectional", else 1.
    int64_t getNumDirections() {
      return getDirection() == "bidirectional" ? 2 : 1;
    }
  }];
}

def ONNX_RNNOp : ONNX_RecurrentOp<"RNN", 1, [{"Tanh"}], (ins), "",
    (ins), (outs)> {
  let summary = "ONNX RNN: Elman recurrent network, H = f(X Wi + H Ri + b)";
  let description = [{
    X is (seq_length x batch x input_size), or batch-major with layout = 1.
    W, R and B hold one set of weights per direction. Y is (seq_length x
    num_directions x batch x hidden_size); Y_h the last hidden state of each
    direction. The default activation is Tanh.
  }];
}

def ONNX_GRUOp : ONNX_RecurrentOp<"GRU", 3, [{"Sigmoid", "Tanh"}], (ins), "",
    (ins DefaultValuedAttr<ONNX_IntAttr, "0">:$linear_before_reset), (outs)> {
  let summary = "ONNX GRU: gated recurrent unit, gates z, r, h";
  let description = [{
    The rows of W and R are the update, reset and hidden gates in that order.
    With linear_before_reset the reset gate scales (H Rh + Rbh) instead of H.
    The default activations are Sigmoid for the gates, Tanh for the hidden
    state.
  }];
}

def ONNX_LSTMOp : ONNX_RecurrentOp<"LSTM", 4, [{"Sigmoid", "Tanh", "Tanh"}],
    (ins Optional<ONNX_FloatTensor>:$initial_c, Optional<ONNX_FloatTensor>:$P),
    "(`initial_c` `(` $initial_c^ `)`)? (`P` `(` $P^ `)`)?",
    (ins DefaultValuedAttr<ONNX_IntAttr, "0">:$input_forget),
    (outs ONNX_FloatTensor:$Y_c)> {
  let summary = "ONNX LSTM: long short-term memory, gates i, o, f, c";
  let description = [{
    The rows of W and R are the input, output, forget and cell gates in that
    order; P holds the peepholes of the input, output and forget gates. With
    input_forget the input and forget gates are coupled (f = 1 - i). The
    default activations are Sigmoid for the gates, Tanh for the cell and the
    hidden state. Y_c is the last cell state of each direction.
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_RECURRENT_TD
