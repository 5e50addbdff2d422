// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg | FileCheck %s

// TfIdfVectorizer on one row: counts per pool n-gram over (start, skip
// distance), with the first token read through the maps and the second in
// the body (clamped into the row); the counts are summed into their output
// indexes and weighted (TFIDF: count * weight).
// CHECK-DAG: #[[TOKEN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2)>
// CHECK-DAG: #[[DIST:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[NGRAM:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @tfidf
// CHECK: %[[ROW:.*]] = tensor.expand_shape %arg0
// CHECK-DAG: %[[DISTANCES:.*]] = arith.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
// CHECK-DAG: %[[LENGTHS:.*]] = arith.constant dense<[1, 1, 1, 1, 2, 2, 2]> : tensor<7xi64>
// CHECK-DAG: %[[FIRST:.*]] = arith.constant dense<[2, 3, 5, 4, 5, 7, 6]> : tensor<7xi64>
// CHECK-DAG: %[[SECOND:.*]] = arith.constant dense<[0, 0, 0, 0, 6, 8, 7]> : tensor<7xi64>
// CHECK: %[[COUNTS:.*]] = linalg.generic {indexing_maps = [#[[TOKEN]], #[[DIST]], #[[NGRAM]], #[[NGRAM]], #[[NGRAM]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[ROW]], %[[DISTANCES]], %[[LENGTHS]], %[[FIRST]], %[[SECOND]] : {{.*}}) outs(%{{.*}} : tensor<1x7xi64>)
// CHECK: tensor.extract %[[ROW]]
// CHECK: %[[FREQ:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[COUNTS]], %{{.*}} : tensor<1x7xi64>, tensor<7xi64>) outs(%{{.*}} : tensor<1x7xi64>)
// CHECK: %[[WEIGHTED:.*]] = linalg.generic {{.*}} ins(%[[FREQ]], %{{.*}} : tensor<1x7xi64>, tensor<7xf32>) outs(%{{.*}} : tensor<1x7xf32>)
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: tensor.collapse_shape %[[WEIGHTED]] {{.*}} : tensor<1x7xf32> into tensor<7xf32>
func.func @tfidf(%x: tensor<12xi32>) -> tensor<7xf32> {
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 2 : i64, max_skip_count = 5 : i64, min_gram_length = 1 : i64, mode = "TFIDF", ngram_counts = [0, 4], ngram_indexes = [0, 1, 2, 3, 4, 5, 6], pool_int64s = [2, 3, 5, 4, 5, 6, 7, 8, 6, 7], weights = [1.0 : f32, 2.0 : f32, 3.0 : f32, 4.0 : f32, 5.0 : f32, 6.0 : f32, 7.0 : f32]} : (tensor<12xi32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// IDF yields the weight where an n-gram was seen; n-grams outside
// [min_gram_length, max_gram_length] are not counted (here the 1-grams),
// and of equal n-grams the last one's output index counts.
// CHECK-LABEL: func.func @idf_batch
// CHECK-DAG: arith.constant dense<[5, 7]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense<[6, 8]> : tensor<2xi64>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x2xi64>)
// CHECK: arith.constant dense<[1, 3]> : tensor<2xi64>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x4xi64>)
// CHECK: %[[SEEN:.*]] = arith.cmpi sgt
// CHECK: arith.select %[[SEEN]]
func.func @idf_batch(%x: tensor<?x6xi64>) -> tensor<?x4xf32> {
  %0 = onnx.TfIdfVectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 2 : i64, mode = "IDF", ngram_counts = [0, 2], ngram_indexes = [0, 1, 2, 3, 1], pool_int64s = [2, 3, 5, 6, 7, 8, 5, 6], weights = [1.0 : f32, 2.0 : f32, 3.0 : f32, 4.0 : f32]} : (tensor<?x6xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
