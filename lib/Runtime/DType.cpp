//===- DType.cpp - Element types ------------------------------------------===//
#include "RuntimeInternal.h"

extern "C" {

size_t onnxc_dtype_size(onnxc_dtype dtype) {
  switch (dtype) {
  case ONNXC_DTYPE_UINT8:
  case ONNXC_DTYPE_INT8:
  case ONNXC_DTYPE_BOOL:
    return 1;
  case ONNXC_DTYPE_UINT16:
  case ONNXC_DTYPE_INT16:
  case ONNXC_DTYPE_FLOAT16:
  case ONNXC_DTYPE_BFLOAT16:
    return 2;
  case ONNXC_DTYPE_FLOAT:
  case ONNXC_DTYPE_INT32:
  case ONNXC_DTYPE_UINT32:
    return 4;
  case ONNXC_DTYPE_INT64:
  case ONNXC_DTYPE_DOUBLE:
  case ONNXC_DTYPE_UINT64:
    return 8;
  case ONNXC_DTYPE_UNDEFINED:
    break;
  }
  return 0;
}

const char *onnxc_dtype_name(onnxc_dtype dtype) {
  // The names of ONNX TensorProto.DataType, lower-cased.
  switch (dtype) {
  case ONNXC_DTYPE_FLOAT:
    return "float";
  case ONNXC_DTYPE_UINT8:
    return "uint8";
  case ONNXC_DTYPE_INT8:
    return "int8";
  case ONNXC_DTYPE_UINT16:
    return "uint16";
  case ONNXC_DTYPE_INT16:
    return "int16";
  case ONNXC_DTYPE_INT32:
    return "int32";
  case ONNXC_DTYPE_INT64:
    return "int64";
  case ONNXC_DTYPE_BOOL:
    return "bool";
  case ONNXC_DTYPE_FLOAT16:
    return "float16";
  case ONNXC_DTYPE_DOUBLE:
    return "double";
  case ONNXC_DTYPE_UINT32:
    return "uint32";
  case ONNXC_DTYPE_UINT64:
    return "uint64";
  case ONNXC_DTYPE_BFLOAT16:
    return "bfloat16";
  case ONNXC_DTYPE_UNDEFINED:
    break;
  }
  return "undefined";
}

} // extern "C"
