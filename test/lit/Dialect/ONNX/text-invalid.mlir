// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @mode(%x: tensor<12xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.TfIdfVectorizer' op mode must be TF, IDF or TFIDF, got 'BM25'}}
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "BM25", ngram_counts = [0], ngram_indexes = [0], pool_int64s = [4]} : (tensor<12xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @ragged_pool(%x: tensor<12xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.TfIdfVectorizer' op the pool's 2-grams take 3 elements, not a multiple of 2}}
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = [0, 1], ngram_indexes = [0, 1], pool_int64s = [4, 5, 6, 7]} : (tensor<12xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @few_indexes(%x: tensor<12xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.TfIdfVectorizer' op the pool holds 3 n-grams but ngram_indexes only 2}}
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = [0], ngram_indexes = [0, 1], pool_int64s = [4, 5, 6]} : (tensor<12xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @few_weights(%x: tensor<12xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.TfIdfVectorizer' op weights has 1 values, fewer than the 3 outputs}}
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TFIDF", ngram_counts = [0], ngram_indexes = [2, 0], pool_int64s = [4, 5], weights = [1.0 : f32]} : (tensor<12xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @rank(%x: tensor<2x3x4xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.TfIdfVectorizer' op X must be [C] or [N, C], got 'tensor<2x3x4xi32>'}}
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = [0], ngram_indexes = [0], pool_int64s = [4]} : (tensor<2x3x4xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
