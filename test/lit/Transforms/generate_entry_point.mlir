// RUN: onnxc-opt --split-input-file %s "--onnx-generate-entry-point=symbol-prefix=mlp export-default-descriptor=true" | FileCheck %s

// One rank-1 input and one rank-0 output: the run function loads the input
// descriptor's 5 fields, calls the entry function and stores the result
// descriptor. Without run-time checks it stores no error and returns 0. Only
// the ABI's symbols stay external.
// CHECK-LABEL: llvm.func internal @main_graph
// CHECK: llvm.func @mlp_run(%{{[^:]*}}: !llvm.ptr, %[[RESULTS:[^:]*]]: !llvm.ptr, %[[ERROR:[^:]*]]: !llvm.ptr, %{{[^:]*}}: !llvm.ptr) -> i32
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NOT: threadlocal
// CHECK-COUNT-5: llvm.load
// CHECK: %[[R:.*]] = llvm.call @main_graph(
// CHECK: llvm.store %[[R]], %[[RESULTS]]
// CHECK: llvm.store %[[NULL]], %[[ERROR]]
// CHECK: llvm.mlir.global internal constant @mlp_signature("onnxc-signature 1\0Amodel m\0Ainput x 1 1 ?N\0Aoutput y 1 0\0A\00")
// CHECK: llvm.mlir.global internal constant @mlp_abi()
// CHECK: llvm.mlir.constant(4 : i32)
// CHECK: llvm.mlir.addressof @mlp_signature
// CHECK: llvm.mlir.addressof @mlp_run
// CHECK-LABEL: llvm.func @mlp_descriptor() -> !llvm.ptr
// CHECK: llvm.mlir.addressof @mlp_abi
// CHECK-LABEL: llvm.func @onnxc_model_descriptor() -> !llvm.ptr
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 1 1 ?N\0Aoutput y 1 0\0A"} {
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %off: i64, %size: i64, %stride: i64) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}


// -----

// With parallel loops (onnx-parallelize's thread-local), the run function
// lends the entry function its exec argument for the duration of the call.
// CHECK-LABEL: llvm.func @mlp_run(
// CHECK-SAME: %[[EXEC:[^:]*]]: !llvm.ptr) -> i32
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[ADDRESS:.*]] = llvm.mlir.addressof @onnxc_run_exec
// CHECK: %[[SLOT:.*]] = "llvm.intr.threadlocal.address"(%[[ADDRESS]])
// CHECK: llvm.store %[[EXEC]], %[[SLOT]]
// CHECK: llvm.call @main_graph(
// CHECK-NEXT: llvm.store %[[NULL]], %[[SLOT]]
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 1 0\0Aoutput y 1 0\0A"} {
  llvm.mlir.global internal thread_local @onnxc_run_exec() {addr_space = 0 : i32, dso_local} : !llvm.ptr {
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %off: i64) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}

// -----

// The buffers of finalize-memref-to-llvm's generic allocation functions come
// from the run's exec (field 2 allocates, field 3 releases, each given the
// pool, field 0) or, on a thread without one, from malloc and free. The
// run function lends the exec although the model has no parallel loop.
// CHECK-DAG: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @free(!llvm.ptr)
// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_alloc(
// CHECK-SAME: %[[SIZE:[^:]*]]: i64) -> !llvm.ptr
// CHECK: %[[EXEC:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: %[[NONE:.*]] = llvm.icmp "eq" %[[EXEC]]
// CHECK: llvm.cond_br %[[NONE]], ^[[LIBC:.*]], ^[[WITH:[^ ]*]]
// CHECK: ^[[WITH]]:
// CHECK: %[[FIELD:.*]] = llvm.getelementptr %[[EXEC]][0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, ptr, ptr)>
// CHECK: %[[FN:.*]] = llvm.load %[[FIELD]]
// CHECK: %[[POOLFIELD:.*]] = llvm.getelementptr %[[EXEC]][0, 0]
// CHECK: %[[POOL:.*]] = llvm.load %[[POOLFIELD]]
// CHECK: %[[P:.*]] = llvm.call %[[FN]](%[[POOL]], %[[SIZE]])
// CHECK: llvm.return %[[P]]
// CHECK: ^[[LIBC]]:
// CHECK: %[[M:.*]] = llvm.call @malloc(%[[SIZE]])
// CHECK: llvm.return %[[M]]
// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_free(
// CHECK-SAME: %[[PTR:[^:]*]]: !llvm.ptr)
// CHECK: llvm.getelementptr %{{.*}}[0, 3]
// CHECK: llvm.call %{{.*}}(%{{.*}}, %[[PTR]])
// CHECK: llvm.call @free(%[[PTR]])
// CHECK-LABEL: llvm.func @mlp_run(
// CHECK-SAME: %[[RUNEXEC:[^:]*]]: !llvm.ptr) -> i32
// CHECK: llvm.store %[[RUNEXEC]], %{{.*}}
// CHECK: llvm.call @main_graph(
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 1 0\0Aoutput y 1 0\0A"} {
  llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
  llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %off: i64) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %c = llvm.mlir.constant(64 : i64) : i64
    %p = llvm.call @_mlir_memref_to_llvm_alloc(%c) : (i64) -> !llvm.ptr
    llvm.call @_mlir_memref_to_llvm_free(%p) : (!llvm.ptr) -> ()
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}
