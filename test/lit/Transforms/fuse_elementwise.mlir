// RUN: onnxc-opt %s --split-input-file --onnx-fuse-elementwise | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>

// The tanh feeding the contraction stays a separate op, so the matmul remains a
// product of two operands; the exp after it and the add after that fuse.
// CHECK-LABEL: func @keeps_contraction_operands
// CHECK: %[[TANH:.*]] = linalg.generic
// CHECK: math.tanh
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}} ins(%[[TANH]], %arg1
// CHECK-NOT: math.tanh
// CHECK: linalg.generic {{.*}} ins(%[[PRODUCT]]
// CHECK: math.exp
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
// CHECK-NOT: linalg.generic
func.func @keeps_contraction_operands(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                                      %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#lhs, #rhs, #out],
                       iterator_types = ["parallel", "parallel", "reduction"]}
         ins(%t, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  %e2 = tensor.empty() : tensor<4x16xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%p : tensor<4x16xf32>) outs(%e2 : tensor<4x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %y = math.exp %v : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%x, %p : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e2 : tensor<4x16xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %y = arith.addf %v, %w : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}

// -----

#nchw = affine_map<(n, c, h, w) -> (n, c, h, w)>
#scale = affine_map<(n, c, h, w) -> (n, c, 0, 0)>

// A squeeze-and-excitation scale: the sigmoid of a [N, C, 1, 1] tensor,
// broadcast over H and W. Fused, it would be computed once per pixel instead
// of once per channel, so it stays apart.
// CHECK-LABEL: func @keeps_broadcast_producers
// CHECK: %[[SIGMOID:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x1x1xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[SIGMOID]], %arg1 : tensor<1x8x1x1xf32>, tensor<1x8x6x6xf32>)
// CHECK-NOT: math.exp
// CHECK: arith.mulf
func.func @keeps_broadcast_producers(%s: tensor<1x8x1x1xf32>,
                                     %x: tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1x8x1x1xf32>
  %g = linalg.generic {indexing_maps = [#nchw, #nchw],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%s : tensor<1x8x1x1xf32>) outs(%e : tensor<1x8x1x1xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    %x1 = math.exp %n : f32
    %d = arith.addf %x1, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<1x8x1x1xf32>
  %e2 = tensor.empty() : tensor<1x8x6x6xf32>
  %y = linalg.generic {indexing_maps = [#scale, #nchw, #nchw],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%g, %x : tensor<1x8x1x1xf32>, tensor<1x8x6x6xf32>) outs(%e2 : tensor<1x8x6x6xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

#bias = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>

// A bias added to a matmul that starts from zeros: the matmul starts from the
// bias, broadcast over the rows, and the add goes.
// CHECK-LABEL: func @bias_as_accumulator
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<16xf32>) outs(%[[EMPTY]] : tensor<4x16xf32>) dimensions = [0]
// CHECK: %[[PRODUCT:.*]] = linalg.matmul ins(%arg0, %arg1 : {{.*}}) outs(%[[INIT]] : tensor<4x16xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[PRODUCT]]
func.func @bias_as_accumulator(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                               %bias: tensor<16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                     outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#bias, #id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%bias, %p : tensor<16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// The addend is a whole tensor, the product's accumulator as it is; but not
// when the product is also read elsewhere, whose value must stay without it.
// CHECK-LABEL: func @addend_as_accumulator
// CHECK: linalg.matmul ins(%arg0, %arg1 : {{.*}}) outs(%arg2 : tensor<4x16xf32>)
// CHECK-LABEL: func @product_read_twice
// CHECK: linalg.fill
// CHECK: %[[PRODUCT:.*]] = linalg.matmul
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg2, %[[PRODUCT]]
// CHECK: return %[[SUM]], %[[PRODUCT]]
func.func @addend_as_accumulator(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                                 %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                     outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%p, %c : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}

func.func @product_read_twice(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                              %c: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                     outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%c, %p : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %s, %p : tensor<4x16xf32>, tensor<4x16xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// An addend computed after the product cannot be where the product starts.
// CHECK-LABEL: func @addend_after_product
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : tensor<4x16xf32>)
// CHECK: math.exp
// CHECK: arith.addf
func.func @addend_after_product(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                                %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                     outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%c : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%p, %x : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%u: f32, %w: f32, %o: f32):
    %r = arith.addf %u, %w : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}
