//===- Text.td - Operators on token sequences ----------------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_TEXT_TD
#define ONNXC_DIALECT_ONNX_IR_TEXT_TD

def ONNX_TfIdfVectorizerOp : ONNX_Op<"TfIdfVectorizer"> {
  let summary = "ONNX TfIdfVectorizer: weighted counts of n-grams of integers";
  let description = [{
    `X` is [C] or [N, C] token ids; the result is [max(ngram_indexes) + 1]
    or [N, max(ngram_indexes) + 1] f32. `pool_int64s` lists the 1-grams,
    then the 2-grams..., the n-grams of size n starting at
    ngram_counts[n - 1]; the i-th n-gram of the pool is counted at
    Y[ngram_indexes[i]]. An n-gram of size n in [min_gram_length,
    max_gram_length] matches tokens that are 1 to max_skip_count + 1 apart
    (a 1-gram is counted once). `mode` TF yields the counts, IDF
    weights[j] where the count at j is not 0, TFIDF the count times
    weights[j]; without `weights` they are all 1. String pools are not
    supported (the importer rejects them).
  }];
  let arguments = (ins TensorOf<[I32, I64]>:$X,
                   ONNX_IntAttr:$max_gram_length,
                   ONNX_IntAttr:$min_gram_length,
                   ONNX_IntAttr:$max_skip_count,
                   StrAttr:$mode,
                   ONNX_IntsAttr:$ngram_counts,
                   ONNX_IntsAttr:$ngram_indexes,
                   ONNX_IntsAttr:$pool_int64s,
                   OptionalAttr<F32ArrayAttr>:$weights);
  let results = (outs TensorOf<[F32]>:$Y);
  let hasVerifier = 1;
  let assemblyFormat = "$X attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// One n-gram of the pool that the op counts, with the output index its
    /// matches are counted at.
    struct NGram {
      ::llvm::SmallVector<int64_t> tokens;
      int64_t outputIndex;
    };
    /// The n-grams of the pool whose size lies in [min_gram_length,
    /// max_gram_length]. Of equal n-grams the last in the pool is kept, as
    /// ONNX's reference counts a match once, at that one's output index.
    ::llvm::SmallVector<NGram> getCountedNGrams();
    /// max(ngram_indexes) + 1, the size of the result's last dim.
    int64_t getOutputSize();
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_TEXT_TD
