// RUN: onnxc-opt %s --split-input-file --onnx-vectorize-elementwise="vector-bits=256 masked-loads=true" | FileCheck %s

#tap = affine_map<(c, m, x) -> (c, x)>
#weight = affine_map<(c, m, x) -> (c, m)>
#out3 = affine_map<(c, m, x) -> (c, m, x)>

// Where the target loads under a mask, a stride-2 read of 8 lanes spans 15
// elements and loads them as two whole vectors, the 16th lane masked off,
// rather than as vectors of 8, 4, 2 and 1.
// CHECK-LABEL: func @strided_tap_masked
// CHECK: %[[MASK:.*]] = vector.constant_mask [15] : vector<16xi1>
// CHECK: %[[WIDE:.*]] = vector.maskedload %{{.*}}, %[[MASK]], %{{.*}} : memref<15xf32, strided<[1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6, 8, 10, 12, 14]
func.func @strided_tap_masked(%tap: memref<4x8xf32, strided<[32, 2]>>,
                              %w: memref<4x1xf32>, %out: memref<4x1x8xf32>) {
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

#image = affine_map<(c, h, w) -> (c, h, w)>
#perChannel = affine_map<(c, h, w) -> (c)>

memref.global "private" constant @scale : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// A weight read per channel is loaded once per channel, before the loops
// over the channel's rows and columns, not in every vector step.
// CHECK-LABEL: func @constant_hoisted
// CHECK: scf.for %[[C:.*]] =
// CHECK:   %[[ROW:.*]] = memref.subview %{{.*}}[%[[C]]] [1] [1]
// CHECK:   %[[W:.*]] = vector.transfer_read %[[ROW]]
// CHECK:   scf.for
// CHECK:     scf.for
// CHECK-NOT:   vector.transfer_read {{.*}} memref<1xf32
// CHECK:       arith.mulf %{{.*}}, %[[W]]
func.func @constant_hoisted(%x: memref<4x6x24xf32, strided<[240, 40, 1]>>,
                            %out: memref<4x6x24xf32, strided<[240, 40, 1]>>) {
  %w = memref.get_global @scale : memref<4xf32>
  linalg.generic {indexing_maps = [#image, #perChannel, #image],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %w : memref<4x6x24xf32, strided<[240, 40, 1]>>, memref<4xf32>)
      outs(%out : memref<4x6x24xf32, strided<[240, 40, 1]>>) {
  ^bb0(%a: f32, %k: f32, %o: f32):
    %p = arith.mulf %a, %k : f32
    linalg.yield %p : f32
  }
  return
}

// -----

#rows = affine_map<(c, h, w) -> (c, h, w)>

// A row of 7 elements is one vector of 8 whose last lane is masked off when
// read and written, not vectors of 4, 2 and 1; the division, on floats,
// computes the masked lane harmlessly.
// CHECK-LABEL: func @masked_tail
// CHECK: %[[MASK:.*]] = vector.constant_mask [1, 1, 7] : vector<1x1x8xi1>
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}}, %[[MASK]] {{.*}} : memref<1x1x7xf32, {{.*}}>, vector<1x1x8xf32>
// CHECK: %[[Q:.*]] = arith.divf %[[X]], %[[X]] : vector<1x1x8xf32>
// CHECK: vector.transfer_write %[[Q]], {{.*}}, %[[MASK]] {{.*}} : vector<1x1x8xf32>, memref<1x1x7xf32
// CHECK-NOT: vector<4xf32>
func.func @masked_tail(%x: memref<3x7x7xf32, strided<[64, 9, 1]>>, %out: memref<3x7x7xf32>) {
  linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : memref<3x7x7xf32, strided<[64, 9, 1]>>) outs(%out : memref<3x7x7xf32>) {
  ^bb0(%a: f32, %o: f32):
    %q = arith.divf %a, %a : f32
    linalg.yield %q : f32
  }
  return
}

// -----

#rows = affine_map<(c, h, w) -> (c, h, w)>

// An integer division would trap on the masked lane's value: its tail keeps
// vectors of its own width.
// CHECK-LABEL: func @integer_division_tail
// CHECK-NOT: vector.constant_mask
// CHECK: arith.divsi {{.*}} : vector<1x1x7xi32>
func.func @integer_division_tail(%x: memref<3x7x7xi32, strided<[64, 9, 1]>>, %out: memref<3x7x7xi32>) {
  linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : memref<3x7x7xi32, strided<[64, 9, 1]>>) outs(%out : memref<3x7x7xi32>) {
  ^bb0(%a: i32, %o: i32):
    %q = arith.divsi %a, %a : i32
    linalg.yield %q : i32
  }
  return
}

// -----

#tap = affine_map<(c, m, x) -> (c, x)>
#weight = affine_map<(c, m, x) -> (c, m)>
#out3 = affine_map<(c, m, x) -> (c, m, x)>

// A masked last step that reads along stride 2 (7 of 8 lanes) loads the 13
// elements its 7 lanes span, as two vectors under a mask, and shuffles; the
// 8th lane takes a masked-off element.
// CHECK-LABEL: func @strided_masked_tail
// CHECK: %[[MASK:.*]] = vector.constant_mask [13] : vector<16xi1>
// CHECK: %[[WIDE:.*]] = vector.maskedload %{{.*}}, %[[MASK]], %{{.*}} : memref<13xf32, strided<[1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK-NOT: vector.insert
func.func @strided_masked_tail(%tap: memref<4x7xf32, strided<[32, 2]>>,
                               %w: memref<4x1xf32>, %out: memref<4x1x7xf32>) {
  linalg.generic {indexing_maps = [#tap, #weight, #out3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tap, %w : memref<4x7xf32, strided<[32, 2]>>, memref<4x1xf32>)
      outs(%out : memref<4x1x7xf32>) {
  ^bb0(%x: f32, %k: f32, %o: f32):
    %p = arith.mulf %x, %k : f32
    linalg.yield %p : f32
  }
  return
}
