//===- ThreadPool.cpp - The runtime's worker threads ----------------------===//
//
// A fixed set of workers. A loop is posted as a new generation of `job`;
// worker k runs chunk k when there is one and reports back through
// `pending`. Waiting threads spin for a while before they sleep on a
// condition variable, since the loops of one run follow each other closely
// and a wake-up from sleep costs tens of microseconds.
// ThreadPool.h states the policies.
//
//===----------------------------------------------------------------------===//
#include "ThreadPool.h"

#include "RuntimeInternal.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

using namespace onnxc::runtime;

namespace {

/// How long a waiting thread polls before it sleeps: long enough to bridge
/// the serial work between the parallel loops of one run (a MobileNet at 2
/// threads ran 1.7x slower with 10 us, its workers asleep at every loop),
/// short enough that idle workers soon stop taking CPU time.
constexpr std::chrono::microseconds kSpinTime{300};

void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Polls `ready()` for up to kSpinTime; whether it became ready. Between
/// polls the thread yields its CPU to any thread waiting for it: a new
/// worker often starts on its caller's CPU, and a caller that only polled
/// kept the worker it waited for off that CPU until the scheduler moved one
/// of them (a 256x256x256 MatMul at 2 threads then took 0.9 ms instead of
/// 0.15, in about one short run in four).
template <typename Ready> bool spinUntil(Ready ready) {
  auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < 32; ++i) {
      if (ready())
        return true;
      pause();
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return ready();
    sched_yield();
  }
}

/// Locks `mutex`, which every thread holds only for a few loads and stores.
/// Polling keeps the thread on its CPU: blocked, it slept until the other
/// thread unlocked, whose wake-up moved it onto that thread's CPU, where
/// caller and worker then took turns for the rest of a short run.
std::unique_lock<std::mutex> lockBriefly(std::mutex &mutex) {
  for (int polls = 1; !mutex.try_lock(); ++polls) {
    if (polls % 32 == 0)
      sched_yield();
    else
      pause();
  }
  return std::unique_lock<std::mutex>(mutex, std::adopt_lock);
}

/// Moves the calling thread off `cpu`, when it may run elsewhere, and then
/// lets it run anywhere it could before. Linux starts a new thread on its
/// creator's CPU, and may wake a sleeping one on the CPU of the thread that
/// woke it: `perf sched` showed a worker and its caller taking turns on one
/// CPU while the other idled, until Linux next balanced its CPUs, after
/// short runs had ended.
void leaveCPU(int cpu) {
  cpu_set_t allowed;
  if (cpu < 0 || cpu >= CPU_SETSIZE ||
      pthread_getaffinity_np(pthread_self(), sizeof allowed, &allowed) != 0 ||
      !CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2)
    return;
  cpu_set_t others = allowed;
  CPU_CLR(cpu, &others);
  if (pthread_setaffinity_np(pthread_self(), sizeof others, &others) == 0)
    pthread_setaffinity_np(pthread_self(), sizeof allowed, &allowed);
}

std::atomic<ChunkObserver> chunkObserver{nullptr};
std::atomic<void *> chunkObserverData{nullptr};

struct Job {
  ParallelBody body = nullptr;
  void *context = nullptr;
  int64_t count = 0;
  int32_t numChunks = 0;
  /// The CPU of the thread that posted the loop.
  int callerCPU = -1;
};

/// Chunk `index` of `numChunks` near-equal contiguous chunks of [0, count);
/// the first `count % numChunks` chunks are one iteration longer.
void runChunk(const Job &job, int32_t index) {
  int64_t base = job.count / job.numChunks, extra = job.count % job.numChunks;
  int64_t begin = index * base + std::min<int64_t>(index, extra);
  int64_t end = begin + base + (index < extra ? 1 : 0);
  if (ChunkObserver observer = chunkObserver.load(std::memory_order_acquire))
    observer(chunkObserverData.load(std::memory_order_acquire), begin, end);
  job.body(job.context, begin, end);
}

class Pool {
public:
  explicit Pool(int32_t size) : size(size) {}
  Pool(const Pool &) = delete;
  Pool &operator=(const Pool &) = delete;
  ~Pool() { stopWorkers(); }

  /// Held by the loop in flight and by a resize.
  std::mutex busy;
  std::atomic<int32_t> size;

  /// Runs a loop; the caller holds `busy`.
  void run(int64_t count, ParallelBody body, void *context) {
    Job posted;
    posted.body = body;
    posted.context = context;
    posted.count = count;
    posted.callerCPU = sched_getcpu();
    posted.numChunks =
        static_cast<int32_t>(std::min<int64_t>(size.load(), count));
    if (posted.numChunks <= 1 || !startWorkers()) {
      posted.numChunks = 1;
      runChunk(posted, 0);
      return;
    }
    {
      std::unique_lock<std::mutex> lock = lockBriefly(mutex);
      job = posted;
      pending.store(posted.numChunks - 1, std::memory_order_relaxed);
      generation.fetch_add(1, std::memory_order_release);
    }
    wake.notify_all();
    runChunk(posted, 0);
    auto finished = [&] {
      return pending.load(std::memory_order_acquire) == 0;
    };
    if (spinUntil(finished))
      return;
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, finished);
  }

  /// Joins every worker; the caller holds `busy` (or is the destructor).
  void stopWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping.store(true);
    }
    wake.notify_all();
    for (std::thread &worker : workers)
      worker.join();
    workers.clear();
    stopping.store(false);
  }

private:
  /// Makes sure size - 1 workers run; false when threads cannot be created
  /// (the loop then runs serially).
  bool startWorkers() {
    size_t wanted = static_cast<size_t>(size.load()) - 1;
    if (workers.size() == wanted)
      return true;
    stopWorkers();
    uint64_t current = generation.load();
    int creatorCPU = sched_getcpu();
    try {
      workers.reserve(wanted);
      for (size_t k = 1; k <= wanted; ++k)
        workers.emplace_back(&Pool::workerMain, this,
                             static_cast<int32_t>(k), current, creatorCPU);
    } catch (...) {
      stopWorkers();
      return false;
    }
    return true;
  }

  void workerMain(int32_t index, uint64_t seen, int creatorCPU) {
    leaveCPU(creatorCPU);
    for (;;) {
      auto posted = [&] {
        return stopping.load(std::memory_order_relaxed) ||
               generation.load(std::memory_order_acquire) != seen;
      };
      Job current;
      bool spun = spinUntil(posted);
      {
        std::unique_lock<std::mutex> lock =
            spun ? lockBriefly(mutex) : std::unique_lock<std::mutex>(mutex);
        if (!spun)
          wake.wait(lock, posted);
        if (stopping.load())
          return;
        // Under the mutex: a worker without a chunk may lag behind, and the
        // next loop may be posting `job` meanwhile.
        seen = generation.load();
        current = job;
      }
      // A loop completes only after each of its chunks, so a worker with a
      // chunk cannot miss its generation; others may skip generations.
      if (index >= current.numChunks)
        continue;
      // Woken from sleep, Linux may have moved the worker onto the CPU of
      // the caller that woke it.
      if (!spun && sched_getcpu() == current.callerCPU)
        leaveCPU(current.callerCPU);
      runChunk(current, index);
      if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        // Under the mutex, so that the caller cannot miss the notification
        // between testing `pending` and sleeping.
        std::unique_lock<std::mutex> lock = lockBriefly(mutex);
        done.notify_one();
      }
    }
  }

  std::vector<std::thread> workers;
  /// Guards `job`, and the changes of `generation` and `stopping` (read
  /// without it while spinning).
  std::mutex mutex;
  std::condition_variable wake, done;
  std::atomic<uint64_t> generation{0};
  Job job;
  /// Chunks of the posted loop that workers have yet to finish.
  std::atomic<int32_t> pending{0};
  std::atomic<bool> stopping{false};
};

void resetAfterFork();

/// Owns the process's pool; its destructor (at exit, or when the runtime is
/// unloaded) joins the workers.
struct PoolHolder {
  PoolHolder() : pool(new Pool(getDefaultNumThreads())) {
    pthread_atfork(nullptr, nullptr, resetAfterFork);
  }
  ~PoolHolder() { delete pool; }
  Pool *pool;
};

PoolHolder &holder() {
  static PoolHolder instance;
  return instance;
}

/// In a child of fork() only the forking thread exists: the parent's pool,
/// whose workers are gone and whose mutexes may be held, is abandoned
/// (never touched, never freed) for a fresh one of the same size.
void resetAfterFork() {
  PoolHolder &h = holder();
  h.pool = new Pool(h.pool->size.load());
}

int32_t parseNumThreads(const char *text) {
  if (!text || !*text)
    return 0;
  char *end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < 1 || value > kMaxThreads)
    return 0;
  return static_cast<int32_t>(value);
}

int32_t countAvailableCPUs() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0)
      return std::min<int32_t>(count, kMaxThreads);
  }
  // More CPUs than a cpu_set_t holds, or no affinity support.
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware ? static_cast<int32_t>(
                        std::min<unsigned>(hardware, kMaxThreads))
                  : 1;
}

} // namespace

int32_t onnxc::runtime::getDefaultNumThreads() {
  static const int32_t value = [] {
    int32_t fromEnvironment = parseNumThreads(std::getenv("ONNXC_NUM_THREADS"));
    return fromEnvironment ? fromEnvironment : countAvailableCPUs();
  }();
  return value;
}

void onnxc::runtime::parallelFor(int64_t count, ParallelBody body,
                                 void *context) {
  if (count <= 0)
    return;
  Pool &pool = *holder().pool;
  std::unique_lock<std::mutex> lock(pool.busy, std::try_to_lock);
  if (!lock.owns_lock()) {
    Job serial;
    serial.body = body;
    serial.context = context;
    serial.count = count;
    serial.numChunks = 1;
    runChunk(serial, 0);
    return;
  }
  pool.run(count, body, context);
}

int32_t onnxc::runtime::getNumThreads() { return holder().pool->size.load(); }

bool onnxc::runtime::setNumThreads(int32_t numThreads) {
  if (numThreads < 0 || numThreads > kMaxThreads)
    return false;
  if (numThreads == 0)
    numThreads = getDefaultNumThreads();
  Pool &pool = *holder().pool;
  std::lock_guard<std::mutex> lock(pool.busy);
  if (pool.size.load() != numThreads) {
    pool.stopWorkers();
    pool.size.store(numThreads);
  }
  return true;
}

void onnxc::runtime::setChunkObserver(ChunkObserver observer, void *data) {
  chunkObserverData.store(data, std::memory_order_release);
  chunkObserver.store(observer, std::memory_order_release);
}

extern "C" {

int32_t onnxc_get_num_threads(void) { return getNumThreads(); }

onnxc_status *onnxc_set_num_threads(int32_t num_threads) {
  try {
    if (!setNumThreads(num_threads))
      return makeStatus(ONNXC_ERR_INVALID_ARGUMENT,
                        "the number of threads must lie in [0, " +
                            std::to_string(kMaxThreads) + "] (0: default), not " +
                            std::to_string(num_threads));
    return nullptr;
  } catch (...) {
    return outOfMemoryStatus();
  }
}

} // extern "C"
