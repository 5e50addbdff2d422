//===- concurrent_runs.cpp - One compiled model, many threads at once -----===//
//
//   concurrent-runs MODEL.so IN.pb... [--invalid BAD.pb...]
//
// Runs MODEL once on IN (the reference), then from 8 threads 100 times each,
// and requires every output to be bitwise identical to the reference. With
// --invalid, the odd-numbered threads run on BAD instead, which must fail
// with ONNXC_ERR_INVALID_DATA every time, while the even ones still match:
// a failed run-time check of one thread never shows in another's run.
// Exit status 0 when all agree.
//
//===----------------------------------------------------------------------===//
#include "onnxc/Runtime/onnxc_runtime.h"
#include "onnxc/TensorIO/TensorIO.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace onnxc::tensorio;

namespace {

constexpr int kThreads = 8, kRuns = 100;

struct ModelDeleter {
  void operator()(onnxc_model *model) const { onnxc_model_free(model); }
};

std::vector<TensorPtr> readInputs(const std::vector<std::string> &paths,
                                  bool &ok) {
  std::vector<TensorPtr> tensors;
  for (const std::string &path : paths) {
    TensorPtr tensor;
    if (StatusPtr status = readTensorFile(path, tensor)) {
      std::fprintf(stderr, "%s\n", onnxc_status_message(status.get()));
      ok = false;
    }
    tensors.push_back(std::move(tensor));
  }
  return tensors;
}

/// Runs `model` on `inputs`; the outputs' bytes, or the status on failure.
StatusPtr run(const onnxc_model *model, const std::vector<TensorPtr> &inputs,
              std::vector<std::string> &outputs) {
  std::vector<const onnxc_tensor *> raw;
  for (const TensorPtr &tensor : inputs)
    raw.push_back(tensor.get());
  std::vector<onnxc_tensor *> results(onnxc_model_num_outputs(model));
  StatusPtr status(onnxc_model_run(model, raw.data(), raw.size(),
                                   results.data(), results.size()));
  outputs.clear();
  for (onnxc_tensor *result : results) {
    if (!result)
      continue;
    outputs.emplace_back(static_cast<const char *>(onnxc_tensor_data(result)),
                         onnxc_tensor_nbytes(result));
    onnxc_tensor_free(result);
  }
  return status;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: concurrent-runs MODEL.so IN.pb... [--invalid BAD.pb...]\n");
    return 2;
  }
  std::vector<std::string> goodPaths, badPaths;
  bool invalid = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--invalid") == 0)
      invalid = true;
    else
      (invalid ? badPaths : goodPaths).push_back(argv[i]);
  }
  onnxc_model *rawModel = nullptr;
  if (StatusPtr status{onnxc_model_load(argv[1], &rawModel)}) {
    std::fprintf(stderr, "%s\n", onnxc_status_message(status.get()));
    return 2;
  }
  std::unique_ptr<onnxc_model, ModelDeleter> model(rawModel);
  bool ok = true;
  std::vector<TensorPtr> good = readInputs(goodPaths, ok);
  std::vector<TensorPtr> bad = readInputs(badPaths, ok);
  if (!ok)
    return 2;

  std::vector<std::string> reference;
  if (StatusPtr status = run(model.get(), good, reference)) {
    std::fprintf(stderr, "reference run: %s\n",
                 onnxc_status_message(status.get()));
    return 1;
  }

  std::atomic<int> mismatches{0}, unexpectedErrors{0}, missingErrors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    bool runsBad = !bad.empty() && t % 2 == 1;
    threads.emplace_back([&, runsBad] {
      std::vector<std::string> outputs;
      for (int r = 0; r < kRuns; ++r) {
        StatusPtr status = run(model.get(), runsBad ? bad : good, outputs);
        if (runsBad) {
          if (onnxc_status_code(status.get()) != ONNXC_ERR_INVALID_DATA ||
              !outputs.empty())
            ++missingErrors;
        } else if (status) {
          ++unexpectedErrors;
        } else if (outputs != reference) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  std::printf("%d threads x %d runs: %d outputs differ from the reference, "
              "%d unexpected errors, %d invalid runs not refused\n",
              kThreads, kRuns, mismatches.load(), unexpectedErrors.load(),
              missingErrors.load());
  return mismatches || unexpectedErrors || missingErrors ? 1 : 0;
}
