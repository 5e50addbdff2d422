//===- Run.cpp - Checking inputs and running a model ----------------------===//
//
// onnxc_model_run checks the caller's tensors against the signature, builds
// the MLIR memref descriptors that ModelABI.h specifies, calls the generated
// run function and adopts the buffers it returns. All state lives on the
// stack of the call, so one model can run on many threads at once.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"
#include "ThreadPool.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace onnxc::runtime;

// ModelABI.h lays descriptors out as 8-byte fields (24 + 16 * rank bytes).
static_assert(sizeof(void *) == sizeof(int64_t),
              "the memref descriptor layout assumes 64-bit pointers");

namespace {

void runParallelLoop(void *, int64_t count, onnxc_parallel_body body,
                     void *context) {
  parallelFor(count, body, context);
}

void *allocate(void *, uint64_t size) {
  return size > SIZE_MAX ? nullptr : allocateBuffer(static_cast<size_t>(size));
}

void release(void *, void *pointer) { releaseBuffer(pointer); }

/// What every run gets: the process's thread pool and buffer cache, which
/// are global, so the pool pointer is unused.
const onnxc_model_exec kExec = {nullptr, runParallelLoop, allocate, release};

/// Words (int64) in the memref descriptor of a rank-`rank` memref.
size_t descriptorWords(size_t rank) { return 3 + 2 * rank; }

std::string formatShape(const TensorSignature &tensor) {
  std::string text = "[";
  for (size_t i = 0; i < tensor.dims.size(); ++i) {
    if (i)
      text += ",";
    text += tensor.dims[i] >= 0 ? std::to_string(tensor.dims[i])
                                : "?" + tensor.dimNames[i];
  }
  return text + "]";
}

std::string describeInput(const ModelSignature &signature, size_t index) {
  return "input '" + signature.inputs[index].name + "' (#" +
         std::to_string(index) + ")";
}

/// Where a symbolic size got its value, to explain a conflict.
struct SymbolBinding {
  int64_t value = -1;
  size_t input = 0;
  size_t dim = 0;
};

onnxc_status *checkInputs(const ModelSignature &signature,
                          const onnxc_tensor *const *inputs) {
  std::vector<SymbolBinding> bindings(signature.inputSymbols.size());
  for (size_t i = 0; i < signature.inputs.size(); ++i) {
    const TensorSignature &expected = signature.inputs[i];
    const onnxc_tensor *tensor = inputs[i];
    if (!tensor)
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        describeInput(signature, i) + " is NULL");
    if (tensor->dtype != expected.dtype)
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        describeInput(signature, i) + ": dtype is " +
                            onnxc_dtype_name(tensor->dtype) +
                            ", but the model expects " +
                            onnxc_dtype_name(expected.dtype));
    if (tensor->dims.size() != expected.dims.size())
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        describeInput(signature, i) + ": rank is " +
                            std::to_string(tensor->dims.size()) +
                            ", but the model expects " +
                            std::to_string(expected.dims.size()) + " " +
                            formatShape(expected));
    for (size_t d = 0; d < expected.dims.size(); ++d) {
      int64_t size = tensor->dims[d];
      if (expected.dims[d] >= 0 && size != expected.dims[d])
        return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                          describeInput(signature, i) + ": dimension " +
                              std::to_string(d) + " is " +
                              std::to_string(size) + ", but the model expects " +
                              std::to_string(expected.dims[d]) + " (shape " +
                              formatShape(expected) + ")");
      int32_t symbol = expected.symbolIds[d];
      if (symbol < 0)
        continue;
      SymbolBinding &binding = bindings[symbol];
      if (binding.value < 0) {
        binding = {size, i, d};
      } else if (binding.value != size) {
        return makeStatus(
            ONNXC_ERR_INVALID_ARGUMENT,
            describeInput(signature, i) + ": dimension " + std::to_string(d) +
                " is " + std::to_string(size) + ", but symbolic dimension '" +
                expected.dimNames[d] + "' is " + std::to_string(binding.value) +
                " in " + describeInput(signature, binding.input) +
                " dimension " + std::to_string(binding.dim));
      }
    }
  }
  return nullptr;
}

/// Writes the descriptor of a dense row-major tensor.
void writeDescriptor(const onnxc_tensor &tensor, int64_t *words) {
  size_t rank = tensor.dims.size();
  std::memcpy(&words[0], &tensor.data, sizeof(void *));
  std::memcpy(&words[1], &tensor.data, sizeof(void *));
  words[2] = 0;
  int64_t stride = 1;
  for (size_t d = rank; d-- > 0;) {
    words[3 + d] = tensor.dims[d];
    words[3 + rank + d] = stride;
    stride *= tensor.dims[d];
  }
}

/// One output as generated code returned it.
struct RawOutput {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  const int64_t *sizes = nullptr;
  const int64_t *strides = nullptr;
};

RawOutput readDescriptor(const int64_t *words, size_t rank) {
  RawOutput raw;
  std::memcpy(&raw.allocated, &words[0], sizeof(void *));
  std::memcpy(&raw.aligned, &words[1], sizeof(void *));
  raw.offset = words[2];
  raw.sizes = words + 3;
  raw.strides = words + 3 + rank;
  return raw;
}

/// Checks that generated code kept the output contract of ModelABI.h;
/// returns an empty string when it did.
std::string checkOutput(const TensorSignature &expected, const RawOutput &raw) {
  size_t rank = expected.dims.size();
  std::string where = "output '" + expected.name + "'";
  size_t numElements = 0, nbytes = 0;
  std::string error;
  if (!computeSizes(expected.dtype, static_cast<int32_t>(rank), raw.sizes,
                    numElements, nbytes, error))
    return where + ": " + error;
  for (size_t d = 0; d < rank; ++d)
    if (expected.dims[d] >= 0 && raw.sizes[d] != expected.dims[d])
      return where + ": dimension " + std::to_string(d) + " is " +
             std::to_string(raw.sizes[d]) + ", but the signature declares " +
             std::to_string(expected.dims[d]);
  if (numElements == 0)
    return "";
  if (!raw.aligned || raw.offset < 0)
    return where + ": the buffer is NULL or its offset is negative";
  int64_t stride = 1;
  for (size_t d = rank; d-- > 0;) {
    if (raw.sizes[d] != 1 && raw.strides[d] != stride)
      return where + ": the buffer is not row-major (stride " +
             std::to_string(d) + " is " + std::to_string(raw.strides[d]) +
             ", expected " + std::to_string(stride) + ")";
    stride *= raw.sizes[d];
  }
  return "";
}

/// Runs the model and adopts its outputs into `outputs` (all non-null on
/// success). Frees every buffer the model returned on failure.
onnxc_status *runChecked(const onnxc_model &model,
                         const onnxc_tensor *const *inputs,
                         onnxc_tensor **outputs) {
  const ModelSignature &signature = model.signature;
  if (onnxc_status *st = checkInputs(signature, inputs))
    return st;

  size_t inputWords = 0, outputWords = 0;
  for (const TensorSignature &t : signature.inputs)
    inputWords += descriptorWords(t.dims.size());
  for (const TensorSignature &t : signature.outputs)
    outputWords += descriptorWords(t.dims.size());
  std::vector<int64_t> inputDescriptors(inputWords);
  std::vector<void *> inputPointers(signature.inputs.size());
  // At least one word, so that `results` is a valid pointer even without
  // outputs.
  std::vector<int64_t> results(outputWords + 1, 0);
  size_t offset = 0;
  for (size_t i = 0; i < signature.inputs.size(); ++i) {
    inputPointers[i] = &inputDescriptors[offset];
    writeDescriptor(*inputs[i], &inputDescriptors[offset]);
    offset += descriptorWords(inputs[i]->dims.size());
  }

  // Everything the outputs need is allocated before the call, so that no
  // allocation failure can strand the buffers the model returns.
  std::vector<RawOutput> raws(signature.outputs.size());
  std::vector<void *> toFree(raws.size(), nullptr);
  std::vector<void *> inputBuffers;
  inputBuffers.reserve(signature.inputs.size());
  for (size_t i = 0; i < signature.inputs.size(); ++i)
    if (inputs[i]->data)
      inputBuffers.push_back(inputs[i]->data);

  const char *runError = nullptr;
  int32_t rc =
      model.abi->run(inputPointers.data(), results.data(), &runError, &kExec);
  if (rc != 0 && rc != ONNXC_MODEL_RUN_INVALID_DATA)
    // ModelABI.h leaves the outputs of such a failure unspecified, so they
    // are neither read nor freed.
    return makeStatus(ONNXC_ERR_RUN, "the model's run function failed (code " +
                                         std::to_string(rc) + ")");

  offset = 0;
  for (size_t k = 0; k < raws.size(); ++k) {
    size_t rank = signature.outputs[k].dims.size();
    raws[k] = readDescriptor(&results[offset], rank);
    offset += descriptorWords(rank);
  }

  // Each distinct buffer is freed exactly once, and never one that belongs
  // to the caller's inputs.
  auto contains = [](const std::vector<void *> &list, size_t count, void *p) {
    return std::find(list.begin(), list.begin() + count, p) !=
           list.begin() + count;
  };
  size_t firstAliased = raws.size();
  for (size_t k = 0; k < raws.size(); ++k) {
    void *allocated = raws[k].allocated;
    if (!allocated)
      continue;
    // MLIR lowers memref.get_global to a descriptor whose allocated
    // pointer is 0xdeadbeef; a model that returns a constant that way has
    // no buffer to free.
    if (allocated == reinterpret_cast<void *>(uintptr_t(0xdeadbeef)) ||
        contains(inputBuffers, inputBuffers.size(), allocated) ||
        contains(inputBuffers, inputBuffers.size(), raws[k].aligned) ||
        contains(toFree, k, allocated)) {
      firstAliased = std::min(firstAliased, k);
      continue;
    }
    toFree[k] = allocated;
  }

  size_t adopted = 0;
  onnxc_status *status = nullptr;
  try {
    std::string error;
    if (firstAliased < raws.size())
      error = "output '" + signature.outputs[firstAliased].name +
              "' does not have a fresh buffer of its own";
    for (size_t k = 0; k < raws.size() && error.empty(); ++k)
      error = checkOutput(signature.outputs[k], raws[k]);
    if (!error.empty())
      status = makeStatus(ONNXC_ERR_RUN,
                          "the model broke the output contract: " + error);
  } catch (...) {
    status = outOfMemoryStatus();
  }
  for (; !status && adopted < raws.size(); ++adopted) {
    const TensorSignature &t = signature.outputs[adopted];
    const RawOutput &raw = raws[adopted];
    void *data = raw.aligned ? static_cast<char *>(raw.aligned) +
                                   raw.offset * onnxc_dtype_size(t.dtype)
                             : nullptr;
    status = adoptBuffer(t.dtype, static_cast<int32_t>(t.dims.size()),
                         raw.sizes, toFree[adopted], data, &outputs[adopted]);
    if (status)
      break;
  }
  // The outputs of a run with invalid input data are complete, so they are
  // adopted like any others, then freed.
  if (!status && rc == ONNXC_MODEL_RUN_INVALID_DATA)
    status = makeStatus(ONNXC_ERR_INVALID_DATA,
                        runError ? runError
                                 : "the model found invalid input values");
  if (!status)
    return nullptr;
  for (size_t k = 0; k < raws.size(); ++k) {
    if (k < adopted) {
      onnxc_tensor_free(outputs[k]);
      outputs[k] = nullptr;
    } else {
      releaseBuffer(toFree[k]);
    }
  }
  return status;
}

} // namespace

extern "C" onnxc_status *onnxc_model_run(const onnxc_model *model,
                                         const onnxc_tensor *const *inputs,
                                         size_t num_inputs,
                                         onnxc_tensor **outputs,
                                         size_t num_outputs) {
  if (!model)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "model is NULL");
  if (num_outputs > 0 && !outputs)
    return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "outputs is NULL");
  for (size_t k = 0; k < num_outputs; ++k)
    outputs[k] = nullptr;
  try {
    const ModelSignature &signature = model->signature;
    if (num_inputs != signature.inputs.size())
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        "the model takes " +
                            std::to_string(signature.inputs.size()) +
                            " inputs, but " + std::to_string(num_inputs) +
                            " were given");
    if (num_outputs != signature.outputs.size())
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        "the model produces " +
                            std::to_string(signature.outputs.size()) +
                            " outputs, but room for " +
                            std::to_string(num_outputs) + " was given");
    if (num_inputs > 0 && !inputs)
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT, "inputs is NULL");
    return runChecked(*model, inputs, outputs);
  } catch (...) {
    return outOfMemoryStatus();
  }
}
