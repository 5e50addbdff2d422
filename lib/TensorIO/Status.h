//===- Status.h - Error helpers private to TensorIO ------------*- C++ -*-===//
#ifndef ONNXC_LIB_TENSORIO_STATUS_H
#define ONNXC_LIB_TENSORIO_STATUS_H

#include "onnxc/TensorIO/TensorIO.h"

#include <string>

namespace onnxc::tensorio {

inline StatusPtr makeError(const std::string &message,
                           enum onnxc_status_code code =
                               ONNXC_ERR_INVALID_ARGUMENT) {
  return StatusPtr(onnxc_status_create(code, message.c_str()));
}

/// Creates the tensor or returns its creation error, prefixed by `what`.
inline StatusPtr createTensor(onnxc_dtype dtype, const std::vector<int64_t> &dims,
                              const std::string &what, TensorPtr &tensor) {
  onnxc_tensor *raw = nullptr;
  StatusPtr status(onnxc_tensor_create(
      dtype, static_cast<int32_t>(dims.size()), dims.data(), &raw));
  if (status)
    return makeError(what + ": " + onnxc_status_message(status.get()),
                     onnxc_status_code(status.get()));
  tensor.reset(raw);
  return nullptr;
}

} // namespace onnxc::tensorio

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "TensorIO reads and writes little-endian data on little-endian hosts only"
#endif

#endif // ONNXC_LIB_TENSORIO_STATUS_H
