//===- TestUtil.h - Helpers shared by the runtime unit tests ---*- C++ -*-===//
#ifndef ONNXC_TEST_UNIT_RUNTIME_TESTUTIL_H
#define ONNXC_TEST_UNIT_RUNTIME_TESTUTIL_H

#include "onnxc/Runtime/onnxc_runtime.h"
#include "onnxc/TensorIO/TensorIO.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace onnxc::test {

using tensorio::StatusPtr;
using tensorio::TensorPtr;

/// Checks that `status` failed with `code` and that its message contains
/// `needle`.
inline ::testing::AssertionResult isError(onnxc_status *rawStatus,
                                          enum onnxc_status_code code,
                                          const std::string &needle = "") {
  StatusPtr status(rawStatus);
  if (!status)
    return ::testing::AssertionFailure() << "expected an error, got success";
  std::string message = onnxc_status_message(status.get());
  if (onnxc_status_code(status.get()) != code)
    return ::testing::AssertionFailure()
           << "code " << onnxc_status_code(status.get()) << " instead of "
           << code << ": " << message;
  if (message.find(needle) == std::string::npos)
    return ::testing::AssertionFailure()
           << "message '" << message << "' lacks '" << needle << "'";
  return ::testing::AssertionSuccess() << message;
}

inline ::testing::AssertionResult isOk(onnxc_status *rawStatus) {
  StatusPtr status(rawStatus);
  if (status)
    return ::testing::AssertionFailure() << onnxc_status_message(status.get());
  return ::testing::AssertionSuccess();
}

/// A tensor of `dtype` and `dims` holding `values` (converted to T).
template <typename T>
TensorPtr makeTensor(onnxc_dtype dtype, const std::vector<int64_t> &dims,
                     const std::vector<T> &values) {
  onnxc_tensor *raw = nullptr;
  onnxc_status *st = onnxc_tensor_create(
      dtype, static_cast<int32_t>(dims.size()), dims.data(), &raw);
  EXPECT_TRUE(isOk(st));
  TensorPtr tensor(raw);
  if (tensor) {
    EXPECT_EQ(onnxc_tensor_nbytes(raw), values.size() * sizeof(T));
    if (!values.empty())
      std::memcpy(onnxc_tensor_data(raw), values.data(),
                  values.size() * sizeof(T));
  }
  return tensor;
}

template <typename T> std::vector<T> valuesOf(const onnxc_tensor *tensor) {
  const T *data = static_cast<const T *>(onnxc_tensor_data(tensor));
  return std::vector<T>(data, data + onnxc_tensor_num_elements(tensor));
}

inline std::vector<int64_t> dimsOf(const onnxc_tensor *tensor) {
  const int64_t *dims = onnxc_tensor_dims(tensor);
  return std::vector<int64_t>(dims, dims + onnxc_tensor_rank(tensor));
}

} // namespace onnxc::test

#endif // ONNXC_TEST_UNIT_RUNTIME_TESTUTIL_H
