//===- ONNXTypes.h - Types of the onnx dialect ------------------*- C++ -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXTYPES_H
#define ONNXC_DIALECT_ONNX_IR_ONNXTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.h.inc"

#endif // ONNXC_DIALECT_ONNX_IR_ONNXTYPES_H
