//===- Compare.cpp - Comparing tensors with tolerances --------------------===//
//
// Floating point follows numpy.isclose(actual, expected, rtol, atol,
// equal_nan=True): |a - b| <= atol + rtol * |b|, NaN matches NaN, and an
// infinity matches only the same infinity. Integers and bool are exact.
//
//===----------------------------------------------------------------------===//
#include "Status.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace onnxc::tensorio;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct ElementError {
  bool mismatch = false;
  double absError = 0;
  double relError = 0;
  /// How far outside its tolerance the element is; larger is worse.
  double score = 0;
};

ElementError compareFloat(double a, double b, const CompareOptions &options) {
  ElementError e;
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) {
    bool same = (std::isnan(a) && std::isnan(b)) || a == b;
    if (!same)
      e = {true, kInf, kInf, kInf};
    return e;
  }
  e.absError = std::fabs(a - b);
  e.relError = b != 0 ? e.absError / std::fabs(b) : e.absError ? kInf : 0;
  double tolerance = options.atol + options.rtol * std::fabs(b);
  e.mismatch = e.absError > tolerance;
  e.score = tolerance > 0 ? e.absError / tolerance : e.absError ? kInf : 0;
  return e;
}

/// Integers compare exactly on their bits (sign- or zero-extended), so that
/// 64-bit values are not rounded through double.
ElementError compareInteger(const onnxc_tensor &actual,
                            const onnxc_tensor &expected, size_t index) {
  size_t size = onnxc_dtype_size(onnxc_tensor_dtype(&actual));
  bool equal;
  if (onnxc_tensor_dtype(&actual) == ONNXC_DTYPE_BOOL) {
    equal = (static_cast<const uint8_t *>(onnxc_tensor_data(&actual))[index] !=
             0) ==
            (static_cast<const uint8_t *>(onnxc_tensor_data(&expected))[index] !=
             0);
  } else {
    equal = std::memcmp(static_cast<const char *>(onnxc_tensor_data(&actual)) +
                            index * size,
                        static_cast<const char *>(onnxc_tensor_data(&expected)) +
                            index * size,
                        size) == 0;
  }
  ElementError e;
  if (equal)
    return e;
  double a = elementAsDouble(actual, index), b = elementAsDouble(expected, index);
  e.mismatch = true;
  e.absError = std::fabs(a - b);
  e.relError = b != 0 ? e.absError / std::fabs(b) : kInf;
  e.score = e.absError;
  return e;
}

} // namespace

CompareResult onnxc::tensorio::compareTensors(const onnxc_tensor &actual,
                                              const onnxc_tensor &expected,
                                              const CompareOptions &options) {
  CompareResult result;
  onnxc_dtype dtype = onnxc_tensor_dtype(&actual);
  if (dtype != onnxc_tensor_dtype(&expected)) {
    result.shapeError = std::string("dtype is ") + onnxc_dtype_name(dtype) +
                        ", expected " +
                        onnxc_dtype_name(onnxc_tensor_dtype(&expected));
    return result;
  }
  if (formatShape(actual) != formatShape(expected)) {
    result.shapeError = "shape is " + formatShape(actual) + ", expected " +
                        formatShape(expected);
    return result;
  }
  bool isFloat = isFloatingPoint(dtype);
  size_t count = onnxc_tensor_num_elements(&actual);
  result.numElements = count;
  double worstScore = -1;
  for (size_t i = 0; i < count; ++i) {
    double a = 0, b = 0;
    ElementError e;
    if (isFloat) {
      a = elementAsDouble(actual, i);
      b = elementAsDouble(expected, i);
      e = compareFloat(a, b, options);
    } else {
      e = compareInteger(actual, expected, i);
    }
    result.numMismatches += e.mismatch;
    result.maxAbsError = std::max(result.maxAbsError, e.absError);
    result.maxRelError = std::max(result.maxRelError, e.relError);
    if (e.score > worstScore) {
      worstScore = e.score;
      result.worstIndex = static_cast<int64_t>(i);
    }
  }
  if (result.worstIndex >= 0) {
    result.worstActual =
        elementAsDouble(actual, static_cast<size_t>(result.worstIndex));
    result.worstExpected =
        elementAsDouble(expected, static_cast<size_t>(result.worstIndex));
  }
  result.match = result.numMismatches == 0;
  return result;
}
