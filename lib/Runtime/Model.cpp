//===- Model.cpp - Loading models and describing their signature ----------===//
#include "RuntimeInternal.h"

#include <dlfcn.h>

#include <memory>

using namespace onnxc::runtime;

namespace {

/// Checks a descriptor and parses its signature into a new model.
onnxc_status *createModel(const onnxc_model_abi *abi, const std::string &origin,
                          std::unique_ptr<onnxc_model> &model) {
  if (!abi)
    return makeStatus(ONNXC_ERR_LOAD, origin + ": the model descriptor is NULL");
  if (abi->abi_version != ONNXC_MODEL_ABI_VERSION)
    return makeStatus(ONNXC_ERR_ABI_MISMATCH,
                      origin + ": the model was built for ABI version " +
                          std::to_string(abi->abi_version) +
                          ", but this runtime supports version " +
                          std::to_string(ONNXC_MODEL_ABI_VERSION) +
                          " only; compile it again with the onnxc of this "
                          "runtime");
  if (!abi->run)
    return makeStatus(ONNXC_ERR_LOAD,
                      origin + ": the model descriptor has no run function");
  tuneAllocator();
  model = std::make_unique<onnxc_model>();
  model->abi = abi;
  std::string error;
  enum onnxc_status_code code =
      parseSignature(abi->signature, model->signature, error);
  if (code != ONNXC_OK)
    return makeStatus(code, origin + ": " + error);
  return nullptr;
}

void fillInfo(const TensorSignature &tensor, onnxc_tensor_info *out) {
  out->name = tensor.name.c_str();
  out->dtype = tensor.dtype;
  out->rank = static_cast<int32_t>(tensor.dims.size());
  out->dims = tensor.dims.data();
  out->dim_names = tensor.dimNamePtrs.data();
}

onnxc_status *getInfo(const onnxc_model *model, size_t index, bool isInput,
                      onnxc_tensor_info *out) {
  if (!model || !out)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "model or out is NULL");
  const auto &list =
      isInput ? model->signature.inputs : model->signature.outputs;
  if (index >= list.size()) {
    try {
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        std::string(isInput ? "input" : "output") + " index " +
                            std::to_string(index) + " is out of range (" +
                            std::to_string(list.size()) + " " +
                            (isInput ? "inputs" : "outputs") + ")");
    } catch (...) {
      return outOfMemoryStatus();
    }
  }
  fillInfo(list[index], out);
  return nullptr;
}

} // namespace

extern "C" {

onnxc_status *onnxc_model_load(const char *so_path, onnxc_model **out) {
  if (!so_path || !out)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "so_path or out is NULL");
  try {
    std::string origin = so_path;
    // dlopen() searches the library path for a name without '/'; a model
    // file named on a command line is meant relative to the working
    // directory.
    std::string path = origin.find('/') == std::string::npos
                           ? "./" + origin
                           : origin;
    void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      const char *why = dlerror();
      return makeStatus(ONNXC_ERR_LOAD, "cannot load model '" + origin +
                                            "': " + (why ? why : "dlopen failed"));
    }
    // Closes the library on every early return.
    std::unique_ptr<void, int (*)(void *)> libraryGuard(library, dlclose);
    dlerror();
    void *symbol = dlsym(library, ONNXC_MODEL_DESCRIPTOR_SYMBOL);
    if (!symbol)
      return makeStatus(ONNXC_ERR_LOAD,
                        "'" + origin + "' is not an onnxc model: it exports no '" +
                            ONNXC_MODEL_DESCRIPTOR_SYMBOL + "'");
    auto descriptorFn = reinterpret_cast<onnxc_model_descriptor_fn>(symbol);
    std::unique_ptr<onnxc_model> model;
    if (onnxc_status *st = createModel(descriptorFn(), origin, model))
      return st;
    model->library = libraryGuard.release();
    *out = model.release();
    return nullptr;
  } catch (...) {
    return outOfMemoryStatus();
  }
}

onnxc_status *onnxc_model_from_descriptor(const onnxc_model_abi *descriptor,
                                          onnxc_model **out) {
  if (!descriptor || !out)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "descriptor or out is NULL");
  try {
    std::unique_ptr<onnxc_model> model;
    if (onnxc_status *st = createModel(descriptor, "linked model", model))
      return st;
    *out = model.release();
    return nullptr;
  } catch (...) {
    return outOfMemoryStatus();
  }
}

void onnxc_model_free(onnxc_model *model) {
  if (!model)
    return;
  void *library = model->library;
  delete model;
  if (library)
    dlclose(library);
}

const char *onnxc_model_name(const onnxc_model *model) {
  return model ? model->signature.name.c_str() : "";
}

size_t onnxc_model_num_inputs(const onnxc_model *model) {
  return model ? model->signature.inputs.size() : 0;
}

size_t onnxc_model_num_outputs(const onnxc_model *model) {
  return model ? model->signature.outputs.size() : 0;
}

onnxc_status *onnxc_model_input_info(const onnxc_model *model, size_t index,
                                     onnxc_tensor_info *out) {
  return getInfo(model, index, /*isInput=*/true, out);
}

onnxc_status *onnxc_model_output_info(const onnxc_model *model, size_t index,
                                      onnxc_tensor_info *out) {
  return getInfo(model, index, /*isInput=*/false, out);
}

onnxc_status *onnxc_model_find_input(const onnxc_model *model,
                                     const char *name, size_t *index) {
  if (!model || !name || !index)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                      "model, name or index is NULL");
  const auto &inputs = model->signature.inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].name == name) {
      *index = i;
      return nullptr;
    }
  }
  try {
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                      "the model has no input named '" + std::string(name) +
                          "'");
  } catch (...) {
    return outOfMemoryStatus();
  }
}

} // extern "C"
