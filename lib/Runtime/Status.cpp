//===- Status.cpp - onnxc_status ------------------------------------------===//
//
// A status is a heap object owned by whoever receives it. Creating one may
// itself run out of memory; then the runtime hands out one static status,
// which onnxc_status_free recognises and leaves alone.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <new>

using namespace onnxc::runtime;

namespace {
onnxc_status &sharedOutOfMemory() {
  // Built on first use; the message is short enough for SSO, so
  // constructing it does not allocate.
  static onnxc_status status{ONNXC_ERR_OUT_OF_MEMORY, "out of memory"};
  return status;
}
} // namespace

onnxc_status *onnxc::runtime::outOfMemoryStatus() {
  return &sharedOutOfMemory();
}

onnxc_status *onnxc::runtime::makeStatus(enum onnxc_status_code code,
                                         const std::string &message) {
  try {
    return new onnxc_status{code, message};
  } catch (...) {
    return outOfMemoryStatus();
  }
}

extern "C" {

enum onnxc_status_code onnxc_status_code(const onnxc_status *status) {
  return status ? status->code : ONNXC_OK;
}

const char *onnxc_status_message(const onnxc_status *status) {
  return status ? status->message.c_str() : "";
}

onnxc_status *onnxc_status_create(enum onnxc_status_code code,
                                  const char *message) {
  if (code == ONNXC_OK)
    return nullptr;
  try {
    return makeStatus(code, message ? message : "");
  } catch (...) {
    return outOfMemoryStatus();
  }
}

void onnxc_status_free(onnxc_status *status) {
  if (status && status != outOfMemoryStatus())
    delete status;
}

} // extern "C"
