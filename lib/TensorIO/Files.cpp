//===- Files.cpp - Reading and writing tensor files -----------------------===//
#include "Status.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

using namespace onnxc::tensorio;

namespace {

std::string describeErrno() { return std::strerror(errno); }

/// Reads all of `path`; an error message naming it on failure.
bool readAll(const std::string &path, std::string &bytes, std::string &error) {
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = "cannot open '" + path + "': " + describeErrno();
    return false;
  }
  bytes.clear();
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
    bytes.append(buffer, n);
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed) {
    error = "cannot read '" + path + "'";
    return false;
  }
  return true;
}

} // namespace

StatusPtr onnxc::tensorio::readTensorFile(const std::string &path,
                                          TensorPtr &tensor,
                                          std::string *name) {
  try {
    std::string bytes, error;
    if (!readAll(path, bytes, error))
      return makeError(error);
    bool isNpy = bytes.size() >= 6 && bytes.compare(0, 6, "\x93NUMPY") == 0;
    StatusPtr status = isNpy
                           ? parseNpy(bytes.data(), bytes.size(), tensor)
                           : parseTensorProto(bytes.data(), bytes.size(),
                                              tensor, name);
    if (status)
      return makeError("'" + path + "': " + onnxc_status_message(status.get()),
                       onnxc_status_code(status.get()));
    if (isNpy && name)
      name->clear();
    return nullptr;
  } catch (...) {
    return makeError("out of memory reading '" + path + "'",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}

StatusPtr onnxc::tensorio::writeTensorFile(const std::string &path,
                                           const onnxc_tensor &tensor,
                                           const std::string &name,
                                           FileFormat format) {
  try {
    std::string bytes;
    StatusPtr status = format == FileFormat::Npy
                           ? serializeNpy(tensor, bytes)
                           : serializeTensorProto(tensor, name, bytes);
    if (status)
      return makeError("'" + path + "': " + onnxc_status_message(status.get()),
                       onnxc_status_code(status.get()));
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
      return makeError("cannot create '" + path + "': " + describeErrno());
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    ok = (std::fclose(file) == 0) && ok;
    if (!ok)
      return makeError("cannot write '" + path + "': " + describeErrno());
    return nullptr;
  } catch (...) {
    return makeError("out of memory writing '" + path + "'",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}
