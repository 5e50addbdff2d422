// RUN: onnxc-opt %s --onnx-flatten-globals | FileCheck %s

// Constant globals of rank 2 and more become flat arrays of the same
// elements; the blob of a dense_resource is shared, not copied.
// CHECK: llvm.mlir.global private constant @weights(dense_resource<w> : tensor<6xf32>) {{.*}} : !llvm.array<6 x f32>
llvm.mlir.global private constant @weights(dense_resource<w> : tensor<2x3xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<2 x array<3 x f32>>
// CHECK: llvm.mlir.global private constant @small(dense<[1, 2, 3, 4]> : tensor<4xi32>) {{.*}} : !llvm.array<4 x i32>
llvm.mlir.global private constant @small(dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>) {addr_space = 0 : i32} : !llvm.array<2 x array<2 x i32>>
// Already flat, and not initialised by elements: left as they are.
// CHECK: llvm.mlir.global private constant @row(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>) {{.*}} : !llvm.array<2 x f32>
llvm.mlir.global private constant @row(dense<[1.0, 2.0]> : tensor<2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x f32>
// CHECK: llvm.mlir.global internal constant @text("ab\00")
llvm.mlir.global internal constant @text("ab\00") {addr_space = 0 : i32} : !llvm.array<3 x i8>

llvm.func @use() -> !llvm.ptr {
  // CHECK: llvm.mlir.addressof @weights : !llvm.ptr
  %0 = llvm.mlir.addressof @weights : !llvm.ptr
  llvm.return %0 : !llvm.ptr
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x40000000000000000000803F0000004000004040000080400000A040"
    }
  }
#-}
