// RUN: onnxc-opt --split-input-file %s --convert-onnx-to-linalg --canonicalize | FileCheck %s

// Dropout decided at run time: it drops only when training with a non-zero
// ratio. Each element's draw hashes the seed with its row-major position
// (SplitMix64's output function, top 24 bits as a fraction); an element is
// kept when its draw is at least the ratio, scaled by 1 / (1 - ratio) when
// dropping is on, else zeroed.
// CHECK-LABEL: func.func @dropout
// CHECK-DAG: %[[SEED:.*]] = arith.constant 7 : i64
// CHECK-DAG: %[[TRUE:.*]] = arith.constant true
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[R64:.*]] = tensor.extract %arg1[] : tensor<f64>
// CHECK: %[[R:.*]] = arith.truncf %[[R64]] : f64 to f32
// CHECK: %[[TRAINING:.*]] = tensor.extract %arg2[] : tensor<i1>
// CHECK: %[[NONZERO:.*]] = arith.cmpf one, %[[R]], %[[ZERO]]
// CHECK: %[[ACTIVE:.*]] = arith.andi %[[TRAINING]], %[[NONZERO]]
// CHECK: %[[KEPT:.*]] = arith.subf %[[ONE]], %[[R]]
// CHECK: %[[INV:.*]] = arith.divf %[[ONE]], %[[KEPT]]
// CHECK: %[[SCALE:.*]] = arith.select %[[ACTIVE]], %[[INV]], %[[ONE]]
// CHECK: %[[OFF:.*]] = arith.xori %[[ACTIVE]], %[[TRUE]]
// CHECK: %[[MASK:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<?x4xf32>) outs(%{{.*}} : tensor<?x4xi1>)
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[J:.*]] = linalg.index 1
// CHECK: %[[ROW:.*]] = arith.muli %[[I]], %c4
// CHECK: %[[POS:.*]] = arith.addi %[[ROW]], %[[J]]
// CHECK: %[[POS64:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK: %[[STEP:.*]] = arith.muli %[[POS64]], %c-7046029254386353131_i64
// CHECK: arith.addi %[[STEP]], %[[SEED]]
// CHECK: %[[TOP:.*]] = arith.shrui %{{.*}}, %c40_i64
// CHECK: %[[U:.*]] = arith.uitofp %[[TOP]] : i64 to f32
// CHECK: %[[DRAW:.*]] = arith.mulf %[[U]], %cst
// CHECK: %[[KEEP:.*]] = arith.cmpf oge, %[[DRAW]], %[[R]]
// CHECK: arith.ori %[[OFF]], %[[KEEP]]
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MASK]] : tensor<?x4xf32>, tensor<?x4xi1>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: i1, %{{.*}}: f32):
// CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %[[SCALE]]
// CHECK: arith.select %[[M]], %[[SCALED]], %[[ZERO]]
// CHECK: return %[[Y]], %[[MASK]]
func.func @dropout(%x: tensor<?x4xf32>, %r: tensor<f64>, %t: tensor<i1>) -> (tensor<?x4xf32>, tensor<?x4xi1>) {
  %y, %mask = onnx.Dropout %x, %r, %t {seed = 7 : i64} : (tensor<?x4xf32>, tensor<f64>, tensor<i1>) -> (tensor<?x4xf32>, tensor<?x4xi1>)
  return %y, %mask : tensor<?x4xf32>, tensor<?x4xi1>
}
