// RUN: onnxc-opt %s --split-input-file --onnx-generate-entry-point --verify-diagnostics

// The entry function's arguments must group into the signature's inputs.
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 1 2 3 4\0Aoutput y 1 0\0A"} {
  // expected-error @+1 {{entry function has 1 arguments, but the signature's 1 memref inputs need 7}}
  llvm.func @main_graph(%a: !llvm.ptr) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}

// -----

// The exec allocates with the alignment of malloc only.
module attributes {onnx.signature = "onnxc-signature 1\0Amodel m\0Ainput x 1 0\0Aoutput y 1 0\0A"} {
  // expected-error @+1 {{aligned allocation has no exec counterpart}}
  llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %off: i64) -> !llvm.struct<(ptr, ptr, i64)> attributes {onnx.entry_point} {
    %0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
    llvm.return %0 : !llvm.struct<(ptr, ptr, i64)>
  }
}
