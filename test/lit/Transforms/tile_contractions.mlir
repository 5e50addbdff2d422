// RUN: onnxc-opt %s --split-input-file \
// RUN:   --onnx-tile-contractions="vector-bits=256 register-rows=4 cache-m=8 cache-n=32 cache-k=16" \
// RUN:   | FileCheck %s

// A matmul whose sizes are multiples of the register tile. Within a block, a
// loop over K
// carries the 4x16 accumulator in registers, each step one broadcast and one
// FMA of a 16-wide row per accumulator row; the accumulator is read before
// the reduction loop and written after it.
// Cache blocks (8x32) are the iterations of an scf.forall, for the threads.
// CHECK-LABEL: func @static_matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 16) step (32, 8)
// CHECK: vector.transfer_read {{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: scf.for {{.*}} -> (vector<4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.yield {{.*}} : vector<4x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<4x16xf32>
func.func @static_matmul(%a: tensor<16x64xf32>, %b: tensor<64x64xf32>,
                         %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x64xf32>)
                     outs(%c : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

// Static sizes that are not multiples of the tile: the last tile along each
// dimension is peeled off with its own static shape (3 rows, 5 columns) and
// vectorised as such, without masks.
// CHECK-LABEL: func @static_remainders
// CHECK-NOT: linalg.matmul
// CHECK-NOT: vector.mask
// CHECK-DAG: vector.fma {{.*}} : vector<16xf32>
// CHECK-DAG: vector.fma {{.*}} : vector<5xf32>
// CHECK-DAG: vector.transfer_write {{.*}} : vector<3x16xf32>, tensor<3x16xf32>
// CHECK-DAG: vector.transfer_write {{.*}} : vector<4x5xf32>, tensor<4x5xf32>
// CHECK-DAG: vector.transfer_write {{.*}} : vector<3x5xf32>, tensor<3x5xf32>
func.func @static_remainders(%a: tensor<7x10xf32>, %b: tensor<10x21xf32>,
                             %c: tensor<7x21xf32>) -> tensor<7x21xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<7x10xf32>, tensor<10x21xf32>)
                     outs(%c : tensor<7x21xf32>) -> tensor<7x21xf32>
  return %0 : tensor<7x21xf32>
}

// -----

// 5 cache blocks of 8 rows (and one of 32 columns) would leave one of 2
// threads idle for a block's time. Rows come in register tiles of 4, and 6
// blocks of them would still be 5 of 8 rows, so the columns split in two:
// 10 blocks of 8x16.
// CHECK-LABEL: func @balanced_blocks
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (32, 40) step (16, 8)
func.func @balanced_blocks(%a: tensor<40x1024xf32>, %b: tensor<1024x32xf32>,
                           %c: tensor<40x32xf32>) -> tensor<40x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<40x1024xf32>, tensor<1024x32xf32>)
                     outs(%c : tensor<40x32xf32>) -> tensor<40x32xf32>
  return %0 : tensor<40x32xf32>
}

// -----

// A product too small to be worth a second block (8 rows, 32 columns, 64
// steps of K) keeps its one, which needs no forall.
// CHECK-LABEL: func @small_single_block
// CHECK-NOT: scf.forall
func.func @small_single_block(%a: tensor<8x64xf32>, %b: tensor<64x32xf32>,
                              %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x32xf32>)
                     outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}

// -----

// A dynamic M: the rows that fill register tiles are split from the last
// few, whose number only the run knows. Those are computed one row at a
// time, each as wide as the block (4 accumulators, as many as a full tile
// has), rather than 2 vectors wide.
// CHECK-LABEL: func @dynamic_rows
// CHECK-NOT: vector.mask
// CHECK-NOT: linalg.matmul
// CHECK-DAG: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK-DAG: vector.transfer_write {{.*}} : vector<1x32xf32>, tensor<1x32xf32>
func.func @dynamic_rows(%a: tensor<?x64xf32>, %b: tensor<64x32xf32>,
                        %c: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x64xf32>, tensor<64x32xf32>)
                     outs(%c : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %0 : tensor<?x32xf32>
}

// -----

// Sequences of a dynamic batch and length times a matrix: the rows of all
// sequences are one M loop, whose last few rows only (not each sequence's)
// are computed a row at a time; the result is split back into sequences.
// CHECK-LABEL: func @sequences_as_rows
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x?x64xf32> into tensor<?x64xf32>
// CHECK: scf.forall
// CHECK-DAG: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK-DAG: vector.transfer_write {{.*}} : vector<1x32xf32>, tensor<1x32xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [%{{.*}}, %{{.*}}, 32] : tensor<?x32xf32> into tensor<?x?x32xf32>
func.func @sequences_as_rows(%a: tensor<?x?x64xf32>, %b: tensor<64x32xf32>,
                             %c: tensor<?x?x32xf32>) -> tensor<?x?x32xf32> {
  %0 = linalg.generic {
         indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>,
                          affine_map<(d0, d1, d2, d3) -> (d3, d2)>,
                          affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>],
         iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%a, %b : tensor<?x?x64xf32>, tensor<64x32xf32>)
         outs(%c : tensor<?x?x32xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %m = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x?x32xf32>
  return %0 : tensor<?x?x32xf32>
}

// -----

// A matrix-vector product: its single row is one wide tile, each step one
// broadcast and one FMA of the whole 32-wide row (4 vectors, independent).
// CHECK-LABEL: func @single_row
// CHECK: scf.for {{.*}} -> (vector<1x32xf32>)
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<1x32xf32>, tensor<1x32xf32>
func.func @single_row(%a: tensor<1x64xf32>, %b: tensor<64x32xf32>,
                      %c: tensor<1x32xf32>) -> tensor<1x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x64xf32>, tensor<64x32xf32>)
                     outs(%c : tensor<1x32xf32>) -> tensor<1x32xf32>
  return %0 : tensor<1x32xf32>
}

// -----

// Batch matmul: one batch at a time, same register tiles.
// CHECK-LABEL: func @batch_matmul
// CHECK-NOT: linalg.batch_matmul
// CHECK: vector.fma {{.*}} : vector<16xf32>
func.func @batch_matmul(%a: tensor<3x8x16xf32>, %b: tensor<3x16x32xf32>,
                        %c: tensor<3x8x32xf32>) -> tensor<3x8x32xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x8x16xf32>, tensor<3x16x32xf32>)
                           outs(%c : tensor<3x8x32xf32>) -> tensor<3x8x32xf32>
  return %0 : tensor<3x8x32xf32>
}

// -----

// Integer contractions are left to the generic lowering.
// CHECK-LABEL: func @integer_matmul
// CHECK: linalg.matmul
// CHECK-NOT: vector.
func.func @integer_matmul(%a: tensor<8x16xi32>, %b: tensor<16x32xi32>,
                          %c: tensor<8x32xi32>) -> tensor<8x32xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x16xi32>, tensor<16x32xi32>)
                     outs(%c : tensor<8x32xi32>) -> tensor<8x32xi32>
  return %0 : tensor<8x32xi32>
}

// -----

#a = affine_map<(i, r, n, k) -> (i, k, r)>
#b = affine_map<(i, r, n, k) -> (k, n)>
#c = affine_map<(i, r, n, k) -> (i, r, n)>

// An einsum whose A is read as [K, M] within each batch: once the batch is
// dropped its register tiles are no plain matmul, and are vectorised as a
// vector.contract over the operands as they lie (a row of A per step is 4
// consecutive elements, broadcast one at a time).
// CHECK-LABEL: func @einsum_transposed_lhs
// CHECK: scf.forall
// CHECK: scf.for {{.*}} -> (vector<4x16xf32>)
// CHECK: vector.transfer_read %{{.*}} : tensor<4x64x8xf32>, vector<1x4xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: linalg.generic
func.func @einsum_transposed_lhs(%a: tensor<4x64x8xf32>, %b: tensor<64x40xf32>,
                                 %c: tensor<4x8x40xf32>) -> tensor<4x8x40xf32> {
  %0 = linalg.generic {indexing_maps = [#a, #b, #c],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<4x64x8xf32>, tensor<64x40xf32>) outs(%c : tensor<4x8x40xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8x40xf32>
  return %0 : tensor<4x8x40xf32>
}

// -----

// A product with a weight reads it in panels of 16 columns (the widest
// register tile), [N / 16, K, 16], packed by a transpose that
// onnx-fold-constant-transposes folds; the panel is a batch loop, each
// register tile's rows of B 16 apart instead of 64.
// CHECK-LABEL: func @weight_panels
// CHECK: %[[PACKED:.*]] = linalg.transpose ins(%{{.*}} : tensor<8x4x16xf32>) outs(%{{.*}} : tensor<4x8x16xf32>) permutation = [1, 0, 2]
// CHECK: scf.forall
// CHECK: vector.transfer_read %[[PACKED]]
// CHECK: vector.fma
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<?x4x16xf32> into tensor<?x64xf32>
func.func @weight_panels(%a: tensor<?x8xf32>, %c: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %w = arith.constant dense<1.5> : tensor<8x64xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<?x8xf32>, tensor<8x64xf32>)
                     outs(%c : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// A weight of 40 columns: its first 32 in two panels of 16, the last 8 a
// product of their own that reads the weight as it is.
// CHECK-LABEL: func @weight_panels_and_rest
// CHECK: linalg.transpose ins(%{{.*}} : tensor<8x2x16xf32>) outs(%{{.*}} : tensor<2x8x16xf32>) permutation = [1, 0, 2]
// CHECK: scf.forall
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %arg1[0, 0] [4, 32] [1, 1]
// CHECK: tensor.extract_slice %[[HEAD]][0, 32] [4, 8] [1, 1] : tensor<4x40xf32> to tensor<4x8xf32>
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}} : tensor<8x8xf32>, vector<1x8xf32>
func.func @weight_panels_and_rest(%a: tensor<4x8xf32>, %c: tensor<4x40xf32>) -> tensor<4x40xf32> {
  %w = arith.constant dense<1.5> : tensor<8x40xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x8xf32>, tensor<8x40xf32>)
                     outs(%c : tensor<4x40xf32>) -> tensor<4x40xf32>
  return %0 : tensor<4x40xf32>
}

// -----

// With rows only the run knows, a weight of 40 columns is read as it is:
// splitting off its last 8 columns slowed bufferization down more than it
// sped the run up.
// CHECK-LABEL: func @weight_rest_dynamic_rows
// CHECK-NOT: linalg.transpose
// CHECK: scf.forall
func.func @weight_rest_dynamic_rows(%a: tensor<?x8xf32>, %c: tensor<?x40xf32>) -> tensor<?x40xf32> {
  %w = arith.constant dense<1.5> : tensor<8x40xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<?x8xf32>, tensor<8x40xf32>)
                     outs(%c : tensor<?x40xf32>) -> tensor<?x40xf32>
  return %0 : tensor<?x40xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// A convolution's filters [F, K] (a constant) times its patches [K, P]: the
// product is computed transposed, pixels as the register tile's rows and
// the filters, packed in panels of 16 rows [F / 16, K, 16], as its vectors.
// The accumulator is held as 4 pixels x 16 filters and transposed from and
// to the output's [filters, pixels] once around the reduction loop, which
// is not split in chunks (its transposes would be repeated per chunk).
// CHECK-LABEL: func @filter_panels
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x16x4x4x4xf32>) outs(%{{.*}} : tensor<2x4x4x4x16xf32>) permutation = [0, 2, 3, 4, 1]
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4]] : tensor<2x4x4x4x16xf32> into tensor<2x64x16xf32>
// CHECK: scf.forall
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x16x4xf32>, vector<16x4xf32>
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<16x4xf32> to vector<4x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<4x16xf32> to vector<16x4xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16x4xf32>, tensor<1x1x16x4xf32>
func.func @filter_panels(%patches: tensor<1x64x8xf32>, %c: tensor<1x32x8xf32>) -> tensor<1x32x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x4x4x4xf32>
  %filter = tensor.collapse_shape %w [[0], [1, 2, 3]] : tensor<32x4x4x4xf32> into tensor<32x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%filter, %patches : tensor<32x64xf32>, tensor<1x64x8xf32>) outs(%c : tensor<1x32x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x8xf32>
  return %0 : tensor<1x32x8xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// Filters over a large image (4096 pixels) and few input channels (K = 16)
// stay the rows: the register tile's vectors are pixels, read and written
// whole, and nothing is transposed.
// CHECK-LABEL: func @filter_rows_large_image
// CHECK-NOT: linalg.transpose
// CHECK-NOT: vector.transpose
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.transpose
func.func @filter_rows_large_image(%patches: tensor<1x16x4096xf32>, %c: tensor<1x32x4096xf32>) -> tensor<1x32x4096xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %patches : tensor<32x16xf32>, tensor<1x16x4096xf32>) outs(%c : tensor<1x32x4096xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x4096xf32>
  return %0 : tensor<1x32x4096xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// A convolution whose accumulator starts from its bias, broadcast over the
// image [1, F, H, W] and seen as [1, F, H*W] (then split into panels of
// 16 filters): the broadcast moves before the reshapes and is produced block by
// block inside the scf.forall, each block's bias slice broadcast into the
// block's slice of the output, not the whole output before the loop.
// CHECK-LABEL: func @bias_in_blocks
// CHECK-NOT: linalg.broadcast
// CHECK: %[[PANELS:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1]] output_shape [2, 16] : tensor<32xf32> into tensor<2x16xf32>
// CHECK-NOT: linalg.broadcast
// CHECK: scf.forall ({{.*}}) = ({{.*}}) to ({{.*}}) step ({{.*}}) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   %[[BIAS:.*]] = tensor.extract_slice %[[PANELS]]
// CHECK:   %[[BLOCK:.*]] = tensor.extract_slice %[[OUT]]
// CHECK:   linalg.broadcast ins(%[[BIAS]] : {{.*}}) outs(%[[BLOCK]] : {{.*}})
// CHECK:   vector.fma
func.func @bias_in_blocks(%patches: tensor<1x64x8x8xf32>, %bias: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x8x8xf32>
  %init = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%empty : tensor<1x32x8x8xf32>) dimensions = [0, 2, 3]
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x8x8xf32> into tensor<1x32x64xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x8x8xf32> into tensor<1x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x64xf32>) outs(%flat : tensor<1x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x64xf32>
  %r = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 8, 8] : tensor<1x32x64xf32> into tensor<1x32x8x8xf32>
  return %r : tensor<1x32x8x8xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// A 1x1 convolution of a pooled vector (one pixel) whose 12 filters fill no
// panel: no register tiles one element wide; the pixel loop is dropped and
// the product stays a generic over (n, f, k), K innermost in both inputs,
// for onnx-vectorize-elementwise to compute as dot products.
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func @single_column
// CHECK-NOT: scf.forall
// CHECK-NOT: vector.fma
// CHECK: linalg.generic {indexing_maps = [#[[W]], #[[X]], #[[Y]]], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @single_column(%patches: tensor<1x64x1xf32>, %c: tensor<1x12x1xf32>) -> tensor<1x12x1xf32> {
  %w = arith.constant dense<0.5> : tensor<12x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %patches : tensor<12x64xf32>, tensor<1x64x1xf32>) outs(%c : tensor<1x12x1xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x1xf32>
  return %0 : tensor<1x12x1xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>
#id = affine_map<(n, f, h, w) -> (n, f, h, w)>

// The ReLU that follows a convolution runs in each block of its product,
// on the block just computed: the blocks hold whole rows of the image (8
// pixels of its 64), so that each block is a box of the image, into which
// the ReLU writes. The forall yields the ReLU's result; no op reads the
// product's whole result.
// CHECK-LABEL: func @relu_in_blocks
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x32x8x8xf32>
// CHECK: scf.forall (%[[PANEL:.*]], %[[PIXEL:.*]]) = (0, 0) to (2, 64) step (1, 8) shared_outs(%[[SHARED:.*]] = %[[OUT]]) -> (tensor<1x32x8x8xf32>)
// CHECK:   vector.fma
// CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3]] : tensor<1x1x16x8xf32> into tensor<1x16x8xf32>
// CHECK:   %[[FILTER:.*]] = affine.apply #{{.*}}()[%[[PANEL]]]
// CHECK:   %[[ROW:.*]] = affine.apply #{{.*}}()[%[[PIXEL]]]
// CHECK:   %[[ROWS:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0], [1], [2, 3]] output_shape [1, 16, 1, 8] : tensor<1x16x8xf32> into tensor<1x16x1x8xf32>
// CHECK:   %[[BOX:.*]] = tensor.extract_slice %[[SHARED]][0, %[[FILTER]], %[[ROW]], 0] [1, 16, 1, 8] [1, 1, 1, 1]
// CHECK:   %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[ROWS]] : tensor<1x16x1x8xf32>) outs(%[[BOX]] : tensor<1x16x1x8xf32>)
// CHECK:     arith.maximumf
// CHECK:   scf.forall.in_parallel
// CHECK:     tensor.parallel_insert_slice %[[RELU]] into %[[SHARED]][0, %[[FILTER]], %[[ROW]], 0] [1, 16, 1, 8] [1, 1, 1, 1]
// CHECK-NOT: linalg.generic
func.func @relu_in_blocks(%patches: tensor<1x64x8x8xf32>, %bias: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x8x8xf32>
  %init = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%empty : tensor<1x32x8x8xf32>) dimensions = [0, 2, 3]
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x8x8xf32> into tensor<1x32x64xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x8x8xf32> into tensor<1x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x64xf32>) outs(%flat : tensor<1x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x64xf32>
  %r = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 8, 8] : tensor<1x32x64xf32> into tensor<1x32x8x8xf32>
  %out = tensor.empty() : tensor<1x32x8x8xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r : tensor<1x32x8x8xf32>) outs(%out : tensor<1x32x8x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x8x8xf32>
  return %relu : tensor<1x32x8x8xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>
#id = affine_map<(n, f, h, w) -> (n, f, h, w)>

// Rows of 9 pixels: blocks of whole rows would end in partial register
// tiles of 4 pixels. The ReLU, which nothing pads, iterates over the
// product's pixels instead and runs in its blocks of 8 pixels; its result is
// expanded into rows after the forall.
// CHECK-LABEL: func @relu_in_blocks_across_rows
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 81) step (1, 8)
// CHECK:   vector.fma
// CHECK:   linalg.generic {{.*}} outs(%{{.*}} : tensor<1x16x?xf32>)
// CHECK:     arith.maximumf
// CHECK:   scf.forall.in_parallel
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [1, 32, 9, 9] : tensor<1x32x81xf32> into tensor<1x32x9x9xf32>
// CHECK-NOT: linalg.generic
// CHECK-LABEL: func @padded_relu_apart
// CHECK: scf.forall
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x32x9x9xf32>)
// CHECK: tensor.pad %[[RELU]]
func.func @relu_in_blocks_across_rows(%patches: tensor<1x64x9x9xf32>) -> tensor<1x32x9x9xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x9x9xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x32x9x9xf32>) -> tensor<1x32x9x9xf32>
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x9x9xf32> into tensor<1x32x81xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x9x9xf32> into tensor<1x64x81xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x81xf32>) outs(%flat : tensor<1x32x81xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x81xf32>
  %r = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 9, 9] : tensor<1x32x81xf32> into tensor<1x32x9x9xf32>
  %out = tensor.empty() : tensor<1x32x9x9xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r : tensor<1x32x9x9xf32>) outs(%out : tensor<1x32x9x9xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x9x9xf32>
  return %relu : tensor<1x32x9x9xf32>
}

func.func @padded_relu_apart(%patches: tensor<1x64x9x9xf32>) -> tensor<1x32x11x11xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x9x9xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x32x9x9xf32>) -> tensor<1x32x9x9xf32>
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x9x9xf32> into tensor<1x32x81xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x9x9xf32> into tensor<1x64x81xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x81xf32>) outs(%flat : tensor<1x32x81xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x81xf32>
  %r = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 9, 9] : tensor<1x32x81xf32> into tensor<1x32x9x9xf32>
  %out = tensor.empty() : tensor<1x32x9x9xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r : tensor<1x32x9x9xf32>) outs(%out : tensor<1x32x9x9xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x9x9xf32>
  %padded = tensor.pad %relu low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x32x9x9xf32> to tensor<1x32x11x11xf32>
  return %padded : tensor<1x32x11x11xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>
#id = affine_map<(n, f, h, w) -> (n, f, h, w)>
#perChannel = affine_map<(n, f, h, w) -> (f)>

// An elementwise op that also reads an operand broadcast over the image (a
// per-channel scale) stays an op of its own.
// CHECK-LABEL: func @broadcast_operand_not_in_blocks
// CHECK: scf.forall {{.*}} -> (tensor<1x2x16x64xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %arg2 : tensor<1x32x8x8xf32>, tensor<32xf32>)
func.func @broadcast_operand_not_in_blocks(%patches: tensor<1x64x8x8xf32>, %bias: tensor<32xf32>, %scale: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x8x8xf32>
  %init = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%empty : tensor<1x32x8x8xf32>) dimensions = [0, 2, 3]
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x8x8xf32> into tensor<1x32x64xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x8x8xf32> into tensor<1x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x64xf32>) outs(%flat : tensor<1x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x64xf32>
  %r = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 8, 8] : tensor<1x32x64xf32> into tensor<1x32x8x8xf32>
  %out = tensor.empty() : tensor<1x32x8x8xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #perChannel, #id],
                            iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r, %scale : tensor<1x32x8x8xf32>, tensor<32xf32>) outs(%out : tensor<1x32x8x8xf32>) {
  ^bb0(%in: f32, %s: f32, %o: f32):
    %m = arith.mulf %in, %s : f32
    linalg.yield %m : f32
  } -> tensor<1x32x8x8xf32>
  return %scaled : tensor<1x32x8x8xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// Two convolutions with identical biases, whose broadcasts CSE merged into
// one: each product still starts its accumulator block by block from a
// broadcast of its own, and no broadcast fills a whole output.
// CHECK-LABEL: func @shared_bias_in_blocks
// CHECK-NOT: linalg.broadcast
// CHECK: scf.forall
// CHECK:   linalg.broadcast
// CHECK: scf.forall
// CHECK:   linalg.broadcast
// CHECK-NOT: linalg.broadcast
// CHECK: return
func.func @shared_bias_in_blocks(%patches: tensor<1x64x8x8xf32>, %bias: tensor<32xf32>) -> (tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %v = arith.constant dense<0.25> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x8x8xf32>
  %init = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%empty : tensor<1x32x8x8xf32>) dimensions = [0, 2, 3]
  %flat = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x8x8xf32> into tensor<1x32x64xf32>
  %flat2 = tensor.collapse_shape %init [[0], [1], [2, 3]] : tensor<1x32x8x8xf32> into tensor<1x32x64xf32>
  %image = tensor.collapse_shape %patches [[0], [1], [2, 3]] : tensor<1x64x8x8xf32> into tensor<1x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %image : tensor<32x64xf32>, tensor<1x64x64xf32>) outs(%flat : tensor<1x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x64xf32>
  %1 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%v, %image : tensor<32x64xf32>, tensor<1x64x64xf32>) outs(%flat2 : tensor<1x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x64xf32>
  %r0 = tensor.expand_shape %0 [[0], [1], [2, 3]] output_shape [1, 32, 8, 8] : tensor<1x32x64xf32> into tensor<1x32x8x8xf32>
  %r1 = tensor.expand_shape %1 [[0], [1], [2, 3]] output_shape [1, 32, 8, 8] : tensor<1x32x64xf32> into tensor<1x32x8x8xf32>
  return %r0, %r1 : tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>
}

// -----

#id = affine_map<(m, n) -> (m, n)>

// With no reshape between them, the ReLU reads the product's result
// directly: tiling replaces that result with the forall's, and the ReLU
// still runs in the blocks.
// CHECK-LABEL: func @relu_after_matmul
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<16x64xf32>
// CHECK: scf.forall (%[[J:.*]], %[[I:.*]]) = (0, 0) to (64, 16) step (32, 8) shared_outs(%[[SHARED:.*]] = %[[OUT]]) -> (tensor<16x64xf32>)
// CHECK:   vector.fma
// CHECK:   %[[BOX:.*]] = tensor.extract_slice %[[SHARED]][%[[I]], %[[J]]] [8, 32] [1, 1]
// CHECK:   %[[RELU:.*]] = linalg.generic {{.*}} outs(%[[BOX]] : tensor<8x32xf32>)
// CHECK:     arith.maximumf
// CHECK:   tensor.parallel_insert_slice %[[RELU]] into %[[SHARED]][%[[I]], %[[J]]] [8, 32] [1, 1]
// CHECK-NOT: linalg.generic
func.func @relu_after_matmul(%a: tensor<16x64xf32>, %b: tensor<64x64xf32>) -> tensor<16x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<16x64xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<16x64xf32>) -> tensor<16x64xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x64xf32>) outs(%fill : tensor<16x64xf32>) -> tensor<16x64xf32>
  %out = tensor.empty() : tensor<16x64xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%0 : tensor<16x64xf32>) outs(%out : tensor<16x64xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<16x64xf32>
  return %relu : tensor<16x64xf32>
}

// -----

#filter = affine_map<(n, f, p, k) -> (f, k)>
#patches = affine_map<(n, f, p, k) -> (n, k, p)>
#out = affine_map<(n, f, p, k) -> (n, f, p)>

// 256 pixels, at least 4 times the 32 filters (2 panels of 16): the forall
// steps through the pixel blocks in its outer loop, along which the threads
// split it, so that each thread reads only its share of the patches. With
// 64 pixels (@relu_in_blocks), the panels come first.
// CHECK-LABEL: func @pixels_split_between_threads
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (256, 2) step (8, 1)
func.func @pixels_split_between_threads(%patches: tensor<1x64x256xf32>) -> tensor<1x32x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %empty = tensor.empty() : tensor<1x32x256xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x32x256xf32>) -> tensor<1x32x256xf32>
  %0 = linalg.generic {indexing_maps = [#filter, #patches, #out],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %patches : tensor<32x64xf32>, tensor<1x64x256xf32>) outs(%init : tensor<1x32x256xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x32x256xf32>
  return %0 : tensor<1x32x256xf32>
}

// -----

// A convolution left as it is (its rows of 8 pixels fill 2 register tiles
// of 4) is computed from its image's windows: the filters packed in panels
// of 16 [1, C, KH, KW, 16], cache blocks of one output row, and in each
// register tile (4 pixels x 16 filters, held transposed) a loop over the
// channels and each tap's row and column, whose steps read 4 pixels of the
// image itself and the tap's filters from the panel. There are no patches.
// CHECK-LABEL: func @direct_convolution
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: %[[PANELS:.*]] = linalg.transpose {{.*}} outs(%{{.*}} : tensor<1x2x3x3x16xf32>) permutation = [0, 2, 3, 4, 1]
// CHECK: scf.forall (%[[ROW:.*]]) in (4)
// CHECK: scf.for %[[PIXEL:.*]] = %c0 to %c8 step %c4
// CHECK: vector.transpose {{.*}} : vector<16x4xf32> to vector<4x16xf32>
// CHECK: scf.for %[[C:.*]] = %c0 to %c2
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3
// CHECK: %[[Y:.*]] = affine.apply #{{.*}}()[%[[ROW]], %[[KH]]]
// CHECK: %[[X:.*]] = affine.apply #{{.*}}()[%[[PIXEL]], %[[KW]]]
// CHECK: vector.transfer_read %arg0[%c0, %[[C]], %[[Y]], %[[X]]]{{.*}} : tensor<1x2x6x10xf32>, vector<1x4xf32>
// CHECK: vector.transfer_read %[[PANELS]][%c0, %[[C]], %[[KH]], %[[KW]], %c0]{{.*}} : tensor<1x2x3x3x16xf32>, vector<1x16xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.transpose {{.*}} : vector<4x16xf32> to vector<16x4xf32>
func.func @direct_convolution(%image: tensor<1x2x6x10xf32>) -> tensor<1x16x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x2x3x3xf32>
  %empty = tensor.empty() : tensor<1x16x4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x4x8xf32>) -> tensor<1x16x4x8xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%image, %w : tensor<1x2x6x10xf32>, tensor<16x2x3x3xf32>) outs(%init : tensor<1x16x4x8xf32>) -> tensor<1x16x4x8xf32>
  return %0 : tensor<1x16x4x8xf32>
}

// -----

// With a stride of 2, a step's 4 pixels are every other element of the
// window's row, each read on its own: a vector read of the strided row was
// one load of all of it and shuffles to take the pixels apart.
// CHECK-LABEL: func @direct_convolution_strided
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[ROW:.*]] = tensor.extract_slice {{.*}}[0, 0, 0, 0] [1, 1, 1, 4] [1, 1, 1, 2] : tensor<1x1x1x7xf32> to tensor<1x1x1x4xf32>
// CHECK: %[[PIXELS:.*]] = tensor.extract_slice %[[ROW]]{{.*}} to tensor<1x4xf32>
// CHECK-COUNT-4: tensor.extract %[[PIXELS]]
// CHECK-COUNT-4: vector.fma
func.func @direct_convolution_strided(%image: tensor<1x2x9x17xf32>) -> tensor<1x16x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x2x3x3xf32>
  %empty = tensor.empty() : tensor<1x16x4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x4x8xf32>) -> tensor<1x16x4x8xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%image, %w : tensor<1x2x9x17xf32>, tensor<16x2x3x3xf32>) outs(%init : tensor<1x16x4x8xf32>) -> tensor<1x16x4x8xf32>
  return %0 : tensor<1x16x4x8xf32>
}

// -----

// An output width only the run knows: register tiles of 4 pixels over the
// whole ones, then single pixels (each still a step through the channels
// and taps with vectors of the panel's filters), in blocks of one row.
// CHECK-LABEL: func @direct_convolution_dynamic_width
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: scf.forall (%{{.*}}) in (4)
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c4
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK-NEXT: vector.insert
// CHECK-NEXT: scf.yield {{.*}} : vector<1x16xf32>
func.func @direct_convolution_dynamic_width(%image: tensor<1x2x6x?xf32>, %init: tensor<1x16x4x?xf32>) -> tensor<1x16x4x?xf32> {
  %w = arith.constant dense<0.5> : tensor<16x2x3x3xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%image, %w : tensor<1x2x6x?xf32>, tensor<16x2x3x3xf32>) outs(%init : tensor<1x16x4x?xf32>) -> tensor<1x16x4x?xf32>
  return %0 : tensor<1x16x4x?xf32>
}
