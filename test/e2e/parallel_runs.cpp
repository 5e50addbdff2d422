//===- parallel_runs.cpp - A model's parallel loops on the thread pool ----===//
//
//   parallel-runs MODEL.so INPUT.bin EXPECTED.bin THREADS OUT.bin
//
// MODEL has parallel loops (compiled with --test-parallel-tiles), one float
// input of static shape and one float output; the .bin files hold raw
// float32 data. ctest runs it with ONNXC_NUM_THREADS=THREADS. It checks that
//  - the pool has THREADS threads (the environment variable was read);
//  - a run matches EXPECTED within 1e-5, and its parallel loops' chunks ran
//    on exactly min(THREADS, chunks) distinct threads, counted by the
//    runtime's chunk observer in the threads that ran them;
//  - runs with onnxc_set_num_threads(1), then THREADS again, give the same
//    bytes, on 1 and THREADS threads respectively;
// and writes the output's bytes to OUT.bin, which ctest compares between
// THREADS=1 and THREADS=2. Exit status 0 when all hold.
//
// Linked with the static runtime: the chunk observer is internal.
//
//===----------------------------------------------------------------------===//
#include "ThreadPool.h"

#include "onnxc/Runtime/onnxc_runtime.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

/// The threads that ran chunks, and how many chunks ran.
struct Observed {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  size_t chunks = 0;

  static void observe(void *data, int64_t, int64_t) {
    auto *self = static_cast<Observed *>(data);
    std::lock_guard<std::mutex> lock(self->mutex);
    self->threads.insert(std::this_thread::get_id());
    ++self->chunks;
  }
};

bool readFile(const char *path, std::string &bytes) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(file), {});
  return true;
}

bool check(onnxc_status *status, const char *what) {
  if (!status)
    return true;
  std::fprintf(stderr, "%s: %s\n", what, onnxc_status_message(status));
  onnxc_status_free(status);
  return false;
}

/// Runs `model` on `input`; the output's bytes and who ran the chunks.
bool run(onnxc_model *model, onnxc_tensor *input, std::string &output,
         Observed &observed) {
  onnxc::runtime::setChunkObserver(Observed::observe, &observed);
  onnxc_tensor *result = nullptr;
  bool ok = check(onnxc_model_run(model, &input, 1, &result, 1), "run");
  onnxc::runtime::setChunkObserver(nullptr, nullptr);
  if (!ok)
    return false;
  output.assign(static_cast<const char *>(onnxc_tensor_data(result)),
                onnxc_tensor_nbytes(result));
  onnxc_tensor_free(result);
  return true;
}

/// Whether the run's loops were split over `threads` threads, the caller
/// among them.
bool ranOn(const Observed &observed, int32_t threads, const char *what) {
  std::printf("%s: %zu chunks on %zu threads\n", what, observed.chunks,
              observed.threads.size());
  if (observed.chunks == 0) {
    std::fprintf(stderr, "%s: the model ran no parallel loop\n", what);
    return false;
  }
  if (observed.threads.size() != static_cast<size_t>(threads) ||
      !observed.threads.count(std::this_thread::get_id())) {
    std::fprintf(stderr, "%s: expected chunks on %d threads, the caller's "
                         "included\n", what, threads);
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: parallel-runs MODEL.so INPUT.bin "
                         "EXPECTED.bin THREADS OUT.bin\n");
    return 2;
  }
  int32_t threads = std::atoi(argv[4]);
  if (onnxc_get_num_threads() != threads) {
    std::fprintf(stderr, "the pool has %d threads, ONNXC_NUM_THREADS asked "
                         "for %d\n", onnxc_get_num_threads(), threads);
    return 1;
  }

  onnxc_model *model = nullptr;
  if (!check(onnxc_model_load(argv[1], &model), argv[1]))
    return 1;
  onnxc_tensor_info info;
  std::string inputBytes, expectedBytes;
  if (!check(onnxc_model_input_info(model, 0, &info), "input") ||
      !readFile(argv[2], inputBytes) || !readFile(argv[3], expectedBytes))
    return 1;
  onnxc_tensor *input = nullptr;
  if (!check(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, info.rank, info.dims,
                               inputBytes.data(), inputBytes.size(), &input),
             "input"))
    return 1;

  bool ok = true;
  std::string output;
  {
    Observed observed;
    ok = run(model, input, output, observed) &&
         ranOn(observed, threads, "ONNXC_NUM_THREADS");
  }
  if (ok) {
    if (output.size() != expectedBytes.size()) {
      std::fprintf(stderr, "the output has %zu bytes, expected %zu\n",
                   output.size(), expectedBytes.size());
      ok = false;
    }
    std::vector<float> got(output.size() / 4), want(got.size());
    std::memcpy(got.data(), output.data(), got.size() * 4);
    std::memcpy(want.data(), expectedBytes.data(), want.size() * 4);
    for (size_t i = 0; ok && i < got.size(); ++i)
      if (!(std::fabs(got[i] - want[i]) <= 1e-5f + 1e-5f * std::fabs(want[i]))) {
        std::fprintf(stderr, "output[%zu] is %g, expected %g\n", i, got[i],
                     want[i]);
        ok = false;
      }
  }
  // The same bytes on one thread and on `threads` threads again.
  for (int32_t size : {1, threads}) {
    if (!ok)
      break;
    std::string again;
    Observed observed;
    std::string what = "onnxc_set_num_threads(" + std::to_string(size) + ")";
    ok = check(onnxc_set_num_threads(size), what.c_str()) &&
         run(model, input, again, observed) &&
         ranOn(observed, size, what.c_str());
    if (ok && again != output) {
      std::fprintf(stderr, "%s: the output differs\n", what.c_str());
      ok = false;
    }
  }
  if (ok) {
    std::ofstream out(argv[5], std::ios::binary);
    out.write(output.data(), output.size());
    ok = static_cast<bool>(out);
  }
  onnxc_tensor_free(input);
  onnxc_model_free(model);
  std::printf("%s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}
