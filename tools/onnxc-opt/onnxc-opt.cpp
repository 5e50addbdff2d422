//===- onnxc-opt.cpp - mlir-opt with onnxc's dialects and passes ----------===//

#include "onnxc/Compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  onnxc::registerDialects(registry);
  onnxc::registerPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "onnxc optimizer driver\n", registry));
}
