//===- ONNXDialect.h - The onnx dialect -------------------------*- C++ -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXDIALECT_H
#define ONNXC_DIALECT_ONNX_IR_ONNXDIALECT_H

#include "mlir/IR/Dialect.h"

#include "onnxc/Dialect/ONNX/IR/ONNXDialect.h.inc"

#endif // ONNXC_DIALECT_ONNX_IR_ONNXDIALECT_H
