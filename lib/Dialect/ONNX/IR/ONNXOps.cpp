//===- ONNXOps.cpp - Generated onnx op classes ----------------------------===//
//
// Only the TableGen-generated definitions live here, so that editing an op's
// hand-written C++ (Math.cpp, NN.cpp, Tensor.cpp) does not rebuild them.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

#define GET_OP_CLASSES
#include "onnxc/Dialect/ONNX/IR/ONNXOps.cpp.inc"
