// RUN: onnxc-opt --split-input-file %s --onnx-shape-inference | FileCheck %s

// The shape computation of an exported LayerNormalization: everything but
// the Reshape folds, and the Reshape gets its result shape from it.
// CHECK-LABEL: func @reduced_shape
// CHECK-SAME: -> tensor<2x1x1xf32>
// CHECK-NOT: onnx.Shape
// CHECK-NOT: onnx.ConstantOfShape
// CHECK: %[[SHAPE:.*]] = onnx.Constant dense<[2, 1, 1]>
// CHECK: onnx.Reshape %{{.*}}, %[[SHAPE]]
func.func @reduced_shape(%x: tensor<2x3x4xf32>, %m: tensor<2x1xf32>) -> tensor<*xf32> {
  %shape = onnx.Shape %x : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %rank = onnx.Size %shape : (tensor<*xi64>) -> tensor<*xi64>
  %zero = onnx.Constant dense<[0]> : tensor<1xi64> -> tensor<1xi64>
  %one = onnx.Constant dense<[1]> : tensor<1xi64> -> tensor<1xi64>
  %prefix = onnx.Slice %shape, %zero, %one : (tensor<*xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xi64>
  %count = onnx.Sub %rank, %one : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %suffix = onnx.ConstantOfShape %count {value = dense<1> : tensor<1xi64>} : (tensor<*xi64>) -> tensor<*xi64>
  %reduced = onnx.Concat %prefix, %suffix {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>) -> tensor<*xi64>
  %y = onnx.Reshape %m, %reduced : (tensor<2x1xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// With a dynamic dim the Shape stays, but what only depends on the rank still
// folds, and the Reshape learns its rank and the sizes the Concat's constant
// piece gives.
// CHECK-LABEL: func @dynamic_dim
// CHECK-SAME: -> tensor<?x1x1xf32>
// CHECK: %[[ONES:.*]] = onnx.Constant dense<1> : tensor<2xi64>
// CHECK: onnx.Shape
// CHECK: onnx.Concat %{{.*}}, %[[ONES]]
func.func @dynamic_dim(%x: tensor<?x3x4xf32>, %m: tensor<?x1xf32>) -> tensor<*xf32> {
  %shape = onnx.Shape %x : (tensor<?x3x4xf32>) -> tensor<*xi64>
  %rank = onnx.Size %shape : (tensor<*xi64>) -> tensor<*xi64>
  %zero = onnx.Constant dense<[0]> : tensor<1xi64> -> tensor<1xi64>
  %one = onnx.Constant dense<[1]> : tensor<1xi64> -> tensor<1xi64>
  %prefix = onnx.Slice %shape, %zero, %one : (tensor<*xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xi64>
  %count = onnx.Sub %rank, %one : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %suffix = onnx.ConstantOfShape %count {value = dense<1> : tensor<1xi64>} : (tensor<*xi64>) -> tensor<*xi64>
  %reduced = onnx.Concat %prefix, %suffix {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>) -> tensor<*xi64>
  %y = onnx.Reshape %m, %reduced : (tensor<?x1xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// PyTorch's flatten: Gather a dim of the Shape, Unsqueeze it, Concat with -1.
// CHECK-LABEL: func @gather_unsqueeze
// CHECK-SAME: -> tensor<2x12xf32>
// CHECK: onnx.Constant dense<[2, -1]>
func.func @gather_unsqueeze(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %shape = onnx.Shape %x : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %i = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  %dim = onnx.Gather %shape, %i {axis = 0 : i64} : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %axes = onnx.Constant dense<[0]> : tensor<1xi64> -> tensor<1xi64>
  %dim1 = onnx.Unsqueeze %dim, %axes : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %minus = onnx.Constant dense<[-1]> : tensor<1xi64> -> tensor<1xi64>
  %target = onnx.Concat %dim1, %minus {axis = 0 : i64} : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %y = onnx.Reshape %x, %target : (tensor<2x3x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// Integer division truncates toward zero; division by zero is left to run
// time.
// CHECK-LABEL: func @div
// CHECK: onnx.Constant dense<[-3, 3]>
// CHECK: onnx.Div
func.func @div() -> (tensor<*xi64>, tensor<*xi64>) {
  %a = onnx.Constant dense<[-7, 7]> : tensor<2xi64> -> tensor<2xi64>
  %b = onnx.Constant dense<2> : tensor<i64> -> tensor<i64>
  %z = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  %q = onnx.Div %a, %b : (tensor<2xi64>, tensor<i64>) -> tensor<*xi64>
  %r = onnx.Div %a, %z : (tensor<2xi64>, tensor<i64>) -> tensor<*xi64>
  return %q, %r : tensor<*xi64>, tensor<*xi64>
}

// -----

// An exported attention's head split: the sizes it reads from a Shape fold
// where the dims are static (768, then 768 / 12), and the Reshape learns the
// sizes the Concat's known pieces give, leaving the others dynamic.
// CHECK-LABEL: func @head_split
// CHECK-SAME: -> tensor<?x?x12x64xf32>
// CHECK-NOT: onnx.Div
// CHECK: onnx.Reshape {{.*}} -> tensor<?x?x12x64xf32>
func.func @head_split(%x: tensor<?x?x768xf32>) -> tensor<*xf32> {
  %shape = onnx.Shape %x : (tensor<?x?x768xf32>) -> tensor<*xi64>
  %i0 = onnx.Constant dense<0> : tensor<i64> -> tensor<i64>
  %i1 = onnx.Constant dense<1> : tensor<i64> -> tensor<i64>
  %i2 = onnx.Constant dense<2> : tensor<i64> -> tensor<i64>
  %axes = onnx.Constant dense<[0]> : tensor<1xi64> -> tensor<1xi64>
  %heads = onnx.Constant dense<[12]> : tensor<1xi64> -> tensor<1xi64>
  %twelve = onnx.Constant dense<12> : tensor<i64> -> tensor<i64>
  %batch = onnx.Gather %shape, %i0 : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %sequence = onnx.Gather %shape, %i1 : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %hidden = onnx.Gather %shape, %i2 : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %width = onnx.Div %hidden, %twelve : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %b = onnx.Unsqueeze %batch, %axes : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %s = onnx.Unsqueeze %sequence, %axes : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %w = onnx.Unsqueeze %width, %axes : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  %target = onnx.Concat %b, %s, %heads, %w {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>, tensor<1xi64>, tensor<*xi64>) -> tensor<*xi64>
  %y = onnx.Reshape %x, %target : (tensor<?x?x768xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
