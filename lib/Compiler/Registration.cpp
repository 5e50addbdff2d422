//===- Registration.cpp - The dialects and passes onnxc uses --------------===//

#include "onnxc/Compiler/Registration.h"

#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h"
#include "onnxc/Dialect/ONNX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void onnxc::registerDialects(mlir::DialectRegistry &registry) {
  registry.insert<onnx::ONNXDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::tensor::TensorDialect>();
}

void onnxc::registerPasses() {
  mlir::registerTransformsPasses();
  onnx::registerONNXTransformsPasses();
}
