// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// TfIdfVectorizer: [C] -> [max(ngram_indexes) + 1], [N, C] -> [N, ...].
// CHECK-LABEL: func @tfidf
func.func @tfidf(%x: tensor<12xi32>, %batch: tensor<?x6xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: onnx.TfIdfVectorizer {{.*}} -> tensor<7xf32>
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 2 : i64, mode = "TF", ngram_counts = [0, 4], ngram_indexes = [0, 1, 2, 3, 4, 5, 6], pool_int64s = [2, 3, 5, 4, 5, 6, 7, 8, 6, 7]} : (tensor<12xi32>) -> tensor<*xf32>
  // CHECK: onnx.TfIdfVectorizer {{.*}} -> tensor<?x3xf32>
  %1 = onnx.TfIdfVectorizer %batch {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "IDF", ngram_counts = [0], ngram_indexes = [2, 0], pool_int64s = [4, 5], weights = [1.0 : f32, 2.0 : f32, 3.0 : f32]} : (tensor<?x6xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
