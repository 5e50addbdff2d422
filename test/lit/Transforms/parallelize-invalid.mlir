// RUN: onnxc-opt --split-input-file --verify-diagnostics %s --onnx-parallelize

func.func @on_tensors(%t: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{onnx-parallelize expects a bufferized scf.forall (no shared_outs)}}
  %r = scf.forall (%i) in (8) shared_outs(%o = %t) -> tensor<8xf32> {
    scf.forall.in_parallel {
    }
  }
  return %r : tensor<8xf32>
}

// -----

func.func @captured_tensor(%a: memref<8xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{onnx-parallelize cannot pass a value of type 'tensor<8xf32>' to a parallel loop's body}}
  scf.forall (%i) in (8) {
    %e = tensor.extract %t[%i] : tensor<8xf32>
    memref.store %e, %a[%i] : memref<8xf32>
  }
  return
}
