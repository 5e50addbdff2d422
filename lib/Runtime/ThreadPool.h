//===- ThreadPool.h - The runtime's worker threads --------------*- C++ -*-===//
//
// Private to lib/Runtime (and its tests). One pool per process runs the
// parallel loops of generated code (onnxc_model_exec in ModelABI.h).
//
// - Its size is onnxc_set_num_threads(), else $ONNXC_NUM_THREADS (read
//   once), else the number of CPUs the process may run on
//   (sched_getaffinity). The calling thread counts as one of them, so a pool
//   of size N starts N - 1 workers, on the first loop that needs them; they
//   live until the size changes or the runtime is unloaded.
// - parallelFor splits [0, count) into one contiguous chunk per thread (the
//   caller runs the first) and returns when all are done.
// - One loop at a time: a caller that finds the pool busy (another
//   application thread's run, or a loop started from inside a chunk) runs
//   its whole loop serially instead of waiting, so concurrent runs never
//   deadlock and never wait on each other.
// - A child process made by fork() gets a fresh pool; the parent's workers
//   do not exist there.
// - No thread is pinned: a worker only steps off the CPU of the thread that
//   created it, or that woke it from sleep, when it finds itself there, and
//   may then run on any CPU the process may.
//
//===----------------------------------------------------------------------===//
#ifndef ONNXC_LIB_RUNTIME_THREADPOOL_H
#define ONNXC_LIB_RUNTIME_THREADPOOL_H

#include <cstdint>

namespace onnxc::runtime {

/// A loop body of generated code: runs iterations [begin, end).
using ParallelBody = void (*)(void *context, int64_t begin, int64_t end);

/// Largest pool size onnxc_set_num_threads and $ONNXC_NUM_THREADS accept.
constexpr int32_t kMaxThreads = 1024;

/// Runs body(context, b, e) over chunks that cover [0, count) exactly once.
void parallelFor(int64_t count, ParallelBody body, void *context);

/// The pool's size: 1 means every loop runs on the calling thread.
int32_t getNumThreads();

/// Sets the pool's size (1..kMaxThreads), or restores the default with 0.
/// Waits for a loop in flight to finish. False for a size out of range.
bool setNumThreads(int32_t numThreads);

/// The size the pool has without onnxc_set_num_threads: $ONNXC_NUM_THREADS
/// when it is an integer in 1..kMaxThreads, else the CPUs available.
int32_t getDefaultNumThreads();

/// For tests: `observer(data, begin, end)` is called by each thread that
/// runs a chunk, just before it runs it (null to stop observing).
using ChunkObserver = void (*)(void *data, int64_t begin, int64_t end);
void setChunkObserver(ChunkObserver observer, void *data);

} // namespace onnxc::runtime

#endif // ONNXC_LIB_RUNTIME_THREADPOOL_H
