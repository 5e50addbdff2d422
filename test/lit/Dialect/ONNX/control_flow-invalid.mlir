// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @if_rank_mismatch(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<2x2xf32>) {
  // expected-error @+1 {{output #0 is 'tensor<2xf32>' in then_branch but 'tensor<2x2xf32>' in else_branch}}
  %0 = onnx.If %c : tensor<i1> -> tensor<*xf32> {
    onnx.Yield %a : tensor<2xf32>
  } else {
    onnx.Yield %b : tensor<2x2xf32>
  }
  return
}

// -----

func.func @if_condition_elements(%c: tensor<2xi1>, %a: tensor<2xf32>) {
  // expected-error @+1 {{the condition must have one element}}
  %0 = onnx.If %c : tensor<2xi1> -> tensor<2xf32> {
    onnx.Yield %a : tensor<2xf32>
  } else {
    onnx.Yield %a : tensor<2xf32>
  }
  return
}

// -----

// The body's argument must hold what the body feeds back.
func.func @loop_carried_too_precise(%m: tensor<i64>, %y: tensor<2xf32>, %z: tensor<3xf32>) {
  // expected-error @+1 {{loop-carried output #0 has type 'tensor<3xf32>', which the body's argument #2 of type 'tensor<2xf32>' does not hold}}
  %0 = onnx.Loop max_trip_count(%m : tensor<i64>) carried(%y : tensor<2xf32>) -> tensor<?xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    onnx.Yield %c, %z : tensor<i1>, tensor<3xf32>
  }
  return
}
