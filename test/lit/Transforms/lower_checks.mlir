// RUN: onnxc-opt %s --onnx-lower-checks --onnx-generate-entry-point=symbol-prefix=m | FileCheck %s

// A failing check stores its message into the thread-local error slot unless
// an earlier check of the run did; equal messages share one string. The run
// function clears the slot, calls the entry function, hands the slot's
// message out through its third argument and returns 1 when there is one.
// CHECK: llvm.mlir.global internal constant @onnxc_check_message_1("node 'n' (Gather): b\00")
// CHECK: llvm.mlir.global internal constant @onnxc_check_message_0("node 'n' (Gather): a\00")
// CHECK: llvm.mlir.global internal thread_local @onnxc_run_error()
// CHECK: llvm.mlir.zero : !llvm.ptr

// CHECK-LABEL: llvm.func internal @main_graph
// CHECK: %[[FAILED:.*]] = arith.xori %{{.*}}, %true
// CHECK: scf.if %[[FAILED]] {
// CHECK:   %[[MESSAGE:.*]] = llvm.mlir.addressof @onnxc_check_message_0
// CHECK:   %[[SLOT:.*]] = "llvm.intr.threadlocal.address"
// CHECK:   %[[CURRENT:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK:   %[[FIRST:.*]] = llvm.icmp "eq" %[[CURRENT]]
// CHECK:   %[[NEW:.*]] = llvm.select %[[FIRST]], %[[MESSAGE]], %[[CURRENT]]
// CHECK:   llvm.store %[[NEW]], %[[SLOT]]
// CHECK: llvm.mlir.addressof @onnxc_check_message_1
// CHECK: llvm.mlir.addressof @onnxc_check_message_0
// CHECK-NOT: onnx.Check

// CHECK-LABEL: llvm.func @m_run(
// CHECK-SAME: %[[ERROR:[^:]*]]: !llvm.ptr, %{{[^:]*}}: !llvm.ptr) -> i32
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[SLOT:.*]] = "llvm.intr.threadlocal.address"
// CHECK: llvm.store %[[NULL]], %[[SLOT]]
// CHECK: llvm.call @main_graph
// CHECK: %[[MESSAGE:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.store %[[MESSAGE]], %[[ERROR]]
// CHECK: %[[FAILED:.*]] = llvm.icmp "ne" %[[MESSAGE]], %[[NULL]]
// CHECK: %[[RC:.*]] = llvm.zext %[[FAILED]] : i1 to i32
// CHECK: llvm.return %[[RC]]
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 9 0\0Aoutput y 9 0\0A"} {
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %off: i64) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %c = llvm.load %a : !llvm.ptr -> i1
    onnx.Check %c, "node 'n' (Gather): a"
    onnx.Check %c, "node 'n' (Gather): b"
    onnx.Check %c, "node 'n' (Gather): a"
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}
