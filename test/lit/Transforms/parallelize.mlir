// RUN: onnxc-opt --split-input-file %s --onnx-parallelize | FileCheck %s

// A 2-D forall becomes one loop over the linearised count, ceil(n / 8) * 2,
// run by exec->parallel_for (or by a direct call when the thread-local exec
// is null). The body reads the memrefs and the scalar it uses from a context
// struct allocated at the function's entry, delinearises its index (the last
// dimension fastest) and runs the nested forall sequentially.
// CHECK: llvm.mlir.global internal thread_local @onnxc_run_exec()
// CHECK-LABEL: func.func @forall_2d(
// CHECK-SAME: %[[A:[^:]*]]: memref<?x32xf32>, %[[B:[^:]*]]: memref<?x32xf32>, %[[S:[^:]*]]: f32)
// CHECK: %[[CONTEXT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)>
// CHECK: %[[N:.*]] = memref.dim %[[A]]
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[A_DESC:.*]] = builtin.unrealized_conversion_cast %[[A]] : memref<?x32xf32> to !llvm.struct
// CHECK: %[[FIELD0:.*]] = llvm.getelementptr %[[CONTEXT]][0, 0]
// CHECK: llvm.store %[[A_DESC]], %[[FIELD0]]
// CHECK: %[[FIELD1:.*]] = llvm.getelementptr %[[CONTEXT]][0, 1]
// CHECK: llvm.store %[[S]], %[[FIELD1]] : f32
// CHECK: builtin.unrealized_conversion_cast %[[B]]
// CHECK: %[[SPAN:.*]] = arith.addi %[[N]], %c7
// CHECK: %[[ROWS:.*]] = arith.divsi %[[SPAN]], %c8
// CHECK: %[[ROWS_CLAMPED:.*]] = arith.maxsi %[[ROWS]]
// CHECK: %[[COUNT:.*]] = arith.muli %[[ROWS_CLAMPED]], %c2
// CHECK: %[[COUNT_I64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK: %[[EXEC_ADDRESS:.*]] = llvm.mlir.addressof @onnxc_run_exec
// CHECK: %[[EXEC_SLOT:.*]] = "llvm.intr.threadlocal.address"(%[[EXEC_ADDRESS]])
// CHECK: %[[EXEC:.*]] = llvm.load %[[EXEC_SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SERIAL:.*]] = llvm.icmp "eq" %[[EXEC]], %[[NULL]]
// CHECK: scf.if %[[SERIAL]] {
// CHECK:   %[[ZERO:.*]] = llvm.mlir.constant(0 : i64)
// CHECK:   func.call @forall_2d_parallel(%[[CONTEXT]], %[[ZERO]], %[[COUNT_I64]])
// CHECK: } else {
// CHECK:   %[[POOL_FIELD:.*]] = llvm.getelementptr %[[EXEC]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, ptr, ptr)>
// CHECK:   %[[POOL:.*]] = llvm.load %[[POOL_FIELD]]
// CHECK:   %[[PF_FIELD:.*]] = llvm.getelementptr %[[EXEC]][0, 1]
// CHECK:   %[[PF:.*]] = llvm.load %[[PF_FIELD]]
// CHECK:   %[[BODY:.*]] = func.constant @forall_2d_parallel : (!llvm.ptr, i64, i64) -> ()
// CHECK:   %[[BODY_PTR:.*]] = builtin.unrealized_conversion_cast %[[BODY]]
// CHECK:   llvm.call %[[PF]](%[[POOL]], %[[COUNT_I64]], %[[BODY_PTR]], %[[CONTEXT]]) : !llvm.ptr, (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: }
// CHECK-NOT: scf.forall
// CHECK: return

// CHECK-LABEL: func.func private @forall_2d_parallel(
// CHECK-SAME: %[[CTX:[^:]*]]: !llvm.ptr, %[[BEGIN:[^:]*]]: i64, %[[END:[^:]*]]: i64)
// CHECK: %[[A_LOADED:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[A_BODY:.*]] = builtin.unrealized_conversion_cast %[[A_LOADED]] {{.*}} to memref<?x32xf32>
// CHECK: %[[S_BODY:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: %[[B_BODY:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?x32xf32>
// CHECK: %[[LO:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[HI:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for %[[L:.*]] = %[[LO]] to %[[HI]] step %{{.*}} {
// CHECK:   %[[J_INDEX:.*]] = arith.remui %[[L]], %c2
// CHECK:   %[[I_INDEX:.*]] = arith.divui %[[L]], %c2
// CHECK:   %[[J:.*]] = arith.muli %[[J_INDEX]], %c16
// CHECK:   %[[I:.*]] = arith.muli %[[I_INDEX]], %c8
// CHECK:   %[[V:.*]] = memref.load %[[A_BODY]][%[[I]], %[[J]]]
// CHECK:   %[[W:.*]] = arith.addf %[[V]], %[[S_BODY]]
// CHECK:   scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step
// CHECK:     memref.store %[[W]], %[[B_BODY]][%[[I]], %[[K]]]
// CHECK-NOT: scf.forall
// CHECK: return
func.func @forall_2d(%a: memref<?x32xf32>, %b: memref<?x32xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?x32xf32>
  scf.forall (%i, %j) = (0, 0) to (%n, 32) step (8, 16) {
    %v = memref.load %a[%i, %j] : memref<?x32xf32>
    %w = arith.addf %v, %s : f32
    scf.forall (%k) in (4) {
      memref.store %w, %b[%i, %k] : memref<?x32xf32>
    }
  }
  return
}

// -----

// With run-time checks, the context's first field collects a chunk's
// failure: the body clears its thread's error slot, publishes what its
// iterations stored there (the first chunk wins), and restores the slot;
// the caller keeps its own earlier failure, else takes the loop's.
// CHECK-LABEL: func.func @checks(
// CHECK: %[[CONTEXT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[FAILURE_FIELD:.*]] = llvm.getelementptr %[[CONTEXT]][0, 0]
// CHECK: llvm.store %[[NULL]], %[[FAILURE_FIELD]]
// CHECK: scf.if
// CHECK: func.call @checks_parallel
// CHECK: llvm.call
// CHECK: %[[FAILURE_FIELD2:.*]] = llvm.getelementptr %[[CONTEXT]][0, 0]
// CHECK: %[[FAILURE:.*]] = llvm.load %[[FAILURE_FIELD2]]
// CHECK: %[[SLOT:.*]] = "llvm.intr.threadlocal.address"
// CHECK: %[[CURRENT:.*]] = llvm.load %[[SLOT]]
// CHECK: %[[FIRST:.*]] = llvm.icmp "eq" %[[CURRENT]], %[[NULL]]
// CHECK: %[[NEW:.*]] = llvm.select %[[FIRST]], %[[FAILURE]], %[[CURRENT]]
// CHECK: llvm.store %[[NEW]], %[[SLOT]]

// CHECK-LABEL: func.func private @checks_parallel(
// CHECK-SAME: %[[CTX:[^:]*]]: !llvm.ptr
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[ERROR_ADDRESS:.*]] = llvm.mlir.addressof @onnxc_run_error
// CHECK: %[[SLOT:.*]] = "llvm.intr.threadlocal.address"(%[[ERROR_ADDRESS]])
// CHECK: %[[SAVED:.*]] = llvm.load %[[SLOT]]
// CHECK: llvm.store %[[NULL]], %[[SLOT]]
// CHECK: scf.for
// CHECK:   memref.load
// CHECK: %[[FAILURE:.*]] = llvm.load %[[SLOT]]
// CHECK: %[[FAILED:.*]] = llvm.icmp "ne" %[[FAILURE]], %[[NULL]]
// CHECK: scf.if %[[FAILED]] {
// CHECK:   %[[FIELD:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK:   llvm.cmpxchg %[[FIELD]], %[[NULL]], %[[FAILURE]] acq_rel monotonic
// CHECK: }
// CHECK: llvm.store %[[SAVED]], %[[SLOT]]
llvm.mlir.global internal thread_local @onnxc_run_error() {addr_space = 0 : i32, dso_local} : !llvm.ptr {
  %0 = llvm.mlir.zero : !llvm.ptr
  llvm.return %0 : !llvm.ptr
}
func.func @checks(%a: memref<16xi64>, %n: index) {
  scf.forall (%i) in (%n) {
    %v = memref.load %a[%i] : memref<16xi64>
  }
  return
}

// -----

// An scf.parallel without reductions is parallelised like a forall, here
// inside a sequential loop: the context is still allocated once, at the
// function's entry, and the outer induction variable travels as an i64.
// An scf.parallel with a reduction stays as it is.
// CHECK-LABEL: func.func @parallel_in_loop(
// CHECK-NEXT: %[[ONE:.*]] = llvm.mlir.constant(1 : i64)
// CHECK-NEXT: %[[CONTEXT:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK: scf.for %[[T:.*]] =
// CHECK:   %[[T_I64:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK:   %[[FIELD:.*]] = llvm.getelementptr %[[CONTEXT]][0, 2]
// CHECK:   llvm.store %[[T_I64]], %[[FIELD]] : i64
// CHECK:   func.call @parallel_in_loop_parallel
// CHECK:   llvm.call
// CHECK: scf.parallel {{.*}} init
// CHECK:   scf.reduce
// CHECK-LABEL: func.func private @parallel_in_loop_parallel(
// CHECK: %[[T_LOADED:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK: %[[T_BODY:.*]] = arith.index_cast %[[T_LOADED]] : i64 to index
// CHECK: scf.for %[[I:.*]] =
// CHECK:   memref.store %{{.*}}, %{{.*}}[%[[I]], %[[T_BODY]]]
// CHECK-NOT: scf.parallel
func.func @parallel_in_loop(%a: memref<16x8xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.for %t = %c0 to %c8 step %c1 {
    scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
      memref.store %x, %a[%i, %t] : memref<16x8xf32>
      scf.reduce
    }
  }
  %zero = arith.constant 0.0 : f32
  %sum = scf.parallel (%i) = (%c0) to (%c16) step (%c1) init (%zero) -> f32 {
    %v = memref.load %a[%i, %c0] : memref<16x8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  memref.store %sum, %a[%c0, %c0] : memref<16x8xf32>
  return
}

// -----

// No parallel loop: nothing changes, not even a thread-local.
// CHECK-NOT: onnxc_run_exec
// CHECK-LABEL: func.func @sequential(
func.func @sequential(%a: memref<4xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  memref.store %x, %a[%c0] : memref<4xf32>
  return
}
