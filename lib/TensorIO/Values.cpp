//===- Values.cpp - Reading elements of any dtype -------------------------===//
#include "Status.h"

#include <cmath>
#include <cstring>

using namespace onnxc::tensorio;

namespace {
template <typename T> double load(const void *data, size_t index) {
  T value;
  std::memcpy(&value, static_cast<const char *>(data) + index * sizeof(T),
              sizeof(T));
  return static_cast<double>(value);
}

float bitsToFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}
} // namespace

float onnxc::tensorio::halfToFloat(uint16_t bits) {
  // IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits.
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  if (exponent == 0x1f) // infinity or NaN
    return bitsToFloat(sign | 0x7f800000u | (mantissa << 13));
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24.
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  return bitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float onnxc::tensorio::bfloat16ToFloat(uint16_t bits) {
  return bitsToFloat(static_cast<uint32_t>(bits) << 16);
}

bool onnxc::tensorio::isFloatingPoint(onnxc_dtype dtype) {
  return dtype == ONNXC_DTYPE_FLOAT || dtype == ONNXC_DTYPE_DOUBLE ||
         dtype == ONNXC_DTYPE_FLOAT16 || dtype == ONNXC_DTYPE_BFLOAT16;
}

double onnxc::tensorio::elementAsDouble(const onnxc_tensor &tensor,
                                        size_t index) {
  const void *data = onnxc_tensor_data(&tensor);
  switch (onnxc_tensor_dtype(&tensor)) {
  case ONNXC_DTYPE_FLOAT:
    return load<float>(data, index);
  case ONNXC_DTYPE_DOUBLE:
    return load<double>(data, index);
  case ONNXC_DTYPE_FLOAT16:
    return halfToFloat(static_cast<uint16_t>(load<uint16_t>(data, index)));
  case ONNXC_DTYPE_BFLOAT16:
    return bfloat16ToFloat(static_cast<uint16_t>(load<uint16_t>(data, index)));
  case ONNXC_DTYPE_UINT8:
    return load<uint8_t>(data, index);
  case ONNXC_DTYPE_BOOL:
    return load<uint8_t>(data, index) != 0;
  case ONNXC_DTYPE_INT8:
    return load<int8_t>(data, index);
  case ONNXC_DTYPE_UINT16:
    return load<uint16_t>(data, index);
  case ONNXC_DTYPE_INT16:
    return load<int16_t>(data, index);
  case ONNXC_DTYPE_INT32:
    return load<int32_t>(data, index);
  case ONNXC_DTYPE_UINT32:
    return load<uint32_t>(data, index);
  case ONNXC_DTYPE_INT64:
    return load<int64_t>(data, index);
  case ONNXC_DTYPE_UINT64:
    return load<uint64_t>(data, index);
  case ONNXC_DTYPE_UNDEFINED:
    break;
  }
  return 0;
}

std::string onnxc::tensorio::formatShape(const onnxc_tensor &tensor) {
  std::string text = "[";
  const int64_t *dims = onnxc_tensor_dims(&tensor);
  for (int32_t i = 0; i < onnxc_tensor_rank(&tensor); ++i) {
    if (i)
      text += ",";
    text += std::to_string(dims[i]);
  }
  return text + "]";
}

std::vector<int64_t> onnxc::tensorio::unravelIndex(size_t index,
                                                   const onnxc_tensor &tensor) {
  int32_t rank = onnxc_tensor_rank(&tensor);
  const int64_t *dims = onnxc_tensor_dims(&tensor);
  std::vector<int64_t> result(rank, 0);
  for (int32_t d = rank; d-- > 0;) {
    if (dims[d] == 0)
      break;
    result[d] = static_cast<int64_t>(index % static_cast<size_t>(dims[d]));
    index /= static_cast<size_t>(dims[d]);
  }
  return result;
}
