// RUN: onnxc-opt %s --onnx-lower-memref-copy | FileCheck %s

// A strided copy becomes linalg.copy instead of a memrefCopy library call.
// CHECK-LABEL: func @strided_copy
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%arg0 : memref<2x3xf32, strided<[6, 2]>>) outs(%arg1 : memref<2x3xf32>)
func.func @strided_copy(%src: memref<2x3xf32, strided<[6, 2]>>, %dst: memref<2x3xf32>) {
  memref.copy %src, %dst : memref<2x3xf32, strided<[6, 2]>> to memref<2x3xf32>
  return
}
