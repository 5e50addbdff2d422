// RUN: onnxc-opt %s --split-input-file \
// RUN:   --onnx-convolutions-as-matmuls="register-rows=8 panel-width=16" \
// RUN:   | FileCheck %s

// With register tiles of up to 8 rows and panels of 16 filters, a
// convolution of 32 filters whose output rows of 28 pixels split into
// tiles of 7 is left to onnx-tile-contractions, which reads its image's
// windows directly: no patches, with a stride too.
// CHECK-LABEL: func @direct
// CHECK-NOT: scf.forall
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} strides = dense<2>
// CHECK-NOT: scf.forall
func.func @direct(%image: tensor<1x8x58x58xf32>, %filter: tensor<32x8x3x3xf32>,
                  %init: tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x58x58xf32>, tensor<32x8x3x3xf32>)
         outs(%init : tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
  return %0 : tensor<1x32x28x28xf32>
}

// -----

// Rows of 13 pixels (no tile of 5 to 8 rows divides them) and 24 filters
// (one and a half panels) gather their patches.
// CHECK-LABEL: func @ragged_rows
// CHECK: scf.forall
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @ragged_rows(%image: tensor<1x8x15x15xf32>, %filter: tensor<32x8x3x3xf32>,
                       %init: tensor<1x32x13x13xf32>) -> tensor<1x32x13x13xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x15x15xf32>, tensor<32x8x3x3xf32>)
         outs(%init : tensor<1x32x13x13xf32>) -> tensor<1x32x13x13xf32>
  return %0 : tensor<1x32x13x13xf32>
}

// CHECK-LABEL: func @partial_panel
// CHECK: scf.forall
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @partial_panel(%image: tensor<1x8x30x30xf32>, %filter: tensor<24x8x3x3xf32>,
                         %init: tensor<1x24x28x28xf32>) -> tensor<1x24x28x28xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x30x30xf32>, tensor<24x8x3x3xf32>)
         outs(%init : tensor<1x24x28x28xf32>) -> tensor<1x24x28x28xf32>
  return %0 : tensor<1x24x28x28xf32>
}

// An output size only the run knows is left as well (its rows end in tiles
// of single pixels); a channel count only the run knows gathers patches.
// CHECK-LABEL: func @dynamic_size
// CHECK-NOT: scf.forall
// CHECK: linalg.conv_2d_nchw_fchw
func.func @dynamic_size(%image: tensor<1x8x?x?xf32>, %filter: tensor<32x8x3x3xf32>,
                        %init: tensor<1x32x?x?xf32>) -> tensor<1x32x?x?xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x8x?x?xf32>, tensor<32x8x3x3xf32>)
         outs(%init : tensor<1x32x?x?xf32>) -> tensor<1x32x?x?xf32>
  return %0 : tensor<1x32x?x?xf32>
}

// CHECK-LABEL: func @dynamic_channels
// CHECK: scf.forall
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @dynamic_channels(%image: tensor<1x?x9x9xf32>, %filter: tensor<32x?x3x3xf32>,
                            %init: tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%image, %filter : tensor<1x?x9x9xf32>, tensor<32x?x3x3xf32>)
         outs(%init : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  return %0 : tensor<1x32x7x7xf32>
}
