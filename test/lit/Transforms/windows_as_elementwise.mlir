// RUN: onnxc-opt %s --split-input-file --onnx-windows-as-elementwise | FileCheck %s

// A depthwise convolution (one input channel per group, here 2 output
// channels per group): a sum over the 4 taps of a 2x2 window, stride 2, of
// each tap's strided view of the image times that tap's filter slice, each
// product and sum free to become a fused multiply-add.
// CHECK-DAG: #[[TAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
// CHECK-DAG: #[[WEIGHT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>
// CHECK-LABEL: func @depthwise
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
// CHECK: %[[IMAGE:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2], [3], [4]] : tensor<1x3x1x6x6xf32> into tensor<1x3x6x6xf32>
// CHECK-DAG: %[[X0:.*]] = tensor.extract_slice %[[IMAGE]][0, 0, 0, 0] [1, 3, 3, 3] [1, 1, 2, 2]
// CHECK-DAG: %[[X3:.*]] = tensor.extract_slice %[[IMAGE]][0, 0, 1, 1] [1, 3, 3, 3] [1, 1, 2, 2]
// CHECK-DAG: %[[W0:.*]] = tensor.extract_slice %arg1[0, 0, 0, 0, 0] [3, 2, 1, 1, 1] [1, 1, 1, 1, 1] : tensor<3x2x1x2x2xf32> to tensor<3x2xf32>
// CHECK-DAG: %[[W3:.*]] = tensor.extract_slice %arg1[0, 0, 0, 1, 1] [3, 2, 1, 1, 1] [1, 1, 1, 1, 1] : tensor<3x2x1x2x2xf32> to tensor<3x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[TAP]], #[[WEIGHT]], #[[TAP]], #[[WEIGHT]], #[[TAP]], #[[WEIGHT]], #[[TAP]], #[[WEIGHT]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X0]], %[[W0]], {{.*}}, %[[X3]], %[[W3]] :
// CHECK-SAME: outs(%arg2 : tensor<1x3x2x3x3xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %[[OUT:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[A]], %[[B]] fastmath<contract>
// CHECK: arith.addf %[[OUT]], %[[P]] fastmath<contract>
// CHECK-COUNT-3: arith.mulf
func.func @depthwise(%image: tensor<1x3x1x6x6xf32>, %filter: tensor<3x2x1x2x2xf32>,
                     %init: tensor<1x3x2x3x3xf32>) -> tensor<1x3x2x3x3xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x3x1x6x6xf32>, tensor<3x2x1x2x2xf32>)
         outs(%init : tensor<1x3x2x3x3xf32>) -> tensor<1x3x2x3x3xf32>
  return %0 : tensor<1x3x2x3x3xf32>
}

// -----

// Groups of two input channels are a small convolution each, not a
// per-channel sum: left alone.
// CHECK-LABEL: func @grouped
// CHECK: linalg.conv_2d_ngchw_gfchw
func.func @grouped(%image: tensor<1x2x2x6x6xf32>, %filter: tensor<2x1x2x3x3xf32>,
                   %init: tensor<1x2x1x4x4xf32>) -> tensor<1x2x1x4x4xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x2x2x6x6xf32>, tensor<2x1x2x3x3xf32>)
         outs(%init : tensor<1x2x1x4x4xf32>) -> tensor<1x2x1x4x4xf32>
  return %0 : tensor<1x2x1x4x4xf32>
}

// -----

// A max pool with dilation 2: the maximum of its 3x3 taps, in window order,
// each maximum free to ignore NaNs and the sign of zero, and NaN where a pair of the operands
// (the output's start and the taps) is unordered.
// CHECK-LABEL: func @max_pool
// CHECK-NOT: linalg.pooling_nchw_max
// CHECK-DAG: %[[FIRST:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1]
// CHECK-DAG: %[[LAST:.*]] = tensor.extract_slice %arg0[0, 0, 4, 4] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[FIRST]], {{.*}}, %[[LAST]] : {{.*}}) outs(%arg2 : tensor<?x4x3x3xf32>)
// CHECK: ^bb0(%[[T0:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT: %[[M0:.*]] = arith.maximumf %[[OUT]], %[[T0]] fastmath<nnan,nsz>
// CHECK-COUNT-7: arith.maximumf {{.*}} fastmath<nnan,nsz>
// CHECK-NEXT: %[[M:.*]] = arith.maximumf {{.*}} fastmath<nnan,nsz>
// CHECK-NEXT: %[[U0:.*]] = arith.cmpf uno, %[[OUT]], %[[T0]]
// CHECK-COUNT-4: arith.cmpf uno
// CHECK: %[[ANY:.*]] = arith.ori
// CHECK-NEXT: %[[R:.*]] = arith.select %[[ANY]], %{{.*}}, %[[M]]
// CHECK-NEXT: linalg.yield %[[R]]
func.func @max_pool(%image: tensor<?x4x7x7xf32>, %window: tensor<3x3xf32>,
                    %init: tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %0 = linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %window : tensor<?x4x7x7xf32>, tensor<3x3xf32>)
         outs(%init : tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  return %0 : tensor<?x4x3x3xf32>
}

// -----

// A sum pool (the numerator of an average pool) adds its taps.
// CHECK-LABEL: func @sum_pool
// CHECK-NOT: linalg.pooling_nchw_sum
// CHECK-COUNT-4: arith.addf
// CHECK-NEXT: linalg.yield
func.func @sum_pool(%image: tensor<1x4x4x4xf32>, %window: tensor<2x2xf32>,
                    %init: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %window : tensor<1x4x4x4xf32>, tensor<2x2xf32>)
         outs(%init : tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// A window of more than 49 taps (a global pool over 8x8) keeps its loops.
// CHECK-LABEL: func @large_window
// CHECK: linalg.pooling_nchw_max
func.func @large_window(%image: tensor<1x4x8x8xf32>, %window: tensor<8x8xf32>,
                        %init: tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32> {
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %window : tensor<1x4x8x8xf32>, tensor<8x8xf32>)
         outs(%init : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

// Integer pools keep their lowering.
// CHECK-LABEL: func @integer_pool
// CHECK: linalg.pooling_nchw_max
func.func @integer_pool(%image: tensor<1x4x4x4xi32>, %window: tensor<2x2xi32>,
                        %init: tensor<1x4x2x2xi32>) -> tensor<1x4x2x2xi32> {
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %window : tensor<1x4x4x4xi32>, tensor<2x2xi32>)
         outs(%init : tensor<1x4x2x2xi32>) -> tensor<1x4x2x2xi32>
  return %0 : tensor<1x4x2x2xi32>
}

// -----

// A depthwise convolution whose init broadcasts the bias reads the bias, per
// channel, instead of an output-sized tensor of copies of it; its output is
// not read.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>
// CHECK-LABEL: func @depthwise_bias
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x3x1x4x4xf32>
// CHECK: linalg.generic {{.*}} ins({{.*}}, %arg2 : {{.*}}, tensor<3x1xf32>) outs(%[[EMPTY]] : tensor<1x3x1x4x4xf32>)
// CHECK: ^bb0(%[[X:[^:]*]]: f32, %[[W:[^:]*]]: f32, {{.*}}, %[[B:[^:]*]]: f32, %{{[^:]*}}: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[W]]
// CHECK: arith.addf %[[B]], %[[P]]
func.func @depthwise_bias(%image: tensor<1x3x1x6x6xf32>, %filter: tensor<3x1x1x3x3xf32>,
                          %bias: tensor<3x1xf32>) -> tensor<1x3x1x4x4xf32> {
  %empty = tensor.empty() : tensor<1x3x1x4x4xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
            ins(%bias : tensor<3x1xf32>) outs(%empty : tensor<1x3x1x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x3x1x4x4xf32>
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x3x1x6x6xf32>, tensor<3x1x1x3x3xf32>)
         outs(%init : tensor<1x3x1x4x4xf32>) -> tensor<1x3x1x4x4xf32>
  return %0 : tensor<1x3x1x4x4xf32>
}

// -----

// A max pool whose init is filled with -inf starts from that value, not from
// a filled tensor: the fill goes, and so does the maximum with -inf.
// CHECK-LABEL: func @max_pool_filled
// CHECK-NOT: linalg.fill
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x4x2x2xf32>)
// CHECK: ^bb0(%[[T0:.*]]: f32, %[[T1:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT: arith.maximumf %[[T0]], %[[T1]] fastmath<nnan,nsz>
// CHECK-COUNT-2: arith.maximumf
// CHECK-NEXT: arith.cmpf uno, %[[T0]], %[[T1]]
// CHECK: arith.select
// CHECK-NEXT: linalg.yield
func.func @max_pool_filled(%image: tensor<?x4x4x4xf32>, %window: tensor<2x2xf32>,
                           %n: index) -> tensor<?x4x2x2xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %empty = tensor.empty(%n) : tensor<?x4x2x2xf32>
  %init = linalg.fill ins(%lowest : f32) outs(%empty : tensor<?x4x2x2xf32>) -> tensor<?x4x2x2xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %window : tensor<?x4x4x4xf32>, tensor<2x2xf32>)
         outs(%init : tensor<?x4x2x2xf32>) -> tensor<?x4x2x2xf32>
  return %0 : tensor<?x4x2x2xf32>
}
