// RUN: onnxc-opt %s --split-input-file --onnx-vectorize-elementwise="vector-bits=256" | FileCheck %s

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#channel = affine_map<(d0, d1, d2, d3) -> (d1)>

// An NCHW activation with a per-channel bias: H and W collapse into one loop
// of 5*7 = 35 elements, run as 4 steps of 8 lanes and a peeled step of 3.
// CHECK-LABEL: func @bias_relu
// CHECK-NOT: linalg.generic
// CHECK: memref.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : memref<2x4x5x7xf32> into memref<2x4x35xf32>
// CHECK: scf.for {{.*}} to %c32 step %c8
// CHECK: arith.maximumf {{.*}} : vector<1x1x8xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x1x3xf32>
func.func @bias_relu(%x: memref<2x4x5x7xf32>, %b: memref<4xf32>, %y: memref<2x4x5x7xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id4, #channel, #id4],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %b : memref<2x4x5x7xf32>, memref<4xf32>) outs(%y : memref<2x4x5x7xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#id1 = affine_map<(d0) -> (d0)>

// Booleans stay scalar: a vector of i1 is packed into bits, a buffer is not.
// CHECK-LABEL: func @booleans
// CHECK: linalg.generic
// CHECK-NOT: vector.transfer_read
func.func @booleans(%a: memref<64xi1>, %b: memref<64xi1>, %c: memref<64xi1>) {
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%a, %b : memref<64xi1>, memref<64xi1>) outs(%c : memref<64xi1>) {
  ^bb0(%x: i1, %y: i1, %o: i1):
    %r = arith.andi %x, %y : i1
    linalg.yield %r : i1
  }
  return
}

// -----

#id1 = affine_map<(d0) -> (d0)>

// A dynamic extent: whole vectors, then the rest one element at a time.
// The whole vectors run on the thread pool when the run finds at least 16K
// elements.
// CHECK-LABEL: func @dynamic
// CHECK: %[[LARGE:.*]] = arith.cmpi sge, %{{.*}}, %c16384 : index
// CHECK: scf.if %[[LARGE]] {
// CHECK:   scf.parallel
// CHECK:     vector.transfer_write {{.*}} : vector<8xf32>
// CHECK: } else {
// CHECK:   scf.for
// CHECK:     vector.transfer_write {{.*}} : vector<8xf32>
// CHECK: linalg.generic {{.*}} ins({{.*}} : memref<?xf32, strided<[1], offset: ?>>)
func.func @dynamic(%a: memref<?xf32>, %c: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%a : memref<?xf32>) outs(%c : memref<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = math.exp %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Broadcasts that only the run could decide, bufferized: each operand is
// read at its rows clamped to its last row. %a has as many rows as the loop
// (%n): it becomes an operand, read with whole vectors. %b's rows are
// clamped to a size of their own (%m, a broadcast the run decides): it
// stays a load in the body.
// CHECK-LABEL: func @clamped_reads
// CHECK: %[[LASTB:.*]] = arith.subi %arg1, %c1
// CHECK-NOT: vector.gather
// CHECK: %[[A:.*]] = vector.transfer_read %{{.*}} : memref<1x8xf32, strided<[8, 1], offset: ?>>, vector<1x8xf32>
// CHECK: arith.mulf %[[A]], %[[A]] : vector<1x8xf32>
// CHECK: linalg.generic
// CHECK: arith.minui %{{.*}}, %[[LASTB]]
// CHECK: memref.load %alloc_0
func.func @clamped_reads(%n: index, %m: index) -> (memref<?x8xf32>, memref<?x8xf32>) {
  %c1 = arith.constant 1 : index
  %a = memref.alloc(%n) : memref<?x8xf32>
  %b = memref.alloc(%m) : memref<?x8xf32>
  %c = memref.alloc(%n) : memref<?x8xf32>
  %d = memref.alloc(%n) : memref<?x8xf32>
  %lastA = arith.subi %n, %c1 : index
  %lastB = arith.subi %m, %c1 : index
  linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]}
      outs(%c : memref<?x8xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ia = arith.minui %i, %lastA : index
    %x = memref.load %a[%ia, %j] : memref<?x8xf32>
    %r = arith.mulf %x, %x : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]}
      outs(%d : memref<?x8xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ib = arith.minui %i, %lastB : index
    %y = memref.load %b[%ib, %j] : memref<?x8xf32>
    linalg.yield %y : f32
  }
  return %c, %d : memref<?x8xf32>, memref<?x8xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Large enough to share among threads: the outermost loop of steps becomes
// an scf.parallel.
// CHECK-LABEL: func @large
// CHECK: scf.parallel
// CHECK: math.tanh {{.*}} : vector<1x8xf32>
func.func @large(%a: memref<64x1024xf32, strided<[2048, 1]>>, %c: memref<64x1024xf32>) {
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<64x1024xf32, strided<[2048, 1]>>) outs(%c : memref<64x1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = math.tanh %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#nchw = affine_map<(n, c, h, w) -> (n, c, h, w)>
#scale = affine_map<(n, c, h, w) -> (n, c, 0, 0)>

// An operand indexed by constant zeros (a [N, C, 1, 1] scale) is read
// through a view without those dimensions; H and W then collapse and
// vectorise as for any per-channel operand.
// CHECK-LABEL: func @constant_indices
// CHECK: %[[SCALE:.*]] = memref.subview %arg0[0, 0, 0, 0] [1, 4, 1, 1] [1, 1, 1, 1] : memref<1x4x1x1xf32> to memref<1x4xf32
// CHECK: memref.collapse_shape %arg1 {{\[}}[0], [1], [2, 3]] : memref<1x4x4x4xf32> into memref<1x4x16xf32>
// CHECK: %[[ONE:.*]] = memref.subview %[[SCALE]]
// CHECK: %[[BROADCAST:.*]] = vector.transfer_read %[[ONE]]{{.*}} : memref<1x1xf32, {{.*}}>, vector<1x1x8xf32>
// CHECK: arith.mulf %[[BROADCAST]], %{{.*}} : vector<1x1x8xf32>
// CHECK-NOT: linalg.generic
func.func @constant_indices(%s: memref<1x4x1x1xf32>, %x: memref<1x4x4x4xf32>,
                            %y: memref<1x4x4x4xf32>) {
  linalg.generic {indexing_maps = [#scale, #nchw, #nchw],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s, %x : memref<1x4x1x1xf32>, memref<1x4x4x4xf32>) outs(%y : memref<1x4x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#tap = affine_map<(c, m, x) -> (c, x)>
#weight = affine_map<(c, m, x) -> (c, m)>
#out3 = affine_map<(c, m, x) -> (c, m, x)>

// A depthwise convolution's tap read along stride 2 (a stride-2 window) and
// broadcast over the channel multiplier: the span and a shuffle, as for a
// plain strided read, not one insert per lane.
// CHECK-LABEL: func @strided_tap
// CHECK: %[[WIDE:.*]] = vector.load %{{.*}} : memref<15xf32, strided<[1], offset: ?>>, vector<15xf32>
// CHECK: vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK-NOT: vector.transfer_read {{.*}} strided<[{{.*}}, 2]
func.func @strided_tap(%tap: memref<4x8xf32, strided<[32, 2]>>, %w: memref<4x1xf32>,
                       %out: memref<4x1x8xf32>) {
  linalg.generic {indexing_maps = [#tap, #weight, #out3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tap, %w : memref<4x8xf32, strided<[32, 2]>>, memref<4x1xf32>)
      outs(%out : memref<4x1x8xf32>) {
  ^bb0(%x: f32, %k: f32, %o: f32):
    %p = arith.mulf %x, %k : f32
    linalg.yield %p : f32
  }
  return
}

// -----

// Data movement that bufferization leaves (a pad's interior copied into its
// border, im2col's strided rows, a bias broadcast into an accumulator) is
// vectorised like any elementwise op rather than left to scalar loops. A
// read along stride 2 loads the 11 elements it spans and keeps every
// other one.
// CHECK-LABEL: func @data_movement
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.broadcast
// CHECK-NOT: linalg.map
// CHECK: %[[SPAN:.*]] = memref.reinterpret_cast {{.*}} to memref<11xf32, strided<[1], offset: ?>>
// CHECK: %[[WIDE:.*]] = vector.load %[[SPAN]][%{{.*}}] : memref<11xf32, strided<[1], offset: ?>>, vector<11xf32>
// CHECK: %[[EVEN:.*]] = vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6, 8, 10]
// CHECK: %[[ROW:.*]] = vector.shape_cast %[[EVEN]] : vector<6xf32> to vector<1x6xf32>
// CHECK: vector.transfer_write %[[ROW]], {{.*}} : vector<1x6xf32>, memref<1x6xf32
// CHECK: vector.transfer_read {{.*}} : memref<1xf32, {{.*}}>, vector<1x8xf32>
// CHECK: vector.transfer_write {{.*}} : vector<1x8xf32>, memref<1x8xf32
// CHECK: vector.transfer_write {{.*}} : vector<8xf32>, memref<8xf32
func.func @data_movement(%strided: memref<4x6xf32, strided<[16, 2]>>, %rows: memref<4x6xf32>,
                         %bias: memref<4xf32>, %acc: memref<4x8xf32>, %border: memref<4x8xf32>) {
  memref.copy %strided, %rows : memref<4x6xf32, strided<[16, 2]>> to memref<4x6xf32>
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%acc : memref<4x8xf32>) dimensions = [1]
  %zero = arith.constant 0.0 : f32
  linalg.map outs(%border : memref<4x8xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  return
}

// -----

// A transpose that moves the innermost dim (an attention's K^T): steps are
// 8x8 blocks, read along the input's rows (a transposing transfer, later a
// read of rows and a shuffle) and written along the output's, instead of
// one output row at a time read with a gather. The rows that do not fill a
// block are peeled in both dims.
// CHECK-LABEL: func @transpose_blocks
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} permutation_map = {{.*}} : memref<8x8xf32, strided<[36, 1], {{.*}}>>, vector<8x8xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x8xf32>, memref<8x8xf32
func.func @transpose_blocks(%x: memref<20x36xf32>, %y: memref<36x20xf32>) {
  linalg.transpose ins(%x : memref<20x36xf32>) outs(%y : memref<36x20xf32>) permutation = [1, 0]
  return
}

// -----

#nchw = affine_map<(n, c, h, w) -> (n, c, h, w)>
#nc = affine_map<(n, c, h, w) -> (n, c)>

// A sum over H and W (a global average pool's numerator): H and W collapse
// into one reduction loop, stepped through 8 elements at a time with 8
// partial sums in a vector, which one reassociating reduction then adds to
// the output. One channel at a time.
// CHECK-LABEL: func @sum_pool
// CHECK: scf.for %[[C:.*]] = %c0 to %c4 step %c1
// CHECK:   %[[PARTIALS:.*]] = scf.for %[[R:.*]] = %c0 to %c64 step %c8 iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<8xf32>)
// CHECK:     %[[X:.*]] = vector.transfer_read %{{.*}}[%c0, %c0, %[[R]]]{{.*}} : memref<1x1x64xf32, {{.*}}>, vector<8xf32>
// CHECK:     %[[SUM:.*]] = arith.addf %[[X]], %[[ACC]] : vector<8xf32>
// CHECK:     scf.yield %[[SUM]]
// CHECK:   %[[TOTAL:.*]] = vector.reduction <add>, %[[PARTIALS]] fastmath<reassoc> : vector<8xf32> into f32
// CHECK:   %[[OLD:.*]] = memref.load
// CHECK:   %[[NEW:.*]] = arith.addf %[[OLD]], %[[TOTAL]] : f32
// CHECK:   memref.store %[[NEW]]
// CHECK-NOT: linalg.generic
func.func @sum_pool(%x: memref<1x4x8x8xf32>, %y: memref<1x4xf32>) {
  linalg.generic {indexing_maps = [#nchw, #nc],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x : memref<1x4x8x8xf32>) outs(%y : memref<1x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#rows = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>

// A LayerNorm's variance, rows only the run counts: the mean is broadcast
// into the vector steps; the 4 elements left after two steps of 8 are the op
// itself on the rows' tails.
// CHECK-LABEL: func @variance
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1
// CHECK:   scf.for {{.*}} to %c16 step %c8 iter_args({{.*}}) -> (vector<8xf32>)
// CHECK:     %[[MEAN:.*]] = memref.load
// CHECK:     %[[MEANS:.*]] = vector.broadcast %[[MEAN]] : f32 to vector<8xf32>
// CHECK:     arith.subf %{{.*}}, %[[MEANS]] : vector<8xf32>
// CHECK:   vector.reduction <add>
// CHECK:   memref.store
// CHECK:   %[[TAIL:.*]] = memref.subview %{{.*}}[0, 16] [1, 4] [1, 1]
// CHECK:   linalg.generic {{.*}} ins(%[[TAIL]], %{{.*}} : memref<1x4xf32
func.func @variance(%x: memref<?x20xf32>, %mean: memref<?xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#rows, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %mean : memref<?x20xf32>, memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %m: f32, %o: f32):
    %d = arith.subf %a, %m : f32
    %sq = arith.mulf %d, %d : f32
    %s = arith.addf %sq, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#rows = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#cols = affine_map<(i, j) -> (j, i)>

// A softmax's maximum over a length only the run knows: whole steps up to a
// multiple of 8, then the rest. A reduction over the outer loop is left
// alone.
// CHECK-LABEL: func @dynamic_maximum
// CHECK: %[[WHOLE:.*]] = affine.apply {{.*}}()[%{{.*}}]
// CHECK: scf.for {{.*}} to %[[WHOLE]] step %c8 iter_args({{.*}}) -> (vector<8xf32>)
// CHECK:   arith.maximumf {{.*}} : vector<8xf32>
// CHECK: vector.reduction <maximumf>
// CHECK: linalg.generic
// CHECK: arith.maximumf {{.*}} : f32
// CHECK-LABEL: func @outer_reduction
// CHECK: linalg.generic
// CHECK-NOT: vector.reduction
func.func @dynamic_maximum(%x: memref<4x?xf32>, %y: memref<4xf32>) {
  linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x?xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %o : f32
    linalg.yield %m : f32
  }
  return
}

func.func @outer_reduction(%x: memref<64x4xf32>, %y: memref<4xf32>) {
  linalg.generic {indexing_maps = [#cols, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<64x4xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A fill of 256 KiB or more (a padded image's zeros) runs on the thread pool
// as 8 fills of contiguous chunks, the last one shorter; a smaller fill
// stays one.
// CHECK-LABEL: func @large_fill
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[CHUNK:.*]] = arith.constant 37632 : index
// CHECK-DAG: %[[END:.*]] = arith.constant 301056 : index
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %arg0 {{\[}}[0, 1, 2]] : memref<3x224x448xf32> into memref<301056xf32>
// CHECK: scf.parallel (%[[BEGIN:.*]]) = (%{{.*}}) to (%[[END]]) step (%[[CHUNK]])
// CHECK: %[[SIZE:.*]] = affine.min #{{.*}}(%[[BEGIN]])
// CHECK: %[[PART:.*]] = memref.subview %[[FLAT]][%[[BEGIN]]] [%[[SIZE]]] [1]
// CHECK: linalg.fill ins(%[[ZERO]] : f32) outs(%[[PART]] : memref<?xf32, strided<[1], offset: ?>>)
// CHECK: linalg.fill ins(%[[ZERO]] : f32) outs(%arg1 : memref<16x1024xf32>)
// CHECK-NOT: scf.parallel
func.func @large_fill(%big: memref<3x224x448xf32>, %small: memref<16x1024xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%big : memref<3x224x448xf32>)
  linalg.fill ins(%zero : f32) outs(%small : memref<16x1024xf32>)
  return
}

// -----

// The size counts in bytes: 2^17 bytes of i8 stay one fill, 2^18 of them
// are split.
// CHECK-LABEL: func @large_fill_bytes
// CHECK-NOT: scf.parallel
// CHECK: linalg.fill ins(%{{.*}} : i8) outs(%arg0 : memref<256x512xi8>)
// CHECK: scf.parallel
// CHECK: linalg.fill ins(%{{.*}} : i8) outs(%{{.*}} : memref<?xi8, strided<[1], offset: ?>>)
func.func @large_fill_bytes(%small: memref<256x512xi8>, %big: memref<512x512xi8>) {
  %zero = arith.constant 0 : i8
  linalg.fill ins(%zero : i8) outs(%small : memref<256x512xi8>)
  linalg.fill ins(%zero : i8) outs(%big : memref<512x512xi8>)
  return
}
